"""The course plan and the case debriefs: shapes, and every reference checked against the book."""

from __future__ import annotations

import shutil

import pytest
import yaml

from casebook.cases import load_all_cases
from casebook.conversation.loader import default_conversation
from casebook.course.loader import (
    BookIndex,
    CourseError,
    builtin_course_dir,
    load_course,
    load_plan,
)
from casebook.course.schema import BlockType
from casebook.grading.catalog import default_catalog
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def course():
    return load_course(book_root=ROOT)


def test_five_days_of_six_to_seven_hours(course):
    plan = course.plan
    assert [d.day for d in plan.days] == [1, 2, 3, 4, 5]
    for day in plan.days:
        assert 360 <= sum(b.minutes for b in day.blocks) <= 420
        for session in ("am", "pm"):
            assert sum(b.minutes for b in day.blocks if b.session == session) <= 210


def test_the_week_uses_every_kind_of_block_and_ends_with_the_exam(course):
    types = {b.type for _, b in course.plan.blocks()}
    assert types == set(BlockType)
    last_day = course.plan.days[-1]
    assert any(b.resources.exam == "cert01" for b in last_day.blocks)


def test_every_worked_case_and_call_case_has_a_debrief_of_three_to_five_questions(course):
    cases = {c.id for c in load_all_cases()} | {c.id for c in default_conversation().cases}
    assert len(cases) >= 14 + 7
    assert set(course.debriefs) == cases
    for case_id, debrief in course.debriefs.items():
        assert 3 <= len(debrief.questions) <= 5, case_id
        assert all(q.expect for q in debrief.questions) and debrief.mistakes


def test_every_worked_case_is_discussed_somewhere_in_the_week(course):
    used = {c for _, b in course.plan.blocks() for c in b.resources.cases}
    assert {c.id for c in load_all_cases()} <= used


def test_plan_resources_exist(course):
    catalog = default_catalog()
    book = BookIndex.read(ROOT)
    for _, block in course.plan.blocks():
        assert set(block.resources.exercises) <= set(catalog)
        assert set(block.resources.pages) <= book.pages
        assert set(block.resources.sections) <= set(book.labels)


def _copy(tmp_path):
    target = tmp_path / "course"
    shutil.copytree(builtin_course_dir(), target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_unknown_exercise_case_and_section_are_named_with_file_and_line(tmp_path):
    folder = _copy(tmp_path)

    def change(data):
        block = data["days"][1]["blocks"][0]["resources"]
        block["exercises"] = ["ex99"]
        block["cases"] = ["case99"]
        block["sections"] = ["no-such-section"]

    _edit(folder / "plan.yaml", change)
    with pytest.raises(CourseError) as caught:
        load_course(folder, book_root=ROOT)
    text = str(caught.value)
    assert "plan.yaml:" in text and "days[1].blocks[0].resources.exercises[0]" in text
    assert "'ex99'" in text and "'case99'" in text and "no-such-section" in text
    assert len(caught.value.problems) == 3


def test_a_day_too_long_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "plan.yaml", lambda d: d["days"][0]["blocks"][0].update(minutes=200))
    with pytest.raises(CourseError, match=r"plan.yaml:\d+: field 'days\[0\]'.*minutes"):
        load_plan(folder / "plan.yaml")


def test_a_block_without_resources_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "plan.yaml", lambda d: d["days"][0]["blocks"][1].update(resources={}))
    with pytest.raises(CourseError, match="at least one casebook resource"):
        load_plan(folder / "plan.yaml")


def test_a_case_without_debrief_is_reported(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "debriefs.yaml", lambda d: d["debriefs"].pop("case07"))
    with pytest.raises(CourseError, match="案例 case07 没有讲评"):
        load_course(folder, book_root=None)


def test_too_few_debrief_questions_are_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "debriefs.yaml", lambda d: d["debriefs"]["case01"]["questions"].pop())
    _edit(folder / "debriefs.yaml", lambda d: d["debriefs"]["case01"]["questions"].pop())
    with pytest.raises(CourseError, match=r"debriefs.case01.questions"):
        load_course(folder, book_root=None)


def test_exam_weights_must_make_100(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "exams.yaml", lambda d: d["exams"][0]["parts"][0].update(weight=35))
    with pytest.raises(CourseError, match="weights must sum to 100, found 105"):
        load_course(folder, book_root=None)


def test_exam_parts_not_in_the_catalogue_are_pending_not_errors(tmp_path):
    catalog = {k: v for k, v in default_catalog().items() if k != "ex51"}
    content = load_course(catalog=catalog, book_root=None)
    assert "ex51" in content.pending["cert01"]
