import io
import zipfile

import pytest

import geopandas as gpd
import shapely

from geodata.errors import GeodataError
from geodata.export import FORMATS, to_bytes
from tests.common import HOSTILE_NAME


@pytest.fixture
def mixed():
    return gpd.GeoDataFrame(
        {"name": ["堤段一", "堤段二", HOSTILE_NAME], "funding_wan": [1.5, None, 2.0]},
        geometry=[
            shapely.Point(122, 43.5),
            shapely.LineString([(122, 43.5), (122.2, 43.6)]),
            shapely.Point(121, 43),
        ],
        crs=4326,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back(mixed, fmt, tmp_path):
    data = to_bytes(mixed, fmt, "flood_sites")
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        assert HOSTILE_NAME in text and "LINESTRING" in text
        return
    path = tmp_path / ("x.zip" if fmt == "shp" else f"x.{fmt}")
    path.write_bytes(data)
    if fmt == "shp":
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert {"flood_sites_point.cpg", "flood_sites_linestring.cpg"} <= set(names)
        back = gpd.read_file(f"zip://{path}!flood_sites_point.shp")
        assert sorted(back["name"]) == sorted(["堤段一", HOSTILE_NAME])
    else:
        back = gpd.read_file(path)
        assert list(back["name"]) == list(mixed["name"])


def test_unknown_format():
    with pytest.raises(GeodataError, match="geojson"):
        to_bytes(gpd.GeoDataFrame(geometry=[], crs=4326), "kml", "x")
