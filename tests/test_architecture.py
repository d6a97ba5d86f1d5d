"""The structure holds: layers import downwards only, pages stay thin.

Ranks, lowest first. A module may import modules of a lower rank, and modules of
its own package; never a higher rank (an import "running back up the layers").
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Top-level unit of ``geodata`` -> rank. Units are packages or modules.
RANKS: dict[str, int] = {
    "errors": 0,
    "coords": 0,
    "extent": 0,
    "plain": 0,
    "config": 1,
    "catalog": 1,
    "i18n": 2,
    "query": 3,
    "display": 3,
    "view": 4,
    "storage": 5,
    "auth": 6,
    "audit": 6,
    "export": 6,
    "figures": 6,
    "ingest": 7,
    "mapping": 7,
    "present": 7,
    "edits": 7,
    "analysis": 7,
    "seeding": 8,  # an edge: the CLI and the dashboard's first start
    "sample": 9,
    "cli": 9,
    "ui": 9,
    "__init__": 10,
    "__main__": 10,
}


def core_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "geodata").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts
        if "ui" in parts or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports, at any depth (lazy imports count too).

    ``from geodata.ingest import readers`` names the module ``geodata.ingest.readers``;
    ``from geodata.ingest import prepare`` names ``geodata.ingest`` only.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [
                f"{node.module}.{a.name}"
                for a in node.names
                if _is_module(f"{node.module}.{a.name}")
            ]
    return found


def _geodata_files() -> list[tuple[str, Path]]:
    out = []
    for path in sorted((ROOT / "geodata").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out.append((".".join(parts), path))
    return out


def test_every_unit_has_a_rank():
    units = {_unit(name) for name, _ in _geodata_files() if name.count(".") >= 1}
    assert units <= set(RANKS), sorted(units - set(RANKS))


def test_imports_run_down_the_layers():
    wrong = []
    for name, path in _geodata_files():
        unit = _unit(name)
        for target in _imports(path):
            if not target.startswith("geodata.") or _unit(target) not in RANKS:
                continue
            other = _unit(target)
            if other != unit and RANKS[other] >= RANKS[unit]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


@pytest.mark.parametrize(
    ("unit", "forbidden"),
    [
        ("mapping", "geodata.present"),
        ("present", "geodata.mapping"),
        ("ingest", "geodata.mapping"),
        ("ingest", "folium"),
        ("analysis", "geodata.mapping"),
        ("analysis", "geodata.present"),
        ("analysis", "folium"),
        ("analysis", "streamlit"),
        ("mapping", "geodata.analysis"),
        ("present", "geodata.analysis"),
    ],
)
def test_capabilities_keep_to_themselves(unit, forbidden):
    for name, path in _geodata_files():
        if _unit(name) != unit:
            continue
        hits = [
            t for t in _imports(path) if t == forbidden or t.startswith(forbidden + ".")
        ]
        assert hits == [], name


def test_only_storage_speaks_sqlite_or_pyogrio_gpkg():
    for name, path in _geodata_files():
        if _unit(name) == "storage":
            continue
        assert "sqlite3" not in _imports(path), name
        assert "geodata.storage.gpkg_codec" not in _imports(path), name
        assert "geodata.storage.geopackage" not in _imports(path), name
        assert "geodata.storage.gpkg_errors" not in _imports(path), name


def test_core_imports_without_streamlit():
    code = (
        "import sys, importlib\n"
        "sys.modules['streamlit'] = None\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def test_no_pages_folder_beside_the_router():
    # A folder named "pages" next to dashboard.py makes Streamlit run the first
    # session after a start in its old multipage mode: a deep link such as
    # /present then shows "Page not found". Page scripts live in app_pages/.
    assert not (ROOT / "pages").exists(), "move page scripts to app_pages/"
    assert list((ROOT / "app_pages").glob("*.py"))


def test_pages_are_thin():
    for page in (ROOT / "app_pages").glob("*.py"):
        lines = [ln for ln in page.read_text().splitlines() if ln.strip()]
        assert len(lines) <= 120, (
            f"{page.name} has {len(lines)} lines; move logic to geodata/"
        )
        assert "import geopandas" not in page.read_text(), page.name


def test_pages_and_ui_import_the_ingest_package_only():
    pages = (ROOT / "app_pages").glob("*.py")
    for path in [*pages, *(ROOT / "geodata/ui").glob("*.py")]:
        deep = [t for t in _imports(path) if t.startswith("geodata.ingest.")]
        assert deep == [], path.name
