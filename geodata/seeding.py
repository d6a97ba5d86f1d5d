"""Load the bundled sample data (``python -m geodata.sample.build``) into a store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import geopandas as gpd

from geodata.catalog import LAYER_IDS, get_layer
from geodata.errors import StorageError
from geodata.storage.base import CommitInfo, Store

SAMPLE_DIR = Path(__file__).parent / "data" / "sample"
SAMPLE_AUTHOR = "sample"


def load_sample_layer(layer_id: str, sample_dir: Path = SAMPLE_DIR) -> gpd.GeoDataFrame:
    """Read the bundled sample of one layer (EPSG:4326, catalog fields only)."""
    spec = get_layer(layer_id)
    path = sample_dir / f"{spec.id}.geojson"
    if not path.exists():
        raise StorageError(
            f"Sample file {path} is missing; run `python -m geodata.sample.build`"
        )
    frame = gpd.read_file(path)
    return frame.set_crs(4326, allow_override=True)


def load_sample_indicators(sample_dir: Path = SAMPLE_DIR) -> pd.DataFrame:
    """Read the bundled headline-figure table."""
    return pd.read_csv(
        sample_dir / "indicators.csv", dtype={"id": str, "period": str, "value": float}
    )


def seed_store(store: Store, sample_dir: Path = SAMPLE_DIR) -> Store:
    """Write every sample layer and the indicators into ``store``; return it."""
    commit = CommitInfo(
        author=SAMPLE_AUTHOR,
        note="bundled sample data",
        file_name="geodata/data/sample",
    )
    for layer_id in LAYER_IDS:
        store.write_layer(
            layer_id,
            load_sample_layer(layer_id, sample_dir),
            mode="replace",
            commit=commit,
        )
    store.write_indicators(load_sample_indicators(sample_dir))
    return store
