"""Ingest of stewards' files: archive safety, formats, encodings, CRS, mapping, checks.

``prepare`` reads and checks an upload against a layer; ``commit`` writes it as a
new layer version. The page and ``python -m geodata ingest`` both use these.
"""

from geodata.ingest.archive import Limits
from geodata.ingest.pipeline import (
    IngestOptions,
    IngestReport,
    Inspection,
    Prepared,
    commit,
    inspect,
    prepare,
)

__all__ = [
    "IngestOptions",
    "IngestReport",
    "Inspection",
    "Limits",
    "Prepared",
    "commit",
    "inspect",
    "prepare",
]
