"""``geodata layers``: list the catalog layers with their feature counts."""

from __future__ import annotations

import json

import click

from geodata.catalog import LAYERS
from geodata.cli.common import format_table, store_from, user_errors
from geodata.cli.options import store_option

_COLUMNS = (
    "id",
    "count",
    "version",
    "geometry_types",
    "sensitivity",
    "title_zh",
    "title_en",
)


@click.command("layers")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@store_option
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """List layers: id, feature count, version, geometry types, sensitivity, titles."""
    store = store_from(ctx)
    with user_errors():
        rows = [
            {
                "id": spec.id,
                "title_zh": spec.title_zh,
                "title_en": spec.title_en,
                "count": store.count(spec.id),
                "geometry_types": list(spec.geometry_types),
                "sensitivity": spec.sensitivity.value,
                "version": store.current_version(spec.id),
            }
            for spec in LAYERS
        ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = [
        [
            "/".join(v) if c == "geometry_types" else v
            for c, v in ((c, r[c]) for c in _COLUMNS)
        ]
        for r in rows
    ]
    for line in format_table(_COLUMNS, table):
        click.echo(line)
