"""Text encodings of agency files: ``.cpg``, byte sniffing, and a mojibake check.

Chinese desktop GIS (ArcGIS before 10.x defaults, SuperMap, Excel's CSV export)
writes GBK; newer tools write UTF-8. A ``.dbf`` rarely says which. UTF-8 is
strict enough that text which decodes as UTF-8 almost surely is UTF-8; anything
else that decodes as GB18030 (a superset of GBK and GB2312) is taken as that.
"""

from __future__ import annotations

import codecs
import re
import struct
from pathlib import Path

UTF8 = "UTF-8"
GB18030 = "GB18030"
#: Encodings a steward may pick as an override, most likely first.
CHOICES: tuple[str, ...] = (UTF8, GB18030, "GBK", "BIG5", "CP1252", "LATIN1")

_CPG_ALIASES = {
    "65001": UTF8,
    "UTF8": UTF8,
    "UTF-8": UTF8,
    "936": "GBK",
    "CP936": "GBK",
    "GBK": "GBK",
    "GB2312": "GBK",
    "GB18030": GB18030,
    "950": "BIG5",
    "BIG5": "BIG5",
    "1252": "CP1252",
    "ANSI 1252": "CP1252",
    "88591": "LATIN1",
    "ISO88591": "LATIN1",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Letters that appear when UTF-8 bytes are shown as Latin-1 or CP1252.
_LATIN_MOJIBAKE = re.compile(r"[ÃÂåæçèéäï][\x80-\xbf\u0152-\u2122]")


def normalise(name: str) -> str:
    """A canonical, Python-known encoding name; raise ``LookupError`` when unknown.

    Examples
    --------
    >>> normalise("936"), normalise("utf8"), normalise("gb18030")
    ('GBK', 'UTF-8', 'GB18030')
    """
    key = name.strip().upper().replace("_", "").replace(" ", "")
    canonical = _CPG_ALIASES.get(key) or _CPG_ALIASES.get(key.replace("-", ""))
    if canonical is None:
        codecs.lookup(name.strip())  # raises LookupError for nonsense
        canonical = name.strip().upper()
    return canonical


def from_cpg(path: Path) -> str | None:
    """The encoding a ``.cpg`` sidecar names, or ``None`` when it names none we know."""
    try:
        return normalise(path.read_text("ascii", errors="ignore"))
    except LookupError:
        return None


def sniff(data: bytes) -> str:
    """Guess the encoding of raw text bytes: strict UTF-8, else GB18030.

    Examples
    --------
    >>> sniff("科尔沁区".encode("gbk")), sniff("科尔沁区".encode()), sniff(b"abc")
    ('GB18030', 'UTF-8', 'UTF-8')
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of a sample is still UTF-8.
        if exc.start < len(data) - 3 or exc.reason != "unexpected end of data":
            return GB18030
    return UTF8


def dbf_text_bytes(path: Path, limit: int = 4 << 20) -> bytes:
    """The bytes of the text (``C``) fields of a ``.dbf``, for sniffing.

    Only character fields are returned, so binary numbers in other fields cannot
    make valid UTF-8 look invalid.
    """
    with path.open("rb") as fh:
        head = fh.read(32)
        if len(head) < 32:
            return b""
        n_records, header_len, record_len = struct.unpack("<IHH", head[4:12])
        descriptors = fh.read(header_len - 32)
        fields, offset = [], 1  # byte 0 of each record is the deletion flag
        for i in range(0, len(descriptors) - 31, 32):
            desc = descriptors[i : i + 32]
            if desc[0] == 0x0D:
                break
            kind, length = chr(desc[11]), desc[16]
            if kind == "C":
                fields.append((offset, length))
            offset += length
        fh.seek(header_len)
        body = fh.read(min(n_records * record_len, limit))
    out = bytearray()
    for start in range(0, len(body) - record_len + 1, record_len):
        for off, length in fields:
            out += body[start + off : start + off + length].rstrip(b" \x00") + b"\n"
    return bytes(out)


def garbled(text: str) -> bool:
    """Whether ``text`` looks like mojibake: bytes decoded with the wrong encoding.

    Catches replacement characters, UTF-8 read as Latin-1, and UTF-8 read as GBK
    (the text re-encodes to GBK bytes that are valid UTF-8 Chinese).

    Examples
    --------
    >>> garbled("科尔沁区"), garbled("Naiman Banner")
    (False, False)
    >>> garbled("科尔沁区".encode().decode("gb18030", errors="replace"))
    True
    >>> garbled("科尔沁区".encode().decode("latin-1"))
    True
    >>> garbled("科尔沁区".encode("gbk").decode("utf-8", errors="replace"))
    True
    >>> garbled("科尔沁区".encode("gbk").decode("latin-1")), garbled("café crème")
    (True, False)
    """
    if not text or text.isascii():
        return False
    if "\ufffd" in text or _LATIN_MOJIBAKE.search(text):
        return True
    for wrong, right in (
        ("gb18030", "utf-8"),
        ("latin-1", "utf-8"),
        ("latin-1", "gb18030"),
        ("cp1252", "gb18030"),
    ):
        try:
            again = text.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if again != text and len(again) < len(text) and _CJK.search(again):
            return True
    return False


_SURROGATE = re.compile(r"[\udc80-\udcff]")


def garbled_mask(values: list[str]) -> list[bool]:
    """:func:`garbled` for many strings at once, fast when most are fine.

    One encode/decode pass over all values joined by newlines rules out every
    value whose GB18030 bytes are not valid UTF-8 (true of real Chinese text);
    GB18030 never uses byte 0x0A inside a character, so the parts line up. Only
    the values that survive get the full per-value check.

    Examples
    --------
    >>> bad = "科尔沁区".encode().decode("gb18030", errors="replace")
    >>> garbled_mask(["科尔沁区", bad, "Naiman", "奈曼旗"])
    [False, True, False, False]
    """
    if not values:
        return []
    joined = "\n".join(values)
    if "\n" in "".join(values):  # a value with its own newlines: no alignment
        return [garbled(v) for v in values]
    back = joined.encode("gb18030", errors="replace").decode("utf-8", "surrogateescape")
    parts = back.split("\n")
    out = []
    for value, part in zip(values, parts, strict=True):
        # Real CJK text leaves undecodable bytes (surrogates) and has characters
        # beyond Latin-1; only what fails either test needs the full check.
        fine = value.isascii() or (
            _SURROGATE.search(part) is not None
            and _NON_LATIN1.search(value) is not None
            and _SUSPECT.search(value) is None
        )
        out.append(False if fine else garbled(value))
    return out


_NON_LATIN1 = re.compile(r"[^\x00-\xff]")
_SUSPECT = re.compile("\ufffd|" + _LATIN_MOJIBAKE.pattern)
