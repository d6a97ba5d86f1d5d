"""``geodata ingest``: check a steward's file against a layer and commit it."""

from __future__ import annotations

import codecs
from pathlib import Path

import click

from geodata.catalog import SENSITIVITIES
from geodata.cli.common import operator, store_from, user_errors
from geodata.cli.options import layer_option, store_option
from geodata.config import Settings
from geodata.i18n import t
from geodata.ingest import (
    ERROR,
    IngestOptions,
    Issue,
    Limits,
    commit,
    issue_text,
    prepare,
    report_json,
    report_lines,
    report_summary,
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
    member: str | None,
    sublayer: str | None,
    sensitivity: str | None,
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
        mode=mode,
        member=member,
        sublayer=sublayer,
        encoding=encoding,
        crs=crs,
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
        for line in report_lines(report, lang):
            click.echo(line)
        click.echo(report_summary(report, lang))
    if not report.ok:
        for issue in report.issues:
            if issue.severity == ERROR:
                click.echo(_error_line(issue, lang), err=True)
        ctx.exit(1)
    if dry_run:
        click.echo(t("cli.ingest.dry_run", lang), err=True)
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


def _error_line(issue: Issue, lang: str) -> str:
    message = issue_text(issue, lang)
    if issue.feature_index is None:
        return t("cli.ingest.error", lang, message=message)
    return t("cli.ingest.error_row", lang, row=issue.feature_index + 1, message=message)
