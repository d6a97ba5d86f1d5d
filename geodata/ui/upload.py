"""Widgets of the upload and history pages; the checks live in ``geodata.ingest``.

The upload's bytes go to ``geodata.ingest``, which unpacks them in a temporary
folder of its own and removes it; the prepared features are kept in the session
(keyed by file hash and choices) so a widget change does not re-read a large
file. The report itself is drawn by :mod:`geodata.ui.upload_report`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pandas as pd
import streamlit as st
from streamlit import config as st_config

from geodata.auth import User
from geodata.catalog import LayerSpec, get_layer
from geodata.edits import rollback
from geodata.errors import BannerScopeError, ConflictError, GeodataError
from geodata.i18n import TEXTS, layer_title, t
from geodata.ingest import (
    ENCODING_CHOICES,
    IngestOptions,
    Inspection,
    Limits,
    Prepared,
    commit,
    inspect,
    issue_text,
    prepare,
    skip_summary,
)
from geodata.plain import escape_control
from geodata.storage import WRITE_MODES, LayerVersion, Store
from geodata.storage.base import HISTORY_COLUMNS
from geodata.ui.choices import sensitivity_select
from geodata.ui.feedback import show_error
from geodata.ui.state import current_lang
from geodata.ui.text import escape_markdown
from geodata.ui.upload_report import value_map

_PREPARED = "upload_prepared"
_DONE = "upload_done"
_CONFLICT = "upload_conflict"
_NONE = "—"


def upload_limit_mb() -> int:
    """The largest upload in MB (``GEODATA_MAX_UPLOAD_MB``), applied to the server.

    Streamlit's server refuses any request body over ``server.maxUploadSize``,
    whatever the widget says, so the setting is carried over to it; the widget
    takes the same number, so the browser refuses a larger file up front.
    """
    from geodata.ui.resources import get_settings

    mb = get_settings().max_upload_mb
    if st_config.get_option("server.maxUploadSize") != mb:
        st_config.set_option("server.maxUploadSize", mb)
    return mb


def _limits() -> Limits:
    return Limits.from_megabytes(upload_limit_mb())


def digest_of(data: bytes) -> str:
    """The SHA-256 of the upload, the key of everything cached for it."""
    return hashlib.sha256(data).hexdigest()


_KEPT = "upload_kept"
#: Widgets whose choice survives a language switch (labels change with it).
_KEPT_PREFIXES = (
    "upload_mode",
    "upload_encoding",
    "upload_crs",
    "upload_member",
    "upload_sublayer",
    "upload_map_",
    "upload_value_",
)


def restore_choices(lang: str) -> None:
    """After a language switch, put the choices made back into their widgets.

    The browser resets a radio or selectbox whose option labels changed; the
    choices kept at the end of the last run are set again, before the widgets
    are drawn, so they show and count as made.
    """
    kept = st.session_state.get(_KEPT)
    if kept and kept[0] != lang:
        for key, value in kept[1].items():
            st.session_state[key] = value


def keep_choices(lang: str) -> None:
    """Remember the choices on the page, with the language they were shown in."""
    values = {
        k: v
        for k, v in st.session_state.items()
        if isinstance(k, str) and k.startswith(_KEPT_PREFIXES)
    }
    st.session_state[_KEPT] = (lang, values)


def inspect_upload(
    data: bytes, name: str, layer_id: str, options: IngestOptions
) -> Inspection:
    """What the upload holds and which choices remain (cached per file and choice)."""
    key = (
        "inspect",
        digest_of(data),
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
    the decoded-name preview and the CRS question reflect them. The value
    mapping comes from the report's widgets of the previous run.
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
        # option values stay the same in every language; only labels change
        picked = st.selectbox(
            t("upload.encoding", lang),
            ("", *ENCODING_CHOICES),
            format_func=lambda e: e or t("upload.encoding_auto", lang, enc=detected),
            key="upload_encoding",
        )
        encoding = picked or None
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
    sensitivity = _choose_sensitivity(get_layer(layer_id), lang)
    with st.expander(t("upload.mapping", lang)):
        field_map = _choose_fields(insp, get_layer(layer_id), lang)
    return IngestOptions(
        mode=mode,
        member=member,
        sublayer=sublayer,
        encoding=encoding,
        crs=crs or None,
        field_map=field_map or None,
        value_map=value_map(digest_of(data)) or None,
        sensitivity=sensitivity,
    )


def _choose_sensitivity(spec: LayerSpec, lang: str) -> str | None:
    """Sensitivity for features the file leaves empty (default: the layer's)."""
    return sensitivity_select(
        spec, lang, label=t("upload.sensitivity", lang), key="upload_sensitivity"
    )


def _candidate_label(candidate, lang: str) -> str:
    label = candidate.label.replace(" X↔Y", "")
    return label + (t("upload.crs.swap", lang) if candidate.swap else "")


def _choose_crs(insp: Inspection, lang: str) -> str | bool | None:
    if insp.needs_crs:
        st.warning(t("upload.crs_help", lang))
        labels = {c.key: _candidate_label(c, lang) for c in insp.crs_candidates}
        chosen = st.selectbox(
            t("upload.crs", lang),
            tuple(labels),
            index=None,
            format_func=labels.get,
            key="upload_crs_pick",
        )
        return chosen if chosen else False
    declared = insp.crs_declared or t("upload.crs_none", lang)
    auto = ""  # "as the file says", in any language
    # Zones that put the data in Tongliao are on offer too: a .prj can be wrong.
    fitting = {
        c.key: _candidate_label(c, lang)
        for c in insp.crs_candidates
        if c.in_city and c.crs != "EPSG:4326"
    }
    fixed = ("gcj02", "bd09", "EPSG:4490")
    chosen = st.selectbox(
        t("upload.crs", lang),
        (auto, *fixed, *fitting),
        format_func=lambda c: (
            t("upload.crs_auto", lang, crs=declared)
            if c == auto
            else fitting.get(c) or t(f"upload.crs.{c}", lang)
        ),
        key="upload_crs",
    )
    return chosen or None


def _choose_fields(insp: Inspection, spec: LayerSpec, lang: str) -> dict[str, str]:
    """A selectbox per field; returns what differs from the suggestion."""
    for note in insp.notes:
        st.caption(escape_markdown(issue_text(note, lang)))
    by_field = {f: c for c, f in insp.field_map.items()}
    options = (_NONE, *insp.columns)
    overrides: dict[str, str] = {}
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
        if column == current:
            continue
        if current != _NONE:
            overrides[current] = ""
        if column != _NONE:
            overrides[column] = field
    return overrides


def prepare_upload(
    store: Store,
    data: bytes,
    name: str,
    layer_id: str,
    options: IngestOptions,
    lang: str,
) -> Prepared:
    """Read and check the upload with a progress bar; cached per file and choices."""
    key = (digest_of(data), layer_id, repr(options))
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


@dataclasses.dataclass(frozen=True)
class PageUpload:
    """The file on the upload page and the layer it is for."""

    data: bytes
    name: str
    layer_id: str


def commit_form(
    store: Store,
    upload: PageUpload,
    options: IngestOptions,
    prepared: Prepared,
    user: User,
    lang: str,
) -> None:
    """Note and commit button; or, where only rows hold errors, the skip choice.

    When another steward committed to the layer after this report was made, the
    commit is refused (nothing is lost); the report is made again against the new
    version and the conflict is shown above it, so the steward can re-apply. The
    skip button names both counts; it checks the file again without the invalid
    rows and commits the rest, and the version records what was skipped.
    """
    report = prepared.report
    if report.ok and report.nothing_to_commit:
        st.info(t("upload.nothing_to_commit", lang))
        return
    if not report.ok and not report.can_skip:
        st.warning(t("upload.blocked", lang))
        return
    if not report.ok:
        st.warning(t("upload.blocked", lang))
        st.caption(t("upload.skip_help", lang))
    note = st.text_input(t("upload.note", lang), key="upload_note")
    if report.ok:
        if st.button(t("upload.commit", lang), type="primary", key="upload_commit"):
            _commit(store, prepared, user, note, lang)
        return
    skipped = len(report.invalid_rows)
    label = t(
        "upload.commit_skip", lang, valid=report.n_rows - skipped, skipped=skipped
    )
    if st.button(label, key="upload_commit_skip"):
        again = prepare_upload(
            store,
            upload.data,
            upload.name,
            upload.layer_id,
            dataclasses.replace(options, skip_invalid=True),
            lang,
        )
        _commit(store, again, user, note, lang)


def _commit(store: Store, prepared: Prepared, user: User, note: str, lang: str) -> None:
    try:
        with st.spinner(t("upload.committing", lang)):
            version = commit(
                store, prepared, author=user.name, note=note, banners=user.banners
            )
    except ConflictError as exc:
        st.session_state.pop(_PREPARED, None)
        st.session_state[_CONFLICT] = exc
        st.rerun()
    except BannerScopeError as exc:
        show_error(exc)
        outside_table(exc, lang)
        return
    except GeodataError as exc:
        show_error(exc)
        return
    st.session_state.pop(_PREPARED, None)
    done = _committed_text(version, lang)
    if prepared.report.skipped:
        done += " " + skip_summary(prepared.report, lang)
    st.session_state[_DONE] = done
    st.rerun()


def outside_table(exc: BannerScopeError, lang: str) -> None:
    """Every row a refused commit or rollback would touch in another banner."""
    rows = [
        {
            t("upload.outside.kind", lang): t(f"upload.outside.{r.change}", lang),
            t("upload.outside.row", lang): r.row,
            t("upload.outside.name", lang): r.name,
            t("upload.outside.banner", lang): r.banner,
        }
        for r in exc.params.get("outside", ())
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="upload_outside_rows")


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
    if column == "skipped":
        # the log keeps codes (code:n;...); shown as they are, beside the count
        why = version.skipped_reasons.replace(";", ", ").replace(":", " ")
        return f"{value} ({why})" if value else "0"
    if isinstance(value, str):
        return escape_control(value)  # a newline in a note must not forge a line
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
    return f"{said} · {escape_control(version.note)}"


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
            # No note: the history renders "rollback to N" in each reader's
            # language from the version's rolled_back_to.
            version = rollback(
                store, layer_id, to, author=user.name, banners=user.banners
            )
        except BannerScopeError as exc:
            show_error(exc)
            outside_table(exc, lang)
            return
        except GeodataError as exc:
            show_error(exc)
            return
        st.session_state["history_done"] = t(
            "history.rolled_back", lang, layer=title, version=version.version, to=to
        )
        st.session_state.pop("history_confirm", None)  # the next one asks again
        st.rerun()
