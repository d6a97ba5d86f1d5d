"""The upload preview map: incoming features over the layer, names escaped."""

import json
import re

from geodata.i18n import t
from geodata.mapping.preview import preview_map
from tests import fixtures as fx
from tests.common import HOSTILE_NAME


def test_incoming_layer_is_defined_before_the_layer_control(store):
    incoming = fx.schools().rename(columns={"名称": "name"})
    html = (
        preview_map("youth_schools", store.read_layer("youth_schools"), incoming, "zh")
        .get_root()
        .render()
    )
    overlay = re.search(r"var (geo_json_\w+) = L\.geoJson", html)
    control = html.find("L.control.layers(")
    assert overlay and control > 0
    assert html.find(overlay.group(0)) < control


def test_names_from_the_file_are_escaped(store):
    incoming = fx.schools().rename(columns={"名称": "name"})
    incoming.loc[0, "name"] = HOSTILE_NAME
    html = (
        preview_map(
            "youth_schools", store.read_layer("youth_schools").iloc[:0], incoming, "en"
        )
        .get_root()
        .render()
    )
    assert HOSTILE_NAME not in html


def test_incoming_layer_is_named_in_the_map_language(store):
    incoming = fx.schools().rename(columns={"名称": "name"})
    current = store.read_layer("youth_schools")
    for lang in ("zh", "en"):
        html = preview_map("youth_schools", current, incoming, lang).get_root().render()
        # the layer switch lists the overlay by name, JSON-escaped
        assert f"{json.dumps(t('upload.preview_incoming', lang))} : geo_json_" in html
        assert '"incoming"' not in html
