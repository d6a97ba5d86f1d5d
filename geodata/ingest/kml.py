"""KML attributes hidden in ``<description>`` HTML tables (ArcGIS, Google Earth).

ArcGIS "Layer to KML" and Google Earth's table export write each feature's
attributes as rows of a two-cell HTML table inside the description, not as
``ExtendedData``; GDAL hands the HTML on as one text. The rows become columns
here, and the description goes when every row of it was taken. Only the text of
the cells is kept: the HTML is never passed on.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

#: Texts ArcGIS writes for an empty value.
_NULLS = frozenset({"<null>", "&lt;null&gt;", "null", ""})


class _Rows(HTMLParser):
    """Collect the text of every two-cell table row, at any depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, str]] = []
        self._stack: list[list[list[str]]] = []  # open rows -> their cells' text
        self._in_cell: list[bool] = []

    def handle_starttag(self, tag: str, _attrs: object) -> None:
        if tag == "tr":
            self._stack.append([])
            self._in_cell.append(False)
        elif tag in ("td", "th") and self._stack:
            self._stack[-1].append([])
            self._in_cell[-1] = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._in_cell:
            self._in_cell[-1] = False
        elif tag == "tr" and self._stack:
            cells = ["".join(c).strip() for c in self._stack.pop()]
            self._in_cell.pop()
            if len(cells) == 2 and cells[0]:
                self.rows.append((cells[0], cells[1]))

    def handle_data(self, data: str) -> None:
        # text belongs to the innermost row with an open cell
        for cells, open_cell in zip(
            reversed(self._stack), reversed(self._in_cell), strict=True
        ):
            if open_cell and cells:
                cells[-1].append(data)
                return


def table_rows(html: object) -> list[tuple[str, str]]:
    """``(name, value)`` of the two-cell rows of an HTML description.

    Examples
    --------
    >>> table_rows("<table><tr><td>NAME</td><td>科尔沁区</td></tr>"
    ...            "<tr><td>CODE</td><td>150502</td></tr></table>")
    [('NAME', '科尔沁区'), ('CODE', '150502')]
    >>> table_rows("just a note"), table_rows(None)
    ([], [])
    """
    if not isinstance(html, str) or "<t" not in html.lower():
        return []
    parser = _Rows()
    parser.feed(html)
    parser.close()
    return parser.rows


def _description_column(frame: pd.DataFrame) -> str | None:
    for column in frame.columns:
        if str(column).lower() == "description":
            return str(column)
    return None


def expand_descriptions(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The frame with description table rows as columns; the names of those added.

    Nothing changes unless at least half the descriptions hold such a table. A
    name that equals an existing column gets `` (description)`` appended unless
    its values are the same.
    """
    column = _description_column(frame)
    if column is None:
        return frame, []
    parsed = [table_rows(v) for v in frame[column]]
    present = frame[column].notna().sum()
    if not present or sum(bool(p) for p in parsed) * 2 < present:
        return frame, []
    names: list[str] = []
    for rows in parsed:
        names += [k for k, _ in rows if k not in names]
    values = {n: [None] * len(frame) for n in names}
    for i, rows in enumerate(parsed):
        for key, value in rows:
            values[key][i] = None if value.strip().lower() in _NULLS else value
    out = frame.drop(columns=[column]) if all(parsed) else frame.copy()
    added = []
    for name in names:
        target = name
        if target in out.columns:
            same = out[target].astype("string").fillna("").tolist() == [
                v or "" for v in values[name]
            ]
            if same:
                continue
            target = f"{name} (description)"
        out[target] = pd.Series(values[name], index=out.index, dtype=object)
        added.append(target)
    return out, added
