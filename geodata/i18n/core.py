"""Text shared by every page: app frame, navigation, coded values, errors."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("通辽市双拥地图", "Double-support map of Tongliao"),
    "app.caption": (
        "通辽市双拥工作的地点、设施与成效",
        "Places, facilities and results of Tongliao's double-support work",
    ),
    "app.language": ("语言 / Language", "语言 / Language"),
    "nav.map": ("地图", "Map"),
    "nav.section.browse": ("浏览", "Browse"),
    "common.illustrative_notice": (
        "示意位置：原文未给出准确位置，图上位置仅为示意。",
        "Illustrative position: the source gives no exact location; "
        "the position shown is indicative only.",
    ),
    "common.sample_notice": (
        "样例数据依据《双拥花盛开 鱼水情愈浓》一文整理，点位为示意位置。",
        "Sample data compiled from the article 'Double-support flowers bloom'; "
        "positions are illustrative.",
    ),
    "widget.choose": ("请选择", "Choose"),
    "widget.choose_one": ("请选择一项", "Choose one"),
    "widget.upload": ("上传文件", "Upload"),
    "widget.upload_limit": ("每个文件不超过 {mb} MB", "Up to {mb} MB per file"),
    "widget.press_enter": ("按回车键确认", "Press Enter to apply"),
    "common.features": ("要素数", "Features"),
    "common.layer": ("图层", "Layer"),
    "value.status.planned": ("规划", "Planned"),
    "value.status.under_construction": ("在建", "Under construction"),
    "value.status.built": ("已建成", "Built"),
    "value.kind.park": ("公园", "Park"),
    "value.kind.square": ("广场", "Square"),
    "value.site_type.road_entrance": ("道路进出口", "Road entrance"),
    "value.site_type.street": ("主要街道", "Main street"),
    "value.site_type.township_office": ("苏木乡镇街道办事处", "Township office"),
    "value.site_type.residential": ("居民小区", "Residential compound"),
    "value.site_type.military_supply_station": ("军供站", "Military supply station"),
    "value.site_type.retirees_institute": ("军休所", "Military retirees' institute"),
    "value.site_type.veterans_home": ("退役军人之家", "Veterans' home"),
    "value.site_type.support_office": ("双拥办", "Double-support office"),
    "value.site_type.memorial_hall": ("纪念馆", "Memorial hall"),
    "value.site_type.armed_forces_department": (
        "基层武装部",
        "Armed-forces department",
    ),
    "value.site_type.emergency_team": ("应急救援队", "Emergency team"),
    "value.site_type.militia_squad": ("民兵应急班", "Militia emergency squad"),
    "value.site_type.martyrs_memorial": ("烈士纪念设施", "Martyrs' memorial"),
    "value.site_type.elderly_home": ("敬老院", "Elderly home"),
    "value.event.flood": ("防汛抗洪", "Flood"),
    "value.event.snow": ("抗雪救灾", "Snow disaster"),
    "value.event.forest_fire": ("森林防火", "Forest fire"),
    "value.illustrative.True": ("是（示意）", "Yes (illustrative)"),
    # a value kept outside a field's list (stored as given)
    "value.other": ("其他", "other"),
    "value.other_value": ("其他（{value}）", "other ({value})"),
    "value.illustrative.False": ("否", "No"),
}
