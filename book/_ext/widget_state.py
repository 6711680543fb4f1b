"""Pages embed only the widget state they show.

The book executes its notebooks at build time, and the executed notebook saves the state of
every widget its kernel created, hidden test instances included (with the answers those
tests type in). After the edition has removed its cells (``edition``, doctree-read), this
keeps in the page's embedded widget state only the models the remaining outputs display and
the models they refer to (:mod:`casebook.widget_state`).
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from myst_nb.core.render import sanitize_script_content
from sphinx.application import Sphinx

from casebook.widget_state import VIEW_MIME, model_ids, prune

#: myst-nb's key for the page's embedded widget state (``NbMetadataCollector`` js files).
STATE_KEY = "ipywidgets_state"


def shown_models(doctree: nodes.document) -> set[str]:
    """Model ids of the widget views left in the page."""
    found: set[str] = set()
    for node in doctree.findall(nodes.raw):
        text = node.astext()
        if VIEW_MIME in text:
            found |= model_ids(text)
    return found


def prune_page_state(js_files: dict[str, tuple[str | None, dict[str, str]]], shown: set[str]):
    """Rewrite the embedded state script (``js_files[STATE_KEY]``) to the ``shown`` models."""
    if STATE_KEY not in js_files:
        return
    uri, attributes = js_files[STATE_KEY]
    data = json.loads(attributes["body"])
    prune(data.get("state", {}), shown)
    if data.get("state"):
        body = sanitize_script_content(json.dumps(data))
        js_files[STATE_KEY] = (uri, {**attributes, "body": body})
    else:
        del js_files[STATE_KEY]


def _prune(app: Sphinx, doctree: nodes.document) -> None:
    from myst_nb.sphinx_ import NbMetadataCollector

    js_files = NbMetadataCollector.get_js_files(app.env, app.env.docname)
    prune_page_state(js_files, shown_models(doctree))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _prune, priority=600)  # after edition's cell removal (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
