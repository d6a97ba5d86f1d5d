"""Every text has both languages; every error a user can meet has a text in each."""

from __future__ import annotations

import ast
import importlib
import string
from pathlib import Path

import pytest

import geodata.errors
from geodata.errors import GeodataError
from geodata.i18n import TEXTS, render_error, t
from tests.test_architecture import core_modules

ROOT = Path(__file__).resolve().parents[1]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_with_the_same_placeholders(key):
    zh, en = TEXTS[key]
    assert zh.strip() and en.strip(), key
    assert _fields(zh) == _fields(en), key


def _error_classes() -> list[type[GeodataError]]:
    for name in core_modules():
        importlib.import_module(name)
    seen, todo = [], [GeodataError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def test_every_error_class_renders_in_both_languages():
    classes = _error_classes()
    assert len(classes) > 10  # the walk found the hierarchy
    for cls in classes:
        key = f"error.{cls.code}"
        assert key in TEXTS, cls.__name__
        for lang in ("zh", "en"):
            assert render_error(cls.code, {}, lang) == t(key, lang)


def _raises() -> list[tuple[str, int, str, ast.Call]]:
    """Every ``raise SomeError(...)`` in geodata/ whose class is a GeodataError."""
    names = {cls.__name__ for cls in _error_classes()}
    found = []
    for path in sorted((ROOT / "geodata").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in names:
                found.append((str(path.relative_to(ROOT)), node.lineno, name, node.exc))
    return found


def test_every_raise_names_a_code_with_text_in_both_languages():
    raises = _raises()
    assert len(raises) > 30  # the scan sees the core's raises
    missing, unknown = [], []
    for where, line, name, call in raises:
        code = next((k.value for k in call.keywords if k.arg == "code"), None)
        if code is None:
            missing.append(f"{where}:{line} {name}")
        elif isinstance(code, ast.Constant) and f"error.{code.value}" not in TEXTS:
            unknown.append(f"{where}:{line} {code.value}")
    assert missing == [], "raised without a code (English only)"
    assert unknown == [], "codes without a text"


def test_a_code_renders_its_parameters_in_each_language():
    exc = geodata.errors.ConfigError(code="config.lang", value="fr")
    assert str(exc) == "GEODATA_LANG is 'fr'; use 'zh' or 'en'"
    assert "fr" in exc.render("zh") and "请使用" in exc.render("zh")


def test_an_error_reads_in_words_whatever_was_imported_first():
    # A fresh interpreter that imports only a store module: the renderer must be
    # there without anyone importing geodata.i18n.
    import subprocess
    import sys

    code = (
        "from geodata.storage.rows import check_columns\n"
        "from geodata.catalog import get_layer\n"
        "try:\n"
        "    check_columns(get_layer('signage'), ('nope',))\n"
        "except Exception as exc:\n"
        "    print(exc)\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True
    )
    assert "no column 'nope'" in out.stdout, out.stdout + out.stderr
