"""Render a :class:`~casebook.documents.doc.Doc` as HTML (for the book) or .docx (python-docx)."""

from __future__ import annotations

import os
import tempfile
from html import escape
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from casebook.documents.doc import Doc
from casebook.palette import BORDER, DANGER, WHITE

_PAGE = (
    f"border:1px solid {BORDER};border-radius:6px;padding:16px 24px;margin:8px 0;"
    f"background:{WHITE};line-height:1.8;font-family:'Noto Serif CJK SC','Songti SC',serif;"
)
_SEAL = (
    f"display:inline-block;border:2px solid {DANGER};color:{DANGER};border-radius:50%;"
    "padding:14px 10px;font-size:0.85em;text-align:center;"
)
FONT = "宋体"


def doc_html(doc: Doc) -> str:
    """The document as an HTML fragment (tables plain, no scripts)."""
    parts = [f'<div style="{_PAGE}"><h3 style="text-align:center">{escape(doc.title)}</h3>']
    for b in doc.blocks:
        if b.kind == "heading":
            parts.append(f"<p><b>{escape(b.text)}</b></p>")
        elif b.kind == "para":
            parts.append(f'<p style="text-align:{b.align}">{escape(b.text)}</p>')
        elif b.kind == "table":
            head, *body = b.rows
            parts.append(
                "<table><thead><tr>"
                + "".join(f"<th>{escape(c)}</th>" for c in head)
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in body
                )
                + "</tbody></table>"
            )
        elif b.kind == "seal":
            parts.append(
                f'<p style="text-align:right"><span style="{_SEAL}">{escape(b.text)}</span></p>'
            )
        else:
            parts.append(f'<p style="text-align:right">{escape(b.text)}</p>')
    parts.append("</div>")
    if doc.notes:
        parts.append(
            "<ul>" + "".join(f"<li><small>{escape(n)}</small></li>" for n in doc.notes) + "</ul>"
        )
    return "".join(parts)


def _font(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def doc_docx(doc: Doc):
    """The document as a python-docx ``Document`` (not saved)."""
    out = Document()
    out.core_properties.title = doc.title
    out.core_properties.author = "casebook（合成示例）"
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(doc.title), 16, bold=True)
    for b in doc.blocks:
        if b.kind == "table":
            head, *body = b.rows
            table = out.add_table(rows=1 + len(body), cols=len(head))
            table.style = "Table Grid"
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = ""
                    _font(cell.paragraphs[0].add_run(text), 10.5, bold=r == 0)
            continue
        paragraph = out.add_paragraph()
        paragraph.alignment = _ALIGN[b.align]
        _font(paragraph.add_run(b.text), 12, bold=b.kind in ("heading", "seal"))
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A failure (full disk, no permission) leaves any existing file at ``path`` untouched and no
    half-written file behind; the :class:`OSError` is raised for the caller to report.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def save_docx(doc: Doc, path: str | Path) -> Path:
    """Write ``doc`` to ``path`` as .docx (atomically) and return the path."""
    return write_atomic(path, docx_bytes(doc))


def docx_bytes(doc: Doc) -> bytes:
    """The .docx file as bytes."""
    buffer = BytesIO()
    doc_docx(doc).save(buffer)
    return buffer.getvalue()


def docx_text(path_or_bytes: str | Path | bytes) -> str:
    """All paragraph and table text of a .docx file, read back with python-docx."""
    source = BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    document = Document(source)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
