r"""Data text on its way into a map page: escaped for HTML and for folium's templates.

folium renders each element's script and then compiles the result again as a
Jinja template (branca wraps it in ``Element``). A value holding ``{{ ... }}``
would be evaluated on the server, so besides HTML escaping, every data text that
reaches a map has its braces escaped too: as HTML entities where the page reads it
as HTML, as a JSON ``\u007b`` where it travels as a JS string.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd

__all__ = ["html_text", "html_texts", "js_literal"]

_ESCAPES = (
    ("&", "&amp;"),  # first, so entities are not escaped twice
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("'", "&#x27;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
)
# Jinja's openers; JSON syntax never has them outside a string.
_TEMPLATE_OPENERS = re.compile(r"\{(?=[{%#])")


def html_text(value: object) -> str:
    """``value`` as HTML text that no template engine acts on.

    Examples
    --------
    >>> html_text("<b>{{ 7*7 }}</b>")
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    >>> html_text(None)
    ''
    """
    if value is None:
        return ""
    text = html.escape(str(value))
    return text.replace("{", "&#123;").replace("}", "&#125;")


def html_texts(values: pd.Series) -> pd.Series:
    """:func:`html_text` of every value (missing -> ""), vectorised.

    Examples
    --------
    >>> import pandas as pd
    >>> html_texts(pd.Series(["<b>&", None, 3, "{%x%}"])).tolist()
    ['&lt;b&gt;&amp;', '', '3', '&#123;%x%&#125;']
    """
    text = values.astype("string").fillna("")
    for char, entity in _ESCAPES:
        text = text.str.replace(char, entity, regex=False)
    return text


def js_literal(value: object) -> str:
    r"""``value`` as a JS literal that cannot end its ``<script>`` or open a template.

    Examples
    --------
    >>> js_literal({"a": "</script>{{x}}"})
    '{"a": "\\u003c/script>\\u007b{x}}"}'
    """
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    while _TEMPLATE_OPENERS.search(text):
        text = _TEMPLATE_OPENERS.sub("\\\\u007b", text)
    return text
