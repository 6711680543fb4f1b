"""Reference answers and marking notes: every exercise has them, for trainers only."""

from __future__ import annotations

import json
from html import escape

import pytest

from casebook.grading.catalog import default_catalog
from casebook.grading.reference import (
    EDITION_ENV,
    reference,
    reference_html,
    reference_needles,
    show_reference,
)
from tests.conftest import ROOT

EXERCISES = sorted(default_catalog())


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_exercise_has_reference_answers_and_notes(exercise_id):
    ref = reference(exercise_id)
    assert ref.rows and all(answer.strip() for _, answer, _ in ref.rows)
    assert any(note.strip() for _, _, note in ref.rows) or ref.notes
    if ref.exercise.kind == "sheet":  # one row per graded item, in the sheet's order
        assert sorted(item for item, _, _ in ref.rows) == sorted(
            i.title for i in ref.exercise.items
        )
    html = reference_html(exercise_id)
    for _, answer, note in ref.rows:
        assert escape(answer) in html and escape(note) in html
    assert reference_needles(exercise_id)


def test_sheet_references_are_the_keys_answers():
    ref = reference("ex20")
    assert [answer.split("（")[0] for _, answer, _ in ref.rows] == [
        "¥1,960.51",
        "¥980.26",
        "¥653.50",
    ]
    assert {"1960.51", "980.26", "653.50", "¥980.26"} <= reference_needles("ex20")
    ref = reference("ex21")
    assert ref.rows[1][1].startswith("2023-02-28")
    assert {"2023-02-28", "2023年2月28日"} <= reference_needles("ex21")


def test_a_live_notebook_shows_nothing_and_a_book_build_shows_the_block(monkeypatch):
    monkeypatch.delenv(EDITION_ENV, raising=False)
    assert show_reference("ex45") is None
    monkeypatch.setenv(EDITION_ENV, "trainee")
    shown = show_reference("ex45", example={"hours": "h21"})
    assert "参考答案与评分说明" in shown.data and "反馈示例" in shown.data


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_notebooks_keep_reference_answers_in_one_trainer_only_cell(exercise_id):
    notebook = ROOT / default_catalog()[exercise_id].notebook
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    trainer = [c for c in cells if "trainer-only" in c.get("metadata", {}).get("tags", [])]
    assert len(trainer) == 1 and f'show_reference(\n    "{exercise_id}"' in "".join(
        trainer[0]["source"]
    ).replace(f'show_reference("{exercise_id}"', f'show_reference(\n    "{exercise_id}"')
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            assert "参考要点" not in text and "参考思路" not in text and "参考答案" not in text[:20]
        if cell not in trainer:
            assert "worked_example_html" not in text or exercise_id in ENGINE_EXAMPLES


#: Engine-graded exercises whose public feedback example answers nothing for the trainee.
ENGINE_EXAMPLES = {"ex11", "ex30", "ex41", "ex42", "ex43"}


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_no_reference_answer_on_the_trainees_page(exercise_id):
    """What a trainee's page shows (the cells kept in the trainee edition, their outputs and
    the saved widget state) gives none of the practice variant's answers away. Hidden test
    cells are removed from every edition's pages (and from the trainee's sources)."""
    notebook = json.loads((ROOT / default_catalog()[exercise_id].notebook).read_text("utf-8"))
    shown = [
        c
        for c in notebook["cells"]
        if not {"trainer-only", "remove-cell"} & set(c.get("metadata", {}).get("tags", []))
    ]
    page = json.dumps(
        [shown, notebook.get("metadata", {}).get("widgets", {})], ensure_ascii=False
    ).replace("\\n", "\n")
    needles = reference_needles(exercise_id)
    assert [n for n in needles if n in page] == []
