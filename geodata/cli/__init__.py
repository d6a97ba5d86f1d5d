"""``python -m geodata``: a click group with one module per command (as in fio)."""

from __future__ import annotations

import sys
from typing import Any

import click

from geodata.cli import export, handout, history, ingest, layers, rollback, seed, user
from geodata.cli import map as map_
from geodata.cli.common import user_errors
from geodata.cli.options import STORE_HELP
from geodata.config import Settings


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
            message = " ".join(exc.format_message().split())
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                message += f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"Error: {message}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
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


for _module in (layers, export, seed, handout, ingest, user, history, rollback, map_):
    main.add_command(_module.command)
