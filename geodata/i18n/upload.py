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
        "{n} 个要素：新增 {added}，修改 {changed}，未变 {unchanged}，删除 {removed}；"
        "错误 {errors}，警告 {warnings}",
        "{n} features: {added} added, {changed} changed, {unchanged} unchanged, "
        "{removed} removed; {errors} errors, {warnings} warnings",
    ),
    "upload.summary_replace": (
        "{n} 个要素：新增 {added}，替换 {changed}（其中 {unchanged} 个内容未变），"
        "删除 {removed}；错误 {errors}，警告 {warnings}",
        "{n} features: {added} added, {changed} replaced ({unchanged} of them "
        "unchanged), {removed} removed; {errors} errors, {warnings} warnings",
    ),
    "upload.skip_summary": ("跳过 {n} 行：{reasons}", "{n} rows skipped: {reasons}"),
    "upload.values": ("取值对应", "Value mapping"),
    "upload.values_help": (
        "下列取值不在字段的可选范围内。可对应为某个可选值，或保留原值"
        "（保存原文，在地图图例和筛选中显示为“其他”）。",
        "These values are not in the field's list. Map each onto a listed value, "
        "or keep it as given (stored as written, shown as 'other' in legends and "
        "filters).",
    ),
    "upload.value_label": (
        "{field}：“{value}”（{count} 个要素）",
        "{field}: '{value}' ({count} features)",
    ),
    "upload.value_keep": (
        "保留原值（显示为“其他”）",
        "Keep as given (shown as 'other')",
    ),
    "upload.changes": ("将修改的值", "Values this commit changes"),
    "upload.changes_more": (
        "仅列出前 {shown} 处；各字段修改的要素数：{fields}",
        "Only the first {shown} are listed; features changed per field: {fields}",
    ),
    "upload.nothing_to_commit": (
        "文件与图层现有内容完全相同：没有需要提交的修改。",
        "The file is the same as the layer holds now: there is nothing to commit.",
    ),
    "upload.commit_skip": (
        "提交 {valid} 个有效要素，跳过 {skipped} 个有错误的要素",
        "Commit the {valid} valid features, skip the {skipped} with errors",
    ),
    "upload.skip_help": (
        "跳过的行不会写入；新版本会记录跳过了多少行及原因，检查报告列出这些行。",
        "Skipped rows are not written; the new version records how many were "
        "skipped and why, and the report lists them.",
    ),
    "upload.mapping_notes": ("字段对应说明", "Notes on the field mapping"),
    "upload.crs.swap": (
        "（X、Y 互换：X 为北坐标）",
        " (x and y swapped: X is the northing)",
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
    "report.feature": ("行", "Row"),
    "report.label": ("名称或编号", "Name or id"),
    "report.row": ("第 {row} 行", "row {row}"),
    "report.skipped_row": ("{severity}（已跳过）", "{severity} (skipped)"),
    "report.field": ("字段", "Field"),
    "report.old": ("原值", "Old value"),
    "report.new": ("新值", "New value"),
    "report.geometry": ("几何图形", "Geometry"),
    "report.group": (
        "{severity}：{n} 行（{rows}）：{message}",
        "{severity}: {n} rows ({rows}): {message}",
    ),
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
    "history.skipped": ("跳过行数", "Rows skipped"),
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
    "issue.value_kept": (
        "{field} 的值“{value}”不在可选范围内（{allowed}），按原值保存，显示为“其他”；"
        "可在“取值对应”中改为可选值",
        "{field} value '{value}' is not in the list ({allowed}); kept as given and "
        "shown as 'other'; map it onto a listed value under 'Value mapping'",
    ),
    "issue.banner_derived": (
        "旗县区“{given}”无法识别，已根据位置设为 {banner}",
        "Banner '{given}' is not known; set to {banner} from the location",
    ),
    "issue.banner_unknown": (
        "旗县区“{given}”无法识别，且位置不在任何旗县区内（可选：{allowed}）",
        "Banner '{given}' is not known and the location lies in no banner ({allowed})",
    ),
    "issue.admin_parts_disagree": (
        "旗县区、行政区划代码和名称指向不同的旗县区（{found}）；按文件原样保存",
        "Banner, admin code and name point to different banners ({found}); kept "
        "as the file has them",
    ),
    "issue.admin_from_location": (
        "未给出旗县区、代码或名称；按位置识别为 {banner}",
        "No banner, code or name given; identified by location as {banner}",
    ),
    "issue.coordinate_unreadable": (
        "{field} 的值“{value}”不是坐标",
        "{field} value '{value}' is not a coordinate",
    ),
    "issue.coordinates_invalid": (
        "坐标（{x}, {y}）不可能是实际位置（空值、无穷大或超出任何坐标系）",
        "Coordinate ({x}, {y}) cannot be a place (NaN, infinite, or beyond any "
        "coordinate system)",
    ),
    "issue.geometry_unreadable": (
        "几何图形无法读取（已损坏）",
        "Geometry cannot be read (damaged)",
    ),
    "issue.all_outside_city": (
        "全部 {n} 个要素都在通辽市以外：坐标系或文件有误，不能提交",
        "All {n} features lie outside Tongliao: the coordinate system or the file "
        "is wrong, so this cannot be committed",
    ),
    "issue.text_cut_at_nul": (
        "{field} 的文字中含 NUL 字节，读取时在此处被截断；请在原软件中去掉该字符",
        "{field} text holds a NUL byte and is cut there on reading; remove the "
        "character in the source program",
    ),
    "issue.text_nul_removed": (
        "{field} 的文字中含 NUL 字符，已去除",
        "{field} text held a NUL character; removed",
    ),
    "issue.kml_table_columns": (
        "KML 描述中的属性表已读取为列：{columns}",
        "Attribute tables in the KML descriptions read as columns: {columns}",
    ),
    "issue.column_by_values": (
        "列“{column}”的取值符合字段 {field}，已对应",
        "Column '{column}' mapped to {field}: its values fit that field",
    ),
    "issue.column_kept": (
        "列“{column}”的取值不符合字段 {field}，保留为附加属性",
        "Column '{column}' kept as an extra attribute: its values do not fit {field}",
    ),
    "issue.column_cut": (
        "列“{column}”是被截断为 10 字节的字段名，已对应到 {field}",
        "Column '{column}' is a name cut to 10 bytes; mapped to {field}",
    ),
    "issue.column_hint": (
        "列“{column}”未对应任何字段；是否应为 {alias}（{field}）？",
        "Column '{column}' is not mapped; did you mean {alias} ({field})?",
    ),
    "issue.extra_attrs_not_json": (
        "extra_attrs 列不是 JSON，按普通附加属性保存",
        "The extra_attrs column is not JSON; kept as an ordinary extra attribute",
    ),
    "issue.datum_from_columns": (
        "坐标列名表明为 {datum}，已转换为 WGS84",
        "The coordinate column names say {datum}; converted to WGS84",
    ),
    "issue.gcj02_in_file": (
        "文件名“{where}”表明坐标可能是 GCJ-02（高德、腾讯），但按 WGS84 读取；"
        "如是 GCJ-02 请在坐标系中选择它",
        "The file name '{where}' suggests GCJ-02 (Amap, Tencent), but the "
        "coordinates were read as WGS84; if they are GCJ-02, choose it as the CRS",
    ),
    "issue.gcj02_in_column": (
        "列名“{where}”表明坐标可能是 GCJ-02，但按 WGS84 读取；"
        "如是请在坐标系中选择 GCJ-02",
        "The column name '{where}' suggests GCJ-02, but the coordinates were read "
        "as WGS84; if they are, choose GCJ-02 as the CRS",
    ),
    "issue.gcj02_shift": (
        "边界与已存的行政区划相差约 {metres} 米，方向与 GCJ-02 偏移一致：很可能是 "
        "GCJ-02 坐标被当作 WGS84；请在坐标系中选择 GCJ-02",
        "The boundaries sit about {metres} m from the stored admin areas, the way "
        "GCJ-02 shifts them: most likely GCJ-02 read as WGS84; choose GCJ-02 as "
        "the CRS",
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
