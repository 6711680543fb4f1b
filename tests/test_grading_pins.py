"""Points pinned before exercises became question sheets (issue 12): the refactor changed no grade.

``tests/data/grading_pins.json`` was computed with the per-exercise kinds on main before the
refactor (commit 1ec52d8): for every exercise, on its practice seed and two more, the
reference answers, an empty submission, simulated answers of mixed quality and, for the
question-style exercises, the reference answers with one answer changed at a time (every
option of every question, near-miss numbers and dates, the rounding and term limits). Each
entry holds the answers and the points of every item, as literals. Entries marked
``changed`` are the deliberate fixes, each with the reason; entries with a ``note`` were
computed the same way, by main's kinds, and say why: a changed practice example (ex21's,
which the judicial toolkit teaches and so gave the exercise's answer away), main's stricter
wording judge after a merge, or exercises main added later (ex50–ex55).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import GradingContext, get_kind
from casebook.grading.sheets.answers import key_answers
from casebook.model import Action
from casebook.policy.loader import load_packs

PINS = json.loads((Path(__file__).parent / "data" / "grading_pins.json").read_text("utf-8"))


@cache
def variant(exercise_id: str, seed: int):
    exercise = get_exercise(exercise_id)
    return get_kind(exercise.kind).make_variant(exercise, seed)


@pytest.fixture(scope="module")
def ctx():
    return GradingContext(load_packs(["cn"]))


def test_every_exercise_is_pinned():
    from casebook.grading.catalog import default_catalog

    pinned = {p["exercise_id"] for p in PINS}
    assert pinned == set(default_catalog())
    for exercise_id in pinned:
        labels = {p["label"] for p in PINS if p["exercise_id"] == exercise_id}
        assert "empty" in labels and any(label.startswith("simulated") for label in labels)
    assert len(PINS) > 1000


@pytest.mark.parametrize("exercise_id", sorted({p["exercise_id"] for p in PINS}))
def test_pinned_points_are_unchanged(ctx, exercise_id):
    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    mismatches = []
    for pin in (p for p in PINS if p["exercise_id"] == exercise_id):
        v = variant(exercise_id, pin["seed"])
        log = [Action.model_validate(a) for a in pin["action_log"]]
        result = kind.grade(exercise, v, kind.validate(exercise, v, pin["answers"], log), ctx)
        got = {i.item_id: i.points for i in result.items}
        if got != pin["items"]:
            mismatches.append((pin["seed"], pin["label"], pin["items"], got))
        assert result.points == round(sum(pin["items"].values()), 2)
    assert mismatches == []


def _normal(answers: dict) -> dict:
    return {k: sorted(v) if isinstance(v, list) else v for k, v in answers.items()}


@pytest.mark.parametrize(
    "pin",
    [
        p
        for p in PINS
        if p["label"] == "reference" and get_exercise(p["exercise_id"]).kind == "sheet"
    ],
    ids=lambda p: f"{p['exercise_id']}-{p['seed']}",
)
def test_the_stored_reference_answers_are_the_ones_pinned(ctx, pin):
    """The sheet's key holds the same right answers as the old kinds' keys, and earns 100."""
    v = variant(pin["exercise_id"], pin["seed"])
    stored = _normal(key_answers(v))
    assert stored == {k: v for k, v in _normal(pin["answers"]).items() if k in stored}
    exercise = get_exercise(pin["exercise_id"])
    kind = get_kind("sheet")
    log = [Action.model_validate(a) for a in pin["action_log"]]
    result = kind.grade(exercise, v, kind.validate(exercise, v, key_answers(v), log), ctx)
    assert result.points == 100
