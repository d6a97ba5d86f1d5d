"""Text of the planner map: map furniture, filters, counts, details, figures, export."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "map.heading": ("双拥地图", "Double-support map"),
    "map.layers": ("显示图层", "Layers shown"),
    "map.legend": ("图例", "Legend"),
    "map.basemap": ("底图", "Basemap"),
    "map.basemap.offline": ("离线底图", "Offline basemap"),
    "map.basemap.osm": ("OpenStreetMap", "OpenStreetMap"),
    "map.basemap.tianditu": ("天地图", "Tianditu"),
    "map.basemap.amap": ("高德地图", "Amap (Gaode)"),
    "map.basemap.city": ("通辽市", "Tongliao"),
    "map.basemap.context": ("旗县驻地和西辽河", "Banner seats and West Liao River"),
    "map.banner_boundaries": ("旗县区界", "Banner boundaries"),
    "map.tiles_unreachable": (
        "底图瓦片服务无法访问，仅显示离线底图。",
        "The tile server does not answer; showing the offline basemap only.",
    ),
    "map.popup_hint": (
        "点击后在右侧查看全部属性",
        "Click to see every attribute beside the map",
    ),
    "map.filters": ("筛选", "Filters"),
    "map.filter.banner": ("旗县区", "Banner / county"),
    "map.filter.status": ("状态", "Status"),
    "map.filter.years": ("年份范围", "Year range"),
    "map.filter.use_years": ("按年份筛选", "Filter by year"),
    "map.filter.unit": ("责任单位", "Responsible unit"),
    "map.filter.name": ("名称搜索", "Search names"),
    "map.filter.any": ("全部", "All"),
    "map.counts.heading": ("当前筛选下的要素数", "Features under the current filter"),
    "map.counts.by_layer": ("按图层", "By layer"),
    "map.counts.by_banner": ("按旗县区", "By banner"),
    "map.cells.tip": ("{layer}：此处要素 ", "{layer}: features here: "),
    "map.cells.note": (
        "视野内要素较多的图层以格网计数显示（{layers}）；放大地图即可看到单个要素。"
        "计数与图表统计的是整个筛选结果。",
        "Layers with many features in view are shown as counts per cell ({layers}); "
        "zoom in to see single features. Counts and charts cover the whole filtered "
        "layer.",
    ),
    "map.counts.total": ("合计 {n} 个要素", "{n} features in total"),
    "map.counts.banner": ("旗县区", "Banner / county"),
    "map.counts.unassigned": ("未指定", "Unassigned"),
    "map.details.heading": ("要素详情", "Feature details"),
    "map.details.empty": (
        "点击地图上的要素查看全部属性。",
        "Click a feature on the map to see all its attributes.",
    ),
    "map.details.none": (
        "点击位置没有可显示的要素。",
        "No feature to show where you clicked.",
    ),
    "map.details.field": ("字段", "Field"),
    "map.details.value": ("值", "Value"),
    "map.details.source": ("来源：{source}", "Source: {source}"),
    "map.details.layer": ("图层：{layer}", "Layer: {layer}"),
    "map.export.heading": ("导出当前所见", "Export what you see"),
    "map.export.layer": ("导出图层", "Layer to export"),
    "map.export.format": ("格式", "Format"),
    "map.export.download": ("下载 {name}", "Download {name}"),
    "map.export.html": ("下载离线地图（HTML）", "Download offline map (HTML)"),
    "map.export.empty": (
        "当前筛选下该图层没有要素。",
        "This layer has no features under the current filter.",
    ),
    "map.share": (
        "复制浏览器地址即可分享当前地图视图。",
        "Copy the browser address to share this map view.",
    ),
    "map.empty_layer_choice": ("请至少选择一个图层。", "Choose at least one layer."),
    "figures.heading": ("主要数据", "Headline figures"),
    "figures.source": ("出处", "Source"),
    "figures.none": ("暂无主要数据。", "No headline figures yet."),
}
