"""The core never imports streamlit; pages stay thin; imports keep to their layer."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "geodata").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts
        if "ui" in parts or parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


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


def test_pages_are_thin():
    for page in (ROOT / "pages").glob("*.py"):
        lines = [ln for ln in page.read_text().splitlines() if ln.strip()]
        assert len(lines) <= 120, (
            f"{page.name} has {len(lines)} lines; move logic to geodata/"
        )
        assert "import geopandas" not in page.read_text(), page.name


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, with ``from m import n`` also as ``m.n``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == m or name.startswith(m + ".") for m in modules)


#: What only the GeoPackage backend may touch: SQLite and the backend's modules.
GEOPACKAGE_INTERNALS = (
    "sqlite3",
    "geodata.storage.geopackage",
    "geodata.storage.gpkg_codec",
    "geodata.storage.gpkg_errors",
)
#: What storage may build on: the shared vocabulary below it, and itself.
STORAGE_MAY_IMPORT = (
    "geodata.catalog",
    "geodata.config",
    "geodata.errors",
    "geodata.query",
    "geodata.storage",
)


def test_only_storage_touches_sqlite_or_the_geopackage_backend():
    storage = ROOT / "geodata" / "storage"
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imported(path) if _within(n, GEOPACKAGE_INTERNALS)
        )
        for path in (ROOT / "geodata").rglob("*.py")
        if storage not in path.parents
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_storage_imports_nothing_above_it():
    # opening a store once imported geodata.seeding (and through it the decks):
    # seeding is an edge that calls storage, never the other way round
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            n
            for n in _imported(path)
            if n.startswith("geodata") and not _within(n, STORAGE_MAY_IMPORT)
        )
        for path in (ROOT / "geodata" / "storage").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
