"""Record every attempt of this process to reach a non-loopback address.

Put on PYTHONPATH by the real-browser tests' server (``tests/e2e_support.py``):
with ``GEODATA_NETGUARD_LOG`` set, each outside ``connect``/``sendto``/name lookup
is appended to that file, so a test can assert the dashboard asked no one outside.
"""

import ipaddress
import os
import sys

_LOG = os.environ.get("GEODATA_NETGUARD_LOG")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "", None}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False  # a name other than localhost: someone outside
    return address.is_loopback or address.is_unspecified


def _hook(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        address = args[1] if event == "socket.connect" else args[-1]
        if isinstance(address, tuple) and not _is_local(address[0]):
            _record(event, address)
    elif event == "socket.getaddrinfo" and not _is_local(args[0]):
        _record(event, args[:2])


def _record(event: str, target) -> None:
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{event} {target!r}\n")


if _LOG:
    sys.addaudithook(_hook)
