"""``geodata layers``: list the catalog layers with their feature counts."""

from __future__ import annotations

import json

import click

from geodata.catalog import LAYERS
from geodata.cli.common import store_from, user_errors


@click.command("layers")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """List layers: id, titles, feature count, geometry types, sensitivity."""
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
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        click.echo(
            f"{r['id']:<{width}}  {r['count']:>7}  {'/'.join(r['geometry_types']):<28} "
            f"{r['title_zh']} / {r['title_en']}"
        )
