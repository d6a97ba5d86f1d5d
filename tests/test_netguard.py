"""The guard the real-browser tests rely on does see a request leaving the machine."""

import os
import subprocess
import sys

from tests.e2e_support import ROOT


def _run_guarded(code: str, log) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "tests" / "netguard"),
        "GEODATA_NETGUARD_LOG": str(log),
    }
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return log.read_text() if log.exists() else ""


def test_an_outside_lookup_and_connect_are_logged(tmp_path):
    code = (
        "import socket\n"
        "try: socket.getaddrinfo('checkip.amazonaws.com', 443)\n"
        "except OSError: pass\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.connect(('8.8.8.8', 80))\n"
    )
    logged = _run_guarded(code, tmp_path / "net.log")
    assert "checkip.amazonaws.com" in logged
    assert "8.8.8.8" in logged


def test_loopback_is_not_logged(tmp_path):
    code = (
        "import socket\n"
        "socket.getaddrinfo('localhost', 80)\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.connect(('127.0.0.1', 9))\n"
    )
    assert _run_guarded(code, tmp_path / "net.log") == ""
