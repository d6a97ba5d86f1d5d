"""Web-map extents: from a bounding box to centre and zoom, and back (no I/O).

A slide stores what Leaflet needs (centre and zoom); the PDF handout needs the
same ground extent as a bounding box. Both directions use the Web Mercator
pyramid Leaflet uses (256-pixel tiles), so the printed map shows what the room saw.
"""

from __future__ import annotations

import math

#: Map area of a presenter slide on a projector, in CSS pixels (width, height).
SLIDE_MAP_PIXELS: tuple[int, int] = (1100, 620)
_TILE = 256
_MAX_LAT = 85.05112878


def _merc_y(lat: float) -> float:
    """Latitude to Mercator y in [0, 1] (0 at the north edge)."""
    lat = max(min(lat, _MAX_LAT), -_MAX_LAT)
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def _merc_lat(y: float) -> float:
    """Inverse of :func:`_merc_y`."""
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


def fit_bounds(
    bounds: tuple[float, float, float, float],
    pixels: tuple[int, int] = SLIDE_MAP_PIXELS,
    max_zoom: int = 14,
) -> tuple[tuple[float, float], int]:
    """Centre ``(lat, lon)`` and the largest whole zoom showing ``bounds`` entirely.

    Parameters
    ----------
    bounds
        ``(lon_min, lat_min, lon_max, lat_max)`` in EPSG:4326.
    pixels
        Width and height of the map on screen.
    max_zoom
        Upper limit, so a single point does not zoom to street level.

    Examples
    --------
    >>> fit_bounds((119.25, 42.24, 123.72, 45.66))
    ((43.97461, 121.485), 7)
    >>> fit_bounds((122.26, 43.62, 122.26, 43.62))[1]
    14
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    center_y = (_merc_y(lat_min) + _merc_y(lat_max)) / 2
    center = (round(_merc_lat(center_y), 5), round((lon_min + lon_max) / 2, 5))
    span_x = max((lon_max - lon_min) / 360.0, 1e-12)
    span_y = max(_merc_y(lat_min) - _merc_y(lat_max), 1e-12)
    zoom_x = math.log2(pixels[0] / (_TILE * span_x))
    zoom_y = math.log2(pixels[1] / (_TILE * span_y))
    zoom = math.floor(min(zoom_x, zoom_y, max_zoom))
    return center, max(zoom, 1)


def view_bounds(
    center: tuple[float, float],
    zoom: int,
    pixels: tuple[int, int] = SLIDE_MAP_PIXELS,
) -> tuple[float, float, float, float]:
    """The ``(lon_min, lat_min, lon_max, lat_max)`` a map of ``pixels`` shows.

    Examples
    --------
    >>> b = view_bounds((43.97, 121.485), 7)
    >>> b[0] < 119.25 and b[2] > 123.72 and b[1] < 42.24 and b[3] > 45.66
    True
    """
    lat, lon = center
    world = _TILE * 2**zoom
    half_x = pixels[0] / 2 / world
    half_y = pixels[1] / 2 / world
    cy = _merc_y(lat)
    lon_half = half_x * 360.0
    return (
        lon - lon_half,
        _merc_lat(min(cy + half_y, 1.0)),
        lon + lon_half,
        _merc_lat(max(cy - half_y, 0.0)),
    )


def nice_length(km: float) -> float:
    """The largest 1-2-5 step not above ``km``: the length of a scale bar.

    Examples
    --------
    >>> nice_length(73), nice_length(9.9), nice_length(0.3)
    (50, 5, 0.2)
    """
    exponent = math.floor(math.log10(km))
    for step in (5, 2, 1):
        value = step * 10**exponent
        if value <= km:
            return round(value, 6) if value < 1 else int(value)
    return 10**exponent
