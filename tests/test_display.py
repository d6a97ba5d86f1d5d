"""The display policy: what each audience may see of a layer."""

import numpy as np
import pytest

import geopandas as gpd
import shapely

from geodata.catalog import LAYERS, Sensitivity, get_layer
from geodata.display import (
    GRID_DEG,
    Audience,
    audience_for,
    feature_sensitivity,
    map_notice,
    prepare_for_display,
    snap_to_grid,
    withheld_by_banner,
)

SITES = get_layer("service_sites")


def _sites():
    return gpd.GeoDataFrame(
        {
            "feature_id": ["a", "b", "c"],
            "name": ["军供站", "军休所", "纪念馆"],
            "banner": ["科尔沁区", "科尔沁区", "开鲁县"],
            "note": ["门牌 1 号", "白塔公园南侧", "公开说明"],
            "sensitivity": ["restricted", None, "public"],
            "extra_attrs": [None, '{"地址": "某路 5 号"}', None],
        },
        geometry=[
            shapely.Point(122.26341, 43.62517),
            shapely.Point(122.27112, 43.61893),
            shapely.Point(121.31207, 43.60411),
        ],
        crs=4326,
    )


def test_public_loses_restricted_rows_and_internal_precision_and_addresses():
    public = prepare_for_display(_sites(), SITES, "public")
    assert public.name.tolist() == ["军休所", "纪念馆"]
    internal = public.iloc[0]
    assert internal.note is None and internal.extra_attrs is None
    x, y = internal.geometry.x, internal.geometry.y
    assert (x, y) != (122.27112, 43.61893)
    assert abs(x / GRID_DEG[0] - round(x / GRID_DEG[0])) < 1e-6
    assert abs(y / GRID_DEG[1] - round(y / GRID_DEG[1])) < 1e-6
    public_row = public.iloc[1]  # public features are shown exactly
    assert (public_row.geometry.x, public_row.note) == (121.31207, "公开说明")


@pytest.mark.parametrize(
    "role", ["viewer", "presenter", "steward", "admin", "internal"]
)
def test_every_signed_in_role_sees_everything_exactly(role):
    sites = _sites()
    assert prepare_for_display(sites, SITES, role) is sites


def test_preparing_twice_changes_nothing_and_never_jitters():
    once = prepare_for_display(_sites(), SITES)
    twice = prepare_for_display(once, SITES)
    again = prepare_for_display(_sites(), SITES)
    assert shapely.equals(once.geometry.values, twice.geometry.values).all()
    assert shapely.equals(once.geometry.values, again.geometry.values).all()


def test_a_prepared_copy_is_not_prepared_again_but_new_rows_are(monkeypatch):
    import pandas as pd

    from geodata import display

    once = prepare_for_display(_sites(), SITES)
    calls = []
    monkeypatch.setattr(
        display, "snap_to_grid", lambda g: calls.append(len(g)) or snap_to_grid(g)
    )
    assert prepare_for_display(once, SITES) is once
    assert prepare_for_display(
        once[once.banner == "科尔沁区"], SITES
    ).name.tolist() == ["军休所"]
    assert calls == []  # a prepared copy and its subsets: no second copy or snap
    # rows joined from elsewhere drop the mark: restricted ones go again
    mixed = pd.concat([once, _sites()])
    assert display.PREPARED not in mixed.attrs
    assert "军供站" not in set(prepare_for_display(mixed, SITES).name)
    assert calls == [2]


def test_grid_cells_are_about_a_kilometre():
    lon_km = GRID_DEG[0] * 111.32 * np.cos(np.radians(43.6))
    lat_km = GRID_DEG[1] * 110.54
    assert 0.9 < lon_km < 1.1 and 0.9 < lat_km < 1.1


def test_lines_and_polygons_snap_and_small_shapes_become_a_grid_node():
    levee = shapely.LineString([(122.2013, 43.5601), (122.2517, 43.5712)])
    field = shapely.box(122.30001, 43.60001, 122.30301, 43.60201)  # ~50 mu
    snapped = snap_to_grid(np.array([levee, field], dtype=object))
    assert snapped[0].geom_type == "LineString"
    assert snapped[1].geom_type == "Point"  # smaller than a cell
    for coords in shapely.get_coordinates(snapped):
        steps = coords / np.asarray(GRID_DEG)
        assert np.allclose(steps, np.round(steps), atol=1e-6)
    assert shapely.distance(snapped[1], field) < 800 / 111_000


def test_a_missing_or_unknown_sensitivity_protects_most():
    rows = _sites().drop(columns="sensitivity")
    with pytest.raises(ValueError, match="sensitivity"):
        prepare_for_display(rows, SITES)
    odd = _sites()
    odd["sensitivity"] = ["secret", "", None]
    assert feature_sensitivity(odd, SITES).tolist() == [
        "restricted",
        "internal",
        "internal",
    ]


def test_withheld_counts_per_banner_for_the_public_only():
    assert withheld_by_banner(_sites(), SITES) == {"科尔沁区": 1}
    assert withheld_by_banner(_sites(), SITES, "viewer") == {}


def test_audiences_of_roles():
    assert audience_for(None) is Audience.PUBLIC
    assert audience_for("viewer") is Audience.INTERNAL
    assert audience_for("steward") is Audience.STEWARD


def test_notice_carries_the_review_number_or_the_schematic_note():
    assert map_notice("public", "", "zh") == "示意图，不作为权属争议和划界依据"
    assert map_notice("public", "蒙S(2024)001号", "zh") == "审图号：蒙S(2024)001号"
    assert map_notice("viewer", "", "zh").startswith("内部资料")


def test_every_layer_explains_its_default():
    for spec in LAYERS:
        assert spec.sensitivity_note("zh") and spec.sensitivity_note("en"), spec.id
    assert get_layer("service_sites").sensitivity is Sensitivity.INTERNAL
    assert get_layer("signage").sensitivity is Sensitivity.PUBLIC
