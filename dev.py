#!/usr/bin/env python3
"""Bootstrap for a fresh machine with only python3 and pip.

    python3 dev.py run [STREAMLIT ARGS]  # install what running needs, then start
    python3 dev.py test [PYTEST ARGS]    # install that and the test tools, then test

Installs the project into ./.venv, again whenever pyproject.toml changes or the
command needs an extra that is not in yet. Extra arguments go to streamlit / pytest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
#: The extras each command needs on top of the project's own dependencies.
EXTRAS = {"run": (), "test": ("test",)}
#: Extras that an installed extra brings along (``test`` includes ``postgis``).
INCLUDES = {"test": {"postgis"}}
POSTGIS_SCHEMES = ("postgresql://", "postgres://", "postgis://")


def wanted_extras(command: str, environ: dict[str, str] | None = None) -> set[str]:
    """Extras ``command`` needs; a PostgreSQL ``GEODATA_STORE`` adds the driver."""
    env = os.environ if environ is None else environ
    wanted = set(EXTRAS[command])
    if env.get("GEODATA_STORE", "").lower().startswith(POSTGIS_SCHEMES):
        wanted.add("postgis")
    return wanted


NO_PIP = (
    "dev.py: this Python's venv cannot install pip into .venv; install the venv "
    "package (Debian/Ubuntu: apt-get install python3-venv) and run again"
)


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _has_pip(python: Path) -> bool:
    if not python.exists():
        return False
    probe = subprocess.run(
        [str(python), "-m", "pip", "--version"], capture_output=True, check=False
    )
    return probe.returncode == 0


def _create_venv() -> Path | None:
    """A fresh .venv that can run pip, or None where this Python cannot make one."""
    shutil.rmtree(VENV, ignore_errors=True)
    print("dev.py: creating .venv", flush=True)
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (OSError, subprocess.CalledProcessError):
        pass  # Debian without python3-venv: ensurepip is missing
    python = _venv_python()
    if _has_pip(python):
        return python
    shutil.rmtree(VENV, ignore_errors=True)  # never leave a .venv that cannot work
    return None


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _installed() -> tuple[str, set[str]]:
    """The pyproject hash and the extras of the last install, if any."""
    try:
        stamp = json.loads(STAMP.read_text())
        return stamp["pyproject"], set(stamp["extras"])
    except (OSError, ValueError, KeyError, TypeError):
        return "", set()


def usable_venv() -> Path | None:
    """The .venv's python when it can run pip; else a rebuilt one, or None."""
    python = _venv_python()
    return python if _has_pip(python) else _create_venv()


def extras_to_install(command: str) -> set[str] | None:
    """Extras to install for ``command``; None when the last install covers it."""
    wanted = wanted_extras(command)
    digest, extras = _installed()
    if digest != _pyproject_hash():
        return wanted
    if wanted <= extras.union(*(INCLUDES.get(e, set()) for e in extras)):
        return None
    return wanted | extras  # keep what is there: `run` after `test` keeps the tools


def ensure_environment(command: str) -> Path | None:
    """Create ./.venv and install what ``command`` needs unless already there."""
    python = usable_venv()
    if python is None:
        return None
    wanted = extras_to_install(command)
    if wanted is None:
        return python
    spec = f"{ROOT}[{','.join(sorted(wanted))}]" if wanted else str(ROOT)
    what = "the project and its test tools" if "test" in wanted else "the project"
    print(f"dev.py: installing {what} into .venv", flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-e", spec], check=True
    )
    STAMP.write_text(
        json.dumps({"pyproject": _pyproject_hash(), "extras": sorted(wanted)})
    )
    return python


def _run_child(cmd: list[str]) -> int:
    """Run ``cmd``; a SIGTERM or SIGHUP to this process stops the child too."""
    child = subprocess.Popen(cmd)

    def forward(signum: int, _frame: object) -> None:
        child.send_signal(signum)

    if os.name != "nt":
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, forward)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            # Ctrl-C reaches the child from the terminal as well: wait for it to end
            child.send_signal(signal.SIGINT)


def main(argv: list[str]) -> int:
    """Dispatch ``run`` or ``test``."""
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    try:
        python = ensure_environment(argv[0])
    except subprocess.CalledProcessError as exc:
        print(f"dev.py: installing failed (exit {exc.returncode}); see above")
        return 1
    if python is None:
        print(NO_PIP, file=sys.stderr)
        return 1
    os.chdir(ROOT)
    if argv[0] == "run":
        cmd = [str(python), "-m", "streamlit", "run", "app.py", *argv[1:]]
    else:
        cmd = [str(python), "-m", "pytest", *argv[1:]]
    return _run_child(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
