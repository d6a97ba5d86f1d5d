"""Tongliao double-support map: the importable core (never imports streamlit)."""

from geodata.catalog import LAYER_IDS, LAYERS, LayerSpec, get_layer
from geodata.config import Settings
from geodata.errors import GeodataError
from geodata.query import LayerQuery
from geodata.storage import Store, open_store

__all__ = [
    "LAYERS",
    "LAYER_IDS",
    "GeodataError",
    "LayerQuery",
    "LayerSpec",
    "Settings",
    "Store",
    "get_layer",
    "open_store",
]
__version__ = "0.1.0"
