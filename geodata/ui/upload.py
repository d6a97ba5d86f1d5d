"""Widgets of the upload and history pages; the checks live in ``geodata.ingest``.

The upload's bytes go to ``geodata.ingest``, which unpacks them in a temporary
folder of its own and removes it; the prepared features are kept in the session
(keyed by file hash and choices) so a widget change does not re-read a large
file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from streamlit_folium import st_folium

from geodata.auth import User
from geodata.catalog import LayerSpec, get_layer
from geodata.errors import ConflictError, GeodataError
from geodata.i18n import TEXTS, layer_title, t
from geodata.ingest import (
    ENCODING_CHOICES,
    REPORT_TABLE_LIMIT,
    IngestOptions,
    Inspection,
    Limits,
    Prepared,
    commit,
    inspect,
    prepare,
    report_csv,
    report_frame,
    report_summary,
)
from geodata.mapping.preview import preview_map
from geodata.storage import WRITE_MODES, CommitInfo, LayerVersion, Store
from geodata.storage.base import HISTORY_COLUMNS
from geodata.ui.feedback import show_error
from geodata.ui.map_data import context_data, ensure_assets, load_frames, publish
from geodata.ui.state import current_lang

_PREPARED = "upload_prepared"
_DONE = "upload_done"
_CONFLICT = "upload_conflict"
_NONE = "—"


def _limits() -> Limits:
    from geodata.ui.resources import get_settings

    return Limits.from_megabytes(get_settings().max_upload_mb)


def inspect_upload(
    data: bytes, name: str, layer_id: str, options: IngestOptions
) -> Inspection:
    """What the upload holds and which choices remain (cached per file and choice)."""
    key = (
        "inspect",
        hashlib.sha256(data).hexdigest(),
        name,
        layer_id,
        options.member,
        options.sublayer,
        options.encoding,
    )
    cache = st.session_state.setdefault("upload_inspections", {})
    if key not in cache:
        if len(cache) > 4:  # keep the memory of one upload's choices, not every file's
            cache.clear()
        cache[key] = inspect(
            data, layer_id, file_name=name, options=options, limits=_limits()
        )
    return cache[key]


def choose_options(
    data: bytes, name: str, layer_id: str, lang: str
) -> IngestOptions | None:
    """Widgets for every open choice; ``None`` until the required ones are made.

    The file is inspected again after the member, layer and encoding choices, so
    the decoded-name preview and the CRS question reflect them.
    """
    insp = inspect_upload(data, name, layer_id, IngestOptions())
    member = sublayer = None
    if insp.needs_member:
        member = st.selectbox(
            t("upload.member", lang), insp.members, index=None, key="upload_member"
        )
        if member is None:
            return None
    if len(insp.sublayers) > 1:
        sublayer = st.selectbox(
            t("upload.sublayer", lang), insp.sublayers, key="upload_sublayer"
        )
    encoding = None
    if insp.encoding_declared or insp.encoding_detected:
        detected = insp.encoding_declared or insp.encoding_detected
        auto = t("upload.encoding_auto", lang, enc=detected)
        picked = st.selectbox(
            t("upload.encoding", lang), (auto, *ENCODING_CHOICES), key="upload_encoding"
        )
        encoding = None if picked == auto else picked
    insp = inspect_upload(
        data,
        name,
        layer_id,
        IngestOptions(member=member, sublayer=sublayer, encoding=encoding),
    )
    if insp.names_preview:
        # st.text, not caption or markdown: names come from the file, unescaped.
        st.text(f"{t('upload.names_preview', lang)}: {'、'.join(insp.names_preview)}")
    crs = _choose_crs(insp, lang)
    if crs is False:
        return None
    mode = st.radio(
        t("upload.mode", lang),
        WRITE_MODES,
        horizontal=True,
        key="upload_mode",
        format_func=lambda m: t(f"upload.mode.{m}", lang),
    )
    with st.expander(t("upload.mapping", lang)):
        field_map = _choose_fields(insp, get_layer(layer_id), lang)
    return IngestOptions(
        mode=mode,
        member=member,
        sublayer=sublayer,
        encoding=encoding,
        crs=crs or None,
        field_map=field_map,
    )


def _choose_crs(insp: Inspection, lang: str) -> str | bool | None:
    if insp.needs_crs:
        st.warning(t("upload.crs_help", lang))
        labels = {c.crs: c.label for c in insp.crs_candidates}
        chosen = st.selectbox(
            t("upload.crs", lang),
            tuple(labels),
            index=None,
            format_func=labels.get,
            key="upload_crs_pick",
        )
        return chosen if chosen else False
    declared = insp.crs_declared or t("upload.crs_none", lang)
    auto = t("upload.crs_auto", lang, crs=declared)
    chosen = st.selectbox(
        t("upload.crs", lang),
        (auto, "gcj02", "bd09", "EPSG:4490"),
        format_func=lambda c: c if c == auto else t(f"upload.crs.{c}", lang),
        key="upload_crs",
    )
    return None if chosen == auto else chosen


def _choose_fields(insp: Inspection, spec: LayerSpec, lang: str) -> dict[str, str]:
    by_field = {f: c for c, f in insp.field_map.items()}
    options = (_NONE, *insp.columns)
    out: dict[str, str] = {}
    for field in ("feature_id", *spec.field_names):
        label = (
            t("upload.feature_id", lang)
            if field == "feature_id"
            else spec.field(field).title(lang)
        )
        current = by_field.get(field, _NONE)
        column = st.selectbox(
            f"{label} ({field})",
            options,
            index=options.index(current),
            key=f"upload_map_{field}",
        )
        if column != _NONE:
            out[column] = field
    return out


def prepare_upload(
    store: Store,
    data: bytes,
    name: str,
    layer_id: str,
    options: IngestOptions,
    lang: str,
) -> Prepared:
    """Read and check the upload with a progress bar; cached per file and choices."""
    key = (hashlib.sha256(data).hexdigest(), layer_id, repr(options))
    cached = st.session_state.get(_PREPARED)
    if cached and cached[0] == key:
        return cached[1]
    with st.status(t("upload.reading", lang), expanded=False) as status:
        bar = st.progress(0.0)
        prepared = prepare(
            store,
            data,
            layer_id,
            file_name=name,
            options=options,
            limits=_limits(),
            progress=lambda f, step: bar.progress(
                f, text=t(f"upload.step.{step}", lang)
            ),
        )
        status.update(label=t("upload.read_done", lang), state="complete")
    st.session_state[_PREPARED] = (key, prepared)
    return prepared


def show_report(store: Store, prepared: Prepared, lang: str) -> None:
    """Summary, issue table, CSV download and the map preview."""
    report = prepared.report
    (st.success if report.ok else st.error)(report_summary(report, lang))
    st.text(f"{report.encoding or ''} · {report.crs}")  # CRS name comes from the file
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
        file_name=f"{Path(report.file_name).stem}-report.csv",
        mime="text/csv",
        key="upload_report_csv",
    )
    st.caption(t("upload.preview", lang))
    # The preview uses the map page's served Leaflet files and offline basemap.
    ensure_assets()
    current = load_frames(store, (report.layer,))[report.layer]
    fmap = preview_map(
        report.layer,
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


def commit_form(store: Store, prepared: Prepared, user: User, lang: str) -> None:
    """Note and commit button.

    When another steward committed to the layer after this report was made, the
    commit is refused (nothing is lost); the report is made again against the new
    version and the conflict is shown above it, so the steward can re-apply.
    """
    report = prepared.report
    if not report.ok:
        st.warning(t("upload.blocked", lang))
        return
    note = st.text_input(t("upload.note", lang), key="upload_note")
    if not st.button(t("upload.commit", lang), type="primary", key="upload_commit"):
        return
    try:
        with st.spinner(t("upload.committing", lang)):
            version = commit(store, prepared, author=user.name, note=note)
    except ConflictError as exc:
        st.session_state.pop(_PREPARED, None)
        st.session_state[_CONFLICT] = exc
        st.rerun()
    except GeodataError as exc:
        show_error(exc)
        return
    st.session_state.pop(_PREPARED, None)
    st.session_state[_DONE] = _committed_text(version, lang)
    st.rerun()


def _committed_text(version: LayerVersion, lang: str) -> str:
    return t(
        "upload.committed",
        lang,
        layer=layer_title(version.layer, lang),
        version=version.version,
        added=version.added,
        changed=version.changed,
        removed=version.removed,
    )


def show_done() -> None:
    """The outcome of the last commit attempt (success or conflict), shown once."""
    if text := st.session_state.pop(_DONE, None):
        st.success(text)
    if conflict := st.session_state.pop(_CONFLICT, None):
        show_error(conflict)
        st.info(t("upload.conflict_retry", current_lang()))


def history_frame(versions: list[LayerVersion], lang: str) -> pd.DataFrame:
    """The version log as a table with localised headers and modes, newest first."""
    rows = [
        {t(f"history.{c}", lang): _history_cell(v, c, lang) for c in HISTORY_COLUMNS}
        for v in versions
    ]
    frame = pd.DataFrame(rows[::-1])
    # The first 12 hex digits identify a file among a layer's versions.
    hashes = t("history.file_hash", lang)
    frame[hashes] = frame[hashes].map(lambda h: (h or "")[:12])
    return frame


def local_time(stamp: str, tz: dt.tzinfo | None = None) -> str:
    """A stored UTC time as local time with its zone named (``tz``: this machine's).

    Examples
    --------
    >>> local_time("2024-05-01T02:30:00+00:00", dt.timezone(dt.timedelta(hours=8)))
    '2024-05-01 10:30 (UTC+08:00)'
    >>> local_time("not a time")
    'not a time'
    """
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone(tz)
    offset = local.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}"
    name = local.tzname()
    if name and not name.startswith(("UTC", "+", "-")):
        zone = f"{name}, {zone}"
    return f"{local:%Y-%m-%d %H:%M} ({zone})"


def _history_cell(version: LayerVersion, column: str, lang: str) -> object:
    value = getattr(version, column)
    if column == "created_at":
        return local_time(value)
    if column == "mode":
        key = f"upload.mode.{value}"
        return t(key, lang) if key in TEXTS else value
    if column == "note" and version.rolled_back_to is not None:
        return _rollback_note(version, lang)
    return value


def _rollback_note(version: LayerVersion, lang: str) -> str:
    """A rollback's note in the reader's language, from ``rolled_back_to``.

    The log is read for years by stewards of either language, so the app writes
    no words of its own into it: the target version is the neutral record. The
    store fills an empty note with ``rollback to N``; that (and the same text
    written by earlier versions of this page) counts as no note.
    """
    to = version.rolled_back_to
    said = t("history.rollback_note", lang, to=to)
    if version.note in ("", f"rollback to {to}"):
        return said
    return f"{said} · {version.note}"


def rollback_form(
    store: Store, layer_id: str, versions: list[LayerVersion], user: User, lang: str
) -> None:
    """Pick a version, confirm, roll back (as a new version)."""
    if len(versions) < 2:
        return
    choices = [v.version for v in versions[:-1]][::-1]
    to = st.selectbox(t("history.rollback_to", lang), choices, key="history_to")
    title = layer_title(layer_id, lang)
    confirmed = st.checkbox(
        t("history.confirm", lang, layer=title, version=to), key="history_confirm"
    )
    if st.button(
        t("history.rollback", lang), disabled=not confirmed, key="history_rollback"
    ):
        try:
            version = store.rollback(
                layer_id,
                to,
                # No note: the history renders "rollback to N" in each reader's
                # language from the version's rolled_back_to.
                commit=CommitInfo(author=user.name),
            )
        except GeodataError as exc:
            show_error(exc)
            return
        st.session_state["history_done"] = t(
            "history.rolled_back", lang, layer=title, version=version.version, to=to
        )
        st.session_state.pop("history_confirm", None)  # the next one asks again
        st.rerun()
