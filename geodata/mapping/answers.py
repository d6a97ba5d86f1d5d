"""The store's answers a map is drawn from, kept on disk per layer version.

Counting a million-point layer for the filter choices and the city view's cells
takes the store seconds, and a restarted dashboard would ask again for answers it
already had. :class:`AnswerCache` keeps them in a private folder (the user's cache
directory, never the served ``static`` folder: they hold features before the
display policy), one file per answer, named by the hash of everything that
determines it:

- the question (what is asked, with every argument: layer, query, view, screen);
- the store's key and each layer's version *as its log records it* (number,
  commit time, counts, file hash, see :func:`version_stamps`), so a commit, or a
  store deleted and seeded again at the same place (its version numbers start
  over), never meets an old answer;
- the code that answers and the libraries it pickles with (:func:`code_stamp`),
  so an upgrade starts afresh.

Anything wrong with a file (cut short, unreadable, from another version of a
library) is a miss; a folder that cannot be written only costs the saving.
Files are pruned, oldest used first, beyond a budget (no streamlit here).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import uuid
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from geodata.mapping.assets import prune_payloads
from geodata.storage import Store

__all__ = ["AnswerCache", "code_stamp", "version_stamps"]

T = TypeVar("T")
#: Kept answers are pruned, oldest used first, beyond this many bytes.
BUDGET = 512 * 1024**2
_SUFFIX = ".answer"
#: Libraries whose objects the answers pickle (frames, geometries, arrays).
_LIBRARIES = ("numpy", "pandas", "pyarrow", "shapely", "geopandas")
#: Whatever unpickling a kept file may raise when it is not a good answer.
_DAMAGED = (
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)


@functools.cache
def code_stamp() -> str:
    """A hash of this package's source and the pickling libraries' versions."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def version_stamps(store: Store, versions: Mapping[str, int]) -> tuple[str, ...]:
    """Each layer's version as its log records it: what identifies its rows.

    ``versions`` maps layer ids to the version numbers asked about; a version
    the log does not hold (0: never written) is stamped by its number alone.
    """
    stamps = []
    for layer_id, version in sorted(versions.items()):
        entry = next((v for v in store.history(layer_id) if v.version == version), None)
        stamps.append(f"{layer_id}={version}:{entry!r}")
    return tuple(stamps)


class AnswerCache:
    """A folder of answers, each in a file named by the hash of its key."""

    def __init__(self, folder: Path, budget: int = BUDGET) -> None:
        self.folder = Path(folder)
        self.budget = budget

    def path(self, key: tuple[Any, ...]) -> Path:
        """Where the answer to ``key`` is kept (``key``'s ``repr`` is hashed)."""
        text = repr((code_stamp(), key)).encode("utf-8")
        name = hashlib.blake2b(text, digest_size=20).hexdigest()
        return self.folder / f"{name}{_SUFFIX}"

    def get_or_make(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """The kept answer to ``key``, or ``make()``'s, kept for next time."""
        path = self.path(key)
        try:
            with path.open("rb") as file:
                found = pickle.load(file)
        except OSError:
            pass  # not kept, or the folder cannot be read: ask the store
        except _DAMAGED:
            with contextlib.suppress(OSError):
                path.unlink()
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # used: pruned last
            return found
        answer = make()
        self._keep(path, answer)
        return answer

    def _keep(self, path: Path, answer: Any) -> None:
        # Write-then-rename: another process never reads half an answer.
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tmp.open("wb") as file:
                pickle.dump(answer, file, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            return  # a full or read-only disk costs the saving, nothing else
        prune_payloads(self.folder, self.budget, pattern=f"*{_SUFFIX}")
