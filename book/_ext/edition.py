"""Sphinx extension: build the trainee or the trainer edition from one source.

The edition comes from the environment variable ``CASEBOOK_EDITION`` (``trainee`` by
default). In the trainee edition:

* content inside ``{only} trainer`` blocks is dropped (Sphinx tags ``trainer``/``trainee``);
* notebook cells tagged ``trainer-only`` are removed from the document tree;
* trainer-only pages are left out by the table of contents the Makefile passes
  (see ``tools/edition_toc.py``), so they are never built.

Removed content is absent from the HTML and from the search index, not merely hidden.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

EDITIONS = ("trainee", "trainer")
TRAINER_TAG_CLASS = "tag_trainer-only"


def current_edition() -> str:
    """The edition being built, validated."""
    edition = os.environ.get("CASEBOOK_EDITION", "trainee")
    if edition not in EDITIONS:
        raise ValueError(f"CASEBOOK_EDITION must be one of {EDITIONS}, not {edition!r}")
    return edition


def _add_tag(app: Sphinx, config: Any) -> None:
    app.tags.add(current_edition())


def _strip_trainer_cells(app: Sphinx, doctree: nodes.document) -> None:
    if current_edition() == "trainer":
        return
    for node in list(doctree.findall(nodes.Element)):
        if TRAINER_TAG_CLASS in node.get("classes", []) and node.parent is not None:
            node.parent.remove(node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_tag)
    app.connect("doctree-read", _strip_trainer_cells)
    app.add_config_value("casebook_edition", current_edition(), "env")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
