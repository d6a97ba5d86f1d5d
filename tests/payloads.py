"""Reading map payloads in tests, as the page's runtime (gd-data.js) reads them."""

from __future__ import annotations

import base64
import re
import zlib

import numpy as np

from geodata.mapping.payload import decode

_BLOCK = re.compile(
    r'<script type="application/octet-stream" id="gd-data-([0-9a-f]+)">([^<]*)<'
)


def points_of(data: bytes) -> list[tuple[int, int, str, str | None, str | None]]:
    """(x, y, name, banner, status) per point row; x, y in 1e-5 degrees."""
    header, blocks = decode(data)
    xs = header["x0"] + np.cumsum(blocks["x"].astype(np.int64))
    ys = header["y0"] + blocks["y"].astype(np.int64)
    ends = np.cumsum(blocks["l"])  # in UTF-16 units, as JS strings count
    units = blocks["t"].tobytes()
    out = []
    for i in range(header["n"]):
        b, s = int(blocks["b"][i]), int(blocks["s"][i])
        banner = header["banners"][b - 1][0] if b else None
        name = units[2 * (ends[i] - blocks["l"][i]) : 2 * ends[i]].decode("utf-16-le")
        if blocks["p"][i]:
            name = banner + name
        status = header["statuses"][s - 1][0] if s else None
        out.append((int(xs[i]), int(ys[i]), name, banner, status))
    return out


def mask_rows(mask: str) -> np.ndarray:
    """The rows a mask shows."""
    bits = np.frombuffer(zlib.decompress(base64.b64decode(mask)), np.uint8)
    return np.flatnonzero(np.unpackbits(bits, bitorder="little"))


def rendered_with_payloads(fmap) -> str:
    """``fmap`` rendered as the dashboard renders it, its inline payloads beside
    it in a standalone page's form (so :func:`page_payloads` finds them)."""
    from geodata.mapping.assets import inline_payloads, payload_blocks

    return fmap.get_root().render() + payload_blocks(inline_payloads(fmap))


def with_served_payloads(text: str, app_root) -> str:
    """``text`` with each payload it names by URL (served from ``app_root``) beside
    it in a standalone page's form, as the browser would fetch them."""
    from pathlib import Path

    from geodata.mapping.assets import PAYLOAD_DIR, PAYLOAD_URL, payload_blocks

    served = re.escape(PAYLOAD_URL) + r"([0-9a-f]+)\.gdp"
    folder = Path(app_root) / PAYLOAD_DIR
    data = {d: (folder / f"{d}.gdp").read_bytes() for d in re.findall(served, text)}
    return text + payload_blocks(data)


def page_payloads(page: str) -> dict[str, bytes]:
    """The payloads a standalone page carries, by digest."""
    return {d: base64.b64decode(text) for d, text in _BLOCK.findall(page)}


def layer_names(data: dict[str, bytes]) -> list[str]:
    """Every feature name in the layer payloads of ``data`` (not the basemap)."""
    names = []
    for raw in data.values():
        header, _ = decode(raw)
        if header.get("kind") == "context":
            continue
        names += [p[2] for p in points_of(raw)]
        names += [f["properties"]["n"] for f in header["shapes"]["features"]]
    return names
