"""The analysis page's state: URL parameters <-> AnalysisSpec <-> sidebar widgets.

As on the planner map, a copied URL reopens the same analysis: on a session's
first run the widgets take their values from the query parameters, and after
every run the parameters are rewritten from the widgets. Choice widgets hold ids
(:mod:`geodata.ui.widgets`), so a language switch keeps every choice.
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
from geodata.ui.widgets import id_multiselect, id_radio, id_selectbox, remember

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
#: The widget key of each field.
KEYS: dict[str, str] = {field: f"analysis_{field}" for field in FIELDS}
#: Fields whose widgets offer ids with translated labels.
_CHOICES = frozenset(FIELDS) - {"radius", "points", "k", "target"}
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
        if field in _CHOICES:
            remember(KEYS[field], value)
        else:
            state[KEYS[field]] = value


def _restore() -> None:
    """Widgets from the URL on a session's first run, else from the last view.

    The last view is needed when Streamlit dropped the widgets (another page was
    shown meanwhile).
    """
    state = st.session_state
    if KEYS["places"] in state:
        return
    if _SAVED in state:
        _load_widgets(AnalysisView.from_params(state[_SAVED]))
    else:
        params = {k: st.query_params[k] for k in st.query_params}
        _load_widgets(AnalysisView.from_params(params))


def count_every_status() -> None:
    """Count facilities of every status (a button callback)."""
    remember(KEYS["statuses"], [])


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
    choice = {"lang": lang, "container": sb}
    places = id_selectbox(
        t("analysis.places", lang),
        ANALYSIS_LAYERS,
        key=KEYS["places"],
        format_func=layer_name,
        **choice,
    )
    facilities = id_selectbox(
        t("analysis.facilities", lang),
        ANALYSIS_LAYERS,
        key=KEYS["facilities"],
        format_func=layer_name,
        **choice,
    )
    statuses = id_multiselect(
        t("analysis.statuses", lang),
        STATUSES,
        key=KEYS["statuses"],
        placeholder=t("analysis.statuses_all", lang),
        format_func=lambda s: value_label("status", s, lang),
        **choice,
    )
    radius = sb.number_input(
        t("analysis.radius", lang),
        min_value=0.5,
        max_value=MAX_RADIUS_KM,
        step=1.0,
        key=KEYS["radius"],
    )
    banners = id_multiselect(
        t("analysis.banners", lang),
        BANNER_NAMES,
        key=KEYS["banners"],
        placeholder=t("analysis.banners_all", lang),
        format_func=lambda b: banner_label(b, lang),
        **choice,
    )
    sb.subheader(t("analysis.sites_heading", lang))
    candidates = id_multiselect(
        t("analysis.candidates", lang),
        CANDIDATE_SOURCES,
        key=KEYS["candidates"],
        placeholder=t("analysis.candidates_none", lang),
        format_func=lambda c: t(f"analysis.candidate.{c}", lang),
        **choice,
    )
    typed = sb.text_area(t("analysis.points", lang), key=KEYS["points"], height=80)
    points = _points(typed, sb)
    k = sb.number_input(
        t("analysis.k", lang), min_value=0, max_value=MAX_K, step=1, key=KEYS["k"]
    )
    sb.subheader(t("analysis.compare_heading", lang))
    layer = id_selectbox(
        t("analysis.layer", lang),
        ANALYSIS_LAYERS,
        key=KEYS["layer"],
        format_func=layer_name,
        **choice,
    )
    measure = id_selectbox(
        t("analysis.measure", lang),
        CHOROPLETH_MEASURES,
        key=KEYS["measure"],
        format_func=lambda m: column_label(m, lang),
        **choice,
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
    return id_radio(
        t("analysis.section", lang),
        SECTIONS,
        key=KEYS["section"],
        lang=lang,
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
