"""``geodata db upgrade``: create or migrate the store's tables (PostGIS)."""

from __future__ import annotations

import click

from geodata.cli.common import say, user_errors
from geodata.cli.options import store_option
from geodata.storage import upgrade_store


@click.group("db")
def command() -> None:
    """The store's schema: create it in an empty database, or bring it up to date."""


@command.command("upgrade")
@store_option
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Create or migrate the store's tables; safe to run again, loses nothing."""
    settings = ctx.obj
    with user_errors():
        done = upgrade_store(settings)
    if done.backend == "gpkg":
        say("cli.db_gpkg", path=settings.store)
    elif done.before is None:
        say("cli.db_created", version=done.after)
    elif done.before == done.after:
        say("cli.db_current", version=done.after)
    else:
        say("cli.db_upgraded", before=done.before, version=done.after)
