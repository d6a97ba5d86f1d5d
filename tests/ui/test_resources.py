"""Process-wide resources: answers kept on disk are keyed by every argument."""

from __future__ import annotations

import streamlit as st

from geodata.storage import CommitInfo
from geodata.ui.resources import get_store, kept_on_disk


def test_kept_answers_are_kept_apart_per_audience_and_version(
    store_env, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # an empty cache folder
    asked: list[tuple[int, str]] = []

    @kept_on_disk(lambda store_key, layer_id, version, *_: {layer_id: version})
    def question(store_key: str, layer_id: str, version: int, audience: str) -> str:
        asked.append((version, audience))
        return f"{audience} v{version}"

    store = get_store()
    v1 = store.current_version("signage")
    assert question(store.key, "signage", v1, "public") == f"public v{v1}"
    assert question(store.key, "signage", v1, "internal") == f"internal v{v1}"
    st.cache_resource.clear()  # a restart: the store is opened again
    store = get_store()
    assert question(store.key, "signage", v1, "public") == f"public v{v1}"
    store.write_layer(
        "signage",
        store.read_layer("signage"),
        mode="replace",
        commit=CommitInfo(author="test"),
    )
    v2 = store.current_version("signage")
    assert question(store.key, "signage", v2, "public") == f"public v{v2}"
    assert asked == [(v1, "public"), (v1, "internal"), (v2, "public")]
