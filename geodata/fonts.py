"""The CJK font the install brings, for the server-rendered handout (no streamlit).

The font comes from the PyPI package ``noto-cjk-sans-otc`` (Noto Sans CJK, SIL Open
Font License 1.1): an OpenType collection holding the JP, KR, SC, TC and HK faces.
Matplotlib opens only the first face of a collection, which is the Japanese one,
so the Simplified Chinese face is copied out once into a per-user cache file.
A system copy of the same collection (Debian ``fonts-noto-cjk``) is used when the
package is missing.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from geodata.errors import ConfigError

FAMILY = "Noto Sans CJK SC"
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
    raise ConfigError(
        "No Chinese font found for the PDF handout; install it with "
        "'pip install noto-cjk-sans-otc' (or apt-get install fonts-noto-cjk)"
    )


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(_APP_NAME) / "fonts"


@functools.cache
def cjk_font_path() -> Path:
    """A font file holding only the Simplified Chinese face, extracted once.

    The cache file's name carries the collection's size and modification time,
    so an upgraded font package is extracted again.
    """
    source = font_collection()
    stat = source.stat()
    name = f"NotoSansCJKsc-Regular-{stat.st_size}-{int(stat.st_mtime)}.otf"
    for folder in (_cache_dir(), Path(tempfile.gettempdir()) / _APP_NAME):
        target = folder / name
        if target.exists():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _extract_face(source, FAMILY, target)
        except OSError:
            continue  # read-only home: fall back to the temp folder
        return target
    raise ConfigError(f"Cannot write the extracted font under {_cache_dir()}")


def _extract_face(collection: Path, family: str, target: Path) -> None:
    """Save the face named ``family`` of ``collection`` to ``target`` atomically."""
    from fontTools.ttLib import TTCollection

    for face in TTCollection(str(collection)).fonts:
        if face["name"].getDebugName(1) == family:
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            face.save(str(tmp))
            os.replace(tmp, target)  # readers never see half a font
            return
    raise ConfigError(
        f"{collection} holds no {family!r} face; reinstall noto-cjk-sans-otc"
    )


@functools.cache
def matplotlib_family() -> str:
    """Register the CJK font with matplotlib; return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_path()))
    return FAMILY
