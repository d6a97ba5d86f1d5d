"""Display policy: what a viewer may see of a layer (no streamlit).

Every output passes through :func:`prepare_for_display`: the live map, its details
panel and counts, exports, the offline HTML, slides and the PDF handout. Rules
about who may see which positions are made here, once.
"""

from __future__ import annotations

import geopandas as gpd

from geodata.catalog import LayerSpec


def prepare_for_display(
    frame: gpd.GeoDataFrame, spec: LayerSpec, role: str = "public"
) -> gpd.GeoDataFrame:
    """Features of ``spec`` as a viewer with ``role`` may see them.

    The hook where layers with ``spec.sensitivity`` of ``SENSITIVE`` will be
    coarsened or hidden by role (a later issue); today every layer is shown as
    stored. Every map path (dashboard, export, CLI) goes through here, so that
    change will be made in one place.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> import geopandas as gpd
    >>> empty = gpd.GeoDataFrame(geometry=[], crs=4326)
    >>> prepare_for_display(empty, get_layer("service_sites")) is empty
    True
    """
    return frame
