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
    # PostGIS (GEODATA_STORE=postgresql://...)
    "error.store.pg_driver": (
        "PostGIS 数据存储需要 psycopg 驱动；请运行 "
        "`pip install 'tongliao-geodata[postgis]'`（或 `python3 dev.py run`，"
        "它会按 GEODATA_STORE 自动安装）后重试。",
        "A PostGIS store needs the psycopg driver; run "
        "`pip install 'tongliao-geodata[postgis]'` (or `python3 dev.py run`, which "
        "installs it when GEODATA_STORE names a PostgreSQL server) and try again",
    ),
    "error.store.pg_unreachable": (
        "无法连接数据库服务器 {path}（{reason}）；请确认服务器已启动、地址和端口正确、"
        "本机可以访问它，然后重试。",
        "Cannot reach the database server {path} ({reason}); check that the server "
        "is running, the host and port are right and this machine may connect, "
        "then try again",
    ),
    "error.store.pg_auth": (
        "数据库服务器拒绝了 {path} 的登录（用户名或密码错误）；请检查 URL 中的用户、"
        "PGPASSWORD 或 ~/.pgpass。",
        "The database server refused the sign-in for {path} (wrong user name or "
        "password); check the user in the URL, PGPASSWORD or ~/.pgpass",
    ),
    "error.store.pg_no_database": (
        "数据库 {path} 不存在；请数据库管理员创建它（`createdb`），"
        "然后运行 `python -m geodata db upgrade`。",
        "The database {path} does not exist; ask its administrator to create it "
        "(`createdb`), then run `python -m geodata db upgrade`",
    ),
    "error.store.pg_missing": (
        "数据库 {path} 中还没有数据存储；运行 `python -m geodata db upgrade` 建表，"
        "再用 `python -m geodata migrate` 迁入现有数据或 `python -m geodata seed` "
        "写入示例数据（首次启动看板也会创建并写入示例数据）。",
        "The database {path} holds no store yet; run `python -m geodata db upgrade` "
        "to create its tables, then `python -m geodata migrate` to move a store in "
        "or `python -m geodata seed` for the sample (the dashboard's first start "
        "also creates it from the sample)",
    ),
    "error.store.pg_nul": (
        "图层 {layer} 第 {row} 行“{column}”列的文字含有空字符（NUL，\\x00），"
        "PostgreSQL 无法保存；请在文件中删去该字符后重新上传。未写入任何内容。",
        "Layer {layer}, row {row}: the text in column {column!r} holds a NUL "
        "character (\\x00), which PostgreSQL cannot store; remove it from the "
        "file and upload again. Nothing was written",
    ),
    "error.store.pg_outdated": (
        "数据库 {path} 中的数据存储结构较旧（版本 {found}，本版本需要 {known}）；"
        "请运行 `python -m geodata db upgrade` 升级（不会丢失数据）。",
        "The store in {path} has an older schema (version {found}; this release "
        "needs {known}); run `python -m geodata db upgrade` to upgrade it (no data "
        "is lost)",
    ),
    "error.store.pg_schema": (
        "数据库 {path} 中的数据存储缺少本版本要用的表或字段；"
        "请运行 `python -m geodata db upgrade` 升级（不会丢失数据）。",
        "The store in {path} lacks a table or column this release uses; run "
        "`python -m geodata db upgrade` to upgrade it (no data is lost)",
    ),
    "error.store.pg_newer": (
        "数据库 {path} 中的数据存储已由更新的版本升级（结构版本 {found}，"
        "本版本只认识到 {known}）；请升级本程序。",
        "The store in {path} was upgraded by a newer release (schema version "
        "{found}; this one knows up to {known}); upgrade this program",
    ),
    "error.store.pg_no_postgis": (
        "数据库 {path} 没有安装 PostGIS 扩展，当前用户也无权安装；"
        "请数据库管理员执行 `CREATE EXTENSION postgis;` 后重试。",
        "The database {path} lacks the PostGIS extension and this user may not "
        "install it; ask its administrator to run `CREATE EXTENSION postgis;`, "
        "then try again",
    ),
    "error.store.pg_no_postgis_package": (
        "数据库服务器 {path} 上没有安装 PostGIS（Debian/Ubuntu："
        "`apt-get install postgresql-15-postgis-3`）；安装后重试。",
        "The database server of {path} has no PostGIS installed (Debian/Ubuntu: "
        "`apt-get install postgresql-15-postgis-3`); install it and try again",
    ),
    "error.store.pg_exists": (
        "数据库 {path} 中已有数据存储；如要替换，请使用 `python -m geodata seed "
        "--force`，或换一个空数据库。",
        "The database {path} already holds a store; use `python -m geodata seed "
        "--force` to replace it, or an empty database",
    ),
    "error.store.pg_standby": (
        "{path} 连接到的是只读服务器（只读副本），本次未保存；保存数据的看板请使用"
        "主服务器（URL 中加 `target_session_attrs=read-write`）。",
        "{path} is connected to a read-only server (a replica), so nothing was "
        "saved; a dashboard that saves must use the primary (add "
        "`target_session_attrs=read-write` to the URL)",
    ),
    "error.store.pg_privilege": (
        "数据库用户无权修改 {path} 中的数据存储，本次未保存；请数据库管理员授予写权限，"
        "或使用有写权限的用户。",
        "The database user may not change the store in {path}, so nothing was "
        "saved; ask the administrator for write access, or use a user that has it",
    ),
    "error.store.pg_full": (
        "数据库服务器 {path} 的磁盘或内存已满，本次未保存任何内容；"
        "请数据库管理员腾出空间后重试。",
        "The database server of {path} is out of disk or memory, so nothing was "
        "saved; ask its administrator to free some room, then try again",
    ),
    "error.store.pg": (
        "数据存储 {path} 无法使用：{reason}",
        "The store {path} cannot be used: {reason}",
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
    "error.store.restore_not_empty": (
        "图层“{layer}”已有 {current} 个版本；迁移只写入新的空数据存储。",
        "Layer {layer!r} already has {current} version(s); a migration writes "
        "only into a new, empty store",
    ),
    "error.store.migrate_target_used": (
        "目标数据存储 {path} 已有数据（图层版本、账户、幻灯片组或指标）；"
        "迁移只写入新的或空的数据存储，请换一个目标。",
        "The target store {path} already holds data (layer versions, accounts, "
        "decks or figures); a migration writes only into a new or empty store, so "
        "choose another target",
    ),
    "error.store.not_transferable": (
        "数据存储 {path} 不支持整体迁移。",
        "The store {path} cannot be moved as a whole",
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
