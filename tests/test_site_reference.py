"""The built editions and the exercises' reference answers: every exercise page of the trainer
edition shows its reference block; in the trainee edition no exercise page, downloadable
source or search-index fragment of one holds any of its reference answers (including the
widget state the page embeds). Chapters are left out: their worked examples are public
teaching material and may share a figure or a sentence with a key by design."""

from __future__ import annotations

import re

import pytest

from casebook.grading.catalog import default_catalog
from casebook.grading.reference import reference_needles
from tests.test_course_site import TRAINEE, TRAINER, _every_file_text, built  # noqa: F401

pytestmark = pytest.mark.site

EXERCISES = default_catalog()
BLOCK = "参考答案与评分说明"
_FRAGMENT_URL = re.compile(r'"url":"/(exercises/[^"]+)\.html"')


def _exercise_files(site):
    """(exercise page stem, text) of every file of the site that belongs to an exercise page."""
    for path, text in _every_file_text(site):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("exercises/", "_sources/exercises/")):
            yield relative.split("/")[-1].split(".")[0], text
        elif relative.startswith("pagefind/fragment/") and (match := _FRAGMENT_URL.search(text)):
            yield match[1].split("/")[-1], text


def test_the_trainer_edition_shows_every_exercise_its_reference_block():
    missing = []
    for exercise in EXERCISES.values():
        page = TRAINER / exercise.notebook.replace(".ipynb", ".html")
        if BLOCK not in page.read_text(encoding="utf-8"):
            missing.append(exercise.id)
    assert missing == []


def test_no_exercise_page_of_the_trainee_edition_holds_a_reference_answer():
    needles = {e.notebook.split("/")[-1][:-6]: reference_needles(e.id) for e in EXERCISES.values()}
    assert all(needles.values())
    leaks, seen = {}, set()
    for stem, text in _exercise_files(TRAINEE):
        seen.add(stem)
        found = [n[:30] for n in needles.get(stem, ()) if n in text]
        if found or BLOCK in text:
            leaks.setdefault(stem, []).extend(found or [BLOCK])
    assert seen >= set(needles)
    assert leaks == {}
