"""Which feature a click means, and its attributes in each language."""

import html

from geodata.coords import wgs84_to_gcj02
from geodata.mapping.picking import feature_at, feature_details
from tests.common import NAIMAN_SEAT


def test_click_on_a_marker_finds_that_feature(frames):
    school = frames["youth_schools"].iloc[3]
    hits = feature_at(frames, round(school.geometry.y, 5), round(school.geometry.x, 5))
    assert [h.row["name"] for h in hits] == [school["name"]]


def test_click_on_an_amap_marker_finds_it_too(frames):
    school = frames["youth_schools"].iloc[3]
    lon, lat = wgs84_to_gcj02(school.geometry.x, school.geometry.y)
    hits = feature_at(
        frames, round(float(lat), 5), round(float(lon), 5), basemap="amap"
    )
    assert hits and hits[0].row["name"] == school["name"]


def test_click_inside_a_banner_finds_the_boundary(frames):
    hits = feature_at(
        {"admin_areas": frames["admin_areas"]}, NAIMAN_SEAT.y, NAIMAN_SEAT.x
    )
    assert [h.row["name"] for h in hits] == ["奈曼旗"]


def test_details_use_catalog_titles_in_each_language(frames):
    hit = feature_at(
        frames, *reversed(frames["youth_schools"].geometry.iloc[0].coords[0])
    )[0]
    en = dict(feature_details(hit, "en"))
    zh = dict(feature_details(hit, "zh"))
    assert "Name" in en and en["Status"] in ("Built", "Planned")
    assert "名称" in zh and zh["状态"] in ("已建成", "规划")
    # the source and the illustrative flag are shown once beneath, not as rows
    assert "Source" not in en and "Illustrative position" not in en
    assert "来源" not in zh


def test_popup_details_say_source_and_notice_once(frames):
    from geodata.mapping.picking import details_html

    schools = frames["youth_schools"]
    (block, *_) = details_html("youth_schools", schools.iloc[:1], "zh")
    assert block.count(html.escape(schools["source"].iloc[0])) == 1
    assert block.count("示意位置") == 1
