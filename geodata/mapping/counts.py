"""Counts beside the map: features per layer and per banner, in one language.

Every count is made from *tallies*: per layer, how many features there are per
(banner, status). The map page has the store count them for each whole filtered
layer (:func:`tallies_from` over ``Store.count_by``), so counts and charts never
depend on what part of a layer is on screen; :func:`frame_tallies` counts frames
the same way (the reference, and for callers that hold the frames).

Boundary layers (``REFERENCE_LAYERS``) are never counted: every banner has one
boundary, so counting them would make a search that matches nothing say "8".

``withheld`` holds, per layer and banner, the features the audience is shown only
as a number (restricted features for the public, ``geodata.display``; the
public's tallies leave them out): they count in the tables and the chart, with no
status, though no map or file shows them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

import geopandas as gpd

from geodata.catalog import BANNER_NAMES, get_layer
from geodata.i18n import banner_label, layer_title, t
from geodata.view import REFERENCE_LAYERS

#: What a tally counts per: a feature's banner and its status (None: missing).
TALLY_COLUMNS: tuple[str, str] = ("banner", "status")
Tally = Mapping[tuple[object, object], int]
Withheld = Mapping[str, Mapping[str, int]]
#: The status a withheld feature is counted under: none anyone may read.
_WITHHELD = object()


def _value(v: object) -> object:
    return None if v is None or (isinstance(v, float) and v != v) else v


def _column(frame: pd.DataFrame, name: str) -> list:
    if name not in frame:
        return [None] * len(frame)
    return [_value(v) for v in frame[name].astype(object)]


def frame_tallies(shown: Mapping[str, gpd.GeoDataFrame]) -> dict[str, Tally]:
    """Features per (banner, status) of each frame, as the store counts them."""
    return {
        lid: dict(Counter(zip(*(_column(f, c) for c in TALLY_COLUMNS), strict=True)))
        for lid, f in shown.items()
    }


def tallies_from(
    facets: Mapping[str, Mapping[tuple, int]], names: tuple[str, ...]
) -> dict[str, Tally]:
    """Tallies from counts per combination of the columns ``names`` (any order).

    Examples
    --------
    >>> tallies_from({"signage": {("built", "奈曼旗", 2020): 2,
    ...                           ("built", "奈曼旗", 2021): 1,
    ...                           (None, None, 2020): 4}},
    ...              ("status", "banner", "year"))
    {'signage': {('奈曼旗', 'built'): 3, (None, None): 4}}
    """
    where = [names.index(c) for c in TALLY_COLUMNS]
    out: dict[str, Tally] = {}
    for lid, counts in facets.items():
        tally: Counter = Counter()
        for key, n in counts.items():
            tally[tuple(key[i] for i in where)] += int(n)
        out[lid] = dict(tally)
    return out


def _counted(
    tallies: Mapping[str, Tally], withheld: Withheld | None = None
) -> dict[str, Tally]:
    """The tallies counted (no boundaries), each with its withheld features."""
    out = {}
    for lid, tally in tallies.items():
        if lid in REFERENCE_LAYERS:
            continue
        extra = (withheld or {}).get(lid, {})
        out[lid] = {**tally, **{(b, _WITHHELD): n for b, n in extra.items() if n}}
    return out


def layer_count(tally: Tally) -> int:
    """How many features a layer's tally counts."""
    return sum(tally.values())


def total(tallies: Mapping[str, Tally], withheld: Withheld | None = None) -> int:
    """How many features the view holds, boundaries not counted."""
    return sum(layer_count(c) for c in _counted(tallies, withheld).values())


def counts_by_layer(
    tallies: Mapping[str, Tally], lang: str, withheld: Withheld | None = None
) -> pd.DataFrame:
    """One row per layer shown (boundaries left out): its title and its count."""
    counted = _counted(tallies, withheld)
    return pd.DataFrame(
        {
            t("common.layer", lang): [layer_title(lid, lang) for lid in counted],
            t("common.features", lang): [layer_count(c) for c in counted.values()],
        }
    )


def _per_banner(tally: Tally) -> Counter:
    banners: Counter = Counter()
    for (banner, _), n in tally.items():
        banners[banner] += n
    return banners


def counts_by_banner(
    tallies: Mapping[str, Tally], lang: str, withheld: Withheld | None = None
) -> pd.DataFrame:
    """Features per banner (rows, all eight in catalog order) and layer (columns).

    Features without one of the eight banners are counted in an "unassigned" row
    when there are any.
    """
    unassigned = t("map.counts.unassigned", lang)
    labels = [banner_label(b, lang) for b in BANNER_NAMES]
    table = pd.DataFrame(index=[*labels, unassigned])
    for layer_id, tally in _counted(tallies, withheld).items():
        counts = _per_banner(tally)
        known = [int(counts.get(b, 0)) for b in BANNER_NAMES]
        table[layer_title(layer_id, lang)] = [*known, layer_count(tally) - sum(known)]
    table = table.fillna(0).astype(int)
    if unassigned in table.index and not table.loc[unassigned].any():
        table = table.drop(index=unassigned)
    table.index.name = t("map.counts.banner", lang)
    return table


def chart_rows(
    tallies: Mapping[str, Tally], lang: str, withheld: Withheld | None = None
) -> pd.DataFrame:
    """Long rows (banner, layer, count, colour) for the by-banner chart.

    Every banner has a row for every layer shown, zero included, so the chart
    labels all eight; colours are the layers' map colours.
    """
    table = counts_by_banner(tallies, lang, withheld)
    colors = {
        layer_title(lid, lang): get_layer(lid).style.color for lid in _counted(tallies)
    }
    rows = table.reset_index().melt(
        id_vars=table.index.name, var_name="layer", value_name="count"
    )
    rows = rows.rename(columns={table.index.name: "banner"})
    rows["color"] = rows["layer"].map(colors)
    return rows


def banner_summary(
    tallies: Mapping[str, Tally],
    banner: str,
    lang: str,
    withheld: Withheld | None = None,
) -> pd.DataFrame:
    """A banner's figures under the current filter: per layer, count and built.

    ``built`` is "n / m" for layers whose features there record a status, else
    empty (over the features shown: a withheld feature adds to the count only).
    """
    rows = []
    for layer_id, tally in _counted(tallies, withheld).items():
        inside = {status: n for (b, status), n in tally.items() if b == banner}
        n = sum(inside.values())
        shown = n - inside.pop(_WITHHELD, 0)
        recorded = any(status is not None for status in inside)
        built = f"{inside.get('built', 0)} / {shown}" if recorded else ""
        rows.append((layer_title(layer_id, lang), n, built))
    return pd.DataFrame(
        rows,
        columns=[
            t("common.layer", lang),
            t("common.features", lang),
            t("map.counts.built", lang),
        ],
    )
