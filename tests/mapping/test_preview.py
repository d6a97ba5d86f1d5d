"""The upload preview map: incoming features over the layer, names as data."""

import json
import re

from geodata.i18n import t
from geodata.mapping.assets import inline_payloads
from geodata.mapping.payload import decode
from geodata.mapping.preview import PREVIEW_LIMIT, preview_map
from tests import fixtures as fx
from tests.common import HOSTILE_NAME
from tests.payloads import layer_names


def _incoming():
    return fx.schools().rename(columns={"名称": "name"})


def test_incoming_layer_is_defined_before_the_layer_control(store):
    html = (
        preview_map(
            "youth_schools", store.read_layer("youth_schools"), _incoming(), "zh"
        )
        .get_root()
        .render()
    )
    groups = re.findall(r"var (feature_group_\w+) = L\.featureGroup", html)
    control = html.find("L.control.layers(")
    assert len(groups) >= 4 and control > 0  # banners, context, layer, incoming
    assert all(html.find(f"var {g} ") < control for g in groups)


def test_names_from_the_file_travel_as_data(store):
    incoming = _incoming()
    incoming.loc[0, "name"] = HOSTILE_NAME
    fmap = preview_map(
        "youth_schools", store.read_layer("youth_schools").iloc[:0], incoming, "en"
    )
    assert HOSTILE_NAME not in fmap.get_root().render()
    names = layer_names(inline_payloads(fmap))
    assert HOSTILE_NAME in names and len(names) == len(incoming)


def test_incoming_layer_is_named_in_the_map_language_and_published(store):
    current = store.read_layer("youth_schools")
    published = []

    def publish(payload):
        published.append(payload.digest)
        return f"/data/{payload.digest}"

    for lang in ("zh", "en"):
        html = (
            preview_map("youth_schools", current, _incoming(), lang, publish=publish)
            .get_root()
            .render()
        )
        # the layer switch lists the overlay by name, JSON-escaped
        assert (
            f"{json.dumps(t('upload.preview_incoming', lang))} : feature_group_" in html
        )
        assert '"#e0002a"' in html
    assert len(set(published)) == 2 and all(f"/data/{d}" in html for d in published)


def test_a_big_file_is_previewed_in_part(store):
    many = fx.points(PREVIEW_LIMIT + 500)
    fmap = preview_map("youth_schools", store.read_layer("youth_schools"), many, "zh")
    sizes = [decode(raw)[0].get("n") for raw in inline_payloads(fmap).values()]
    assert PREVIEW_LIMIT in sizes
