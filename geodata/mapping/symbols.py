"""How each layer is drawn: symbol and colour per status, its legend row (no folium).

Wherever status matters the three states look different: a built place is a
filled symbol (solid line, filled area), one under construction half filled
(dashed), a planned one hollow (dotted). The browser draws them from the CSS
classes ``gd-st-<status>`` in ``mapping/js/gd-map.css``; lines and areas take
the dash patterns below.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from geodata.catalog import STATUSES, LayerSpec
from geodata.i18n import layer_title, t, value_label

#: Leaflet ``dashArray`` per status for lines and area outlines (None: solid).
DASHES: dict[str, str | None] = {
    "built": None,
    "under_construction": "9 6",
    "planned": "2 7",
}
DEFAULT_SYMBOL = "●"
#: Order in the legend: what exists first.
_LEGEND_STATUS_ORDER = ("built", "under_construction", "planned")
assert set(_LEGEND_STATUS_ORDER) == set(STATUSES)


def symbol(spec: LayerSpec) -> str:
    """The layer's symbol, HTML-escaped (a dot when the catalog names none).

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> symbol(get_layer("youth_schools")), symbol(get_layer("support_parks"))
    ('★', '●')
    """
    return html.escape(spec.style.symbol or DEFAULT_SYMBOL)


def shape_style(spec: LayerSpec, status: object) -> dict[str, object]:
    """Leaflet path options for a line or area of ``spec`` in ``status``.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> shape_style(get_layer("support_parks"), "planned")["dashArray"]
    '2 7'
    >>> "dashArray" in shape_style(get_layer("support_parks"), "built")
    False
    """
    style = spec.style
    out: dict[str, object] = {
        "color": style.color,
        "weight": style.weight,
        "fillColor": style.color,
        "fillOpacity": style.fill_opacity,
    }
    dash = DASHES.get(str(status)) if isinstance(status, str) else None
    if dash:
        out["dashArray"] = dash
        out["fillOpacity"] = style.fill_opacity * 0.4
    return out


def present_statuses(values: Iterable[object]) -> tuple[str, ...]:
    """The catalog statuses among ``values``, in legend order.

    Examples
    --------
    >>> present_statuses(["planned", None, "built", "planned"])
    ('built', 'planned')
    """
    seen = {v for v in values if isinstance(v, str)}
    return tuple(s for s in _LEGEND_STATUS_ORDER if s in seen)


def legend_entry(
    spec: LayerSpec, order: int, kind: str, statuses: tuple[str, ...], lang: str
) -> dict[str, object]:
    """The legend row of one layer as the map's runtime reads it.

    ``kind`` is ``point``, ``line`` or ``area`` (what the layer draws);
    ``statuses`` those present. A layer whose places are all built shows no status
    row; any other mix lists each state with its own symbol. Texts are escaped.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> e = legend_entry(get_layer("youth_schools"), 4, "point",
    ...                  ("built", "planned"), "en")
    >>> e["title"], e["statuses"]
    ('Youth military schools', [['built', 'Built'], ['planned', 'Planned']])
    >>> legend_entry(get_layer("signage"), 3, "point", ("built",), "zh")["statuses"]
    []
    """
    shown = [] if statuses in ((), ("built",)) else list(statuses)
    return {
        "id": spec.id,
        "order": order,
        "title": html.escape(layer_title(spec, lang)),
        "color": spec.style.color,
        "symbol": symbol(spec),
        "kind": kind,
        "statuses": [[s, html.escape(value_label("status", s, lang))] for s in shown],
    }


def base_entries(lang: str) -> list[dict[str, object]]:
    """Legend rows of the offline basemap: banner boundaries and banner seats."""
    return [
        {
            "id": "_boundaries",
            "title": html.escape(t("map.banner_boundaries", lang)),
            "color": "#5b6770",
            "kind": "boundary",
        },
        {
            "id": "_seats",
            "title": html.escape(t("map.legend.seats", lang)),
            "color": "#444",
            "kind": "seat",
        },
    ]
