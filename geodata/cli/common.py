"""Helpers shared by the CLI commands: opening the store, turning errors into exits."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from geodata.config import Settings
from geodata.errors import GeodataError
from geodata.seeding import open_or_seed
from geodata.storage import Store


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a ``GeodataError`` into one clear line and exit status 1."""
    try:
        yield
    except GeodataError as exc:
        raise click.ClickException(str(exc)) from exc


def store_from(ctx: click.Context) -> Store:
    """Open the store named by the group's settings, seeding it if it is missing."""
    settings: Settings = ctx.obj
    with user_errors():
        return open_or_seed(settings)


def output_path(output: str) -> Path:
    """The ``--output`` file as a Path, refusing a folder or a missing parent."""
    path = Path(output)
    if path.is_dir():
        raise click.ClickException(f"{path} is a folder; give a file name to write")
    if not path.parent.is_dir():
        raise click.ClickException(
            f"Folder {path.parent} does not exist; create it first"
        )
    return path


def write_output(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path``; an OS refusal is one line, not a traceback."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(
            f"Cannot write {path}: {exc.strerror or exc}"
        ) from exc


def output_folder(folder: str) -> Path:
    """A folder to write into, created if missing; a file in the way is refused."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(
            f"Cannot create folder {path}: {exc.strerror or exc}"
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
