"""Stewards per banner: a commit touching another banner is refused, store unchanged."""

import pytest

from geodata.auth import add_user
from geodata.catalog import FEATURE_ID
from geodata.edits import rollback, set_sensitivity
from geodata.errors import BannerScopeError
from geodata.ingest import IngestOptions, commit, prepare
from tests import fixtures as fx

NAIMAN = ("奈曼旗",)


def _snapshot(store, layer="youth_schools"):
    frame = store.read_layer(layer)
    return (
        len(store.history(layer)),
        frame.drop(columns="geometry").to_json(),
        list(frame.geometry.to_wkt()),
    )


def test_a_commit_with_a_row_of_another_banner_is_refused_naming_it(store, tmp_path):
    add_user(store, "naiman", "correct horse", "steward", banners=NAIMAN)
    before = _snapshot(store)
    prepared = prepare(store, fx.geojson(tmp_path), "youth_schools")
    assert prepared.report.ok
    with pytest.raises(BannerScopeError) as info:
        commit(store, prepared, author="naiman", banners=NAIMAN)
    message = info.value.render("zh")
    assert "#1 科尔沁区第一少年军校 [科尔沁区]" in message
    assert "#3 开鲁县少年军校 [开鲁县]" in message
    assert "奈曼旗希望少年军校" not in message  # its own banner is fine
    assert [r.row for r in info.value.params["outside"]] == [1, 3]
    assert _snapshot(store) == before


def test_a_commit_inside_its_banners_goes_through(store, tmp_path):
    frame = fx.schools().iloc[[1]]
    prepared = prepare(store, fx.geojson(tmp_path, frame), "youth_schools")
    version = commit(store, prepared, author="naiman", banners=NAIMAN)
    assert version.added == 1


def test_replace_would_remove_other_banners_features_so_it_is_refused(store, tmp_path):
    frame = fx.schools().iloc[[1]]
    options = IngestOptions(mode="replace")
    prepared = prepare(
        store, fx.geojson(tmp_path, frame), "youth_schools", options=options
    )
    before = _snapshot(store)
    with pytest.raises(BannerScopeError) as info:
        commit(store, prepared, author="naiman", banners=NAIMAN)
    removed = [r for r in info.value.params["outside"] if r.change == "remove"]
    assert len(removed) == 8  # nine schools, one in Naiman
    assert _snapshot(store) == before


def test_moving_a_feature_out_of_another_banner_counts_as_touching_it(store, tmp_path):
    current = store.read_layer("youth_schools")
    horqin = current[current.banner == "科尔沁区"].iloc[:1].copy()
    horqin["banner"] = "奈曼旗"  # claim a Horqin school for Naiman
    upload = horqin.rename(columns={"name": "名称", "banner": "旗县"})
    options = IngestOptions(mode="update")
    prepared = prepare(
        store, fx.geojson(tmp_path, upload), "youth_schools", options=options
    )
    with pytest.raises(BannerScopeError) as info:
        commit(store, prepared, author="naiman", banners=NAIMAN)
    assert [r.change for r in info.value.params["outside"]] == ["change"]


def test_an_unlimited_steward_changes_every_banner(store, tmp_path):
    prepared = prepare(store, fx.geojson(tmp_path), "youth_schools")
    assert commit(store, prepared, author="wang").added == 3


def test_rollback_and_sensitivity_edits_keep_to_the_banners(store, tmp_path):
    prepared = prepare(store, fx.geojson(tmp_path), "youth_schools")
    commit(store, prepared, author="wang")  # adds schools in three banners
    before = _snapshot(store)
    with pytest.raises(BannerScopeError):
        rollback(store, "youth_schools", 1, author="naiman", banners=NAIMAN)
    schools = store.read_layer("youth_schools")
    horqin = schools[schools.banner == "科尔沁区"][FEATURE_ID].iloc[0]
    with pytest.raises(BannerScopeError):
        set_sensitivity(
            store, "youth_schools", horqin, "internal", author="naiman", banners=NAIMAN
        )
    assert _snapshot(store) == before
    naiman = schools[schools.banner == "奈曼旗"][FEATURE_ID].iloc[0]
    version = set_sensitivity(
        store, "youth_schools", naiman, "internal", author="naiman", banners=NAIMAN
    )
    assert version.changed == 1
    row = store.read_layer("youth_schools").set_index(FEATURE_ID).loc[naiman]
    assert row.sensitivity == "internal"
