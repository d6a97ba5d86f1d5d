"""Ingest of stewards' files: archive safety, formats, encodings, CRS, mapping, checks.

One entry point per step, every one taking its arguments in the same order: the
store first (when the step needs one), then what the step works on, then the
target layer, then keyword-only choices::

    inspect(upload, layer_id, *, file_name, options, limits) -> Inspection
    prepare(store, upload, layer_id, *, file_name, options, limits, progress)
        -> Prepared
    commit(store, prepared, *, author, note, banners) -> LayerVersion

``upload`` is the file's bytes (with ``file_name``, whose extension says the
format) or a path, read in place. Ingest unpacks archives into a private
temporary folder of its own and removes it before returning, whatever happens;
callers never manage temporary files.

The page and ``python -m geodata ingest`` import only this package: everything
they need (options, limits, report helpers, encoding choices, accepted file
extensions, severities) is re-exported here.
"""

from geodata.ingest.archive import Limits
from geodata.ingest.diff import FieldChange
from geodata.ingest.encoding import CHOICES as ENCODING_CHOICES
from geodata.ingest.pipeline import (
    IngestOptions,
    IngestReport,
    Inspection,
    Prepared,
    Upload,
    commit,
    inspect,
    prepare,
)
from geodata.ingest.readers import EXTENSIONS
from geodata.ingest.report import TABLE_LIMIT as REPORT_TABLE_LIMIT
from geodata.ingest.report import changes_frame, issue_text, skip_summary
from geodata.ingest.report import grouped_lines as report_grouped_lines
from geodata.ingest.report import lines as report_lines
from geodata.ingest.report import summary as report_summary
from geodata.ingest.report import to_csv as report_csv
from geodata.ingest.report import to_frame as report_frame
from geodata.ingest.report import to_json as report_json
from geodata.ingest.validation import ERROR, INFO, WARNING, Issue
from geodata.ingest.values import UnknownValue

__all__ = [
    "ENCODING_CHOICES",
    "ERROR",
    "EXTENSIONS",
    "INFO",
    "REPORT_TABLE_LIMIT",
    "WARNING",
    "FieldChange",
    "IngestOptions",
    "IngestReport",
    "Inspection",
    "Issue",
    "Limits",
    "Prepared",
    "UnknownValue",
    "Upload",
    "changes_frame",
    "commit",
    "inspect",
    "issue_text",
    "prepare",
    "report_csv",
    "report_frame",
    "report_grouped_lines",
    "report_json",
    "report_lines",
    "report_summary",
    "skip_summary",
]
