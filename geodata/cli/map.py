"""``geodata map``: write the map as one standalone HTML file that opens offline."""

from __future__ import annotations

import click

from geodata.audit import record_export
from geodata.catalog import LAYER_IDS
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
    banner_option,
    lang_option,
    output_option,
    store_option,
)
from geodata.display import map_notice
from geodata.figures import headline_figures
from geodata.mapping.basemaps import load_basemap_data
from geodata.mapping.report import report_html
from geodata.storage.base import read_view
from geodata.view import BASEMAPS, MapView


@click.command("map")
@output_option("HTML file to write.")
@click.option(
    "--layer",
    "layers",
    multiple=True,
    type=click.Choice(LAYER_IDS),
    help="Layer to show (repeat for more; default: all).",
)
@banner_option("Only features in this banner")
@lang_option("Language of the legend, labels and popups.")
@click.option(
    "--basemap",
    type=click.Choice(BASEMAPS),
    default="offline",
    show_default=True,
    help="Basemap; tile basemaps need internet to show (tianditu also a key).",
)
@audience_option("public")
@store_option
@click.pass_context
def command(
    ctx: click.Context,
    output: str,
    layers: tuple[str, ...],
    banners: tuple[str, ...],
    lang: str,
    basemap: str,
    audience: str,
) -> None:
    """Write the map as a standalone HTML report that opens with no server or internet.

    Title, the filters, the legend, the headline figures with their sources, the
    illustrative-positions note, and popups holding every attribute.
    """
    if basemap == "tianditu" and not ctx.obj.tianditu_key:
        raise click.UsageError(text("cli.tianditu_key"))
    view = MapView(
        layers=layers or LAYER_IDS,
        banners=banners,
        lang=lang,
        basemap=basemap,
    )
    path = output_path(output)
    store = store_from(ctx)
    with user_errors():
        frames = read_view(store, view)
        page = report_html(
            view,
            frames,
            headline_figures(store, lang, audience=audience),
            basemap_data=load_basemap_data(store),
            tianditu_key=ctx.obj.tianditu_key,
            role=audience,
            notice=map_notice(audience, ctx.obj.map_review_no, lang),
        )
        record_export(
            store, operator(), frames.items(), audience=audience, detail="cli map"
        )
    write_output(path, page)
    say("cli.wrote_bytes", path=path, n=path.stat().st_size)
