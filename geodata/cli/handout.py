"""``geodata handout``: a deck as a PDF handout, one page per slide (and PNGs)."""

from __future__ import annotations

import click

from geodata.audit import record_export
from geodata.cli.common import (
    operator,
    output_folder,
    output_path,
    say,
    store_from,
    user_errors,
    write_output,
)
from geodata.cli.options import (
    audience_option,
    lang_option,
    output_option,
    store_option,
)
from geodata.present.decks import DEFAULT_DECK, load_deck
from geodata.present.fonts import is_built
from geodata.present.handout import deck_frames, deck_pdf, deck_pngs


@click.command("handout")
@click.option(
    "--deck",
    "deck_name",
    default=DEFAULT_DECK,
    show_default=True,
    help="Name of the deck to print.",
)
@lang_option("Language of every text on the pages.")
@output_option("PDF file to write.")
@click.option(
    "--png-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Also write slide-01.png, slide-02.png, ... into this folder.",
)
@audience_option("public")
@store_option
@click.pass_context
def command(
    ctx: click.Context,
    deck_name: str,
    lang: str,
    output: str,
    png_dir: str | None,
    audience: str,
) -> None:
    """Print a slide deck as a PDF: static maps, legends, figures and sources."""
    path = output_path(output)
    folder = None if png_dir is None else output_folder(png_dir)
    store = store_from(ctx)
    with user_errors():
        deck = load_deck(store, deck_name)
        if not is_built():
            say("cli.building_font")
        edition = {"audience": audience, "review_no": ctx.obj.map_review_no}
        write_output(path, deck_pdf(store, deck, lang, **edition))
        say("cli.wrote_pages", path=path, n=len(deck.slides))
        record_export(
            store,
            operator(),
            deck_frames(store, deck),
            audience=audience,
            detail=f"cli handout {deck.name}",
        )
        if folder is not None:
            for i, png in enumerate(deck_pngs(store, deck, lang, **edition), start=1):
                write_output(folder / f"slide-{i:02d}.png", png)
            say("cli.wrote_pngs", n=len(deck.slides), folder=folder)
