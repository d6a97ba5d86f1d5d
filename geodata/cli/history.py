"""``geodata history``: the version log of a layer."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from geodata.cli.common import store_from, user_errors
from geodata.cli.options import layer_option, store_option
from geodata.plain import escape_control
from geodata.storage.base import HISTORY_COLUMNS


@click.command("history")
@layer_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@store_option
@click.pass_context
def command(ctx: click.Context, layer_id: str, as_json: bool) -> None:
    """List every version of a layer: who, when, file, counts and note."""
    with user_errors():
        versions = store_from(ctx).history(layer_id)
    if as_json:
        click.echo(
            json.dumps([asdict(v) for v in versions], ensure_ascii=False, indent=2)
        )
        return
    click.echo("\t".join(HISTORY_COLUMNS))
    for v in versions:
        click.echo(
            "\t".join(
                # notes, names and files come from users: a newline would forge
                # a version line
                escape_control(getattr(v, c) or "")
                if c not in ("added", "changed", "removed", "n_features", "version")
                else str(getattr(v, c))
                for c in HISTORY_COLUMNS
            )
        )
