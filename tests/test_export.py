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


FORMULAS = ["=1+1", "@SUM(1)", "=cmd|' /C calc'!A0", "+1", "-2+3", "\tx", "\rx"]


def test_csv_cells_a_spreadsheet_would_run_are_text(tmp_path):
    import csv

    frame = gpd.GeoDataFrame(
        {"name": FORMULAS, "year": list(range(len(FORMULAS)))},
        geometry=[shapely.Point(122, 43)] * len(FORMULAS),
        crs=4326,
    )
    text = to_bytes(frame, "csv", "signage").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ["'" + f for f in FORMULAS]
    assert all(not r["name"].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows)
    assert [r["year"] for r in rows][:2] == ["0", "1"]  # numbers stay numbers


def test_an_exported_csv_uploads_back_unchanged(store, tmp_path):
    from geodata.ingest import prepare

    frame = gpd.GeoDataFrame(
        {
            "name": ["=1+1", "双拥路"],
            "banner": ["奈曼旗", "奈曼旗"],
            "note": ["-3 km", "@x"],
        },
        geometry=[shapely.Point(120.66, 42.85), shapely.Point(120.67, 42.86)],
        crs=4326,
    )
    path = tmp_path / "signs.csv"
    path.write_bytes(to_bytes(frame, "csv", "signage"))
    features = prepare(store, path, "signage").features
    assert features["name"].tolist() == ["=1+1", "双拥路"]
    assert features["note"].tolist() == ["-3 km", "@x"]


def _table():
    import pandas as pd

    return pd.DataFrame(
        {
            "名称": ["北大营子村", "=1+1", "@SUM(1)", HOSTILE_NAME, "-2"],
            "距离（公里）": [21.55, 3.0, None, 0.5, 1.0],
            "已覆盖": [False, True, True, True, True],
        }
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_tables_read_back_with_formulas_defused(fmt):
    import pandas as pd

    from geodata.export import table_bytes

    data = table_bytes(_table(), fmt, "distances")
    if fmt == "csv":
        back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    else:
        back = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    assert list(back.columns) == ["名称", "距离（公里）", "已覆盖"]
    assert back["名称"].tolist() == [
        "北大营子村",
        "'=1+1",
        "'@SUM(1)",
        HOSTILE_NAME,
        "'-2",
    ]
    assert back["距离（公里）"].iloc[0] == 21.55 and back["距离（公里）"].isna().iloc[2]
    assert back["已覆盖"].tolist() == [False, True, True, True, True]


def test_xlsx_holds_no_formula_cells():
    import openpyxl

    from geodata.export import table_bytes

    book = openpyxl.load_workbook(io.BytesIO(table_bytes(_table(), "xlsx")))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)


def test_table_format_is_checked():
    from geodata.export import table_bytes

    with pytest.raises(GeodataError):
        table_bytes(_table(), "dxf")
