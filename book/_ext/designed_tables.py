"""Sphinx extension: DataFrames in the book render as designed tables (:mod:`casebook.table_html`).

The kernels that execute the pages inherit ``PYTHONSTARTUP`` from the build process, so the
renderer is registered before any cell runs and no page or notebook has to import it. The
Makefile drops the execution cache when these files change. Tables a notebook renders
itself (``HTML(frame.to_html())``) are rewritten in the document tree the same way.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from casebook.table_html import redesign_pandas_html

KERNEL_STARTUP = Path(__file__).with_name("kernel_startup.py")


def _redesign(app: Sphinx, doctree: nodes.document) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        if raw.get("format") == "html" and 'class="dataframe"' in raw.astext():
            raw.replace_self(
                nodes.raw(
                    "", redesign_pandas_html(raw.astext()), format="html", classes=raw["classes"]
                )
            )


def setup(app: Sphinx) -> dict[str, Any]:
    os.environ["PYTHONSTARTUP"] = str(KERNEL_STARTUP)
    app.connect("doctree-read", _redesign)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
