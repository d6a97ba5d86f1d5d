"""Text of the analysis page, its exports and the ``analyze`` commands."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.analysis": ("分析", "Analysis"),
    "analysis.heading": ("覆盖与差距分析", "Coverage and gaps"),
    "analysis.straight_lines": (
        "所有距离均为直线距离，不沿道路计算（离线环境没有路网）；"
        "在以通辽为中心的兰伯特方位等面积投影中计算，"
        "与真实大地线距离相差不到 0.03%；面积单位为平方公里。",
        "All distances are straight lines, not along roads (there is no road network "
        "offline), measured in a Lambert azimuthal equal-area projection centred on "
        "Tongliao, within 0.03 % of the true distance; areas are in km².",
    ),
    # sidebar
    "analysis.question": ("分析内容", "Question"),
    "analysis.places": ("地点（被服务的）", "Places (to be served)"),
    "analysis.facilities": ("设施（提供服务的）", "Facilities (serving)"),
    "analysis.statuses": ("计入的设施状态", "Facility statuses counted"),
    "analysis.statuses_all": ("全部状态", "Every status"),
    "analysis.count_every_status": (
        "计入全部状态的设施",
        "Count facilities of every status",
    ),
    "analysis.radius": ("服务半径（公里）", "Radius (km)"),
    "analysis.banners": ("旗县区（限定地点）", "Banners (limit the places)"),
    "analysis.banners_all": ("全部旗县区", "Every banner"),
    "analysis.sites_heading": ("新址选择", "Next sites"),
    "analysis.candidates": ("候选地点来源", "Candidate sites from"),
    "analysis.candidate.planned": (
        "设施图层中未计入的要素（规划、在建）",
        "Uncounted features of the facility layer (planned, under construction)",
    ),
    "analysis.candidate.seats": ("旗县区政府驻地", "Banner seats"),
    "analysis.candidates_none": ("不使用", "None"),
    "analysis.points": (
        "其他候选点（经度,纬度，每行一个）",
        "More candidate points (longitude,latitude, one per line)",
    ),
    "analysis.k": ("选出新址数量", "Sites to choose"),
    "analysis.compare_heading": ("旗县区比较", "Compare banners"),
    "analysis.layer": ("评分与进度的图层", "Layer for scorecard and progress"),
    "analysis.measure": ("分级设色指标", "Choropleth measure"),
    "analysis.target": (
        "进度目标（0 表示该图层全部要素）",
        "Progress target (0: every feature of the layer)",
    ),
    "analysis.section": ("查看", "Show"),
    "analysis.section.coverage": ("覆盖", "Coverage"),
    "analysis.section.sites": ("新址", "Next sites"),
    "analysis.section.scorecard": ("旗县区评分", "Scorecard"),
    "analysis.section.progress": ("进度", "Progress"),
    # headline numbers
    "analysis.metric.covered": ("{r} 公里内的地点", "Places within {r} km"),
    "analysis.metric.covered_share": (
        "{r} 公里内的地点（{share}）",
        "Places within {r} km ({share})",
    ),
    "analysis.metric.after_share": (
        "新增 {k} 处新址后（{share}）",
        "With {k} new sites ({share})",
    ),
    "analysis.metric.covered_value": ("{covered} / {places}", "{covered} of {places}"),
    "analysis.metric.median": ("到最近设施的中位距离", "Median distance to nearest"),
    "analysis.metric.max": ("最远的地点", "Farthest place"),
    "analysis.metric.uncovered": ("未覆盖面积（平方公里）", "Area not covered (km²)"),
    "analysis.metric.after": ("新增 {k} 处新址后", "With {k} new sites"),
    "analysis.km": ("{value} 公里", "{value} km"),
    "analysis.km2": ("{value} 平方公里", "{value} km²"),
    "analysis.none": ("–", "–"),
    "analysis.source": (
        "计算依据：{places}（第 {pv} 版，{n} 个）与{facilities}（{statuses}，"
        "第 {fv} 版，{m} 个）；旗县区界第 {av} 版。",
        "Computed from {places} (version {pv}, {n} features) and {facilities} "
        "({statuses}, version {fv}, {m} features); banner boundaries version {av}.",
    ),
    "analysis.no_places": (
        "所选旗县区中没有这类地点。",
        "The chosen banners hold no such places.",
    ),
    "analysis.no_facilities": (
        "没有计入的设施，所有地点均未覆盖；请放宽“计入的设施状态”。",
        "No facility is counted, so no place is covered; widen the statuses counted.",
    ),
    # map
    "analysis.band.half": ("≤ {a} 公里", "≤ {a} km"),
    "analysis.band.within": ("{a}–{b} 公里", "{a}–{b} km"),
    "analysis.band.double": ("{b}–{c} 公里", "{b}–{c} km"),
    "analysis.band.beyond": ("> {c} 公里", "> {c} km"),
    "analysis.band.none": ("无设施", "No facility"),
    "analysis.band.newly": ("由新址覆盖", "Covered by a new site"),
    "analysis.legend": ("到最近设施的距离", "Distance to nearest facility"),
    "analysis.legend.chosen": ("选出的新址", "Chosen new site"),
    "analysis.legend.candidate": ("候选地点", "Candidate site"),
    "analysis.legend.uncovered": ("超出半径的区域", "Beyond the radius"),
    "analysis.layer.places": ("地点（按距离着色）", "Places (by distance)"),
    "analysis.layer.uncovered": ("未覆盖区域", "Area not covered"),
    "analysis.layer.chosen": ("选出的新址及半径", "Chosen sites and radius"),
    "analysis.map_caption": (
        "地点按到最近设施的直线距离着色；灰色阴影为距任何计入设施超过 {r} 公里的区域。"
        "点击地图可把该处加为候选点。",
        "Places are coloured by straight-line distance to the nearest facility; grey "
        "shading is farther than {r} km from every counted facility. Click the map "
        "to add that spot as a candidate.",
    ),
    "analysis.add_click": (
        "把点击处（{lon}, {lat}）加为候选点",
        "Add the clicked spot ({lon}, {lat}) as a candidate",
    ),
    # tables
    "analysis.col.name": ("名称", "Name"),
    "analysis.col.banner": ("旗县区", "Banner / county"),
    "analysis.col.nearest": ("最近设施", "Nearest facility"),
    "analysis.col.distance_km": ("距离（公里）", "Distance (km)"),
    "analysis.col.covered": ("已覆盖", "Covered"),
    "analysis.col.band": ("距离段", "Band"),
    "analysis.col.kind": ("类型", "Kind"),
    "analysis.col.lon": ("经度", "Longitude"),
    "analysis.col.lat": ("纬度", "Latitude"),
    "analysis.col.alone": ("单独可新覆盖", "Newly covers alone"),
    "analysis.col.step": ("顺序", "Step"),
    "analysis.col.gain": ("本步新覆盖", "Newly covered"),
    "analysis.col.covered_after": ("累计覆盖", "Covered after"),
    "analysis.col.layer": ("图层", "Layer"),
    "analysis.col.area_km2": ("面积（平方公里）", "Area (km²)"),
    "analysis.col.count": ("数量", "Count"),
    "analysis.col.per_1000km2": ("每千平方公里", "Per 1,000 km²"),
    "analysis.col.funding_wan": ("资金（万元）", "Funding (10k yuan)"),
    "analysis.col.first_year": ("最早年份", "First year"),
    "analysis.col.last_year": ("最近年份", "Last year"),
    "analysis.col.places": ("地点数", "Places"),
    "analysis.col.covered_share": ("地点覆盖率", "Share of places covered"),
    "analysis.col.uncovered_km2": ("未覆盖面积（平方公里）", "Area not covered (km²)"),
    "analysis.col.uncovered_share": ("未覆盖面积占比", "Share of area not covered"),
    "analysis.col.year": ("年份", "Year"),
    "analysis.col.built_year": ("当年建成", "Built that year"),
    "analysis.col.cumulative": ("累计建成", "Built, cumulative"),
    "analysis.col.target": ("目标", "Target"),
    "analysis.yes": ("是", "yes"),
    "analysis.no": ("否", "no"),
    "analysis.kind.planned": ("未计入的设施", "Uncounted facility"),
    "analysis.kind.seat": ("旗县区驻地", "Banner seat"),
    "analysis.kind.point": ("输入的点", "Typed point"),
    "analysis.city": ("通辽市（合计）", "Tongliao (total)"),
    "analysis.table_caption": (
        "点击列标题排序。共 {n} 个地点。",
        "Click a column header to sort. {n} places.",
    ),
    # next sites
    "analysis.sites.ranking": ("候选地点排名", "Candidates ranked"),
    "analysis.sites.steps": (
        "逐步选择（最大覆盖，贪心法）",
        "Greedy choice (maximal covering)",
    ),
    "analysis.sites.explain": (
        "每一步选出能新覆盖最多尚未覆盖地点的候选点。选出 {k} 处后，{r} 公里内的地点"
        "由 {before} 个增至 {after} 个（共 {places} 个）。",
        "Each step takes the candidate that newly covers the most places still "
        "uncovered. With {k} sites, places within {r} km go from {before} to {after} "
        "(of {places}).",
    ),
    "analysis.sites.none": (
        "没有候选地点：请选择候选来源，或输入、点击坐标。",
        "No candidate sites: choose a source, or type or click points.",
    ),
    "analysis.sites.off": ("选出新址数量为 0，不做选择。", "Sites to choose is 0."),
    "analysis.sites.nothing_new": (
        "没有候选地点能新覆盖任何地点。",
        "No candidate newly covers a place.",
    ),
    # scorecard and progress
    "analysis.scorecard.heading": ("{layer}：旗县区评分", "{layer}: banner scorecard"),
    "analysis.choropleth.heading": ("{measure}（按旗县区）", "{measure} by banner"),
    "analysis.choropleth.no_data": ("无数据", "No data"),
    "analysis.progress.heading": ("{layer}：累计建成", "{layer}: built over time"),
    "analysis.progress.caption": (
        "已建成 {built} / 目标 {target}（{share}）；"
        "另有 {without} 个已建成但未注明年份，不在年度图中。",
        "Built {built} of a target of {target} ({share}); {without} more built "
        "without a year are not in the yearly chart.",
    ),
    "analysis.progress.by_banner": ("各旗县区建设状态", "Status per banner"),
    "analysis.progress.no_years": (
        "该图层的已建成要素都没有年份。",
        "No built feature of this layer gives a year.",
    ),
    # exports
    "analysis.download": ("下载 {fmt}", "Download {fmt}"),
    "analysis.download_map": ("地图 PNG", "Map PNG"),
    "analysis.download_chart": ("图表 PNG", "Chart PNG"),
    "analysis.font_first_time": (
        "首次生成 PNG 需要约一分钟准备中文字体（每台电脑仅一次）。",
        "The first PNG takes about a minute to prepare the Chinese font "
        "(once per machine).",
    ),
    "analysis.save_slide": (
        "将此分析视图存为幻灯片（演示模式显示同一分析）",
        "Save this analysis view as a slide (presenter mode shows it)",
    ),
    # CLI
    "analysis.cli.summary": (
        "{covered} / {places} 个地点在 {r} 公里内（{share}）；"
        "中位距离 {median}，最远 {max}",
        "{covered} of {places} places within {r} km ({share}); median {median}, "
        "farthest {max}",
    ),
    "analysis.cli.sites": (
        "选出 {k} 处新址：{r} 公里内的地点 {before} → {after}（共 {places} 个）",
        "{k} new sites: places within {r} km {before} -> {after} (of {places})",
    ),
    # errors
    "error.analysis.layer": (
        "{layer!r} 不能用于分析；可用：{known}",
        "{layer!r} cannot be analysed; use one of {known}",
    ),
    "error.analysis.same_layer": (
        "地点和设施都是“{layer}”；请选择两个不同的图层",
        "Places and facilities are both {layer}; choose two different layers",
    ),
    "error.analysis.radius": (
        "半径为 {km} 公里；请给出大于 0、不超过 {most} 公里的距离，例如 20km",
        "The radius is {km} km; give a distance above 0 and at most {most} km, "
        "for example 20km",
    ),
    "error.analysis.bad_distance": (
        "{text!r} 不是距离；请写成 20km、500m 或 20（单位公里）",
        "{text!r} is not a distance; write it like 20km, 500m or 20 (kilometres)",
    ),
    "error.analysis.k": (
        "新址数量为 {k}；请选择 0 到 {most}",
        "Sites to choose is {k}; choose 0 to {most}",
    ),
    "error.analysis.too_many_points": (
        "候选点最多 {most} 个；请删去一些",
        "At most {most} candidate points; remove some",
    ),
    "error.analysis.bad_point": (
        "{text!r} 不是“经度,纬度”；例如 122.26,43.62",
        "{text!r} is not a longitude,latitude pair; for example 122.26,43.62",
    ),
    "error.analysis.outside": (
        "{text!r} 不在通辽市范围内；请写成“经度,纬度”，例如 122.26,43.62",
        "{text!r} lies outside Tongliao; write longitude,latitude, for example "
        "122.26,43.62",
    ),
    "error.analysis.point_swapped": (
        "{text!r} 不在通辽市范围内；它像是“纬度,经度”：请先写经度（{swapped}）",
        "{text!r} lies outside Tongliao; it reads as latitude, longitude: write the "
        "longitude first ({swapped})",
    ),
}
