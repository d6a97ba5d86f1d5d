"""``geodata export``: one layer to GeoJSON, GeoPackage, CSV or zipped Shapefile."""

from __future__ import annotations

import sys

import click

from geodata.catalog import LAYER_IDS
from geodata.cli.common import output_path, store_from, user_errors
from geodata.export import FORMATS, to_bytes

_STDOUT_FORMATS = ("geojson", "csv")


@click.command("export")
@click.option(
    "--layer", "layer_id", required=True, type=click.Choice(LAYER_IDS), help="Layer id."
)
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(FORMATS),
    help="Output format; shp writes a zip with .shp/.shx/.dbf/.prj/.cpg.",
)
@click.option(
    "--output", required=True, help="Output file; '-' writes geojson or csv to stdout."
)
@click.pass_context
def command(ctx: click.Context, layer_id: str, fmt: str, output: str) -> None:
    """Export the current features of a layer."""
    if output == "-" and fmt not in _STDOUT_FORMATS:
        raise click.UsageError(
            f"--output - works for {' and '.join(_STDOUT_FORMATS)} only"
        )
    store = store_from(ctx)
    with user_errors():
        data = to_bytes(store.read_layer(layer_id), fmt, layer_id)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = output_path(output)
    path.write_bytes(data)
    click.echo(f"wrote {path} ({len(data)} bytes)", err=True)
