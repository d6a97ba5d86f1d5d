"""Choice widgets more than one page offers."""

from __future__ import annotations

import streamlit as st

from geodata.catalog import SENSITIVITIES, LayerSpec
from geodata.i18n import t


def sensitivity_select(
    spec: LayerSpec, lang: str, *, label: str, key: str, current: object = None
) -> str | None:
    """Pick a sensitivity for ``spec``'s features; ``None`` is the layer default.

    The help text is the catalog's reason for the layer's default.
    """
    default = t(
        "map.sensitivity.default",
        lang,
        level=t(f"value.sensitivity.{spec.sensitivity.value}", lang),
    )
    choices = ("", *SENSITIVITIES)
    chosen = st.selectbox(
        label,
        choices,
        index=choices.index(current) if current in choices else 0,
        format_func=lambda c: t(f"value.sensitivity.{c}", lang) if c else default,
        key=key,
        help=spec.sensitivity_note(lang),
    )
    return chosen or None
