"""CLI tests read English messages unless a test asks for Chinese."""

import pytest


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEODATA_LANG", "en")
