"""The map's browser runtime as folium elements: setup, legend rows, labels, slides.

``mapping/js/gd-map.js`` (served beside Leaflet, inlined in exported HTML) holds the
behaviour: one cluster group across every point layer, status symbols, a legend that
lists the layers on the map, banner and seat labels placed around symbols, and the
presenter's extent that fits any screen. The elements here only hand it data:

- :class:`MapRuntime` on the base map: texts in the page's language, presenter mode;
- :class:`LegendRow` in a layer's feature group: its row, shown while it is shown;
- :class:`Labels` on the base map: banner and seat names;
- :class:`SlideExtent` in a feature group: the slide's bounds and a token the page
  waits for, so title, cards and map change together.

How layer *data* reaches the page is not here: see
:mod:`geodata.mapping.payload` and :class:`geodata.mapping.render.LayerDataElement`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import ClassVar

from branca.element import MacroElement

from folium.elements import JSCSSMixin
from folium.template import Template

from geodata.i18n import t
from geodata.mapping.assets import OWN_CSS, OWN_JS
from geodata.mapping.safe import js_literal

__all__ = ["Labels", "LegendRow", "MapRuntime", "SlideExtent"]


def runtime_texts(lang: str) -> dict[str, str]:
    """The runtime's own words in ``lang`` (controls, legend heading), escaped."""
    keys = ("zoom_in", "zoom_out", "layers", "legend")
    return {k: html.escape(t(f"map.control.{k}", lang)) for k in keys}


class MapRuntime(JSCSSMixin, MacroElement):
    """Loads ``gd-map.js`` and sets the map up in ``lang``.

    ``projector`` sizes symbols, labels and legend for a room and lets the arrow
    keys step slides; ``fill`` makes the map fill its frame (the page sizes it).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
gd.setup({{ this._parent.get_name() }}, {{ this.options }});
{% endmacro %}
""")
    # Points and clusters are gd-data.js's (made for what is on screen only):
    # no Leaflet.markercluster, which holds a marker object per point.
    default_js: ClassVar = [("gd_map_js", OWN_JS)]
    default_css: ClassVar = [("gd_map_css", OWN_CSS)]

    def __init__(
        self,
        lang: str,
        *,
        projector: bool = False,
        fill: bool = False,
        base: Sequence[dict] = (),
    ) -> None:
        super().__init__()
        self._name = "MapRuntime"
        self.options = js_literal(
            {
                "text": runtime_texts(lang),
                "projector": projector,
                "fill": fill,
                "attribution": html.escape(t("map.attribution", lang)),
                "base": list(base),
            }
        )


class LegendRow(MacroElement):
    """A layer's legend row (see :func:`geodata.mapping.symbols.legend_entry`)."""

    _template = Template("""
{% macro script(this, kwargs) %}
gd.legend({{ this._parent.get_name() }}, {{ this.entry }});
{% endmacro %}
""")

    def __init__(self, entry: dict) -> None:
        super().__init__()
        self._name = "LegendRow"
        self.entry = js_literal(entry)


class Labels(MacroElement):
    """Names drawn on the map: ``(lat, lon, text, kind)`` with kind banner or seat.

    Texts are plain (the runtime sets them with ``textContent``).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
gd.labels({{ this._parent.get_name() }}, {{ this.labels }});
{% endmacro %}
""")

    def __init__(self, labels: Sequence[tuple[float, float, str, str]]) -> None:
        super().__init__()
        self._name = "Labels"
        self.labels = js_literal(
            [
                {"lat": lat, "lng": lon, "text": text, "kind": kind}
                for lat, lon, text, kind in labels
            ]
        )


class SlideExtent(MacroElement):
    """The slide's bounds ``((lat_min, lon_min), (lat_max, lon_max))`` and token."""

    _template = Template("""
{% macro script(this, kwargs) %}
gd.slide({{ this._parent.get_name() }}, {{ this.view }});
{% endmacro %}
""")

    def __init__(
        self, bounds: tuple[tuple[float, float], tuple[float, float]], token: str
    ) -> None:
        super().__init__()
        self._name = "SlideExtent"
        self.view = js_literal({"bounds": [list(p) for p in bounds], "token": token})
