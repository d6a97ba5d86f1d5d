"""Rows to and from PostgreSQL's ``COPY`` in CSV, built and parsed by Arrow.

Writes and reads move whole columns: Arrow writes the CSV a ``COPY ... FROM
STDIN`` takes and parses what ``COPY ... TO STDOUT`` sends, so no Python object
is made per value on the way. Geometries travel as hex EWKB with SRID 4326 (the
column's type demands it); strings are always quoted, so an empty string and a
missing value (an unquoted empty field, PostgreSQL's CSV NULL) stay apart.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

import shapely

from geodata.catalog import LayerSpec

_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
#: Rows per CSV chunk sent to COPY: bounds the memory a million-row write holds.
CHUNK_ROWS = 50_000
_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="needed")


def arrow_type(dtype: str) -> pa.DataType:
    """The Arrow type a catalog dtype travels as (booleans as 0/1 on the way in)."""
    return _ARROW.get(dtype, pa.bool_())


def encode_geometries(geometries: np.ndarray) -> list[str | None]:
    """Hex EWKB (2D, SRID 4326) of each geometry; ``None`` stays ``None``.

    Examples
    --------
    >>> encode_geometries(np.array([shapely.Point(1, 2), None]))[0][:18]
    '0101000020E6100000'
    """
    geoms = np.asarray(geometries, dtype=object)
    if len(geoms) and shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    geoms = shapely.set_srid(geoms, 4326)
    return shapely.to_wkb(geoms, hex=True, include_srid=True).tolist()


def decode_geometries(hexes: pa.ChunkedArray | Sequence[str | None]) -> np.ndarray:
    """Shapely geometries from hex (E)WKB strings."""
    if isinstance(hexes, pa.ChunkedArray):
        hexes = hexes.to_numpy(zero_copy_only=False)
    values = np.asarray(hexes, dtype=object)
    if not len(values):
        return np.array([], dtype=object)
    return shapely.from_wkb(values)


def csv_chunks(
    columns: Sequence[tuple[str, pa.DataType, Sequence[Any]]],
) -> Iterator[bytes]:
    """CSV bytes of the columns ``(name, type, values)``, ``CHUNK_ROWS`` at a time."""
    arrays = [pa.array(values, type=kind) for _, kind, values in columns]
    whole = pa.table(arrays, names=[name for name, _, _ in columns])
    for start in range(0, max(len(whole), 1), CHUNK_ROWS):
        part = whole.slice(start, CHUNK_ROWS)
        if not len(part):
            return
        out = io.BytesIO()
        pacsv.write_csv(part, out, _WRITE)
        yield out.getvalue()


def read_csv(data: bytes, columns: Sequence[tuple[str, pa.DataType]]) -> pa.Table:
    """Parse what ``COPY ... TO STDOUT (FORMAT csv)`` sent, with the given types."""
    names = [name for name, _ in columns]
    if not data:
        return pa.table([pa.array([], type=kind) for _, kind in columns], names=names)
    return pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict(columns),
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            null_values=[""],
            true_values=["t"],
            false_values=["f"],
        ),
    )


def read_columns(
    spec: LayerSpec, wanted: Sequence[str]
) -> list[tuple[str, pa.DataType]]:
    """Name and Arrow type of each column a read returns (geometry last, as text)."""
    dtypes = {f.name: f.dtype for f in spec.fields}
    out = []
    for name in wanted:
        kind = (
            pa.bool_()
            if dtypes.get(name) == "bool"
            else arrow_type(dtypes.get(name, "str"))
        )
        out.append((name, kind))
    return out


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """A frame with nullable integers and booleans (``rows.typed_frame`` does text)."""
    return table.to_pandas(
        types_mapper={pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}.get
    )
