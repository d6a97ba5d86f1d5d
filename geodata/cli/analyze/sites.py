"""``geodata analyze sites``: where the next k facilities would newly cover most."""

from __future__ import annotations

from dataclasses import asdict

import click

from geodata.analysis.run import AnalysisResult
from geodata.analysis.spec import CANDIDATE_SOURCES, parse_points
from geodata.analysis.tables import SITE_COLUMNS, sites_table
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
from geodata.cli.common import cli_lang, store_from, text, user_errors
from geodata.errors import AnalysisError


def _candidates(
    ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[tuple[float, float], ...]]:
    """Split ``--candidates`` values into sources and typed points."""
    sources, points = [], []
    for value in values or ("planned",):
        if value in CANDIDATE_SOURCES:
            sources.append(value)
            continue
        try:
            points.extend(parse_points(value))
        except AnalysisError as exc:
            raise click.BadParameter(
                exc.render(cli_lang()), param_hint="--candidates"
            ) from None
    return tuple(dict.fromkeys(sources)), tuple(points)


def sites_line(result: AnalysisResult) -> str:
    """The before/after in one line, in the command line's language."""
    choice = result.choice
    before = result.summary.covered
    return text(
        "analysis.cli.sites",
        k=0 if choice is None else len(choice.chosen),
        r=f"{result.spec.radius_km:g}",
        before=before,
        after=before if choice is None else choice.covered_after,
        places=result.summary.places,
    )


@click.command("sites")
@question_options
@click.option(
    "--candidates",
    multiple=True,
    callback=_candidates,
    help="Candidate sites: 'planned' (uncounted features of the facility layer), "
    "'seats' (banner seats) or LON,LAT points separated by ';' (repeat for more; "
    "default: planned).",
)
@click.option(
    "--k",
    type=click.IntRange(1, 20),
    default=3,
    show_default=True,
    help="How many sites to choose.",
)
@output_options
@click.pass_context
def command(
    ctx: click.Context,
    candidates: tuple[tuple[str, ...], tuple[tuple[float, float], ...]],
    k: int,
    as_json: bool,
    as_csv: bool,
    lang: str,
    audience: str,
    **asked,
) -> None:
    """Rank candidate sites by the places they would newly cover; pick k greedily."""
    fmt = output_format(as_json, as_csv)
    sources, points = candidates
    store = store_from(ctx)
    with user_errors():
        spec = question(**asked, candidates=sources, points=points, k=k)
    result = analysed(store, spec, audience, "sites")
    table = sites_table(result, lang)
    if fmt == "json":
        choice = result.choice
        echo_json(
            {
                "question": asdict(spec),
                "covered_before": result.summary.covered,
                "covered_after": result.summary.covered
                if choice is None
                else choice.covered_after,
                "places": result.summary.places,
                "candidates": records(
                    sites_table(result, "en").set_axis(SITE_COLUMNS, axis=1)
                ),
            }
        )
        return
    if fmt == "table":
        click.echo(sites_line(result))
    echo_table(table, fmt)
