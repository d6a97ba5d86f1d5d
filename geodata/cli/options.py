"""Options more than one command takes, declared once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import click

from geodata.catalog import LAYER_IDS
from geodata.config import Settings

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = "Store: a .gpkg path (default: a per-user data file). Env GEODATA_STORE."


def _set_store(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        settings: Settings = ctx.obj
        ctx.obj = dataclasses.replace(settings, store=value)


def store_option(command: F) -> F:
    """``--store`` after the command name too (``geodata layers --store X``)."""
    return click.option(
        "--store",
        expose_value=False,
        callback=_set_store,
        default=None,
        help=STORE_HELP,
    )(command)


def layer_option(help: str = "Layer id.") -> Callable[[F], F]:
    """``--layer ID``, one of the catalog's layers."""
    return click.option(
        "--layer", "layer_id", required=True, type=click.Choice(LAYER_IDS), help=help
    )


def lang_option(help: str) -> Callable[[F], F]:
    """``--lang zh|en``, defaulting to Chinese."""
    return click.option(
        "--lang",
        type=click.Choice(("zh", "en")),
        default="zh",
        show_default=True,
        help=help,
    )


def output_option(help: str, *, allow_dash: bool = False) -> Callable[[F], F]:
    """``--output PATH``: a file to write (a folder is refused)."""
    return click.option(
        "--output",
        required=True,
        type=click.Path(dir_okay=False, allow_dash=allow_dash),
        help=help,
    )
