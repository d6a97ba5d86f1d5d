"""Helpers shared by the CLI commands: opening the store, turning errors into exits."""

from __future__ import annotations

import contextlib
import getpass
import os
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from geodata.config import Settings
from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.seeding import open_or_seed
from geodata.storage import Store


def cli_lang() -> str:
    """The language of messages: the command's ``--lang``, else GEODATA_LANG."""
    ctx = click.get_current_context(silent=True)
    node = ctx
    while node is not None:
        if node.params.get("lang") in ("zh", "en"):
            return node.params["lang"]
        node = node.parent
    settings = ctx.find_object(Settings) if ctx is not None else None
    if settings is not None:
        return settings.default_lang
    lang = os.environ.get("GEODATA_LANG", "zh")
    return lang if lang in ("zh", "en") else "zh"


def text(key: str, **params: object) -> str:
    """The i18n text ``key`` in the command line's language."""
    return t(key, cli_lang(), **params)


def say(key: str, **params: object) -> None:
    """Write a progress or result line to stderr (stdout is for data)."""
    click.echo(text(key, **params), err=True)


class LocalizedError(click.ClickException):
    """A failure whose message is in ``lang``; the group prints it with its prefix."""

    def __init__(self, message: str, lang: str) -> None:
        super().__init__(message)
        self.lang = lang


def fail(key: str, **params: object) -> LocalizedError:
    """A one-line failure with the i18n text ``key`` (raise what this returns)."""
    return LocalizedError(text(key, **params), cli_lang())


@contextlib.contextmanager
def user_errors(lang: str | None = None) -> Iterator[None]:
    """Turn a ``GeodataError`` into one clear line and exit status 1.

    The line is in ``lang``, else the command line's language (:func:`cli_lang`).
    """
    try:
        yield
    except GeodataError as exc:
        lang = lang or cli_lang()
        raise LocalizedError(exc.render(lang), lang) from exc


def operator() -> str:
    """The operating-system user, as recorded for CLI writes and the audit log."""
    try:
        return f"{getpass.getuser()} (cli)"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown (cli)"


def store_from(ctx: click.Context) -> Store:
    """Open the store named by the group's settings, seeding it if it is missing."""
    settings: Settings = ctx.obj
    with user_errors():
        return open_or_seed(settings)


def output_path(output: str) -> Path:
    """The ``--output`` file as a Path, refusing a folder or a missing parent."""
    path = Path(output)
    if path.is_dir():
        raise fail("cli.output_is_folder", path=path)
    if not path.parent.is_dir():
        raise fail("cli.no_folder", path=path.parent)
    return path


def write_output(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path``; an OS refusal is one line, not a traceback."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as exc:
        raise fail("cli.cannot_write", path=path, reason=exc.strerror or exc) from exc


def output_folder(folder: str) -> Path:
    """A folder to write into, created if missing; a file in the way is refused."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(
            "cli.cannot_make_folder", path=path, reason=exc.strerror or exc
        ) from exc
    return path


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    r"""Lines of an aligned plain-text table; numbers right-aligned.

    Examples
    --------
    >>> print("\n".join(format_table(["id", "n", "名"], [["a", 10, "少年军校"]])))
    id   n  名
    a   10  少年军校
    """
    cells = [
        [str(v) for v in header],
        *[["" if v is None else str(v) for v in r] for r in rows],
    ]
    numeric = [
        all(isinstance(r[i], int | float) for r in rows) and bool(rows)
        for i in range(len(header))
    ]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - display_width(value))
            last = i == len(row) - 1
            parts.append(pad + value if numeric[i] else value + ("" if last else pad))
        lines.append("  ".join(parts))
    return lines
