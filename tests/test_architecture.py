"""The core never imports streamlit; pages stay thin."""

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
