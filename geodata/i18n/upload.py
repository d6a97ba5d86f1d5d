"""Text of sign-in, the upload page and the layer history page."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # sign-in
    "auth.heading": ("登录", "Sign in"),
    "auth.name": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.submit": ("登录", "Sign in"),
    "auth.required": (
        "此页面需要以下角色的账号：{roles}。请先登录。",
        "This page needs an account with one of these roles: {roles}. Please sign in.",
    ),
    "role.viewer": ("浏览者", "viewer"),
    "role.presenter": ("演示者", "presenter"),
    "role.steward": ("数据管理员", "data steward"),
    "role.admin": ("系统管理员", "administrator"),
    "auth.forbidden": (
        "用户 {name}（角色：{role}）无权访问此页面。",
        "User {name} (role: {role}) may not use this page.",
    ),
    "auth.signed_in_as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "auth.sign_out": ("退出登录", "Sign out"),
    # navigation
    "nav.section.steward": ("数据管理", "Data stewardship"),
    "nav.upload": ("上传数据", "Upload data"),
    "nav.history": ("版本历史", "Version history"),
    # upload page
    "upload.heading": ("上传数据", "Upload data"),
    "upload.layer": ("目标图层", "Target layer"),
    "upload.file": (
        "数据文件（zip 压缩的 Shapefile、GeoPackage、GeoJSON、KML/KMZ、CSV、XLSX）",
        "Data file (zipped shapefile, GeoPackage, GeoJSON, KML/KMZ, CSV, XLSX)",
    ),
    "upload.member": ("压缩包中的 Shapefile", "Shapefile in the archive"),
    "upload.sublayer": ("文件中的图层", "Layer in the file"),
    "upload.encoding": ("字符编码", "Character encoding"),
    "upload.encoding_auto": ("自动（检测到 {enc}）", "Automatic (detected {enc})"),
    "upload.crs": ("坐标系", "Coordinate reference system"),
    "upload.crs_auto": ("按文件（{crs}）", "As declared ({crs})"),
    "upload.crs_none": ("文件未声明", "none declared"),
    "upload.crs_help": (
        "文件未声明坐标系。请从推测的候选中确认一个。",
        "The file declares no CRS. Confirm one of the likely candidates.",
    ),
    "upload.crs.gcj02": (
        "GCJ-02（高德、腾讯等网络地图）→ WGS84",
        "GCJ-02 (Amap, Tencent web maps) → WGS84",
    ),
    "upload.crs.bd09": ("BD-09（百度地图）→ WGS84", "BD-09 (Baidu maps) → WGS84"),
    "upload.crs.EPSG:4490": (
        "CGCS2000 经纬度（EPSG:4490）",
        "CGCS2000 lon/lat (EPSG:4490)",
    ),
    "upload.feature_id": ("要素编号", "Feature id"),
    "upload.names_preview": (
        "名称预览（检查是否乱码）",
        "Decoded names (check for garbled text)",
    ),
    "upload.reading": ("读取并检查文件…", "Reading and checking the file…"),
    "upload.step.hash": ("计算文件校验值…", "Hashing the file…"),
    "upload.step.read": ("读取文件…", "Reading the file…"),
    "upload.step.crs": ("转换坐标…", "Converting coordinates…"),
    "upload.step.map": ("对应字段…", "Mapping fields…"),
    "upload.step.check": ("逐要素检查…", "Checking each feature…"),
    "upload.step.done": ("完成", "Done"),
    "upload.read_done": ("检查完成", "Checks finished"),
    "upload.summary": (
        "{n} 个要素：新增 {added}，修改 {changed}，删除 {removed}；"
        "错误 {errors}，警告 {warnings}",
        "{n} features: {added} added, {changed} changed, {removed} removed; "
        "{errors} errors, {warnings} warnings",
    ),
    "upload.report": ("检查报告", "Check report"),
    "upload.no_issues": ("未发现问题。", "No problems found."),
    "upload.download": ("下载报告（CSV）", "Download report (CSV)"),
    "upload.preview": (
        "预览：红色为待导入要素，灰色为图层现有要素",
        "Preview: incoming features in red over the current layer in grey",
    ),
    "upload.preview_incoming": ("待导入要素", "Incoming features"),
    "upload.mapping": ("字段对应", "Field mapping"),
    "upload.mapping_unused": (
        "（不导入，保留在附加属性中）",
        "(not mapped; kept in extra attributes)",
    ),
    "upload.mode": ("写入方式", "Write mode"),
    "upload.mode.append": ("追加", "Append"),
    "upload.mode.replace": ("替换整层", "Replace the layer"),
    "upload.mode.update": ("按编号更新", "Update by id"),
    # not a choice on the upload page; shown in the history's mode column
    "upload.mode.rollback": ("回退", "Roll back"),
    "upload.note": ("说明", "Note"),
    "upload.commit": ("提交", "Commit"),
    "upload.blocked": (
        "存在错误，无法提交。请修正文件后重新上传。",
        "There are errors; fix the file and upload it again before committing.",
    ),
    "upload.committing": ("正在写入…", "Writing…"),
    "upload.committed": (
        "已提交：{layer} 第 {version} 版"
        "（新增 {added}，修改 {changed}，删除 {removed}）",
        "Committed: {layer} version {version} ({added} added, {changed} changed, "
        "{removed} removed)",
    ),
    "upload.conflict_retry": (
        "下方报告已按图层最新版本重新检查；确认无误后可再次提交。",
        "The report below was checked again against the layer's new version; "
        "review it and commit again.",
    ),
    # report columns
    "report.feature": ("要素", "Feature"),
    "report.severity": ("级别", "Severity"),
    "report.code": ("代码", "Code"),
    "report.message": ("说明", "Message"),
    "severity.error": ("错误", "Error"),
    "severity.warning": ("警告", "Warning"),
    "severity.info": ("提示", "Info"),
    # history page
    "history.heading": ("版本历史", "Version history"),
    "history.layer": ("图层", "Layer"),
    "history.version": ("版本", "Version"),
    "history.created_at": ("时间", "Time"),
    "history.author": ("操作人", "Author"),
    "history.mode": ("方式", "Mode"),
    "history.added": ("新增", "Added"),
    "history.changed": ("修改", "Changed"),
    "history.removed": ("删除", "Removed"),
    "history.n_features": ("要素数", "Features"),
    "history.file_name": ("文件", "File"),
    "history.file_hash": ("文件校验值", "File hash"),
    "history.note": ("说明", "Note"),
    "history.rollback_to": ("回退到版本", "Roll back to version"),
    "history.rollback_note": ("回退到第 {to} 版", "rollback to version {to}"),
    "history.rollback": ("回退", "Roll back"),
    "history.confirm": (
        "确认将 {layer} 回退到第 {version} 版（作为新版本保存）",
        "Confirm: roll {layer} back to version {version} (saved as a new version)",
    ),
    "history.rolled_back": (
        "已回退：{layer} 第 {version} 版与第 {to} 版相同",
        "Rolled back: {layer} version {version} equals version {to}",
    ),
    "history.empty": ("此图层还没有版本记录。", "This layer has no versions yet."),
    # issues (params come from geodata.ingest.validation.Issue.params)
    "issue.geometry_missing": ("缺少几何图形", "Geometry is missing"),
    "issue.geometry_empty": ("几何图形为空", "Geometry is empty"),
    "issue.geometry_repaired": (
        "几何图形无效，已自动修复（{reason}）",
        "Invalid geometry repaired ({reason})",
    ),
    "issue.wrong_geometry_type": (
        "几何类型 {found} 不符合本图层（{accepted}）",
        "Geometry type {found} does not fit this layer ({accepted})",
    ),
    "issue.required_missing": (
        "必填属性 {field} 为空",
        "Required attribute {field} is empty",
    ),
    "issue.value_not_allowed": (
        "{field} 的值“{value}”不在允许范围内（{allowed}）",
        "{field} value '{value}' is not allowed ({allowed})",
    ),
    "issue.bad_value": (
        "{field} 的值“{value}”不是有效的 {dtype}",
        "{field} value '{value}' is not a valid {dtype}",
    ),
    "issue.banner_inferred": (
        "旗县区根据位置补为 {banner}",
        "Banner filled in from location: {banner}",
    ),
    "issue.banner_mismatch": (
        "旗县区填写为 {given}，但位置在 {located}",
        "Banner says {given} but the location is in {located}",
    ),
    "issue.duplicate_id": ("要素编号 {id} 重复", "feature_id {id} repeats"),
    "issue.id_exists": (
        "要素编号 {id} 已在图层中；如需修改请用“按编号更新”",
        "feature_id {id} is already in the layer; use 'Update by id' to change it",
    ),
    "issue.id_missing": (
        "按编号更新需要要素编号（feature_id）",
        "Update mode needs a feature_id",
    ),
    "issue.axes_swapped": (
        "坐标（{x}, {y}）在通辽市外；交换 X、Y 后位于市内，可能经纬度写反",
        "({x}, {y}) is outside Tongliao; swapping x and y puts it inside "
        "(longitude and latitude reversed?)",
    ),
    "issue.outside_city": (
        "坐标（{x}, {y}）在通辽市范围外",
        "({x}, {y}) is outside Tongliao",
    ),
    "issue.garbled_text": (
        "{field} 的文字“{value}”疑似乱码，请选择正确的字符编码",
        "{field} text '{value}' looks garbled; choose the right encoding",
    ),
    "issue.same_file": (
        "同一文件已由 {author} 提交为第 {version} 版；再次追加会产生重复要素",
        "The same file was committed by {author} as version {version}; "
        "appending it again duplicates its features",
    ),
    "issue.crs_assumed_lonlat": (
        "文件未声明坐标系，按 WGS84 经纬度读取",
        "No CRS declared; coordinates read as WGS84 lon/lat",
    ),
}
