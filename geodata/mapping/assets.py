"""Leaflet and plugin assets served by the app itself, so maps draw with no internet.

folium points every map at CDNs (jsdelivr, cdnjs). A meeting room or an intranet
has no internet, and a plain map is then blank. The PyPI package ``folium-offline``
(MIT) carries the same files as strings in ``offlinefolium.elements._res``
(``{CDN URL: file content}``); this module takes them from there at install time
(never hand-copied into the repository) and either

- writes them under ``<app root>/static/vendor/`` where Streamlit's static serving
  (``server.enableStaticServing``) publishes them at ``/app/static/vendor/...``, and
  points each element's ``default_js``/``default_css`` at those URLs
  (:func:`localize`), or
- inlines them into one standalone HTML file that opens with no server at all
  (:func:`standalone_html`).

The map's own runtime, ``mapping/js/gd-data.js``, is served and inlined the same
way, under a pseudo-URL. Layer payloads (:mod:`geodata.mapping.payload`) are
published under ``static/geodata/data/<digest>.gdp`` by :func:`publish_payload`,
named by their content so a browser may keep them; a standalone page carries them
inside it (:func:`standalone_html`).

Only the files our maps use are kept. Font Awesome's font files are not in
folium-offline, so icon fonts are avoided altogether: markers are CircleMarkers or
DivIcons showing the catalog's ``style.symbol``.

Licences of the bundled files (also listed in README.md):

========================  ==========================  ==============
file                      project                     licence
========================  ==========================  ==============
leaflet.js, leaflet.css   Leaflet 1.9.3               BSD-2-Clause
leaflet.markercluster.js  Leaflet.markercluster 1.1   MIT
Control.FullScreen.*      leaflet.fullscreen 3.0.0    MIT
(carrier)                 folium-offline              MIT
gd-data.js                this project (geodata)      MIT
========================  ==========================  ==============
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import branca.element

import folium
import folium.elements

from geodata.mapping.payload import LayerData

#: URL prefix under which Streamlit serves ``<app root>/static/vendor``.
SERVED_URL = "/app/static/vendor/"
#: Folder (relative to the app root, the folder of ``dashboard.py``) written at start.
VENDOR_DIR = Path("static") / "vendor"
#: Where layer payloads are published, and the URL Streamlit serves them at.
PAYLOAD_DIR = Path("static") / "geodata" / "data"
PAYLOAD_URL = "/app/static/geodata/data/"
#: Published payloads are pruned, oldest first, beyond this many bytes...
PAYLOAD_BUDGET = 2 * 1024**3
#: ...but never one used in the last hour (an open page may still fetch it).
_PAYLOAD_GRACE_S = 3600


@dataclass(frozen=True)
class Asset:
    """One file a map needs: where folium expects it and what licence it carries."""

    url: str
    filename: str
    project: str
    licence: str


#: The map's own runtime (``geodata/mapping/js``), under pseudo-URLs like the CDN ones.
OWN_JS = "geodata:gd-map.js"
OWN_CSS = "geodata:gd-map.css"
#: ... and the layers' data: payload decoder and point drawing.
OWN_DATA_JS = "geodata:gd-data.js"
_OWN_DIR = Path(__file__).resolve().parent / "js"

_LEAFLET = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"
_CLUSTER = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
_FULLSCREEN = "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/"

ASSETS: tuple[Asset, ...] = (
    Asset(_LEAFLET + "leaflet.js", "leaflet.js", "Leaflet 1.9.3", "BSD-2-Clause"),
    Asset(_LEAFLET + "leaflet.css", "leaflet.css", "Leaflet 1.9.3", "BSD-2-Clause"),
    Asset(
        _CLUSTER + "leaflet.markercluster.js",
        "leaflet.markercluster.js",
        "Leaflet.markercluster 1.1.0",
        "MIT",
    ),
    Asset(
        _CLUSTER + "MarkerCluster.css",
        "MarkerCluster.css",
        "Leaflet.markercluster 1.1.0",
        "MIT",
    ),
    Asset(
        _CLUSTER + "MarkerCluster.Default.css",
        "MarkerCluster.Default.css",
        "Leaflet.markercluster 1.1.0",
        "MIT",
    ),
    Asset(
        _FULLSCREEN + "Control.FullScreen.min.js",
        "Control.FullScreen.min.js",
        "leaflet.fullscreen 3.0.0",
        "MIT",
    ),
    Asset(
        _FULLSCREEN + "Control.FullScreen.css",
        "Control.FullScreen.css",
        "leaflet.fullscreen 3.0.0",
        "MIT",
    ),
    Asset(OWN_JS, "gd-map.js", "this project (geodata)", "MIT"),
    Asset(OWN_CSS, "gd-map.css", "this project (geodata)", "MIT"),
    Asset(OWN_DATA_JS, "gd-data.js", "this project (geodata)", "MIT"),
)
_BY_URL: Mapping[str, Asset] = {a.url: a for a in ASSETS}
#: folium.Map's own defaults we drop: Bootstrap and Font Awesome need font files
#: folium-offline does not carry, and no element of ours uses them or jQuery (one
#: script fewer for the map frame to load before it can draw).
_DROPPED_URLS = frozenset(
    url
    for _, url in (*folium.Map.default_js, *folium.Map.default_css)
    if url not in _BY_URL
)


def _content(asset: Asset) -> str:
    if asset.url.startswith("geodata:"):
        return (_OWN_DIR / asset.filename).read_text(encoding="utf-8")
    from offlinefolium.elements import _res  # the registry package carrying the files

    try:
        return _res[asset.url]
    except KeyError:
        raise RuntimeError(
            f"folium-offline no longer carries {asset.url}; pin folium-offline>=0.20 "
            "or update geodata.mapping.assets.ASSETS"
        ) from None


def write_assets(app_root: str | Path) -> Path:
    """Write every asset under ``<app_root>/static/vendor`` (only files that changed).

    Parameters
    ----------
    app_root : str or Path
        Folder of ``dashboard.py``: Streamlit serves its ``static`` subfolder.

    Returns
    -------
    Path
        The vendor folder.
    """
    target = Path(app_root) / VENDOR_DIR
    target.mkdir(parents=True, exist_ok=True)
    stamp = target / ".written"
    if _written(stamp, target):
        return target  # as written before: folium-offline need not even be imported
    for asset in ASSETS:
        data = _content(asset).encode("utf-8")
        path = target / asset.filename
        if not path.exists() or path.read_bytes() != data:
            # Write-then-rename: a browser never gets half a file from a second process.
            tmp = path.with_suffix(path.suffix + f".{uuid.uuid4().hex}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
    (target / "LICENSES.txt").write_text(licence_text(), encoding="utf-8")
    sizes = {a.filename: (target / a.filename).stat().st_size for a in ASSETS}
    stamp.write_text(
        json.dumps({"source": _source(), "sizes": sizes}), encoding="utf-8"
    )
    return target


def _source() -> str:
    """What the files are made from: folium-offline's version and our own runtime."""
    own = hashlib.sha256(
        b"".join(
            (_OWN_DIR / a.filename).read_bytes()
            for a in ASSETS
            if a.url.startswith("geodata:")
        )
    ).hexdigest()
    return f"folium-offline {metadata.version('folium-offline')}; own {own[:16]}"


def _written(stamp: Path, target: Path) -> bool:
    """True when every file is there, as large as when this source wrote it."""
    try:
        done = json.loads(stamp.read_text(encoding="utf-8"))
        if done["source"] != _source():
            return False
        return all(
            (target / name).stat().st_size == size
            for name, size in done["sizes"].items()
        ) and set(done["sizes"]) == {a.filename for a in ASSETS}
    except (OSError, ValueError, KeyError):
        return False


def licence_text() -> str:
    """A plain-text list of the bundled files, their projects and licences."""
    lines = [
        "Files served from this folder come from the PyPI package folium-offline, "
        "except gd-map.* and gd-data.js (this project)."
    ]
    lines += [f"{a.filename}: {a.project}, {a.licence} ({a.url})" for a in ASSETS]
    return "\n".join(lines) + "\n"


def _elements(root: branca.element.Element) -> Iterator[branca.element.Element]:
    yield root
    for child in list(root._children.values()):
        yield from _elements(child)


def _local(links: list[tuple[str, str]], base_url: str) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        if url in _DROPPED_URLS:
            continue
        asset = _BY_URL.get(url)
        if asset is None:
            if url.startswith(base_url):
                out.append((name, url))  # already local (localize called twice)
                continue
            raise ValueError(
                f"Map element needs {url}, which is not bundled for offline use; "
                "add it to geodata.mapping.assets.ASSETS or use another element"
            )
        out.append((name, base_url + asset.filename + _version(asset, base_url)))
    return out


def _version(asset: Asset, base_url: str) -> str:
    """``?v=<hash>`` for our own files when served: a browser never runs a stale one."""
    if base_url == _INLINE or not asset.url.startswith("geodata:"):
        return ""
    return "?v=" + hashlib.sha256(_content(asset).encode("utf-8")).hexdigest()[:10]


def localize(fmap: branca.element.Element, base_url: str = SERVED_URL) -> None:
    """Point every element of ``fmap`` at local copies of its JS and CSS.

    Sets instance attributes only, so folium's classes (and other maps) are untouched.
    Call it after every element has been added.

    Parameters
    ----------
    fmap : folium.Map or branca Element
        The map (or a feature group passed separately to streamlit-folium).
    base_url : str
        URL prefix the files are served under.

    Raises
    ------
    ValueError
        If an element needs a file that is not bundled.
    """
    for element in _elements(fmap):
        if isinstance(element, folium.elements.JSCSSMixin):
            element.default_js = _local(list(element.default_js), base_url)
            element.default_css = _local(list(element.default_css), base_url)


_INLINE = "geodata-inline:"


def standalone_html(fmap: folium.Map, data: Mapping[str, bytes] | None = None) -> str:
    """Render ``fmap`` as one HTML file with every asset inlined (no server, no CDN).

    The payloads its layers refer to without a URL (and any in ``data``, digest
    -> bytes) go into the page as base64 text the runtime reads.

    Examples
    --------
    >>> import folium
    >>> page = standalone_html(folium.Map(tiles=None, max_zoom=18), {"ab12": b"x"})
    >>> "cdn.jsdelivr" in page, "L.map(" in page, 'id="gd-data-ab12">eA==<' in page
    (False, True, True)
    """
    data = {**inline_payloads(fmap), **(data or {})}
    localize(fmap, _INLINE)
    page = fmap.get_root().render()
    by_name = {a.filename: a for a in ASSETS}

    def script(match: re.Match) -> str:
        # "</script" inside the code would end the tag early; "<\/" is the same in JS.
        code = _content(by_name[match.group(1)]).replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def style(match: re.Match) -> str:
        return f"<style>{_content(by_name[match.group(1)])}</style>"

    prefix = re.escape(_INLINE)
    page = re.sub(rf'<script src="{prefix}([^"]+)"></script>', script, page)
    page = re.sub(rf'<link rel="stylesheet" href="{prefix}([^"]+)"\s*/>', style, page)
    # After rendering: the data never passes through folium's templates.
    return page.replace("<body>", "<body>" + payload_blocks(data), 1)


def payload_blocks(data: Mapping[str, bytes]) -> str:
    """Payloads (digest -> bytes) as the page blocks the runtime reads by digest.

    Digests are hex and base64 has no "<", so nothing here can end the tag;
    a key that is not a hex digest is left out.

    Examples
    --------
    >>> payload_blocks({"ab12": b"x", "<bad>": b"y"})
    '<script type="application/octet-stream" id="gd-data-ab12">eA==</script>'
    """
    return "".join(
        f'<script type="application/octet-stream" id="gd-data-{digest}">'
        f"{base64.b64encode(raw).decode('ascii')}</script>"
        for digest, raw in data.items()
        if re.fullmatch(r"[0-9a-f]+", digest)
    )


def inline_payloads(fmap: branca.element.Element) -> dict[str, bytes]:
    """The payloads elements of ``fmap`` refer to without a URL, by digest."""
    found: dict[str, bytes] = {}
    for element in _elements(fmap):
        data = getattr(element, "data", None)
        if isinstance(data, LayerData) and data.url is None:
            found[data.payload.digest] = data.payload.data
    return found


def publish_payload(data: bytes, digest: str, app_root: str | Path) -> str:
    """Put a payload where the app serves it; return its URL.

    Written once (write-then-rename, so no browser gets half a file) and touched
    on every call, so :func:`prune_payloads` keeps what open pages still use.
    """
    if not re.fullmatch(r"[0-9a-f]{16,64}", digest):
        raise ValueError(f"not a payload digest: {digest!r}")
    folder = Path(app_root) / PAYLOAD_DIR
    path = folder / f"{digest}.gdp"
    if path.exists():
        os.utime(path)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{digest}.{uuid.uuid4().hex}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)
        prune_payloads(folder)
    return PAYLOAD_URL + path.name


def prune_payloads(
    folder: Path, budget: int = PAYLOAD_BUDGET, pattern: str = "*.gdp"
) -> list[Path]:
    """Delete the oldest files (``pattern``) beyond ``budget`` bytes; return them.

    By default the published payloads; a file used in the last hour is kept.
    """
    now = time.time()
    files = []
    for path in folder.glob(pattern):
        try:
            stat = path.stat()
        except FileNotFoundError:  # another process pruned it meanwhile
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    files.sort(reverse=True)
    total, removed = 0, []
    for mtime, size, path in files:
        total += size
        if total > budget and now - mtime > _PAYLOAD_GRACE_S:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def asset_digest() -> str:
    """A short hash of the bundled files (changes when folium-offline updates them)."""
    digest = hashlib.sha256()
    for asset in ASSETS:
        digest.update(_content(asset).encode("utf-8"))
    return digest.hexdigest()[:12]
