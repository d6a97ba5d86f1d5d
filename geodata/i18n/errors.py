"""Text of errors (``error.<code>``): what went wrong and what to do, zh and en.

Each capability may keep its errors beside its other texts; these are the ones
shared by every page and the command line.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # kinds of store documents, as a message names them
    "kind.deck": ("幻灯片组", "deck"),
    "kind.user": ("账户", "account"),
    # the defaults of each class, for a raise that names no code of its own
    "error.geodata": ("出现错误。", "Something went wrong."),
    "error.config": ("配置有误。", "A setting is wrong."),
    "error.catalog": ("图层目录有误。", "The layer catalog is wrong."),
    "error.catalog.unknown_layer": (
        "没有图层“{layer}”；可用图层：{known}",
        "Layer {layer!r} not in catalog; known layers: {known}",
    ),
    "error.ingest": ("文件无法使用。", "The file cannot be used."),
    "error.ingest.archive": ("压缩包无法使用。", "The archive cannot be used."),
    "error.ingest.sidecar": ("Shapefile 缺少配套文件。", "The shapefile lacks a part."),
    "error.ingest.crs_missing": ("请选择坐标系。", "Choose a coordinate system."),
    "error.store": ("数据存储无法使用。", "The store cannot be used."),
    "error.store.backend_unavailable": (
        "该存储后端不可用。",
        "That storage backend is not available.",
    ),
    "error.store.conflict": (
        "数据已被他人修改；请重新加载后再操作。",
        "Someone else changed this meanwhile; reload and apply again.",
    ),
    "error.auth": ("登录或权限错误。", "Sign-in or permission error."),
    "error.analysis": ("分析无法进行。", "The analysis cannot run."),
    "error.deck": ("幻灯片组出错。", "The deck cannot be used."),
    "error.figure": ("数据项出错。", "The figure cannot be shown."),
    "error.config.lang": (
        "GEODATA_LANG 的值为 {value!r}；请使用 zh 或 en。",
        "GEODATA_LANG is {value!r}; use 'zh' or 'en'",
    ),
    "error.config.upload_mb": (
        "GEODATA_MAX_UPLOAD_MB 的值为 {value!r}；请使用正整数（单位 MB）。",
        "GEODATA_MAX_UPLOAD_MB is {value!r}; use a positive whole number of megabytes",
    ),
    "error.auth.bad_name": (
        "用户名 {name!r} 不可用；请使用 2 至 40 个字母、数字、汉字、“.”、“_”或“-”。",
        "User name {name!r} is not allowed; use 2 to 40 letters, digits, "
        "Chinese characters, '.', '_' or '-'",
    ),
    "error.auth.bad_role": (
        "角色 {role!r} 不存在；可用角色：{roles}",
        "Role {role!r} unknown; use one of: {roles}",
    ),
    "error.auth.short_password": (
        "密码太短；至少需要 {n} 个字符。",
        "Password too short; use at least {n} characters",
    ),
    "error.auth.user_exists": (
        "用户 {name!r} 已存在；如需重置请加 --replace。",
        "User {name!r} exists; pass --replace to reset it",
    ),
    "error.auth.locked": (
        "{name!r} 登录失败次数过多；请 {seconds} 秒后再试。",
        "Too many failed sign-ins for {name!r}; try again in {seconds} seconds",
    ),
    "error.auth.wrong_password": ("用户名或密码错误。", "Wrong user name or password"),
    "error.deck.no_slides": (
        "幻灯片组 {deck!r} 没有幻灯片；请在“幻灯片编辑”中添加。",
        "Deck {deck!r} has no slides; add one in the deck editor",
    ),
    "error.deck.no_such_slide": (
        "幻灯片 {slide!r} 不在幻灯片组 {deck!r} 中；请重新加载。",
        "Slide {slide!r} is not in deck {deck!r}; reload the deck",
    ),
    "error.deck.bad_name": (
        "幻灯片组名称 {deck!r} 不可用；请使用 1 至 40 个字母、数字、“-”、“_”或汉字。",
        "Deck name {deck!r} is not allowed; use 1-40 letters, digits, '-', '_' "
        "or Chinese characters",
    ),
    "error.deck.none": (
        "没有幻灯片组 {deck!r}：存储中没有任何幻灯片组"
        "（可在“幻灯片编辑”页面新建或恢复默认演示）。",
        "Deck {deck!r} not found; the store holds no deck (create one or restore "
        "the default on the deck page)",
    ),
    "error.deck.none_to_show": (
        "存储中没有幻灯片组；请在“幻灯片编辑”页面新建或恢复默认演示。",
        "The store holds no deck; create one or restore the default on the "
        "Slide decks page.",
    ),
    "error.deck.not_found": (
        "没有幻灯片组 {deck!r}；现有：{decks}",
        "Deck {deck!r} not found; decks in the store: {decks}",
    ),
    "error.deck.exists": (
        "幻灯片组 {deck!r} 已存在；请换一个名称。",
        "A deck called {deck!r} exists already; choose another name",
    ),
    "error.deck.not_deleted": (
        "没有幻灯片组 {deck!r}；未删除任何内容。",
        "Deck {deck!r} not found; nothing was deleted",
    ),
    "error.font.missing": (
        "没有可用于 PDF 讲义的中文字体；请安装：pip install noto-cjk-sans-otc"
        "（或 apt-get install fonts-noto-cjk）。",
        "No Chinese font found for the PDF handout; install it with "
        "'pip install noto-cjk-sans-otc' (or apt-get install fonts-noto-cjk)",
    ),
    "error.font.unwritable": (
        "无法在 {path} 下写入提取的字体。",
        "Cannot write the extracted font under {path}",
    ),
    "error.font.no_face": (
        "{path} 中没有 {family!r} 字形；请重新安装 noto-cjk-sans-otc。",
        "{path} holds no {family!r} face; reinstall noto-cjk-sans-otc",
    ),
    "error.font.shadowed": (
        "matplotlib 将 {family!r} 解析为 {found}，而不是 {path}。",
        "matplotlib resolves {family!r} to {found}, not {path}",
    ),
    "error.export.format": (
        "导出格式 {format!r} 不支持；可用：{formats}",
        "Export format {format!r} unknown; use one of {formats}",
    ),
    "error.figure.unknown": (
        "数据项 {figure!r} 既不是指标，也不是图层的 count:/progress:；"
        "现有指标：{known}",
        "Figure {figure!r} is neither an indicator nor count:/progress: of a layer; "
        "indicators: {known}",
    ),
}
