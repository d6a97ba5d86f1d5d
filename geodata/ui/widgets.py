"""Choice widgets whose values are ids and whose labels follow the language.

Streamlit keeps a multiselect's or selectbox's value in the browser as the label
it showed. When the language changes, the labels change and the old ones match
nothing: chips stay in the old language, or the choice empties (layers gone after
中文 -> English -> 中文). These wrappers keep the chosen ids in a language-free
slot of the session and hand them back to the widget whenever the language
changed since its last run, so a filter means the same in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from geodata.i18n import t

_IDS = "{key}__ids"
_LANG = "{key}__lang"


def _restore(key: str, lang: str, valid: Callable[[Any], Any]) -> None:
    """Before the widget: put the kept ids back when the language changed."""
    state = st.session_state
    ids_key, lang_key = _IDS.format(key=key), _LANG.format(key=key)
    if ids_key in state and state.get(lang_key) != lang:
        state[key] = valid(state[ids_key])
    state[lang_key] = lang


def _keep(key: str, value: Any) -> Any:
    st.session_state[_IDS.format(key=key)] = value
    return value


def remember(key: str, value: Any) -> None:
    """Set a choice widget's ids from code (before it is drawn), in any language."""
    st.session_state[key] = value
    st.session_state[_IDS.format(key=key)] = value


def id_multiselect(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    lang: str,
    format_func: Callable[[Any], str] = str,
    placeholder: str | None = None,
    container: Any = st,
    **kwargs: Any,
) -> list[Any]:
    """``st.multiselect`` over ids whose choice survives a language switch.

    ``placeholder`` defaults to the page's word for "choose" (Streamlit's own is
    English in every language).
    """
    _restore(key, lang, lambda ids: [v for v in ids if v in options])
    value = container.multiselect(
        label,
        options,
        key=key,
        format_func=format_func,
        placeholder=placeholder or t("widget.choose", lang),
        **kwargs,
    )
    return _keep(key, list(value))


def id_selectbox(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    lang: str,
    format_func: Callable[[Any], str] = str,
    container: Any = st,
    **kwargs: Any,
) -> Any:
    """``st.selectbox`` over ids whose choice survives a language switch."""
    _restore(key, lang, lambda v: v if v in options else next(iter(options), None))
    value = container.selectbox(
        label,
        options,
        key=key,
        format_func=format_func,
        placeholder=t("widget.choose_one", lang),
        **kwargs,
    )
    return _keep(key, value)
