"""Headline-figure cards: value, unit and period, the source sentence on hover."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geodata.figures import Figure
from geodata.i18n import t
from geodata.ui.text import escape_markdown


def show_figures(
    figures: Sequence[Figure], lang: str, *, columns: int = 4, key: str = "figures"
) -> None:
    """Draw ``figures`` as bordered metric cards, ``columns`` per row.

    Each card shows the title, value with unit and the period; hovering the help
    icon shows the source sentence, which is also in an expander for touch screens.
    Data-derived text is escaped so Streamlit's Markdown shows it as written.
    """
    if not figures:
        st.info(t("figures.none", lang))
        return
    for start in range(0, len(figures), columns):
        cells = st.columns(columns)
        for cell, figure in zip(cells, figures[start : start + columns], strict=False):
            with cell.container(border=True, key=f"{key}_{figure.id}"):
                # labels and help are Markdown to Streamlit; the figure is data
                st.metric(
                    escape_markdown(figure.label),
                    escape_markdown(figure.value_with_unit),
                    help=escape_markdown(figure.source),
                )
                st.caption(escape_markdown(figure.period))
    with st.expander(t("figures.source", lang)):
        for figure in figures:
            st.markdown(
                f"**{escape_markdown(figure.label)}**: {escape_markdown(figure.source)}"
            )
