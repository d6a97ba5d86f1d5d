"""Options more than one command takes, declared once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import click

from geodata.catalog import BANNER_NAMES, LAYER_IDS, banner
from geodata.config import Settings
from geodata.display import AUDIENCES

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = (
    "Store: a .gpkg path or a postgresql:// URL (default: a per-user data file). "
    "Env GEODATA_STORE."
)


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


def _default_lang(
    ctx: click.Context, _param: click.Parameter, value: str | None
) -> str:
    if value is not None:
        return value
    settings = ctx.find_object(Settings)
    return settings.default_lang if settings is not None else "zh"


def lang_option(help: str) -> Callable[[F], F]:
    """``--lang zh|en``, defaulting to GEODATA_LANG (itself ``zh`` by default)."""
    return click.option(
        "--lang",
        type=click.Choice(("zh", "en")),
        default=None,
        callback=_default_lang,
        help=f"{help} Default: GEODATA_LANG, else zh.",
    )


def output_option(help: str, *, allow_dash: bool = False) -> Callable[[F], F]:
    """``--output PATH``: a file to write (a folder is refused)."""
    # A folder is refused by common.output_path, in the user's language.
    return click.option(
        "--output",
        required=True,
        type=click.Path(allow_dash=allow_dash),
        help=help,
    )


def audience_option(default: str) -> Callable[[F], F]:
    """``--audience public|internal``: who the file is for (``geodata.display``)."""
    return click.option(
        "--audience",
        type=click.Choice(AUDIENCES),
        default=default,
        show_default=True,
        help="Who the file is for: public (restricted features left out, internal "
        "ones coarsened to ~1 km) or internal (exact; recorded in the audit log).",
    )


def _banners(
    ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    from geodata.cli.common import text

    names = []
    for name in values:
        try:
            names.append(banner(name).name_zh)
        except KeyError:
            raise click.BadParameter(
                text("cli.bad_banner", name=name, banners=", ".join(BANNER_NAMES)),
                param_hint="--banner",
            ) from None
    return tuple(dict.fromkeys(names))


def banner_option(help: str) -> Callable[[F], F]:
    """``--banner NAME`` (repeatable): Chinese or English name or admin code."""
    return click.option(
        "--banner",
        "banners",
        multiple=True,
        callback=_banners,
        help=f"{help} (repeat for more; Chinese or English name or admin code).",
    )
