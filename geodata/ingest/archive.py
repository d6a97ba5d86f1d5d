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
import zlib
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


def check_size(size: int, name: str, limits: Limits) -> None:
    """Refuse an empty or oversized upload of ``size`` bytes named ``name``.

    Raises
    ------
    IngestError
        With the size and the limit.
    """
    if size == 0:
        raise IngestError(code="ingest.empty", name=name)
    if size > limits.max_upload_bytes:
        raise IngestError(
            code="ingest.too_large",
            name=name,
            size_mb=size / 1e6,
            limit_mb=limits.max_upload_bytes / 1e6,
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
        raise InvalidArchiveError(code="ingest.archive.absolute_path", member=name)
    normal = posixpath.normpath(unified)
    if normal == ".." or normal.startswith("../") or "/../" in f"/{unified}/":
        raise InvalidArchiveError(code="ingest.archive.outside", member=name)
    return normal


def _open_zip(path: Path, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        with path.open("rb") as fh:
            head = fh.read(2)
        # Every zip starts with a "PK" record; a file without one was never a zip
        # (a text file or a workbook renamed), so "upload it again" would not help.
        if head != b"PK":
            raise InvalidArchiveError(
                code="ingest.archive.not_zip", name=name
            ) from None
        raise InvalidArchiveError(code="ingest.archive.damaged", name=name) from None


def _data_members(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Members worth extracting, after every limit has been checked."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise InvalidArchiveError(
            code="ingest.archive.too_many_members",
            n=len(infos),
            limit=limits.max_members,
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
                code="ingest.archive.bomb",
                member=info.filename,
                size=info.file_size,
                compressed=info.compress_size,
                ratio=limits.max_ratio,
            )
        keep.append(info)
    if total > limits.max_uncompressed_bytes:
        raise InvalidArchiveError(
            code="ingest.archive.too_large",
            size_mb=total / 1e6,
            limit_mb=limits.max_uncompressed_bytes / 1e6,
        )
    return keep


def extract(
    path: Path, dest: Path, limits: Limits, name: str | None = None
) -> list[Path]:
    """Extract the data members of the zip at ``path`` under ``dest``.

    Junk entries (``__MACOSX``, ``._*``, ``.DS_Store``) are skipped. Sizes, member
    count and compression ratio are checked before anything is written, and the
    bytes actually written are counted against the same limit.

    Parameters
    ----------
    path : Path
        The zip (or KMZ) file.
    dest : Path
        Folder to extract under; created as needed.
    limits : Limits
        Member count, sizes and compression ratio allowed.
    name : str, optional
        The archive's name for messages (the user's file name); ``path.name``
        when not given.

    Returns
    -------
    list of Path
        The extracted files.

    Raises
    ------
    InvalidArchiveError
        For a file that is not a zip, a damaged one, a member path outside the
        archive, or a limit passed.
    """
    written = 0
    out: list[Path] = []
    with _open_zip(path, name or path.name) as zf:
        members = _data_members(zf, limits)
        root = dest.resolve()
        for info in members:
            target = (root / _safe_name(info.filename)).resolve()
            if root not in target.parents:
                raise InvalidArchiveError(
                    code="ingest.archive.outside", member=info.filename
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, target.open("wb") as dst:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > limits.max_uncompressed_bytes:
                            raise InvalidArchiveError(
                                code="ingest.archive.expands", name=name or path.name
                            )
                        dst.write(chunk)
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise InvalidArchiveError(
                    code="ingest.archive.member_damaged",
                    member=info.filename,
                    reason=str(exc),
                ) from None
            except OSError as exc:
                # Writing failed on this side (disk full, a name the file system
                # refuses): the archive itself may be fine.
                raise InvalidArchiveError(
                    code="ingest.archive.member_unwritable",
                    member=info.filename,
                    reason=exc.strerror or str(exc),
                ) from None
            out.append(target)
    return out
