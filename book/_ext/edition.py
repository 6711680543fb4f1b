"""Sphinx extension: build the trainee or the trainer edition from one source.

The edition comes from the environment variable ``CASEBOOK_EDITION`` (``trainee`` by
default). In the trainee edition:

* content inside ``{only} trainer`` blocks is dropped (Sphinx tags ``trainer``/``trainee``);
* notebook cells tagged ``trainer-only`` are removed from the document tree;
* trainer-only pages are left out by the table of contents the Makefile passes
  (see ``tools/edition_toc.py``), so they are never built;
* the page sources offered for download (``_sources/…/*.ipynb``, ``*.md``) lose the same
  cells and blocks, outputs included, and the notebooks' hidden test cells (``remove-cell``,
  which type in the answers) too (:func:`strip_trainer_sources`).

Removed content is absent from the HTML, from the search index and from the downloadable
sources, not merely hidden.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
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


# -- downloadable sources -----------------------------------------------------------------

TRAINER_TAG = "trainer-only"
#: Hidden test cells: never on a page, and they hold the answers the tests type in.
HIDDEN_TAG = "remove-cell"
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<directive>code-cell|only)\}\s*(?P<arg>.*)$")


def _trainer_block(directive: str, arg: str, body: list[str]) -> bool:
    if directive == "only":
        return arg.strip() == "trainer"
    options = []
    for line in body:
        if not line.startswith(":"):
            break
        options.append(line)
    return any(
        line.startswith(":tags:") and (TRAINER_TAG in line or HIDDEN_TAG in line)
        for line in options
    )


def strip_myst_source(text: str) -> str:
    """MyST text without ``{only} trainer`` blocks, ``trainer-only`` code cells and hidden
    test cells (``remove-cell``)."""
    lines = text.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match:
            fence = match.group("fence")
            end = next(
                (j for j in range(index + 1, len(lines)) if lines[j].rstrip() == fence), None
            )
            if end is not None and _trainer_block(
                match.group("directive"), match.group("arg"), lines[index + 1 : end]
            ):
                index = end + 1
                continue
        kept.append(lines[index])
        index += 1
    return "\n".join(kept)


def strip_notebook_source(text: str) -> str:
    """Notebook JSON without the cells tagged ``trainer-only`` or ``remove-cell`` (hidden
    tests), sources and outputs."""
    notebook = json.loads(text)
    notebook["cells"] = [
        cell
        for cell in notebook.get("cells", [])
        if not {TRAINER_TAG, HIDDEN_TAG} & set(cell.get("metadata", {}).get("tags", []))
    ]
    for cell in notebook["cells"]:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            joined = "".join(source) if isinstance(source, list) else source
            stripped = strip_myst_source(joined)
            if stripped != joined:
                cell["source"] = stripped
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def strip_trainer_sources(outdir: str | Path) -> list[Path]:
    """Rewrite ``outdir/_sources`` of the trainee edition without trainer content."""
    changed = []
    for path in sorted((Path(outdir) / "_sources").rglob("*")):
        if not path.is_file():
            continue
        name = path.name.removesuffix(".txt")
        text = path.read_text(encoding="utf-8")
        if name.endswith(".ipynb"):
            new = strip_notebook_source(text)
            if json.loads(new) == json.loads(text):
                continue
        elif name.endswith(".md"):
            new = strip_myst_source(text)
        else:
            continue
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def _strip_trainer_sources(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and current_edition() == "trainee":
        strip_trainer_sources(app.outdir)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_tag)
    app.connect("doctree-read", _strip_trainer_cells)
    app.connect("build-finished", _strip_trainer_sources)
    app.add_config_value("casebook_edition", current_edition(), "env")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
