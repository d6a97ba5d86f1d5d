"""The Store contract: what every backend must do, run against every backend.

Every test runs on each backend of ``tests.conftest.BACKENDS`` (GeoPackage and
PostGIS; without a PostGIS server the PostGIS half skips locally and fails under
CI=true). Stores are made through the public API only (``create_store``,
``seed_store``), so these tests know nothing of how a backend keeps its data;
backend specifics live in ``test_geopackage.py`` and ``test_postgis.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

import geopandas as gpd
import shapely

from geodata.catalog import BANNERS, LAYER_IDS, STATUS_OTHER
from geodata.config import Settings
from geodata.errors import ConflictError, StorageError, UnknownLayerError
from geodata.query import LayerQuery, filter_frame
from geodata.seeding import seed_store
from geodata.storage import (
    FEATURE_ID,
    CommitInfo,
    Store,
    count_changes,
    create_store,
    open_store,
    redact,
)
from geodata.storage.base import grid_reference
from tests.common import HORQIN_SEAT, KAILU_SEAT, NAIMAN_SEAT, schools
from tests.conftest import BACKENDS

pytestmark = pytest.mark.backends
ME = CommitInfo(author="tester", note="test", file_name="f.zip", file_hash="abc")


@pytest.fixture
def store(empty_location: str) -> Iterator[Store]:
    """An empty store of each backend (every catalog layer, no features)."""
    store = create_store(Settings(store=empty_location))
    yield store
    store.close()


def two_schools() -> gpd.GeoDataFrame:
    return schools(
        ["甲校", "乙校"],
        ["奈曼旗", "开鲁县"],
        [NAIMAN_SEAT, KAILU_SEAT],
        status=["built", "planned"],
        year=[2020, 2022],
        unit=["A", "B"],
        illustrative=[True, False],
    )


def names(frame: gpd.GeoDataFrame) -> list[str]:
    return sorted(frame["name"])


# --- identity -------------------------------------------------------------------
def test_store_satisfies_protocol(store):
    assert isinstance(store, Store)
    assert store.is_empty()
    assert store.current_version("signage") == 0
    assert store.history("signage") == []


def test_label_and_key_name_the_store_without_a_password(store):
    assert store.label and store.key
    assert redact(store.label) == store.label
    assert redact(store.key) == store.key
    # the same store opened again has the same key: caches are shared, not doubled
    assert open_store(Settings(store=store.location)).key == store.key


def test_unknown_layer_is_named(store):
    with pytest.raises(UnknownLayerError, match="roads"):
        store.read_layer("roads")


# --- writes and versions ----------------------------------------------------------
def test_round_trip_keeps_attributes_types_and_geometry(store):
    version = store.write_layer(
        "youth_schools", two_schools(), mode="append", commit=ME
    )
    assert (version.version, version.added, version.n_features) == (1, 2, 2)
    back = store.read_layer("youth_schools")
    assert back.crs.to_epsg() == 4326
    assert list(back["name"]) == ["甲校", "乙校"]
    assert list(back["year"]) == [2020, 2022]
    assert list(back["illustrative"]) == [True, False]
    assert back["year"].dtype == "Int64"
    assert back.geometry.iloc[0].equals(NAIMAN_SEAT)
    assert back[FEATURE_ID].str.len().eq(32).all()
    assert not store.is_empty()


def test_missing_values_stay_missing(store):
    frame = two_schools().assign(year=[None, 2022], illustrative=[None, True])
    store.write_layer("youth_schools", frame, mode="append", commit=ME)
    back = store.read_layer("youth_schools")
    assert back["year"].isna().tolist() == [True, False]
    assert back["illustrative"].isna().tolist() == [True, False]


def test_columns_outside_the_catalog_are_kept_not_lost(store):
    frame = two_schools().assign(校长=["张三", None])
    store.write_layer("youth_schools", frame, mode="append", commit=ME)
    extras = store.read_layer("youth_schools")["extra_attrs"].tolist()
    assert json.loads(extras[0]) == {"校长": "张三"}
    assert extras[1] is None or pd.isna(extras[1])


def test_reprojects_incoming_to_4326(store):
    frame = two_schools().to_crs(4547)  # CGCS2000 3-degree GK CM 114E
    store.write_layer("youth_schools", frame, mode="append", commit=ME)
    back = store.read_layer("youth_schools")
    assert back.geometry.iloc[0].distance(NAIMAN_SEAT) < 1e-7


def test_columns_choose_what_a_read_returns(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    back = store.read_layer("youth_schools", columns=("name", "year"))
    assert list(back.columns) == [FEATURE_ID, "name", "year", "geometry"]
    with pytest.raises(StorageError, match="no column 'nope'"):
        store.read_layer("youth_schools", columns=("nope",))


def test_a_filter_holds_on_columns_the_read_does_not_return(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    for query in (
        LayerQuery(name_contains="甲"),
        LayerQuery(banners=("奈曼旗",), name_contains="校"),
        LayerQuery(statuses=("built",), units=("A",)),
    ):
        whole = store.read_layer("youth_schools", query)
        back = store.read_layer("youth_schools", query, columns=("year",))
        assert list(back.columns) == [FEATURE_ID, "year", "geometry"]
        assert back[FEATURE_ID].tolist() == whole[FEATURE_ID].tolist()
    assert len(store.read_layer("youth_schools", LayerQuery(name_contains="甲"))) == 1


def test_update_mode_changes_matching_ids_and_keeps_others(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    current = store.read_layer("youth_schools")
    edit = current.iloc[[0]].assign(name="甲校（新）")
    new = schools(["丙校"], ["库伦旗"], [shapely.Point(121.77, 42.73)])
    v = store.write_layer(
        "youth_schools",
        pd.concat([edit, new]),
        mode="update",
        commit=ME,
        base_version=1,
    )
    assert (v.added, v.changed, v.removed, v.n_features) == (1, 1, 0, 3)
    assert names(store.read_layer("youth_schools")) == sorted(
        ["甲校（新）", "乙校", "丙校"]
    )
    assert store.read_layer("youth_schools", version=1)["name"].tolist() == [
        "甲校",
        "乙校",
    ]


def test_replace_mode_counts_removed(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    v = store.write_layer(
        "youth_schools", two_schools().iloc[:1], mode="replace", commit=ME
    )
    assert (v.added, v.removed, v.n_features) == (1, 2, 1)
    assert store.count("youth_schools") == 1


def test_append_refuses_existing_ids(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    again = store.read_layer("youth_schools")
    with pytest.raises(StorageError, match="use mode 'update'") as caught:
        store.write_layer("youth_schools", again, mode="append", commit=ME)
    assert caught.value.code == "store.ids_exist"
    assert store.current_version("youth_schools") == 1


def test_repeated_incoming_ids_are_refused(store):
    frame = two_schools().assign(feature_id=["same", "same"])
    with pytest.raises(StorageError, match="repeat"):
        store.write_layer("youth_schools", frame, mode="append", commit=ME)
    assert store.current_version("youth_schools") == 0


def test_unknown_mode_is_refused(store):
    with pytest.raises(StorageError, match="'merge' unknown") as caught:
        store.write_layer("youth_schools", two_schools(), mode="merge", commit=ME)
    assert "update（更新）" in caught.value.render("zh")


def test_recorded_counts_are_what_count_changes_predicts(store):
    # ingest previews a commit with count_changes; the history must agree with it
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    current = store.read_layer("youth_schools")
    old = set(current[FEATURE_ID])
    incoming = pd.concat(
        [current.iloc[[1]], schools(["丙校"], ["库伦旗"], [HORQIN_SEAT])]
    )
    ids = [None if pd.isna(i) else i for i in incoming[FEATURE_ID]]
    for mode in ("update", "replace"):
        predicted = count_changes(old, ids, mode)
        written = store.write_layer("youth_schools", incoming, mode=mode, commit=ME)
        assert (written.added, written.changed, written.removed) == (
            predicted.added,
            predicted.changed,
            predicted.removed,
        )
        assert written.n_features == predicted.n_features
        current = store.read_layer("youth_schools")
        old = set(current[FEATURE_ID])
        incoming = current.iloc[[0]]
        ids = list(incoming[FEATURE_ID])


def test_stale_base_version_is_a_conflict_and_writes_nothing(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    store.write_layer(
        "youth_schools", two_schools(), mode="replace", commit=ME, base_version=1
    )
    with pytest.raises(ConflictError, match="moved on to version 2") as caught:
        store.write_layer(
            "youth_schools", two_schools(), mode="replace", commit=ME, base_version=1
        )
    assert "少年军校" in caught.value.render("zh")  # the layer's title, not its id
    assert store.current_version("youth_schools") == 2
    assert store.count("youth_schools") == 2


def test_history_and_rollback_and_reading_old_versions(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    store.write_layer(
        "youth_schools", two_schools().iloc[:1], mode="replace", commit=ME
    )
    assert len(store.read_layer("youth_schools", version=1)) == 2
    back = store.rollback("youth_schools", 1, commit=CommitInfo("admin"))
    assert (back.version, back.rolled_back_to, back.n_features) == (3, 1, 2)
    assert (back.added, back.changed, back.removed) == (2, 0, 1)
    assert back.note == "rollback to 1"
    assert names(store.read_layer("youth_schools")) == ["乙校", "甲校"]
    log = store.history("youth_schools")
    assert [v.version for v in log] == [1, 2, 3]
    assert [v.mode for v in log] == ["append", "replace", "rollback"]
    assert (log[0].author, log[0].file_name, log[0].file_hash) == (
        "tester",
        "f.zip",
        "abc",
    )
    assert log[-1] == back
    # the rolled-back-from version stays readable: history is never rewritten
    assert names(store.read_layer("youth_schools", version=2)) == ["甲校"]


@pytest.mark.parametrize("to", [0, 2, -1])
def test_rollback_outside_the_history_is_refused_with_the_range(store, to):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    with pytest.raises(
        StorageError, match=f"has versions 1 to 1; cannot roll back to {to}"
    ):
        store.rollback("youth_schools", to, commit=ME)
    assert store.count("youth_schools") == 2
    assert store.current_version("youth_schools") == 1


def test_rollback_of_a_layer_without_versions_says_so(store):
    with pytest.raises(StorageError, match="no versions yet"):
        store.rollback("signage", 1, commit=ME)


def test_failed_write_leaves_store_unchanged(store):
    store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    bad = two_schools().assign(year=["not a year", 2020])
    with pytest.raises(ValueError, match="not a year"):
        store.write_layer("youth_schools", bad, mode="replace", commit=ME)
    assert store.current_version("youth_schools") == 1
    assert store.count("youth_schools") == 2


def test_empty_frame_write_is_a_version_with_no_features(store):
    empty = gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=4326))
    v = store.write_layer("signage", empty, mode="replace", commit=ME)
    assert (v.version, v.n_features) == (1, 0)


# --- documents and indicators -----------------------------------------------------
def test_documents_with_revision_guard(store):
    doc = store.put_document("deck", "default", {"title": "通辽"})
    assert doc.revision == 1
    store.put_document("deck", "default", {"title": "v2"}, expected_revision=1)
    with pytest.raises(ConflictError, match="changed by someone else"):
        store.put_document("deck", "default", {"title": "v3"}, expected_revision=1)
    assert store.get_document("deck", "default").body == {"title": "v2"}
    assert [d.key for d in store.list_documents("deck")] == ["default"]
    assert store.delete_document("deck", "default")
    assert store.get_document("deck", "default") is None
    assert not store.delete_document("deck", "default")


def test_update_document_creates_changes_and_deletes(store):
    created = store.update_document("t", "k", lambda d: {"n": 1 if d is None else 0})
    assert (created.body, created.revision) == ({"n": 1}, 1)
    changed = store.update_document("t", "k", lambda d: {"n": d.body["n"] + 1})
    assert (changed.body, changed.revision) == ({"n": 2}, 2)
    assert store.update_document("t", "k", lambda d: None) is None
    assert store.get_document("t", "k") is None
    assert store.update_document("t", "missing", lambda d: None) is None


def test_an_error_in_update_document_writes_nothing(store):
    store.put_document("t", "k", {"n": 1})

    def boom(doc):
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        store.update_document("t", "k", boom)
    assert store.get_document("t", "k").body == {"n": 1}


def test_parallel_update_documents_lose_no_count(store):
    """What the sign-in throttle and one-time grants rely on."""
    import threading

    stores = [open_store(Settings(store=store.location)) for _ in range(20)]
    start = threading.Barrier(len(stores))

    def bump(one):
        start.wait()
        for _ in range(5):
            one.update_document(
                "t", "k", lambda d: {"n": (d.body["n"] if d else 0) + 1}
            )

    threads = [threading.Thread(target=bump, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.get_document("t", "k").body == {"n": 100}


def test_a_document_write_waits_for_an_update_in_progress(store):
    """Updates and puts of one document take the same lock: a put made while an
    update runs sees the update's revision, so its guard refuses a stale write."""
    import threading

    store.put_document("t", "k", {"n": 1})
    other = open_store(Settings(store=store.location))
    inside, release = threading.Event(), threading.Event()
    refused: list[Exception] = []

    def slow(doc):
        inside.set()
        release.wait(30)
        return {"n": doc.body["n"] + 1}

    def stale_put():
        try:
            other.put_document("t", "k", {"n": 0}, expected_revision=1)
        except ConflictError as exc:
            refused.append(exc)

    update = threading.Thread(target=store.update_document, args=("t", "k", slow))
    update.start()
    assert inside.wait(30)
    put = threading.Thread(target=stale_put)
    put.start()
    put.join(0.5)
    assert put.is_alive()  # waiting for the update's lock
    release.set()
    update.join(30)
    put.join(30)
    other.close()
    assert len(refused) == 1
    assert store.get_document("t", "k").body == {"n": 2}


def test_documents_are_kept_per_kind_and_listed_by_key(store):
    store.put_document("deck", "b", {"n": 1})
    store.put_document("deck", "a", {"n": 2, "名": "会议"})
    store.put_document("user", "a", {"role": "viewer"})
    assert [(d.key, d.body) for d in store.list_documents("deck")] == [
        ("a", {"n": 2, "名": "会议"}),
        ("b", {"n": 1}),
    ]
    assert [d.kind for d in store.list_documents("user")] == ["user"]
    # expected_revision=0 means "create, only if nobody did meanwhile"
    with pytest.raises(ConflictError):
        store.put_document("deck", "a", {}, expected_revision=0)
    assert store.put_document("deck", "c", {}, expected_revision=0).revision == 1


def _indicators(value: float) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": "x",
                "title_zh": "甲",
                "title_en": "A",
                "value": value,
                "unit_zh": "万元",
                "unit_en": "10k yuan",
                "period": "2021",
                "category": "funding",
                "source": "原文",
            }
        ]
    )


def test_indicators_round_trip_and_are_replaced_whole(store):
    store.write_indicators(_indicators(1.5))
    pd.testing.assert_frame_equal(store.read_indicators(), _indicators(1.5))
    store.write_indicators(_indicators(2.0))
    pd.testing.assert_frame_equal(store.read_indicators(), _indicators(2.0))
    with pytest.raises(StorageError, match="lacks columns: source"):
        store.write_indicators(_indicators(3.0).drop(columns="source"))
    assert store.read_indicators()["value"].tolist() == [2.0]


# --- the query contract -------------------------------------------------------------
UNITS = ("通辽军分区", "武警通辽支队", "Tongliao Veterans Bureau")


def _varied(n: int, seed: int, shape: str) -> gpd.GeoDataFrame:
    """``n`` features around the banner seats with every attribute sometimes missing."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(BANNERS), n)
    lon = np.array([b.seat_lon for b in BANNERS])[pick] + rng.normal(0, 0.2, n)
    lat = np.array([b.seat_lat for b in BANNERS])[pick] + rng.normal(0, 0.2, n)
    points = shapely.points(lon, lat)
    geometry = {
        "point": points,
        "polygon": shapely.buffer(points, 0.05, quad_segs=2),
        "line": shapely.linestrings(
            np.stack([lon, lat, lon + 0.1, lat + 0.05], axis=1).reshape(n, 2, 2)
        ),
    }[shape]

    def sometimes(values: np.ndarray, share: float = 0.15) -> list:
        return [None if rng.random() < share else v for v in values.tolist()]

    words = np.array(["双拥", "拥军", "Shuangyong Park", "PARK", "军民"], dtype=object)
    return gpd.GeoDataFrame(
        {
            "name": sometimes(
                np.array(
                    [f"{w}{i}" for i, w in enumerate(words[rng.integers(0, 5, n)])]
                )
            ),
            "banner": sometimes(np.array([b.name_zh for b in BANNERS])[pick]),
            "status": sometimes(
                np.array(["built", "planned", "under_construction"])[
                    rng.integers(0, 3, n)
                ]
            ),
            "year": pd.array(
                sometimes(rng.integers(2000, 2025, n), 0.3), dtype="Int64"
            ),
            "unit": sometimes(np.array(UNITS)[rng.integers(0, 3, n)], 0.3),
        },
        geometry=geometry,
        crs=4326,
    )


#: Features at the edges of each rule, added to youth_schools.
EDGES = gpd.GeoDataFrame(
    {
        "name": [
            "Ärzte-Haus 双拥站",  # a non-ASCII capital: lower() beyond ASCII
            "ＡＢＣ双拥",  # full-width Latin letters
            "100% 双拥_站",  # LIKE wildcards must match literally
            None,
            "无年份",
            "边界点",
            "引号单位的站",
            "控制字符单位的站",
        ],
        "banner": [
            "奈曼旗",
            "开鲁县",
            None,
            "奈曼旗",
            "奈曼旗",
            "科尔沁区",
            None,
            None,
        ],
        # 烂尾: a status a steward kept outside the list, found by "other"
        "status": ["built", None, "planned", "built", "烂尾", "built", None, None],
        "year": pd.array(
            [2020, 2000, 2024, None, None, 2010, None, None], dtype="Int64"
        ),
        "unit": [
            "通辽军分区",
            None,
            "通辽军分区",
            "通辽军分区",
            None,
            "武警通辽支队",
            "O'Brien's unit') OR (1=1",  # SQL quoting must hold
            "Unit of the eighth site",
        ],
    },
    geometry=[
        NAIMAN_SEAT,
        KAILU_SEAT,
        shapely.Point(),  # an empty geometry has no bounds: outside every bbox
        HORQIN_SEAT,
        NAIMAN_SEAT,
        shapely.Point(122.5, 43.5),  # exactly on the corner of "bbox-corner"
        KAILU_SEAT,
        None,  # no geometry at all
    ],
    crs=4326,
)

#: Each rule alone, at its edges, and combined.
QUERIES: dict[str, LayerQuery] = {
    "empty": LayerQuery(),
    "one-banner": LayerQuery(banners=("奈曼旗",)),
    "two-banners": LayerQuery(banners=("奈曼旗", "科尔沁区")),
    "unknown-banner": LayerQuery(banners=("北京市",)),
    "built": LayerQuery(statuses=("built",)),
    "not-built": LayerQuery(statuses=("planned", "under_construction")),
    "unit": LayerQuery(units=("通辽军分区",)),
    "latin-unit": LayerQuery(units=("Tongliao Veterans Bureau",)),
    "quoted-unit": LayerQuery(units=("O'Brien's unit') OR (1=1",)),
    "years": LayerQuery(year_range=(2005, 2015)),  # keeps features with no year
    "years-dated-only": LayerQuery(year_range=(2005, 2015), keep_undated=False),
    "one-year": LayerQuery(year_range=(2020, 2020)),
    "every-year": LayerQuery(year_range=(0, 9999), keep_undated=False),  # no undated
    "every-year-and-undated": LayerQuery(year_range=(0, 9999)),  # keeps everything
    "name-chinese": LayerQuery(name_contains="双拥"),
    "name-ascii-case": LayerQuery(name_contains="park"),
    "name-upper-case": LayerQuery(name_contains="SHUANGYONG"),
    "name-beyond-ascii": LayerQuery(name_contains="ärzte"),
    "name-full-width": LayerQuery(name_contains="ａｂｃ"),
    "name-percent": LayerQuery(name_contains="%"),
    "name-underscore": LayerQuery(name_contains="_"),
    "bbox-city": LayerQuery(bbox=(119.25, 42.24, 123.72, 45.66)),
    "bbox-naiman": LayerQuery(bbox=(120.3, 42.5, 121.0, 43.2)),
    "bbox-corner": LayerQuery(bbox=(122.0, 43.0, 122.5, 43.5)),
    "bbox-nowhere": LayerQuery(bbox=(0.0, 0.0, 1.0, 1.0)),
    "other-status": LayerQuery(statuses=(STATUS_OTHER,)),
    "built-or-other": LayerQuery(statuses=("built", STATUS_OTHER)),
    "banner-and-status": LayerQuery(banners=("奈曼旗",), statuses=("built",)),
    "banner-years-name": LayerQuery(
        banners=("奈曼旗", "开鲁县"), year_range=(2000, 2020), name_contains="双拥"
    ),
    "bbox-unit-status": LayerQuery(
        bbox=(120.0, 42.0, 123.0, 44.5), units=UNITS[:2], statuses=("built", "planned")
    ),
    "everything": LayerQuery(
        banners=("奈曼旗",),
        statuses=("built",),
        units=("通辽军分区",),
        year_range=(2015, 2024),
        name_contains="双",
        bbox=(120.0, 42.0, 121.5, 43.5),
    ),
}


@pytest.fixture(scope="module", params=BACKENDS)
def varied_store(request: pytest.FixtureRequest, tmp_path_factory) -> Store:
    """The sample data plus varied and edge features in three geometry kinds."""
    if request.param == "gpkg":
        folder = tmp_path_factory.mktemp("query-gpkg")
        location = f"gpkg://{folder / 'contract.gpkg'}"
    else:
        location = request.getfixturevalue("pg_server").blank()
    store = create_store(Settings(store=location), seed_store)
    for layer_id, shape, seed in (
        ("youth_schools", "point", 1),
        ("support_parks", "polygon", 2),
        ("support_streets", "line", 3),
    ):
        store.write_layer(layer_id, _varied(300, seed, shape), mode="append", commit=ME)
    store.write_layer("youth_schools", EDGES, mode="append", commit=ME)
    return store


@pytest.mark.parametrize("layer_id", LAYER_IDS)
@pytest.mark.parametrize("query_name", QUERIES)
def test_a_query_keeps_exactly_the_rows_of_the_reference(
    varied_store, layer_id, query_name
):
    query = QUERIES[query_name]
    expected = filter_frame(varied_store.read_layer(layer_id), query)
    got = varied_store.read_layer(layer_id, query)
    assert list(got[FEATURE_ID]) == list(expected[FEATURE_ID])
    assert varied_store.count(layer_id, query) == len(expected)


def test_the_queries_select_something_and_not_everything(varied_store):
    # Without this, a contract run on data no query touches would pass vacuously.
    layers = {lid: varied_store.read_layer(lid) for lid in LAYER_IDS}
    total = sum(len(f) for f in layers.values())
    for name, query in QUERIES.items():
        kept = sum(len(filter_frame(f, query)) for f in layers.values())
        if name in ("empty", "every-year-and-undated"):
            assert kept == total, name
        elif name in ("unknown-banner", "bbox-nowhere"):
            assert kept == 0, name
        else:
            assert 0 < kept < total, name


@pytest.mark.parametrize(
    ("query_name", "names_kept"),
    [
        ("name-beyond-ascii", ["Ärzte-Haus 双拥站"]),
        ("name-full-width", ["ＡＢＣ双拥"]),
        ("name-percent", ["100% 双拥_站"]),
        ("bbox-corner", ["边界点"]),
        ("quoted-unit", ["引号单位的站"]),
        ("other-status", ["无年份"]),
    ],
)
def test_edge_features_are_found_by_the_rule_that_names_them(
    varied_store, query_name, names_kept
):
    found = varied_store.read_layer("youth_schools", QUERIES[query_name])
    assert set(names_kept) <= set(found["name"].dropna())


def test_a_read_gives_the_catalogs_dtypes(varied_store):
    frame = varied_store.read_layer("youth_schools")
    assert frame["year"].dtype == "Int64"
    assert frame["illustrative"].dtype == "boolean"
    assert frame["funding_wan"].dtype == "float64"
    for column in ("feature_id", "name", "banner", "unit", "extra_attrs"):
        # text as objects or pandas' string dtype (GeoPackage reads through Arrow)
        assert frame[column].dtype == object or isinstance(
            frame[column].dtype, pd.StringDtype
        ), column
        values = frame[column].dropna().tolist()
        assert all(type(v) is str for v in values), column
        assert values or column == "extra_attrs", column
    assert frame["name"].isna().any() and frame["unit"].isna().any()
    assert frame.geometry.isna().sum() == 1  # the feature stored without geometry
    assert frame.geometry.is_empty.sum() == 1
    assert frame.index.equals(pd.RangeIndex(len(frame)))


def test_a_query_on_an_old_version_filters_that_version(varied_store):
    query = QUERIES["banner-and-status"]
    old = varied_store.read_layer("youth_schools", version=1)
    got = varied_store.read_layer("youth_schools", query, version=1)
    assert list(got[FEATURE_ID]) == list(filter_frame(old, query)[FEATURE_ID])
    assert len(got) < varied_store.count("youth_schools", query)


# --- counted in the store --------------------------------------------------------
@pytest.mark.parametrize("layer_id", ["youth_schools", "support_parks", "signage"])
@pytest.mark.parametrize("query_name", ["empty", "two-banners", "bbox-naiman", "years"])
def test_counts_per_value_are_the_reference_s(varied_store, layer_id, query_name):
    query = QUERIES[query_name]
    expected = filter_frame(varied_store.read_layer(layer_id), query)
    for column in ("banner", "status", "year"):
        want = expected[column].astype(object).where(expected[column].notna(), None)
        got = varied_store.count_by(layer_id, column, query)
        assert got == dict(want.value_counts(dropna=False).items()), column
        assert sum(got.values()) == len(expected)
    both = varied_store.count_by(layer_id, ("banner", "year"), query)
    pairs = Counter(
        (None if pd.isna(b) else b, None if pd.isna(y) else int(y))
        for b, y in zip(expected["banner"], expected["year"], strict=True)
    )
    assert both == dict(pairs)


@pytest.mark.parametrize(
    "layer_id", ["youth_schools", "support_parks", "support_streets"]
)
@pytest.mark.parametrize("cell", [0.05, 0.5, 3.0])
@pytest.mark.parametrize("query_name", ["empty", "built", "bbox-city"])
def test_grid_counts_are_the_reference_s(varied_store, layer_id, cell, query_name):
    query = QUERIES[query_name]
    frame = filter_frame(varied_store.read_layer(layer_id), query)
    expected = grid_reference(frame, cell)
    got = varied_store.grid_counts(layer_id, cell, query)
    pd.testing.assert_frame_equal(
        got[["ix", "iy", "n"]], expected[["ix", "iy", "n"]], check_dtype=False
    )
    np.testing.assert_allclose(got[["lon", "lat"]], expected[["lon", "lat"]])
    assert got["n"].sum() == sum(
        1 for g in frame.geometry if g is not None and not g.is_empty
    )
