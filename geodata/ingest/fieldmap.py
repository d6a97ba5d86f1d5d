"""From a file's columns to a layer's fields: which column feeds which field.

Catalog names, aliases and titles are matched first (case and width
insensitive, the most telling alias winning). A generic header such as 类型 maps
only when its values fit the field's list, and a name a dBase header cut to 10
bytes (``行政区划代``, ``illustrati``) maps to the field it starts. Columns left
unmapped are not dropped: the store keeps them in ``extra_attrs``. Every choice
that is not a plain name match is said in the report, and a column close to a
field's name gets a hint. The steward can then change any pair.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from geodata.catalog import FieldSpec, LayerSpec
from geodata.ingest.validation import INFO, Issue
from geodata.ingest.values import known_spellings, normal
from geodata.storage import EXTRA_ATTRS, FEATURE_ID

#: Headers that hold a feature's stable id (needed for update mode).
ID_ALIASES: tuple[str, ...] = (FEATURE_ID, "要素编号", "要素ID", "FEATURE_ID")
#: Share of a generic column's distinct values that must fit a field's list.
FIT_SHARE = 0.5
_DBF_NAME_BYTES = 10
_HINT_RATIO = 0.75


def _key(text: object) -> str:
    """Compare headers ignoring case, full-width forms and surrounding space."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


@dataclass(frozen=True)
class Suggestion:
    """A mapping ``{column: field}`` and what the report should say about it."""

    mapping: dict[str, str]
    notes: tuple[Issue, ...] = field(default=())


def _targets(spec: LayerSpec) -> list[tuple[str, tuple[str, ...], FieldSpec | None]]:
    """``(field, names in order of preference, spec)``, the id first."""
    out: list[tuple[str, tuple[str, ...], FieldSpec | None]] = [
        (FEATURE_ID, ID_ALIASES, None)
    ]
    out += [
        (f.name, (*f.aliases, f.name, f.title_zh, f.title_en), f) for f in spec.fields
    ]
    out.append((EXTRA_ATTRS, (EXTRA_ATTRS,), None))
    return out


def _cut(name: str, codec: str) -> str:
    """``name`` as a 10-byte dBase header in ``codec`` keeps it (a cut char dropped).

    Examples
    --------
    >>> _cut("行政区划代码", "gbk"), _cut("行政区划代码", "utf-8")
    ('行政区划代', '行政区')
    >>> _cut("illustrative", "utf-8")
    'illustrati'

    """
    data = name.encode(codec, errors="ignore")[:_DBF_NAME_BYTES]
    return data.decode(codec, errors="ignore")


def _fits(values: pd.Series, spec: FieldSpec) -> bool:
    """Whether most distinct values of a column are spellings of ``spec``'s list."""
    distinct = {normal(v) for v in values.dropna().astype(str) if str(v).strip()}
    if not distinct:
        return False
    known = known_spellings(spec)
    return sum(v in known for v in distinct) >= FIT_SHARE * len(distinct)


def suggest(
    columns: Sequence[str],
    spec: LayerSpec,
    sample: pd.DataFrame | None = None,
) -> Suggestion:
    """Map file columns to layer fields by name, alias, title, cut name, values.

    Each field takes at most one column: the one matching its most telling name.
    ``sample`` holds some of the file's rows, for the generic headers.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> spec = get_layer("youth_schools")
    >>> suggest(["名称", "旗县", "建设状态", "面积"], spec).mapping
    {'名称': 'name', '旗县': 'banner', '建设状态': 'status'}
    >>> found = suggest(["名称", "illustrati", "funding_wa"], get_layer("signage"))
    >>> found.mapping
    {'名称': 'name', 'illustrati': 'illustrative', 'funding_wa': 'funding_wan'}
    >>> [n.code for n in found.notes]
    ['column_cut', 'column_cut']
    """
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    out: dict[str, str] = {}
    notes: list[Issue] = []
    targets = _targets(spec)
    for name, names, _ in targets:
        column = next((by_key[_key(n)] for n in names if _key(n) in by_key), None)
        if column is not None and column not in out:
            out[column] = name
    for name, _, fspec in targets:
        if fspec is None or not fspec.ambiguous or name in out.values():
            continue
        for header in fspec.ambiguous:
            column = by_key.get(_key(header))
            if column is None or column in out:
                continue
            if sample is not None and column in sample and _fits(sample[column], fspec):
                out[column] = name
                notes.append(_note("column_by_values", column, name))
            else:
                notes.append(_note("column_kept", column, name))
            break
    notes = [n for n in notes if n.code != "column_kept" or n.field not in out]
    for column in columns:
        if column in out:
            continue
        cut = _by_cut_name(column, targets, set(out.values()))
        if cut is not None:
            out[column] = cut
            notes.append(_note("column_cut", column, cut))
    notes += _hints([c for c in columns if c not in out], targets, set(out.values()))
    return Suggestion(out, tuple(notes))


def _note(code: str, column: str, field_name: str) -> Issue:
    return Issue(
        code,
        INFO,
        f"column {column}: {code} {field_name}",
        field=column,
        params={"column": column, "field": field_name},
    )


def _by_cut_name(
    column: str,
    targets: list[tuple[str, tuple[str, ...], FieldSpec | None]],
    taken: set[str],
) -> str | None:
    """The field a header cut to 10 bytes (UTF-8 or GBK) comes from, if any."""
    key = _key(column)
    for codec in ("utf-8", "gbk"):
        size = len(column.encode(codec, errors="ignore"))
        if not _DBF_NAME_BYTES - 3 <= size <= _DBF_NAME_BYTES:
            continue
        for name, names, _ in targets:
            if name in taken:
                continue
            for alias in names:
                long = len(alias.encode(codec, errors="ignore")) > _DBF_NAME_BYTES
                if long and _key(_cut(alias, codec)) == key:
                    return name
    return None


def _hints(
    columns: list[str],
    targets: list[tuple[str, tuple[str, ...], FieldSpec | None]],
    taken: set[str],
) -> list[Issue]:
    """A hint for each unmapped column whose name is close to a free field's."""
    out = []
    for column in columns:
        best, score = None, 0.0
        for name, names, _ in targets:
            if name in taken or name == EXTRA_ATTRS:
                continue
            for alias in names:
                ratio = _closeness(_key(column), _key(alias))
                if ratio > score:
                    best, score = (name, alias), ratio
        if best is not None and score >= _HINT_RATIO:
            out.append(
                Issue(
                    "column_hint",
                    INFO,
                    f"column {column} not mapped; {best[1]} ({best[0]})?",
                    field=column,
                    params={"column": column, "field": best[0], "alias": best[1]},
                )
            )
    return out


def _closeness(a: str, b: str) -> float:
    """How alike two headers are; one wrong character in a short one is close.

    Two-character Chinese headers with one wrong character (a typing slip, 名程
    for 名称) score only 0.5 by sequence ratio, so an equal-length pair that
    differs in one place counts as close as the hint threshold.

    Examples
    --------
    >>> _closeness("名程", "名称"), _closeness("面积", "名称")
    (0.75, 0.0)
    >>> round(_closeness("adress", "address"), 2)
    0.92
    """
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    if len(a) != len(b) or len(a) < 2:
        return ratio
    slip = sum(x != y for x, y in zip(a, b, strict=True)) == 1
    return max(ratio, _HINT_RATIO) if slip else ratio


def merge(
    suggested: Mapping[str, str], overrides: Mapping[str, str] | None
) -> dict[str, str]:
    """The suggestion with the steward's choices on top.

    ``overrides`` maps a column to a field, or to ``""`` to leave it unmapped; a
    field given a column is taken from any other column.

    Examples
    --------
    >>> merge({"名称": "name", "类型": "site_type"}, {"标题": "name", "类型": ""})
    {'标题': 'name'}
    """
    out = dict(suggested)
    for column, target in (overrides or {}).items():
        if target:
            out = {c: f for c, f in out.items() if f != target}
            out[column] = target
        else:
            out.pop(column, None)
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
