"""Options and output the ``analyze`` commands share: the question, and the format."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click
import pandas as pd

from geodata.analysis.run import AnalysisResult, run_analysis
from geodata.analysis.spec import ANALYSIS_LAYERS, AnalysisSpec, parse_distance
from geodata.audit import record_export
from geodata.catalog import STATUSES
from geodata.cli.common import cli_lang, format_table, operator, text, user_errors
from geodata.cli.options import (
    audience_option,
    banner_option,
    lang_option,
    store_option,
)
from geodata.errors import AnalysisError
from geodata.export import table_bytes
from geodata.storage import Store

F = TypeVar("F", bound=Callable[..., Any])
_DEFAULT = AnalysisSpec()


def _within(ctx: click.Context, _param: click.Parameter, value: str) -> float:
    try:
        return parse_distance(value)
    except AnalysisError as exc:
        raise click.BadParameter(
            exc.render(cli_lang()), param_hint="--within"
        ) from None


def question_options(command: F) -> F:
    """``--places``, ``--facilities``, ``--within``, ``--status``, ``--banner``."""
    for option in reversed(
        (
            click.option(
                "--places",
                type=click.Choice(ANALYSIS_LAYERS),
                default=_DEFAULT.places,
                show_default=True,
                help="Layer of the places to be served.",
            ),
            click.option(
                "--facilities",
                type=click.Choice(ANALYSIS_LAYERS),
                default=_DEFAULT.facilities,
                show_default=True,
                help="Layer of the facilities serving them.",
            ),
            click.option(
                "--within",
                default=f"{_DEFAULT.radius_km:g}km",
                show_default=True,
                callback=_within,
                help="Radius: 20km, 500m, or a number of kilometres.",
            ),
            click.option(
                "--status",
                "statuses",
                multiple=True,
                type=click.Choice((*STATUSES, "all")),
                help="Facility status counted (repeat for more; 'all' for every "
                "status). Default: built.",
            ),
            banner_option("Only places in this banner"),
        )
    ):
        command = option(command)
    return command


def output_options(command: F) -> F:
    """``--json`` or ``--csv`` (else a table), ``--lang``, ``--audience``, ``--store``.

    The audience defaults to internal, as for ``export``: whoever runs the CLI
    holds the store; ``--audience public`` answers as the public map would.
    """
    command = audience_option("internal")(command)
    command = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(command)
    command = click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for machines."
    )(command)
    command = lang_option("Language of headers and messages.")(command)
    return store_option(command)


def question(
    places: str,
    facilities: str,
    within: float,
    statuses: tuple[str, ...],
    banners: tuple[str, ...],
    **more: Any,
) -> AnalysisSpec:
    """The spec the question options describe (default statuses: built only)."""
    if "all" in statuses:
        chosen: tuple[str, ...] = ()
    else:
        chosen = tuple(s for s in STATUSES if s in statuses) or _DEFAULT.statuses
    return AnalysisSpec(
        places=places,
        facilities=facilities,
        statuses=chosen,
        radius_km=within / 1000,
        banners=banners,
        **more,
    )


def analysed(
    store: Store, spec: AnalysisSpec, audience: str, name: str
) -> AnalysisResult:
    """Run ``spec`` on what ``audience`` may see; record it when it is not public."""
    with user_errors():
        result = run_analysis(store, spec, audience)
        frames = [(spec.places, result.places), (spec.facilities, result.facilities)]
        record_export(
            store, operator(), frames, audience=audience, detail=f"cli analyze {name}"
        )
    return result


def output_format(as_json: bool, as_csv: bool) -> str:
    """``json``, ``csv`` or ``table``; both flags at once is a usage error."""
    if as_json and as_csv:
        raise click.UsageError(text("cli.json_or_csv"))
    return "json" if as_json else "csv" if as_csv else "table"


def echo_table(table: pd.DataFrame, fmt: str) -> None:
    """Write ``table`` to stdout as CSV (as the page's download) or aligned text."""
    if fmt == "csv":
        click.echo(table_bytes(table, "csv").decode("utf-8-sig"), nl=False)
        return
    rows = [[_cell(v) for v in row] for row in table.itertuples(index=False)]
    for line in format_table([str(c) for c in table.columns], rows):
        click.echo(line)


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        value = value.item()  # numpy scalars, so numbers align right
    return value


def echo_json(payload: object) -> None:
    """Write ``payload`` as JSON (NaN as null) to stdout."""
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_value))


def _json_value(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    return None


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows of ``frame`` as dicts with missing values as ``None``."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {k: _json_value(v) if hasattr(v, "item") else v for k, v in row.items()}
        for row in clean.to_dict("records")
    ]
