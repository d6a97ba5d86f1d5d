"""An :class:`IngestReport` as tables, CSV, JSON and lines people read, in zh or en."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict

import pandas as pd

from geodata.catalog import get_layer
from geodata.export import csv_bytes
from geodata.i18n import t, value_label
from geodata.ingest.pipeline import IngestReport
from geodata.ingest.validation import ERROR, INFO, WARNING, Issue

#: Rows shown in a page table; the CSV download always has every issue.
TABLE_LIMIT = 2000
#: Rows a grouped line names before "…".
FIRST_ROWS = 5


def issue_text(issue: Issue, lang: str) -> str:
    """The user-facing message of an issue in ``lang``.

    Examples
    --------
    >>> from geodata.ingest.validation import Issue
    >>> issue_text(Issue("required_missing", "error", "", 0, "name", {"field": "name"}),
    ...            "en")
    'Required attribute name is empty'
    """
    key = f"issue.{issue.code}"
    params = dict(issue.params)
    if "allowed" in params and issue.field:
        # the listed values as people read them (已建成), not as stored (built)
        params["allowed"] = ("、" if lang == "zh" else ", ").join(
            value_label(issue.field, v, lang) for v in params["allowed"].split(", ")
        )
    try:
        return t(key, lang, **params)
    except KeyError:
        return issue.message


def _severity(issue: Issue, report: IngestReport, lang: str) -> str:
    text = t(f"severity.{issue.severity}", lang)
    if issue.severity == ERROR and issue.feature_index in set(report.skipped):
        return t("report.skipped_row", lang, severity=text)
    return text


def to_frame(report: IngestReport, lang: str, limit: int | None = None) -> pd.DataFrame:
    """One row per issue: row of the file (1-based), feature, severity, message."""
    issues = report.issues if limit is None else report.issues[:limit]
    return pd.DataFrame(
        {
            t("report.feature", lang): pd.array(
                [
                    None if i.feature_index is None else i.feature_index + 1
                    for i in issues
                ],
                dtype="Int64",
            ),
            t("report.label", lang): [i.label or "" for i in issues],
            t("report.severity", lang): [_severity(i, report, lang) for i in issues],
            t("report.code", lang): [i.code for i in issues],
            t("report.message", lang): [issue_text(i, lang) for i in issues],
        }
    )


def field_title(layer: str, name: str, lang: str) -> str:
    """A field's title with its name, an extra attribute's name as it is."""
    spec = get_layer(layer)
    if name in spec.field_names:
        return f"{spec.field(name).title(lang)} ({name})"
    if name == "geometry":
        return t("report.geometry", lang)
    return name


def _shown(field: str, value: str | None, lang: str) -> str:
    """A changed value as people read it: coded values by their label, none as —."""
    if value is None:
        return "—"
    return value_label(field, value, lang) if field != "name" else value


def changes_frame(report: IngestReport, lang: str) -> pd.DataFrame:
    """The values an update changes: row, feature id, field, old, new."""
    return pd.DataFrame(
        {
            t("report.feature", lang): [c.row + 1 for c in report.changes],
            t("upload.feature_id", lang): [c.feature_id for c in report.changes],
            t("report.field", lang): [
                field_title(report.layer, c.field, lang) for c in report.changes
            ],
            t("report.old", lang): [
                _shown(c.field, c.old, lang) for c in report.changes
            ],
            t("report.new", lang): [
                _shown(c.field, c.new, lang) for c in report.changes
            ],
        }
    )


def to_csv(report: IngestReport, lang: str) -> bytes:
    """The whole report as CSV with a BOM, so Excel in China opens it correctly."""
    # File names and values in the report come from the upload: neutralised.
    return csv_bytes(to_frame(report, lang))


def to_json(report: IngestReport) -> str:
    """The report as JSON for machines (``--json``): every issue, every row."""
    body = asdict(report)
    body["field_map"] = dict(report.field_map)
    body["changed_fields"] = dict(report.changed_fields)
    body["counts"] = {s: report.count(s) for s in (ERROR, WARNING, INFO)}
    body["ok"] = report.ok
    body["invalid_rows"] = list(report.invalid_rows)
    body["skipped_reasons"] = report.skipped_reasons
    for issue in body["issues"]:
        issue["params"] = dict(issue["params"])
    return json.dumps(body, ensure_ascii=False, indent=2, default=str)


def summary(report: IngestReport, lang: str) -> str:
    """One line: features, predicted changes, error and warning counts.

    A replace rewrites every feature it keeps, so there the unchanged ones are
    counted among those it replaces (as the version log will count them).
    """
    return t(
        "upload.summary_replace" if report.mode == "replace" else "upload.summary",
        lang,
        n=report.n_features,
        added=report.added,
        changed=report.changed,
        unchanged=report.unchanged,
        removed=report.removed,
        errors=len(report.blocking),
        warnings=report.count(WARNING),
    )


def skip_summary(report: IngestReport, lang: str) -> str:
    """What skipping does, or did: the rows left out and why."""
    reasons = "、" if lang == "zh" else ", "
    why = reasons.join(
        f"{code} {n}"
        for code, n in (report.skipped_reasons or _reasons(report)).items()
    )
    n = len(report.skipped) or len(report.invalid_rows)
    return t("upload.skip_summary", lang, n=n, reasons=why)


def _reasons(report: IngestReport) -> dict[str, int]:
    rows: dict[str, set[int]] = defaultdict(set)
    for i in report.issues:
        if i.severity == ERROR and i.feature_index is not None:
            rows[i.code].add(i.feature_index)
    return {code: len(r) for code, r in sorted(rows.items())}


def _where(issue: Issue, lang: str) -> str:
    if issue.feature_index is None:
        return ""
    row = t("report.row", lang, row=issue.feature_index + 1)
    return (
        f"{row}（{issue.label}）"
        if issue.label and lang == "zh"
        else (f"{row} ({issue.label})" if issue.label else row)
    )


def lines(report: IngestReport, lang: str) -> list[str]:
    """One line per issue for a terminal: ``row 3 (name): error: ...``."""
    out = []
    for issue in report.issues:
        where = _where(issue, lang)
        prefix = f"{where}: " if where else ""
        out.append(
            f"{prefix}{_severity(issue, report, lang)}: {issue_text(issue, lang)}"
        )
    return out


def grouped_lines(
    report: IngestReport,
    lang: str,
    severities: tuple[str, ...] = (ERROR, WARNING, INFO),
) -> list[str]:
    """One line per (severity, code, field): how many, the first rows, an example.

    925 rows missing a name make one line, not 925; ``--json`` keeps every row.
    """
    groups: dict[tuple[str, str, str | None], list[Issue]] = {}
    for issue in report.issues:
        if issue.severity in severities:
            groups.setdefault((issue.severity, issue.code, issue.field), []).append(
                issue
            )
    out = []
    for (severity, _code, _field), issues in sorted(
        groups.items(), key=lambda kv: (severities.index(kv[0][0]), kv[0][1])
    ):
        rows = [i for i in issues if i.feature_index is not None]
        sample = issue_text(issues[0], lang)
        label = (
            _severity(issues[0], report, lang)
            if rows
            else t(f"severity.{severity}", lang)
        )
        if not rows:
            out.append(f"{label}: {sample}")
            continue
        first = ", ".join(_where(i, lang) for i in rows[:FIRST_ROWS])
        more = "…" if len(rows) > FIRST_ROWS else ""
        out.append(
            t(
                "report.group",
                lang,
                severity=label,
                n=len(rows),
                rows=first + more,
                message=sample,
            )
        )
    return out
