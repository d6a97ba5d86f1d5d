"""Panels beside the planner map: counts, feature details, export of what is shown.

Every panel gets the frames already prepared for the request's audience
(``geodata.ui.map_data.load_visible``); data-derived text is escaped before it
reaches Streamlit's Markdown (tables, captions).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

import geopandas as gpd

from geodata.audit import record_export
from geodata.auth import User
from geodata.catalog import FEATURE_ID, get_layer
from geodata.display import Audience, hidden_counts, why_shown
from geodata.edits import set_sensitivity
from geodata.errors import GeodataError
from geodata.export import EXTENSIONS, FORMATS, MEDIA_TYPES, to_bytes
from geodata.i18n import layer_title, t
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.counts import Withheld, counts_by_banner, counts_by_layer
from geodata.mapping.picking import feature_at, feature_details, is_missing
from geodata.mapping.render import map_html
from geodata.storage import Store
from geodata.ui.choices import sensitivity_select
from geodata.ui.feedback import show_error
from geodata.ui.text import escape_markdown
from geodata.view import MapView

CLICK_OBJECTS = ["last_object_clicked", "last_object_clicked_tooltip"]


def show_counts(
    shown: Mapping[str, gpd.GeoDataFrame],
    lang: str,
    withheld: Withheld | None = None,
    audience: Audience = Audience.PUBLIC,
) -> None:
    """Counts per layer (table) and per banner (table and bar chart).

    Features ``audience`` sees only as a number count here too; stewards are
    told how many of the counted features the public sees coarsened or not at all.
    """
    st.markdown(f"**{t('map.counts.heading', lang)}**")
    by_layer = counts_by_layer(shown, lang, withheld)
    total = int(by_layer.iloc[:, 1].sum()) if len(by_layer) else 0
    st.caption(t("map.counts.total", lang, n=total))
    if n_withheld := sum(sum(b.values()) for b in (withheld or {}).values()):
        st.caption(t("display.withheld_caption", lang, n=n_withheld))
    if audience is Audience.STEWARD:
        hidden = {"internal": 0, "restricted": 0}
        for lid, frame in shown.items():
            for level, n in hidden_counts(frame, get_layer(lid)).items():
                hidden[level] += n
        if any(hidden.values()):
            st.caption(t("display.hidden_caption", lang, **hidden))
    st.dataframe(by_layer, hide_index=True, key="map_counts_layer")
    by_banner = counts_by_banner(shown, lang, withheld=withheld)
    if by_banner.shape[1]:
        st.markdown(f"**{t('map.counts.by_banner', lang)}**")
        st.bar_chart(by_banner, horizontal=True, height=260, stack=True)
        st.dataframe(by_banner, key="map_counts_banner")


def show_details(
    result: Mapping | None,
    shown: Mapping[str, gpd.GeoDataFrame],
    view: MapView,
    audience: Audience = Audience.PUBLIC,
) -> list:
    """Every attribute of the clicked feature, with field titles, source and notice.

    Stewards also read how the public sees the feature, and why. Returns the hits
    shown (the page offers stewards to change their sensitivity).
    """
    lang = view.lang
    st.markdown(f"**{t('map.details.heading', lang)}**")
    clicked = (result or {}).get("last_object_clicked")
    if not clicked:
        st.caption(t("map.details.empty", lang))
        return []
    hits = feature_at(shown, clicked["lat"], clicked["lng"], basemap=view.basemap)
    if not hits:
        st.caption(t("map.details.none", lang))
        return []
    for index, hit in enumerate(hits[:3]):
        with st.container(border=True, key=f"map_details_{index}"):
            st.caption(
                t("map.details.layer", lang, layer=layer_title(hit.layer_id, lang))
            )
            # st.table renders Markdown in its cells: every value is data.
            rows = [
                (title, escape_markdown(str(value)))
                for title, value in feature_details(hit, lang)
            ]
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
                st.caption(
                    t("map.details.source", lang, source=escape_markdown(source))
                )
            if audience is Audience.STEWARD:
                spec = get_layer(hit.layer_id)
                st.caption(escape_markdown(why_shown(hit.row, spec, lang)))
    return hits[:3]


def export_section(
    store: Store,
    view: MapView,
    shown: Mapping[str, gpd.GeoDataFrame],
    basemap: BasemapData,
    *,
    audience: Audience,
    who: str,
    notice: str,
) -> None:
    """Download the filtered features of a layer, or the whole map as offline HTML.

    Files are made only when a button is clicked (callables), not on every rerun;
    they hold what ``audience`` sees, and an export of internal or restricted
    features is recorded in the audit log.
    """
    lang = view.lang
    st.subheader(t("map.export.heading", lang))
    layer_ids = [lid for lid in shown if len(shown[lid])]
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
                    lambda f=fmt, lid=layer_id: _audited(
                        store,
                        who,
                        [(lid, shown[lid])],
                        audience,
                        f"map {f}",
                        lambda: to_bytes(shown[lid], f, lid),
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
            lambda: _audited(
                store,
                who,
                shown.items(),
                audience,
                "map html",
                lambda: map_html(
                    view, shown, basemap_data=basemap, role=audience, notice=notice
                ).encode("utf-8"),
            ),
            file_name="tongliao-map.html",
            mime="text/html",
            key="map_export_html",
            on_click="ignore",
        )
        st.caption(t("map.share", lang))


def _audited(store, who, frames, audience, detail, make) -> bytes:
    """Make a download's bytes, recording it when it holds non-public features."""
    data = make()
    record_export(store, who, list(frames), audience=audience, detail=detail)
    return data


def sensitivity_form(store: Store, hits: list, user: User, lang: str) -> None:
    """For stewards: set the clicked feature's sensitivity (a new layer version)."""
    if not hits or not user.can("edit_layers"):
        return
    hit = hits[0]
    with st.form("map_sensitivity_form"):
        level = sensitivity_select(
            get_layer(hit.layer_id),
            lang,
            label=t("map.sensitivity.label", lang),
            key="map_sensitivity_level",
            current=hit.row.get("sensitivity"),
        )
        if not st.form_submit_button(t("map.sensitivity.save", lang)):
            return
    try:
        version = set_sensitivity(
            store,
            hit.layer_id,
            str(hit.row[FEATURE_ID]),
            level,
            author=user.name,
            banners=user.banners,
        )
    except GeodataError as exc:
        show_error(exc)
        return
    st.success(t("map.sensitivity.saved", lang, version=version.version))
