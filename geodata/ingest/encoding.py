"""Text encodings of agency files: ``.cpg``, byte sniffing, and a mojibake check.

Chinese desktop GIS (ArcGIS before 10.x defaults, SuperMap, Excel's CSV export)
writes GBK; newer tools write UTF-8. A ``.dbf`` rarely says which. UTF-8 is
strict enough that text which decodes as UTF-8 almost surely is UTF-8; anything
else that decodes as GB18030 (a superset of GBK and GB2312) is taken as that.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import numpy as np

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
_MOJIBAKE_LEADS = "ÃÂåæçèéäï"
_MOJIBAKE_TRAILS = ((0x80, 0xBF), (0x152, 0x2122))
_LATIN_MOJIBAKE = re.compile(
    f"[{_MOJIBAKE_LEADS}]["
    + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _MOJIBAKE_TRAILS)
    + "]"
)


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


def python_codec(name: str) -> str:
    """The Python codec for an encoding name (``GB18030`` -> ``gb18030``).

    Examples
    --------
    >>> python_codec("UTF-8"), python_codec("GB18030")
    ('utf-8', 'gb18030')
    """
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


#: Characters no agency text holds: private-use code points (what a wrong
#: double-byte codec makes of GBK) and the replacement character.
_UNCLEAN = re.compile("[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]")


def unclean(values: object) -> bool:
    """Whether any text in ``values`` holds private-use or replacement characters.

    Examples
    --------
    >>> import pandas as pd
    >>> unclean(pd.Series(["科尔沁区", None])), unclean(pd.Series(["褪嫌\uf78c"]))
    (False, True)
    """
    import pandas as pd

    text = pd.Series(values).dropna().astype("string")
    if text.empty:
        return False
    return bool(text.str.contains(_UNCLEAN.pattern, regex=True).any())


def clean_encoding(data: bytes, exclude: str | None = None) -> str | None:
    """The first of :data:`CHOICES` that decodes ``data`` strictly and clean.

    Clean: no private-use or replacement characters, and no line that looks like
    mojibake (:func:`garbled`). ``exclude`` (the encoding that did not read
    clean) is skipped. A sample cut inside a character at its end still counts.

    Examples
    --------
    >>> clean_encoding("科尔沁区".encode("gbk"), exclude="BIG5")
    'GB18030'
    >>> clean_encoding("科尔沁区".encode(), exclude="UTF-8")
    """
    for choice in CHOICES:
        if exclude and normalise(choice) == normalise(exclude):
            continue
        if choice in ("CP1252", "LATIN1"):
            continue  # any bytes decode as these: "clean" would mean nothing
        try:
            text = data.decode(choice)
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 3:
                continue
            text = data[: exc.start].decode(choice)
        if not _UNCLEAN.search(text) and not any(
            garbled(line) for line in text.splitlines()[:2000]
        ):
            return choice
    return None


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
    >>> garbled("Nêdong"), garbled("Maqên"), garbled("Ürümqi")
    (False, False, False)
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
            if wrong != "gb18030" and not _paired(text):
                continue  # pinyin with a diacritic (Nêdong), not GBK shown as Latin
            return True
    return False


_HIGH_RUN = re.compile("[\x80-\xff]+")


def _paired(text: str) -> bool:
    """Whether the Latin-1 letters of ``text`` come in runs of two or more.

    GBK or UTF-8 bytes shown as Latin-1 give runs of 2-3 such letters per
    character; a name written with diacritics has them alone (Maqên, Nêdong).

    Examples
    --------
    >>> _paired("¿Æ¶ûÇß"), _paired("Maqên"), _paired("Nêdong")
    (True, False, False)
    """
    runs = _HIGH_RUN.findall(text)
    return bool(runs) and all(len(r) >= 2 for r in runs)


def garbled_mask(values: list[str]) -> list[bool]:
    """:func:`garbled` for many strings at once, fast when most are fine.

    One encode/decode pass over all values joined by newlines rules out every
    value whose GB18030 bytes are not valid UTF-8 (true of real Chinese text);
    GB18030 never uses byte 0x0A inside a character, so the parts line up. The
    tests run as array operations over the joined text's code points, mapped
    back to values by counting newlines, and only the values that survive get
    the full per-value check.

    Examples
    --------
    >>> bad = "科尔沁区".encode().decode("gb18030", errors="replace")
    >>> garbled_mask(["科尔沁区", bad, "Naiman", "奈曼旗", "Maqên"])
    [False, True, False, False, False]
    """
    if not values:
        return []
    joined = "\n".join(values)
    if joined.count("\n") != len(values) - 1:  # newlines inside: no alignment
        return [garbled(v) for v in values]
    back = joined.encode("gb18030", errors="replace").decode("utf-8", "replace")
    # Real CJK text leaves undecodable bytes (U+FFFD in ``back``; a value
    # holding U+FFFD itself is suspect anyway) and has characters beyond
    # Latin-1; only what fails either test needs the full check.
    codes, wrong = _code_points(joined), _code_points(back)
    n = len(values)
    fine = (
        _in_parts(wrong == 0xFFFD, wrong, n)
        & _in_parts(codes > 0xFF, codes, n)
        & ~_in_parts(_suspect(codes), codes, n)
    )
    return [
        False if ok or value.isascii() else garbled(value)
        for value, ok in zip(values, fine.tolist(), strict=True)
    ]


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def _in_parts(flags: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """Which of the ``n`` newline-separated parts of ``codes`` hold a flag."""
    part = np.cumsum(codes == 0x0A)
    out = np.zeros(n, dtype=bool)
    out[part[flags]] = True
    return out


def _suspect(codes: np.ndarray) -> np.ndarray:
    """Where a replacement character or a :data:`_LATIN_MOJIBAKE` pair starts."""
    if len(codes) < 2:
        return codes == 0xFFFD
    leads = np.isin(codes[:-1], [ord(c) for c in _MOJIBAKE_LEADS])
    trails = np.zeros(len(codes) - 1, dtype=bool)
    for low, high in _MOJIBAKE_TRAILS:
        trails |= (codes[1:] >= low) & (codes[1:] <= high)
    flags = codes == 0xFFFD
    flags[:-1] |= leads & trails
    return flags
