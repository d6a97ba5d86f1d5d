"""One SQLite library at a time on a store file, within this process.

The backend writes with Python's ``sqlite3`` and reads layers through pyogrio's
Arrow path. pyogrio's GDAL carries its own copy of SQLite, and two SQLite
libraries in one process do not see each other's locks: measured here, a GDAL read
went straight through an EXCLUSIVE lock this process's ``sqlite3`` held. Worse,
closing a file in one library drops the POSIX locks the other holds on it
(https://www.sqlite.org/howtocorrupt.html, "multiple copies of SQLite"), so a
second process could start writing while this one is mid-commit.

:func:`use` keeps the two apart: any number of connections of one library may use
a store file at once (SQLite coordinates those itself), never both libraries. A
library that waits gets its turn once the other's current users are done, so a
stream of small ``sqlite3`` reads cannot starve a map read, nor the reverse.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

Library = Literal["sqlite", "gdal"]
_OTHER: dict[str, Library] = {"sqlite": "gdal", "gdal": "sqlite"}


class _Gate:
    """Who uses one file: counts per library, waiters per library, whose turn."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.users = {"sqlite": 0, "gdal": 0}
        self.waiting = {"sqlite": 0, "gdal": 0}
        self.turn: Library | None = None

    def may_enter(self, library: Library) -> bool:
        other = _OTHER[library]
        if self.users[other]:
            return False
        return not (self.waiting[other] and self.turn == other)


_GATES: dict[str, _Gate] = {}
_GATES_LOCK = threading.Lock()
_HELD = threading.local()


@functools.lru_cache(maxsize=256)
def _real(path: str) -> str:
    return os.path.realpath(path)


def _gate(path: Path) -> _Gate:
    key = _real(str(path))  # realpath's system calls cost ~1 ms a use under load
    with _GATES_LOCK:
        return _GATES.setdefault(key, _Gate())


@contextlib.contextmanager
def use(path: Path, library: Library) -> Iterator[None]:
    """Hold ``path`` for ``library`` (``"sqlite"`` or ``"gdal"``) for the block.

    A thread already holding the file for the same library enters again at once;
    asking for the other library while holding one is a programming error (it
    would wait for itself).

    Examples
    --------
    >>> with use(Path("x.gpkg"), "sqlite"), use(Path("x.gpkg"), "sqlite"):
    ...     "nested use of one library is fine"
    'nested use of one library is fine'
    """
    gate = _gate(path)
    held: dict[int, tuple[str, int]] = _HELD.__dict__.setdefault("held", {})
    mine = held.get(id(gate))
    if mine is not None:
        assert mine[0] == library, f"{path} is held for {mine[0]}, not {library}"
        held[id(gate)] = (library, mine[1] + 1)
        try:
            yield
        finally:
            held[id(gate)] = (library, mine[1])
        return
    _enter(gate, library)
    held[id(gate)] = (library, 1)
    try:
        yield
    finally:
        del held[id(gate)]
        _leave(gate, library)


def _enter(gate: _Gate, library: Library) -> None:
    with gate.cond:
        gate.waiting[library] += 1
        try:
            while not gate.may_enter(library):
                if gate.users[_OTHER[library]]:
                    gate.turn = library  # the other's newcomers now wait for us
                gate.cond.wait()
        finally:
            gate.waiting[library] -= 1
        gate.users[library] += 1
        gate.cond.notify_all()  # waiters of the other library claim the next turn


def _leave(gate: _Gate, library: Library) -> None:
    with gate.cond:
        gate.users[library] -= 1
        if not gate.users[library]:
            other = _OTHER[library]
            gate.turn = other if gate.waiting[other] else None
            gate.cond.notify_all()
