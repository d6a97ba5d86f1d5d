"""Helpers shared by the CLI commands: opening the store, turning errors into exits."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from geodata.config import Settings
from geodata.errors import GeodataError
from geodata.storage import Store, open_store


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a ``GeodataError`` into one clear line and exit status 1."""
    try:
        yield
    except GeodataError as exc:
        raise click.ClickException(str(exc)) from exc


def store_from(ctx: click.Context) -> Store:
    """Open the store named by the group's settings (creating the default one)."""
    settings: Settings = ctx.obj
    with user_errors():
        return open_store(settings)


def output_path(output: str) -> Path:
    """The ``--output`` file as a Path, refusing a folder that does not exist."""
    path = Path(output)
    if not path.parent.exists():
        raise click.ClickException(
            f"Folder {path.parent} does not exist; create it first"
        )
    return path
