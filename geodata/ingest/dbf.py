"""What GDAL does not say about a ``.dbf``: its text bytes, cut names, NUL bytes.

A dBase header stores each field name in 10 bytes. A Chinese name cut there may
end inside a character, which GDAL hands on and Python cannot decode: the header
copy ingest works on gets the partial character removed (:func:`repair_names`),
and the field mapping recognises the cut name (``fieldmap``). GDAL also ends a
text value at its first NUL byte, so a value with a NUL inside would be cut
without a word: :func:`embedded_nuls` finds those rows first.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_HEADER = 32
_DESCRIPTOR = 32
_NAME_BYTES = 11  # 10 bytes and a NUL


@dataclass(frozen=True)
class _Field:
    name: bytes
    kind: str
    offset: int  # within a record; byte 0 is the deletion flag
    length: int
    at: int  # position of the descriptor in the file


@dataclass(frozen=True)
class _Layout:
    n_records: int
    header_len: int
    record_len: int
    fields: tuple[_Field, ...]


def _layout(path: Path) -> _Layout | None:
    """The header of a ``.dbf``, or ``None`` when it is too short to be one."""
    with path.open("rb") as fh:
        head = fh.read(_HEADER)
        if len(head) < _HEADER:
            return None
        n_records, header_len, record_len = struct.unpack("<IHH", head[4:12])
        if header_len < _HEADER:
            return None
        descriptors = fh.read(header_len - _HEADER)
    fields, offset = [], 1
    for i in range(0, len(descriptors) - _DESCRIPTOR + 1, _DESCRIPTOR):
        desc = descriptors[i : i + _DESCRIPTOR]
        if desc[0] == 0x0D:
            break
        name = desc[:_NAME_BYTES].split(b"\x00", 1)[0]
        fields.append(_Field(name, chr(desc[11]), offset, desc[16], _HEADER + i))
        offset += desc[16]
    return _Layout(n_records, header_len, record_len, tuple(fields))


def _records(path: Path, layout: _Layout, limit: int | None = None) -> np.ndarray:
    """The records as an ``(n, record_len)`` byte array (a view of the file)."""
    size = path.stat().st_size - layout.header_len
    if layout.record_len <= 0 or size <= 0:
        return np.zeros((0, max(layout.record_len, 1)), dtype=np.uint8)
    n = min(layout.n_records, size // layout.record_len)
    if limit is not None:
        n = min(n, max(limit // layout.record_len, 1))
    if n <= 0:
        return np.zeros((0, layout.record_len), dtype=np.uint8)
    return np.memmap(
        path,
        dtype=np.uint8,
        mode="r",
        offset=layout.header_len,
        shape=(n, layout.record_len),
    )


def text_bytes(path: Path, limit: int = 4 << 20) -> bytes:
    """The bytes of the text (``C``) fields of a ``.dbf``, for sniffing.

    Only character fields are returned, so binary numbers in other fields cannot
    make valid UTF-8 look invalid.
    """
    layout = _layout(path)
    if layout is None:
        return b""
    records = _records(path, layout, limit)
    out = bytearray()
    text = [f for f in layout.fields if f.kind == "C"]
    for row in records:
        for f in text:
            out += bytes(row[f.offset : f.offset + f.length]).rstrip(b" \x00") + b"\n"
    return bytes(out)


def _decodable_prefix(name: bytes, encoding: str) -> bytes:
    """The longest start of ``name`` that decodes: a character cut at the end goes.

    Examples
    --------
    >>> _decodable_prefix("行政区划代码".encode()[:10], "utf-8").decode()
    '行政区'
    >>> _decodable_prefix("代码".encode("gbk"), "gbk").decode("gbk")
    '代码'
    """
    for end in range(len(name), max(len(name) - 4, 0), -1):
        try:
            name[:end].decode(encoding)
        except UnicodeDecodeError:
            continue
        return name[:end]
    return name


def repair_names(path: Path, encoding: str) -> bool:
    """Drop a character cut in half at the end of a field name, in place.

    ``path`` must be ingest's own copy. Returns whether a name changed.
    """
    layout = _layout(path)
    if layout is None:
        return False
    changed = False
    with path.open("r+b") as fh:
        for f in layout.fields:
            fixed = _decodable_prefix(f.name, encoding)
            if fixed != f.name and fixed:
                fh.seek(f.at)
                fh.write(fixed.ljust(_NAME_BYTES, b"\x00"))
                changed = True
    return changed


def field_names(path: Path, encoding: str) -> list[str]:
    """The field names as stored, decoded (a cut character dropped)."""
    layout = _layout(path)
    if layout is None:
        return []
    return [
        _decodable_prefix(f.name, encoding).decode(encoding, "replace")
        for f in layout.fields
    ]


def embedded_nuls(path: Path, encoding: str) -> list[tuple[int, str]]:
    """``(row, field)`` of every text value holding a NUL byte before its end.

    Trailing NULs are padding (some writers pad with them); a NUL followed by
    more text is where GDAL would end the value.
    """
    layout = _layout(path)
    if layout is None:
        return []
    records = _records(path, layout)
    found: list[tuple[int, str]] = []
    for f in layout.fields:
        if f.kind != "C" or f.length == 0:
            continue
        cells = np.asarray(records[:, f.offset : f.offset + f.length])
        nul = cells == 0
        if not nul.any():
            continue
        text = ~nul & (cells != 0x20)
        # index of the last real byte; a NUL before it is inside the value
        last = f.length - 1 - np.argmax(text[:, ::-1], axis=1)
        first_nul = np.argmax(nul, axis=1)
        inside = nul.any(axis=1) & text.any(axis=1) & (first_nul < last)
        name = _decodable_prefix(f.name, encoding).decode(encoding, "replace")
        found += [(int(i), name) for i in np.flatnonzero(inside)]
    return sorted(found)
