"""From a file's columns to a layer's schema: coordinate columns, field mapping, values.

Catalog names and aliases are matched first (case and width insensitive); the
steward can then change any pair. Columns left unmapped are not dropped: the
store keeps them as JSON in ``extra_attrs``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from geodata.catalog import LayerSpec
from geodata.ingest.validation import ERROR, Issue
from geodata.storage import EXTRA_ATTRS, FEATURE_ID

#: Headers that hold a feature's stable id (needed for update mode).
ID_ALIASES: tuple[str, ...] = (FEATURE_ID, "要素编号", "要素ID", "FEATURE_ID")

# (x, y) header pairs for tables of points, most specific first.
_XY_PAIRS: tuple[tuple[str, str], ...] = (
    ("lon", "lat"),
    ("lng", "lat"),
    ("longitude", "latitude"),
    ("long", "lat"),
    ("经度", "纬度"),
    ("东经", "北纬"),
    ("x", "y"),
    ("x坐标", "y坐标"),
    ("point_x", "point_y"),
    ("横坐标", "纵坐标"),
)


def _key(text: object) -> str:
    """Compare headers ignoring case, full-width forms and surrounding space."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def find_xy_columns(columns: Sequence[str]) -> tuple[str, str] | None:
    """The (x, y) columns of a point table, in any order, or ``None``.

    Examples
    --------
    >>> find_xy_columns(["名称", "纬度", "经度"])
    ('经度', '纬度')
    >>> find_xy_columns(["Name", "LAT", "Lon"])
    ('Lon', 'LAT')
    >>> find_xy_columns(["a", "b"]) is None
    True
    """
    by_key = {_key(c): c for c in columns}
    for x, y in _XY_PAIRS:
        if x in by_key and y in by_key:
            return by_key[x], by_key[y]
    return None


def suggest(columns: Sequence[str], spec: LayerSpec) -> dict[str, str]:
    """Map file columns to layer fields by name, alias, then title.

    Each field takes at most one column, the first that matches; returns
    ``{column: field}``.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> suggest(["名称", "旗县", "建设状态", "面积"], get_layer("youth_schools"))
    {'名称': 'name', '旗县': 'banner', '建设状态': 'status'}
    """
    wanted: list[tuple[str, tuple[str, ...]]] = [(FEATURE_ID, ID_ALIASES)]
    wanted += [
        (f.name, (f.name, *f.aliases, f.title_zh, f.title_en)) for f in spec.fields
    ]
    out: dict[str, str] = {}
    for field, names in wanted:
        keys = {_key(n) for n in names}
        for column in columns:
            if column not in out and _key(column) in keys:
                out[column] = field
                break
    return out


def apply(
    frame: pd.DataFrame, mapping: Mapping[str, str], spec: LayerSpec
) -> pd.DataFrame:
    """Rename mapped columns to field names; rename clashing unmapped ones.

    A column left unmapped whose header happens to equal a field name would
    otherwise be taken for that field, so it gets a ``_src`` suffix and goes to
    ``extra_attrs`` like any other unmapped column.
    """
    targets = {FEATURE_ID, EXTRA_ATTRS, *spec.field_names}
    used = {c: f for c, f in mapping.items() if f and c in frame.columns}
    renames: dict[str, str] = dict(used)
    for column in frame.columns:
        if column in used or column == frame.geometry.name:
            continue
        if column in targets:
            renames[column] = f"{column}_src"
    return frame.rename(columns=renames)


def _to_bool(value: object) -> object:
    text = _key(value)
    if text in ("1", "true", "yes", "y", "是", "有", "t"):
        return True
    if text in ("0", "false", "no", "n", "否", "无", "f"):
        return False
    return None


def coerce(frame: pd.DataFrame, spec: LayerSpec) -> tuple[pd.DataFrame, list[Issue]]:
    """Cast mapped fields to their types and known spellings to allowed values.

    Values that cannot be cast become null and are reported, so a stray text in a
    number column is visible instead of silently lost.
    """
    out = frame.copy()
    issues: list[Issue] = []
    for f in spec.fields:
        if f.name not in out:
            continue
        raw = out[f.name]
        text = raw.astype("string").str.strip()
        present = (text.notna() & (text != "")).fillna(False).astype(bool)
        if f.dtype == "str":
            values = text.astype(object).where(present, None)
            if f.value_aliases:
                known = values.isin(list(f.value_aliases))
                values = values.where(~known, values.map(dict(f.value_aliases)))
            out[f.name] = values
            continue
        if f.dtype == "bool":
            cast = text.where(present).map(_to_bool, na_action="ignore")
        else:
            cast = pd.to_numeric(text.where(present), errors="coerce").astype("Float64")
            if f.dtype == "int":
                whole = cast.isna() | ((cast % 1) == 0)
                cast = cast.where(whole.fillna(True)).round().astype("Int64")
        bad = present & cast.isna()
        for i in np.flatnonzero(bad.to_numpy()):
            issues.append(
                Issue(
                    "bad_value",
                    ERROR,
                    f"{f.name}: {raw.iloc[i]!r} is not a {f.dtype}",
                    int(i),
                    f.name,
                    {"field": f.name, "value": str(raw.iloc[i]), "dtype": f.dtype},
                )
            )
        out[f.name] = cast
    return out, issues
