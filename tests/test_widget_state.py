"""Pages and stored notebooks keep only the widget state they show (casebook.widget_state,
book/_ext/widget_state.py for the pages the book executes at build time)."""

from __future__ import annotations

import importlib.util
import json

from docutils import nodes
from docutils.utils import new_document

from casebook.widget_state import STATE_MIME, VIEW_MIME, prune, reachable
from tests.conftest import ROOT

SHOWN, LAYOUT, CHILD, HIDDEN = ("a" * 32, "b" * 32, "c" * 32, "d" * 32)
STATE = {
    SHOWN: {"state": {"layout": f"IPY_MODEL_{LAYOUT}", "children": [f"IPY_MODEL_{CHILD}"]}},
    LAYOUT: {"state": {}},
    CHILD: {"state": {"value": "公开"}},
    HIDDEN: {"state": {"value": "980.26"}},  # a hidden test typed the answer in
}


def _extension():
    path = ROOT / "book" / "_ext" / "widget_state.py"
    spec = importlib.util.spec_from_file_location("widget_state_ext", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reachable_follows_references_and_prune_drops_the_rest():
    assert reachable(STATE, [SHOWN]) == {SHOWN, LAYOUT, CHILD}
    state = json.loads(json.dumps(STATE))
    assert prune(state, [SHOWN]) == 1 and HIDDEN not in state


def test_a_page_embeds_only_the_widgets_it_shows():
    ext = _extension()
    document = new_document("ex99")
    view = json.dumps({"version_major": 2, "version_minor": 0, "model_id": SHOWN})
    document += nodes.raw("", f'<script type="{VIEW_MIME}">{view}</script>', format="html")
    shown = ext.shown_models(document)
    assert shown == {SHOWN}
    body = json.dumps({"version_major": 2, "version_minor": 0, "state": STATE})
    js_files = {ext.STATE_KEY: (None, {"type": STATE_MIME, "body": body})}
    ext.prune_page_state(js_files, shown)
    kept = json.loads(js_files[ext.STATE_KEY][1]["body"])["state"]
    assert set(kept) == {SHOWN, LAYOUT, CHILD}
    assert "980.26" not in js_files[ext.STATE_KEY][1]["body"]
    js_files = {ext.STATE_KEY: (None, {"type": STATE_MIME, "body": body})}
    ext.prune_page_state(js_files, set())  # a page showing no widget embeds no state
    assert js_files == {}
