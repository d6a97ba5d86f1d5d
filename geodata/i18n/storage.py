"""Text of the store's errors (``error.store.*``): the cause and what to do, zh and en.

``{path}`` is the store's label (a path, or a URL without its password). A
``{layer}`` parameter is shown as the layer's title (see ``render_error``).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # opening
    "error.store.missing": (
        "数据存储 {path} 不存在；运行 `python -m geodata seed` 用示例数据创建它，"
        "或启动看板（首次启动时自动创建）。",
        "Store file {path} does not exist; run `python -m geodata seed` to create it "
        "from the sample data, or start the dashboard, which creates it on first start",
    ),
    "error.store.folder": (
        "数据存储位置 {path} 是一个文件夹；请给出数据存储的 .gpkg 文件。",
        "Store location {path} is a folder; give the store's .gpkg file",
    ),
    "error.store.unknown_scheme": (
        "数据存储位置 {location} 的协议“{scheme}”无法识别；"
        "请使用 .gpkg 路径或 gpkg:///path/to/file.gpkg。",
        "Store location {location} has unknown scheme {scheme!r}; "
        "use a .gpkg path or gpkg:///path/to/file.gpkg",
    ),
    "error.store.postgis_unavailable": (
        "此版本尚不支持 PostGIS 数据存储；请把 GEODATA_STORE 设为 .gpkg 文件路径。",
        "The PostGIS backend is not available in this version; "
        "set GEODATA_STORE to a .gpkg path",
    ),
    "error.store.exists": (
        "无法创建数据存储 {path}：文件已存在。",
        "Cannot create store {path}: the file exists",
    ),
    "error.store.create_failed": (
        "无法创建数据存储 {path}：{reason}",
        "Cannot create the store {path}: {reason}",
    ),
    # another writer
    "error.store.locked": (
        "另一位数据管理员正在向 {path} 保存数据，“{layer}”未能保存；请稍后再试。",
        "Another steward is saving to {path}, so layer {layer!r} was not saved; "
        "try again in a moment",
    ),
    "error.store.busy": (
        "另一位数据管理员正在向 {path} 保存数据；请稍后再试。",
        "Another steward is saving to {path} right now; try again in a moment",
    ),
    # the disk
    "error.store.full": (
        "存放数据存储 {path} 的磁盘已满，本次未保存任何内容；"
        "请清理磁盘空间（或把数据存储移到空间充足的磁盘）后重试。",
        "The disk holding the store {path} is full, so nothing was saved; free some "
        "space on it (or move the store to a disk with room) and try again",
    ),
    "error.store.read_only": (
        "数据存储 {path} 是只读的（文件、所在文件夹或磁盘），本次未保存；"
        "请申请写权限，或把它复制到可写的文件夹并把 GEODATA_STORE 指向副本。",
        "The store {path} is read-only (the file, its folder or the disk), so nothing "
        "was saved; ask for write access, or copy the store to a writable folder and "
        "point GEODATA_STORE at the copy",
    ),
    "error.store.read_only_folder": (
        "数据存储 {path} 所在的文件夹是只读的：SQLite 保存时须在旁边创建日志文件。"
        "请申请该文件夹的写权限，或把数据存储移到可写的文件夹。",
        "The folder holding the store {path} is read-only: SQLite creates a journal "
        "file beside the store to save safely. Ask for write access to the folder, "
        "or move the store to a writable folder",
    ),
    "error.store.io": (
        "读写数据存储 {path} 时磁盘出错（{reason}）；请检查磁盘或网络共享后重试。",
        "Reading or writing the store {path} failed at the disk ({reason}); check the "
        "disk or network share, then try again",
    ),
    # the file itself
    "error.store.damaged": (
        "数据存储 {path} 已损坏（SQLite 报告数据库格式错误）；请从备份恢复，"
        "或将其移走后运行 `python -m geodata seed` 以示例数据重新开始。",
        "The store {path} is damaged (SQLite reports a malformed database); restore "
        "it from a backup, or move it away and run `python -m geodata seed` to start "
        "again from the sample",
    ),
    "error.store.truncated": (
        "数据存储 {path} 不完整（只有 {size} 字节，应为 {expected} 字节），"
        "可能是复制或下载中断所致；请重新复制，或从备份恢复。",
        "The store {path} is cut short ({size} of {expected} bytes), as after an "
        "interrupted copy or download; copy it again, or restore it from a backup",
    ),
    "error.store.empty_file": (
        "数据存储文件 {path} 是空的（0 字节），可能是复制中断或磁盘已满所致，"
        "系统未改动它；请从备份恢复，或删除后运行 `python -m geodata seed`。",
        "The store file {path} is empty (0 bytes), as after an interrupted copy or a "
        "full disk, and was left as it is; restore it from a backup, or delete it "
        "and run `python -m geodata seed`",
    ),
    "error.store.not_geopackage": (
        "{path} 不是 GeoPackage 数据存储；"
        "请检查 GEODATA_STORE 或 --store，从备份恢复该文件，"
        "或将其移走后运行 `python -m geodata seed`。",
        "{path} is not a GeoPackage store; check "
        "GEODATA_STORE or --store, restore the file from a backup, or move it away "
        "and run `python -m geodata seed`",
    ),
    "error.store.not_a_store": (
        "{path} 是 GeoPackage，但不是本看板的数据存储（没有图层版本记录）；"
        "请把 GEODATA_STORE 或 --store 指向数据存储文件。",
        "{path} is a GeoPackage but not this dashboard's store (it has no layer "
        "version log); point GEODATA_STORE or --store at the store file",
    ),
    "error.store.sqlite": (
        "数据存储 {path} 无法使用：{reason}",
        "The store {path} cannot be used: {reason}",
    ),
    # what a write asks for
    "error.store.bad_mode": (
        "写入方式“{mode}”无效；"
        "请使用 append（追加）、replace（替换）或 update（更新）。",
        "Write mode {mode!r} unknown; use append, replace or update",
    ),
    "error.store.ids_exist": (
        "{n} 个导入要素的编号已存在于“{layer}”中（如 {example}）；"
        "要修改这些要素请使用 update（更新）方式。",
        "{n} incoming feature ids already exist in {layer!r} (e.g. {example!r}); "
        "use mode 'update' to change them",
    ),
    "error.store.ids_repeat": (
        "导入数据的 {column} 有重复值；每个值必须唯一。",
        "Incoming {column} values repeat; each must be unique",
    ),
    "error.store.no_column": (
        "图层“{layer}”没有字段“{column}”；可用字段：{columns}",
        "Layer {layer!r} has no column {column!r}; columns: {columns}",
    ),
    "error.store.indicator_columns": (
        "指标表缺少列：{missing}",
        "Indicator table lacks columns: {missing}",
    ),
    "error.store.rollback_range": (
        "图层“{layer}”的版本为 1 至 {current}；无法回退到版本 {to}。",
        "Layer {layer!r} has versions 1 to {current}; cannot roll back to {to}",
    ),
    "error.store.rollback_empty": (
        "图层“{layer}”还没有任何版本，无可回退。",
        "Layer {layer!r} has no versions yet; there is nothing to roll back to",
    ),
    "error.store.conflict.layer": (
        "图层“{layer}”已更新到版本 {current}，而您的修改基于版本 {base}；"
        "请查看新版本后重新提交。",
        "Layer {layer!r} moved on to version {current} while your change was "
        "prepared against version {base}; review the new version and apply again",
    ),
    "error.store.conflict.document": (
        "{kind}“{document}”已被他人修改"
        "（当前修订 {current}，您编辑的是修订 {expected}）；请重新加载后再操作。",
        "{kind} {document!r} was changed by someone else (revision {current}, "
        "you edited revision {expected}); reload and apply again",
    ),
    # seeding (geodata.seeding, at the edges)
    "error.store.seed_refused": (
        "数据存储 {path} 含有 {accounts} 个账户、{decks} 个编辑过或新增的幻灯片组、"
        "{versions} 个示例之外的图层版本；如要删除它们并以示例数据替换，请加 --force。",
        "Store {path} holds {accounts} account(s), {decks} edited or added deck(s) "
        "and {versions} layer version(s) beyond the sample; pass --force to delete "
        "them and replace the store with the sample",
    ),
    "error.store.sample_missing": (
        "示例数据文件 {path} 缺失；请运行 `python -m geodata.sample.build`。",
        "Sample file {path} is missing; run `python -m geodata.sample.build`",
    ),
}
