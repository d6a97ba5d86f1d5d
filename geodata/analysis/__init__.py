"""Planner analysis: coverage, gaps, scorecards, progress and where the next site goes.

Pure functions in the style of shapely: frames in (EPSG:4326), new frames out;
distances in metres and areas in km² in :data:`ANALYSIS_CRS` (see
:mod:`geodata.analysis.projection` for which projection and why). Straight-line
distances only: there is no road network offline.

- :mod:`~geodata.analysis.distance`: nearest facility per place, distance bands;
- :mod:`~geodata.analysis.coverage`: coverage within a radius, uncovered area;
- :mod:`~geodata.analysis.sites`: rank candidate sites, greedy maximal covering;
- :mod:`~geodata.analysis.scorecard`: per-banner scorecards, progress over time;
- :mod:`~geodata.analysis.spec`: :class:`AnalysisSpec`, the question, in URL form;
- :mod:`~geodata.analysis.run`: read the store for a spec (as the viewer may see
  it) and compute everything a view shows;
- :mod:`~geodata.analysis.tables`, :mod:`~geodata.analysis.charts`: the result
  as labelled tables and PNG pictures.
"""

from geodata.analysis.coverage import (
    CoverageSummary,
    by_banner,
    coverage,
    summarize,
    uncovered_area,
)
from geodata.analysis.distance import distance_band, nearest
from geodata.analysis.projection import ANALYSIS_CRS, to_metres
from geodata.analysis.run import AnalysisResult, analyse, run_analysis
from geodata.analysis.scorecard import Progress, progress, scorecard
from geodata.analysis.sites import SiteChoice, choose_sites
from geodata.analysis.spec import AnalysisSpec, parse_distance, parse_points

__all__ = [
    "ANALYSIS_CRS",
    "AnalysisResult",
    "AnalysisSpec",
    "CoverageSummary",
    "Progress",
    "SiteChoice",
    "analyse",
    "by_banner",
    "choose_sites",
    "coverage",
    "distance_band",
    "nearest",
    "parse_distance",
    "parse_points",
    "progress",
    "run_analysis",
    "scorecard",
    "summarize",
    "to_metres",
    "uncovered_area",
]
