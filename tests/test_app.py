"""``app.py`` as users start it listens on loopback only (README: a LAN is opt-in)."""

import socket
import struct
from pathlib import Path

from tests.conftest import require_or_skip
from tests.e2e_support import streamlit_server

_LISTEN = "0A"


def _address(hex_address: str) -> str:
    """An address of /proc/net/tcp{,6}: 32-bit words in host (little-endian) order."""
    raw = bytes.fromhex(hex_address)
    words = struct.unpack(f"<{len(raw) // 4}I", raw)
    packed = struct.pack(f">{len(words)}I", *words)
    family = socket.AF_INET if len(packed) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, packed)


def listening_on(port: int) -> list[str]:
    """Every local address a socket listens on ``port`` at (IPv4 and IPv6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == _LISTEN:
                found.append(_address(address))
    return found


def test_addresses_read_from_proc():
    assert _address("0100007F") == "127.0.0.1"
    assert _address("00000000") == "0.0.0.0"
    assert _address("00000000000000000000000001000000") == "::1"


def test_the_server_listens_on_loopback_only(store_path):
    require_or_skip(Path("/proc/net/tcp").exists(), "no /proc/net/tcp (not Linux)")
    with streamlit_server(store_path) as url:
        port = int(url.rsplit(":", 1)[1])
        addresses = listening_on(port)
    assert addresses, "found no listening socket"
    assert set(addresses) <= {"127.0.0.1", "::1"}, addresses
