"""Panels beside the planner map: counts, feature details, export of what is shown.

Counts come from the store's tallies of each whole filtered layer, a click is
answered by the store around the clicked point, and exports read the whole
filtered layer when a button is clicked: nothing here depends on what part of a
layer the map has on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

import geopandas as gpd

from geodata.export import EXTENSIONS, FORMATS, MEDIA_TYPES, to_bytes
from geodata.figures import Figure
from geodata.i18n import banner_label, layer_title, t
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.counts import (
    Tally,
    banner_summary,
    chart_rows,
    counts_by_banner,
    counts_by_layer,
    layer_count,
    total,
)
from geodata.mapping.picking import banner_at, feature_details, is_illustrative
from geodata.mapping.report import report_html
from geodata.mapping.screen import LayerLoad, Screen, pick
from geodata.storage import Store
from geodata.storage.base import read_view
from geodata.ui.text import escape_markdown
from geodata.ui.widgets import id_selectbox
from geodata.view import REFERENCE_LAYERS, MapView

CHART_ROW = 28  # pixels per banner in the by-banner chart
#: What the map reports back: clicks, and where it is (the view in the URL).
MAP_OBJECTS = ["last_object_clicked", "center", "zoom", "bounds"]


def show_counts(tallies: Mapping[str, Tally], lang: str) -> None:
    """Counts per layer beside the map; a clear word when nothing matches."""
    st.markdown(f"**{t('map.counts.heading', lang)}**")
    n = total(tallies)
    if not n:
        st.info(t("map.counts.none", lang))
        return
    st.caption(t("map.counts.total", lang, n=n))
    # st.table wraps long layer titles, so the count column stays in view.
    st.table(counts_by_layer(tallies, lang).set_index(t("common.layer", lang)))


def show_banner_counts(tallies: Mapping[str, Tally], lang: str) -> None:
    """Features per banner under the map: a chart of all eight, and the table."""
    if not total(tallies):
        return
    st.subheader(t("map.counts.by_banner", lang), anchor=False)
    chart = banner_chart(chart_rows(tallies, lang), lang)
    # the bars' own height plus the axis and the legend below
    st.altair_chart(chart, height=CHART_ROW * 8 + 150, key="map_chart")
    st.table(counts_by_banner(tallies, lang))


def banner_chart(rows: pd.DataFrame, lang: str) -> alt.Chart:
    """Stacked bars per banner, every banner labelled, in the layers' map colours."""
    banners = list(dict.fromkeys(rows["banner"]))
    layers = list(dict.fromkeys(rows["layer"]))
    colors = [rows.loc[rows["layer"] == lay, "color"].iloc[0] for lay in layers]
    count = t("map.counts.chart_count", lang)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y(
                "banner:N",
                sort=banners,
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=0, labelFontSize=12),
            ),
            x=alt.X("count:Q", title=count, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "layer:N",
                scale=alt.Scale(domain=layers, range=colors),
                legend=alt.Legend(title=None, orient="bottom", columns=2, labelLimit=0),
            ),
            order=alt.Order("layer:N"),
            tooltip=[
                alt.Tooltip("banner:N", title=t("map.counts.banner", lang)),
                alt.Tooltip("layer:N", title=t("common.layer", lang)),
                alt.Tooltip("count:Q", title=count),
            ],
        )
        .properties(height=CHART_ROW * len(banners))
    )


def show_details(
    result: Mapping | None,
    store: Store,
    view: MapView,
    screen: Screen,
    tallies: Mapping[str, Tally],
    banners: gpd.GeoDataFrame,
) -> None:
    """What a click on the map means: a feature's attributes, or a banner's figures.

    The feature is asked of the store around the click, so a click works at every
    zoom (on a count cell it picks the nearest feature in reach). The source
    sentence and the illustrative notice are said once each.
    """
    lang = view.lang
    st.markdown(f"**{t('map.details.heading', lang)}**")
    clicked = (result or {}).get("last_object_clicked")
    if not clicked:
        st.caption(t("map.details.empty", lang))
        return
    hits = [
        hit
        for hit in pick(store, view, clicked["lat"], clicked["lng"], screen)
        if hit.layer_id not in REFERENCE_LAYERS  # a boundary: the banner's figures
    ]
    if hits:
        for index, hit in enumerate(hits[:3]):
            with st.container(border=True, key=f"map_details_{index}"):
                _feature(hit, lang)
        return
    banner = banner_at(banners, clicked["lat"], clicked["lng"], basemap=view.basemap)
    if banner is None:
        st.caption(t("map.details.none", lang))
        return
    with st.container(border=True, key="map_details_banner"):
        label = escape_markdown(banner_label(banner, lang))
        st.markdown(f"**{t('map.banner.heading', lang, banner=label)}**")
        summary = banner_summary(tallies, banner, lang)
        st.table(summary.set_index(summary.columns[0]))


def _feature(hit, lang: str) -> None:
    st.caption(t("map.details.layer", lang, layer=layer_title(hit.layer_id, lang)))
    rows = feature_details(hit, lang)
    table = pd.DataFrame(
        rows, columns=[t("map.details.field", lang), t("map.details.value", lang)]
    )
    # st.table wraps long values instead of cutting them.
    st.table(table.set_index(table.columns[0]))
    source = hit.row.get("source")
    if isinstance(source, str) and source:
        st.caption(t("map.details.source", lang, source=escape_markdown(source)))
    if is_illustrative(hit.row):
        st.warning(t("common.illustrative_notice", lang))


def show_cells_note(loads: Mapping[str, LayerLoad], lang: str) -> None:
    """Say which layers are drawn as counts per cell, and how to see features."""
    counted = [layer_title(lid, lang) for lid, load in loads.items() if load.aggregated]
    if counted:
        st.caption(t("map.cells.note", lang, layers="、".join(counted)))


def export_section(
    view: MapView,
    store: Store,
    tallies: Mapping[str, Tally],
    basemap: BasemapData,
    figures: Sequence[Figure] = (),
) -> None:
    """Download the filtered features of a layer, or the map as an offline report.

    Files are made only when a button is clicked (callables), not on every rerun,
    and read from the store then: an export holds every filtered feature, not only
    those on screen.
    """
    lang = view.lang
    st.subheader(t("map.export.heading", lang))
    layer_ids = [lid for lid, tally in tallies.items() if layer_count(tally)]
    left, right = st.columns(2)
    with left:
        if layer_ids:
            layer_id = id_selectbox(
                t("map.export.layer", lang),
                layer_ids,
                key="map_export_layer",
                lang=lang,
                format_func=lambda lid: layer_title(lid, lang),
            )
            cols = st.columns(len(FORMATS))
            for col, fmt in zip(cols, FORMATS, strict=True):
                name = f"{layer_id}{EXTENSIONS[fmt]}"
                col.download_button(
                    fmt.upper(),
                    lambda f=fmt, lid=layer_id: to_bytes(
                        store.read_layer(lid, view.query(lid)), f, lid
                    ),
                    file_name=name,
                    mime=MEDIA_TYPES[fmt],
                    key=f"map_export_{fmt}",
                    help=t("map.export.download", lang, name=name),
                    on_click="ignore",
                )
        else:
            st.caption(t("map.export.empty", lang))
    with right:
        st.download_button(
            t("map.export.html", lang),
            lambda: report_html(
                view, read_view(store, view), figures, basemap_data=basemap
            ).encode("utf-8"),
            file_name="tongliao-map.html",
            mime="text/html",
            key="map_export_html",
            on_click="ignore",
        )
        st.caption(t("map.share", lang))
