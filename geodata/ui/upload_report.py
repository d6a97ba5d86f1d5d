"""The upload page's report: summary, value mapping, field diff, issues, preview.

Every value shown here comes from the steward's file: table cells go through
``st.dataframe`` (text, never Markdown), labels through ``escape_markdown``.
The value-mapping choices are widgets read back at the start of the next run
(:func:`value_map`), since the report that lists the values comes after the
options it depends on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from streamlit_folium import st_folium

from geodata.catalog import get_layer
from geodata.i18n import t, value_label
from geodata.ingest import (
    REPORT_TABLE_LIMIT,
    Prepared,
    UnknownValue,
    changes_frame,
    report_csv,
    report_frame,
    report_summary,
)
from geodata.mapping.preview import preview_map
from geodata.storage import Store
from geodata.ui.map_data import context_data, ensure_assets, load_frames, publish
from geodata.ui.text import escape_markdown
from geodata.ui.widgets import id_selectbox

_VALUE_KEYS = "upload_value_keys"
KEEP = ""  # the value-mapping choice "keep as given"


def _value_key(digest: str, unknown: UnknownValue) -> str:
    tag = hashlib.sha256(f"{unknown.field}\x00{unknown.value}".encode()).hexdigest()
    return f"upload_value_{digest[:8]}_{tag[:10]}"


def value_map(digest: str) -> dict[str, dict[str, str]]:
    """The steward's value mapping for the file ``digest``, from the widgets."""
    keys = st.session_state.get(_VALUE_KEYS)
    if not keys or keys[0] != digest:
        return {}
    out: dict[str, dict[str, str]] = {}
    for key, (field, value) in keys[1].items():
        chosen = st.session_state.get(key, KEEP)
        if chosen:
            out.setdefault(field, {})[value] = chosen
    return out


def show_values(prepared: Prepared, digest: str, lang: str) -> None:
    """Each value outside a field's list, with its count: map it or keep it."""
    report = prepared.report
    shown = [u for u in report.unknown_values if u.field != "banner"]
    if not shown:
        return
    spec = get_layer(report.layer)
    st.subheader(t("upload.values", lang))
    st.caption(t("upload.values_help", lang))
    keys: dict[str, tuple[str, str]] = {}
    for unknown in shown:
        field = spec.field(unknown.field)
        key = _value_key(digest, unknown)
        keys[key] = (unknown.field, unknown.value)
        id_selectbox(
            escape_markdown(
                t(
                    "upload.value_label",
                    lang,
                    field=field.title(lang),
                    value=unknown.value,
                    count=unknown.count,
                )
            ),
            (KEEP, *(field.allowed or ())),
            format_func=lambda v, f=unknown.field: (
                t("upload.value_keep", lang) if v == KEEP else value_label(f, v, lang)
            ),
            key=key,
            lang=lang,
        )
    st.session_state[_VALUE_KEYS] = (digest, keys)


def show_changes(prepared: Prepared, lang: str) -> None:
    """The values the commit changes, old -> new, before the commit."""
    report = prepared.report
    if not report.changes:
        return
    st.subheader(t("upload.changes", lang))
    st.dataframe(changes_frame(report, lang), hide_index=True, key="upload_changes")
    if sum(report.changed_fields.values()) > len(report.changes):
        per_field = "、".join(f"{k} {v}" for k, v in report.changed_fields.items())
        st.caption(
            escape_markdown(
                t(
                    "upload.changes_more",
                    lang,
                    shown=len(report.changes),
                    fields=per_field,
                )
            )
        )


def show_report(store: Store, prepared: Prepared, digest: str, lang: str) -> None:
    """Summary, value mapping, field diff, issue table, CSV download and preview."""
    report = prepared.report
    (st.success if report.ok else st.error)(report_summary(report, lang))
    st.text(f"{report.encoding or ''} · {report.crs}")  # CRS name comes from the file
    show_values(prepared, digest, lang)
    show_changes(prepared, lang)
    st.subheader(t("upload.report", lang))
    if report.issues:
        st.dataframe(
            report_frame(report, lang, limit=REPORT_TABLE_LIMIT),
            hide_index=True,
            key="upload_report_table",
        )
    else:
        st.info(t("upload.no_issues", lang))
    st.download_button(
        t("upload.download", lang),
        report_csv(report, lang),
        file_name=f"{Path(report.file_name).stem[:80]}-report.csv",
        mime="text/csv",
        key="upload_report_csv",
    )
    _preview(store, prepared, lang)


def _preview(store: Store, prepared: Prepared, lang: str) -> None:
    st.caption(t("upload.preview", lang))
    # The preview uses the map page's served Leaflet files and offline basemap.
    ensure_assets()
    layer = prepared.report.layer
    current = load_frames(store, (layer,))[layer]
    fmap = preview_map(
        layer,
        current,
        prepared.features,
        lang,
        publish=publish,
        context=context_data(store, "offline"),
    )
    st_folium(
        fmap,
        height=420,
        use_container_width=True,
        returned_objects=[],
        key="upload_preview",
    )
