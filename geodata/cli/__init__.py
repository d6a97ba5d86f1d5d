"""``python -m geodata``: a click group with one module per command (as in fio)."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from geodata.cli import (
    analyze,
    audit,
    db,
    export,
    handout,
    history,
    ingest,
    layers,
    migrate,
    rollback,
    seed,
    user,
)
from geodata.cli import map as map_
from geodata.cli.common import user_errors
from geodata.cli.options import STORE_HELP
from geodata.config import Settings
from geodata.i18n import t


def _lang_of(exc: click.ClickException | None) -> str:
    """The message language: the failing command's --lang, else GEODATA_LANG."""
    node = getattr(exc, "ctx", None)
    while node is not None:
        if node.params.get("lang") in ("zh", "en"):
            return node.params["lang"]
        node = node.parent
    lang = os.environ.get("GEODATA_LANG", "zh")
    return lang if lang in ("zh", "en") else "zh"


class _OneLineErrors(click.Group):
    """A group whose every failure is one line on stderr (no usage block)."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help(), err=True)  # a bare command asks for help
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            # Usage errors come from click's parser (English); ours carry a language.
            lang = getattr(exc, "lang", None) or _lang_of(exc)
            message = " ".join(exc.format_message().split())
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                message += t("cli.see_help", lang, command=exc.ctx.command_path)
            click.echo(t("cli.error", lang, message=message), err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(t("cli.aborted", _lang_of(None)), err=True)
            sys.exit(1)
        # ctx.exit(n) comes back as its status when not standalone
        sys.exit(result if isinstance(result, int) else 0)


@click.group(
    cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option("--store", envvar="GEODATA_STORE", default=None, help=STORE_HELP)
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """Tongliao double-support map: manage the store and its layers."""
    with user_errors():
        settings = Settings.from_env()
    if store:
        settings = Settings(**{**settings.__dict__, "store": store})
    ctx.obj = settings


for _module in (
    layers,
    export,
    seed,
    handout,
    ingest,
    user,
    history,
    rollback,
    map_,
    audit,
    db,
    migrate,
    analyze,
):
    main.add_command(_module.command)
