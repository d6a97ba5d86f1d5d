"""``geodata export``: one layer to GeoJSON, GeoPackage, CSV or zipped Shapefile."""

from __future__ import annotations

import sys

import click

from geodata.audit import record_export
from geodata.catalog import get_layer
from geodata.cli.common import (
    operator,
    output_path,
    say,
    store_from,
    text,
    user_errors,
    write_output,
)
from geodata.cli.options import (
    audience_option,
    layer_option,
    output_option,
    store_option,
)
from geodata.display import prepare_for_display
from geodata.export import FORMATS, to_bytes

_STDOUT_FORMATS = ("geojson", "csv")


@click.command("export")
@layer_option()
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(FORMATS),
    help="Output format; shp writes a zip with .shp/.shx/.dbf/.prj/.cpg.",
)
@output_option("Output file; '-' writes geojson or csv to stdout.", allow_dash=True)
@audience_option("internal")
@store_option
@click.pass_context
def command(
    ctx: click.Context, layer_id: str, fmt: str, output: str, audience: str
) -> None:
    """Export the current features of a layer, as an audience may see them."""
    if output == "-" and fmt not in _STDOUT_FORMATS:
        raise click.UsageError(
            text("cli.stdout_formats", formats=" and ".join(_STDOUT_FORMATS))
        )
    path = None if output == "-" else output_path(output)
    store = store_from(ctx)
    with user_errors():
        features = store.read_layer(layer_id)
        shown = prepare_for_display(features, get_layer(layer_id), audience)
        data = to_bytes(shown, fmt, layer_id)
        record_export(
            store,
            operator(),
            [(layer_id, shown)],
            audience=audience,
            detail=f"cli export {fmt}",
        )
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(path, data)
    say("cli.wrote_bytes", path=path, n=len(data))
