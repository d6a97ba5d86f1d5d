"""The printed handout: each slide as a static map page, PDF and PNG (no streamlit).

The map is drawn on the server with matplotlib, so it needs no tiles and no
internet: the bundled banner boundaries, seats and river are the base, and the
slide's layers are drawn over them with the same filters and extent as on screen.
Each page carries a title, legend, scale bar, north arrow, the slide's figures
with their sources, the "illustrative positions" note, the date, and the map
notice (审图号, or the schematic note; "内部资料" on an internal handout). Every
layer passes the display policy for the handout's audience (public by default:
the file people hand out), so a public handout holds no restricted feature.

Fonts are embedded as TrueType/CFF subsets (``pdf.fonttype`` 42) so the Chinese
text stays selectable and searchable in the PDF.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

import geopandas as gpd

from geodata.catalog import CITY_BOUNDS, SAMPLE_DIR, get_layer
from geodata.display import map_notice, prepare_for_display
from geodata.extent import nice_length
from geodata.figures import Figure, resolve_figures
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.present.decks import Deck, Slide
from geodata.present.fonts import matplotlib_family
from geodata.storage import Store
from geodata.view import REFERENCE_LAYERS

PAGE_INCHES: tuple[float, float] = (11.69, 8.27)  # A4 landscape
_MAP_BOX = (0.03, 0.11, 0.60, 0.72)  # left, bottom, width, height (figure fraction)
_PANEL_LEFT = 0.66
_MERCATOR = 3857
_MARKERS = {"▲": "^", "★": "*", "●": "o", "■": "s", "◆": "D", "✚": "P"}
_INK = "#222222"
_MUTED = "#5b6770"


@dataclass(frozen=True)
class Page:
    """Where a slide sits in the deck, when and for whom the handout was made.

    ``audience`` is ``public`` or ``internal`` (``geodata.display``);
    ``review_no`` is the map review number (审图号), empty when there is none.
    """

    number: int = 1
    total: int = 1
    made_on: dt.date | None = None
    audience: str = "public"
    review_no: str = ""


@contextlib.contextmanager
def _style() -> Iterator[None]:
    family = matplotlib_family()
    with matplotlib.rc_context(
        {
            "font.family": [family],
            "pdf.fonttype": 42,
            "axes.unicode_minus": False,
            # titles and sources are user text: "$5 and $6" is money, not mathtext
            "text.parse_math": False,
            "figure.dpi": 100,
        }
    ):
        yield


@functools.cache
def _base() -> dict[str, gpd.GeoDataFrame]:
    """Bundled base features in Web Mercator, read once per process."""
    out = {}
    for name in ("admin_areas", "city_outline", "basemap_features"):
        out[name] = gpd.read_file(SAMPLE_DIR / f"{name}.geojson").to_crs(_MERCATOR)
    return out


def render_slide(
    store: Store, slide: Slide, lang: str, page: Page = Page()
) -> MplFigure:
    """Draw one slide as an A4 landscape page.

    Parameters
    ----------
    store
        Where the slide's layers and figures come from.
    slide
        The slide; its view gives layers, filters, centre and zoom.
    lang
        ``zh`` or ``en``: every text on the page.
    page
        Page number, page count and date printed in the footer.
    """
    figures = resolve_figures(store, slide.figures, lang, page.audience)
    with _style():  # text takes its font when it is created
        fig = MplFigure(figsize=PAGE_INCHES)
        FigureCanvasAgg(fig)
        fig.text(0.03, 0.945, slide.title(lang), fontsize=24, color=_INK, va="center")
        fig.text(
            0.03, 0.885, slide.subtitle(lang), fontsize=13, color=_MUTED, va="center"
        )
        ax = fig.add_axes(_MAP_BOX)
        _draw_map(ax, store, slide, lang, page.audience)
        _draw_figures(fig, figures, lang)
        _draw_footer(fig, lang, page)
    return fig


def _extent(slide: Slide) -> tuple[float, float, float, float]:
    """The slide's ground extent in EPSG:4326 (the whole city when it has none)."""
    return slide.view.ground() or CITY_BOUNDS


def _fit_axes(ax, bounds: tuple[float, float, float, float]) -> None:
    """Set limits in Web Mercator covering ``bounds`` at the axes' aspect ratio."""
    box = gpd.GeoSeries.from_xy(
        [bounds[0], bounds[2]], [bounds[1], bounds[3]], crs=4326
    ).to_crs(_MERCATOR)
    x0, x1 = sorted(box.x)
    y0, y1 = sorted(box.y)
    box_frac = ax.get_position(original=True)
    width_in, height_in = box_frac.width, box_frac.height
    aspect = (width_in * PAGE_INCHES[0]) / (height_in * PAGE_INCHES[1])
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
    if half_w / half_h < aspect:
        half_w = half_h * aspect
    else:
        half_h = half_w / aspect
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)


def _draw_map(ax, store: Store, slide: Slide, lang: str, audience: str) -> None:
    ax.set_facecolor("#f7f5f0")
    base = _base()
    base["admin_areas"].plot(
        ax=ax, facecolor="#ffffff", edgecolor="#9aa3aa", linewidth=0.8, zorder=1
    )
    base["city_outline"].boundary.plot(ax=ax, color=_MUTED, linewidth=1.6, zorder=2)
    features = base["basemap_features"]
    river = features[features.geom_type == "LineString"]
    river.plot(ax=ax, color="#7fb3d5", linewidth=1.4, zorder=2)
    label = t("handout.boundaries", lang)
    handles = [Patch(facecolor="#ffffff", edgecolor=_MUTED, label=label)]
    for layer_id in slide.view.layers:
        if layer_id in REFERENCE_LAYERS:
            continue
        frame = store.read_layer(layer_id, slide.view.query(layer_id))
        # the same hook as the live map, so a coarsened layer prints coarsened
        frame = prepare_for_display(frame, get_layer(layer_id), audience)
        if not frame.empty:
            handles += _draw_layer(ax, layer_id, frame.to_crs(_MERCATOR), lang)
    # geopandas' plot rescales the axes, so the slide's extent is set last
    _fit_axes(ax, _extent(slide))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _label_banners(ax, base["admin_areas"], lang)
    ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=9,
        framealpha=0.92,
        title=t("handout.legend", lang),
        title_fontsize=10,
    )
    _scale_bar(ax, lang)
    _north_arrow(ax, lang)


def _label_banners(ax, admin: gpd.GeoDataFrame, lang: str) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for name, point in zip(admin["banner"], admin.representative_point(), strict=True):
        if x0 < point.x < x1 and y0 < point.y < y1:
            ax.annotate(
                banner_label(name, lang),
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=9,
                color="#8a939a",
                zorder=3,
            )


def _draw_layer(ax, layer_id: str, frame: gpd.GeoDataFrame, lang: str):
    """Draw one layer in its catalog style; return its legend handles.

    Points take one look per status (built filled, under construction light,
    planned hollow), each with its own legend row when the layer mixes them.
    """
    spec = get_layer(layer_id)
    style = spec.style
    label = layer_title(spec, lang)
    kinds = frame.geom_type.str.replace("Multi", "", regex=False)
    polygons, lines, points = (
        frame[kinds == k] for k in ("Polygon", "LineString", "Point")
    )
    shape_handles = []
    for state, dashes in _SHAPE_DASHES.items():
        # built (or no status) filled and solid; the others dashed, not filled
        mine = _in_state(polygons, state)
        if not mine.empty:
            built = state == "built"
            mine.plot(
                ax=ax,
                facecolor=style.color if built else "none",
                alpha=max(style.fill_opacity, 0.35) if built else 1,
                edgecolor=style.color,
                linewidth=1.2 if built else 1.6,
                linestyle=dashes,
                hatch=None if built else "///",
                zorder=4,
            )
            shape_handles.append(
                Patch(
                    facecolor=style.color if built else "none",
                    alpha=0.6 if built else 1,
                    edgecolor=style.color,
                    hatch=None if built else "///",
                    label=_state_label(label, state, polygons, lang),
                )
            )
        mine = _in_state(lines, state)
        if not mine.empty:
            mine.plot(
                ax=ax,
                color=style.color,
                linewidth=style.weight * 0.9,
                linestyle=dashes,
                zorder=5,
            )
            shape_handles.append(
                Line2D(
                    [],
                    [],
                    color=style.color,
                    linewidth=style.weight,
                    linestyle=dashes,
                    label=_state_label(label, state, lines, lang),
                )
            )
    marker = _MARKERS.get(style.symbol, "o")
    size = 160 if marker == "*" else 70
    # stars are thin: drawn bigger and on top, so other symbols do not hide them
    zorder = 7 if marker == "*" else 6
    handles, drawn = [], []
    status = points["status"] if "status" in points else None
    for state, face, edge in _status_looks(style.color):
        if status is None:
            chosen = points if state == "built" else points.iloc[:0]
        else:
            chosen = points[status == state]
            if state == "built":  # no status recorded: drawn as built
                chosen = points[(status == state) | status.isna()]
        if chosen.empty:
            continue
        chosen.plot(
            ax=ax,
            color=face,
            marker=marker,
            markersize=size,
            edgecolor=edge,
            linewidth=1.4 if state != "built" else 0.8,
            zorder=zorder,
        )
        handles.append(
            Line2D(
                [],
                [],
                color=face,
                marker=marker,
                linestyle="",
                markersize=13 if marker == "*" else 9,
                markeredgecolor=edge,
                label=label,
            )
        )
        drawn.append(state)
    if drawn and drawn != ["built"]:  # the layer mixes states: each row says which
        for handle, state in zip(handles, drawn, strict=True):
            handle.set_label(f"{label} · {value_label('status', state, lang)}")
    return handles + shape_handles


#: Line style of lines and area outlines per state (as the live map dashes them).
_SHAPE_DASHES = {"built": "-", "under_construction": "--", "planned": ":"}


def _in_state(frame: gpd.GeoDataFrame, state: str) -> gpd.GeoDataFrame:
    """Rows of ``frame`` in ``state``; rows with no status count as built."""
    if "status" not in frame:
        return frame if state == "built" else frame.iloc[:0]
    status = frame["status"]
    return frame[(status == state) | (status.isna() & (state == "built"))]


def _state_label(label: str, state: str, frame: gpd.GeoDataFrame, lang: str) -> str:
    """The legend text: the layer, and its state when not every place is built."""
    status = frame["status"].dropna() if "status" in frame else None
    if status is None or (status == "built").all():
        return label
    return f"{label} · {value_label('status', state, lang)}"


def _status_looks(color: str) -> tuple[tuple[str, str, str], ...]:
    """``(status, face, edge)`` per state: the same three looks as the live map.

    Built is filled, under construction light, planned hollow.
    """
    light = matplotlib.colors.to_hex(
        [0.5 + 0.5 * c for c in matplotlib.colors.to_rgb(color)]
    )
    return (
        ("built", color, "white"),
        ("under_construction", light, color),
        ("planned", "white", color),
    )


def _scale_bar(ax, lang: str) -> None:
    """A scale bar in ground kilometres (Mercator metres shrink by cos(latitude))."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lat = math.degrees(math.atan(math.sinh((y0 + y1) / 2 / 6378137.0)))
    metres_per_unit = math.cos(math.radians(lat))
    km = nice_length((x1 - x0) * 0.25 * metres_per_unit / 1000)
    length = km * 1000 / metres_per_unit
    left, base = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    height = (y1 - y0) * 0.012
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (left + i * length / 2, base),
                length / 2,
                height,
                facecolor=_INK if i == 0 else "white",
                edgecolor=_INK,
                linewidth=0.8,
                zorder=8,
            )
        )
    ax.text(
        left + length / 2,
        base + height * 2.2,
        f"{km:g} {t('handout.km', lang)}",
        ha="center",
        va="bottom",
        fontsize=9,
        color=_INK,
        zorder=8,
    )


def _north_arrow(ax, lang: str) -> None:
    ax.annotate(
        t("handout.north", lang),
        xy=(0.95, 0.95),
        xytext=(0.95, 0.84),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=12,
        color=_INK,
        zorder=8,
        arrowprops={"arrowstyle": "-|>", "color": _INK, "linewidth": 1.5},
    )


#: Chinese line-breaking rules (禁则): these never start a line, those never end one.
_NO_START = frozenset("、。，．,.!！?？;；:：)）]］}｝」』】〕〉》”’%％·・…")
_NO_END = frozenset("(（[［{｛「『【〔〈《“‘")


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of about ``width`` columns; CJK counts double.

    Chinese has no spaces to break at, so any character may end a line, except
    that a line never starts with closing punctuation (it hangs at the end of
    the line before) nor ends with an opening bracket; Latin words are kept
    whole where they fit. Nothing is dropped.

    Examples
    --------
    >>> wrap("双拥花盛开鱼水情愈浓", 8)
    ['双拥花盛', '开鱼水情', '愈浓']
    >>> wrap("Double support flowers bloom", 14)
    ['Double support', 'flowers bloom']
    >>> wrap("一二三四、五六（七八）", 8)
    ['一二三四、', '五六', '（七八）']
    """
    lines: list[str] = []
    line, cols = "", 0
    for token in _tokens(text):
        w = sum(2 if ord(c) > 0x2E7F else 1 for c in token)
        if cols + w > width and line:
            lines.append(line.rstrip())
            line, cols = "", 0
            if token == " ":
                continue
        line += token
        cols += w
    if line.strip():
        lines.append(line.rstrip())
    return _kinsoku(lines)


def _kinsoku(lines: list[str]) -> list[str]:
    """Move punctuation across line ends so no line breaks the rules."""
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0] in _NO_START:
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
        while len(lines[i - 1]) > 1 and lines[i - 1][-1] in _NO_END:
            lines[i] = lines[i - 1][-1] + lines[i]
            lines[i - 1] = lines[i - 1][:-1]
    return [line for line in lines if line]


def _tokens(text: str) -> Iterator[str]:
    word = ""
    for c in text:
        if c.isascii() and not c.isspace():
            word += c
            continue
        if word:
            yield word
            word = ""
        yield c
    if word:
        yield word


#: Sizes for source sentences, largest first: (points, columns, line height).
_SOURCE_STEPS = ((7, 62, 0.018), (6.3, 70, 0.0163), (5.6, 80, 0.0146), (5, 90, 0.013))
_PANEL_TOP, _PANEL_BOTTOM = 0.83, 0.11


def _figure_height(f: Figure, big: int, step: tuple[float, int, float]) -> float:
    lines = len(wrap(f.source, step[1]))
    parts = 0.022 * len(f.parts) + (0.008 if f.parts else 0)
    return (0.052 if big > 20 else 0.042) + 0.03 + parts + lines * step[2] + 0.015


def source_step(
    figures: list[Figure], big: int, room: float = _PANEL_TOP - _PANEL_BOTTOM - 0.045
) -> tuple[float, int, float]:
    """The largest source type size at which every source sentence fits whole."""
    for step in _SOURCE_STEPS:
        if sum(_figure_height(f, big, step) for f in figures) <= room:
            return step
    return _SOURCE_STEPS[-1]


def _draw_figures(fig: MplFigure, figures: list[Figure], lang: str) -> None:
    """The figures column: big value and unit, label, period, progress, source.

    Source sentences are printed whole, in smaller type when the column is full.
    """
    x, y = _PANEL_LEFT, _PANEL_TOP
    fig.text(x, y, t("handout.figures", lang), fontsize=12, color=_MUTED, va="top")
    y -= 0.045
    room = (y - _PANEL_BOTTOM) / max(len(figures), 1)
    big = 26 if room > 0.16 else 20
    size, columns, line_height = source_step(figures, big)
    for f in figures:
        value = fig.text(x, y, f.value, fontsize=big, color="#b22222", va="top")
        right = value.get_window_extent().transformed(fig.transFigure.inverted()).x1
        fig.text(right + 0.008, y - 0.012, f.unit, fontsize=12, color=_INK, va="top")
        y -= 0.052 if big > 20 else 0.042
        fig.text(x, y, f"{f.label} · {f.period}", fontsize=10, color=_INK, va="top")
        y -= 0.03
        y = _draw_parts(fig, f, x, y, room)
        for line in wrap(f.source, columns):
            fig.text(x, y, line, fontsize=size, color=_MUTED, va="top")
            y -= line_height
        y -= 0.015


def _draw_parts(fig: MplFigure, f: Figure, x: float, y: float, room: float) -> float:
    """Per-banner progress bars (built of planned) under a progress figure."""
    for label, done, total in f.parts:
        fig.text(x, y, label, fontsize=8, color=_INK, va="top")
        left, width, height = x + 0.14, 0.12, 0.014
        fig.patches.append(
            Rectangle(
                (left, y - height),
                width,
                height,
                transform=fig.transFigure,
                facecolor="#eeeeee",
                edgecolor="#cccccc",
                linewidth=0.5,
            )
        )
        if total:
            fig.patches.append(
                Rectangle(
                    (left, y - height),
                    width * done / total,
                    height,
                    transform=fig.transFigure,
                    facecolor="#2980b9",
                    linewidth=0,
                )
            )
        fig.text(
            left + width + 0.01, y, f"{done}/{total}", fontsize=8, color=_INK, va="top"
        )
        y -= 0.022
    return y - (0.008 if f.parts else 0)


def _draw_footer(fig: MplFigure, lang: str, page: Page) -> None:
    made_on = page.made_on or dt.date.today()
    fig.text(0.03, 0.075, t("handout.illustrative", lang), fontsize=9, color="#b22222")
    fig.text(0.03, 0.05, t("handout.source", lang), fontsize=8, color=_MUTED)
    fig.text(
        0.03,
        0.025,
        t("handout.date", lang, date=made_on.isoformat()),
        fontsize=8,
        color=_MUTED,
    )
    fig.text(
        0.97,
        0.025,
        t("handout.page", lang, n=page.number, total=page.total),
        fontsize=8,
        color=_MUTED,
        ha="right",
    )
    fig.text(
        0.97,
        0.05,
        map_notice(page.audience, page.review_no, lang),
        fontsize=9,
        color=_INK if page.audience == "public" else "#b22222",
        ha="right",
    )


def slide_png(
    store: Store, slide: Slide, lang: str, page: Page = Page(), dpi: int = 110
) -> bytes:
    """One slide's page as PNG bytes."""
    with _style():
        fig = render_slide(store, slide, lang, page)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _pages(deck: Deck, made_on, audience: str, review_no: str) -> list[Page]:
    total = len(deck.slides)
    return [Page(i, total, made_on, audience, review_no) for i in range(1, total + 1)]


def deck_pngs(
    store: Store,
    deck: Deck,
    lang: str,
    made_on: dt.date | None = None,
    *,
    audience: str = "public",
    review_no: str = "",
) -> list[bytes]:
    """Every slide of ``deck`` as PNG bytes, in order, for ``audience``."""
    pages = _pages(deck, made_on, audience, review_no)
    return [
        slide_png(store, s, lang, page)
        for s, page in zip(deck.slides, pages, strict=True)
    ]


def deck_pdf(
    store: Store,
    deck: Deck,
    lang: str,
    made_on: dt.date | None = None,
    *,
    audience: str = "public",
    review_no: str = "",
) -> bytes:
    """The whole deck as a PDF, one A4 landscape page per slide, for ``audience``."""
    buffer = io.BytesIO()
    pages = _pages(deck, made_on, audience, review_no)
    with (
        _style(),
        PdfPages(
            buffer, metadata={"Title": deck.title(lang), "Creator": "geodata handout"}
        ) as pdf,
    ):
        for slide, page in zip(deck.slides, pages, strict=True):
            pdf.savefig(render_slide(store, slide, lang, page))
    return buffer.getvalue()


def deck_frames(store: Store, deck: Deck) -> list[tuple[str, gpd.GeoDataFrame]]:
    """The features each slide's map draws, as stored (to audit a handout)."""
    return [
        (lid, store.read_layer(lid, slide.view.query(lid)))
        for slide in deck.slides
        for lid in slide.view.layers
        if lid not in REFERENCE_LAYERS
    ]
