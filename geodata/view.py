"""A map view: what is shown (layers, filters, basemap, extent, language).

Shared by the planner map (deep links in the URL query string) and presenter
slides (views kept in decks), so both speak the same value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from geodata.catalog import BANNER_NAMES, LAYER_IDS, STATUS_FILTERS
from geodata.extent import SLIDE_MAP_PIXELS, view_bounds
from geodata.query import LayerQuery

BASEMAPS: tuple[str, ...] = ("offline", "osm", "tianditu", "amap")
#: Layers drawn as reference (boundaries): filters do not thin them out.
REFERENCE_LAYERS: tuple[str, ...] = ("admin_areas",)


@dataclass(frozen=True)
class MapView:
    """Everything needed to redraw the same map."""

    layers: tuple[str, ...] = LAYER_IDS
    banners: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    year_range: tuple[int, int] | None = None
    keep_undated: bool = True
    units: tuple[str, ...] = ()
    name: str = ""
    lang: str = "zh"
    basemap: str = "offline"
    center: tuple[float, float] | None = None  # (lat, lon)
    zoom: int | None = None
    indicators: tuple[str, ...] = field(default=())
    #: Ground a slide must show, ``(lon_min, lat_min, lon_max, lat_max)``: fitted
    #: to whatever screen shows it. Not in URLs (centre and zoom are).
    extent: tuple[float, float, float, float] | None = None

    def ground(
        self, pixels: tuple[int, int] = SLIDE_MAP_PIXELS
    ) -> tuple[float, float, float, float] | None:
        """The ground this view shows, ``(lon_min, lat_min, lon_max, lat_max)``.

        Its extent, else its centre and zoom on a map of ``pixels``, else None
        (the whole city is the caller's default).

        Examples
        --------
        >>> MapView(extent=(120.0, 42.5, 121.0, 43.0)).ground()
        (120.0, 42.5, 121.0, 43.0)
        >>> MapView().ground() is None
        True
        """
        if self.extent is not None:
            return self.extent
        if self.center is None or self.zoom is None:
            return None
        return view_bounds(self.center, self.zoom, pixels)

    def query(self, layer_id: str) -> LayerQuery:
        """The store query for one layer under this view's filters."""
        if layer_id in REFERENCE_LAYERS:
            return LayerQuery()
        return LayerQuery(
            banners=self.banners,
            statuses=self.statuses,
            year_range=self.year_range,
            keep_undated=self.keep_undated,
            units=self.units,
            name_contains=self.name,
        )

    def to_dict(self) -> dict:
        """A JSON-ready dict (tuples become lists)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> MapView:
        """Inverse of :meth:`to_dict`; unknown keys are ignored, bad values dropped."""
        return _clean(cls, data)

    def to_params(self) -> dict[str, str]:
        """URL query parameters; defaults are left out so links stay short.

        Examples
        --------
        >>> MapView(banners=("奈曼旗",), lang="en").to_params()
        {'banner': '奈曼旗', 'lang': 'en'}
        """
        default = MapView()
        out: dict[str, str] = {}
        for key, value in (
            ("layers", ",".join(self.layers)),
            ("banner", ",".join(self.banners)),
            ("status", ",".join(self.statuses)),
            ("unit", ",".join(self.units)),
            ("q", self.name),
            ("lang", self.lang),
            ("basemap", self.basemap),
        ):
            if value != _param_default(default, key):
                out[key] = value
        if self.year_range is not None:
            out["years"] = f"{self.year_range[0]}-{self.year_range[1]}"
            if not self.keep_undated:
                out["undated"] = "0"
        if self.center is not None:
            out["center"] = f"{self.center[0]:.5f},{self.center[1]:.5f}"
        if self.zoom is not None:
            out["zoom"] = str(self.zoom)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> MapView:
        """Read a view from URL query parameters, ignoring what does not parse.

        Examples
        --------
        >>> MapView.from_params({"banner": "奈曼旗,nowhere", "years": "2020-2022"})
        ... # doctest: +ELLIPSIS
        MapView(..., banners=('奈曼旗',), ..., year_range=(2020, 2022), ...)
        """
        data: dict = {}
        split = {
            "layers": "layers",
            "banner": "banners",
            "status": "statuses",
            "unit": "units",
        }
        for key, attr in split.items():
            if key in params:
                data[attr] = [v for v in params[key].split(",") if v]
        for key, attr in (("q", "name"), ("lang", "lang"), ("basemap", "basemap")):
            if key in params:
                data[attr] = params[key]
        if "years" in params:
            data["year_range"] = params["years"].split("-", 1)
        if params.get("undated") == "0":
            data["keep_undated"] = False
        if "center" in params:
            data["center"] = params["center"].split(",", 1)
        if "zoom" in params:
            data["zoom"] = params["zoom"]
        return _clean(cls, data)


def _param_default(default: MapView, key: str) -> str:
    return {
        "layers": ",".join(default.layers),
        "banner": "",
        "status": "",
        "unit": "",
        "q": "",
        "lang": default.lang,
        "basemap": default.basemap,
    }[key]


def _clean(cls: type[MapView], data: Mapping) -> MapView:
    """Build a view keeping only valid values (deep links come from anywhere)."""
    out: dict = {}
    choices = {"layers": LAYER_IDS, "banners": BANNER_NAMES, "statuses": STATUS_FILTERS}
    for attr, allowed in choices.items():
        if attr in data:
            out[attr] = tuple(v for v in data[attr] if v in allowed)
    if "units" in data:
        out["units"] = tuple(str(v) for v in data["units"])
    if isinstance(data.get("name"), str):
        out["name"] = data["name"][:100]
    if data.get("lang") in ("zh", "en"):
        out["lang"] = data["lang"]
    if data.get("basemap") in BASEMAPS:
        out["basemap"] = data["basemap"]
    out["year_range"] = _pair(data.get("year_range"), int)
    out["keep_undated"] = data.get("keep_undated", True) is not False
    out["center"] = _pair(data.get("center"), float)
    try:
        out["zoom"] = None if data.get("zoom") is None else int(data["zoom"])
    except (TypeError, ValueError):
        out["zoom"] = None
    if "indicators" in data:
        out["indicators"] = tuple(str(v) for v in data["indicators"])
    out["extent"] = _box(data.get("extent"))
    return cls(**out)


def _box(value: object) -> tuple[float, float, float, float] | None:
    """A finite ``(lon_min, lat_min, lon_max, lat_max)`` with min < max, else None."""
    try:
        box = tuple(float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if len(box) != 4 or not all(abs(v) < 1e6 for v in box):
        return None
    if not (box[0] < box[2] and box[1] < box[3]):
        return None
    return box  # type: ignore[return-value]


def _pair(value: object, kind: type) -> tuple | None:
    try:
        a, b = value  # type: ignore[misc]
        return (kind(a), kind(b))
    except (TypeError, ValueError):
        return None
