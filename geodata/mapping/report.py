"""The offline map as a small standalone report: one HTML file, no server, no internet.

Beside the map (whose legend lists its layers and whose popups hold every
attribute) a panel says what the file shows: the title, the filters it was made
with, the illustrative-positions note, and the headline figures, each with the
sentence it comes from. Every text from data is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from branca.element import Element

import geopandas as gpd

from geodata.figures import Figure, source_prefix
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.mapping.assets import standalone_html
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.render import offline_map
from geodata.mapping.safe import html_text
from geodata.view import REFERENCE_LAYERS, MapView

__all__ = ["filter_lines", "report_html"]

_CSS = """
<style>
.gd-report{position:fixed;left:0;top:0;bottom:0;width:340px;overflow:auto;
  box-sizing:border-box;padding:16px 18px;font:14px/1.5 sans-serif;color:#222;
  background:#fff;border-right:1px solid #ddd}
.gd-report h1{font-size:20px;margin:0 0 4px}
.gd-report h2{font-size:15px;margin:14px 0 4px}
.gd-report .gd-note{color:#b22222}.gd-report ul{margin:0;padding-left:18px}
.gd-report .gd-fig{margin:8px 0;padding:6px 8px;border:1px solid #e3ddd2;
  border-radius:4px}
.gd-report .gd-val{font-size:20px;font-weight:700;color:#b22222}
.gd-report .gd-src{font-size:12px;color:#555}
.folium-map{position:absolute!important;left:340px!important;right:0;top:0;bottom:0;
  width:auto!important;height:auto!important}
@media (max-width:700px){.gd-report{position:static;width:auto;border:0}
  .folium-map{position:relative!important;left:0!important;height:80vh!important}}
.leaflet-popup-content{font-size:13px;min-width:220px}
.gd-details th{text-align:left;padding-right:8px;color:#555;font-weight:normal;
  white-space:nowrap;vertical-align:top}
.gd-source{font-size:12px;color:#555;margin-top:4px}
.leaflet-popup .gd-note{font-size:12px;color:#b22222;margin-top:4px}
</style>
"""


class _Raw(Element):
    """HTML placed as it is: never compiled as a template (it holds data)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def filter_lines(view: MapView) -> list[str]:
    """The view's filters in words, one line each (plain text, not escaped).

    Examples
    --------
    >>> filter_lines(MapView(banners=("奈曼旗",), statuses=("built",), lang="en"))
    ['Layers shown: all', 'Banner / county: Naiman Banner', 'Status: Built']
    >>> filter_lines(MapView(layers=("signage",), year_range=(2020, 2021)))
    ['显示图层：永久性双拥宣传标牌', '年份范围：2020–2021（保留未填年份的要素）']
    """
    lang = view.lang
    colon = ": " if lang == "en" else "："
    shown = [lid for lid in view.layers if lid not in REFERENCE_LAYERS]
    every = len(shown) == len(MapView().layers) - len(REFERENCE_LAYERS)
    layers = (
        t("report.all", lang)
        if every
        else ", ".join(layer_title(lid, lang) for lid in shown)
    )
    lines = [f"{t('map.layers', lang)}{colon}{layers}"]
    parts = (
        ("map.filter.banner", [banner_label(b, lang) for b in view.banners]),
        ("map.filter.status", [value_label("status", s, lang) for s in view.statuses]),
        ("map.filter.unit", list(view.units)),
    )
    for key, values in parts:
        if values:
            lines.append(f"{t(key, lang)}{colon}{', '.join(values)}")
    if view.year_range is not None:
        low, high = view.year_range
        undated = (
            "map.filter.keep_undated" if view.keep_undated else "report.dated_only"
        )
        lines.append(
            f"{t('map.filter.years', lang)}{colon}{low}–{high}"
            f"{t('report.bracket', lang, text=t(undated, lang))}"
        )
    if view.name:
        lines.append(f"{t('map.filter.name', lang)}{colon}{view.name}")
    return lines


def _panel(
    view: MapView, figures: Sequence[Figure], made_on: dt.date, notice: str = ""
) -> str:
    lang = view.lang
    esc = html_text
    items = "".join(f"<li>{esc(line)}</li>" for line in filter_lines(view))
    parts = [
        f"<h1>{esc(t('app.title', lang))}</h1>",
        f"<div>{esc(t('handout.date', lang, date=made_on.isoformat()))}</div>",
        f"<p class='gd-note'>{esc(notice)}</p>" if notice else "",
        f"<p class='gd-note'>{esc(t('common.sample_notice', lang))}</p>",
        f"<h2>{esc(t('map.filters', lang))}</h2><ul>{items}</ul>",
    ]
    if figures:
        parts.append(f"<h2>{esc(t('figures.heading', lang))}</h2>")
    for f in figures:
        source = esc(source_prefix(lang) + f.source) if f.source else ""
        parts.append(
            f"<div class='gd-fig'><div>{esc(f.label)}</div>"
            f"<div class='gd-val'>{esc(f.value_with_unit)}</div>"
            f"<div>{esc(f.period)}</div><div class='gd-src'>{source}</div></div>"
        )
    parts.append(f"<p class='gd-src'>{esc(t('report.how', lang))}</p>")
    return "<aside class='gd-report'>" + "".join(parts) + "</aside>"


def report_html(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    figures: Sequence[Figure] = (),
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    role: str = "public",
    made_on: dt.date | None = None,
    notice: str = "",
) -> str:
    """The map of ``view`` with its report panel, as one standalone HTML file.

    Drawn for ``role`` (an audience or role: :mod:`geodata.display`); ``notice``
    (its map notice) is printed on the map and at the head of the panel.
    ``figures`` must already be resolved for the same audience.
    """
    fmap = offline_map(
        view,
        frames,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        role=role,
        notice=notice,
    )
    root = fmap.get_root()
    root.title = html_text(
        f"{t('app.title', view.lang)} · {t('map.heading', view.lang)}"
    )
    root.header.add_child(_Raw(_CSS), name="gd_report_css")
    root.html.add_child(
        _Raw(_panel(view, figures, made_on or dt.date.today(), notice)),
        name="gd_report",
    )
    return standalone_html(fmap)
