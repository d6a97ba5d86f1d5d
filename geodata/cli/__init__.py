"""``python -m geodata``: a click group with one module per command (as in fio)."""

from __future__ import annotations

import importlib

import click

from geodata.config import Settings

#: Modules under ``geodata.cli`` that each define a click command named ``command``.
COMMAND_MODULES: tuple[str, ...] = (
    "layers",
    "export",
    "seed",
    "handout",
    "ingest",
    "user",
    "history",
    "rollback",
    "map",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="GEODATA_STORE",
    default=None,
    help="Store: a .gpkg path (default: a per-user data file). Env GEODATA_STORE.",
)
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """Tongliao double-support map: manage the store and its layers."""
    settings = Settings.from_env()
    if store:
        settings = Settings(**{**settings.__dict__, "store": store})
    ctx.obj = settings


for _name in COMMAND_MODULES:
    main.add_command(importlib.import_module(f"geodata.cli.{_name}").command)
