"""Moving a store between backends keeps every version, document and figure."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from click.testing import CliRunner

from geodata.auth import add_user, authenticate
from geodata.catalog import LAYER_IDS
from geodata.cli import main
from geodata.config import Settings
from geodata.errors import StorageError
from geodata.present.decks import load_deck, save_deck
from geodata.storage import CommitInfo, Store, open_store
from geodata.storage.transfer import migrate, rows_digest
from tests.common import KAILU_SEAT, NAIMAN_SEAT, schools

ME = CommitInfo(author="王", note="编辑", file_name="a.zip", file_hash="h1")


def _location(backend: str, request: pytest.FixtureRequest, tmp_path, name: str):
    if backend == "gpkg":
        return str(tmp_path / f"{name}.gpkg")
    return request.getfixturevalue("pg_server").blank()


def _with_history(store: Store) -> None:
    """The seeded store plus an update, a replace, a rollback, a user and an edit."""
    current = store.read_layer("youth_schools")
    edit = current.iloc[[0]].assign(name="改名校", 校长="张三")
    store.write_layer("youth_schools", edit, mode="update", commit=ME)
    two = schools(["甲校", "乙校"], ["奈曼旗", "开鲁县"], [NAIMAN_SEAT, KAILU_SEAT])
    store.write_layer("youth_schools", two, mode="replace", commit=ME)
    store.rollback("youth_schools", 2, commit=CommitInfo("admin"))
    add_user(store, "wang", "correct horse", "steward")
    deck = load_deck(store)
    save_deck(store, dataclasses.replace(deck, title_zh="改过的标题"))


def _values(frame: pd.DataFrame) -> pd.DataFrame:
    """Attributes as plain objects, missing as None (backends differ in text dtype)."""
    out = frame.drop(columns="geometry").reset_index(drop=True).astype(object)
    return out.where(out.notna(), None)


@pytest.mark.parametrize(
    ("source", "target"),
    [("gpkg", "postgis"), ("postgis", "gpkg"), ("postgis", "postgis")],
)
def test_migrate_keeps_every_version_and_verifies(
    request, tmp_path, seeded_store_file, source, target
):
    if "postgis" in (source, target):
        request.getfixturevalue("pg_server")
    src_loc = _location(source, request, tmp_path, "src")
    if source == "gpkg":
        src_loc = str(tmp_path / "src.gpkg")
        (tmp_path / "src.gpkg").write_bytes(seeded_store_file.read_bytes())
        src = open_store(Settings(store=src_loc))
    else:
        from geodata.seeding import open_or_seed

        src = open_or_seed(Settings(store=src_loc))
    _with_history(src)
    dst_loc = _location(target, request, tmp_path, "dst")

    result = migrate(Settings(store=src_loc), Settings(store=dst_loc))

    assert result.ok
    assert {c.layer for c in result.layers} == set(LAYER_IDS)
    youth = next(c for c in result.layers if c.layer == "youth_schools")
    assert youth.target.versions == 4 and youth.target.rows > youth.target.current
    dst = open_store(Settings(store=dst_loc))
    assert dst.history("youth_schools") == src.history("youth_schools")
    for version in range(1, 5):  # every old version reads as it did
        a = src.read_layer("youth_schools", version=version)
        b = dst.read_layer("youth_schools", version=version)
        # values equal; text dtype differs by backend (GeoPackage reads through
        # Arrow into pandas' string dtype, PostGIS gives objects)
        pd.testing.assert_frame_equal(_values(a), _values(b), check_dtype=False)
        assert list(a.geometry.to_wkb()) == list(b.geometry.to_wkb())
    assert authenticate(dst, "wang", "correct horse").role == "steward"
    assert load_deck(dst).title_zh == "改过的标题"
    assert dst.get_document("deck", "tongliao").revision == 2
    pd.testing.assert_frame_equal(dst.read_indicators(), src.read_indicators())
    # the new store goes on from where the old one was
    v = dst.write_layer(
        "youth_schools",
        schools(["丙校"], ["库伦旗"], [KAILU_SEAT]),
        mode="append",
        commit=ME,
    )
    assert v.version == 5


def test_a_target_that_holds_data_is_refused_and_left_alone(tmp_path, store_path):
    other = tmp_path / "other.gpkg"
    other.write_bytes(store_path.read_bytes())
    before = open_store(Settings(store=str(other))).versions()
    with pytest.raises(StorageError, match="already holds data") as caught:
        migrate(Settings(store=str(store_path)), Settings(store=str(other)))
    assert caught.value.code == "store.migrate_target_used"
    assert open_store(Settings(store=str(other))).versions() == before


def test_the_digest_sees_a_changed_value_and_a_moved_point(store):
    dumped = store.dump_layer("signage")
    digest = rows_digest(dumped)
    renamed = dumped.copy()
    renamed.loc[renamed.index[0], "name"] = "别的名字"
    moved = dumped.copy()
    moved.geometry = moved.geometry.translate(xoff=1e-9)
    assert rows_digest(renamed) != digest
    assert rows_digest(moved) != digest
    assert rows_digest(dumped.copy()) == digest


def test_cli_migrate_prints_the_check_and_exits_zero(store_path, tmp_path):
    target = tmp_path / "moved.gpkg"
    result = CliRunner().invoke(
        main,
        ["migrate", "--from", str(store_path), "--to", str(target)],
        env={"GEODATA_LANG": "en"},
    )
    assert result.exit_code == 0, result.output
    assert "signage" in result.stdout and "DIFFERS" not in result.stdout
    assert "counts and hashes match" in result.stderr
    again = CliRunner().invoke(
        main,
        ["migrate", "--from", str(store_path), "--to", str(target)],
        env={"GEODATA_LANG": "en"},
    )
    assert again.exit_code == 1
    assert "already holds data" in again.stderr
