"""Text of who sees what: audiences, map notices, sessions, accounts and the audit."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # map notices (《地图管理条例》)
    "display.notice.schematic": (
        "示意图，不作为权属争议和划界依据",
        "Schematic map: not a basis for boundary disputes",
    ),
    "display.notice.internal": ("内部资料", "Internal document"),
    "display.notice.review_no": ("审图号：{number}", "Map review no. {number}"),
    # sensitivity levels and what stewards are told
    "value.sensitivity.public": ("公开", "Public"),
    "value.sensitivity.internal": ("内部", "Internal"),
    "value.sensitivity.restricted": ("受限", "Restricted"),
    "display.audience.public": ("公众", "public"),
    "display.audience.internal": ("内部", "internal"),
    "display.audience.steward": ("数据管理员", "stewards"),
    "display.why.public": ("公众看到的与此相同。", "The public sees it as it is."),
    "display.why.internal": (
        "公众只看到约1公里网格上的位置，看不到乡镇、备注等地址信息。",
        "The public sees its position on a ~1 km grid, without township, note or "
        "other address-level fields.",
    ),
    "display.why.restricted": (
        "公众看不到它的位置和任何属性，只计入所在旗县的数量。",
        "The public sees neither its position nor any attribute; it only counts "
        "in its banner's number.",
    ),
    "display.why.own": (
        "此要素单独设定为“{level}”。",
        "This feature is set to '{level}' on its own.",
    ),
    "display.why.layer": (
        "按图层默认：{note}",
        "Layer default: {note}",
    ),
    "display.hidden_caption": (
        "公众看不到其中 {restricted} 个受限要素（只计数），另有 {internal} 个内部要素"
        "对公众粗化到约1公里。",
        "Of these, the public sees {restricted} restricted features only as a count "
        "and {internal} internal features coarsened to about 1 km.",
    ),
    "display.withheld_caption": (
        "另有 {n} 个受限要素不在公开地图上显示，只计入各旗县数量。",
        "{n} more restricted features are not on the public map; they only count "
        "per banner.",
    ),
    "display.audience_caption": (
        "当前显示：{audience}版本。",
        "Showing the {audience} version.",
    ),
    # errors
    "error.auth.outside_banners": (
        "{name} 只能修改这些旗县的数据：{banners}；本次修改涉及其他旗县的 {n} 个要素，"
        "已整体拒绝，未写入任何内容：{rows}",
        "{name} may change only these banners' data: {banners}; this change touches "
        "{n} features of other banners and was refused as a whole, nothing written: "
        "{rows}",
    ),
    "error.auth.bad_banner": (
        "旗县 {banner!r} 不存在；可用：{banners}",
        "Banner {banner!r} unknown; use one of: {banners}",
    ),
    "error.auth.no_user": ("用户 {name!r} 不存在。", "User {name!r} does not exist"),
    "error.auth.session_ended": (
        "登录已结束（已退出、已过期或账号已变更）；请重新登录。",
        "Your sign-in has ended (signed out, expired or the account changed); "
        "sign in again",
    ),
    "error.config.session_hours": (
        "GEODATA_SESSION_HOURS 为 {value!r}；请填写 0 至 720 之间的小时数。",
        "GEODATA_SESSION_HOURS is {value!r}; give hours between 0 and 720",
    ),
}
