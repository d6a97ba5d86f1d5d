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
    "error.edit.bad_sensitivity": (
        "公开范围 {level!r} 不存在；可用：{levels}",
        "Sensitivity {level!r} unknown; use one of: {levels}",
    ),
    "error.edit.no_feature": (
        "{layer} 中没有要素 {feature!r}（可能已被他人修改）；请刷新后再试。",
        "{layer} has no feature {feature!r} (someone may have changed it); reload "
        "and try again",
    ),
    "map.sensitivity.label": ("此要素的公开范围", "Sensitivity of this feature"),
    "map.sensitivity.default": ("按图层默认（{level}）", "Layer default ({level})"),
    "map.sensitivity.save": ("保存公开范围", "Save sensitivity"),
    "map.sensitivity.saved": (
        "已保存为图层第 {version} 版。",
        "Saved as version {version} of the layer.",
    ),
    "decks.handout_audience": ("讲义版本", "Handout for"),
    "upload.sensitivity": (
        "公开范围（文件未填写的要素）",
        "Sensitivity (for features the file leaves empty)",
    ),
    "upload.outside.kind": ("修改", "Change"),
    "upload.outside.row": ("文件行号", "File row"),
    "upload.outside.name": ("名称", "Name"),
    "upload.outside.banner": ("旗县", "Banner"),
    "upload.outside.add": ("新增", "add"),
    "upload.outside.change": ("变更", "change"),
    "upload.outside.remove": ("删除", "remove"),
    # navigation and the admin pages
    "nav.section.admin": ("系统管理", "Administration"),
    "nav.accounts": ("账号管理", "Accounts"),
    "nav.audit": ("审计日志", "Audit log"),
    "accounts.heading": ("账号管理", "Accounts"),
    "accounts.sessions_note": (
        "修改角色、旗县或密码以及删除账号，都会立即结束该账号的所有登录。",
        "Changing an account's role, banners or password, or removing it, ends "
        "all its sign-ins at once.",
    ),
    "accounts.role": ("角色", "Role"),
    "accounts.banners": ("可修改的旗县", "Banners it may change"),
    "accounts.all_banners": ("全部旗县", "every banner"),
    "accounts.banners_help": (
        "留空表示全部旗县。限定旗县的数据管理员只能新增、修改、删除这些旗县的要素。",
        "Empty means every banner. A limited steward may add, change and remove "
        "only these banners' features.",
    ),
    "accounts.add": ("新建账号", "Add account"),
    "accounts.password": (
        "密码（至少 {n} 个字符）",
        "Password (at least {n} characters)",
    ),
    "accounts.new_password": (
        "新密码（留空则不变）",
        "New password (empty: unchanged)",
    ),
    "accounts.choose": ("选择账号", "Account"),
    "accounts.change": ("修改账号", "Change account"),
    "accounts.save": ("保存", "Save"),
    "accounts.confirm_remove": (
        "确认删除账号 {name}",
        "Yes, remove the account {name}",
    ),
    "accounts.remove": ("删除账号", "Remove account"),
    "accounts.last_admin": (
        "这是最后一个系统管理员账号，不能删除或降级；请先另设一个管理员。",
        "This is the last administrator; make another one before removing or "
        "demoting it.",
    ),
    "accounts.added": ("已新建账号 {name}。", "Account {name} added."),
    "accounts.changed": (
        "已修改账号 {name}；其登录已全部结束。",
        "Account {name} changed; its sign-ins have ended.",
    ),
    "accounts.removed": (
        "已删除账号 {name}；其登录已全部结束。",
        "Account {name} removed; its sign-ins have ended.",
    ),
    "audit.heading": ("审计日志", "Audit log"),
    "audit.action": ("操作", "Action"),
    "audit.who": ("用户", "Person"),
    "audit.limit": ("最多显示", "Show at most"),
    "audit.empty": ("没有符合条件的记录。", "No entries match."),
    "audit.action.all": ("全部", "all"),
    "audit.action.sign_in": ("登录", "sign-in"),
    "audit.action.sign_in_failed": ("登录失败", "failed sign-in"),
    "audit.action.sign_out": ("退出登录", "sign-out"),
    "audit.action.commit": ("提交数据", "commit"),
    "audit.action.rollback": ("回滚", "rollback"),
    "audit.action.deck_change": ("修改幻灯片", "deck change"),
    "audit.action.account_change": ("修改账号", "account change"),
    "audit.action.export": ("导出内部数据", "export of internal data"),
    "audit.column.at": ("时间（UTC）", "When (UTC)"),
    "audit.column.who": ("用户", "Who"),
    "audit.column.action": ("操作", "Action"),
    "audit.column.layer": ("图层", "Layer"),
    "audit.column.n": ("要素数", "Features"),
    "audit.column.audience": ("面向", "Audience"),
    "audit.column.detail": ("内容", "What"),
    "auth.provider": ("使用单位统一身份登录", "Sign in with your organisation"),
    "auth.provider_unknown": (
        "您已通过单位统一身份登录，但尚未开通本系统账号；请联系系统管理员。",
        "You signed in with your organisation, but have no account here yet; ask "
        "an administrator.",
    ),
}
