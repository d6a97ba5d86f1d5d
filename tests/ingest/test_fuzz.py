"""No traceback from any file: mutated and cut files give a report or an IngestError.

Each reader gets a valid file of its format, then copies of it cut short and with
bytes overwritten at seeded places; a shapefile's parts are damaged inside an
intact zip, so the damage reaches GDAL, not just zipfile's checksum. Whatever
happens, only a ``GeodataError`` may leave ingest, and no layer changes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from geodata.catalog import LAYER_IDS
from geodata.errors import GeodataError
from geodata.ingest import inspect, prepare
from tests import fixtures as fx


def _valid(kind: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    builders = {
        "gpkg": lambda: fx.geopackage(folder, {"schools": fx.schools()}),
        "geojson": lambda: fx.geojson(folder),
        "kml": lambda: fx.arcgis_kml(folder),
        "kmz": lambda: fx.kmz(folder),
        "csv": lambda: fx.amap_csv(folder),
        "xlsx": lambda: fx.xlsx(folder),
        "zip": lambda: fx.shapefile_zip(folder, encoding="GBK", cpg=False),
    }
    return builders[kind]()


def _mutations(data: bytes, seed: int) -> list[bytes]:
    """Cut copies, spliced copies and copies overwritten in place; seeded."""
    rng = random.Random(seed)
    out = [data[: int(len(data) * f)] for f in (0.05, 0.3, 0.5, 0.8, 0.97)]
    for _ in range(8):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(damaged))
            damaged[at : at + rng.randint(1, 16)] = rng.randbytes(rng.randint(1, 16))
        out.append(bytes(damaged))
    for _ in range(6):  # overwritten in place: page-structured files stay whole
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(damaged))
            size = min(rng.randint(1, 16), len(damaged) - at)
            damaged[at : at + size] = rng.randbytes(size)
        out.append(bytes(damaged))
    header = bytearray(data)
    header[: min(100, len(header))] = b"\xff" * min(100, len(header))
    out.append(bytes(header))
    return [m for m in out if m]


def _shapefile_mutations(folder: Path, seed: int) -> list[bytes]:
    """Zips (stored, checksums right) whose .shp, .shx or .dbf is damaged."""
    shp = fx.write_shapefile(folder / "src", fx.schools(), encoding="GBK", cpg=False)
    parts = fx.shapefile_members(shp)
    out = []
    for ext in (".shp", ".shx", ".dbf"):
        name = f"{shp.stem}{ext}"
        for i, damaged in enumerate(_mutations(parts[name], seed + len(ext))):
            if i % 2:  # every other one is enough to reach each code path
                continue
            members = {**parts, name: damaged}
            out.append(fx.zip_bytes(members))
    return out


@pytest.fixture
def versions(store):
    before = {lid: store.current_version(lid) for lid in LAYER_IDS}
    yield store
    assert {lid: store.current_version(lid) for lid in LAYER_IDS} == before


def _survives(store, data: bytes, name: str) -> str:
    """Inspect and prepare ``data``; the outcome, or fail on anything else."""
    outcome = []
    for step in ("inspect", "prepare"):
        try:
            if step == "inspect":
                inspect(data, "youth_schools", file_name=name)
            else:
                prepared = prepare(store, data, "youth_schools", file_name=name)
                prepared.report.ok  # noqa: B018 - the report must be usable
            outcome.append("ok")
        except GeodataError as exc:
            # a message in both languages, whatever the cause
            outcome.append(f"{exc.code}:{bool(exc.render('zh') and str(exc))}")
    return "/".join(outcome)


@pytest.mark.parametrize(
    "kind", ["gpkg", "geojson", "kml", "kmz", "csv", "xlsx", "zip"]
)
def test_mutated_and_cut_files_never_raise_anything_but_geodata_errors(
    versions, tmp_path, kind
):
    valid = _valid(kind, tmp_path / "valid")
    name = f"upload{valid.suffix}"
    seen = {_survives(versions, m, name) for m in _mutations(valid.read_bytes(), 7)}
    assert not [s for s in seen if ":False" in s]
    assert len(seen) > 1  # the mutations did reach different outcomes


def test_damaged_shapefile_parts_inside_an_intact_zip(versions, tmp_path):
    seen = {
        _survives(versions, data, "parts.zip")
        for data in _shapefile_mutations(tmp_path, 11)
    }
    assert any("ingest" in s for s in seen)


def test_the_agency_cases_built_in_code_are_reports_or_clear_errors(versions, tmp_path):
    cases = {
        "view.gpkg": fx.recursive_view_gpkg(tmp_path / "a"),
        "bomb.xlsx": fx.xlsx_bomb(tmp_path / "b"),
        "测量成果.csv": fx.surveyor_csv(tmp_path / "c"),
        "bomb.zip": fx.zip_bomb(tmp_path / "d", megabytes=16),
        "slip.zip": fx.zip_slip(tmp_path / "e"),
    }
    for name, path in cases.items():
        assert _survives(versions, path.read_bytes(), name)


@pytest.fixture(autouse=True)
def _folders(tmp_path):
    for sub in "abcde":
        (tmp_path / sub).mkdir()
