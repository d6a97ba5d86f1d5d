"""Panels beside the planner map: counts, feature details, export of what is shown."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geodata.export import EXTENSIONS, FORMATS, MEDIA_TYPES, to_bytes
from geodata.i18n import layer_title, t
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.counts import banner_count_table, layer_count_table
from geodata.mapping.picking import feature_details, is_missing
from geodata.mapping.render import map_html
from geodata.mapping.screen import LayerLoad, Screen, pick
from geodata.storage import Store
from geodata.storage.base import read_view
from geodata.view import MapView

#: What the map reports back: clicks, and the screen after each pan or zoom.
CLICK_OBJECTS = ["last_object_clicked", "last_object_clicked_tooltip", "bounds", "zoom"]


def show_counts(
    totals: Mapping[str, int], per_banner: Mapping[str, Mapping], lang: str
) -> None:
    """Counts per layer (table) and per banner (table and bar chart).

    The counts cover each whole filtered layer, counted in the store, whatever
    part of it the map shows.
    """
    st.markdown(f"**{t('map.counts.heading', lang)}**")
    by_layer = layer_count_table(totals, lang)
    st.caption(t("map.counts.total", lang, n=sum(totals.values())))
    st.dataframe(by_layer, hide_index=True, key="map_counts_layer")
    by_banner = banner_count_table(per_banner, lang)
    if by_banner.shape[1]:
        st.markdown(f"**{t('map.counts.by_banner', lang)}**")
        st.bar_chart(by_banner, horizontal=True, height=260, stack=True)
        st.dataframe(by_banner, key="map_counts_banner")


def show_details(
    result: Mapping | None, store: Store, view: MapView, screen: Screen
) -> None:
    """Every attribute of the clicked feature, with field titles, source and notice.

    The feature is asked of the store around the click, so a click works at every
    zoom (also on a count cell, which picks the nearest feature in it).
    """
    lang = view.lang
    st.markdown(f"**{t('map.details.heading', lang)}**")
    clicked = (result or {}).get("last_object_clicked")
    if not clicked:
        st.caption(t("map.details.empty", lang))
        return
    hits = pick(store, view, clicked["lat"], clicked["lng"], screen)
    if not hits:
        st.caption(t("map.details.none", lang))
        return
    for index, hit in enumerate(hits[:3]):
        with st.container(border=True, key=f"map_details_{index}"):
            st.caption(
                t("map.details.layer", lang, layer=layer_title(hit.layer_id, lang))
            )
            rows = feature_details(hit, lang)
            table = pd.DataFrame(
                rows,
                columns=[t("map.details.field", lang), t("map.details.value", lang)],
            )
            # st.table wraps long values (a source sentence) instead of cutting them.
            st.table(table.set_index(table.columns[0]))
            illustrative = hit.row.get("illustrative")
            if not is_missing(illustrative) and bool(illustrative):
                st.warning(t("common.illustrative_notice", lang))
            source = hit.row.get("source")
            if isinstance(source, str) and source:
                st.caption(t("map.details.source", lang, source=source))


def show_cells_note(loads: Mapping[str, LayerLoad], lang: str) -> None:
    """Say which layers are drawn as counts per cell, and how to see features."""
    counted = [layer_title(lid, lang) for lid, load in loads.items() if load.aggregated]
    if counted:
        st.caption(t("map.cells.note", lang, layers="、".join(counted)))


def export_section(
    view: MapView,
    store: Store,
    totals: Mapping[str, int],
    basemap: BasemapData,
) -> None:
    """Download the whole filtered layer, or the whole map as offline HTML.

    Files are made only when a button is clicked (callables), not on every rerun,
    and read from the store then: an export holds every filtered feature, not only
    those on screen.
    """
    lang = view.lang
    st.subheader(t("map.export.heading", lang))
    layer_ids = [lid for lid in view.layers if totals.get(lid)]
    left, right = st.columns(2)
    with left:
        if layer_ids:
            layer_id = st.selectbox(
                t("map.export.layer", lang),
                layer_ids,
                key="map_export_layer",
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
            lambda: map_html(view, read_view(store, view), basemap_data=basemap).encode(
                "utf-8"
            ),
            file_name="tongliao-map.html",
            mime="text/html",
            key="map_export_html",
            on_click="ignore",
        )
        st.caption(t("map.share", lang))
