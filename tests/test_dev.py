"""``dev.py``: a .venv that cannot run pip, install stamps, signals to the child."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dev(tmp_path, monkeypatch):
    """dev.py loaded as a module, pointed at a project folder under tmp_path."""
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(module, "STAMP", tmp_path / ".venv" / ".installed-from")
    return module


def test_a_venv_without_pip_is_rebuilt(dev, tmp_path):
    venv.EnvBuilder(with_pip=False).create(tmp_path / ".venv")
    assert not dev._has_pip(dev._venv_python())
    python = dev.usable_venv()
    assert python is not None and dev._has_pip(python)


def test_where_venv_cannot_bring_pip_one_line_names_the_package(
    dev, tmp_path, monkeypatch, capsys
):
    # Debian without python3-venv: the venv is made, but ensurepip is missing
    class NoEnsurepip(venv.EnvBuilder):
        def __init__(self, **kwargs):
            super().__init__(**{**kwargs, "with_pip": False})

    monkeypatch.setattr(dev.venv, "EnvBuilder", NoEnsurepip)
    assert dev.main(["run"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "python3-venv" in err[0]
    assert not (tmp_path / ".venv").exists()  # nothing half-made is left to reuse


def test_the_stamp_covers_the_extras(dev, tmp_path):
    (tmp_path / ".venv").mkdir()
    assert dev.extras_to_install("run") == set()  # never installed
    digest = dev._pyproject_hash()
    dev.STAMP.write_text(json.dumps({"pyproject": digest, "extras": []}))
    assert dev.extras_to_install("run") is None
    assert dev.extras_to_install("test") == {"test"}
    dev.STAMP.write_text(json.dumps({"pyproject": digest, "extras": ["test"]}))
    assert dev.extras_to_install("run") is None  # run after test reinstalls nothing
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert dev.extras_to_install("run") == set()  # pyproject changed
    dev.STAMP.write_text(digest)  # a stamp of the old format
    assert dev.extras_to_install("test") == {"test"}


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigterm_stops_the_child_too(tmp_path):
    pidfile = tmp_path / "child.pid"
    child = (
        "import os, pathlib, time; "
        f"pathlib.Path({str(pidfile)!r}).write_text(str(os.getpid())); time.sleep(120)"
    )
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); import dev; "
            f"sys.exit(dev._run_child([sys.executable, '-c', {child!r}]))",
        ]
    )
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < deadline, "child did not start"
        time.sleep(0.05)
    child_pid = int(pidfile.read_text())
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(20) != 0
    deadline = time.monotonic() + 10
    while _alive(child_pid):
        assert time.monotonic() < deadline, "the child outlived dev.py"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie has ended; only its exit status is left
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def test_a_postgresql_store_brings_the_driver_along(dev, tmp_path, monkeypatch):
    dev.STAMP.parent.mkdir()
    digest = dev._pyproject_hash()
    monkeypatch.setenv("GEODATA_STORE", "postgresql://maps@db.lan/tongliao")
    assert dev.extras_to_install("run") == {"postgis"}
    dev.STAMP.write_text(json.dumps({"pyproject": digest, "extras": []}))
    assert dev.extras_to_install("run") == {"postgis"}
    dev.STAMP.write_text(json.dumps({"pyproject": digest, "extras": ["test"]}))
    assert dev.extras_to_install("run") is None  # the test tools include it
    monkeypatch.setenv("GEODATA_STORE", "/data/store.gpkg")
    assert dev.wanted_extras("run") == set()
