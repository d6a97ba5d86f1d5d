"""Values into the layer's types and vocabularies; extra attributes into JSON types.

:func:`coerce` casts mapped fields to their types, turns known spellings (the
catalog's value aliases, the app's own zh/en labels, any case or width) into the
listed values, and applies the steward's value mapping. A value outside a list is
kept as given, counted for the report (:class:`UnknownValue`) and shown as
"other" on the map; only a value that cannot be cast (a word in a number column)
is an error. Banners are keys, handled by the checks (derived from the location).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from geodata.catalog import CITY_NAME_ZH, FieldSpec, LayerSpec
from geodata.i18n import TEXTS
from geodata.ingest.validation import ERROR, WARNING, Issue
from geodata.storage import EXTRA_ATTRS, FEATURE_ID

#: Fields whose unknown values are not kept but worked out (banners are keys).
KEYS: tuple[str, ...] = ("banner",)
#: Province and city names agencies put in front of a banner's name.
_PREFIXES = ("内蒙古自治区", "内蒙古", CITY_NAME_ZH, "通辽")


def normal(value: object) -> str:
    """A spelling as compared: NFKC, no surrounding space, lower case.

    Examples
    --------
    >>> normal(" Ｂｕｉｌｔ "), normal("已建成")
    ('built', '已建成')
    """
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


@cache
def _labels(field_name: str, value: str) -> tuple[str, ...]:
    key = f"value.{field_name}.{value}"
    return TEXTS.get(key, ())


def known_spellings(spec: FieldSpec) -> dict[str, str]:
    """Every spelling of ``spec``'s listed values, normalised, to the listed value.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> known = known_spellings(get_layer("service_sites").field("site_type"))
    >>> known["军供站"], known["veterans' home"]
    ('military_supply_station', 'veterans_home')
    """
    out: dict[str, str] = {}
    for value in spec.allowed or ():
        out[normal(value)] = value
        for label in _labels(spec.name, value):
            out.setdefault(normal(label), value)
    for alias, value in spec.value_aliases.items():
        out.setdefault(normal(alias), value)
    return out


def canonical_banner(value: object, known: Mapping[str, str]) -> str | None:
    """A banner's listed name from a spelling, a code, or a prefixed full name.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> known = known_spellings(get_layer("signage").field("banner"))
    >>> canonical_banner("内蒙古自治区通辽市奈曼旗", known)
    '奈曼旗'
    >>> canonical_banner(150502, known)
    '科尔沁区'
    >>> canonical_banner("150525000000", known), canonical_banner("火星", known) is None
    ('奈曼旗', True)
    """
    text = normal(value)
    if re.fullmatch(r"\d{6}(0{3}|0{6})?(\.0+)?", text):
        text = text[:6]
    stripped = True
    while text not in known and stripped:
        stripped = False
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                text, stripped = text[len(prefix) :], True
    return known.get(text)


@dataclass(frozen=True)
class UnknownValue:
    """A value outside a field's list, how often it occurs, and where it goes."""

    field: str
    value: str
    count: int
    #: The listed value the steward mapped it to; ``None`` keeps it as given.
    mapped_to: str | None = None


def _to_bool(value: object) -> object:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = normal(value)
    if text in ("1", "1.0", "true", "yes", "y", "是", "有", "t"):
        return True
    if text in ("0", "0.0", "false", "no", "n", "否", "无", "f"):
        return False
    return None


def _as_text(raw: pd.Series) -> pd.Series:
    """Text of a column; whole numbers without ``.0`` (a code read as a float)."""
    if pd.api.types.is_float_dtype(raw.dtype):
        whole = raw.notna() & (raw % 1 == 0)
        text = raw.astype("string")
        ints = raw[whole].astype("int64").astype("string")
        return text.where(~whole, ints).str.strip()
    if raw.dtype == object:
        values = [
            str(int(v)) if isinstance(v, float) and v.is_integer() else v
            for v in raw.tolist()
        ]
        return pd.Series(values, index=raw.index, dtype="string").str.strip()
    return raw.astype("string").str.strip()


def coerce(
    frame: pd.DataFrame,
    spec: LayerSpec,
    value_map: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[pd.DataFrame, list[Issue], list[UnknownValue]]:
    """Cast mapped fields to their types and spellings to listed values.

    ``value_map`` is the steward's ``{field: {value: listed value}}``. Values
    that cannot be cast become null and are reported, so a stray text in a number
    column is visible instead of silently lost.

    Returns
    -------
    (DataFrame, list of Issue, list of UnknownValue)
        The frame, an issue per value that cannot be cast or is kept outside
        its list, and the values found outside each list (before the steward's
        mapping, so the choices stay on offer).
    """
    out = frame.copy()
    issues: list[Issue] = []
    unknown: list[UnknownValue] = []
    for f in spec.fields:
        if f.name not in out:
            continue
        raw = out[f.name]
        text = _as_text(raw)
        present = (text.notna() & (text != "")).fillna(False).astype(bool)
        if f.dtype == "str":
            values = text.astype(object).where(present, None)
            if f.allowed is not None:
                values, found = _vocabulary(values, f, (value_map or {}).get(f.name))
                unknown += found
                if f.name not in KEYS:
                    issues += _kept(values, f)
            out[f.name] = values
            continue
        cast = _cast(text, present, f.dtype)
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
    return out, issues, unknown


def _cast(text: pd.Series, present: pd.Series, dtype: str) -> pd.Series:
    if dtype == "bool":
        return text.where(present).astype(object).map(_to_bool, na_action="ignore")
    cast = pd.to_numeric(text.where(present), errors="coerce").astype("Float64")
    if dtype == "int":
        whole = cast.isna() | ((cast % 1) == 0)
        cast = cast.where(whole.fillna(True)).round().astype("Int64")
    return cast


def _vocabulary(
    values: pd.Series, spec: FieldSpec, chosen: Mapping[str, str] | None
) -> tuple[pd.Series, list[UnknownValue]]:
    """Known spellings to listed values, then the steward's mapping of the rest."""
    known = known_spellings(spec)
    if spec.name == "banner":
        spell = lambda v: canonical_banner(v, known) or v  # noqa: E731
    else:
        spell = lambda v: known.get(normal(v), v)  # noqa: E731
    # each distinct spelling once: a layer of 200,000 features has a handful
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    looked_up = np.array([spell(v) for v in uniques] + [None], dtype=object)
    mapped = pd.Series(looked_up[codes], index=values.index, dtype=object)
    outside = mapped.notna() & ~mapped.isin(spec.allowed)
    counts = mapped[outside].value_counts(sort=True)
    chosen = {k: v for k, v in (chosen or {}).items() if v in spec.allowed}
    found = [
        UnknownValue(spec.name, str(v), int(n), chosen.get(str(v)))
        for v, n in counts.items()
    ]
    if chosen:
        mapped = mapped.map(lambda v: chosen.get(v, v), na_action="ignore")
    return mapped.astype(object).where(mapped.notna(), None), found


def _kept(values: pd.Series, spec: FieldSpec) -> list[Issue]:
    """A warning per value kept outside the list (shown as "other")."""
    outside = values.notna() & ~values.isin(spec.allowed)
    return [
        Issue(
            "value_kept",
            WARNING,
            f"{spec.name}: {values.iloc[i]!r} kept outside the list",
            int(i),
            spec.name,
            {
                "field": spec.name,
                "value": str(values.iloc[i]),
                "allowed": ", ".join(spec.allowed or ()),
            },
        )
        for i in np.flatnonzero(outside.to_numpy())
    ]


def check_value_map(
    value_map: Mapping[str, Mapping[str, str]] | None, spec: LayerSpec
) -> list[tuple[str, str, str]]:
    """``(field, from, to)`` of each mapping whose field or target is not listed."""
    bad = []
    for name, pairs in (value_map or {}).items():
        allowed = spec.field(name).allowed if name in spec.field_names else None
        for source, target in pairs.items():
            if allowed is None or target not in allowed:
                bad.append((name, source, target))
    return bad


# --- extra attributes ----------------------------------------------------


def extra_columns(frame: pd.DataFrame, spec: LayerSpec) -> list[str]:
    """Columns the catalog has no field for (what ``extra_attrs`` keeps)."""
    known = {FEATURE_ID, EXTRA_ATTRS, *spec.field_names, frame.geometry.name}
    return [c for c in frame.columns if c not in known]


_INT = re.compile(r"-?(0|[1-9]\d{0,17})")


def typed_text(value: object) -> object:
    """A table cell as the JSON value it was written from, when that is exact.

    Only text a number or a truth value prints as exactly is converted, so a code
    with leading zeros stays text.

    Examples
    --------
    >>> [typed_text(v) for v in ("7", "007", "1.5", "1e3", "True", "是", None)]
    [7, '007', 1.5, '1e3', True, '是', None]
    """
    if not isinstance(value, str):
        return value
    if value in ("True", "False"):
        return value == "True"
    if _INT.fullmatch(value):
        return int(value)
    try:
        number = float(value)
    except ValueError:
        return value
    return number if repr(number) == value else value


def type_extras(
    frame: pd.DataFrame, spec: LayerSpec, *, from_text: bool
) -> pd.DataFrame:
    """Extra columns in the types they were exported in.

    A float column of whole numbers is an integer column with gaps (GDAL reads
    those as floats); ``from_text`` (CSV) cells are read with :func:`typed_text`.
    """
    out = frame
    for column in extra_columns(frame, spec):
        series = frame[column]
        if pd.api.types.is_float_dtype(series.dtype):
            finite = series.dropna()
            if len(finite) and (finite % 1 == 0).all() and finite.abs().max() < 2**53:
                new = series.astype("Int64")
            else:
                continue
        elif from_text and (
            series.dtype == object or pd.api.types.is_string_dtype(series.dtype)
        ):
            new = pd.Series(
                [
                    None if v is None or v != v else typed_text(v)
                    for v in series.tolist()
                ],
                index=series.index,
                dtype=object,
            )
        else:
            continue
        if out is frame:
            out = frame.copy()
        out[column] = new
    return out


def extras_json(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Check an ``extra_attrs`` column a file brought: JSON objects are merged.

    Text that is not a JSON object is kept as an ordinary extra attribute
    (``extra_attrs_src``) with a warning, never lost and never trusted.
    """
    if EXTRA_ATTRS not in frame:
        return frame, []
    values = frame[EXTRA_ATTRS]
    good: list[object] = []
    bad_rows: list[int] = []
    for i, value in enumerate(values.tolist()):
        if value is None or value != value or value == "":
            good.append(None)
            continue
        try:
            parsed = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            good.append(json.dumps(parsed, ensure_ascii=False) if parsed else None)
        else:
            good.append(None)
            bad_rows.append(i)
    out = frame.copy()
    out[EXTRA_ATTRS] = pd.Series(good, index=frame.index, dtype=object)
    if not bad_rows:
        return out, []
    out[f"{EXTRA_ATTRS}_src"] = values.where(
        pd.Series(np.isin(np.arange(len(values)), bad_rows), index=values.index)
    ).astype(object)
    issues = [
        Issue(
            "extra_attrs_not_json", WARNING, "extra_attrs is not JSON", i, EXTRA_ATTRS
        )
        for i in bad_rows
    ]
    return out, issues
