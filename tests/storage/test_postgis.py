"""PostGIS specifics: reaching the server, the schema and its upgrade, roles,
replicas, locks and indexes. The shared semantics are in ``test_contract.py``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from geodata.catalog import LAYER_IDS
from geodata.cli import main
from geodata.config import Settings
from geodata.errors import (
    BackendUnavailableError,
    ConflictError,
    StorageError,
    StoreDamagedError,
    StoreMissingError,
    StoreReadOnlyError,
)
from geodata.query import LayerQuery
from geodata.storage import CommitInfo, create_store, open_store, upgrade_store
from geodata.storage.pg_schema import SCHEMA_VERSION
from tests.common import KAILU_SEAT, NAIMAN_SEAT, schools
from tests.postgis_support import with_database

ROOT = Path(__file__).resolve().parents[2]
ME = CommitInfo(author="tester")


@pytest.fixture
def blank(pg_server) -> str:
    url = pg_server.blank()
    yield url
    pg_server.drop(url)


@pytest.fixture
def pg_store(blank):
    store = create_store(Settings(store=blank))
    yield store
    store.close()


def _sql(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for stmt in statements:
            conn.execute(stmt)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_missing_driver_is_one_message_saying_what_to_install():
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from geodata.cli import main\n"
        "main(['layers', '--store', 'postgresql://u@127.0.0.1/db'])\n"
    )
    for lang, advice in (
        ("en", "pip install 'tongliao-geodata[postgis]'"),
        ("zh", "驱动"),
    ):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "GEODATA_LANG": lang},
        )
        assert out.returncode == 1
        assert out.stderr.count("\n") == 1, out.stderr  # one line, no traceback
        assert advice in out.stderr


def test_an_unreachable_server_is_one_line_without_the_password():
    url = f"postgresql://maps:s3cret@127.0.0.1:{_free_port()}/tongliao"
    result = CliRunner().invoke(
        main, ["layers", "--store", url], env={"GEODATA_LANG": "en"}
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"Error: Cannot reach the database server {url.replace(':s3cret', '')}"
    )
    assert "s3cret" not in result.stderr
    with pytest.raises(BackendUnavailableError) as caught:
        open_store(Settings(store=url))
    assert caught.value.code == "store.pg_unreachable"
    assert "数据库服务器" in caught.value.render("zh")


def test_a_missing_database_says_to_create_it(pg_server):
    url = with_database(pg_server.url, "geodata_no_such_db")
    with pytest.raises(StoreMissingError, match="createdb"):
        open_store(Settings(store=url))


def test_an_empty_database_has_no_store_until_upgrade_or_seed(blank):
    with pytest.raises(StoreMissingError, match="db upgrade") as caught:
        open_store(Settings(store=blank))
    assert caught.value.code == "store.pg_missing"
    first = CliRunner().invoke(
        main, ["db", "upgrade", "--store", blank], env={"GEODATA_LANG": "en"}
    )
    assert first.exit_code == 0, first.output
    assert f"schema version {SCHEMA_VERSION}" in first.stderr
    again = CliRunner().invoke(
        main, ["db", "upgrade", "--store", blank], env={"GEODATA_LANG": "en"}
    )
    assert "up to date" in again.stderr
    store = open_store(Settings(store=blank))
    assert store.is_empty() and store.versions()["signage"] == 0


def test_an_older_schema_is_reported_and_upgrade_brings_it_back(pg_store, blank):
    pg_store.write_layer(
        "youth_schools",
        schools(["甲"], ["奈曼旗"], [NAIMAN_SEAT]),
        mode="append",
        commit=ME,
    )
    pg_store.close()
    _sql(
        blank,
        "UPDATE geodata.meta SET value = '0' WHERE key = 'schema_version'",
        'DROP TABLE geodata."flood_sites"',
    )
    with pytest.raises(StoreDamagedError, match="db upgrade") as caught:
        open_store(Settings(store=blank))
    assert caught.value.code == "store.pg_outdated"
    result = CliRunner().invoke(
        main, ["db", "upgrade", "--store", blank], env={"GEODATA_LANG": "en"}
    )
    assert "from version 0 to" in result.stderr
    store = open_store(Settings(store=blank))
    assert store.count("youth_schools") == 1  # nothing lost
    assert store.count("flood_sites") == 0


def test_a_schema_2_store_gains_the_sensitivity_column_empty(pg_store, blank):
    pg_store.write_layer(
        "youth_schools",
        schools(["甲站"], ["奈曼旗"], [NAIMAN_SEAT]),
        mode="append",
        commit=ME,
    )
    pg_store.close()
    _sql(
        blank,
        "UPDATE geodata.meta SET value = '2' WHERE key = 'schema_version'",
        *(f'ALTER TABLE geodata."{lid}" DROP COLUMN sensitivity' for lid in LAYER_IDS),
    )
    with pytest.raises(StoreDamagedError, match="db upgrade") as caught:
        open_store(Settings(store=blank))
    assert caught.value.code == "store.pg_outdated"
    result = CliRunner().invoke(
        main, ["db", "upgrade", "--store", blank], env={"GEODATA_LANG": "en"}
    )
    assert "from version 2 to" in result.stderr
    sites = open_store(Settings(store=blank)).read_layer("youth_schools")
    assert sites["name"].tolist() == ["甲站"] and sites["sensitivity"].isna().all()


def test_a_store_of_a_newer_release_is_not_touched(pg_store, blank):
    pg_store.close()
    _sql(blank, "UPDATE geodata.meta SET value = '99' WHERE key = 'schema_version'")
    for action in (open_store, upgrade_store):
        with pytest.raises(StorageError, match="newer release") as caught:
            action(Settings(store=blank))
        assert caught.value.code == "store.pg_newer"


def test_text_with_a_nul_is_refused_naming_its_row_and_column(pg_store):
    # PostgreSQL text cannot hold NUL (a GeoPackage keeps it: test_geopackage.py)
    frame = schools(["甲", "乙"], ["奈曼旗", "开鲁县"], [NAIMAN_SEAT, KAILU_SEAT])
    frame["unit"] = ["通辽军分区", "nul\x00unit"]
    with pytest.raises(StorageError) as caught:
        pg_store.write_layer("youth_schools", frame, mode="append", commit=ME)
    assert caught.value.code == "store.pg_nul"
    assert caught.value.params == {"layer": "youth_schools", "column": "unit", "row": 2}
    assert "第 2 行" in caught.value.render("zh")
    assert pg_store.count("youth_schools") == 0
    assert pg_store.current_version("youth_schools") == 0


def test_a_read_only_role_reads_and_is_told_it_cannot_write(pg_store, blank, pg_server):
    pg_store.write_layer(
        "youth_schools",
        schools(["甲"], ["奈曼旗"], [NAIMAN_SEAT]),
        mode="append",
        commit=ME,
    )
    role = pg_server.new_name()
    _sql(
        blank,
        f'CREATE ROLE "{role}" LOGIN',
        f'GRANT USAGE ON SCHEMA geodata TO "{role}"',
        f'GRANT SELECT ON ALL TABLES IN SCHEMA geodata TO "{role}"',
    )
    try:
        url = blank.replace("postgres@", f"{role}@", 1)
        reader = open_store(Settings(store=url))  # opening writes nothing
        assert reader.count("youth_schools") == 1
        with pytest.raises(StoreReadOnlyError, match="may not change") as caught:
            reader.write_layer(
                "youth_schools",
                schools(["乙"], ["开鲁县"], [KAILU_SEAT]),
                mode="append",
                commit=ME,
            )
        assert caught.value.code == "store.pg_privilege"
        reader.close()
    finally:
        _sql(blank, f'DROP OWNED BY "{role}"', f'DROP ROLE "{role}"')
    assert pg_store.current_version("youth_schools") == 1


def test_a_replica_reads_and_says_writes_go_to_the_primary(pg_store, blank):
    # A hot standby refuses writes exactly as a read-only session does (25006).
    url = blank + "?options=-c%20default_transaction_read_only%3Don"
    replica = open_store(Settings(store=url))
    assert replica.key == pg_store.key  # the same data, the same cache entries
    assert replica.count("signage") == 0
    with pytest.raises(StoreReadOnlyError, match="target_session_attrs=read-write"):
        replica.put_document("deck", "x", {})
    replica.close()


def test_concurrent_commits_on_one_base_version_one_wins(pg_store, blank):
    base = pg_store.current_version("youth_schools")
    results: list[object] = []

    def commit(name: str) -> None:
        store = open_store(Settings(store=blank))
        try:
            frame = schools([name], ["奈曼旗"], [NAIMAN_SEAT])
            results.append(
                store.write_layer(
                    "youth_schools",
                    frame,
                    mode="append",
                    commit=ME,
                    base_version=base,
                )
            )
        except ConflictError as exc:
            results.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=commit, args=(n,)) for n in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results) == [
        "ConflictError",
        "LayerVersion",
    ]
    assert pg_store.current_version("youth_schools") == base + 1
    assert pg_store.count("youth_schools") == 1  # nothing lost, nothing doubled


def test_current_rows_have_a_partial_gist_index_that_bbox_reads_use(pg_store, blank):
    frame = schools(["甲", "乙"], ["奈曼旗", "开鲁县"], [NAIMAN_SEAT, KAILU_SEAT])
    pg_store.write_layer("youth_schools", frame, mode="append", commit=ME)
    with psycopg.connect(blank) as conn:
        (definition,) = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'geodata' "
            "AND indexname = 'youth_schools_current_geom'"
        ).fetchone()
        conn.execute("SET enable_seqscan = off")
        plan = conn.execute(
            'EXPLAIN SELECT fid FROM geodata."youth_schools" WHERE _vto IS NULL '
            "AND geom && ST_MakeEnvelope(120, 42, 121, 43, 4326)"
        ).fetchall()
    assert "USING gist" in definition and "WHERE (_vto IS NULL)" in definition
    assert "youth_schools_current_geom" in " ".join(r[0] for r in plan)
    got = pg_store.read_layer("youth_schools", LayerQuery(bbox=(120, 42, 121, 43)))
    assert got["name"].tolist() == ["甲"]


def test_a_point_a_hair_outside_the_box_stays_outside(pg_store):
    # The index keeps boxes in float4 (a little wide); the exact box decides.
    edge = schools(
        ["内", "外"],
        ["奈曼旗", "奈曼旗"],
        [NAIMAN_SEAT, type(NAIMAN_SEAT)(121.0 + 1e-9, 42.5)],
    )
    pg_store.write_layer("youth_schools", edge, mode="append", commit=ME)
    got = pg_store.read_layer(
        "youth_schools", LayerQuery(bbox=(120.3, 42.5, 121.0, 43))
    )
    assert got["name"].tolist() == ["内"]


def test_creating_over_an_existing_store_is_refused_without_replace(pg_store, blank):
    with pytest.raises(StorageError, match="already holds a store"):
        create_store(Settings(store=blank))
    assert open_store(Settings(store=blank)).is_empty()
