"""What an analysis asks: :class:`AnalysisSpec`, its URL form, and typed inputs.

The analysis page keeps its spec in the URL (``?places=...&within=20``), a slide
keeps the same parameters, and the CLI builds one from its options, so every
surface runs the same analysis for the same question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from geodata.analysis.coverage import BANNER_MEASURES
from geodata.analysis.scorecard import MEASURES
from geodata.catalog import BANNER_NAMES, CITY_BOUNDS, LAYER_IDS, STATUSES
from geodata.errors import AnalysisError
from geodata.view import REFERENCE_LAYERS

#: Layers an analysis may take places or facilities from (boundaries are not).
ANALYSIS_LAYERS: tuple[str, ...] = tuple(
    lid for lid in LAYER_IDS if lid not in REFERENCE_LAYERS
)
#: Where candidate sites come from besides typed or clicked points: features of the
#: facility layer not counted as facilities (planned ones), and the banner seats.
CANDIDATE_SOURCES: tuple[str, ...] = ("planned", "seats")
#: Per-banner measures a choropleth may show.
CHOROPLETH_MEASURES: tuple[str, ...] = (*BANNER_MEASURES, *MEASURES)
MAX_RADIUS_KM = 300.0
MAX_K = 20
MAX_POINTS = 50
#: Typed points may lie this far (degrees) outside the city's bounding box.
_POINT_MARGIN = 0.5


@dataclass(frozen=True)
class AnalysisSpec:
    """One analysis: places, facilities, radius, banners, candidate sites, measures.

    ``statuses`` are the facility statuses counted as facilities (empty: all);
    ``banners`` limit the places and the banner tables (facilities anywhere
    count); ``points`` are candidate sites as ``(lon, lat)``; ``layer`` is the one
    the scorecard and progress describe, ``measure`` the choropleth's; ``target``
    the progress target (default: every feature of ``layer``).
    """

    places: str = "partner_villages"
    facilities: str = "youth_schools"
    statuses: tuple[str, ...] = ("built",)
    radius_km: float = 20.0
    banners: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ("planned",)
    points: tuple[tuple[float, float], ...] = ()
    k: int = 3
    layer: str = "youth_schools"
    measure: str = "built"
    target: int | None = field(default=None)

    @property
    def radius_m(self) -> float:
        """The radius in metres."""
        return self.radius_km * 1000.0

    @property
    def scope(self) -> tuple[str, ...]:
        """The banners the tables describe (every banner when none is chosen)."""
        return self.banners or BANNER_NAMES

    def check(self) -> AnalysisSpec:
        """Return the spec if it can run; else raise :class:`AnalysisError`.

        Examples
        --------
        >>> try:
        ...     AnalysisSpec(radius_km=0).check()
        ... except AnalysisError as exc:
        ...     print(exc.code, exc.params)
        analysis.radius {'km': '0', 'most': '300'}
        """
        for value in (self.places, self.facilities, self.layer):
            if value not in ANALYSIS_LAYERS:
                raise AnalysisError(
                    code="analysis.layer", layer=value, known=", ".join(ANALYSIS_LAYERS)
                )
        if self.places == self.facilities:
            raise AnalysisError(code="analysis.same_layer", layer=self.places)
        if not 0 < self.radius_km <= MAX_RADIUS_KM:  # NaN fails this too
            raise AnalysisError(
                code="analysis.radius",
                km=f"{self.radius_km:g}",
                most=f"{MAX_RADIUS_KM:g}",
            )
        if not 0 <= self.k <= MAX_K:
            raise AnalysisError(code="analysis.k", k=self.k, most=MAX_K)
        if len(self.points) > MAX_POINTS:
            raise AnalysisError(code="analysis.too_many_points", most=MAX_POINTS)
        return self

    def to_params(self) -> dict[str, str]:
        """URL query parameters; defaults are left out so links stay short.

        Examples
        --------
        >>> AnalysisSpec(radius_km=15, points=((122.1, 43.5),)).to_params()
        {'within': '15', 'pts': '122.10000,43.50000'}
        """
        default = AnalysisSpec()
        out = {}
        for key, value in _params(self).items():
            if value != _params(default)[key]:
                out[key] = value
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> AnalysisSpec:
        """Read a spec from URL parameters, keeping the defaults for what is invalid.

        Examples
        --------
        >>> s = AnalysisSpec.from_params({"within": "15", "banner": "奈曼旗,x",
        ...                               "k": "many", "places": "signage"})
        >>> s.radius_km, s.banners, s.k, s.places
        (15.0, ('奈曼旗',), 3, 'signage')
        >>> AnalysisSpec.from_params(AnalysisSpec(target=9).to_params()).target
        9
        """
        spec = cls()
        readers = {
            "places": lambda v: _choice(v, ANALYSIS_LAYERS),
            "facilities": lambda v: _choice(v, ANALYSIS_LAYERS),
            "status": lambda v: _choices(v, STATUSES),
            "within": _radius,
            "banner": lambda v: _choices(v, BANNER_NAMES),
            "cand": lambda v: _choices(v, CANDIDATE_SOURCES),
            "pts": lambda v: parse_points(v)[:MAX_POINTS],
            "k": lambda v: _whole(v, 0, MAX_K),
            "layer": lambda v: _choice(v, ANALYSIS_LAYERS),
            "measure": lambda v: _choice(v, CHOROPLETH_MEASURES),
            "target": lambda v: _whole(v, 1, 1_000_000),
        }
        changes = {}
        for key, read in readers.items():
            if key not in params:
                continue
            try:
                changes[_FIELDS[key]] = read(str(params[key]))
            except (ValueError, AnalysisError):
                continue  # a deep link may hold anything: keep the default
        spec = replace(spec, **changes)
        if spec.places == spec.facilities:
            spec = replace(spec, places=cls().places, facilities=cls().facilities)
        return spec


_FIELDS = {
    "places": "places",
    "facilities": "facilities",
    "status": "statuses",
    "within": "radius_km",
    "banner": "banners",
    "cand": "candidates",
    "pts": "points",
    "k": "k",
    "layer": "layer",
    "measure": "measure",
    "target": "target",
}


def _params(spec: AnalysisSpec) -> dict[str, str]:
    return {
        "places": spec.places,
        "facilities": spec.facilities,
        # "all" keeps an empty choice apart from the default (built only)
        "status": ",".join(spec.statuses) or "all",
        "within": f"{spec.radius_km:g}",
        "banner": ",".join(spec.banners),
        "cand": ",".join(spec.candidates) or "none",
        "pts": ";".join(f"{x:.5f},{y:.5f}" for x, y in spec.points),
        "k": str(spec.k),
        "layer": spec.layer,
        "measure": spec.measure,
        "target": "" if spec.target is None else str(spec.target),
    }


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(value)
    return value


def _choices(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v in allowed)


def _whole(value: str, low: int, high: int) -> int:
    number = int(value)
    if not low <= number <= high:
        raise ValueError(value)
    return number


def _radius(value: str) -> float:
    km = float(value)
    if not 0 < km <= MAX_RADIUS_KM:
        raise ValueError(value)
    return km


_DISTANCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(km|公里|千米|m|米)?\s*$", re.IGNORECASE)


def parse_distance(text: str) -> float:
    """A distance typed by a person, in metres (a bare number is kilometres).

    Raises
    ------
    AnalysisError
        If ``text`` is not a distance above 0 and at most 300 km.

    Examples
    --------
    >>> parse_distance("20km"), parse_distance("500 m"), parse_distance("15公里")
    (20000.0, 500.0, 15000.0)
    >>> parse_distance("2.5")
    2500.0
    """
    match = _DISTANCE.match(text or "")
    if not match:
        raise AnalysisError(code="analysis.bad_distance", text=text)
    value = float(match.group(1))
    unit = (match.group(2) or "km").lower()
    metres = value if unit in ("m", "米") else value * 1000.0
    if not 0 < metres <= MAX_RADIUS_KM * 1000:
        raise AnalysisError(
            code="analysis.radius", km=f"{metres / 1000:g}", most=f"{MAX_RADIUS_KM:g}"
        )
    return metres


def parse_points(text: str) -> tuple[tuple[float, float], ...]:
    """Points typed as ``lon,lat`` pairs, one per line or separated by ``;``.

    Raises
    ------
    AnalysisError
        If a pair does not read as two numbers, or lies outside Tongliao (the
        message says so when the pair reads as latitude first).

    Examples
    --------
    >>> parse_points("122.1, 43.5; 121.9 43.2")
    ((122.1, 43.5), (121.9, 43.2))
    >>> try:
    ...     parse_points("43.5,122.1")
    ... except AnalysisError as exc:
    ...     print(exc.code, exc.params["swapped"])
    analysis.point_swapped 122.1,43.5
    """
    out = []
    for chunk in re.split(r"[;；\n]+", text or ""):
        if not chunk.strip():
            continue
        parts = [p for p in re.split(r"[,\s，]+", chunk.strip()) if p]
        try:
            lon, lat = (float(p) for p in parts)
        except ValueError:
            raise AnalysisError(code="analysis.bad_point", text=chunk.strip()) from None
        if not _inside(lon, lat):
            code = "analysis.point_swapped" if _inside(lat, lon) else "analysis.outside"
            raise AnalysisError(
                code=code, text=chunk.strip(), swapped=f"{lat:g},{lon:g}"
            )
        out.append((lon, lat))
    return tuple(out)


def _inside(lon: float, lat: float) -> bool:
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    m = _POINT_MARGIN
    return lon_min - m <= lon <= lon_max + m and lat_min - m <= lat <= lat_max + m
