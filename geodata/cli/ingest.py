"""``geodata ingest``: check a steward's file against a layer and commit it."""

from __future__ import annotations

import codecs
import getpass
from pathlib import Path

import click

from geodata.cli.common import store_from, user_errors
from geodata.cli.options import layer_option, store_option
from geodata.config import Settings
from geodata.ingest import (
    ERROR,
    IngestOptions,
    Limits,
    commit,
    issue_text,
    prepare,
    report_json,
    report_lines,
    report_summary,
)
from geodata.storage import WRITE_MODES


def operator() -> str:
    """The operating-system user, as recorded in the version log for CLI writes."""
    try:
        return f"{getpass.getuser()} (cli)"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown (cli)"


def _check_encoding(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(
                f"{value!r} is not a text encoding Python knows; try GB18030, "
                "UTF-8 or BIG5"
            ) from None
    return value


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
    "--member", default=None, help="Shapefile to use when a zip holds several."
)
@click.option("--sublayer", default=None, help="GeoPackage layer or workbook sheet.")
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
    member: str | None,
    sublayer: str | None,
    note: str,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Check a file (zip/shp, gpkg, geojson, kml/kmz, csv, xlsx) and commit it.

    The report goes to stdout. Exit status 0 when committed (or, with --dry-run,
    when nothing blocks a commit); otherwise 1, with one line per problem on stderr.
    """
    settings: Settings = ctx.obj
    lang = settings.default_lang
    store = store_from(ctx)
    options = IngestOptions(
        mode=mode, member=member, sublayer=sublayer, encoding=encoding, crs=crs
    )
    with user_errors():
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
        for line in report_lines(report, lang):
            click.echo(line)
        click.echo(report_summary(report, lang))
    if not report.ok:
        for issue in report.issues:
            if issue.severity == ERROR:
                row = (
                    ""
                    if issue.feature_index is None
                    else f"row {issue.feature_index + 1}: "
                )
                click.echo(f"error: {row}{issue_text(issue, lang)}", err=True)
        ctx.exit(1)
    if dry_run:
        click.echo("dry run: nothing written", err=True)
        return
    with user_errors():
        version = commit(store, prepared, author=operator(), note=note)
    click.echo(
        f"committed {layer_id} version {version.version}: {version.added} added, "
        f"{version.changed} changed, {version.removed} removed",
        err=True,
    )
