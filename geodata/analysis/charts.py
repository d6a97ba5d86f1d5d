"""An analysis as PNG pictures drawn on the server with matplotlib (no internet).

The coverage map is drawn in :data:`~geodata.analysis.projection.ANALYSIS_CRS`, so
its axes are ground metres and the scale bar is exact. The font family is passed
in (the edge registers the bundled CJK font; see :mod:`geodata.present.fonts`).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
from collections.abc import Iterator

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Rectangle
from matplotlib.ticker import MaxNLocator

import geopandas as gpd

from geodata.analysis.projection import ANALYSIS_CRS
from geodata.analysis.run import AnalysisResult
from geodata.analysis.scorecard import CITY
from geodata.analysis.tables import band_labels, column_label, place_label
from geodata.catalog import STATUSES, get_layer
from geodata.extent import nice_length
from geodata.i18n import layer_title, t, value_label

#: Colours of the distance bands (near to far, then "no facility").
BAND_COLORS: tuple[str, ...] = ("#1a9850", "#91cf60", "#fc8d59", "#d73027", "#9e9e9e")
#: Places the chosen sites newly cover.
NEWLY_COLOR = "#2166ac"
CHOSEN_COLOR = "#6a3d9a"
UNCOVERED_COLOR = "#7f7f7f"
#: Sequential classes of a choropleth, light to dark.
CLASS_COLORS: tuple[str, ...] = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
STATUS_COLORS = {
    "planned": "#bdbdbd",
    "under_construction": "#fdae6b",
    "built": "#2171b5",
}
_INK = "#222222"
_MUTED = "#5b6770"


@contextlib.contextmanager
def _style(family: str | None) -> Iterator[None]:
    rc = {
        "axes.unicode_minus": False,
        "text.parse_math": False,  # names are data: "$5" is money, not mathtext
        "figure.dpi": 100,
    }
    if family:
        rc["font.family"] = [family]
    with matplotlib.rc_context(rc):
        yield


def _png(fig: Figure, lang: str, notice: str = "", dpi: int = 110) -> bytes:
    """The picture as PNG bytes, with the sample-data and map notices at its foot.

    ``notice`` is the map notice for the picture's audience (review number or
    "schematic", and "内部资料" when internal; :func:`geodata.display.map_notice`).
    """
    fig.text(0.01, 0.02, t("common.sample_notice", lang), fontsize=7, color="#b22222")
    if notice:
        fig.text(0.99, 0.02, notice, fontsize=7, color=_INK, ha="right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _figure(size: tuple[float, float]) -> Figure:
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig


def place_classes(result: AnalysisResult) -> np.ndarray:
    """The class of each place on a map: its band, or "newly covered" (5)."""
    classes = result.places["band"].to_numpy().copy()
    if result.choice is not None:
        classes[result.choice.newly_covered] = len(BAND_COLORS)
    return classes


def _scale_bar(ax) -> None:
    """A scale bar; the axes are ground metres in the analysis projection."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = nice_length((x1 - x0) * 0.25 / 1000)
    left, base, height = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04, (y1 - y0) * 0.012
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (left + i * km * 500, base),
                km * 500,
                height,
                facecolor=_INK if i == 0 else "white",
                edgecolor=_INK,
                linewidth=0.8,
                zorder=9,
            )
        )
    ax.text(
        left + km * 500,
        base + height * 2,
        f"{km:g} km",
        ha="center",
        va="bottom",
        fontsize=9,
        color=_INK,
        zorder=9,
    )


def _base_map(ax, result: AnalysisResult, lang: str) -> None:
    admin = result.admin.to_crs(ANALYSIS_CRS)
    admin.plot(ax=ax, facecolor="white", edgecolor="#9aa3aa", linewidth=0.8, zorder=1)
    for name, point in zip(admin["banner"], admin.representative_point(), strict=True):
        ax.annotate(
            place_label(name, lang),
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=8,
            color="#8a939a",
            zorder=2,
        )
    _bare(ax)


def _bare(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_aspect("equal")


def coverage_map_png(
    result: AnalysisResult, lang: str, family: str | None = None, notice: str = ""
) -> bytes:
    """The coverage map: places by distance band, uncovered area, facilities, sites."""
    spec = result.spec
    with _style(family):
        fig = _figure((9.0, 8.0))
        ax = fig.add_axes((0.02, 0.08, 0.96, 0.84))
        _base_map(ax, result, lang)
        shade = (
            result.uncovered_after
            if result.uncovered_after is not None
            else result.uncovered
        )
        shade = shade[~shade.geometry.is_empty]
        if len(shade):
            shade.to_crs(ANALYSIS_CRS).plot(
                ax=ax, facecolor=UNCOVERED_COLOR, alpha=0.25, edgecolor="none", zorder=3
            )
        colors = (*BAND_COLORS, NEWLY_COLOR)
        points = result.places.geometry.to_crs(ANALYSIS_CRS).representative_point()
        classes = place_classes(result)
        ax.scatter(
            points.x,
            points.y,
            c=[colors[k] for k in classes],
            s=18,
            edgecolors="white",
            linewidths=0.4,
            zorder=5,
        )
        handles = _legend_rows(result, lang, colors)
        _draw_sites(ax, result, lang)
        ax.autoscale_view()
        _fit(ax, result.admin.to_crs(ANALYSIS_CRS).total_bounds)
        _scale_bar(ax)
        ax.legend(
            handles=handles,
            loc="lower right",
            fontsize=8,
            framealpha=0.92,
            title=t("analysis.legend", lang),
            title_fontsize=9,
        )
        title = t("analysis.metric.covered", lang, r=f"{spec.radius_km:g}")
        if len(result.chosen):
            title += " · " + t("analysis.metric.after", lang, k=len(result.chosen))
        fig.text(
            0.02,
            0.955,
            f"{layer_title(spec.places, lang)} · {title}",
            fontsize=15,
            color=_INK,
            va="center",
        )
        fig.text(
            0.02,
            0.045,
            t("analysis.straight_lines", lang),
            fontsize=7,
            color=_MUTED,
            va="center",
            wrap=True,
        )
        return _png(fig, lang, notice)


def _fit(ax, bounds: np.ndarray) -> None:
    if not all(map(math.isfinite, bounds)):
        return
    pad_x, pad_y = (bounds[2] - bounds[0]) * 0.03, (bounds[3] - bounds[1]) * 0.03
    ax.set_xlim(bounds[0] - pad_x, bounds[2] + pad_x)
    ax.set_ylim(bounds[1] - pad_y, bounds[3] + pad_y)


def _legend_rows(result: AnalysisResult, lang: str, colors) -> list:
    labels = [*band_labels(result.spec.radius_km, lang), t("analysis.band.newly", lang)]
    shown = set(place_classes(result).tolist())
    rows = [
        Line2D([], [], color=colors[k], marker="o", linestyle="", label=labels[k])
        for k in range(len(labels))
        if k in shown
    ]
    rows.append(
        Patch(
            facecolor=UNCOVERED_COLOR,
            alpha=0.4,
            label=t("analysis.legend.uncovered", lang),
        )
    )
    style = get_layer(result.spec.facilities).style
    rows.append(
        Line2D(
            [],
            [],
            color=style.color,
            marker="*",
            markersize=12,
            linestyle="",
            label=layer_title(result.spec.facilities, lang),
        )
    )
    if len(result.chosen):
        rows.append(
            Line2D(
                [],
                [],
                color=CHOSEN_COLOR,
                marker="P",
                markersize=10,
                linestyle="",
                label=t("analysis.legend.chosen", lang),
            )
        )
    return rows


def _draw_sites(ax, result: AnalysisResult, lang: str) -> None:
    style = get_layer(result.spec.facilities).style
    facilities = result.facilities.geometry.to_crs(ANALYSIS_CRS).representative_point()
    ax.scatter(
        facilities.x,
        facilities.y,
        marker="*",
        s=150,
        color=style.color,
        edgecolors="white",
        linewidths=0.6,
        zorder=7,
    )
    chosen = result.chosen.geometry.to_crs(ANALYSIS_CRS)
    for i, point in enumerate(chosen, start=1):
        circle = Circle(
            (point.x, point.y),
            result.spec.radius_m,
            fill=False,
            edgecolor=CHOSEN_COLOR,
            linewidth=1.2,
            linestyle="--",
            zorder=6,
        )
        ax.add_patch(circle)
        ax.scatter(
            [point.x],
            [point.y],
            marker="P",
            s=110,
            color=CHOSEN_COLOR,
            edgecolors="white",
            zorder=8,
        )
        ax.annotate(
            str(i),
            (point.x, point.y),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=9,
            color=CHOSEN_COLOR,
            zorder=8,
        )


def classes(values: np.ndarray, n: int = len(CLASS_COLORS)) -> tuple[np.ndarray, list]:
    """Equal-interval classes of ``values`` (-1 for missing) and the class bounds.

    Examples
    --------
    >>> k, edges = classes(np.array([0.0, 5.0, 10.0, np.nan]), 2)
    >>> k.tolist(), [round(float(e), 1) for e in edges]
    ([0, 1, 1, -1], [0.0, 5.0, 10.0])
    """
    values = np.asarray(values, dtype=float)
    known = values[~np.isnan(values)]
    if not len(known):
        return np.full(len(values), -1), []
    low, high = float(known.min()), float(known.max())
    if math.isclose(low, high):
        return np.where(np.isnan(values), -1, 0), [low, high]
    edges = np.linspace(low, high, n + 1).tolist()
    k = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, n - 1)
    return np.where(np.isnan(values), -1, k), edges


def class_labels(edges: list[float], measure: str) -> list[str]:
    """The value range of each class, as text.

    Examples
    --------
    >>> class_labels([0.0, 0.5, 1.0], "covered_share")
    ['0% – 50%', '50% – 100%']
    """
    return [
        f"{format_measure(low, measure)} – {format_measure(high, measure)}"
        for low, high in itertools.pairwise(edges)
    ]


def choropleth_png(
    result: AnalysisResult, lang: str, family: str | None = None, notice: str = ""
) -> bytes:
    """A choropleth of the spec's measure by banner, with its class key."""
    measure = result.spec.measure
    values = result.banners[measure].reindex(result.admin["banner"]).to_numpy(float)
    k, edges = classes(values)
    ranges = class_labels(edges, measure)
    with _style(family):
        fig = _figure((9.0, 8.0))
        ax = fig.add_axes((0.02, 0.06, 0.96, 0.86))
        admin = result.admin.to_crs(ANALYSIS_CRS)
        fills = [CLASS_COLORS[i] if i >= 0 else "#eeeeee" for i in k]
        admin.plot(ax=ax, color=fills, edgecolor="#5b6770", linewidth=0.8)
        for name, point, value in zip(
            admin["banner"], admin.representative_point(), values, strict=True
        ):
            text = f"{place_label(name, lang)}\n{format_measure(value, measure)}"
            ax.annotate(
                text,
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=8,
                color=_INK,
            )
        _bare(ax)
        _scale_bar(ax)
        handles = [
            Patch(
                facecolor=CLASS_COLORS[i],
                edgecolor="#5b6770",
                label=ranges[i],
            )
            for i in range(len(edges) - 1)
            if (k == i).any()
        ]
        if (k < 0).any():
            handles.append(
                Patch(
                    facecolor="#eeeeee",
                    edgecolor="#5b6770",
                    label=t("analysis.choropleth.no_data", lang),
                )
            )
        ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.92)
        fig.text(
            0.02,
            0.955,
            choropleth_title(result, lang),
            fontsize=14,
            color=_INK,
            va="center",
        )
        return _png(fig, lang, notice)


def choropleth_title(result: AnalysisResult, lang: str) -> str:
    """The choropleth's title: the measure, and the layer a scorecard measure is of."""
    measure = result.spec.measure
    title = t("analysis.choropleth.heading", lang, measure=column_label(measure, lang))
    if measure in result.scorecard.columns:
        layer = result.spec.layer
    elif measure.startswith("uncovered"):
        layer = result.spec.facilities  # the area beyond every facility's reach
    else:
        layer = result.spec.places
    return f"{layer_title(layer, lang)} · {title}"


def format_measure(value: float | None, measure: str) -> str:
    """A per-banner measure as text: shares in per cent, counts whole.

    Examples
    --------
    >>> format_measure(0.653, "uncovered_share"), format_measure(3495.3, "area_km2")
    ('65%', '3,495')
    >>> format_measure(0.57, "per_1000km2"), format_measure(float("nan"), "count")
    ('0.57', '–')
    """
    if value is None or value != value:
        return "–"
    if measure.endswith("_share"):
        return f"{value:.0%}"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.2f}"


def progress_png(
    result: AnalysisResult, lang: str, family: str | None = None, notice: str = ""
) -> bytes:
    """Cumulative built by year against the target, and status per banner."""
    spec, prog = result.spec, result.progress
    card = result.scorecard
    card = card[(card["layer"] == spec.layer) & (card["banner"] != CITY)]
    with _style(family):
        fig = _figure((11.0, 5.0))
        left = fig.add_axes((0.07, 0.14, 0.38, 0.7))
        table = prog.table
        if len(table):
            left.bar(
                table["year"],
                table["built"],
                color="#9ecae1",
                label=column_label("built_year", lang),
            )
            left.plot(
                table["year"],
                table["cumulative"],
                color="#2171b5",
                marker="o",
                label=column_label("cumulative", lang),
            )
            left.set_xticks(table["year"].tolist())
            left.set_xlim(table["year"].min() - 1, table["year"].max() + 1)
        left.axhline(
            prog.target,
            color="#b22222",
            linestyle="--",
            label=f"{column_label('target', lang)} {prog.target}",
        )
        left.set_ylim(0, max(prog.target, prog.built, 1) * 1.15)
        left.set_xlabel(column_label("year", lang))
        left.legend(fontsize=8, loc="upper left")
        left.set_title(
            t("analysis.progress.heading", lang, layer=layer_title(spec.layer, lang)),
            fontsize=11,
        )
        right = fig.add_axes((0.62, 0.14, 0.35, 0.7))
        names = [place_label(b, lang) for b in card["banner"]]
        start = np.zeros(len(card))
        for status in STATUSES:
            counts = card[status].to_numpy(float)
            right.barh(
                names,
                counts,
                left=start,
                color=STATUS_COLORS[status],
                label=value_label("status", status, lang),
            )
            start += counts
        right.invert_yaxis()
        right.xaxis.set_major_locator(MaxNLocator(integer=True))
        left.yaxis.set_major_locator(MaxNLocator(integer=True))
        right.tick_params(axis="y", labelsize=8)
        right.legend(fontsize=8, loc="lower right")
        right.set_title(t("analysis.progress.by_banner", lang), fontsize=11)
        return _png(fig, lang, notice)


def banner_frame(result: AnalysisResult) -> gpd.GeoDataFrame:
    """The banners in scope with every per-banner measure (for choropleth maps)."""
    return result.admin[["banner", "geometry"]].merge(
        result.banners, left_on="banner", right_index=True, how="left"
    )
