"""Saved ipywidgets state: keep only the models a page shows.

A notebook saves the state of every widget its kernel created, including those that hidden
test cells build (and the answers they type in). A page needs only the models its outputs
display and the models those refer to (layouts, styles, children). Used by
``tools/execute_notebooks.py`` for the stored notebooks and by ``book/_ext/widget_state.py``
for the pages of the book, which are executed at build time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
_REFERENCE = re.compile(r'IPY_MODEL_([0-9a-f]{32})|"model_id":\s*"([0-9a-f]{32})"')


def model_ids(text: str) -> set[str]:
    """Model ids referred to in ``text`` (``IPY_MODEL_…`` or a view's ``"model_id"``)."""
    return {a or b for a, b in _REFERENCE.findall(text)}


def reachable(state: Mapping[str, Any], shown: Iterable[str]) -> set[str]:
    """The ``shown`` models present in ``state`` and every model they refer to, transitively."""
    found: set[str] = set()
    stack = list(shown)
    while stack:
        model = stack.pop()
        if model in found or model not in state:
            continue
        found.add(model)
        stack.extend(model_ids(json.dumps(state[model])))
    return found


def prune(state: dict[str, Any], shown: Iterable[str]) -> int:
    """Delete from ``state`` the models not reachable from ``shown``; return how many."""
    keep = reachable(state, shown)
    dropped = [m for m in state if m not in keep]
    for model in dropped:
        del state[model]
    return len(dropped)
