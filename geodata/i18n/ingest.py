"""Text of the errors ingest raises (``error.ingest.*``): the cause and what to do.

Parameters come from the raise in ``geodata/ingest/``; ``reason`` is the
library's own wording (GDAL, zipfile, pandas), quoted as a detail.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the upload as a whole
    "error.ingest.empty": (
        "文件“{name}”是空的；请上传完整的文件。",
        "File {name!r} is empty; upload the full file",
    ),
    "error.ingest.too_large": (
        "文件“{name}”有 {size_mb:.1f} MB，超过上限 {limit_mb:.0f} MB"
        "（GEODATA_MAX_UPLOAD_MB）。",
        "File {name!r} is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB "
        "(GEODATA_MAX_UPLOAD_MB)",
    ),
    "error.ingest.xls": (
        "“{name}”是旧版 .xls 工作簿；请在 Excel 中另存为 .xlsx 后重新上传。",
        "{name!r} is an old .xls workbook; save it as .xlsx and upload again",
    ),
    "error.ingest.no_extension": (
        "文件“{name}”没有扩展名，无法判断格式；可接受：{accepted}",
        "File {name!r} has no extension to tell its format; accepted: {accepted}",
    ),
    "error.ingest.unsupported_type": (
        "不支持“{name}”的文件类型 {suffix}；可接受：{accepted}",
        "File type {suffix!r} of {name!r} is not supported; accepted: {accepted}",
    ),
    # archives
    "error.ingest.archive.not_zip": (
        "“{name}”不是 zip 压缩包；请上传真正的 .zip 文件，或按文件的实际格式"
        "改正扩展名。",
        "{name!r} is not a zip archive; upload a real .zip, or give the file the "
        "extension of its actual format",
    ),
    # zipfile's own words ("File is not a zip file") would contradict the advice
    "error.ingest.archive.damaged": (
        "压缩包“{name}”已损坏或不完整，可能在下载或复制时被截断；请重新上传完整的文件。",
        "Zip archive {name!r} is damaged or incomplete; it may have been truncated "
        "in download or copy, upload the full file again",
    ),
    "error.ingest.archive.absolute_path": (
        "压缩包中的“{member}”使用绝对路径；已拒绝此压缩包。",
        "Archive member {member!r} has an absolute path; refusing the archive",
    ),
    "error.ingest.archive.outside": (
        "压缩包中的“{member}”指向压缩包之外（“..”）；已拒绝此压缩包。",
        "Archive member {member!r} points outside the archive ('..'); refusing "
        "the archive",
    ),
    "error.ingest.archive.too_many_members": (
        "压缩包有 {n} 个条目，最多接受 {limit} 个。",
        "Archive has {n} entries; at most {limit} are accepted",
    ),
    "error.ingest.archive.bomb": (
        "压缩包中的“{member}”由 {compressed:,} 字节解压为 {size:,} 字节"
        "（超过 {ratio:.0f} 倍）：疑似压缩炸弹，已拒绝。",
        "Archive member {member!r} expands {size:,} bytes from {compressed:,} "
        "(more than {ratio:.0f}x): refusing a possible zip bomb",
    ),
    "error.ingest.archive.too_large": (
        "压缩包解压后将有 {size_mb:.0f} MB，上限为 {limit_mb:.0f} MB。",
        "Archive would expand to {size_mb:.0f} MB; the limit is {limit_mb:.0f} MB",
    ),
    "error.ingest.archive.expands": (
        "压缩包“{name}”解压后超过其声明的大小：疑似压缩炸弹，已拒绝。",
        "Archive {name!r} expands beyond its declared size; refusing a possible "
        "zip bomb",
    ),
    "error.ingest.archive.member_damaged": (
        "无法读取压缩包中的“{member}”（{reason}）；压缩包可能已损坏或被截断，"
        "请重新上传。",
        "Archive member {member!r} cannot be read ({reason}); the archive may be "
        "damaged or truncated, upload it again",
    ),
    "error.ingest.archive.member_unsupported": (
        "压缩包中的“{member}”有密码或使用了不支持的压缩方式；请不加密码、"
        "用普通 zip（Deflate）重新压缩后上传。",
        "Archive member {member!r} has a password or a compression this app cannot "
        "read; zip it again without a password, with ordinary (Deflate) compression",
    ),
    "error.ingest.archive.member_unwritable": (
        "无法解压压缩包中的“{member}”（{reason}）。",
        "Cannot extract archive member {member!r} ({reason})",
    ),
    "error.ingest.archive.empty": (
        "压缩包“{name}”是空的。",
        "Archive {name!r} is empty",
    ),
    "error.ingest.archive.no_kml": (
        "KMZ 文件“{name}”中没有 .kml 文档。",
        "KMZ {name!r} holds no .kml document",
    ),
    "error.ingest.archive.no_dataset": (
        "压缩包“{name}”中没有唯一的矢量数据集（.shp、.gpkg、.geojson、.kml、.csv、"
        ".xlsx）；其中有：{found}",
        "Archive {name!r} holds no single vector dataset (.shp, .gpkg, .geojson, "
        ".kml, .csv, .xlsx); found: {found}",
    ),
    "error.ingest.archive.no_member": (
        "压缩包中没有 Shapefile“{member}”；其中有：{members}",
        "Archive has no shapefile {member!r}; it holds: {members}",
    ),
    "error.ingest.archive.choose_member": (
        "压缩包中有 {n} 个 Shapefile（{members}）；"
        "请选择其一（命令行：--member 名称）。",
        "Archive holds {n} shapefiles ({members}); choose one (--member NAME)",
    ),
    # shapefile parts
    "error.ingest.sidecar.bare_shp": (
        "“{name}”只是单独的 .shp；请把 .shp 与同名的 .shx、.dbf、.prj 一起压缩为 "
        ".zip 后上传。",
        "{name!r} is a bare .shp; upload a .zip holding the .shp with its .shx, "
        ".dbf and .prj",
    ),
    "error.ingest.sidecar.dbf": (
        "Shapefile“{shp}”缺少 .dbf 文件（属性表）；请把 {part} 加入压缩包后重新上传。",
        "Shapefile {shp!r} lacks its .dbf file (attributes); add {part} to the zip "
        "and upload again",
    ),
    "error.ingest.sidecar.shx": (
        "Shapefile“{shp}”缺少 .shx 文件（图形索引）；"
        "请把 {part} 加入压缩包后重新上传。",
        "Shapefile {shp!r} lacks its .shx file (shape index); add {part} to the zip "
        "and upload again",
    ),
    # reading
    "error.ingest.gpkg_unreadable": (
        "“{name}”不是可读取的 GeoPackage（{reason}）。",
        "{name!r} is not a readable GeoPackage ({reason})",
    ),
    "error.ingest.gpkg_view": (
        "GeoPackage“{name}”中只有视图（{views}）：视图是保存的查询，不是存储的要素，"
        "可能无限展开，不予读取。请在 QGIS 中将其“另存为”普通图层后上传。",
        "GeoPackage {name!r} holds only views ({views}): a view is a saved query, "
        "not stored features, and may expand without end, so it is not read. Save "
        "it as an ordinary layer in QGIS (Export > Save Features As) and upload that",
    ),
    "error.ingest.gpkg_no_layers": (
        "GeoPackage“{name}”中没有带几何图形的图层。",
        "GeoPackage {name!r} holds no layer with geometry",
    ),
    "error.ingest.xlsx_unreadable": (
        "“{name}”不是可读取的 .xlsx 工作簿（{reason}）。",
        "{name!r} is not a readable .xlsx workbook ({reason})",
    ),
    "error.ingest.csv_unreadable": (
        "“{name}”不是可读取的 CSV 表格（{reason}）。",
        "{name!r} is not a readable CSV table ({reason})",
    ),
    "error.ingest.unreadable": (
        "无法读取“{name}”：{reason}",
        "Cannot read {name!r}: {reason}",
    ),
    "error.ingest.undecodable": (
        "“{name}”中的文字无法按 {encoding} 解码（{reason}）；请选择其他字符编码。"
        "Shapefile 中超过 10 个字节的中文字段名会在字符中间被截断："
        "请在原软件中缩短字段名。",
        "Text in {name!r} does not decode as {encoding} ({reason}); choose another "
        "encoding. In a shapefile, a Chinese column name longer than 10 bytes is "
        "cut mid-character: shorten it in the source program",
    ),
    "error.ingest.memory_budget": (
        "读取并检查“{name}”约需 {need_mb:,.0f} MB 内存，超过每次上传的上限 "
        "{limit_mb:,.0f} MB；请把数据分成几个文件上传。",
        "Reading and checking {name!r} would take about {need_mb:,.0f} MB of memory; "
        "an upload may take {limit_mb:,.0f} MB. Split the data into several files",
    ),
    "error.ingest.too_many_features": (
        "“{name}”中的要素超过每次上传的上限 {limit:,} 个；请把数据分成几个文件上传。",
        "{name!r} holds more than {limit:,} features, the most one upload may "
        "hold; split the data into several files",
    ),
    "error.ingest.encoding_unclean": (
        "按 {encoding} 读取“{name}”会得到私用区或替换字符（乱码），而按 {clean} "
        "读取则正常；请选择 {clean}（命令行 --encoding {clean}）。",
        "Read as {encoding}, {name!r} gives private-use or replacement characters "
        "(garbled text), while {clean} reads it clean; choose {clean} "
        "(--encoding {clean})",
    ),
    "error.ingest.no_features": (
        "“{name}”中没有要素。",
        "{name!r} holds no features",
    ),
    "error.ingest.no_xy_columns": (
        "“{name}”没有坐标列；请将列命名为 经度/纬度、lon/lat、x/y"
        "（可带坐标系后缀，如 lng_GCJ02、经度_wgs84），或提供 WKT 列"
        "（现有列：{found}）。",
        "{name!r} has no coordinate columns; name them lon/lat, x/y or 经度/纬度 "
        "(a datum suffix such as lng_GCJ02 or Lat_WGS84 is understood), or give a "
        "WKT column (found: {found})",
    ),
    "error.ingest.choose_sublayer": (
        "GeoPackage 中有 {n} 个图层（{sublayers}）；"
        "请选择其一（命令行：--sublayer 名称）。",
        "GeoPackage holds {n} layers ({sublayers}); choose one (--sublayer NAME)",
    ),
    "error.ingest.no_sublayer": (
        "文件中没有“{sublayer}”；其中有：{sublayers}",
        "{sublayer!r} not in the file; it holds: {sublayers}",
    ),
    # coordinate systems
    "error.ingest.crs_unknown": (
        "无法识别坐标系“{choice}”；请使用 EPSG:NNNN（如 CGCS2000 3° 带中央经线 120°E "
        "为 EPSG:4549）、wgs84、gcj02 或 bd09。",
        "CRS {choice!r} not understood; use EPSG:NNNN (e.g. EPSG:4549 for CGCS2000 "
        "3° GK CM 120E), wgs84, gcj02 or bd09",
    ),
    "error.ingest.crs_shift_not_lonlat": (
        "选择了 {choice}，但“{name}”的坐标不是经纬度。",
        "{choice} was chosen but {name!r} is not in lon/lat",
    ),
    "error.ingest.crs_missing.likely": (
        "“{name}”未声明坐标系，且坐标不是经纬度；可能是：{likely}。"
        "请确认其一（上传页面中选择，或命令行 --crs EPSG:NNNN）。",
        "{name!r} declares no coordinate system and its coordinates are not "
        "lon/lat; likely: {likely}. Confirm one (on the upload page, or "
        "--crs EPSG:NNNN)",
    ),
    "error.ingest.crs_missing.none_fits": (
        "“{name}”未声明坐标系，且没有哪个坐标系能把这些坐标放在中国境内；"
        "请向数据提供方确认坐标系（命令行 --crs EPSG:NNNN）。",
        "{name!r} declares no coordinate system and no known one puts its "
        "coordinates in China; ask the data's provider which it is "
        "(--crs EPSG:NNNN)",
    ),
    "error.ingest.crs_choice_does_not_fit": (
        "按所选坐标系 {crs} 换算，“{name}”的要素没有一个落在通辽市；"
        "这些坐标符合 {fits}。请改选该坐标系"
        "（X↔Y 表示交换 X、Y：测量坐标中 X 为北坐标）。",
        "Under the chosen {crs}, not one feature of {name!r} lands in Tongliao; "
        "the coordinates fit {fits}. Choose that one instead (X↔Y means x and y "
        "swapped: a surveyor's X is the northing)",
    ),
    "error.ingest.crs_declared_does_not_fit": (
        "“{name}”声明的坐标系 {crs} 使所有要素都落在通辽市以外；这些坐标符合 "
        "{fits}。请在上传页面改选该坐标系（命令行 --crs）。",
        "{name!r} declares {crs}, which puts every feature outside Tongliao; the "
        "coordinates fit {fits}. Choose that one on the upload page (--crs)",
    ),
    # the pipeline
    "error.ingest.value_map_target": (
        "无法把 {field} 的值“{value}”对应为“{target}”：它不是该字段的可选值"
        "（可选：{allowed}）。",
        "Cannot map {field} value {value!r} to {target!r}: not one of the field's "
        "values ({allowed})",
    ),
    "error.ingest.field_unknown": (
        "无法把列“{column}”对应到“{field}”：本图层没有这个字段（字段：{fields}）。",
        "Cannot map column {column!r} to {field!r}: the layer has no such field "
        "(fields: {fields})",
    ),
    "error.ingest.column_unknown": (
        "文件中没有列“{column}”（现有列：{columns}）。",
        "The file has no column {column!r} (columns: {columns})",
    ),
    "error.ingest.nothing_to_commit": (
        "“{name}”与图层现有内容完全相同，无需提交。",
        "{name!r} is the same as the layer holds now; there is nothing to commit",
    ),
    "error.ingest.mode_unknown": (
        "未知的写入方式“{mode}”；可用：{modes}",
        "Mode {mode!r} unknown; use {modes}",
    ),
    "error.ingest.report_has_errors": (
        "“{name}”有 {n} 处错误，未写入；请修正文件后重新检查，"
        "或跳过有错误的行、只提交其余的行（命令行 --skip-invalid）。",
        "{n} errors in {name!r}; nothing written. Fix the file and check it again, "
        "or skip the rows with errors and commit the rest (--skip-invalid)",
    ),
    # python -m geodata ingest: its own lines on stderr
    "cli.ingest.bad_encoding": (
        "“{value}”不是 Python 认识的字符编码；可试 GB18030、UTF-8 或 BIG5",
        "{value!r} is not a text encoding Python knows; try GB18030, UTF-8 or BIG5",
    ),
    "cli.ingest.dry_run": ("试运行：未写入任何内容", "dry run: nothing written"),
    "cli.ingest.nothing": (
        "与图层现有内容相同：未写入新版本",
        "the same as the layer holds: no version written",
    ),
    "cli.ingest.skipped": (
        "跳过 {n} 行有错误的数据（{reasons}）",
        "skipped {n} rows with errors ({reasons})",
    ),
    "cli.ingest.bad_pair": (
        "“{value}”的格式不对；应为 {form}",
        "{value!r} is not in the form {form}",
    ),
    "cli.ingest.committed": (
        "已提交 {layer} 第 {version} 版：新增 {added}，修改 {changed}，删除 {removed}",
        "committed {layer} version {version}: {added} added, {changed} changed, "
        "{removed} removed",
    ),
}
