"""Named sample geometries and frames used across tests (shapely's tests/common.py)."""

from __future__ import annotations

import geopandas as gpd
import shapely

NAIMAN_SEAT = shapely.Point(120.66, 42.85)
KAILU_SEAT = shapely.Point(121.32, 43.60)
HORQIN_SEAT = shapely.Point(122.26, 43.62)
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def schools(
    names: list[str], banners: list[str], points: list[shapely.Point], **columns: list
) -> gpd.GeoDataFrame:
    """A small youth_schools-shaped frame in EPSG:4326."""
    return gpd.GeoDataFrame(
        {"name": names, "banner": banners, **columns}, geometry=points, crs=4326
    )
