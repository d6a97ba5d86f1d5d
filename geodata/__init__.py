"""Tongliao double-support map: the importable core (never imports streamlit)."""

# geodata.i18n installs the errors' renderer: any error, from any module, reads
# in words whichever module a program imported first.
import geodata.i18n  # noqa: F401
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
