"""The CJK font the install brings, for the server-rendered handout (no streamlit).

The font comes from the PyPI package ``noto-cjk-sans-otc`` (Noto Sans CJK, SIL Open
Font License 1.1): an OpenType collection holding the JP, KR, SC, TC and HK faces.
Matplotlib opens only the first face of a collection, which is the Japanese one,
so the Simplified Chinese face is copied out once into a per-user cache file, with
its outlines converted to TrueType so the PDF embeds it as a valid TrueType font.
A system copy of the same collection (Debian ``fonts-noto-cjk``) is used when the
package is missing.
"""

from __future__ import annotations

import functools
import os
import tempfile
import threading
from pathlib import Path

from geodata.errors import ConfigError

#: The face taken out of the collection.
SOURCE_FAMILY = "Noto Sans CJK SC"
#: The family name the extracted face is saved under. It differs from the system's
#: so that matplotlib, asked for it by name, can only find the project's own file:
#: with Debian's fonts-noto-cjk installed, "Noto Sans CJK SC" also names the system's
#: CFF faces, which ``findfont`` may prefer (the PDF then embeds CFF as TrueType).
FAMILY = "Geodata Noto Sans CJK SC"
_APP_NAME = "geodata-shuangyong"
_SYSTEM_COLLECTIONS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)


def font_collection() -> Path:
    """The Noto Sans CJK collection file: the packaged one, else a system copy.

    Raises
    ------
    ConfigError
        If neither exists; the message says which package to install.
    """
    try:
        import noto_cjk_sans_otc
    except ImportError:
        pass
    else:
        return Path(str(noto_cjk_sans_otc.FONT_PATH))
    for path in _SYSTEM_COLLECTIONS:
        if path.exists():
            return path
    raise ConfigError(code="font.missing")


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(_APP_NAME) / "fonts"


_BUILD_LOCK = threading.Lock()


def is_built() -> bool:
    """Whether the TrueType face is already in the cache (the next handout is quick)."""
    try:
        name = _target_name()
    except ConfigError:
        return False
    return any((folder / name).exists() for folder in _folders())


def _target_name() -> str:
    stat = font_collection().stat()
    return f"GeodataNotoSansCJKsc-{stat.st_size}-{int(stat.st_mtime)}-tt.ttf"


def _folders() -> tuple[Path, ...]:
    return (_cache_dir(), Path(tempfile.gettempdir()) / _APP_NAME)


@functools.cache
def cjk_font_path() -> Path:
    """A TrueType font of the Simplified Chinese face, built once per machine.

    The cache file's name carries the collection's size and modification time,
    so an upgraded font package is extracted again.
    """
    source = font_collection()
    name = _target_name()
    # One build at a time: a page may warm the font up while a handout asks for it.
    with _BUILD_LOCK:
        for folder in _folders():
            target = folder / name
            if target.exists():
                return target
            try:
                folder.mkdir(parents=True, exist_ok=True)
                _extract_face(source, SOURCE_FAMILY, target)
            except OSError:
                continue  # read-only home: fall back to the temp folder
            return target
    raise ConfigError(code="font.unwritable", path=str(_cache_dir()))


#: Code points kept in the extracted font: Latin, punctuation, symbols, CJK
#: punctuation, the CJK Unified Ideographs block and full-width forms.
_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x2000, 0x206F),
    (0x2100, 0x27BF),
    (0x3000, 0x303F),
    (0x3200, 0x33FF),
    (0x4E00, 0x9FFF),
    (0xFF00, 0xFFEF),
)


def _extract_face(collection: Path, family: str, target: Path) -> None:
    """Save the face ``family`` of ``collection`` to ``target`` as TrueType, atomically.

    Noto Sans CJK has PostScript (CFF) outlines, which matplotlib's PDF writer
    embeds under a TrueType label (viewers then warn or fail), so the face is
    subset to :data:`_RANGES` and its outlines converted to TrueType quadratics.
    This takes about half a minute, once per machine.
    """
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    for face in TTCollection(str(collection)).fonts:
        if face["name"].getDebugName(1) == family:
            options = subset.Options()
            options.layout_features = []
            options.name_IDs = ["*"]
            options.notdef_outline = True
            options.desubroutinize = True
            subsetter = subset.Subsetter(options)
            wanted = [c for a, b in _RANGES for c in range(a, b + 1)]
            subsetter.populate(unicodes=wanted)
            subsetter.subset(face)
            _to_truetype(face)
            _rename(face, FAMILY)
            tmp = target.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
            face.save(str(tmp))
            os.replace(tmp, target)  # readers never see half a font
            return
    raise ConfigError(code="font.no_face", path=str(collection), family=family)


def _rename(font, family: str) -> None:
    """Give ``font`` the family name ``family`` in every name record that holds one."""
    postscript = family.replace(" ", "") + "-Regular"
    names = {1: family, 3: postscript, 4: family, 6: postscript, 16: family}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.setName(
                names[record.nameID],
                record.nameID,
                record.platformID,
                record.platEncID,
                record.langID,
            )
    table.removeNames(nameID=17)  # typographic subfamily: "Regular" from nameID 2


def _to_truetype(font) -> None:
    """Replace a font's CFF outlines with TrueType ones (as fontTools' otf2ttf)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID fonts have none worth keeping
    font.sfntVersion = "\000\001\000\000"


@functools.cache
def matplotlib_family() -> str:
    """Register the CJK font with matplotlib; return its family name.

    Raises
    ------
    ConfigError
        If matplotlib, asked for the family, would pick another file.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    found = font_manager.findfont(
        font_manager.FontProperties(family=FAMILY), fallback_to_default=False
    )
    if Path(found).resolve() != path.resolve():
        raise ConfigError(
            code="font.shadowed", family=FAMILY, found=str(found), path=str(path)
        )
    return FAMILY
