"""``geodata handout``: a deck as a PDF handout, one page per slide (and PNGs)."""

from __future__ import annotations

from pathlib import Path

import click

from geodata.cli.common import output_path, store_from, user_errors
from geodata.decks import DEFAULT_DECK, load_deck
from geodata.fonts import is_built
from geodata.handout import deck_pdf, deck_pngs


@click.command("handout")
@click.option(
    "--deck",
    "deck_name",
    default=DEFAULT_DECK,
    show_default=True,
    help="Name of the deck to print.",
)
@click.option(
    "--lang",
    type=click.Choice(("zh", "en")),
    default="zh",
    show_default=True,
    help="Language of every text on the pages.",
)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="PDF file to write.",
)
@click.option(
    "--png-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Also write slide-01.png, slide-02.png, ... into this folder.",
)
@click.pass_context
def command(
    ctx: click.Context, deck_name: str, lang: str, output: str, png_dir: str | None
) -> None:
    """Print a slide deck as a PDF: static maps, legends, figures and sources."""
    path = output_path(output)
    store = store_from(ctx)
    with user_errors():
        deck = load_deck(store, deck_name)
        if not is_built():
            click.echo("building the Chinese font once (about a minute)", err=True)
        path.write_bytes(deck_pdf(store, deck, lang))
        click.echo(f"wrote {path} ({len(deck.slides)} pages)", err=True)
        if png_dir is not None:
            folder = Path(png_dir)
            folder.mkdir(parents=True, exist_ok=True)
            for i, png in enumerate(deck_pngs(store, deck, lang), start=1):
                (folder / f"slide-{i:02d}.png").write_bytes(png)
            click.echo(f"wrote {len(deck.slides)} PNG files to {folder}", err=True)
