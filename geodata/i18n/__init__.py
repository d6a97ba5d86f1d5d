"""User-facing text, Chinese first with English: every visible string comes from here.

Each feature keeps its own table module (``core``, ``map``, ...); this package
merges them and checks that every key has both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from geodata.catalog import BANNERS, LayerSpec, get_layer
from geodata.errors import set_renderer
from geodata.i18n import access, cli, core, errors
from geodata.i18n import analysis as _analysis
from geodata.i18n import ingest as _ingest
from geodata.i18n import map as _map
from geodata.i18n import presenter as _presenter
from geodata.i18n import storage as _storage
from geodata.i18n import upload as _upload

LANGS: tuple[str, ...] = ("zh", "en")
_TABLES: tuple[Mapping[str, tuple[str, str]], ...] = (
    core.TEXTS,
    errors.TEXTS,
    cli.TEXTS,
    _upload.TEXTS,
    _ingest.TEXTS,
    _presenter.TEXTS,
    _map.TEXTS,
    _storage.TEXTS,
    access.TEXTS,
    _analysis.TEXTS,
)


def _merge() -> Mapping[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in _TABLES:
        clash = merged.keys() & table.keys()
        if clash:
            raise ValueError(f"i18n keys defined twice: {sorted(clash)}")
        merged.update(table)
    return MappingProxyType(merged)


TEXTS = _merge()


def t(key: str, lang: str = "zh", **values: object) -> str:
    """Return the text for ``key`` in ``lang``, formatted with ``values``.

    Examples
    --------
    >>> t("app.title", "en")
    'Double-support map of Tongliao'
    """
    try:
        zh, en = TEXTS[key]
    except KeyError:
        raise KeyError(f"No i18n text for key {key!r}") from None
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def banner_label(name_zh: str, lang: str) -> str:
    """A banner's display name; unknown names pass through unchanged.

    Examples
    --------
    >>> banner_label("奈曼旗", "en")
    'Naiman Banner'
    """
    if lang != "en":
        return name_zh
    for b in BANNERS:
        if b.name_zh == name_zh:
            return b.name_en
    return name_zh


#: Fields whose values are codes with a label each (``value.<field>.<code>``).
_CODED = frozenset(
    k.split(".")[1] for k in TEXTS if k.startswith("value.") and k.count(".") >= 2
)


def value_label(field: str, value: object, lang: str) -> str:
    """Display text of a coded value (status, site type, ...); others as ``str``.

    A value a steward kept outside a coded field's list reads as "other", with
    the value as stored beside it.

    Examples
    --------
    >>> value_label("status", "built", "zh")
    '已建成'
    >>> value_label("site_type", "宣传牌", "en"), value_label("name", "甲", "en")
    ('other (宣传牌)', '甲')
    """
    if value is None:
        return ""
    if field == "banner":
        return banner_label(str(value), lang)
    key = f"value.{field}.{value}"
    if key in TEXTS:
        return t(key, lang)
    if field in _CODED and field != "illustrative":
        return t("value.other_value", lang, value=value)
    return str(value)


def layer_title(layer: str | LayerSpec, lang: str) -> str:
    """A layer's title in ``lang``."""
    spec = get_layer(layer) if isinstance(layer, str) else layer
    return spec.title(lang)


def render_error(
    code: str, params: Mapping[str, object], lang: str, fallback: str = ""
) -> str:
    """The text of error ``code`` in ``lang``, parameters filled in.

    A ``layer`` parameter holding a layer id is shown as that layer's title, a
    ``kind`` of store document by its name (``deck`` as 幻灯片组). An
    unknown code falls back to ``fallback`` (or the code itself).

    Examples
    --------
    >>> render_error("store.locked", {"path": "a.gpkg", "layer": "signage"}, "en")
    ... # doctest: +ELLIPSIS
    "Another steward is saving to a.gpkg, so layer 'Permanent double-support..."
    """
    key = f"error.{code}"
    if key not in TEXTS:
        return fallback or code
    values = dict(params)
    kind = values.get("kind")
    if isinstance(kind, str) and f"kind.{kind}" in TEXTS:
        values["kind"] = t(f"kind.{kind}", lang)
    layer = values.get("layer")
    if isinstance(layer, str):
        try:
            values["layer"] = layer_title(layer, lang)
        except KeyError:
            pass  # not a layer id: show as given
    try:
        return t(key, lang, **values)
    except (KeyError, IndexError):  # a parameter the text needs was not given
        return fallback or code


set_renderer(render_error)
