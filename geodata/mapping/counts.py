"""Counts beside the map: features per layer and per banner, in one language.

``withheld`` holds, per layer and banner, the features the audience is shown only
as a number (restricted features for the public, ``geodata.display``): they count
in both tables, though no map or file shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

import geopandas as gpd

from geodata.catalog import BANNER_NAMES
from geodata.i18n import banner_label, layer_title, t


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


Withheld = Mapping[str, Mapping[str, int]]


def counts_by_layer(
    shown: Mapping[str, gpd.GeoDataFrame], lang: str, withheld: Withheld | None = None
) -> pd.DataFrame:
    """One row per layer: its title and how many features the view counts."""
    withheld = withheld or {}
    return pd.DataFrame(
        {
            t("common.layer", lang): [layer_title(lid, lang) for lid in shown],
            t("common.features", lang): [
                len(frame) + sum(withheld.get(lid, {}).values())
                for lid, frame in shown.items()
            ],
        }
    )


def counts_by_banner(
    shown: Mapping[str, gpd.GeoDataFrame],
    lang: str,
    skip: tuple[str, ...] = ("admin_areas",),
    withheld: Withheld | None = None,
) -> pd.DataFrame:
    """Features per banner (rows, all eight in catalog order) and layer (columns).

    Reference layers in ``skip`` are left out: every banner has one boundary.
    Features without a banner are counted in an "unassigned" row when there are any.
    """
    unassigned = t("map.counts.unassigned", lang)
    labels = [banner_label(b, lang) for b in BANNER_NAMES]
    table = pd.DataFrame(index=[*labels, unassigned])
    for layer_id, frame in shown.items():
        if layer_id in skip:
            continue
        # Count the stored names (fast on 100k rows), then label the eight rows.
        counts = _column(frame, "banner").value_counts()
        extra = (withheld or {}).get(layer_id, {})
        per_banner = [int(counts.get(b, 0)) + extra.get(b, 0) for b in BANNER_NAMES]
        total = len(frame) + sum(extra.values())
        table[layer_title(layer_id, lang)] = [*per_banner, total - sum(per_banner)]
    table = table.fillna(0).astype(int)
    if unassigned in table.index and not table.loc[unassigned].any():
        table = table.drop(index=unassigned)
    table.index.name = t("map.counts.banner", lang)
    return table
