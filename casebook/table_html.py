"""DataFrames as designed HTML tables: no meaningless index, every cell in full, phone-ready.

pandas' notebook view shows the 0, 1, 2 … index as a first column and cuts any cell longer
than 50 characters with "..." (so a long legal citation cannot be read anywhere). The
tables rendered here:

* drop the index when it is just a row number (unnamed integers); a meaningful index
  (named, or text such as a strategy name) becomes a row header;
* show every cell in full;
* carry the column name on every cell (``data-label``), so that ``casebook.css`` can lay
  each row out as a card on a narrow screen instead of squeezing ten columns into 390 px.

Tables with multi-level columns keep pandas' layout (scrolling sideways) with full cells.
The renderer is registered in the kernels that build the book and that Voilà starts (see
``book/_ext/kernel_startup.py``), so notebooks stay untouched; widgets that show a table
(the strategy lab) call :func:`dataframe_to_html` themselves. It imports only the standard
library (pandas when a table is rendered), so the kernel start-up stays cheap.
"""

from __future__ import annotations

import html
import re
from typing import Any

TABLE_CLASS = "casebook-table"
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(th|td)[^>]*>(.*?)</\1>", re.S)


def _index_is_row_number(frame: Any) -> bool:
    index = frame.index
    if getattr(index, "nlevels", 1) != 1 or index.name is not None:
        return False
    return str(index.dtype).startswith(("int", "uint", "Int", "UInt")) or (
        type(index).__name__ == "RangeIndex"
    )


def _pandas_cells(frame: Any, index: bool) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Header labels and body rows (tag, inner html) as pandas formats them, untruncated."""
    import pandas as pd

    with pd.option_context("display.max_colwidth", None):
        table = frame.to_html(
            index=index,
            escape=True,
            border=0,
            max_rows=pd.get_option("display.max_rows"),
            max_cols=pd.get_option("display.max_columns"),
        )
    head, _, body = table.partition("</thead>")
    head_rows = [_CELL.findall(row) for row in _ROW.findall(head)]
    body_rows = [_CELL.findall(row) for row in _ROW.findall(body)]
    return [cell for _, cell in head_rows[0]] if head_rows else [], body_rows


def dataframe_to_html(frame: Any) -> str:
    """The designed HTML table for a DataFrame (see the module docstring)."""
    import pandas as pd

    if getattr(frame.columns, "nlevels", 1) > 1:
        with pd.option_context("display.max_colwidth", None):
            return frame.to_html(classes=[TABLE_CLASS, "casebook-table-wide"], border=0)
    keep_index = not _index_is_row_number(frame)
    header, rows = _pandas_cells(frame, keep_index)
    levels = frame.index.nlevels if keep_index else 0
    columns = header[levels:]  # pandas' own labels, escaped, with "..." if it elided any
    corner = html.escape(" / ".join(str(n) for n in frame.index.names if n is not None))

    out = [f'<table class="dataframe {TABLE_CLASS}">', "<thead><tr>"]
    if keep_index:
        out.append(f'<th scope="col" class="index-heading">{corner}</th>')
    out.extend(f'<th scope="col">{label}</th>' for label in columns)
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        if keep_index:
            name = " / ".join(text for _, text in row[:levels])
            out.append(f'<th scope="row" data-label="{_attr(corner)}">{name}</th>')
        for position, (_, text) in enumerate(row[levels:]):
            label = columns[position] if position < len(columns) else ""
            out.append(f'<td data-label="{_attr(label)}">{text}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _attr(escaped_text: str) -> str:
    """Text already escaped for HTML content, made safe inside a double-quoted attribute."""
    return escaped_text.replace('"', "&quot;")


_PANDAS_TABLE = re.compile(r'<table border="1" class="dataframe">(.*?)</table>', re.S)


def redesign_pandas_html(text: str) -> str:
    """Rewrite tables pandas already rendered (``df.to_html()`` in a notebook) the same way.

    Only single-header-row tables are rewritten (others are left as they are): a first
    column of row numbers 0, 1, 2 … is dropped, any other first column of row headers is
    kept, and every cell gets its column name. Cells cut by pandas cannot be restored.
    """

    def rewrite(match: re.Match) -> str:
        head, _, body = match.group(1).partition("</thead>")
        head_rows = [_CELL.findall(row) for row in _ROW.findall(head)]
        body_rows = [_CELL.findall(row) for row in _ROW.findall(body)]
        if len(head_rows) != 1:
            return match.group(0)
        header = [text for _, text in head_rows[0]]
        has_index = bool(body_rows) and all(row and row[0][0] == "th" for row in body_rows)
        row_numbers = has_index and [row[0][1].strip() for row in body_rows] == [
            str(i) for i in range(len(body_rows))
        ]
        out = [f'<table class="dataframe {TABLE_CLASS}">', "<thead><tr>"]
        columns = header[1:] if has_index else header
        if has_index and not row_numbers:
            out.append(f'<th scope="col" class="index-heading">{header[0]}</th>')
        out.extend(f'<th scope="col">{label}</th>' for label in columns)
        out.append("</tr></thead><tbody>")
        for row in body_rows:
            out.append("<tr>")
            if has_index:
                if not row_numbers:
                    out.append(f'<th scope="row" data-label="{_attr(header[0])}">{row[0][1]}</th>')
                row = row[1:]
            for position, (_, cell) in enumerate(row):
                label = columns[position] if position < len(columns) else ""
                out.append(f'<td data-label="{_attr(label)}">{cell.strip()}</td>')
            out.append("</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    return _PANDAS_TABLE.sub(rewrite, text)


def register(shell: Any) -> None:
    """Render every DataFrame the kernel displays with :func:`dataframe_to_html`."""
    formatter = shell.display_formatter.formatters["text/html"]
    for module in ("pandas", "pandas.core.frame"):
        formatter.for_type_by_name(module, "DataFrame", dataframe_to_html)
