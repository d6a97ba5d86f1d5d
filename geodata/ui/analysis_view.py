"""The analysis page's sections and downloads, and the analysis view of a slide.

The analysis runs on the server, on the layers as the viewer's audience may see
them (:func:`geodata.analysis.run.read_inputs`), and is cached per layer version,
question and audience. Downloads are made when their button is pressed; those
holding internal or restricted features are recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import altair as alt
import pandas as pd
import streamlit as st

import geopandas as gpd

from geodata.analysis import charts, tables
from geodata.analysis.run import AnalysisResult, run_analysis
from geodata.analysis.spec import ANALYSIS_LAYERS, AnalysisSpec
from geodata.audit import record_export
from geodata.catalog import CITY_BOUNDS, STATUSES
from geodata.errors import GeodataError
from geodata.export import TABLE_FORMATS, TABLE_MEDIA_TYPES, table_bytes
from geodata.extent import SLIDE_MAP_PIXELS
from geodata.i18n import layer_title, t, value_label
from geodata.mapping.render import slide_group
from geodata.present.decks import Slide
from geodata.present.fonts import is_built, matplotlib_family
from geodata.query import LayerQuery
from geodata.storage import Store
from geodata.ui import analysis_map
from geodata.ui.analysis_state import AnalysisView, add_point, count_every_status
from geodata.ui.auth import current_audience, who
from geodata.ui.decks import font_warmup
from geodata.ui.map_data import load_layer
from geodata.ui.resources import get_store
from geodata.ui.text import escape_markdown

MAP_KEY = "analysis_map"


def viewer_audience() -> str:
    """The audience of whoever looks at the page: ``public`` when nobody signed in."""
    return current_audience().value


# cache_resource: results hold frames of up to 100k rows; pickling them per hit
# would cost more than the analysis. Callers must not modify them.
@st.cache_resource(show_spinner=False, max_entries=16)
def _result(
    store_key: str, versions: tuple[int, ...], spec: AnalysisSpec, audience: str
) -> AnalysisResult:
    store = get_store()

    def reader(
        layer_id: str, query: LayerQuery | None, columns: tuple[str, ...] | None
    ) -> gpd.GeoDataFrame:
        return load_layer(store, layer_id, query, columns)  # cached per version

    return run_analysis(store, spec, audience, reader)


def load_result(store: Store, spec: AnalysisSpec, audience: str) -> AnalysisResult:
    """The analysis of ``spec`` for ``audience``; re-run on a new layer version."""
    versions = tuple(
        store.current_version(lid) for lid in (*ANALYSIS_LAYERS, "admin_areas")
    )
    return _result(store.key, versions, spec.check(), audience)


def _km(metres: float, lang: str) -> str:
    if metres != metres:
        return t("analysis.none", lang)
    return t("analysis.km", lang, value=f"{metres / 1000:,.1f}")


def _share(covered: int, places: int) -> str:
    return f"{covered / places:.0%}" if places else "–"


def show_summary(
    result: AnalysisResult, lang: str, columns: int = 4, offer_widening: bool = True
) -> None:
    """The headline numbers, before and after the chosen sites, with their source.

    When no facility is counted under the chosen statuses (service sites record
    none), ``offer_widening`` adds a button counting every status.
    """
    s, after, spec = result.summary, result.after, result.spec
    r = f"{spec.radius_km:g}"
    cells = st.columns(columns) if columns > 1 else [st.container()] * 4
    cells[0].metric(
        t(
            "analysis.metric.covered_share",
            lang,
            r=r,
            share=_share(s.covered, s.places),
        ),
        t("analysis.metric.covered_value", lang, covered=s.covered, places=s.places),
    )
    if after is not None and result.choice is not None and result.choice.chosen:
        cells[1].metric(
            t(
                "analysis.metric.after_share",
                lang,
                k=len(result.choice.chosen),
                share=_share(after.covered, after.places),
            ),
            t(
                "analysis.metric.covered_value",
                lang,
                covered=after.covered,
                places=after.places,
            ),
            delta=after.covered - s.covered,
        )
    else:
        cells[1].metric(t("analysis.metric.max", lang), _km(s.max_m, lang))
    cells[2].metric(t("analysis.metric.median", lang), _km(s.median_m, lang))
    uncovered = float(result.uncovered["uncovered_km2"].sum())
    delta = None
    if result.uncovered_after is not None and result.choice and result.choice.chosen:
        gained = float(result.uncovered_after["uncovered_km2"].sum()) - uncovered
        delta = f"{gained:,.0f}"
    cells[3].metric(
        t("analysis.metric.uncovered", lang),
        f"{uncovered:,.0f}",
        delta=delta,
        delta_color="inverse",
    )
    st.caption(escape_markdown(source_line(result, lang)))
    if s.places == 0:
        st.info(t("analysis.no_places", lang))
    elif len(result.facilities) == 0:
        st.warning(t("analysis.no_facilities", lang))
        if offer_widening and spec.statuses:
            st.button(
                t("analysis.count_every_status", lang),
                on_click=count_every_status,
                key="analysis_every_status",
            )


def source_line(result: AnalysisResult, lang: str) -> str:
    """Where the numbers come from: layers, versions, feature counts, statuses."""
    spec, v = result.spec, result.versions
    joiner = "、" if lang == "zh" else ", "
    statuses = joiner.join(value_label("status", s, lang) for s in spec.statuses)
    return t(
        "analysis.source",
        lang,
        places=layer_title(spec.places, lang),
        pv=v.get(spec.places, 0),
        n=result.summary.places,
        facilities=layer_title(spec.facilities, lang),
        statuses=statuses or t("analysis.statuses_all", lang),
        fv=v.get(spec.facilities, 0),
        m=len(result.facilities),
        av=v.get("admin_areas", 0),
    )


def _family() -> str | None:
    try:
        return matplotlib_family()
    except GeodataError:
        return None  # no CJK font: the picture is still made, Latin text only


def _audited(store: Store, result: AnalysisResult, detail: str, data: bytes) -> bytes:
    """``data``, after recording its export when it holds non-public features."""
    spec = result.spec
    frames = [(spec.places, result.places), (spec.facilities, result.facilities)]
    record_export(store, who(), frames, audience=result.audience, detail=detail)
    return data


def downloads(
    store: Store,
    result: AnalysisResult,
    key: str,
    stem: str,
    lang: str,
    table: Callable[[], pd.DataFrame] | None = None,
    png: Callable[[str | None, str], bytes] | None = None,
) -> None:
    """CSV and XLSX of ``table`` and a PNG from ``png(family, notice)``.

    Made when pressed, each holds what ``result``'s audience may see.
    """
    cols = st.columns(3)
    detail = f"analysis {key}"
    if table is not None:
        for col, fmt in zip(cols, TABLE_FORMATS, strict=False):
            col.download_button(
                t("analysis.download", lang, fmt=fmt.upper()),
                lambda f=fmt: _audited(
                    store, result, f"{detail} {f}", table_bytes(table(), f, stem)
                ),
                file_name=f"{stem}.{fmt}",
                mime=TABLE_MEDIA_TYPES[fmt],
                key=f"analysis_{key}_{fmt}",
                on_click="ignore",
            )
    if png is not None:
        cols[2].download_button(
            t("analysis.download", lang, fmt="PNG"),
            lambda: _audited(
                store,
                result,
                f"{detail} png",
                png(_family(), analysis_map.notice(result, lang)),
            ),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"analysis_{key}_png",
            on_click="ignore",
        )
        if not is_built():
            font_warmup()
            cols[2].caption(t("analysis.font_first_time", lang))


def _stem(result: AnalysisResult, what: str) -> str:
    spec = result.spec
    return f"analysis-{spec.places}-{spec.facilities}-{spec.radius_km:g}km-{what}"


def show_coverage(store: Store, result: AnalysisResult, lang: str) -> None:
    """The map by distance band and the sortable table of places."""
    clicked = analysis_map.show_coverage_map(store, result, lang, MAP_KEY)
    st.caption(t("analysis.map_caption", lang, r=f"{result.spec.radius_km:g}"))
    st.caption(analysis_map.notice(result, lang))
    _add_click_button(clicked, lang)
    table = tables.distance_table(result, lang)
    st.caption(t("analysis.table_caption", lang, n=len(table)))
    st.dataframe(table, hide_index=True, key="analysis_distances")
    downloads(
        store,
        result,
        "distances",
        _stem(result, "distances"),
        lang,
        table=lambda: table,
        png=lambda family, notice: charts.coverage_map_png(
            result, lang, family, notice
        ),
    )


def _add_click_button(clicked: Mapping | None, lang: str) -> None:
    spot = (clicked or {}).get("last_clicked")
    if not spot:
        return
    lon, lat = round(float(spot["lng"]), 5), round(float(spot["lat"]), 5)
    st.button(
        t("analysis.add_click", lang, lon=f"{lon:.5f}", lat=f"{lat:.5f}"),
        key="analysis_add_click",
        on_click=add_point,
        args=(lon, lat),
    )


def show_sites(store: Store, result: AnalysisResult, lang: str) -> None:
    """Candidates ranked, the greedy choice, and the map before/after."""
    spec, choice = result.spec, result.choice
    if spec.k == 0:
        st.info(t("analysis.sites.off", lang))
    elif not len(result.candidates):
        st.info(t("analysis.sites.none", lang))
    elif choice is not None and not choice.chosen:
        st.warning(t("analysis.sites.nothing_new", lang))
    elif choice is not None:
        st.markdown(
            t(
                "analysis.sites.explain",
                lang,
                k=len(choice.chosen),
                r=f"{spec.radius_km:g}",
                before=choice.covered_before,
                after=choice.covered_after,
                places=choice.places,
            )
        )
    clicked = analysis_map.show_coverage_map(store, result, lang, MAP_KEY)
    st.caption(analysis_map.notice(result, lang))
    _add_click_button(clicked, lang)
    st.markdown(f"**{t('analysis.sites.ranking', lang)}**")
    table = tables.sites_table(result, lang)
    st.dataframe(_blank_missing(table), hide_index=True, key="analysis_sites_table")
    downloads(
        store,
        result,
        "sites",
        _stem(result, "sites"),
        lang,
        table=lambda: table,
        png=lambda family, notice: charts.coverage_map_png(
            result, lang, family, notice
        ),
    )


def _blank_missing(table: pd.DataFrame) -> pd.DataFrame:
    """Missing values shown as blank cells (Streamlit writes "None")."""
    shown = table.copy()
    for column in shown.columns:
        if shown[column].isna().any():
            shown[column] = [
                "" if v is None or v is pd.NA or v != v else str(v)
                for v in shown[column]
            ]
    return shown


def show_scorecard(store: Store, result: AnalysisResult, lang: str) -> None:
    """The banner scorecard of the chosen layer, coverage per banner, a choropleth."""
    spec = result.spec
    heading = t("analysis.scorecard.heading", lang, layer=layer_title(spec.layer, lang))
    st.markdown(f"**{heading}**")
    card = tables.scorecard_table(result, lang)
    st.dataframe(_blank_missing(card), hide_index=True, key="analysis_scorecard")
    downloads(
        store, result, "scorecard", f"scorecard-{spec.layer}", lang, table=lambda: card
    )
    st.markdown(f"**{escape_markdown(charts.choropleth_title(result, lang))}**")
    analysis_map.show_choropleth(store, result, lang, "analysis_choropleth")
    st.caption(analysis_map.notice(result, lang))
    measures = tables.banner_measures(result, lang)
    st.dataframe(
        _blank_missing(measures), hide_index=True, key="analysis_banner_measures"
    )
    downloads(
        store,
        result,
        "banners",
        _stem(result, "banners"),
        lang,
        table=lambda: measures,
        png=lambda family, notice: charts.choropleth_png(result, lang, family, notice),
    )


def progress_chart(result: AnalysisResult, lang: str) -> alt.LayerChart:
    """Cumulative built by year as bars, the target as a dashed line."""
    prog = result.progress
    year = tables.column_label("year", lang)
    built = tables.column_label("cumulative", lang)
    frame = prog.table.rename(columns={"year": year, "cumulative": built})
    top = max(prog.target, prog.built, 1) * 1.1
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#2171b5", size=28)
        .encode(
            x=alt.X(f"{year}:O", title=year, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{built}:Q", title=built, scale=alt.Scale(domain=[0, top])),
        )
    )
    target = pd.DataFrame({"target": [prog.target]})
    rule = (
        alt.Chart(target)
        .mark_rule(color="#b22222", strokeDash=[6, 3], size=2)
        .encode(y=alt.Y("target:Q", scale=alt.Scale(domain=[0, top])))
    )
    return alt.layer(bars, rule).properties(height=260)


def status_chart(result: AnalysisResult, lang: str) -> alt.Chart:
    """Planned, under construction and built per banner, stacked, in catalog order."""
    card = result.scorecard
    rows = card[(card["layer"] == result.spec.layer) & (card["banner"] != charts.CITY)]
    banner = tables.column_label("banner", lang)
    status = t("map.filter.status", lang)
    count = tables.column_label("count", lang)
    names = [tables.place_label(b, lang) for b in rows["banner"]]
    labels = [value_label("status", s, lang) for s in STATUSES]
    frame = pd.DataFrame(
        {
            banner: name,
            status: label,
            count: int(row[s]),
            "order": i,
        }
        for name, (_, row) in zip(names, rows.iterrows(), strict=True)
        for i, (s, label) in enumerate(zip(STATUSES, labels, strict=True))
    )
    colors = [charts.STATUS_COLORS[s] for s in STATUSES]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{banner}:N", sort=names, title=None),
            x=alt.X(f"{count}:Q", title=count, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                f"{status}:N",
                scale=alt.Scale(domain=labels, range=colors),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(height=300)
    )


def show_progress(store: Store, result: AnalysisResult, lang: str) -> None:
    """Built over time against the target, and status per banner."""
    spec, prog = result.spec, result.progress
    layer = layer_title(spec.layer, lang)
    st.markdown(f"**{t('analysis.progress.heading', lang, layer=layer)}**")
    st.caption(
        t(
            "analysis.progress.caption",
            lang,
            built=prog.built,
            target=prog.target,
            share=f"{prog.share:.0%}",
            without=prog.without_year,
        )
    )
    left, right = st.columns(2)
    with left:
        if len(prog.table):
            st.altair_chart(
                progress_chart(result, lang),
                width="stretch",
                key="analysis_progress_chart",
            )
        else:
            st.info(t("analysis.progress.no_years", lang))
        table = tables.progress_table(result, lang)
        st.dataframe(table, hide_index=True, key="analysis_progress_table")
    with right:
        st.markdown(f"**{t('analysis.progress.by_banner', lang)}**")
        st.altair_chart(
            status_chart(result, lang), width="stretch", key="analysis_status_chart"
        )
    downloads(
        store,
        result,
        "progress",
        f"progress-{spec.layer}",
        lang,
        table=lambda: table,
        png=lambda family, notice: charts.progress_png(result, lang, family, notice),
    )


def show_section(
    store: Store, view: AnalysisView, result: AnalysisResult, lang: str
) -> None:
    """Draw the part of the answer ``view`` asks for."""
    if view.section == "sites":
        show_sites(store, result, lang)
    elif view.section == "scorecard":
        show_scorecard(store, result, lang)
    elif view.section == "progress":
        show_progress(store, result, lang)
    else:
        show_coverage(store, result, lang)


# --- presenter slides ------------------------------------------------------------


def slide_result(
    store: Store, slide: Slide, audience: str
) -> tuple[AnalysisView, AnalysisResult]:
    """The analysis a slide carries, run for whoever looks at the slide."""
    view = AnalysisView.from_params(dict(slide.analysis))
    return view, load_result(store, view.spec, audience)


def show_slide_map(
    store: Store, slide: Slide, lang: str, token: str, audience: str
) -> None:
    """The slide's analysis drawn where the presenter shows the map.

    Drawn for the viewer's ``audience``, whoever saved the slide. The map carries
    the slide's extent and reports ``token`` once drawn, so the stage shows the
    new title with it (:mod:`geodata.ui.stage`).
    """
    view, result = slide_result(store, slide, audience)
    height = SLIDE_MAP_PIXELS[1]
    bounds = tuple(result.admin.total_bounds) if len(result.admin) else CITY_BOUNDS
    extra = [slide_group(bounds, token)]
    if view.section == "scorecard":
        analysis_map.show_choropleth(
            store, result, lang, "presenter_analysis_map", height=height, extra=extra
        )
    elif view.section == "progress":
        st.altair_chart(
            progress_chart(result, lang).properties(height=height - 40),
            use_container_width=True,
            key="presenter_analysis_chart",
        )
    else:
        analysis_map.show_coverage_map(
            store,
            result,
            lang,
            "presenter_analysis_map",
            height=height,
            extra=extra,
        )
    st.caption(t("analysis.straight_lines", lang))
    st.caption(analysis_map.notice(result, lang))


def show_slide_figures(store: Store, slide: Slide, lang: str, audience: str) -> None:
    """The slide's analysis numbers as the presenter's figure cards."""
    _, result = slide_result(store, slide, audience)
    with st.container(border=True, key="figure_analysis"):
        show_summary(result, lang, columns=1, offer_widening=False)
