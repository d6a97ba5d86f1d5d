#!/usr/bin/env python3
"""Bootstrap for a fresh machine with only python3 and pip.

    python3 dev.py run    # install if needed, then start the dashboard
    python3 dev.py test   # install if needed, then run the whole test suite

Installs the project with its test extra into ./.venv, again whenever
pyproject.toml changes. Extra arguments go to streamlit / pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    """Create ./.venv and install the project into it unless already up to date."""
    python = _venv_python()
    if not python.exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != _wanted_stamp():
        print(
            "dev.py: installing the project and its test tools into .venv", flush=True
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"],
            check=True,
        )
        STAMP.write_text(_wanted_stamp())
    return python


def main(argv: list[str]) -> int:
    """Dispatch ``run`` or ``test``."""
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    python = str(ensure_environment())
    os.chdir(ROOT)
    if argv[0] == "run":
        cmd = [python, "-m", "streamlit", "run", "dashboard.py", *argv[1:]]
    else:
        cmd = [python, "-m", "pytest", *argv[1:]]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
