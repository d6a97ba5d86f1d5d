"""``geodata db upgrade``: create or migrate the store's tables (PostGIS)."""

from __future__ import annotations

import click

from geodata.cli.common import say, user_errors
from geodata.cli.options import store_option
from geodata.storage import upgrade_store
from geodata.storage.pg_schema import SCHEMA_VERSION


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
        before = upgrade_store(settings)
    if before is None:
        say("cli.db_gpkg", path=settings.store)
    elif before == 0:
        say("cli.db_created", version=SCHEMA_VERSION)
    elif before == SCHEMA_VERSION:
        say("cli.db_current", version=SCHEMA_VERSION)
    else:
        say("cli.db_upgraded", before=before, version=SCHEMA_VERSION)
