"""Text of the command line (``python -m geodata``), in GEODATA_LANG or ``--lang``."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.error": ("错误：{message}", "Error: {message}"),
    "cli.see_help": ("（参见 '{command} --help'）", " (see '{command} --help')"),
    "cli.aborted": ("已取消。", "Aborted."),
    "cli.output_is_folder": (
        "{path} 是文件夹；请给出要写入的文件名。",
        "{path} is a folder; give a file name to write",
    ),
    "cli.no_folder": (
        "文件夹 {path} 不存在；请先创建。",
        "Folder {path} does not exist; create it first",
    ),
    "cli.cannot_write": ("无法写入 {path}：{reason}", "Cannot write {path}: {reason}"),
    "cli.cannot_make_folder": (
        "无法创建文件夹 {path}：{reason}",
        "Cannot create folder {path}: {reason}",
    ),
    "cli.wrote_bytes": ("已写入 {path}（{n} 字节）", "wrote {path} ({n} bytes)"),
    "cli.wrote_pages": ("已写入 {path}（{n} 页）", "wrote {path} ({n} pages)"),
    "cli.wrote_pngs": (
        "已向 {folder} 写入 {n} 个 PNG 文件",
        "wrote {n} PNG files to {folder}",
    ),
    "cli.building_font": (
        "正在生成中文字体（仅首次，约一分钟）",
        "building the Chinese font once (about a minute)",
    ),
    "cli.stdout_formats": (
        "--output - 仅适用于 {formats}",
        "--output - works for {formats} only",
    ),
    "cli.bad_banner": (
        "{name!r} 不是旗县区；可用：{banners}（也可用英文名或行政区划代码）",
        "{name!r} is not a banner; use one of {banners} "
        "(English names and admin codes work too)",
    ),
    "cli.tianditu_key": (
        "--basemap tianditu 需要天地图密钥：请设置 GEODATA_TIANDITU_KEY，"
        "或使用 --basemap offline",
        "--basemap tianditu needs a Tianditu key: set GEODATA_TIANDITU_KEY, "
        "or use --basemap offline",
    ),
    "cli.rolled_back": (
        "{layer} 版本 {version} 恢复了版本 {to}（{n} 个要素）",
        "{layer} version {version} restores version {to} ({n} features)",
    ),
    "cli.json_or_csv": (
        "--json 与 --csv 只能选一个",
        "--json and --csv exclude each other; choose one",
    ),
    "cli.password": ("密码", "Password"),
    "cli.user_saved": ("用户 {name}（{role}）已保存", "user {name} ({role}) saved"),
    "cli.user_removed": ("用户 {name} 已删除", "user {name} removed"),
    "cli.no_user": (
        "没有用户 {name!r}；参见 `python -m geodata user list`",
        "No user {name!r}; see `python -m geodata user list`",
    ),
    "cli.seed_deleting": (
        "将删除：{accounts} 个账户、{decks} 个编辑过或新增的幻灯片组、"
        "{versions} 个图层版本（{layers}）",
        "deleting {accounts} account(s), {decks} edited or added deck(s), "
        "{versions} layer version(s) ({layers})",
    ),
    "cli.seeded": ("已用示例数据创建 {path}", "seeded {path}"),
    "cli.db_gpkg": (
        "{path} 是 GeoPackage：打开时自动补全表，已是最新。",
        "{path} is a GeoPackage, which brings its tables up to date when opened: "
        "up to date",
    ),
    "cli.db_created": (
        "已创建数据存储的表（结构版本 {version}）；"
        "接下来用 `geodata migrate` 迁入数据或 `geodata seed` 写入示例数据",
        "created the store's tables (schema version {version}); next, "
        "`geodata migrate` a store in or `geodata seed` the sample",
    ),
    "cli.db_current": (
        "数据存储结构已是最新（版本 {version}）",
        "the store's schema is up to date (version {version})",
    ),
    "cli.db_upgraded": (
        "数据存储结构已从版本 {before} 升级到 {version}",
        "upgraded the store's schema from version {before} to {version}",
    ),
    "cli.migrate.layer": ("图层", "layer"),
    "cli.migrate.rows": ("行（含历史）", "rows (with history)"),
    "cli.migrate.current": ("当前要素", "current"),
    "cli.migrate.versions": ("版本", "versions"),
    "cli.migrate.check": ("核对", "check"),
    "cli.migrate.differs": ("不一致", "DIFFERS"),
    "cli.migrate.documents": (
        "文档（账户、幻灯片组等）",
        "documents (accounts, decks...)",
    ),
    "cli.migrate.indicators": ("指标", "figures"),
    "cli.migrate_mismatch": (
        "迁移后核对不一致：{target} 与源数据不同（见上表）；请勿使用该目标",
        "The check after migrating found differences: {target} does not match the "
        "source (see the table above); do not use it",
    ),
    "cli.migrated": (
        "已把 {source} 迁移到 {target}：数量与哈希一致",
        "migrated {source} to {target}: counts and hashes match",
    ),
}
