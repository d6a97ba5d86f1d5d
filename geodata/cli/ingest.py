"""``geodata ingest``: check a steward's file against a layer and commit it."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path

import click

from geodata.catalog import SENSITIVITIES
from geodata.cli.common import cli_lang, operator, store_from, user_errors
from geodata.cli.options import layer_option, store_option
from geodata.config import Settings
from geodata.i18n import t
from geodata.ingest import (
    ERROR,
    IngestOptions,
    Limits,
    commit,
    prepare,
    report_grouped_lines,
    report_json,
    report_summary,
    skip_summary,
)
from geodata.storage import WRITE_MODES


def _check_encoding(
    ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            lang = ctx.obj.default_lang if isinstance(ctx.obj, Settings) else "en"
            raise click.BadParameter(
                t("cli.ingest.bad_encoding", lang, value=value)
            ) from None
    return value


def _fields(
    _ctx: click.Context, _param: click.Parameter, values: Sequence[str]
) -> dict[str, str]:
    """``--field COLUMN=FIELD`` (``COLUMN=`` leaves the column unmapped)."""
    out = {}
    for value in values:
        column, sep, field = value.partition("=")
        if not sep or not column.strip():
            raise click.BadParameter(
                t("cli.ingest.bad_pair", cli_lang(), value=value, form="COLUMN=FIELD")
            )
        out[column.strip()] = field.strip()
    return out


def _value_map(
    _ctx: click.Context, _param: click.Parameter, values: Sequence[str]
) -> dict[str, dict[str, str]]:
    """``--map-value FIELD:FROM=TO``, repeatable."""
    out: dict[str, dict[str, str]] = {}
    for value in values:
        field, colon, rest = value.partition(":")
        source, eq, target = rest.partition("=")
        if not colon or not eq or not field.strip() or not source.strip():
            raise click.BadParameter(
                t("cli.ingest.bad_pair", cli_lang(), value=value, form="FIELD:FROM=TO")
            )
        out.setdefault(field.strip(), {})[source.strip()] = target.strip()
    return out


@click.command("ingest")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@layer_option("Target layer id.")
@click.option(
    "--mode",
    default="append",
    show_default=True,
    type=click.Choice(WRITE_MODES),
    help="append new features, replace the layer, or update by feature_id.",
)
@click.option(
    "--encoding",
    default=None,
    callback=_check_encoding,
    help="Text encoding of the attributes (default: .cpg, else detected).",
)
@click.option(
    "--crs",
    default=None,
    help="EPSG:NNNN, wgs84, gcj02 or bd09; overrides or supplies the file's CRS.",
)
@click.option(
    "--swap-xy",
    is_flag=True,
    help="x and y are the other way round (a surveyor's X is the northing).",
)
@click.option(
    "--member", default=None, help="Shapefile to use when a zip holds several."
)
@click.option("--sublayer", default=None, help="GeoPackage layer or workbook sheet.")
@click.option(
    "--field",
    "fields",
    multiple=True,
    callback=_fields,
    metavar="COLUMN=FIELD",
    help="Map a column to a field (repeatable); COLUMN= leaves it unmapped.",
)
@click.option(
    "--map-value",
    "value_map",
    multiple=True,
    callback=_value_map,
    metavar="FIELD:FROM=TO",
    help="Map a value outside a field's list onto a listed one (repeatable).",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Leave out the rows with errors and commit the rest.",
)
@click.option(
    "--sensitivity",
    type=click.Choice(SENSITIVITIES),
    default=None,
    help="Sensitivity of features the file leaves empty (default: the layer's).",
)
@click.option("--note", default="", help="Note recorded with the new version.")
@click.option("--dry-run", is_flag=True, help="Check only; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@store_option
@click.pass_context
def command(
    ctx: click.Context,
    path: Path,
    layer_id: str,
    mode: str,
    encoding: str | None,
    crs: str | None,
    swap_xy: bool,
    member: str | None,
    sublayer: str | None,
    fields: dict[str, str],
    value_map: dict[str, dict[str, str]],
    skip_invalid: bool,
    sensitivity: str | None,
    note: str,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Check a file (zip/shp, gpkg, geojson, kml/kmz, csv, xlsx) and commit it.

    The report goes to stdout: one line per kind of problem with its count and
    first rows (--json keeps every row). Exit status 0 when committed (or, with
    --dry-run, when nothing blocks a commit); otherwise 1, with one line per
    kind of error on stderr.
    """
    settings: Settings = ctx.obj
    lang = settings.default_lang
    store = store_from(ctx)
    options = IngestOptions(
        mode=mode,
        member=member,
        sublayer=sublayer,
        encoding=encoding,
        crs=crs,
        swap_xy=swap_xy,
        field_map=fields or None,
        value_map=value_map or None,
        skip_invalid=skip_invalid,
        sensitivity=sensitivity,
    )
    with user_errors(lang):
        prepared = prepare(
            store,
            path,
            layer_id,
            options=options,
            limits=Limits.from_megabytes(settings.max_upload_mb),
        )
    report = prepared.report
    if as_json:
        click.echo(report_json(report))
    else:
        for line in report_grouped_lines(report, lang):
            click.echo(line)
        click.echo(report_summary(report, lang))
    if not report.ok:
        for line in report_grouped_lines(report, lang, severities=(ERROR,)):
            click.echo(line, err=True)
        ctx.exit(1)
    if report.skipped:
        click.echo(skip_summary(report, lang), err=True)
    if dry_run:
        click.echo(t("cli.ingest.dry_run", lang), err=True)
        return
    if report.nothing_to_commit:
        click.echo(t("cli.ingest.nothing", lang), err=True)
        return
    with user_errors(lang):
        version = commit(store, prepared, author=operator(), note=note)
    click.echo(
        t(
            "cli.ingest.committed",
            lang,
            layer=layer_id,
            version=version.version,
            added=version.added,
            changed=version.changed,
            removed=version.removed,
        ),
        err=True,
    )
