"""Display policy: what an audience may see of a layer (no streamlit).

Every output passes through :func:`prepare_for_display`: the live map and its
tooltips, the details panel, counts and charts, exports in every format, the
offline HTML, presenter slides, the PDF handout and its PNGs. The rules are made
here, once, on the server; nothing a viewer may not see is sent and then hidden.

Three audiences (:class:`Audience`): the **public** (not signed in), **internal**
viewers (any signed-in role) and **stewards** (stewards and admins, who see what
internal viewers see and also what is hidden from the public, and why). Each
feature's sensitivity is its ``sensitivity`` field, else its layer's default in
the catalog (:class:`~geodata.catalog.Sensitivity`):

- ``public`` features are shown exactly to everyone;
- ``internal`` features reach the public with every vertex snapped to a fixed grid
  of about 1 km (:data:`GRID_DEG`, deterministic, never random jitter, so two
  exports cannot be averaged back to the truth) and without their address-level
  fields (``FieldSpec.locating``) or extra attributes;
- ``restricted`` features (military facilities, unit locations) reach the public
  not at all: no geometry, no attribute, only a count per banner
  (:func:`withheld_by_banner`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import EXTRA_ATTRS, LayerSpec, Sensitivity
from geodata.i18n import t

__all__ = [
    "AUDIENCES",
    "GRID_DEG",
    "Audience",
    "audience_for",
    "facets_for",
    "feature_sensitivity",
    "hidden_counts",
    "hidden_facets",
    "map_notice",
    "prepare_for_display",
    "snap_to_grid",
    "visible_cells",
    "why_shown",
    "withheld_by_banner",
]

SENSITIVITY_FIELD = "sensitivity"
#: Grid the public sees internal positions on: (longitude, latitude) steps in
#: degrees, about 1.0 km by 1.0 km at Tongliao's latitude (43.6° N).
GRID_DEG: tuple[float, float] = (0.0125, 0.009)
#: Decimals kept on snapped coordinates (the grid steps need at most four).
_GRID_DECIMALS = 6


class Audience(str, Enum):
    """Who an output is made for."""

    PUBLIC = "public"
    INTERNAL = "internal"
    STEWARD = "steward"


#: Audiences a file may be made for (the CLI's ``--audience``).
AUDIENCES: tuple[str, ...] = (Audience.PUBLIC.value, Audience.INTERNAL.value)
_STEWARD_ROLES = frozenset({"steward", "admin"})


def audience_for(role: str | None) -> Audience:
    """The audience of a viewer with ``role`` (``None``: not signed in).

    An audience name passes through, so callers may hand either.

    Examples
    --------
    >>> [audience_for(r).value for r in (None, "viewer", "presenter", "admin")]
    ['public', 'internal', 'internal', 'steward']
    >>> audience_for("public").value
    'public'
    """
    if role is None:
        return Audience.PUBLIC
    if role in Audience._value2member_map_:
        return Audience(role)
    return Audience.STEWARD if role in _STEWARD_ROLES else Audience.INTERNAL


def feature_sensitivity(frame: pd.DataFrame, spec: LayerSpec) -> np.ndarray:
    """Each row's sensitivity: its own ``sensitivity`` value, else the layer's.

    Raises ``ValueError`` when ``frame`` lacks the column: a read that left it out
    would take every restricted override for the layer default.

    Examples
    --------
    >>> import pandas as pd
    >>> from geodata.catalog import get_layer
    >>> rows = pd.DataFrame({"sensitivity": [None, "restricted", "public"]})
    >>> feature_sensitivity(rows, get_layer("service_sites")).tolist()
    ['internal', 'restricted', 'public']
    """
    if SENSITIVITY_FIELD not in frame:
        raise ValueError(
            f"{spec.id}: read the {SENSITIVITY_FIELD!r} column before deciding "
            "what a viewer may see"
        )
    values = frame[SENSITIVITY_FIELD].astype(object).to_numpy()
    known = np.isin(values, [s.value for s in Sensitivity])
    # An unknown value (a hand-edited store) protects most, never least.
    own = np.where(known, values, Sensitivity.RESTRICTED.value)
    missing = pd.isna(values) | (values == "")
    return np.where(missing, spec.sensitivity.value, own).astype(object)


def _snap_coords(coords: np.ndarray) -> np.ndarray:
    step = np.asarray(GRID_DEG)
    return np.round(np.round(coords / step) * step, _GRID_DECIMALS)


def snap_to_grid(geoms: np.ndarray) -> np.ndarray:
    """Geometries with every vertex on the :data:`GRID_DEG` grid (EPSG:4326).

    Points move to the nearest grid node; lines and polygons are snapped and
    cleaned (shapely ``set_precision``); a shape smaller than a grid cell becomes
    the grid node nearest its representative point. Snapping twice changes nothing.

    Examples
    --------
    >>> import shapely
    >>> snapped = snap_to_grid(np.array([shapely.Point(122.2634, 43.6251)]))
    >>> shapely.get_coordinates(snapped).tolist()
    [[122.2625, 43.623]]
    >>> shapely.equals(snap_to_grid(snapped), snapped).all()
    np.True_
    """
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    points = shapely.get_type_id(geoms) == 0
    if points.any():
        out[points] = shapely.transform(geoms[points], _snap_coords)
    shapes = ~points & ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if shapes.any():
        step = np.asarray(GRID_DEG)
        # set_precision takes one grid size: snap in grid units, then scale back
        units = shapely.transform(geoms[shapes], lambda c: c / step)
        snapped = shapely.set_precision(units, 1.0)
        snapped = shapely.transform(
            snapped, lambda c: np.round(c * step, _GRID_DECIMALS)
        )
        small = shapely.is_empty(snapped)
        if small.any():
            seeds = shapely.point_on_surface(geoms[shapes][small])
            snapped[small] = shapely.transform(seeds, _snap_coords)
        out[shapes] = snapped
    return out


#: ``frame.attrs`` key of a copy this module prepared for the public. pandas keeps
#: it on the copy's subsets and drops it when other rows join (``pd.concat``).
PREPARED = "geodata.prepared_for"


def prepare_for_display(
    frame: gpd.GeoDataFrame, spec: LayerSpec, audience: str | None = "public"
) -> gpd.GeoDataFrame:
    """Features of ``spec`` as ``audience`` may see them (a role name also works).

    Internal viewers and stewards get ``frame`` itself. The public gets a copy
    without restricted features, with internal features snapped to the grid and
    stripped of address-level fields. Preparing a prepared frame again changes
    nothing, so a renderer may apply it to frames a page already prepared; a
    copy made here is recognised (:data:`PREPARED`) and returned as it is, so the
    hot path does not copy and snap twice.

    Examples
    --------
    >>> import shapely
    >>> from geodata.catalog import get_layer
    >>> spec = get_layer("service_sites")
    >>> sites = gpd.GeoDataFrame(
    ...     {"name": ["军供站", "军休所"], "note": ["x", "白塔公园南侧"],
    ...      "sensitivity": ["restricted", None]},
    ...     geometry=[shapely.Point(122.2634, 43.6251)] * 2, crs=4326)
    >>> public = prepare_for_display(sites, spec)
    >>> public.name.tolist(), public.note.tolist()
    (['军休所'], [None])
    >>> shapely.get_coordinates(public.geometry.values).tolist()
    [[122.2625, 43.623]]
    >>> prepare_for_display(sites, spec, "viewer") is sites
    True
    >>> prepare_for_display(public, spec) is public
    True
    """
    if audience_for(audience) is not Audience.PUBLIC or frame.empty:
        return frame
    if frame.attrs.get(PREPARED) == Audience.PUBLIC.value:
        return frame
    level = feature_sensitivity(frame, spec)
    internal = level == Sensitivity.INTERNAL.value
    keep = level != Sensitivity.RESTRICTED.value
    if keep.all() and not internal.any():
        return frame
    out = frame[keep].copy()
    internal = internal[keep]
    if internal.any():
        geoms = out.geometry.to_numpy().copy()
        geoms[internal] = snap_to_grid(geoms[internal])
        out[out.geometry.name] = gpd.GeoSeries(geoms, index=out.index, crs=frame.crs)
        hidden = [f.name for f in spec.fields if f.locating] + [EXTRA_ATTRS]
        for column in hidden:
            if column in out:
                out[column] = out[column].astype(object)
                out.loc[internal, column] = None
    out.attrs[PREPARED] = Audience.PUBLIC.value
    return out


def withheld_by_banner(
    frame: pd.DataFrame, spec: LayerSpec, audience: str | None = "public"
) -> dict[str, int]:
    """Features ``audience`` is shown only as a number, per banner.

    The public is told how many restricted features each banner has, nothing
    more; others see every feature, so nothing is withheld from them.

    Examples
    --------
    >>> import pandas as pd
    >>> from geodata.catalog import get_layer
    >>> rows = pd.DataFrame({"banner": ["奈曼旗", "奈曼旗", "库伦旗"],
    ...                      "sensitivity": ["restricted", "restricted", None]})
    >>> withheld_by_banner(rows, get_layer("service_sites"))
    {'奈曼旗': 2}
    >>> withheld_by_banner(rows, get_layer("service_sites"), "viewer")
    {}
    """
    if audience_for(audience) is not Audience.PUBLIC or frame.empty:
        return {}
    restricted = feature_sensitivity(frame, spec) == Sensitivity.RESTRICTED.value
    if not restricted.any():
        return {}
    banners = frame["banner"] if "banner" in frame else pd.Series("", index=frame.index)
    counts = banners[restricted].fillna("").astype(str).value_counts(sort=False)
    return {str(b): int(n) for b, n in counts.items()}


def _facet_levels(
    keys: list[tuple], names: tuple[str, ...], spec: LayerSpec
) -> np.ndarray:
    where = names.index(SENSITIVITY_FIELD)
    own = pd.DataFrame({SENSITIVITY_FIELD: [k[where] for k in keys]}, dtype=object)
    return feature_sensitivity(own, spec)


def facets_for(
    counts: Mapping[tuple, int],
    names: tuple[str, ...],
    spec: LayerSpec,
    audience: str | None = "public",
) -> tuple[dict[tuple, int], dict[str, int]]:
    """Counts per combination of ``names`` as ``audience`` may have them.

    ``counts`` is what the store counted per combination of ``names``, one of
    which is ``sensitivity``. Returns the counts per combination of the other
    names (restricted features left out for the public), and the restricted
    features per banner the public is told of (:func:`withheld_by_banner`).

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> counts = {("奈曼旗", "built", "restricted"): 2, ("奈曼旗", "built", None): 3}
    >>> names = ("banner", "status", "sensitivity")
    >>> facets_for(counts, names, get_layer("service_sites"))
    ({('奈曼旗', 'built'): 3}, {'奈曼旗': 2})
    >>> facets_for(counts, names, get_layer("service_sites"), "viewer")
    ({('奈曼旗', 'built'): 5}, {})
    """
    where = names.index(SENSITIVITY_FIELD)
    keys = list(counts)
    public = audience_for(audience) is Audience.PUBLIC
    levels = _facet_levels(keys, names, spec) if public and keys else None
    visible: dict[tuple, int] = {}
    withheld: dict[str, int] = {}
    banner = names.index("banner") if "banner" in names else None
    for i, key in enumerate(keys):
        n = int(counts[key])
        if levels is not None and levels[i] == Sensitivity.RESTRICTED.value:
            label = "" if banner is None or key[banner] is None else str(key[banner])
            withheld[label] = withheld.get(label, 0) + n
            continue
        rest = key[:where] + key[where + 1 :]
        visible[rest] = visible.get(rest, 0) + n
    return visible, withheld


def hidden_facets(
    counts: Mapping[tuple, int], names: tuple[str, ...], spec: LayerSpec
) -> dict[str, int]:
    """:func:`hidden_counts` from counts per combination of ``names`` (see above).

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> hidden_facets({("restricted",): 2, (None,): 3}, ("sensitivity",),
    ...               get_layer("service_sites"))
    {'internal': 3, 'restricted': 2}
    """
    keys = list(counts)
    levels = _facet_levels(keys, names, spec) if keys else np.array([])
    out = {"internal": 0, "restricted": 0}
    for key, level in zip(keys, levels, strict=True):
        if level in out:
            out[level] += int(counts[key])
    return out


def visible_cells(
    counts: Mapping[tuple, int], spec: LayerSpec, audience: str | None = "public"
) -> bool:
    """Whether the store's own cell counts may be shown to ``audience`` as they are.

    ``counts`` holds the features in view per ``sensitivity`` value. Only when
    none of them is internal or restricted for the public (or the audience sees
    everything exactly) do the store's counts and mean positions reveal nothing.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> spec = get_layer("service_sites")
    >>> visible_cells({("public",): 4}, spec), visible_cells({(None,): 4}, spec)
    (True, False)
    >>> visible_cells({(None,): 4}, spec, "viewer")
    True
    """
    if audience_for(audience) is not Audience.PUBLIC or not counts:
        return True
    levels = _facet_levels(list(counts), (SENSITIVITY_FIELD,), spec)
    return bool((levels == Sensitivity.PUBLIC.value).all())


def hidden_counts(frame: pd.DataFrame, spec: LayerSpec) -> dict[str, int]:
    """How many features the public sees coarsened and how many not at all.

    For stewards, who are shown what is hidden from others.

    Examples
    --------
    >>> import pandas as pd
    >>> from geodata.catalog import get_layer
    >>> rows = pd.DataFrame({"sensitivity": ["restricted", None, "public"]})
    >>> hidden_counts(rows, get_layer("service_sites"))
    {'internal': 1, 'restricted': 1}
    """
    if frame.empty:
        return {"internal": 0, "restricted": 0}
    level = feature_sensitivity(frame, spec)
    return {
        "internal": int((level == Sensitivity.INTERNAL.value).sum()),
        "restricted": int((level == Sensitivity.RESTRICTED.value).sum()),
    }


def why_shown(row: Mapping[str, object], spec: LayerSpec, lang: str) -> str:
    """For stewards: how the public sees this feature, and why.

    The reason is the feature's own setting, or the layer's default with the
    catalog's note.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> why_shown({"sensitivity": "restricted"}, get_layer("service_sites"), "en")
    ... # doctest: +ELLIPSIS
    "The public sees neither its position nor any attribute; ... set to 'Restricted'..."
    """
    frame = pd.DataFrame([{SENSITIVITY_FIELD: row.get(SENSITIVITY_FIELD)}])
    level = feature_sensitivity(frame, spec)[0]
    own = frame[SENSITIVITY_FIELD].iloc[0]
    reason = (
        t("display.why.own", lang, level=t(f"value.sensitivity.{level}", lang))
        if isinstance(own, str) and own
        else t("display.why.layer", lang, note=spec.sensitivity_note(lang))
    )
    return f"{t(f'display.why.{level}', lang)} {reason}"


def map_notice(audience: str | None, review_no: str, lang: str) -> str:
    """The notice every map, slide and handout page carries, in ``lang``.

    With a map review number (审图号, 《地图管理条例》第二十二条) set, it is printed;
    a public map without one says it is a schematic, not for boundary disputes;
    an internal one always says "内部资料", so a printout is recognisable.

    Examples
    --------
    >>> map_notice("public", "", "en")
    'Schematic map: not a basis for boundary disputes'
    >>> map_notice("viewer", "蒙S(2024)001号", "zh")
    '内部资料 · 审图号：蒙S(2024)001号'
    """
    parts = []
    if audience_for(audience) is not Audience.PUBLIC:
        parts.append(t("display.notice.internal", lang))
    if review_no:
        parts.append(t("display.notice.review_no", lang, number=review_no))
    else:
        parts.append(t("display.notice.schematic", lang))
    return " · ".join(parts)
