import os
import re
import time
from pathlib import Path

import pytest
from offlinefolium.elements import _res

import folium
import folium.plugins

from geodata.mapping.assets import (
    ASSETS,
    OWN_CSS,
    OWN_JS,
    PAYLOAD_URL,
    SERVED_URL,
    licence_text,
    localize,
    prune_payloads,
    publish_payload,
    standalone_html,
    write_assets,
)

OWN_DIR = Path(__file__).resolve().parents[2] / "geodata" / "mapping" / "js"

# A tag that would fetch from the internet (links inside scripts are not fetches).
_CDN = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="https?://', re.I)


def _map_with_plugins() -> folium.Map:
    fmap = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(fmap)
    folium.plugins.Fullscreen().add_to(fmap)
    return fmap


def test_write_assets_copies_the_registry_files(tmp_path):
    target = write_assets(tmp_path)
    assert target == tmp_path / "static" / "vendor"
    for asset in ASSETS:
        expected = (
            (OWN_DIR / asset.filename).read_text(encoding="utf-8")
            if asset.url.startswith("geodata:")
            else _res[asset.url]
        )
        assert (target / asset.filename).read_text(encoding="utf-8") == expected
    assert "BSD-2-Clause" in (target / "LICENSES.txt").read_text()


def test_write_assets_repairs_a_damaged_file(tmp_path):
    target = write_assets(tmp_path)
    (target / "leaflet.js").write_text("truncated")
    write_assets(tmp_path)
    assert (target / "leaflet.js").read_text(encoding="utf-8") == _res[ASSETS[0].url]


def test_localize_points_every_link_at_the_served_folder():
    fmap = _map_with_plugins()
    localize(fmap)
    page = fmap.get_root().render()
    assert not _CDN.search(page)
    links = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page)
    assert links and all(link.startswith(SERVED_URL) for link in links)
    assert f"{SERVED_URL}leaflet.js" in links
    assert f"{SERVED_URL}leaflet.markercluster.js" in links


def test_localize_leaves_folium_classes_alone():
    localize(_map_with_plugins())
    assert folium.Map.default_js[0][1].startswith("https://")


def test_localize_refuses_an_element_that_is_not_bundled():
    fmap = folium.Map(tiles=None)
    folium.plugins.Draw().add_to(fmap)
    with pytest.raises(ValueError, match="not bundled"):
        localize(fmap)


def test_standalone_html_inlines_every_asset():
    page = standalone_html(_map_with_plugins())
    assert not _CDN.search(page)
    assert "markerClusterGroup" in page and "leaflet-control-zoom-fullscreen" in page
    assert page.count("<script>") >= 4


def test_licences_name_each_project():
    text = licence_text()
    for project in ("Leaflet 1.9.3", "Leaflet.markercluster", "leaflet.fullscreen"):
        assert project in text


def test_a_payload_is_published_once_under_its_digest(tmp_path):
    digest = "ab" * 16
    url = publish_payload(b"data", digest, tmp_path)
    path = tmp_path / "static" / "geodata" / "data" / f"{digest}.gdp"
    assert url == f"{PAYLOAD_URL}{digest}.gdp" and path.read_bytes() == b"data"
    os.utime(path, (0, 0))
    assert publish_payload(b"data", digest, tmp_path) == url
    assert path.stat().st_mtime > time.time() - 60  # touched: still in use
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files
    with pytest.raises(ValueError, match="digest"):
        publish_payload(b"x", "../../etc/passwd", tmp_path)


def test_old_payloads_are_pruned_beyond_the_budget_but_not_fresh_ones(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    now = time.time()
    for i, age in enumerate((10, 5000, 9000, 20000)):
        path = folder / f"{i}.gdp"
        path.write_bytes(b"x" * 100)
        os.utime(path, (now - age, now - age))
    removed = prune_payloads(folder, budget=250)
    # the two newest fit; the third is over budget and old; the freshest stays
    assert sorted(p.name for p in removed) == ["2.gdp", "3.gdp"]
    assert sorted(p.name for p in folder.iterdir()) == ["0.gdp", "1.gdp"]


def test_own_runtime_is_served_with_a_version_and_inlined_for_export():
    from geodata.mapping.runtime import MapRuntime

    served = folium.Map(tiles=None)
    MapRuntime("zh").add_to(served)
    localize(served)
    page = served.get_root().render()
    assert re.search(rf'src="{SERVED_URL}gd-map\.js\?v=[0-9a-f]{{10}}"', page)
    inline = folium.Map(tiles=None)
    MapRuntime("zh").add_to(inline)
    page = standalone_html(inline)
    assert "gd.setup = function" in page and "geodata:" not in page
    assert OWN_JS.startswith("geodata:") and OWN_CSS.startswith("geodata:")
