"""``geodata seed``: (re)create the store from the bundled sample data."""

from __future__ import annotations

import click

from geodata.cli.common import user_errors
from geodata.storage import seed_location


@click.command("seed")
@click.option("--force", is_flag=True, help="Replace a store that already holds data.")
@click.pass_context
def command(ctx: click.Context, force: bool) -> None:
    """Create the store from the sample; refuses a non-empty store without --force."""
    with user_errors():
        store = seed_location(ctx.obj, force=force)
    click.echo(f"seeded {store.location}", err=True)
