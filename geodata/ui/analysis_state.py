"""The analysis page's state: URL parameters <-> AnalysisSpec <-> sidebar widgets.

As on the planner map, a copied URL reopens the same analysis: on a session's
first run the widgets take their values from the query parameters, and after
every run the parameters are rewritten from the widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
FIELDS: tuple[str, ...] = (
    "places",
    "facilities",
    "statuses",
    "radius",
    "banners",
    "candidates",
    "points",
    "k",
    "layer",
    "measure",
    "target",
    "section",
)
_SAVED = "analysis_state_saved"


def key(field: str, lang: str) -> str:
    """The widget key of ``field`` in ``lang``.

    Keys differ per language: Streamlit keeps a widget's choice by its formatted
    label, so after a language switch a widget under the same key would show the
    old language's label (or no choice at all). New keys start from the saved view.

    Examples
    --------
    >>> key("places", "en")
    'analysis_places_en'
    """
    return f"analysis_{field}_{lang}"


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


def _load_widgets(view: AnalysisView, lang: str) -> None:
    spec, state = view.spec, st.session_state
    values = {
        "places": spec.places,
        "facilities": spec.facilities,
        "statuses": list(spec.statuses),
        "radius": float(spec.radius_km),
        "banners": list(spec.banners),
        "candidates": list(spec.candidates),
        "points": "\n".join(f"{x:.5f},{y:.5f}" for x, y in spec.points),
        "k": spec.k,
        "layer": spec.layer,
        "measure": spec.measure,
        "target": spec.target or 0,
        "section": view.section,
    }
    for field, value in values.items():
        state[key(field, lang)] = value


def _restore(lang: str) -> None:
    """Widgets from the URL on a session's first run, else from the last view.

    The last view is needed when the widgets' keys are new (another language) or
    Streamlit dropped them (another page was shown meanwhile).
    """
    state = st.session_state
    if key("places", lang) in state:
        return
    if _SAVED in state:
        _load_widgets(AnalysisView.from_params(state[_SAVED]), lang)
    else:
        params = {k: st.query_params[k] for k in st.query_params}
        _load_widgets(AnalysisView.from_params(params), lang)


def add_point(lon: float, lat: float, lang: str) -> None:
    """Append a clicked spot to the typed candidate points (a button callback)."""
    state = st.session_state
    current = state.get(key("points", lang), "").strip()
    state[key("points", lang)] = f"{current}\n{lon:.5f},{lat:.5f}".strip()
    if not state.get(key("k", lang)):
        state[key("k", lang)] = 1


def sidebar_view(lang: str) -> AnalysisView:
    """Draw the analysis widgets in the sidebar and return the view they describe."""
    _restore(lang)
    sb = st.sidebar
    sb.subheader(t("analysis.question", lang))
    layer_name = lambda lid: layer_title(lid, lang)  # noqa: E731
    places = sb.selectbox(
        t("analysis.places", lang),
        ANALYSIS_LAYERS,
        key=key("places", lang),
        format_func=layer_name,
    )
    facilities = sb.selectbox(
        t("analysis.facilities", lang),
        ANALYSIS_LAYERS,
        key=key("facilities", lang),
        format_func=layer_name,
    )
    statuses = sb.multiselect(
        t("analysis.statuses", lang),
        STATUSES,
        key=key("statuses", lang),
        placeholder=t("analysis.statuses_all", lang),
        format_func=lambda s: value_label("status", s, lang),
    )
    radius = sb.number_input(
        t("analysis.radius", lang),
        min_value=0.5,
        max_value=MAX_RADIUS_KM,
        step=1.0,
        key=key("radius", lang),
    )
    banners = sb.multiselect(
        t("analysis.banners", lang),
        BANNER_NAMES,
        key=key("banners", lang),
        placeholder=t("analysis.banners_all", lang),
        format_func=lambda b: banner_label(b, lang),
    )
    sb.subheader(t("analysis.sites_heading", lang))
    candidates = sb.multiselect(
        t("analysis.candidates", lang),
        CANDIDATE_SOURCES,
        key=key("candidates", lang),
        placeholder=t("analysis.candidates_none", lang),
        format_func=lambda c: t(f"analysis.candidate.{c}", lang),
    )
    typed = sb.text_area(t("analysis.points", lang), key=key("points", lang), height=80)
    points = _points(typed, sb)
    k = sb.number_input(
        t("analysis.k", lang), min_value=0, max_value=MAX_K, step=1, key=key("k", lang)
    )
    sb.subheader(t("analysis.compare_heading", lang))
    layer = sb.selectbox(
        t("analysis.layer", lang),
        ANALYSIS_LAYERS,
        key=key("layer", lang),
        format_func=layer_name,
    )
    measure = sb.selectbox(
        t("analysis.measure", lang),
        CHOROPLETH_MEASURES,
        key=key("measure", lang),
        format_func=lambda m: column_label(m, lang),
    )
    target = sb.number_input(
        t("analysis.target", lang),
        min_value=0,
        max_value=1_000_000,
        step=1,
        key=key("target", lang),
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
    view = AnalysisView(spec, st.session_state.get(key("section", lang), "coverage"))
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
        key=key("section", lang),
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
