"""An :class:`IngestReport` as a table, CSV, JSON and one-line messages, in zh or en."""

from __future__ import annotations

import json
from dataclasses import asdict

import pandas as pd

from geodata.export import csv_bytes
from geodata.i18n import t
from geodata.ingest.pipeline import IngestReport
from geodata.ingest.validation import ERROR, INFO, WARNING, Issue

#: Rows shown in a page table; the CSV download always has every issue.
TABLE_LIMIT = 2000


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
    try:
        return t(key, lang, **issue.params)
    except KeyError:
        return issue.message


def to_frame(report: IngestReport, lang: str, limit: int | None = None) -> pd.DataFrame:
    """One row per issue: feature (1-based row of the file), severity, code, message."""
    issues = report.issues if limit is None else report.issues[:limit]
    return pd.DataFrame(
        {
            t("report.feature", lang): [
                None if i.feature_index is None else i.feature_index + 1 for i in issues
            ],
            t("report.severity", lang): [
                t(f"severity.{i.severity}", lang) for i in issues
            ],
            t("report.code", lang): [i.code for i in issues],
            t("report.message", lang): [issue_text(i, lang) for i in issues],
        }
    ).astype({t("report.feature", lang): "Int64"})


def to_csv(report: IngestReport, lang: str) -> bytes:
    """The whole report as CSV with a BOM, so Excel in China opens it correctly."""
    # File names and values in the report come from the upload: neutralised.
    return csv_bytes(to_frame(report, lang))


def to_json(report: IngestReport) -> str:
    """The report as JSON for machines (``--json``)."""
    body = asdict(report)
    body["field_map"] = dict(report.field_map)
    body["counts"] = {s: report.count(s) for s in (ERROR, WARNING, INFO)}
    body["ok"] = report.ok
    for issue in body["issues"]:
        issue["params"] = dict(issue["params"])
    return json.dumps(body, ensure_ascii=False, indent=2, default=str)


def summary(report: IngestReport, lang: str) -> str:
    """One line: features, predicted changes, error and warning counts."""
    return t(
        "upload.summary",
        lang,
        n=report.n_features,
        added=report.added,
        changed=report.changed,
        removed=report.removed,
        errors=report.count(ERROR),
        warnings=report.count(WARNING),
    )


def lines(report: IngestReport, lang: str) -> list[str]:
    """One line per issue for a terminal: ``row 3: error: ...``."""
    out = []
    for issue in report.issues:
        where = (
            ""
            if issue.feature_index is None
            else f"{t('report.feature', lang)} {issue.feature_index + 1}: "
        )
        out.append(
            f"{where}{t(f'severity.{issue.severity}', lang)}: {issue_text(issue, lang)}"
        )
    return out
