"""What the app exports comes back unchanged: every format, update by id (point 7)."""

import io
import json
import zipfile

import pandas as pd
import pytest

import geopandas as gpd

from geodata.export import EXTENSIONS, FORMATS, to_bytes
from geodata.ingest import IngestOptions, commit, prepare

LAYER = "signage"
UPDATE = IngestOptions(mode="update")
REPLACE = IngestOptions(mode="replace")


@pytest.fixture
def with_extras(store):
    """The signage layer with extra attributes of every JSON type, committed."""
    layer = store.read_layer(LAYER)
    frame = layer.drop(columns="extra_attrs")
    frame["code"] = range(len(frame))  # an integer on every feature
    frame["联系人电话号码"] = "0475-8221234"  # text, a name longer than 10 bytes
    frame["center"] = "[122.26, 43.62]"  # an array kept as JSON text
    frame["评分"] = [1.5 if i % 2 else None for i in range(len(frame))]  # gaps
    frame["已验收"] = [bool(i % 3) for i in range(len(frame))]
    data = to_bytes(frame, "geojson", LAYER)
    prepared = prepare(store, data, LAYER, file_name="extras.geojson", options=UPDATE)
    assert prepared.report.ok and prepared.report.changed == len(frame)
    commit(store, prepared, author="t")
    stored = store.read_layer(LAYER)
    first = json.loads(stored["extra_attrs"][1])
    assert first == {
        "code": 1,
        "联系人电话号码": "0475-8221234",
        "center": "[122.26, 43.62]",
        "评分": 1.5,
        "已验收": True,
    }
    assert stored["illustrative"].all()  # the sample is illustrative throughout
    return stored


def _name(fmt):
    return f"{LAYER}{EXTENSIONS[fmt]}"


def _extras(frame):
    return [json.loads(v) if v else {} for v in frame["extra_attrs"]]


def _same_layer(a, b):
    """Two reads of a layer hold the same features (by id), extras as objects."""
    a = a.set_index("feature_id").sort_index()
    b = b.set_index("feature_id").sort_index()
    assert _extras(a) == _extras(b)
    pd.testing.assert_frame_equal(
        a.drop(columns=["extra_attrs", "geometry"]),
        b.drop(columns=["extra_attrs", "geometry"]),
    )
    assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-9).all()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_uploaded_again_changes_nothing(store, with_extras, fmt):
    data = to_bytes(with_extras, fmt, LAYER)
    version = store.current_version(LAYER)
    report = prepare(store, data, LAYER, file_name=_name(fmt), options=UPDATE).report
    assert report.ok, [i.code for i in report.issues]
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert report.unchanged == len(with_extras)
    assert report.nothing_to_commit and report.changes == ()
    # and every value read back is the stored one: a replace keeps the layer as it is
    replaced = prepare(store, data, LAYER, file_name=_name(fmt), options=REPLACE)
    assert replaced.report.unchanged == len(with_extras)
    commit(store, replaced, author="t")
    assert store.current_version(LAYER) == version + 1
    _same_layer(store.read_layer(LAYER), with_extras)


def _edit(data: bytes, fmt: str, folder) -> bytes:
    """Change the name of the fourth feature, as a steward would in a tool."""
    if fmt == "geojson":
        body = json.loads(data)
        body["features"][3]["properties"]["name"] = "新的名字"
        return json.dumps(body, ensure_ascii=False).encode()
    if fmt == "csv":
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        table.loc[3, "name"] = "新的名字"
        return table.to_csv(index=False).encode("utf-8-sig")
    if fmt == "gpkg":
        path = folder / "x.gpkg"
        path.write_bytes(data)
        frame = gpd.read_file(path)
        frame.loc[3, "name"] = "新的名字"
        out = folder / "y.gpkg"
        frame.to_file(out, layer=LAYER)
        return out.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)
    frame = gpd.read_file(folder / f"{LAYER}.shp")
    frame.loc[3, "name"] = "新的名字"
    frame.to_file(folder / f"{LAYER}.shp", encoding="UTF-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in folder.iterdir():
            zf.write(path, path.name)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_edit_is_one_changed_feature_shown_old_to_new(
    store, with_extras, fmt, tmp_path
):
    data = _edit(to_bytes(with_extras, fmt, LAYER), fmt, tmp_path)
    prepared = prepare(store, data, LAYER, file_name=_name(fmt), options=UPDATE)
    report = prepared.report
    assert report.ok
    assert (report.added, report.changed, report.unchanged) == (
        0,
        1,
        len(with_extras) - 1,
    )
    assert [(c.row, c.field, c.old, c.new) for c in report.changes] == [
        (3, "name", with_extras["name"][3], "新的名字")
    ]
    assert report.changed_fields == {"name": 1}
    version = commit(store, prepared, author="t")
    assert (version.added, version.changed, version.removed) == (0, 1, 0)
    after = store.read_layer(LAYER).set_index("feature_id")
    fid = with_extras["feature_id"][3]
    assert after.loc[fid, "name"] == "新的名字"
    assert json.loads(after.loc[fid, "extra_attrs"]) == _extras(with_extras)[3]
    assert after["illustrative"].all()


def test_extra_attributes_come_back_as_columns_with_their_types(store, with_extras):
    frame = gpd.read_file(io.BytesIO(to_bytes(with_extras, "gpkg", LAYER)))
    assert {"code", "联系人电话号码", "center", "评分", "已验收"} <= set(frame.columns)
    assert "extra_attrs" not in frame.columns
    assert frame["code"].tolist() == list(range(len(frame)))


def test_a_shapefile_lists_the_long_names_it_had_to_cut(with_extras):
    data = to_bytes(with_extras, "shp", LAYER)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.read(f"{LAYER}.fields.csv").decode("utf-8").splitlines()
    assert "illustrati,illustrative" in names
    assert "funding_wa,funding_wan" in names
    assert "联系人,联系人电话号码" in names


def test_an_export_written_before_extras_were_columns_comes_back(store, with_extras):
    # Earlier versions wrote the JSON column and let GDAL cut the names:
    # illustrati, funding_wa, sensitivit, extra_attr, and no .fields.csv beside them.
    folder_frame = with_extras.copy()
    buffer = io.BytesIO()
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        folder_frame.to_file(Path(tmp) / "signage.shp", encoding="UTF-8")
        with zipfile.ZipFile(buffer, "w") as zf:
            for path in Path(tmp).iterdir():
                zf.write(path, path.name)
    prepared = prepare(
        store, buffer.getvalue(), LAYER, file_name="old.zip", options=UPDATE
    )
    report = prepared.report
    assert report.field_map["illustrati"] == "illustrative"
    assert report.field_map["extra_attr"] == "extra_attrs"
    assert report.changed == 0 and report.unchanged == len(with_extras)
    cut = {i.field for i in report.issues if i.code == "column_cut"}
    assert cut == {"illustrati", "funding_wa", "sensitivit", "extra_attr"}
