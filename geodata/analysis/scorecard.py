"""Per-banner scorecards and progress over time (counts, density, status, funding).

Features are counted in the banner their ``banner`` field names (the field every
layer carries; the upload checks it against the admin areas). Areas are km² in the
equal-area :data:`~geodata.analysis.projection.ANALYSIS_CRS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.analysis.projection import to_metres
from geodata.catalog import CITY_NAME_ZH, STATUSES

#: Columns of a scorecard, after ``banner`` and ``layer``.
MEASURES: tuple[str, ...] = (
    "area_km2",
    "count",
    "per_1000km2",
    *STATUSES,
    "funding_wan",
    "first_year",
    "last_year",
)
#: The banner name of the whole-city row.
CITY = CITY_NAME_ZH


def banner_areas(admin: gpd.GeoDataFrame) -> pd.Series:
    """Area in km² of each banner polygon of the admin areas, by banner name.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from geodata.analysis.projection import ANALYSIS_CRS
    >>> a = gpd.GeoDataFrame({"banner": ["甲"]},
    ...     geometry=[shapely.box(0, 0, 20e3, 50e3)], crs=ANALYSIS_CRS).to_crs(4326)
    >>> banner_areas(a).round(3).to_dict()
    {'甲': 1000.0}
    """
    area = shapely.area(to_metres(admin)) / 1e6
    return pd.Series(area, index=admin["banner"].to_numpy()).groupby(level=0).sum()


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series(np.nan, index=frame.index)


def _layer_rows(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Counts, statuses, funding and years of one layer per banner (then the city)."""
    banner = _column(frame, "banner")
    status = _column(frame, "status")
    funding = pd.to_numeric(_column(frame, "funding_wan"), errors="coerce")
    year = pd.to_numeric(_column(frame, "year"), errors="coerce")
    table = pd.DataFrame(
        {"banner": banner, "funding_wan": funding, "year": year, "status": status}
    )
    rows = []
    for name in [*names, CITY]:
        part = table if name == CITY else table[table["banner"] == name]
        rows.append(
            {
                "banner": name,
                "count": len(part),
                **{s: int((part["status"] == s).sum()) for s in STATUSES},
                "funding_wan": part["funding_wan"].sum(min_count=1),
                "first_year": part["year"].min(),
                "last_year": part["year"].max(),
            }
        )
    return pd.DataFrame(rows)


def scorecard(
    admin: gpd.GeoDataFrame,
    layers: Mapping[str, pd.DataFrame],
    banners: Sequence[str],
) -> pd.DataFrame:
    """Each layer per banner: count, per 1,000 km², by status, funding, years.

    Parameters
    ----------
    admin : GeoDataFrame
        Banner polygons (EPSG:4326) with a ``banner`` column, for the areas.
    layers : mapping of layer id to DataFrame
        The features of each layer (geometry is not needed).
    banners : sequence of str
        The banners to score, in order; a whole-city row (:data:`CITY`) follows,
        summed over those banners.

    Returns
    -------
    DataFrame
        One row per layer and banner: ``layer``, ``banner`` and :data:`MEASURES`.
        ``funding_wan`` is NaN where no feature gives funding; years are ``<NA>``
        where none gives a year.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd, shapely
    >>> from geodata.analysis.projection import ANALYSIS_CRS
    >>> admin = gpd.GeoDataFrame({"banner": ["甲", "乙"]},
    ...     geometry=[shapely.box(0, 0, 20e3, 50e3), shapely.box(20e3, 0, 40e3, 100e3)],
    ...     crs=ANALYSIS_CRS).to_crs(4326)
    >>> schools = pd.DataFrame({"banner": ["甲", "甲", "乙"],
    ...     "status": ["built", "planned", "built"], "year": [2019, 2021, 2020],
    ...     "funding_wan": [10.0, None, 5.0]})
    >>> card = scorecard(admin, {"youth_schools": schools}, ["甲", "乙"])
    >>> card[["banner", "count", "per_1000km2", "built", "funding_wan"]].round(2
    ...     ).values.tolist()
    [['甲', 2, 2.0, 1, 10.0], ['乙', 1, 0.5, 1, 5.0], ['通辽市', 3, 1.0, 2, 15.0]]
    >>> card.loc[0, ["first_year", "last_year"]].tolist()
    [2019, 2021]
    """
    areas = banner_areas(admin)
    area = [float(areas.get(b, np.nan)) for b in banners]
    area.append(float(np.nansum(area)) if area else np.nan)
    parts = []
    for layer_id, frame in layers.items():
        rows = _layer_rows(frame, banners)
        rows.insert(0, "layer", layer_id)
        rows["area_km2"] = area
        per = rows["count"] / rows["area_km2"].where(rows["area_km2"] > 0) * 1000
        rows["per_1000km2"] = per.astype(float)
        for column in ("first_year", "last_year"):
            rows[column] = pd.to_numeric(rows[column]).round().astype("Int64")
        parts.append(rows)
    columns = ["layer", "banner", *MEASURES]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


@dataclass(frozen=True, eq=False)
class Progress:
    """Built features by year against a target.

    ``table`` has ``year``, ``built`` (that year) and ``cumulative``;
    ``without_year`` counts built features that give no year (in no row).
    """

    table: pd.DataFrame
    target: int
    built: int
    without_year: int

    @property
    def share(self) -> float:
        """Built as a fraction of the target (0 without a target)."""
        return self.built / self.target if self.target else 0.0


def progress(frame: pd.DataFrame, target: int | None = None) -> Progress:
    """Cumulative built features by year, against ``target`` (default: all features).

    The default target counts every feature the layer holds, planned and under
    construction too: the seed's 9 youth schools planned by the year's end.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"status": ["built", "built", "planned", "built"],
    ...                   "year": [2019, 2021, 2023, None]})
    >>> p = progress(f)
    >>> p.table.values.tolist(), p.target, p.built, p.without_year
    ([[2019, 1, 1], [2020, 0, 1], [2021, 1, 2]], 4, 3, 1)
    >>> progress(f, target=9).share
    0.3333333333333333
    """
    status = _column(frame, "status")
    year = pd.to_numeric(_column(frame, "year"), errors="coerce")
    built = status == "built"
    years = year[built].dropna().astype(int)
    if len(years):
        span = pd.RangeIndex(years.min(), years.max() + 1, name="year")
        per_year = years.value_counts().reindex(span, fill_value=0)
    else:
        per_year = pd.Series(dtype=int, index=pd.RangeIndex(0, name="year"))
    table = pd.DataFrame(
        {"built": per_year.astype(int), "cumulative": per_year.cumsum().astype(int)}
    ).reset_index()
    return Progress(
        table=table,
        target=len(frame) if target is None else int(target),
        built=int(built.sum()),
        without_year=int((built & year.isna()).sum()),
    )
