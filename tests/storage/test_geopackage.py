import json
import sqlite3

import pandas as pd
import pytest

import geopandas as gpd
import pyogrio
import shapely

from geodata.catalog import LAYER_IDS
from geodata.config import Settings
from geodata.errors import BackendUnavailableError, ConflictError, StorageError
from geodata.query import filter_frame
from geodata.storage import CommitInfo, LayerQuery, Store, open_store, seed_location
from geodata.storage.geopackage import GeoPackageStore
from tests.common import KAILU_SEAT, NAIMAN_SEAT, schools

ME = CommitInfo(author="tester", note="test", file_name="f.zip", file_hash="abc")


@pytest.fixture
def empty_store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore.create(tmp_path / "empty.gpkg")


def two_schools():
    return schools(
        ["甲校", "乙校"],
        ["奈曼旗", "开鲁县"],
        [NAIMAN_SEAT, KAILU_SEAT],
        status=["built", "planned"],
        year=[2020, 2022],
        unit=["A", "B"],
        illustrative=[True, False],
    )


def test_store_satisfies_protocol(empty_store):
    assert isinstance(empty_store, Store)


def test_round_trip_keeps_attributes_types_and_geometry(empty_store):
    version = empty_store.write_layer(
        "youth_schools", two_schools(), mode="append", commit=ME
    )
    assert (version.version, version.added, version.n_features) == (1, 2, 2)
    back = empty_store.read_layer("youth_schools")
    assert back.crs.to_epsg() == 4326
    assert list(back["name"]) == ["甲校", "乙校"]
    assert list(back["year"]) == [2020, 2022]
    assert list(back["illustrative"]) == [True, False]
    assert back.geometry.iloc[0].equals(NAIMAN_SEAT)
    assert back["feature_id"].str.len().eq(32).all()


def test_columns_outside_the_catalog_are_kept_not_lost(empty_store):
    frame = two_schools().assign(校长=["张三", None])
    empty_store.write_layer("youth_schools", frame, mode="append", commit=ME)
    extras = empty_store.read_layer("youth_schools")["extra_attrs"].tolist()
    assert json.loads(extras[0]) == {"校长": "张三"}
    assert extras[1] is None or pd.isna(extras[1])


def test_reprojects_incoming_to_4326(empty_store):
    frame = two_schools().to_crs(4547)  # CGCS2000 3-degree GK CM 114E
    empty_store.write_layer("youth_schools", frame, mode="append", commit=ME)
    back = empty_store.read_layer("youth_schools")
    assert back.geometry.iloc[0].distance(NAIMAN_SEAT) < 1e-7


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (LayerQuery(banners=("奈曼旗",)), ["甲校"]),
        (LayerQuery(statuses=("planned",)), ["乙校"]),
        (LayerQuery(year_range=(2021, 2030)), ["乙校"]),
        (LayerQuery(year_range=(2023, 2030)), []),
        (LayerQuery(units=("A",)), ["甲校"]),
        (LayerQuery(name_contains="乙"), ["乙校"]),
        (LayerQuery(bbox=(120.0, 42.0, 121.0, 43.0)), ["甲校"]),
        (LayerQuery(banners=("奈曼旗",), statuses=("planned",)), []),
        (LayerQuery(), ["甲校", "乙校"]),
    ],
)
def test_filters(empty_store, query, expected):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    assert list(empty_store.read_layer("youth_schools", query)["name"]) == expected
    assert empty_store.count("youth_schools", query) == len(expected)


@pytest.mark.parametrize(
    ("keep_undated", "expected"), [(True, ["乙校", "丙校"]), (False, ["乙校"])]
)
def test_year_range_and_features_without_a_year(empty_store, keep_undated, expected):
    undated = schools(["丙校"], ["库伦旗"], [shapely.Point(121.77, 42.73)])
    frame = pd.concat([two_schools(), undated.assign(year=[None])])
    empty_store.write_layer("youth_schools", frame, mode="append", commit=ME)
    query = LayerQuery(year_range=(2021, 2030), keep_undated=keep_undated)
    assert list(empty_store.read_layer("youth_schools", query)["name"]) == expected
    assert empty_store.count("youth_schools", query) == len(expected)
    whole = empty_store.read_layer("youth_schools")
    assert list(filter_frame(whole, query)["name"]) == expected  # the reference


def test_update_mode_changes_matching_ids_and_keeps_others(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    current = empty_store.read_layer("youth_schools")
    edit = current.iloc[[0]].assign(name="甲校（新）")
    new = schools(["丙校"], ["库伦旗"], [shapely.Point(121.77, 42.73)])
    v = empty_store.write_layer(
        "youth_schools",
        pd.concat([edit, new]),
        mode="update",
        commit=ME,
        base_version=1,
    )
    assert (v.added, v.changed, v.removed, v.n_features) == (1, 1, 0, 3)
    assert sorted(empty_store.read_layer("youth_schools")["name"]) == sorted(
        ["甲校（新）", "乙校", "丙校"]
    )


def test_replace_mode_counts_removed(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    v = empty_store.write_layer(
        "youth_schools", two_schools().iloc[:1], mode="replace", commit=ME
    )
    assert (v.added, v.removed, v.n_features) == (1, 2, 1)
    assert empty_store.count("youth_schools") == 1


def test_append_refuses_existing_ids(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    again = empty_store.read_layer("youth_schools")
    with pytest.raises(StorageError, match="use mode 'update'"):
        empty_store.write_layer("youth_schools", again, mode="append", commit=ME)
    assert empty_store.current_version("youth_schools") == 1


def test_stale_base_version_is_a_conflict_and_writes_nothing(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    empty_store.write_layer(
        "youth_schools", two_schools(), mode="replace", commit=ME, base_version=1
    )
    with pytest.raises(ConflictError, match="moved on to version 2"):
        empty_store.write_layer(
            "youth_schools", two_schools(), mode="replace", commit=ME, base_version=1
        )
    assert empty_store.current_version("youth_schools") == 2
    assert empty_store.count("youth_schools") == 2


def test_history_and_rollback_and_reading_old_versions(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    empty_store.write_layer(
        "youth_schools", two_schools().iloc[:1], mode="replace", commit=ME
    )
    assert len(empty_store.read_layer("youth_schools", version=1)) == 2
    back = empty_store.rollback("youth_schools", 1, commit=CommitInfo("admin"))
    assert (back.version, back.rolled_back_to, back.n_features) == (3, 1, 2)
    assert sorted(empty_store.read_layer("youth_schools")["name"]) == ["乙校", "甲校"]
    log = empty_store.history("youth_schools")
    assert [v.version for v in log] == [1, 2, 3]
    assert [v.mode for v in log] == ["append", "replace", "rollback"]
    assert (log[0].author, log[0].file_name, log[0].file_hash) == (
        "tester",
        "f.zip",
        "abc",
    )
    with pytest.raises(StorageError, match="cannot roll back to 9"):
        empty_store.rollback("youth_schools", 9, commit=ME)


def test_rollback_to_zero_is_refused_with_the_valid_range(empty_store):
    # version 0 is not in the history; emptying a layer is a replace, on purpose
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    with pytest.raises(StorageError, match="has versions 1 to 1"):
        empty_store.rollback("youth_schools", 0, commit=ME)
    assert empty_store.count("youth_schools") == 2
    assert empty_store.current_version("youth_schools") == 1


def test_failed_write_leaves_store_unchanged(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    bad = two_schools().assign(year=["not a year", 2020])
    with pytest.raises(ValueError, match="not a year"):
        empty_store.write_layer("youth_schools", bad, mode="replace", commit=ME)
    assert empty_store.current_version("youth_schools") == 1
    assert empty_store.count("youth_schools") == 2


def test_file_stays_a_standard_geopackage(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    frame = pyogrio.read_dataframe(
        empty_store.path, layer="youth_schools", where="_vto IS NULL"
    )
    assert sorted(frame["name"]) == ["乙校", "甲校"]
    assert set(LAYER_IDS) <= {name for name, _ in pyogrio.list_layers(empty_store.path)}


def test_documents_with_revision_guard(empty_store):
    doc = empty_store.put_document("deck", "default", {"title": "通辽"})
    assert doc.revision == 1
    empty_store.put_document("deck", "default", {"title": "v2"}, expected_revision=1)
    with pytest.raises(ConflictError, match="changed by someone else"):
        empty_store.put_document(
            "deck", "default", {"title": "v3"}, expected_revision=1
        )
    assert empty_store.get_document("deck", "default").body == {"title": "v2"}
    assert [d.key for d in empty_store.list_documents("deck")] == ["default"]
    assert empty_store.delete_document("deck", "default")
    assert empty_store.get_document("deck", "default") is None
    assert not empty_store.delete_document("deck", "default")


def test_indicators_round_trip(empty_store):
    table = pd.DataFrame(
        [
            {
                "id": "x",
                "title_zh": "甲",
                "title_en": "A",
                "value": 1.5,
                "unit_zh": "万元",
                "unit_en": "10k yuan",
                "period": "2021",
                "category": "funding",
                "source": "原文",
            }
        ]
    )
    empty_store.write_indicators(table)
    pd.testing.assert_frame_equal(empty_store.read_indicators(), table)


def test_open_store_creates_and_seeds_on_first_use(tmp_path):
    path = tmp_path / "sub" / "new.gpkg"
    store = open_store(Settings(store=str(path)))
    assert path.exists()
    assert all(store.count(layer_id) > 0 for layer_id in LAYER_IDS)
    assert len(store.read_indicators()) > 0
    assert [p.name for p in path.parent.iterdir()] == ["new.gpkg"]


def test_open_store_accepts_gpkg_url(tmp_path):
    path = tmp_path / "u.gpkg"
    open_store(Settings(store=f"gpkg://{path}"))
    assert path.exists()


def test_postgis_location_says_it_is_not_available():
    with pytest.raises(BackendUnavailableError, match="GEODATA_STORE"):
        open_store(Settings(store="postgresql://u@localhost/db"))


def test_unknown_scheme_is_named():
    with pytest.raises(StorageError, match="'ftp'"):
        open_store(Settings(store="ftp://example/x"))


def test_seed_refuses_non_empty_store_without_force(settings, store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    before = store.count("youth_schools")
    with pytest.raises(StorageError, match="--force"):
        seed_location(settings)
    assert open_store(settings).count("youth_schools") == before
    reseeded = seed_location(settings, force=True)
    assert reseeded.count("youth_schools") == 9


def test_interrupted_transaction_is_rolled_back(empty_store):
    # A write whose transaction never commits (as when the process dies) is undone
    # by SQLite's journal on the next open.
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    conn = sqlite3.connect(empty_store.path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute('UPDATE "youth_schools" SET _vto = 99')
    conn.close()  # closes without COMMIT
    assert empty_store.count("youth_schools") == 2


def test_empty_frame_write_is_a_version_with_no_features(empty_store):
    empty = gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=4326))
    v = empty_store.write_layer("signage", empty, mode="replace", commit=ME)
    assert (v.version, v.n_features) == (1, 0)
