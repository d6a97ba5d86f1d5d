"""``geodata rollback``: restore a layer as it was at a version (as a new version)."""

from __future__ import annotations

import click

from geodata.cli.common import operator, say, store_from, user_errors
from geodata.cli.options import layer_option, store_option
from geodata.edits import rollback


@click.command("rollback")
@layer_option()
@click.option("--to", "to_version", required=True, type=int, help="Version to restore.")
@click.option("--note", default="", help="Note recorded with the new version.")
@store_option
@click.pass_context
def command(ctx: click.Context, layer_id: str, to_version: int, note: str) -> None:
    """Make a layer look as it did at version N, as a new version."""
    store = store_from(ctx)
    with user_errors():
        version = rollback(store, layer_id, to_version, author=operator(), note=note)
    say(
        "cli.rolled_back",
        layer=layer_id,
        version=version.version,
        to=to_version,
        n=version.n_features,
    )
