"""The analysis on the live map: places by distance band, gaps, sites, choropleth.

Composes :mod:`geodata.analysis` results with the generic overlays of
:mod:`geodata.mapping.overlays` over the same base as the planner map (offline
basemap, banner boundaries). Every frame drawn passes the display policy for the
audience the result was computed for once more, as every map output does, and
every map carries that audience's notice (review number, schematic, 内部资料).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
from streamlit_folium import st_folium

from geodata.analysis.charts import (
    BAND_COLORS,
    CHOSEN_COLOR,
    CLASS_COLORS,
    NEWLY_COLOR,
    UNCOVERED_COLOR,
    banner_frame,
    choropleth_title,
    class_labels,
    classes,
    format_measure,
    place_classes,
)
from geodata.analysis.run import AnalysisResult
from geodata.analysis.tables import band_labels, place_label
from geodata.catalog import get_layer
from geodata.display import map_notice, prepare_for_display
from geodata.extent import fit_bounds
from geodata.i18n import layer_title, t
from geodata.mapping.assets import localize
from geodata.mapping.overlays import ClassedPoints, KeyLegend, areas, circles, markers
from geodata.mapping.render import build_base
from geodata.storage import Store
from geodata.ui.map_data import context_data, ensure_assets
from geodata.ui.resources import get_settings
from geodata.view import MapView

MAP_HEIGHT = 540


def _group(name: str, *children) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    for child in children:
        child.add_to(group)
    localize(group)
    return group


def notice(result: AnalysisResult, lang: str) -> str:
    """The map notice for the audience ``result`` was computed for."""
    return map_notice(result.audience, get_settings().map_review_no, lang)


def coverage_groups(result: AnalysisResult, lang: str) -> list[folium.FeatureGroup]:
    """Uncovered area, places by band, facilities, candidates and chosen sites."""
    spec, audience = result.spec, result.audience
    places = prepare_for_display(result.places, get_layer(spec.places), audience)
    facilities = prepare_for_display(
        result.facilities, get_layer(spec.facilities), audience
    )
    shade = (
        result.uncovered_after
        if result.uncovered_after is not None
        else result.uncovered
    )
    colors = (*BAND_COLORS, NEWLY_COLOR)
    labels = [*band_labels(spec.radius_km, lang), t("analysis.band.newly", lang)]
    classes_ = place_classes(result)
    style = get_layer(spec.facilities).style
    groups = [
        _group(
            t("analysis.layer.uncovered", lang),
            areas(shade, color=UNCOVERED_COLOR, fill_opacity=0.28, weight=0),
        ),
        _group(
            t("analysis.layer.places", lang),
            ClassedPoints(
                places.geometry,
                classes_,
                colors,
                places.get("name", [""] * len(places)),
                class_labels=labels,
            ),
        ),
        _group(
            layer_title(spec.facilities, lang),
            ClassedPoints(
                facilities.geometry,
                [0] * len(facilities),
                [style.color],
                facilities.get("name", [""] * len(facilities)),
                radius=20,
                symbol=style.symbol or "★",
            ),
        ),
    ]
    chosen = result.chosen
    others = result.candidates.drop(index=chosen.index)
    if len(others):
        groups.append(
            _group(
                t("analysis.legend.candidate", lang),
                ClassedPoints(
                    others.geometry,
                    [0] * len(others),
                    [CHOSEN_COLOR],
                    others["name"],
                    radius=14,
                    symbol="○",
                ),
            )
        )
    if len(chosen):
        names = [f"{i}. {n}" for i, n in enumerate(chosen["name"], start=1)]
        groups.append(
            _group(
                t("analysis.layer.chosen", lang),
                *circles(chosen.geometry, spec.radius_m, color=CHOSEN_COLOR),
                *markers(
                    chosen.geometry, names, symbol="✚", color=CHOSEN_COLOR, size=22
                ),
            )
        )
    return groups


def coverage_legend(result: AnalysisResult, lang: str) -> KeyLegend:
    """The key: distance bands shown, newly covered, gaps, facilities, sites."""
    labels = [*band_labels(result.spec.radius_km, lang), t("analysis.band.newly", lang)]
    colors = (*BAND_COLORS, NEWLY_COLOR)
    shown = sorted(set(place_classes(result).tolist()))
    style = get_layer(result.spec.facilities).style
    rows = [(colors[k], "●", labels[k]) for k in shown]
    rows.append((UNCOVERED_COLOR, "■", t("analysis.legend.uncovered", lang)))
    rows.append(
        (style.color, style.symbol or "★", layer_title(result.spec.facilities, lang))
    )
    if len(result.chosen):
        rows.append((CHOSEN_COLOR, "✚", t("analysis.legend.chosen", lang)))
    return KeyLegend(t("analysis.legend", lang), rows)


def _base(
    store: Store, result: AnalysisResult, lang: str, legend: KeyLegend
) -> folium.Map:
    # The extent goes into the base, not to streamlit-folium's dynamic zoom: a
    # canvas layer added before a dynamic zoom change is left drawn at the old one.
    extent = _extent(result)
    center, zoom = extent if extent else (None, None)
    ensure_assets()
    base = build_base(
        MapView(lang=lang, basemap="offline", center=center, zoom=zoom),
        context=context_data(store, "offline"),
        notice=notice(result, lang),
    )
    legend.add_to(base)
    localize(base)
    return base


def _extent(result: AnalysisResult) -> tuple[tuple[float, float], int] | None:
    bounds = result.admin.total_bounds
    if len(result.admin) == 0:
        return None
    return fit_bounds(tuple(bounds), pixels=(900, MAP_HEIGHT), max_zoom=11)


def show_coverage_map(
    store: Store,
    result: AnalysisResult,
    lang: str,
    key: str,
    height: int = MAP_HEIGHT,
    extra: Sequence[folium.FeatureGroup] = (),
) -> Mapping | None:
    """Draw the coverage map; return what streamlit-folium reports (the click).

    ``extra`` groups go on the map too (a slide's extent and token).
    """
    return st_folium(
        _base(store, result, lang, coverage_legend(result, lang)),
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=[*coverage_groups(result, lang), *extra],
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_clicked"],
    )


def choropleth_frame(result: AnalysisResult, lang: str) -> gpd.GeoDataFrame:
    """Banners with the measure's class colour and a tooltip."""
    measure = result.spec.measure
    frame = banner_frame(result)
    values = frame[measure].to_numpy(float)
    k, _ = classes(values)
    frame["color"] = [CLASS_COLORS[i] if i >= 0 else "#eeeeee" for i in k]
    frame["tip"] = [
        f"{place_label(b, lang)}: {format_measure(v, measure)}"
        for b, v in zip(frame["banner"], values, strict=True)
    ]
    return frame


def choropleth_legend(result: AnalysisResult, lang: str) -> KeyLegend:
    """The choropleth's classes as value ranges."""
    measure = result.spec.measure
    k, edges = classes(banner_frame(result)[measure].to_numpy(float))
    ranges = class_labels(edges, measure)
    rows = [
        (CLASS_COLORS[i], "■", ranges[i]) for i in range(len(ranges)) if (k == i).any()
    ]
    if (k < 0).any():
        rows.append(("#eeeeee", "■", t("analysis.choropleth.no_data", lang)))
    return KeyLegend(choropleth_title(result, lang), rows)


def show_choropleth(
    store: Store,
    result: AnalysisResult,
    lang: str,
    key: str,
    height: int = MAP_HEIGHT,
    extra: Sequence[folium.FeatureGroup] = (),
) -> None:
    """Draw the choropleth of the spec's measure by banner (and ``extra`` groups)."""
    group = _group(
        choropleth_title(result, lang),
        areas(
            choropleth_frame(result, lang), fill_opacity=0.75, tooltip="tip", weight=1
        ),
    )
    st_folium(
        _base(store, result, lang, choropleth_legend(result, lang)),
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=[group, *extra],
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=[],
    )
