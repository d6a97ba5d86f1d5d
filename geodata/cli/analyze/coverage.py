"""``geodata analyze coverage``: each place's nearest facility, and if it is near."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

import click

from geodata.analysis.run import AnalysisResult
from geodata.analysis.tables import distance_table
from geodata.cli.analyze.common import (
    analysed,
    echo_json,
    echo_table,
    output_format,
    output_options,
    question,
    question_options,
    records,
)
from geodata.cli.common import store_from, text, user_errors


def summary_line(result: AnalysisResult) -> str:
    """The headline numbers in one line, in the command line's language."""
    s = result.summary
    return text(
        "analysis.cli.summary",
        covered=s.covered,
        places=s.places,
        r=f"{result.spec.radius_km:g}",
        share=f"{s.share:.0%}",
        median=_km(s.median_m),
        max=_km(s.max_m),
    )


def _km(metres: float) -> str:
    if math.isnan(metres):
        return text("analysis.none")
    return text("analysis.km", value=f"{metres / 1000:,.1f}")


def payload(result: AnalysisResult) -> dict[str, Any]:
    """The JSON document: the question, the summary, every place."""
    s = result.summary
    places = result.places
    table = places.drop(columns=places.geometry.name).assign(
        lon=places.geometry.representative_point().x.round(6),
        lat=places.geometry.representative_point().y.round(6),
    )
    keep = [c for c in ("name", "banner") if c in table]
    keep += ["nearest_facility", "distance_m", "covered", "band", "lon", "lat"]
    return {
        "question": asdict(result.spec),
        "radius_m": result.spec.radius_m,
        "summary": {
            "places": s.places,
            "covered": s.covered,
            "share": s.share,
            "median_m": s.median_m,
            "max_m": s.max_m,
        },
        "places": records(table[keep].round({"distance_m": 1})),
        "versions": result.versions,
    }


@click.command("coverage")
@question_options
@output_options
@click.pass_context
def command(
    ctx: click.Context,
    as_json: bool,
    as_csv: bool,
    lang: str,
    audience: str,
    **asked,
) -> None:
    """Nearest facility of every place, its straight-line distance, and coverage."""
    fmt = output_format(as_json, as_csv)
    store = store_from(ctx)
    with user_errors():
        spec = question(**asked, k=0)
    result = analysed(store, spec, audience, "coverage")
    if fmt == "json":
        echo_json(payload(result))
        return
    if fmt == "table":
        click.echo(summary_line(result))
    echo_table(distance_table(result, lang), fmt)
