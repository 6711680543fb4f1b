"""The built editions and the exercises' reference answers: every exercise page of the trainer
edition shows its block, and nothing of it is anywhere in the trainee edition (pages,
downloadable sources, search index)."""

from __future__ import annotations

import pytest

from casebook.grading.catalog import default_catalog
from casebook.grading.reference import reference_needles
from tests.test_course_site import TRAINEE, TRAINER, _every_file_text, built  # noqa: F401

pytestmark = pytest.mark.site

EXERCISES = default_catalog()


def test_the_trainer_edition_shows_every_exercise_its_reference_block():
    missing = []
    for exercise in EXERCISES.values():
        page = TRAINER / exercise.notebook.replace(".ipynb", ".html")
        if "参考答案与评分说明" not in page.read_text(encoding="utf-8"):
            missing.append(exercise.id)
    assert missing == []


def test_the_trainee_edition_holds_no_reference_answer():
    needles = {ex: reference_needles(ex) for ex in EXERCISES}
    assert all(needles.values())
    leaks = {}
    for path, text in _every_file_text(TRAINEE):
        found = [(ex, n[:30]) for ex, ns in needles.items() for n in ns if n in text]
        if found:
            leaks[str(path.relative_to(TRAINEE))] = found[:3]
    assert "参考答案与评分说明" not in "".join(t for _, t in _every_file_text(TRAINEE))
    assert leaks == {}
