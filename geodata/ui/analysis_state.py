"""The analysis page's state: URL parameters <-> AnalysisSpec <-> sidebar widgets.

As on the planner map, a copied URL reopens the same analysis: on a session's
first run the widgets take their values from the query parameters, and after
every run the parameters are rewritten from the widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import streamlit as st

from geodata.analysis.spec import (
    ANALYSIS_LAYERS,
    CANDIDATE_SOURCES,
    CHOROPLETH_MEASURES,
    MAX_K,
    MAX_RADIUS_KM,
    AnalysisSpec,
    parse_points,
)
from geodata.analysis.tables import column_label
from geodata.catalog import BANNER_NAMES, STATUSES
from geodata.errors import GeodataError
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.ui.feedback import show_error

SECTIONS: tuple[str, ...] = ("coverage", "sites", "scorecard", "progress")
SECTION_PARAM = "view"
KEYS = {
    "places": "analysis_places",
    "facilities": "analysis_facilities",
    "statuses": "analysis_statuses",
    "radius": "analysis_radius",
    "banners": "analysis_banners",
    "candidates": "analysis_candidates",
    "points": "analysis_points",
    "k": "analysis_k",
    "layer": "analysis_layer",
    "measure": "analysis_measure",
    "target": "analysis_target",
    "section": "analysis_section",
}
_LOADED = "analysis_state_loaded"
_SAVED = "analysis_state_saved"


@dataclass(frozen=True)
class AnalysisView:
    """What the page shows: the question and which part of the answer."""

    spec: AnalysisSpec
    section: str = "coverage"

    def to_params(self, lang: str) -> dict[str, str]:
        """URL parameters of the view (the section and language when not default)."""
        params = self.spec.to_params()
        if self.section != "coverage":
            params[SECTION_PARAM] = self.section
        if lang != "zh":
            params["lang"] = lang
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> AnalysisView:
        """A view from URL parameters; what does not parse keeps its default."""
        section = params.get(SECTION_PARAM, "coverage")
        return cls(
            AnalysisSpec.from_params(params),
            section if section in SECTIONS else "coverage",
        )


def _load_widgets(view: AnalysisView) -> None:
    spec, state = view.spec, st.session_state
    state[KEYS["places"]] = spec.places
    state[KEYS["facilities"]] = spec.facilities
    state[KEYS["statuses"]] = list(spec.statuses)
    state[KEYS["radius"]] = float(spec.radius_km)
    state[KEYS["banners"]] = list(spec.banners)
    state[KEYS["candidates"]] = list(spec.candidates)
    state[KEYS["points"]] = "\n".join(f"{x:.5f},{y:.5f}" for x, y in spec.points)
    state[KEYS["k"]] = spec.k
    state[KEYS["layer"]] = spec.layer
    state[KEYS["measure"]] = spec.measure
    state[KEYS["target"]] = spec.target or 0
    state[KEYS["section"]] = view.section


def _restore() -> None:
    state = st.session_state
    if not state.get(_LOADED):
        params = {k: st.query_params[k] for k in st.query_params}
        _load_widgets(AnalysisView.from_params(params))
        state[_LOADED] = True
    elif KEYS["places"] not in state and _SAVED in state:
        # Streamlit drops widget state while another page is shown; restore it.
        _load_widgets(AnalysisView.from_params(state[_SAVED]))


def add_point(lon: float, lat: float) -> None:
    """Append a clicked spot to the typed candidate points (a button callback)."""
    state = st.session_state
    current = state.get(KEYS["points"], "").strip()
    state[KEYS["points"]] = f"{current}\n{lon:.5f},{lat:.5f}".strip()
    if not state.get(KEYS["k"]):
        state[KEYS["k"]] = 1


def sidebar_view(lang: str) -> AnalysisView:
    """Draw the analysis widgets in the sidebar and return the view they describe."""
    _restore()
    sb = st.sidebar
    sb.subheader(t("analysis.question", lang))
    layer_name = lambda lid: layer_title(lid, lang)  # noqa: E731
    places = sb.selectbox(
        t("analysis.places", lang),
        ANALYSIS_LAYERS,
        key=KEYS["places"],
        format_func=layer_name,
    )
    facilities = sb.selectbox(
        t("analysis.facilities", lang),
        ANALYSIS_LAYERS,
        key=KEYS["facilities"],
        format_func=layer_name,
    )
    statuses = sb.multiselect(
        t("analysis.statuses", lang),
        STATUSES,
        key=KEYS["statuses"],
        placeholder=t("analysis.statuses_all", lang),
        format_func=lambda s: value_label("status", s, lang),
    )
    radius = sb.number_input(
        t("analysis.radius", lang),
        min_value=0.5,
        max_value=MAX_RADIUS_KM,
        step=1.0,
        key=KEYS["radius"],
    )
    banners = sb.multiselect(
        t("analysis.banners", lang),
        BANNER_NAMES,
        key=KEYS["banners"],
        placeholder=t("analysis.banners_all", lang),
        format_func=lambda b: banner_label(b, lang),
    )
    sb.subheader(t("analysis.sites_heading", lang))
    candidates = sb.multiselect(
        t("analysis.candidates", lang),
        CANDIDATE_SOURCES,
        key=KEYS["candidates"],
        placeholder=t("analysis.candidates_none", lang),
        format_func=lambda c: t(f"analysis.candidate.{c}", lang),
    )
    typed = sb.text_area(t("analysis.points", lang), key=KEYS["points"], height=80)
    points = _points(typed, sb)
    k = sb.number_input(
        t("analysis.k", lang), min_value=0, max_value=MAX_K, step=1, key=KEYS["k"]
    )
    sb.subheader(t("analysis.compare_heading", lang))
    layer = sb.selectbox(
        t("analysis.layer", lang),
        ANALYSIS_LAYERS,
        key=KEYS["layer"],
        format_func=layer_name,
    )
    measure = sb.selectbox(
        t("analysis.measure", lang),
        CHOROPLETH_MEASURES,
        key=KEYS["measure"],
        format_func=lambda m: column_label(m, lang),
    )
    target = sb.number_input(
        t("analysis.target", lang),
        min_value=0,
        max_value=1_000_000,
        step=1,
        key=KEYS["target"],
    )
    spec = AnalysisSpec(
        places=places,
        facilities=facilities,
        statuses=tuple(s for s in STATUSES if s in statuses),
        radius_km=float(radius),
        banners=tuple(banners),
        candidates=tuple(c for c in CANDIDATE_SOURCES if c in candidates),
        points=points,
        k=int(k),
        layer=layer,
        measure=measure,
        target=int(target) or None,
    )
    view = AnalysisView(spec, st.session_state.get(KEYS["section"], "coverage"))
    st.session_state[_SAVED] = view.to_params(lang)
    return view


def _points(typed: str, where) -> tuple[tuple[float, float], ...]:
    try:
        return parse_points(typed)
    except GeodataError as exc:
        with where:
            show_error(exc)
        return ()


def section_picker(lang: str) -> str:
    """The row of buttons choosing what part of the answer is shown."""
    return st.radio(
        t("analysis.section", lang),
        SECTIONS,
        key=KEYS["section"],
        horizontal=True,
        format_func=lambda s: t(f"analysis.section.{s}", lang),
        label_visibility="collapsed",
    )


def sync_url(view: AnalysisView, lang: str) -> None:
    """Write ``view`` into the URL query string (only when it changed)."""
    params = view.to_params(lang)
    current = {k: st.query_params[k] for k in st.query_params}
    if current != params:
        st.query_params.from_dict(params)


def with_section(view: AnalysisView, section: str) -> AnalysisView:
    """``view`` showing ``section``."""
    return replace(view, section=section)
