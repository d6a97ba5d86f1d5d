"""The audit log: who did what, when, to how many features, for which audience."""

import pytest

from geodata.audit import read_audit, record, record_export
from geodata.edits import rollback
from geodata.ingest import commit, prepare
from tests import fixtures as fx


def test_entries_come_back_newest_first_and_filtered(store):
    record(store, "wang", "sign_in", clock=lambda: 1_700_000_000)
    record(
        store,
        "li",
        "sign_in_failed",
        detail="auth.wrong_password",
        clock=lambda: 1_700_000_001,
    )
    record(store, "wang", "sign_out", clock=lambda: 1_700_000_002)
    assert [e.action for e in read_audit(store)] == [
        "sign_out",
        "sign_in_failed",
        "sign_in",
    ]
    assert [e.who for e in read_audit(store, who="wang")] == ["wang", "wang"]
    assert (
        read_audit(store, action="sign_in_failed")[0].at == "2023-11-14T22:13:21+00:00"
    )
    with pytest.raises(ValueError, match="Unknown audit action"):
        record(store, "wang", "fly")


def test_commit_and_rollback_are_recorded_with_counts(store, tmp_path):
    commit(store, prepare(store, fx.geojson(tmp_path), "youth_schools"), author="wang")
    version = rollback(store, "youth_schools", 1, author="wang")
    rolled, committed = read_audit(store)[:2]
    assert (committed.action, committed.layer, committed.n) == (
        "commit",
        "youth_schools",
        3,
    )
    touched = version.added + version.changed + version.removed
    assert (rolled.action, rolled.n, rolled.detail) == ("rollback", touched, "v3 = v1")


def test_exports_are_recorded_when_they_hold_internal_data(store):
    sites = store.read_layer("service_sites")
    signs = store.read_layer("signage")
    assert (
        record_export(
            store, "wang", [("signage", signs)], audience="internal", detail="x"
        )
        is None
    )
    assert (
        record_export(
            store, "public", [("service_sites", sites)], audience="public", detail="x"
        )
        is None
    )
    entry = record_export(
        store,
        "wang",
        [("service_sites", sites), ("signage", signs)],
        audience="viewer",
        detail="map csv",
    )
    assert (entry.layer, entry.n, entry.audience) == (
        "service_sites",
        24 + 45,
        "internal",
    )
    assert read_audit(store, action="export") == [entry]
