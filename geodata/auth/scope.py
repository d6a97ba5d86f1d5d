"""Stewards per banner: a limited account changes only its banners' features.

Each banner's double-support office keeps its own data. An account limited to
some banners (``User.banners``) may add, change or remove only features whose
banner is one of them, before and after the change; a commit or rollback that
touches any other feature is refused as a whole, naming the rows, and nothing is
written. An account without banners may change every banner.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

import geopandas as gpd

from geodata.catalog import FEATURE_ID
from geodata.errors import BannerScopeError
from geodata.storage import Store

#: Rows named in the refusal at most (the page lists them all).
_NAMED = 10


@dataclass(frozen=True)
class OutsideRow:
    """A feature a change would touch outside the account's banners.

    ``row`` is the 1-based row of the uploaded file (``None`` for a stored
    feature the change would remove or roll back); ``change`` is ``add``,
    ``change`` or ``remove``.
    """

    change: str
    row: int | None
    name: str
    banner: str

    def label(self) -> str:
        """A short, language-neutral line for the refusal ("#3 名称 [奈曼旗]")."""
        where = f"#{self.row} " if self.row is not None else ""
        return f"{where}{self.name} [{self.banner or '-'}]"


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value)


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    return frame[name].tolist() if name in frame else [None] * len(frame)


def outside_rows(
    current: pd.DataFrame,
    incoming: pd.DataFrame,
    mode: str,
    banners: Sequence[str],
) -> list[OutsideRow]:
    """The features a write of ``incoming`` in ``mode`` touches outside ``banners``.

    ``current`` holds the layer's current ``feature_id``, ``name`` and ``banner``.

    Examples
    --------
    >>> import pandas as pd
    >>> now = pd.DataFrame({"feature_id": ["a", "b"], "name": ["甲", "乙"],
    ...                     "banner": ["奈曼旗", "库伦旗"]})
    >>> new = pd.DataFrame({"feature_id": ["a", None], "name": ["甲", "丙"],
    ...                     "banner": ["奈曼旗", "库伦旗"]})
    >>> [r.label() for r in outside_rows(now, new, "append", ["奈曼旗"])]
    ['#2 丙 [库伦旗]']
    >>> [r.change for r in outside_rows(now, new.iloc[:1], "replace", ["奈曼旗"])]
    ['remove']
    """
    if not banners:
        return []
    allowed = set(banners)
    before = dict(
        zip(_column(current, FEATURE_ID), _column(current, "banner"), strict=True)
    )
    names = dict(
        zip(_column(current, FEATURE_ID), _column(current, "name"), strict=True)
    )
    out = []
    ids = _column(incoming, FEATURE_ID)
    rows = zip(ids, _column(incoming, "name"), _column(incoming, "banner"), strict=True)
    # Row numbers are the file's: a prepared frame keeps its rows' positions as its
    # index when rows were skipped or left out as unchanged.
    numbers = (
        incoming.index + 1
        if pd.api.types.is_integer_dtype(incoming.index)
        else range(1, len(incoming) + 1)
    )
    for i, (fid, name, banner) in zip(numbers, rows, strict=True):
        known = fid is not None and fid == fid and fid in before
        old = before.get(fid) if known else None
        if banner not in allowed or (known and old not in allowed):
            shown = banner if banner not in allowed else old
            out.append(
                OutsideRow(
                    "change" if known else "add", int(i), _text(name), _text(shown)
                )
            )
    if mode == "replace":
        kept = {fid for fid in ids if fid is not None}
        out += [
            OutsideRow("remove", None, _text(names[fid]), _text(banner))
            for fid, banner in before.items()
            if fid not in kept and banner not in allowed
        ]
    return out


def _refuse(user: str, banners: Sequence[str], rows: list[OutsideRow]) -> None:
    if not rows:
        return
    named = "; ".join(r.label() for r in rows[:_NAMED])
    if len(rows) > _NAMED:
        named += f"; … (+{len(rows) - _NAMED})"
    raise BannerScopeError(
        code="auth.outside_banners",
        name=user,
        banners="、".join(banners),
        n=len(rows),
        rows=named,
        outside=tuple(rows),
    )


def check_commit_scope(
    store: Store,
    layer_id: str,
    incoming: gpd.GeoDataFrame,
    mode: str,
    *,
    user: str,
    banners: Sequence[str],
) -> None:
    """Refuse a commit that touches a feature outside ``banners``.

    Raises
    ------
    BannerScopeError
        Naming the rows (``exc.params["outside"]`` holds them all).
    """
    if not banners:
        return
    current = store.read_layer(layer_id, columns=("name", "banner"))
    _refuse(user, banners, outside_rows(current, incoming, mode, banners))


def _records(frame: gpd.GeoDataFrame) -> dict[str, str]:
    """Each feature's full content as text, keyed by id (to see what differs)."""
    table = frame.drop(columns=frame.geometry.name).astype(object)
    table = table.where(table.notna(), None)
    wkb = frame.geometry.to_wkb(hex=True).tolist()
    return {
        str(row[FEATURE_ID]): json.dumps(row, default=str, sort_keys=True) + geom
        for row, geom in zip(table.to_dict("records"), wkb, strict=True)
    }


def check_rollback_scope(
    store: Store, layer_id: str, to_version: int, *, user: str, banners: Sequence[str]
) -> None:
    """Refuse a rollback that would change a feature outside ``banners``.

    A feature counts when it differs between now and ``to_version`` and its
    banner, in either version, is not one of ``banners``.
    """
    if not banners:
        return
    allowed = set(banners)
    now = store.read_layer(layer_id)
    then = store.read_layer(layer_id, version=to_version)
    before, after = _records(now), _records(then)
    banner_now = dict(zip(now[FEATURE_ID].astype(str), now["banner"], strict=True))
    banner_then = dict(zip(then[FEATURE_ID].astype(str), then["banner"], strict=True))
    name_of = {
        **dict(zip(then[FEATURE_ID].astype(str), then["name"], strict=True)),
        **dict(zip(now[FEATURE_ID].astype(str), now["name"], strict=True)),
    }
    rows = []
    for fid in sorted(before.keys() | after.keys()):
        if before.get(fid) == after.get(fid):
            continue
        seen = [d[fid] for d in (banner_now, banner_then) if fid in d]
        if all(b in allowed for b in seen):
            continue
        change = "add" if fid not in before else "change"
        if fid not in after:
            change = "remove"
        shown = next((b for b in seen if b not in allowed), None)
        rows.append(OutsideRow(change, None, _text(name_of[fid]), _text(shown)))
    _refuse(user, banners, rows)
