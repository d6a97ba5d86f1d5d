import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from geodata.catalog import BANNER_NAMES
from geodata.i18n import banner_label
from geodata.mapping.bars import banner_bars_html, tick_step
from geodata.mapping.counts import chart_rows
from geodata.mapping.screen import view_tallies
from geodata.view import MapView


class _Parts(HTMLParser):
    """The chart as elements: every segment's title, width and colour; all text."""

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[tuple[str, float, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "span" and "title" in attrs:
            style = attrs["style"]
            width = float(re.search(r"flex:0 0 ([0-9.]+)%", style).group(1))
            color = re.search(r"background:([^;]+)", style).group(1)
            self.segments.append((attrs["title"], width, color))

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


def _parts(html: str) -> _Parts:
    parts = _Parts()
    parts.feed(html)
    return parts


def _rows(counts: dict[tuple[str, str], int], colors: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(b, lay, n, colors[lay]) for (b, lay), n in counts.items()],
        columns=["banner", "layer", "count", "color"],
    )


def test_bars_are_as_long_as_their_counts_on_one_axis():
    html = banner_bars_html(
        _rows(
            {
                ("甲", "标牌"): 30,
                ("甲", "学校"): 7,
                ("乙", "标牌"): 3,
                ("乙", "学校"): 0,
            },
            {"标牌": "#e67e22", "学校": "#2e86c1"},
        ),
        count_label="要素数",
        label="按旗县区",
        lang="zh",
    )
    parts = _parts(html)
    widths = {title: width for title, width, _ in parts.segments}
    # the axis runs to 40 (steps of 10): 30 of 40 is 75 %
    assert widths == {"甲 · 标牌: 30": 75.0, "甲 · 学校: 7": 17.5, "乙 · 标牌: 3": 7.5}
    assert {c for *_, c in parts.segments} == {"#e67e22", "#2e86c1"}
    # banner labels in order, ticks 0..40, the axis title, then the legend
    assert parts.text == [
        "甲",
        "乙",
        "0",
        "10",
        "20",
        "30",
        "40",
        "要素数",
        "标牌",
        "学校",
    ]
    assert 'aria-label="按旗县区"' in html


def test_every_banner_is_labelled_in_the_layers_map_colours(store):
    from geodata.catalog import get_layer

    tallies = view_tallies(store, MapView(layers=("admin_areas", "youth_schools")))
    parts = _parts(
        banner_bars_html(
            chart_rows(tallies, "en"), count_label="Features", label="x", lang="en"
        )
    )
    labels = [banner_label(b, "en") for b in BANNER_NAMES]
    assert parts.text[: len(labels)] == labels
    assert {c for *_, c in parts.segments} == {get_layer("youth_schools").style.color}
    counted = sum(int(t.rsplit(": ", 1)[1]) for t, *_ in parts.segments)
    assert counted == 9  # the sample's youth schools, 9 planned


def test_hostile_names_and_colours_stay_text():
    evil = '<img src=x onerror="alert(1)">'
    html = banner_bars_html(
        _rows({(evil, evil): 2}, {evil: "red;background-image:url(http://x)"}),
        count_label="<b>n</b>",
        label='"><script>alert(1)</script>',
        lang="en",
    )
    parts = _parts(html)
    assert not {"img", "script", "b"} & set(parts.tags)
    assert evil in parts.text  # shown as it was written
    assert "url(" not in html  # a colour that is not a colour is not written
    assert parts.segments[0][2] == "#808080"


def test_nothing_counted_draws_nothing():
    rows = _rows({("甲", "标牌"): 0}, {"标牌": "#e67e22"})
    assert banner_bars_html(rows, count_label="n", label="x", lang="zh") == ""
    assert banner_bars_html(rows.iloc[:0], count_label="n", label="x", lang="zh") == ""


@pytest.mark.parametrize(
    ("top", "step"),
    [(1, 1), (5, 1), (6, 2), (40, 10), (41, 10), (51, 20), (99999, 20000)],
)
def test_ticks_are_whole_1_2_5_steps_at_most_five(top, step):
    assert tick_step(top) == step
    assert -(-top // step) <= 5
