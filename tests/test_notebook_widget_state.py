"""Notebooks store only the widget state their page shows (issue 12 part 4).

Hidden test cells build their own instances (the selftest round trip, the judicial
widgets); those must not be saved: they would weigh on every page and carry the answers
the tests typed in. tools/execute_notebooks.py prunes them; this checks the stored files.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from execute_notebooks import STATE_MIME, displayed_models, reachable_models

EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
NOTEBOOKS = EXERCISES + sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saved_widget_state_is_only_what_the_page_shows(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE_MIME, {}).get("state", {})
    shown = displayed_models(nb)
    assert shown <= set(state)  # every displayed widget can be rendered
    assert set(state) == reachable_models(nb)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_one_round_trip_helper_per_exercise(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    hidden = ["".join(c["source"]) for c in cells if "remove-cell" in c["metadata"].get("tags", [])]
    assert sum("roundtrip(" in text for text in hidden) == 1
    assert not any("assign_one" in text or "grade_assignment" in text for text in hidden)


def test_the_pruning_keeps_references_and_drops_the_rest():
    from execute_notebooks import prune_widget_state
    from nbformat import from_dict

    shown, layout, hidden = "a" * 32, "b" * 32, "c" * 32
    nb = from_dict(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "outputs": [
                        {"data": {"application/vnd.jupyter.widget-view+json": {"model_id": shown}}}
                    ],
                }
            ],
            "metadata": {
                "widgets": {
                    STATE_MIME: {
                        "state": {
                            shown: {"state": {"layout": f"IPY_MODEL_{layout}"}},
                            layout: {"state": {}},
                            hidden: {"state": {"value": "2023-02-28"}},
                        }
                    }
                }
            },
        }
    )
    prune_widget_state(nb)
    assert set(nb.metadata["widgets"][STATE_MIME]["state"]) == {shown, layout}
