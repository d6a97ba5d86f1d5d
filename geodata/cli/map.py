"""``geodata map``: write the map as one standalone HTML file that opens offline."""

from __future__ import annotations

import click

from geodata.catalog import BANNER_NAMES, LAYER_IDS, banner
from geodata.cli.common import (
    output_path,
    say,
    store_from,
    text,
    user_errors,
    write_output,
)
from geodata.cli.options import lang_option, output_option, store_option
from geodata.figures import headline_figures
from geodata.mapping.basemaps import load_basemap_data
from geodata.mapping.report import report_html
from geodata.storage.base import read_view
from geodata.view import BASEMAPS, MapView


def _banner(name: str) -> str:
    try:
        return banner(name).name_zh
    except KeyError:
        raise click.BadParameter(
            text("cli.bad_banner", name=name, banners=", ".join(BANNER_NAMES)),
            param_hint="--banner",
        ) from None


@click.command("map")
@output_option("HTML file to write.")
@click.option(
    "--layer",
    "layers",
    multiple=True,
    type=click.Choice(LAYER_IDS),
    help="Layer to show (repeat for more; default: all).",
)
@click.option(
    "--banner",
    "banners",
    multiple=True,
    help="Only features in this banner (repeat for more; Chinese or English "
    "name or admin code).",
)
@lang_option("Language of the legend, labels and popups.")
@click.option(
    "--basemap",
    type=click.Choice(BASEMAPS),
    default="offline",
    show_default=True,
    help="Basemap; tile basemaps need internet to show (tianditu also a key).",
)
@store_option
@click.pass_context
def command(
    ctx: click.Context,
    output: str,
    layers: tuple[str, ...],
    banners: tuple[str, ...],
    lang: str,
    basemap: str,
) -> None:
    """Write the map as a standalone HTML report that opens with no server or internet.

    Title, the filters, the legend, the headline figures with their sources, the
    illustrative-positions note, and popups holding every attribute.
    """
    if basemap == "tianditu" and not ctx.obj.tianditu_key:
        raise click.UsageError(text("cli.tianditu_key"))
    view = MapView(
        layers=layers or LAYER_IDS,
        banners=tuple(dict.fromkeys(_banner(b) for b in banners)),
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
            headline_figures(store, lang),
            basemap_data=load_basemap_data(store),
            tianditu_key=ctx.obj.tianditu_key,
        )
    write_output(path, page)
    say("cli.wrote_bytes", path=path, n=path.stat().st_size)
