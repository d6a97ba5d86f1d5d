"""The audit log: who did what, when, to how many features, for which audience.

Entries are store documents of kind ``audit`` keyed by their UTC time (to the
microsecond) and a random suffix, so keys sort by time and two entries written
at once never collide. Nothing edits or deletes an entry. Recorded: every
sign-in and failed sign-in, sign-out, commit, rollback, deck change, account
change, and every export of internal or restricted data (files made for a
signed-in audience that hold features the public may not see exactly).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import pandas as pd

from geodata.catalog import Sensitivity, get_layer
from geodata.display import Audience, audience_for, feature_sensitivity
from geodata.storage import Document, Store

AUDIT_KIND = "audit"
ACTIONS: tuple[str, ...] = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "commit",
    "rollback",
    "deck_change",
    "account_change",
    "export",
)

Clock = Callable[[], float]


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action."""

    at: str
    who: str
    action: str
    layer: str = ""
    n: int = 0
    audience: str = ""
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def _entry(doc: Document) -> AuditEntry:
    body = doc.body
    return AuditEntry(
        str(body.get("at", "")),
        str(body.get("who", "")),
        str(body.get("action", "")),
        str(body.get("layer", "")),
        int(body.get("n", 0) or 0),
        str(body.get("audience", "")),
        str(body.get("detail", "")),
    )


def record(
    store: Store,
    who: str,
    action: str,
    *,
    layer: str = "",
    n: int = 0,
    audience: str = "",
    detail: str = "",
    clock: Clock = time.time,
) -> AuditEntry:
    """Append one entry to the audit log and return it."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; known: {ACTIONS}")
    stamp = datetime.fromtimestamp(clock(), timezone.utc)
    entry = AuditEntry(
        stamp.isoformat(timespec="seconds"),
        who,
        action,
        layer,
        int(n),
        audience,
        detail,
    )
    key = f"{stamp.isoformat(timespec='microseconds')}-{secrets.token_hex(4)}"
    store.put_document(AUDIT_KIND, key, entry.to_dict(), expected_revision=0)
    return entry


def read_audit(
    store: Store,
    *,
    limit: int | None = None,
    action: str | None = None,
    who: str | None = None,
) -> list[AuditEntry]:
    """Entries newest first, optionally of one action or one person."""
    entries = [_entry(d) for d in reversed(store.list_documents(AUDIT_KIND))]
    if action:
        entries = [e for e in entries if e.action == action]
    if who:
        entries = [e for e in entries if e.who == who]
    return entries[:limit] if limit is not None else entries


def sensitive_count(layer_id: str, frame: pd.DataFrame, audience: str | None) -> int:
    """How many features of an export the public may not see exactly (0 for it).

    An export is audited when this is above zero: a signed-in audience took
    internal or restricted features away.
    """
    if audience_for(audience) is Audience.PUBLIC or frame.empty:
        return 0
    level = feature_sensitivity(frame, get_layer(layer_id))
    return int((level != Sensitivity.PUBLIC.value).sum())


def record_export(
    store: Store,
    who: str,
    frames: Iterable[tuple[str, pd.DataFrame]],
    *,
    audience: str | None,
    detail: str,
) -> AuditEntry | None:
    """Record an export when it holds internal or restricted features."""
    frames = list(frames)
    counts = {lid: sensitive_count(lid, f, audience) for lid, f in frames}
    if not any(counts.values()):
        return None
    layers = ",".join(lid for lid, n in counts.items() if n)
    return record(
        store,
        who,
        "export",
        layer=layers,
        n=sum(len(f) for _, f in frames),
        audience=audience_for(audience).value,
        detail=detail,
    )


def audit_frame(entries: list[AuditEntry]) -> pd.DataFrame:
    """Entries as a table (for the admin page and ``--json``-less CLI output)."""
    columns = list(AuditEntry.__dataclass_fields__)
    return pd.DataFrame([e.to_dict() for e in entries], columns=columns)
