"""Exams (上岗考核): assigned by id like an exercise, graded into 通过/未通过 with reasons."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from casebook.course.exam import evaluate_exam, expand_exams, pin_exam, red_lines
from casebook.course.loader import load_exams
from casebook.course.schema import Exam, ExamPart
from casebook.grading.assign import assign
from casebook.grading.catalog import default_catalog
from casebook.grading.grade import grade_assignment
from casebook.grading.schema import ExerciseResult, ItemResult, RuleLoss
from casebook.io import InputFileError
from casebook.qa.loader import builtin_qa_dir
from tests.test_grading_support import ROSTER, TEST_SECRET, submission, write

#: An exam of exercises every version of the catalogue has: ex41 stands in for the call.
TRIAL = Exam(
    id="trial01",
    title="试考",
    intro="测试用的考核。",
    pass_total=80,
    parts=[
        ExamPart(exercise="ex10", label="情景快问快答", weight=30),
        ExamPart(exercise="ex41", label="模拟通话", weight=40, no_red_line=True),
        ExamPart(exercise="ex50", label="录音质检", weight=30, min_percent=70),
    ],
)


def result(exercise_id, points, max_points=100, rules=(), items=None):
    items = items or [ItemResult(item_id="all", title="全部", points=points, max_points=max_points)]
    return ExerciseResult(
        exercise_id=exercise_id,
        kind="any",
        points=points,
        max_points=max_points,
        items=items,
        rules=[RuleLoss(rule_id=r, title="规则", count=1, points_lost=5) for r in rules],
    )


@pytest.fixture(scope="module")
def pin():
    return pin_exam(TRIAL)


def test_red_lines_are_the_qa_forms_red_line_items_and_their_rules():
    form = yaml.safe_load((builtin_qa_dir() / "form.yaml").read_text(encoding="utf-8"))
    red = [item for item in form["items"] if item.get("red_line")]
    items, rules = red_lines()
    assert items == [i["id"] for i in red] and "privacy" in items and "verify" not in items
    assert set(rules) == {r for i in red for r in i["rules"]}
    assert "CN-NO-THREAT" in rules and "CN-CONTACT-HOURS" not in rules


def test_weighted_score_and_a_clean_pass(pin):
    outcome = evaluate_exam(
        pin,
        {"ex10": result("ex10", 90), "ex41": result("ex41", 80, 100), "ex50": result("ex50", 75)},
    )
    # 30 × 0.9 + 40 × 0.8 + 30 × 0.75 = 27 + 32 + 22.5
    assert outcome.score == 81.5 and outcome.passed and outcome.label == "通过"
    assert outcome.reasons == []
    assert [p.percent for p in outcome.parts] == [90.0, 80.0, 75.0]


def test_parts_are_scaled_by_their_own_full_marks(pin):
    outcome = evaluate_exam(
        pin,
        {
            "ex10": result("ex10", 10, 10),
            "ex41": result("ex41", 20, 25),
            "ex50": result("ex50", 80),
        },
    )
    assert outcome.score == 30 + 32 + 24


def test_a_high_total_fails_on_a_red_line_in_the_call(pin):
    outcome = evaluate_exam(
        pin,
        {
            "ex10": result("ex10", 100),
            "ex41": result("ex41", 95, rules=["CN-NO-THREAT", "CN-CONTACT-HOURS"]),
            "ex50": result("ex50", 100),
        },
    )
    assert outcome.score == 98 and not outcome.passed and outcome.label == "未通过"
    assert len(outcome.reasons) == 1 and "模拟通话（ex41）有红线违规" in outcome.reasons[0]
    assert "CN-NO-THREAT" in outcome.reasons[0] and "CN-CONTACT-HOURS" not in outcome.reasons[0]
    assert outcome.parts[1].red_lines and outcome.parts[0].red_lines == []


def test_a_red_line_item_losing_points_is_a_red_line_too(pin):
    items = [
        ItemResult(item_id="privacy", title="不向第三人透露欠款（红线）", points=0, max_points=10),
        ItemResult(item_id="empathy", title="共情与语气", points=90, max_points=90),
    ]
    call = result("ex41", 90, 100, items=items)
    outcome = evaluate_exam(
        pin, {"ex10": result("ex10", 100), "ex41": call, "ex50": result("ex50", 100)}
    )
    assert not outcome.passed and "不向第三人透露欠款（红线）" in outcome.reasons[0]


def test_red_lines_count_only_in_parts_marked_for_them(pin):
    outcome = evaluate_exam(
        pin,
        {
            "ex10": result("ex10", 100, rules=["CN-NO-THREAT"]),
            "ex41": result("ex41", 100),
            "ex50": result("ex50", 100, rules=["CN-NO-INSULT"]),
        },
    )
    assert outcome.passed


def test_qa_part_below_its_floor_and_total_below_the_mark_give_both_reasons(pin):
    outcome = evaluate_exam(
        pin, {"ex10": result("ex10", 80), "ex41": result("ex41", 90), "ex50": result("ex50", 69.9)}
    )
    assert outcome.score == 81.0  # 24 + 36 + 20.97
    assert not outcome.passed
    assert outcome.reasons == ["录音质检（ex50）得分率 69.9%，低于 70%"]
    low = evaluate_exam(
        pin, {"ex10": result("ex10", 50), "ex41": result("ex41", 50), "ex50": result("ex50", 50)}
    )
    assert low.reasons == ["加权总分 50，低于 80 分", "录音质检（ex50）得分率 50%，低于 70%"]


def test_a_missing_part_fails_and_counts_zero(pin):
    outcome = evaluate_exam(pin, {"ex10": result("ex10", 100), "ex50": result("ex50", 100)})
    assert outcome.score == 60 and not outcome.passed
    assert "模拟通话（ex41）未提交" in outcome.reasons
    assert outcome.parts[1].percent is None


def test_exam_id_expands_to_its_exercises_in_place(pin):
    catalog = default_catalog()
    ids, found = expand_exams(["ex01", "trial01", "ex45"], catalog, {"trial01": TRIAL})
    assert ids == ["ex01", "ex10", "ex41", "ex50", "ex45"]
    assert found == pin
    assert expand_exams(["ex01"], catalog, {"trial01": TRIAL}) == (["ex01"], None)


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["trial01", "ex41"], "ex41 已包含在考核 trial01"),
        (["trial01", "trial02"], "一次布置只能包含一套考核"),
    ],
)
def test_exam_misuse_is_refused_in_chinese(ids, message):
    exams = {"trial01": TRIAL, "trial02": TRIAL.model_copy(update={"id": "trial02"})}
    with pytest.raises(InputFileError, match=message):
        expand_exams(ids, default_catalog(), exams)


def test_packaged_exam_names_a_missing_exercise_when_it_cannot_be_assigned(tmp_path):
    """cert01's call part is ex53: without it in the catalogue, assigning says so."""
    exams = load_exams()
    cert = exams["cert01"]
    assert [p.exercise for p in cert.parts] == ["ex10", "ex53", "ex51"]
    assert cert.pass_total == 80 and [p.weight for p in cert.parts] == [30, 40, 30]
    catalog = {k: v for k, v in default_catalog().items() if k != "ex53"}
    with pytest.raises(InputFileError, match=r"模拟通话（ex53） 不在练习目录中"):
        assign(ROSTER, ["cert01"], 3, tmp_path / "a", catalog=catalog, secret=TEST_SECRET)
    assert not (tmp_path / "a").exists()


@pytest.fixture(scope="module")
def exam_assignment(tmp_path_factory):
    root = tmp_path_factory.mktemp("exam")
    folder = root / "assignment"
    manifest = assign(
        ROSTER, ["trial01"], 7, folder, title="试考", secret=TEST_SECRET, exams={"trial01": TRIAL}
    )
    return root, folder, manifest


def test_assigned_exam_is_pinned_in_the_manifest(exam_assignment):
    _, folder, manifest = exam_assignment
    assert [e.id for e in manifest.exercises] == ["ex10", "ex41", "ex50"]
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert data["exam"]["id"] == "trial01" and data["exam"]["red_line_rules"]
    assert (folder / "handouts" / "T001" / "ex41.json").is_file()


def test_manifest_without_exam_is_written_as_before(tmp_path):
    assign(ROSTER, ["ex45"], 7, tmp_path / "a", secret=TEST_SECRET)
    data = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert "exam" not in data


def test_grading_an_exam_adds_the_result_columns_report_and_feedback(exam_assignment):
    root, folder, manifest = exam_assignment
    subs = root / "subs"
    for part in ("ex10", "ex41", "ex50"):  # T001 hands in every part (blank: graded, not rejected)
        write(subs, f"T001-{part}.json", submission(manifest, "T001", part))
    write(subs, "T002-ex10.json", submission(manifest, "T002", "ex10"))
    out = root / "out"
    run = grade_assignment(folder, subs, out)
    assert run.rejected == []
    rows = list(csv.reader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8-sig"))))
    header = rows[0]
    assert header[-3:] == ["exam_score", "exam_result", "exam_note"]
    assert header[: header.index("status") + 1][-1] == "status"
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_id["T001"]["exam_result"] == "未通过"
    assert "加权总分" in by_id["T001"]["exam_note"]
    assert "模拟通话（ex41）未提交" in by_id["T002"]["exam_note"]
    assert "录音质检（ex50）未提交" in by_id["T003"]["exam_note"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "试考（trial01）" in report and "<th>考核结果</th>" in report and "未通过" in report
    feedback = (out / "feedback" / "T002.html").read_text(encoding="utf-8")
    assert "考核结果：未通过" in feedback and "模拟通话（ex41）未提交" in feedback
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["gradebook"][0]["exam"]["passed"] is False


def test_gradebook_of_an_assignment_without_exam_has_no_exam_columns(tmp_path):
    assign(ROSTER, ["ex45"], 7, tmp_path / "a", secret=TEST_SECRET)
    run = grade_assignment(tmp_path / "a", _empty(tmp_path), tmp_path / "out")
    header = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith("final,status") and run.rows[0].exam is None
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert "exam" not in results["gradebook"][0]


def _empty(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    return folder
