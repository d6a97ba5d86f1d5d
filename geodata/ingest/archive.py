"""Safe handling of uploaded archives: size limits, zip bombs, zip-slip, junk entries.

Everything is checked from the zip's central directory *before* a byte is
extracted, and extraction itself counts the bytes it writes, because the sizes a
directory declares can lie. Members are written only under a temporary folder
that :func:`workspace` always removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geodata.errors import IngestError, InvalidArchiveError

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What an upload may weigh; the defaults suit agency files of a city."""

    max_upload_bytes: int = 200 * 1024 * 1024
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_members: int = 2000
    #: Ratio of uncompressed to compressed size beyond which a member is a bomb.
    max_ratio: float = 200.0

    @classmethod
    def from_megabytes(cls, upload_mb: int) -> Limits:
        """Limits for an upload of at most ``upload_mb`` MB (uncompressed 5x that)."""
        return cls(
            max_upload_bytes=upload_mb * 1024 * 1024,
            max_uncompressed_bytes=max(upload_mb * 5, 50) * 1024 * 1024,
        )


#: Limits used when a caller passes none.
DEFAULT_LIMITS = Limits()


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A private temporary folder, removed on exit whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="geodata-ingest-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def file_hash(path: Path) -> str:
    """SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_upload(path: Path, limits: Limits) -> None:
    """Refuse an empty or oversized upload.

    Raises
    ------
    IngestError
        With the size and the limit.
    """
    size = path.stat().st_size
    if size == 0:
        raise IngestError(
            f"File {path.name!r} is empty (0 bytes); upload the full file"
        )
    if size > limits.max_upload_bytes:
        raise IngestError(
            f"File {path.name!r} is {size / 1e6:.1f} MB; the limit is "
            f"{limits.max_upload_bytes / 1e6:.0f} MB (GEODATA_MAX_UPLOAD_MB)"
        )


def is_junk(name: str) -> bool:
    """Entries macOS and Windows add to archives, which carry no data.

    Examples
    --------
    >>> names = ("__MACOSX/._a.shp", "d/.DS_Store", "a/b.shp", "Thumbs.db")
    >>> [is_junk(n) for n in names]
    [True, True, False, True]
    """
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    return (
        "__MACOSX" in parts
        or base.startswith("._")
        or base in (".DS_Store", "Thumbs.db")
    )


def _safe_name(name: str) -> str:
    """The member's relative path, or raise when it would escape the folder."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise InvalidArchiveError(
            f"Archive member {name!r} has an absolute path; refusing the archive"
        )
    normal = posixpath.normpath(unified)
    if normal == ".." or normal.startswith("../") or "/../" in f"/{unified}/":
        raise InvalidArchiveError(
            f"Archive member {name!r} points outside the archive ('..'); "
            "refusing the archive"
        )
    return normal


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InvalidArchiveError(
            f"{path.name!r} is not a readable zip archive ({exc}); it may be "
            "truncated, "
            "upload it again"
        ) from None


def _data_members(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Members worth extracting, after every limit has been checked."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise InvalidArchiveError(
            f"Archive has {len(infos)} entries; at most {limits.max_members} "
            "are accepted"
        )
    total = 0
    keep = []
    for info in infos:
        _safe_name(info.filename)  # every member, junk too, must stay inside
        if info.is_dir() or is_junk(info.filename):
            continue
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > limits.max_ratio
        ):
            raise InvalidArchiveError(
                f"Archive member {info.filename!r} expands {info.file_size:,} bytes "
                f"from {info.compress_size:,} (more than {limits.max_ratio:.0f}x): "
                "refusing a possible zip bomb"
            )
        keep.append(info)
    if total > limits.max_uncompressed_bytes:
        raise InvalidArchiveError(
            f"Archive would expand to {total / 1e6:.0f} MB; the limit is "
            f"{limits.max_uncompressed_bytes / 1e6:.0f} MB"
        )
    return keep


def extract(path: Path, dest: Path, limits: Limits) -> list[Path]:
    """Extract the data members of the zip at ``path`` under ``dest``.

    Junk entries (``__MACOSX``, ``._*``, ``.DS_Store``) are skipped. Sizes, member
    count and compression ratio are checked before anything is written, and the
    bytes actually written are counted against the same limit.

    Raises
    ------
    InvalidArchiveError
        For a corrupt archive, a member path outside the archive, or a limit passed.
    """
    written = 0
    out: list[Path] = []
    with _open_zip(path) as zf:
        members = _data_members(zf, limits)
        root = dest.resolve()
        for info in members:
            target = (root / _safe_name(info.filename)).resolve()
            if root not in target.parents:
                raise InvalidArchiveError(
                    f"Archive member {info.filename!r} points outside the archive"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, target.open("wb") as dst:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > limits.max_uncompressed_bytes:
                            raise InvalidArchiveError(
                                "Archive expands beyond its declared size; refusing "
                                "a possible zip bomb"
                            )
                        dst.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise InvalidArchiveError(
                    f"Archive member {info.filename!r} cannot be read ({exc}); the "
                    "archive may be truncated"
                ) from None
            out.append(target)
    return out
