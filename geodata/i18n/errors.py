"""Text of errors (``error.<code>``): what went wrong and what to do, zh and en.

Each capability may keep its errors beside its other texts; these are the ones
shared by every page and the command line.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the defaults of each class, for a raise that names no code of its own
    "error.geodata": ("出现错误。", "Something went wrong."),
    "error.config": ("配置有误。", "A setting is wrong."),
    "error.catalog": ("图层目录有误。", "The layer catalog is wrong."),
    "error.catalog.unknown_layer": (
        "没有图层“{layer}”；可用图层：{known}",
        "Layer {layer!r} is not in the catalog; known layers: {known}",
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
}
