"""Changes stewards make without a file: a rollback, one feature's sensitivity.

Like a commit, each is a new layer version, limited to the account's banners and
recorded in the audit log.
"""

from __future__ import annotations

from geodata import audit
from geodata.auth.scope import check_commit_scope, check_rollback_scope
from geodata.catalog import FEATURE_ID, SENSITIVITIES, get_layer
from geodata.errors import GeodataError
from geodata.storage import CommitInfo, LayerVersion, Store


def rollback(
    store: Store,
    layer_id: str,
    to_version: int,
    *,
    author: str,
    note: str = "",
    banners: tuple[str, ...] = (),
) -> LayerVersion:
    """Restore ``layer_id`` as it was at ``to_version`` (a new version), audited.

    Raises
    ------
    BannerScopeError
        When the rollback would change a feature outside ``banners``.
    """
    check_rollback_scope(store, layer_id, to_version, user=author, banners=banners)
    version = store.rollback(
        layer_id, to_version, commit=CommitInfo(author=author, note=note)
    )
    audit.record(
        store,
        author,
        "rollback",
        layer=layer_id,
        n=version.added + version.changed + version.removed,
        detail=f"v{version.version} = v{to_version}",
    )
    return version


def set_sensitivity(
    store: Store,
    layer_id: str,
    feature_id: str,
    level: str | None,
    *,
    author: str,
    banners: tuple[str, ...] = (),
) -> LayerVersion:
    """Set one feature's sensitivity (``None``: back to the layer default).

    Raises
    ------
    GeodataError
        When the feature does not exist (``edit.no_feature``) or the level is
        unknown (``edit.bad_sensitivity``).
    BannerScopeError
        When the feature lies outside ``banners``.
    """
    get_layer(layer_id)
    if level is not None and level not in SENSITIVITIES:
        raise GeodataError(
            code="edit.bad_sensitivity", level=level, levels=", ".join(SENSITIVITIES)
        )
    # The version first: a commit landing after the read makes the write conflict.
    base = store.current_version(layer_id)
    current = store.read_layer(layer_id)
    row = current[current[FEATURE_ID] == feature_id]
    if row.empty:
        raise GeodataError(code="edit.no_feature", layer=layer_id, feature=feature_id)
    row = row.copy()
    row["sensitivity"] = level
    check_commit_scope(store, layer_id, row, "update", user=author, banners=banners)
    version = store.write_layer(
        layer_id,
        row,
        mode="update",
        commit=CommitInfo(author=author, note=f"sensitivity={level or '-'}"),
        base_version=base,
    )
    audit.record(
        store,
        author,
        "commit",
        layer=layer_id,
        n=1,
        detail=f"v{version.version} sensitivity {feature_id}={level or '-'}",
    )
    return version
