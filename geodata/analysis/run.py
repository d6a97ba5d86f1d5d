"""Run an :class:`~geodata.analysis.spec.AnalysisSpec`: read the store, then compute.

:func:`read_inputs` is the only part that touches the store; it passes every
frame through :func:`geodata.display.prepare_for_display` for the viewer's role
*before* anything is computed, so no result (distance, coverage, area, count) can
say more than the viewer may see. :func:`analyse` is pure: frames in, a result out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.analysis.coverage import (
    CoverageSummary,
    by_banner,
    coverage,
    summarize,
    uncovered_area,
)
from geodata.analysis.projection import to_metres
from geodata.analysis.scorecard import Progress, progress, scorecard
from geodata.analysis.sites import SiteChoice, choose_sites
from geodata.analysis.spec import ANALYSIS_LAYERS, AnalysisSpec
from geodata.catalog import BANNERS, get_layer
from geodata.display import audience_for, prepare_for_display
from geodata.query import LayerQuery
from geodata.storage.base import Store

#: Columns the scorecard reads from each layer (and the display policy needs).
_SCORE_COLUMNS = ("banner", "status", "year", "funding_wan", "sensitivity")


@dataclass(frozen=True, eq=False)
class Inputs:
    """The frames an analysis works on, as the viewer may see them (EPSG:4326)."""

    places: gpd.GeoDataFrame
    facilities: gpd.GeoDataFrame  # every feature of the facility layer
    admin: gpd.GeoDataFrame
    layers: dict[str, pd.DataFrame]  # scorecard columns of every analysis layer
    versions: dict[str, int]
    audience: str = "public"  # whom the frames were prepared for


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Everything an analysis view shows; see :func:`analyse`."""

    spec: AnalysisSpec
    admin: gpd.GeoDataFrame  # the banners in scope
    places: gpd.GeoDataFrame
    facilities: gpd.GeoDataFrame
    candidates: gpd.GeoDataFrame
    summary: CoverageSummary
    uncovered: gpd.GeoDataFrame
    choice: SiteChoice | None
    after: CoverageSummary | None
    uncovered_after: gpd.GeoDataFrame | None
    banners: pd.DataFrame
    scorecard: pd.DataFrame
    progress: Progress
    versions: dict[str, int]
    audience: str = "public"  # whom it was computed for (``geodata.display``)

    @property
    def chosen(self) -> gpd.GeoDataFrame:
        """The chosen candidate sites, in the order they were picked."""
        if self.choice is None:
            return self.candidates.iloc[0:0]
        return self.candidates.loc[self.choice.chosen]


#: ``reader(layer_id, query, columns)``: how layers are read (the dashboard passes
#: its per-version cache). Frames it returns are never modified.
Reader = Callable[[str, LayerQuery | None, tuple[str, ...] | None], gpd.GeoDataFrame]


def read_inputs(
    store: Store,
    spec: AnalysisSpec,
    role: str = "public",
    reader: Reader | None = None,
) -> Inputs:
    """The spec's layers from ``store`` (or ``reader``), each as ``role`` sees it."""

    def read(
        layer_id: str,
        query: LayerQuery | None = None,
        columns: tuple[str, ...] | None = None,
    ) -> gpd.GeoDataFrame:
        if reader is None:
            frame = store.read_layer(layer_id, query, columns=columns)
        else:
            frame = reader(layer_id, query, columns)
        return prepare_for_display(frame, get_layer(layer_id), role)

    places = read(spec.places, query=LayerQuery(banners=spec.banners))
    facilities = read(spec.facilities)
    layers = {
        lid: places if lid == spec.places else read(lid, columns=_SCORE_COLUMNS)
        for lid in ANALYSIS_LAYERS
    }
    layers[spec.facilities] = facilities
    return Inputs(
        places=places,
        facilities=facilities,
        admin=read("admin_areas"),
        layers=layers,
        versions={
            lid: store.current_version(lid)
            for lid in (spec.places, spec.facilities, spec.layer, "admin_areas")
        },
        audience=audience_for(role).value,
    )


def run_analysis(
    store: Store,
    spec: AnalysisSpec,
    role: str = "public",
    reader: Reader | None = None,
) -> AnalysisResult:
    """Read what ``spec`` needs from ``store`` (as ``role`` sees it) and analyse it."""
    return analyse(read_inputs(store, spec.check(), role, reader), spec)


def counted(facilities: gpd.GeoDataFrame, statuses: tuple[str, ...]) -> np.ndarray:
    """Which features count as facilities: those of ``statuses`` (all when empty)."""
    if not statuses:
        return np.ones(len(facilities), dtype=bool)
    if "status" not in facilities:
        return np.zeros(len(facilities), dtype=bool)
    return facilities["status"].isin(statuses).to_numpy()


def candidate_sites(
    facilities: gpd.GeoDataFrame, spec: AnalysisSpec
) -> gpd.GeoDataFrame:
    """Candidate sites: uncounted facility features, banner seats, typed points.

    Columns ``name``, ``banner`` and ``kind`` (``planned``, ``seat``, ``point``).
    """
    parts = []
    if "planned" in spec.candidates:
        rest = facilities[~counted(facilities, spec.statuses)]
        parts.append(
            gpd.GeoDataFrame(
                {
                    "name": rest.get("name", pd.Series(index=rest.index)).to_numpy(),
                    "banner": rest.get(
                        "banner", pd.Series(index=rest.index)
                    ).to_numpy(),
                    "kind": "planned",
                },
                geometry=rest.geometry.to_numpy(),
                crs=4326,
            )
        )
    if "seats" in spec.candidates:
        parts.append(
            gpd.GeoDataFrame(
                {
                    "name": [b.seat_zh for b in BANNERS],
                    "banner": [b.name_zh for b in BANNERS],
                    "kind": "seat",
                },
                geometry=gpd.points_from_xy(
                    [b.seat_lon for b in BANNERS], [b.seat_lat for b in BANNERS]
                ),
                crs=4326,
            )
        )
    if spec.points:
        lon, lat = zip(*spec.points, strict=True)
        parts.append(
            gpd.GeoDataFrame(
                {
                    "name": [f"{x:.4f}, {y:.4f}" for x, y in spec.points],
                    "banner": None,
                    "kind": "point",
                },
                geometry=gpd.points_from_xy(lon, lat),
                crs=4326,
            )
        )
    if not parts:
        return gpd.GeoDataFrame(
            {"name": [], "banner": [], "kind": []}, geometry=[], crs=4326
        )
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)


def analyse(inputs: Inputs, spec: AnalysisSpec) -> AnalysisResult:
    """Coverage, uncovered area, site choice, scorecard and progress for ``spec``."""
    facilities = inputs.facilities[counted(inputs.facilities, spec.statuses)]
    places_m = to_metres(inputs.places)  # projected once for every step below
    places = coverage(inputs.places, facilities, spec.radius_m, places_m=places_m)
    admin = inputs.admin[inputs.admin["banner"].isin(spec.scope)]
    uncovered = uncovered_area(admin, facilities, spec.radius_m)
    candidates = candidate_sites(inputs.facilities, spec)
    choice = after = uncovered_after = None
    if spec.k and len(candidates):
        choice = choose_sites(
            places,
            candidates,
            spec.radius_m,
            spec.k,
            places["covered"].to_numpy(),
            places_m=places_m,
        )
        chosen = candidates.loc[choice.chosen]
        after = summarize(with_distance_to(places, places_m, chosen, spec.radius_m))
        grown = with_sites(facilities, chosen)
        uncovered_after = uncovered_area(admin, grown, spec.radius_m)
    card = scorecard(inputs.admin, inputs.layers, spec.scope)
    return AnalysisResult(
        spec=spec,
        admin=admin,
        places=places,
        facilities=facilities,
        candidates=candidates,
        summary=summarize(places),
        uncovered=uncovered,
        choice=choice,
        after=after,
        uncovered_after=uncovered_after,
        banners=banner_table(places, uncovered, card, spec),
        scorecard=card,
        progress=progress(inputs.layers[spec.layer], spec.target),
        versions=inputs.versions,
        audience=inputs.audience,
    )


def with_distance_to(
    places: pd.DataFrame,
    places_m: np.ndarray,
    sites: gpd.GeoDataFrame,
    radius_m: float,
) -> pd.DataFrame:
    """``places`` (with coverage) as they would be with ``sites`` added.

    Only the distances to the few new sites are computed; each place keeps the
    nearer of its old facility and the nearest new site.
    """
    sites_m = to_metres(sites)
    distance = places["distance_m"].to_numpy()
    if len(sites_m):
        to_sites = shapely.distance(places_m[:, None], sites_m[None, :]).min(axis=1)
        distance = np.fmin(distance, to_sites)
    covered = np.nan_to_num(distance, nan=np.inf) <= radius_m
    return places.assign(distance_m=distance, covered=covered)


def with_sites(
    facilities: gpd.GeoDataFrame, sites: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Facilities and new sites as one frame (name and geometry)."""
    columns = ["name", "geometry"]
    both = pd.concat(
        [facilities.reindex(columns=columns), sites.reindex(columns=columns)],
        ignore_index=True,
    )
    return gpd.GeoDataFrame(both, geometry="geometry", crs=4326)


def banner_table(
    places: pd.DataFrame,
    uncovered: pd.DataFrame,
    card: pd.DataFrame,
    spec: AnalysisSpec,
) -> pd.DataFrame:
    """Every per-banner measure of the analysis, one row per banner in scope."""
    table = by_banner(places, spec.scope)
    area = uncovered.set_index("banner")[["uncovered_km2", "uncovered_share"]]
    table = table.join(area)
    layer = card[card["layer"] == spec.layer].set_index("banner")
    return table.join(layer.drop(columns="layer"))
