"""``geodata analyze scorecard``: each layer per banner (counts, density, status)."""

from __future__ import annotations

import click

from geodata.analysis.spec import ANALYSIS_LAYERS, AnalysisSpec
from geodata.analysis.tables import scorecard_table
from geodata.cli.analyze.common import (
    analysed,
    echo_json,
    echo_table,
    output_format,
    output_options,
    records,
)
from geodata.cli.common import store_from
from geodata.cli.options import banner_option


@click.command("scorecard")
@click.option(
    "--layer",
    "layers",
    multiple=True,
    type=click.Choice(ANALYSIS_LAYERS),
    help="Layer to score (repeat for more; default: every layer).",
)
@banner_option("Only this banner")
@output_options
@click.pass_context
def command(
    ctx: click.Context,
    layers: tuple[str, ...],
    banners: tuple[str, ...],
    as_json: bool,
    as_csv: bool,
    lang: str,
    audience: str,
) -> None:
    """Count, per 1,000 km², status, funding and years of each layer per banner."""
    fmt = output_format(as_json, as_csv)
    store = store_from(ctx)
    result = analysed(store, AnalysisSpec(banners=banners, k=0), audience, "scorecard")
    layers = tuple(dict.fromkeys(layers))
    if fmt == "json":
        card = result.scorecard
        echo_json(records(card[card["layer"].isin(layers)] if layers else card))
        return
    echo_table(scorecard_table(result, lang, layers), fmt)
