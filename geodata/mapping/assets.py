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

Only the files our maps use are kept. Font Awesome's font files are not in
folium-offline, so icon fonts are avoided altogether: markers are CircleMarkers or
DivIcons showing the catalog's ``style.symbol``.

Licences of the bundled files (also listed in README.md):

========================  ==========================  ==============
file                      project                     licence
========================  ==========================  ==============
leaflet.js, leaflet.css   Leaflet 1.9.3               BSD-2-Clause
jquery.min.js             jQuery 3.7.1                MIT
leaflet.markercluster.js  Leaflet.markercluster 1.1   MIT
Control.FullScreen.*      leaflet.fullscreen 3.0.0    MIT
(carrier)                 folium-offline              MIT
========================  ==========================  ==============
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import branca.element

import folium
import folium.elements

#: URL prefix under which Streamlit serves ``<app root>/static/vendor``.
SERVED_URL = "/app/static/vendor/"
#: Folder (relative to the app root, the folder of ``dashboard.py``) written at start.
VENDOR_DIR = Path("static") / "vendor"


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
_OWN_DIR = Path(__file__).resolve().parent / "js"

_LEAFLET = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"
_CLUSTER = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
_FULLSCREEN = "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/"

ASSETS: tuple[Asset, ...] = (
    Asset(_LEAFLET + "leaflet.js", "leaflet.js", "Leaflet 1.9.3", "BSD-2-Clause"),
    Asset(_LEAFLET + "leaflet.css", "leaflet.css", "Leaflet 1.9.3", "BSD-2-Clause"),
    Asset(
        "https://code.jquery.com/jquery-3.7.1.min.js",
        "jquery.min.js",
        "jQuery 3.7.1",
        "MIT",
    ),
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
)
_BY_URL: Mapping[str, Asset] = {a.url: a for a in ASSETS}
#: folium.Map's own defaults we drop: Bootstrap and Font Awesome need font files
#: folium-offline does not carry, and no element of ours uses them.
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
    for asset in ASSETS:
        data = _content(asset).encode("utf-8")
        path = target / asset.filename
        if not path.exists() or path.read_bytes() != data:
            # Write-then-rename: a browser never gets half a file from a second process.
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
    (target / "LICENSES.txt").write_text(licence_text(), encoding="utf-8")
    return target


def licence_text() -> str:
    """A plain-text list of the bundled files, their projects and licences."""
    lines = [
        "Files served from this folder come from the PyPI package folium-offline, "
        "except gd-map.* (this project)."
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


def standalone_html(fmap: folium.Map) -> str:
    """Render ``fmap`` as one HTML file with every asset inlined (no server, no CDN).

    Examples
    --------
    >>> import folium
    >>> page = standalone_html(folium.Map(tiles=None, max_zoom=18))
    >>> "cdn.jsdelivr" in page, "L.map(" in page
    (False, True)
    """
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
    return page


def asset_digest() -> str:
    """A short hash of the bundled files (changes when folium-offline updates them)."""
    digest = hashlib.sha256()
    for asset in ASSETS:
        digest.update(_content(asset).encode("utf-8"))
    return digest.hexdigest()[:12]
