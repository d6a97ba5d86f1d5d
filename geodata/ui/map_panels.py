"""Panels beside the planner map: counts, feature details, export of what is shown.

Counts come from the store's tallies of each whole filtered layer, a click is
answered by the store around the clicked point, and exports read the whole
filtered layer when a button is clicked: nothing here depends on what part of a
layer the map has on screen. Each is made for the viewer's audience and passes
the display policy (:mod:`geodata.display`), as every output does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

import geopandas as gpd

from geodata.audit import record_export
from geodata.auth import User
from geodata.catalog import FEATURE_ID, get_layer
from geodata.display import Audience, why_shown
from geodata.edits import set_sensitivity
from geodata.errors import GeodataError
from geodata.export import EXTENSIONS, FORMATS, MEDIA_TYPES, to_bytes
from geodata.figures import Figure
from geodata.i18n import banner_label, layer_title, t
from geodata.mapping.bars import banner_bars_html
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.counts import (
    Tally,
    Withheld,
    banner_summary,
    chart_rows,
    counts_by_banner,
    counts_by_layer,
    layer_count,
    total,
)
from geodata.mapping.picking import banner_at, feature_details, is_illustrative
from geodata.mapping.report import report_html
from geodata.mapping.screen import LayerLoad, Screen, pick, read_visible
from geodata.storage import Store
from geodata.ui.choices import sensitivity_select
from geodata.ui.feedback import show_error
from geodata.ui.text import escape_markdown
from geodata.ui.widgets import id_selectbox
from geodata.view import REFERENCE_LAYERS, MapView

#: What the map reports back: clicks, and where it is (the view in the URL).
MAP_OBJECTS = ["last_object_clicked", "center", "zoom", "bounds"]


def show_counts(
    tallies: Mapping[str, Tally],
    lang: str,
    withheld: Withheld | None = None,
    hidden: Mapping[str, int] | None = None,
) -> None:
    """Counts per layer beside the map; a clear word when nothing matches.

    ``tallies`` and ``withheld`` were made for the viewer's audience: features it
    sees only as a number count here too. ``hidden`` (for stewards) says how many
    of the counted features the public sees coarsened or not at all.
    """
    st.markdown(f"**{t('map.counts.heading', lang)}**")
    n = total(tallies, withheld)
    if not n:
        st.info(t("map.counts.none", lang))
        return
    st.caption(t("map.counts.total", lang, n=n))
    if n_withheld := sum(sum(b.values()) for b in (withheld or {}).values()):
        st.caption(t("display.withheld_caption", lang, n=n_withheld))
    if hidden and any(hidden.values()):
        st.caption(t("display.hidden_caption", lang, **hidden))
    # st.table wraps long layer titles, so the count column stays in view.
    table = counts_by_layer(tallies, lang, withheld)
    st.table(table.set_index(t("common.layer", lang)))


def show_banner_counts(
    tallies: Mapping[str, Tally],
    lang: str,
    withheld: Withheld | None = None,
) -> None:
    """Features per banner under the map: a chart of all eight, and the table."""
    if not total(tallies, withheld):
        return
    heading = t("map.counts.by_banner", lang)
    st.subheader(heading, anchor=False)
    st.html(
        banner_bars_html(
            chart_rows(tallies, lang, withheld),
            count_label=t("map.counts.chart_count", lang),
            label=heading,
            lang=lang,
        )
    )
    st.table(counts_by_banner(tallies, lang, withheld))


def show_details(
    result: Mapping | None,
    store: Store,
    view: MapView,
    screen: Screen,
    tallies: Mapping[str, Tally],
    banners: gpd.GeoDataFrame,
    audience: Audience = Audience.PUBLIC,
    withheld: Withheld | None = None,
) -> list:
    """What a click on the map means: a feature's attributes, or a banner's figures.

    The feature is asked of the store around the click, as ``audience`` may see
    it, so a click works at every zoom (on a count cell it picks the nearest
    feature in reach) and never finds what the audience may not see. The source
    sentence and the illustrative notice are said once each. Stewards also read
    how the public sees the feature, and why. Returns the feature hits shown (the
    page offers stewards to change their sensitivity).
    """
    lang = view.lang
    st.markdown(f"**{t('map.details.heading', lang)}**")
    clicked = (result or {}).get("last_object_clicked")
    if not clicked:
        st.caption(t("map.details.empty", lang))
        return []
    hits = [
        hit
        for hit in pick(store, view, clicked["lat"], clicked["lng"], screen, audience)
        if hit.layer_id not in REFERENCE_LAYERS  # a boundary: the banner's figures
    ]
    if hits:
        for index, hit in enumerate(hits[:3]):
            with st.container(border=True, key=f"map_details_{index}"):
                _feature(hit, lang, audience)
        return hits[:3]
    banner = banner_at(banners, clicked["lat"], clicked["lng"], basemap=view.basemap)
    if banner is None:
        st.caption(t("map.details.none", lang))
        return []
    with st.container(border=True, key="map_details_banner"):
        label = escape_markdown(banner_label(banner, lang))
        st.markdown(f"**{t('map.banner.heading', lang, banner=label)}**")
        summary = banner_summary(tallies, banner, lang, withheld)
        st.table(summary.set_index(summary.columns[0]))
    return []


def _feature(hit, lang: str, audience: Audience) -> None:
    st.caption(t("map.details.layer", lang, layer=layer_title(hit.layer_id, lang)))
    # st.table renders Markdown in its cells: every value is data.
    rows = [(title, escape_markdown(str(v))) for title, v in feature_details(hit, lang)]
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
    if audience is Audience.STEWARD:
        spec = get_layer(hit.layer_id)
        st.caption(escape_markdown(why_shown(hit.row, spec, lang)))


def show_cells_note(loads: Mapping[str, LayerLoad], lang: str) -> None:
    """Say which layers are drawn as counts per cell, and how to see features."""
    counted = [layer_title(lid, lang) for lid, load in loads.items() if load.aggregated]
    if counted:
        st.caption(t("map.cells.note", lang, layers="、".join(counted)))


def export_section(
    store: Store,
    view: MapView,
    tallies: Mapping[str, Tally],
    basemap: BasemapData,
    figures: Sequence[Figure] = (),
    *,
    audience: Audience,
    who: str,
    notice: str,
) -> None:
    """Download the filtered features of a layer, or the map as an offline report.

    Files are made only when a button is clicked (callables), not on every rerun,
    and read from the store then: an export holds every filtered feature, not only
    those on screen, as ``audience`` may see it (:func:`read_visible`; ``tallies``
    and ``figures`` were made for it). An export of internal or restricted
    features is recorded in the audit log.
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
                    lambda f=fmt, lid=layer_id: _layer_file(
                        store, view, lid, f, audience=audience, who=who
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
            lambda: _report_file(
                store,
                view,
                basemap,
                figures,
                audience=audience,
                who=who,
                notice=notice,
            ),
            file_name="tongliao-map.html",
            mime="text/html",
            key="map_export_html",
            on_click="ignore",
        )
        st.caption(t("map.share", lang))


def _layer_file(
    store: Store, view: MapView, layer_id: str, fmt: str, *, audience, who: str
) -> bytes:
    """One filtered layer as ``audience`` may see it, in ``fmt`` (recorded)."""
    frame = read_visible(store, replace(view, layers=(layer_id,)), audience)[layer_id]
    return _audited(
        store,
        who,
        [(layer_id, frame)],
        audience,
        f"map {fmt}",
        lambda: to_bytes(frame, fmt, layer_id),
    )


def _report_file(
    store: Store,
    view: MapView,
    basemap: BasemapData,
    figures: Sequence[Figure],
    *,
    audience,
    who: str,
    notice: str,
) -> bytes:
    """The offline HTML map of ``view`` as ``audience`` may see it (recorded)."""
    shown = read_visible(store, view, audience)
    return _audited(
        store,
        who,
        shown.items(),
        audience,
        "map html",
        lambda: report_html(
            view, shown, figures, basemap_data=basemap, role=audience, notice=notice
        ).encode("utf-8"),
    )


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
