"""Choice widgets whose values are ids and whose labels follow the language.

Streamlit keeps a multiselect's, selectbox's or radio's value in the browser as
the label it showed. When the language changes, the labels change and the old
ones match nothing: chips and boxes stay in the old language, a radio shows no
choice, and on the next switch the choice is gone (layers lost after 中文 ->
English -> 中文). These wrappers keep the chosen ids in a language-free slot of
the session and hand them back to the widget whenever the language changed since
its last run, so a choice means the same in both languages. Every page's choice
widgets with translated labels use them; keys may be made at run time (one per
column or value of an upload).
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
    default: Sequence[Any] | None = None,
    container: Any = st,
    **kwargs: Any,
) -> list[Any]:
    """``st.multiselect`` over ids whose choice survives a language switch.

    ``placeholder`` defaults to the page's word for "choose" (Streamlit's own is
    English in every language); ``default`` is what a first drawing shows.
    """
    _restore(key, lang, lambda ids: [v for v in ids if v in options])
    value = container.multiselect(
        label,
        options,
        key=key,
        format_func=format_func,
        placeholder=placeholder or t("widget.choose", lang),
        **_start(key, "default", default),
        **kwargs,
    )
    return _keep(key, list(value))


def _one_of(options: Sequence[Any], index: int | None) -> Callable[[Any], Any]:
    """A kept id if still offered, else what the widget starts with (or nothing)."""
    start = options[index] if index is not None and len(options) else None
    return lambda v: v if v in options else start


def _start(key: str, name: str, start: Any) -> dict[str, Any]:
    # A value in the session wins over ``index`` or ``default``; passing both
    # makes Streamlit log a warning whenever the value was put back, so the
    # start goes only to a widget drawn for the first time.
    return {} if key in st.session_state else {name: start}


def _id_one(
    draw: str,
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    lang: str,
    format_func: Callable[[Any], str] = str,
    index: int | None = 0,
    container: Any = st,
    **kwargs: Any,
) -> Any:
    """One id from ``options`` with ``container``'s widget ``draw`` (by name)."""
    _restore(key, lang, _one_of(options, index))
    value = getattr(container, draw)(
        label,
        options,
        key=key,
        format_func=format_func,
        **_start(key, "index", index),
        **kwargs,
    )
    return _keep(key, value)


def id_selectbox(
    label: str, options: Sequence[Any], *, key: str, lang: str, **kwargs: Any
) -> Any:
    """``st.selectbox`` over ids whose choice survives a language switch.

    Takes ``st.selectbox``'s arguments (``format_func``, ``index``, ...) and
    ``container`` (``st`` or ``st.sidebar``, say). ``index=None`` starts with no
    choice, and a switch keeps it unmade; ``placeholder`` defaults to the page's
    word for "choose one".
    """
    kwargs.setdefault("placeholder", t("widget.choose_one", lang))
    return _id_one("selectbox", label, options, key=key, lang=lang, **kwargs)


def id_radio(
    label: str, options: Sequence[Any], *, key: str, lang: str, **kwargs: Any
) -> Any:
    """``st.radio`` over ids whose choice survives a language switch.

    Takes ``st.radio``'s arguments and ``container``, as :func:`id_selectbox`.
    """
    return _id_one("radio", label, options, key=key, lang=lang, **kwargs)
