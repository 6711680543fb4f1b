"""Each catalogue exercise has its notebook, whose header agrees with the catalogue."""

from __future__ import annotations

import re

import nbformat
import pytest

from casebook.grading.catalog import default_catalog
from tests.conftest import ROOT

EXERCISES = [e for e in default_catalog().values() if e.notebook]


def header_rows(path) -> dict[str, str]:
    first = nbformat.read(path, as_version=4).cells[0].source
    return dict(re.findall(r"^\| (\S+) \| (.+) \|$", first, flags=re.MULTILINE))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_notebook_header_matches_the_catalogue(exercise):
    path = ROOT / exercise.notebook
    assert path.is_file(), path
    rows = header_rows(path)
    assert {"学习目标", "对应原文要点", "难度", "预计用时", "满分"} <= set(rows)
    assert rows["难度"] == exercise.difficulty
    assert rows["预计用时"] == f"{exercise.minutes} 分钟"
    assert rows["满分"].startswith(f"{exercise.max_points:g} 分（")
    for item in exercise.items:
        assert f"{item.points:g} 分" in rows["满分"]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_notebook_has_a_hidden_submit_round_trip(exercise):
    cells = nbformat.read(ROOT / exercise.notebook, as_version=4).cells
    hidden = [c.source for c in cells if "remove-cell" in c.metadata.get("tags", [])]
    # One shared helper (casebook/ui/selftest.py) assigns, fills the widgets, presses 提交
    # and grades; the notebook says what to answer and what it must score.
    assert sum(f'roundtrip("{exercise.id}"' in s for s in hidden) == 1
    shown = [
        c for c in cells if c.cell_type == "code" and "remove-input" in c.metadata.get("tags", [])
    ]
    assert f'build_exercise("{exercise.id}"' in shown[0].source
