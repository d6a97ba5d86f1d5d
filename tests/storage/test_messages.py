"""Every error storage and seeding raise has its text, in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geodata.i18n import TEXTS, render_error

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "geodata" / "storage").glob("*.py")),
    ROOT / "geodata/seeding.py",
]


def _raised() -> list[tuple[str, str, tuple[str, ...]]]:
    """(where, code, parameter names) of every ``...Error(code=..., ...)`` call."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if not node.func.id.endswith("Error"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            code = keywords.pop("code", None)
            assert isinstance(code, ast.Constant), (
                f"{path.name}:{node.lineno}: {node.func.id} raised without code="
            )
            assert not node.args, f"{path.name}:{node.lineno}: a bare message"
            found.append((f"{path.name}:{node.lineno}", code.value, tuple(keywords)))
    return found


RAISED = _raised()
#: Parameters a language leaves out on purpose: a document's kind is a code word
#: ("deck", "user") that would read as English inside the Chinese sentence.
DROPPED = {("store.conflict.document", "zh", "kind")}


def test_the_walk_finds_the_raises():
    assert len(RAISED) > 25
    assert {"store.locked", "store.full", "store.read_only", "store.damaged"} <= {
        code for _, code, _ in RAISED
    }


@pytest.mark.parametrize(
    ("where", "code", "params"), RAISED, ids=[r[0] for r in RAISED]
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_raise_renders_with_its_parameters(where, code, params, lang):
    assert f"error.{code}" in TEXTS, where
    values = {name: f"<{name}>" for name in params}
    text = render_error(code, values, lang)
    assert text != code, f"{where}: the text needs a parameter the raise lacks"
    for name in params:
        if (code, lang, name) not in DROPPED:
            assert f"<{name}>" in text, f"{where}: {lang} text drops {name!r}"
