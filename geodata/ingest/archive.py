"""Safe handling of uploaded archives: size limits, zip bombs, zip-slip, junk entries.

Everything is checked from the zip's central directory *before* a byte is
extracted, and extraction itself counts the bytes it writes, because the sizes a
directory declares can lie. Members are written only under a temporary folder
that :func:`workspace` always removes. An XLSX workbook is a zip too: its parts
pass the same checks (:func:`check_zip`) before a sheet is read.

Member names written by Chinese Windows tools carry no UTF-8 flag and are CP936
bytes; they are decoded as such when that reads clean (:func:`member_name`). On
disk a member gets a name the file system takes (very long names are shortened),
while messages and choices use the name in the archive.
"""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
import re
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
    #: Features one upload may hold.
    max_features: int = 1_000_000
    #: Memory reading and checking an upload may take (estimated before reading).
    max_memory_bytes: int = 4 * 1024**3

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


_UTF8_FLAG = 0x800
_UNCLEAN = re.compile("[\x00-\x1f\x7f\ufffd\ue000-\uf8ff]")
_CJK = re.compile("[\u4e00-\u9fff]")


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it.

    Without the UTF-8 flag, ``zipfile`` decodes names as CP437; Chinese Windows
    (Explorer, WinRAR, 7-Zip's defaults) writes CP936 there. The raw bytes are
    decoded as UTF-8, then GB18030, whichever reads clean first, else left as
    ``zipfile`` read them.

    Examples
    --------
    >>> info = zipfile.ZipInfo("通辽.shp".encode("gbk").decode("cp437"))
    >>> info.filename, member_name(info)
    ('═¿┴╔.shp', '通辽.shp')
    >>> member_name(zipfile.ZipInfo("学校.shp".encode("gbk").decode("cp437")))
    '学校.shp'

    """
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # not what zipfile decoded: leave it
        return info.filename
    decoded = {}
    for codec in ("utf-8", "gb18030"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _UNCLEAN.search(text):
            decoded[codec] = text.replace("\\", "/")
    # Short GBK names can be valid UTF-8 too (学校 reads as Cyrillic "ѧУ"): the
    # decoding that gives Chinese wins, UTF-8 first.
    for codec in ("utf-8", "gb18030"):
        if codec in decoded and _CJK.search(decoded[codec]):
            return decoded[codec]
    return decoded.get("utf-8", info.filename)


#: Longest name (bytes) of one path part written to disk; most systems take 255.
_MAX_PART_BYTES = 120


def _disk_part(part: str) -> str:
    """``part`` as a name the file system takes: long ones become a hash + suffix.

    The suffix is kept and the stem hashed, so a shapefile's parts (one stem,
    several suffixes) still share a stem on disk.

    Examples
    --------
    >>> _disk_part("学校.shp")
    '学校.shp'
    >>> long = _disk_part("名" * 100 + ".dbf")
    >>> long.endswith(".dbf"), len(long.encode()) < 40
    (True, True)
    """
    if len(part.encode("utf-8", "surrogateescape")) <= _MAX_PART_BYTES:
        return part
    stem, dot, suffix = part.rpartition(".")
    if not dot or len(suffix) > 8:
        stem, suffix = part, ""
    # lower case: a shapefile's parts may differ in case (A.SHP, a.dbf)
    key = stem.lower().encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(key).hexdigest()[:20]
    return f"long-{digest}" + (f".{suffix}" if suffix else "")


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
    except (zipfile.BadZipFile, ValueError, EOFError, OverflowError):
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
        _safe_name(member_name(info))  # every member, junk too, must stay inside
        if info.is_dir() or is_junk(member_name(info)):
            continue
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > limits.max_ratio
        ):
            raise InvalidArchiveError(
                code="ingest.archive.bomb",
                member=member_name(info),
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


def check_zip(path: Path, name: str, limits: Limits) -> int:
    """Check a zip-based file (an XLSX workbook) against the archive limits.

    Returns the bytes its members expand to.

    Raises
    ------
    InvalidArchiveError
        As :func:`extract` would, before anything is decompressed.
    """
    with _open_zip(path, name) as zf:
        return sum(info.file_size for info in _data_members(zf, limits))


def extract(
    path: Path, dest: Path, limits: Limits, name: str | None = None
) -> dict[Path, str]:
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
    dict of Path to str
        Each extracted file, and its name in the archive (decoded as its writer
        meant it; the file on disk may be named otherwise).

    Raises
    ------
    InvalidArchiveError
        For a file that is not a zip, a damaged one, a member path outside the
        archive, or a limit passed.
    """
    written = 0
    out: dict[Path, str] = {}
    with _open_zip(path, name or path.name) as zf:
        members = _data_members(zf, limits)
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        for info in members:
            shown = _safe_name(member_name(info))
            on_disk = "/".join(_disk_part(p) for p in shown.split("/"))
            target = (root / on_disk).resolve()
            if root not in target.parents:
                raise InvalidArchiveError(code="ingest.archive.outside", member=shown)
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
                    member=shown,
                    reason=str(exc),
                ) from None
            except (NotImplementedError, RuntimeError):
                # zipfile's words for a password or a compression it lacks
                raise InvalidArchiveError(
                    code="ingest.archive.member_unsupported", member=shown
                ) from None
            except OSError as exc:
                # Writing failed on this side (disk full, a name the file system
                # refuses): the archive itself may be fine.
                raise InvalidArchiveError(
                    code="ingest.archive.member_unwritable",
                    member=shown,
                    reason=exc.strerror or str(exc),
                ) from None
            out[target] = shown
    return out
