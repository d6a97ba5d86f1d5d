"""Data-derived text, safe in a terminal, a log line or a table cell.

A commit note or a name is hostile like every uploaded value: a newline in it
would forge a line in ``history``, an escape sequence would repaint a terminal.
:func:`escape_control` shows every control character as a visible escape.
(Markdown in pages has its own escaper, ``geodata.ui.text.escape_markdown``;
HTML uses ``html.escape``.)
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: object) -> str:
    r"""``text`` with control and bidi-override characters shown as escapes.

    Examples
    --------
    >>> print(escape_control("fix\nv9\tadmin\x1b[2J"))
    fix\nv9\tadmin\x1b[2J
    >>> escape_control("双拥路") == "双拥路", escape_control(None)
    (True, '')
    """
    if text is None:
        return ""
    return _CONTROL.sub(_visible, str(text))
