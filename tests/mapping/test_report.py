"""The offline map is a small standalone report: title, filters, figures, notes."""

import re

from geodata.figures import headline_figures
from geodata.mapping.basemaps import load_basemap_data
from geodata.mapping.payload import decode
from geodata.mapping.report import report_html
from geodata.storage.base import read_view
from geodata.view import MapView
from tests.payloads import page_payloads


def _report(store, view):
    frames = read_view(store, view)
    figures = headline_figures(store, view.lang)
    page = report_html(view, frames, figures, basemap_data=load_basemap_data(store))
    return page, figures


def test_report_has_title_filters_figures_sources_and_notice(store):
    view = MapView(banners=("奈曼旗",), statuses=("built",), lang="en")
    page, figures = _report(store, view)
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "Double-support map" in title
    assert "<h1>Double-support map of Tongliao</h1>" in page
    assert "Banner / county: Naiman Banner" in page and "Status: Built" in page
    assert "positions are illustrative" in page
    assert figures and all(f.value_with_unit in page for f in figures)
    # every figure carries its source sentence, escaped
    assert all(f.source.replace('"', "&quot;") in page for f in figures if f.source)
    assert not re.search(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="https?://', page)


def test_report_popups_hold_the_details_instead_of_promising_a_panel(store):
    page, _ = _report(store, MapView(layers=("youth_schools",), lang="zh"))
    [layer] = [raw for raw in page_payloads(page).values() if "dt" in decode(raw)[1]]
    header, blocks = decode(layer)
    # every attribute travels with the points, one block per point
    assert len(blocks["dl"]) == header["n"] == store.count("youth_schools")
    details = blocks["dt"].tobytes().decode("utf-16-le")
    assert details.count("gd-details") == header["n"]
    assert "要素详情" not in details  # no "see the panel"
