"""An analysis result as tables people read: labelled columns, in zh or en.

The same tables go to the page, its CSV/XLSX downloads and the ``analyze``
commands. Values stay numbers (distances in km, rounded to 10 m); only headers,
banners, statuses and kinds are put into words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import shapely

from geodata.analysis.distance import BAND_EDGES, BANDS
from geodata.analysis.run import AnalysisResult
from geodata.analysis.scorecard import CITY
from geodata.catalog import STATUSES
from geodata.i18n import banner_label, layer_title, t, value_label


def column_label(name: str, lang: str) -> str:
    """The header of a result column in ``lang`` (statuses by their value label).

    Examples
    --------
    >>> column_label("distance_km", "en"), column_label("built", "zh")
    ('Distance (km)', '已建成')
    """
    if name in STATUSES:
        return value_label("status", name, lang)
    return t(f"analysis.col.{name}", lang)


def band_labels(radius_km: float, lang: str) -> list[str]:
    """Labels of the distance bands for ``radius_km``, in band order.

    Examples
    --------
    >>> band_labels(20, "en")
    ['≤ 10 km', '10–20 km', '20–40 km', '> 40 km', 'No facility']
    """
    a, b, c = (f"{radius_km * edge:g}" for edge in BAND_EDGES)
    return [t(f"analysis.band.{band}", lang, a=a, b=b, c=c) for band in BANDS]


def place_label(banner: object, lang: str) -> str:
    """A banner name in ``lang``; the whole-city row as the city."""
    if banner == CITY:
        return t("analysis.city", lang)
    return "" if banner is None or banner != banner else banner_label(str(banner), lang)


def _labels(banners: pd.Series, lang: str) -> np.ndarray:
    """Banner names in ``lang`` for a whole column (each distinct name once)."""
    names = {b: place_label(b, lang) for b in banners.dropna().unique()}
    return banners.map(names).to_numpy(dtype=object)


def _lonlat(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A point on each shape (the point itself for points), rounded to ~1 m."""
    points = geoms.copy()
    shapes = shapely.get_type_id(geoms) > 0  # lines and areas; missing is -1
    points[shapes] = shapely.point_on_surface(geoms[shapes])
    return shapely.get_x(points).round(5), shapely.get_y(points).round(5)


def _labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return table.rename(columns=lambda c: column_label(c, lang))


def distance_table(result: AnalysisResult, lang: str) -> pd.DataFrame:
    """Each place: name, banner, nearest facility, distance (km), covered, band.

    Farthest first: the gaps lead. ``lon``/``lat`` give a point on the place.
    """
    places = result.places
    labels = np.array(band_labels(result.spec.radius_km, lang), dtype=object)
    lon, lat = _lonlat(np.asarray(places.geometry.values, dtype=object))
    blank = pd.Series([None] * len(places), index=places.index, dtype=object)
    table = pd.DataFrame(
        {
            "name": places.get("name", blank).to_numpy(),
            "banner": _labels(places.get("banner", blank), lang),
            "nearest": places["nearest_facility"].to_numpy(),
            "distance_km": (places["distance_m"] / 1000).round(2).to_numpy(),
            "covered": places["covered"].to_numpy(),
            "band": labels[places["band"].to_numpy()],
            "lon": lon,
            "lat": lat,
        }
    )
    table = table.sort_values("distance_km", ascending=False, na_position="first")
    return _labelled(table.reset_index(drop=True), lang)


def sites_table(result: AnalysisResult, lang: str) -> pd.DataFrame:
    """Every candidate: step (when chosen), name, kind, banner, what it would cover."""
    choice = result.choice
    if choice is None:
        return _labelled(pd.DataFrame(columns=SITE_COLUMNS), lang)
    candidates = result.candidates.loc[choice.ranking.index]
    steps = choice.steps.set_index("candidate")
    lon, lat = _lonlat(np.asarray(candidates.geometry.values, dtype=object))
    table = pd.DataFrame(
        {
            "step": [
                steps.index.get_loc(i) + 1 if i in steps.index else None
                for i in candidates.index
            ],
            "name": candidates["name"].to_numpy(),
            "kind": [t(f"analysis.kind.{k}", lang) for k in candidates["kind"]],
            "banner": [place_label(b, lang) for b in candidates["banner"]],
            "alone": choice.ranking["alone"].to_numpy(),
            "gain": steps["gain"].reindex(candidates.index).to_numpy(),
            "covered_after": steps["covered_after"]
            .reindex(candidates.index)
            .to_numpy(),
            "lon": lon,
            "lat": lat,
        }
    )
    table["step"] = table["step"].astype("Int64")
    for column in ("gain", "covered_after"):
        table[column] = table[column].astype("Int64")
    table = table.sort_values(["step", "alone"], ascending=[True, False], kind="stable")
    return _labelled(table.reset_index(drop=True), lang)


#: Columns of :func:`sites_table`, before their headers are put into words.
SITE_COLUMNS: tuple[str, ...] = (
    "step",
    "name",
    "kind",
    "banner",
    "alone",
    "gain",
    "covered_after",
    "lon",
    "lat",
)


def scorecard_table(
    result: AnalysisResult, lang: str, layers: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The scorecard of ``layers`` (the spec's layer by default; ``()``: every one).

    With one layer the layer column is left out.
    """
    layers = (result.spec.layer,) if layers is None else layers
    card = result.scorecard
    if layers:
        card = card[card["layer"].isin(layers)]
    if len(layers) == 1:
        card = card.drop(columns="layer")
    else:
        card = card.assign(layer=[layer_title(lid, lang) for lid in card["layer"]])
    card = card.assign(banner=[place_label(b, lang) for b in card["banner"]])
    return _labelled(card.round(2).reset_index(drop=True), lang)


def banner_measures(result: AnalysisResult, lang: str) -> pd.DataFrame:
    """Every per-banner measure (coverage and the spec layer's scorecard)."""
    table = result.banners.reset_index()
    table["banner"] = [place_label(b, lang) for b in table["banner"]]
    return _labelled(table.round(3), lang)


def progress_table(result: AnalysisResult, lang: str) -> pd.DataFrame:
    """Built per year and cumulative, with the target beside each year."""
    table = result.progress.table.rename(columns={"built": "built_year"})
    table["target"] = result.progress.target
    return _labelled(table, lang)
