"""``geodata migrate --from SRC --to DST``: move a whole store, history included."""

from __future__ import annotations

import dataclasses

import click

from geodata.cli.common import fail, format_table, say, text, user_errors
from geodata.storage.transfer import Migration, migrate


@click.command("migrate")
@click.option(
    "--from", "source", required=True, help="Store to copy: a .gpkg path or a URL."
)
@click.option(
    "--to",
    "target",
    required=True,
    help="New or empty store to create: a .gpkg path or a postgresql:// URL.",
)
@click.pass_context
def command(ctx: click.Context, source: str, target: str) -> None:
    """Copy every layer with its history, the accounts, decks and figures; verify."""
    settings = ctx.obj
    with user_errors():
        result = migrate(
            dataclasses.replace(settings, store=source),
            dataclasses.replace(settings, store=target),
        )
    for line in _table(result):
        click.echo(line)
    if not result.ok:
        raise fail("cli.migrate_mismatch", target=result.target)
    say("cli.migrated", source=result.source, target=result.target)


def _table(result: Migration) -> list[str]:
    header = [
        text("cli.migrate.layer"),
        text("cli.migrate.rows"),
        text("cli.migrate.current"),
        text("cli.migrate.versions"),
        "sha256",
        text("cli.migrate.check"),
    ]
    rows: list[list[object]] = []
    for check in result.layers:
        same = check.source == check.target
        counts = check.target if same else check.source
        rows.append(
            [
                check.layer,
                counts.rows,
                counts.current,
                counts.versions,
                check.target.digest[:12],
                "ok" if check.ok else text("cli.migrate.differs"),
            ]
        )
    for name, (a, b), equal in (
        (text("cli.migrate.documents"), result.documents, result.documents_equal),
        (text("cli.migrate.indicators"), result.indicators, result.indicators_equal),
    ):
        rows.append([name, b, "", "", "", "ok" if equal and a == b else "≠"])
    return format_table(header, rows)
