"""``geodata seed``: (re)create the store from the bundled sample data."""

from __future__ import annotations

import click

from geodata.cli.common import say, user_errors
from geodata.cli.options import store_option
from geodata.errors import StoreMissingError
from geodata.seeding import holdings, seed_location
from geodata.storage import open_store


@click.command("seed")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a store that holds accounts, decks or history (they are deleted).",
)
@store_option
@click.pass_context
def command(ctx: click.Context, force: bool) -> None:
    """Create the store from the sample; refuses to delete anything without --force."""
    with user_errors():
        if force:
            try:
                held = holdings(open_store(ctx.obj))
            except StoreMissingError:
                pass  # nothing there to delete
            else:
                if not held.is_empty:
                    say(
                        "cli.seed_deleting",
                        accounts=held.accounts,
                        decks=held.decks,
                        versions=held.versions,
                        layers=", ".join(held.layers) or "-",
                    )
        store = seed_location(ctx.obj, force=force)
    say("cli.seeded", path=store.label)
