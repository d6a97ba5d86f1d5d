"""Layer frames of the seeded store, read once per module."""

import pytest

from geodata.catalog import LAYER_IDS
from geodata.config import Settings
from geodata.storage import open_store


@pytest.fixture(scope="module")
def frames(seeded_store_file):
    store = open_store(Settings(store=str(seeded_store_file)))
    return {layer_id: store.read_layer(layer_id) for layer_id in LAYER_IDS}
