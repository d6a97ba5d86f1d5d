"""``geodata audit``: read the audit log (sign-ins, commits, rollbacks, exports)."""

from __future__ import annotations

import json

import click

from geodata.audit import ACTIONS, read_audit
from geodata.cli.common import format_table, store_from, user_errors
from geodata.cli.options import store_option
from geodata.plain import escape_control

_COLUMNS = ("at", "who", "action", "layer", "n", "audience", "detail")


@click.command("audit")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--action", type=click.Choice(ACTIONS), default=None, help="Only this.")
@click.option("--user", "who", default=None, help="Only this person's entries.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@store_option
@click.pass_context
def command(
    ctx: click.Context, limit: int, action: str | None, who: str | None, as_json: bool
) -> None:
    """List audit entries, newest first: who, when, what, how many, audience."""
    with user_errors():
        entries = read_audit(store_from(ctx), limit=limit, action=action, who=who)
    if as_json:
        click.echo(
            json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2)
        )
        return
    # Names and details come from users: a newline must not forge an entry.
    rows = [[escape_control(getattr(e, c)) for c in _COLUMNS] for e in entries]
    for line in format_table(_COLUMNS, rows):
        click.echo(line)
