"""QA review through the widgets: assign → mark turns and fill the form → 提交 → grade."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from casebook.cli import main
from casebook.grading.forms import GridField, GridRow, Option
from casebook.grading.handout import load_handout
from casebook.grading.kinds import get_kind
from casebook.grading.schema import Submission
from casebook.ui.grid import GridInput
from casebook.ui.submit import build_exercise

BEIJING = timezone(timedelta(hours=8))
KIND = get_kind("qa_review")


def clock_at(minute: int):
    return lambda: datetime(2026, 3, 20, 10, minute, tzinfo=BEIJING)


@pytest.fixture()
def cohort(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("工号,姓名\nT001,张三\nT002,李四\n", encoding="utf-8")
    key = tmp_path / "secret.key"
    key.write_text(bytes(range(32, 64)).hex() + "\n", encoding="ascii")
    code = main(
        [
            "assign", "--roster", str(roster), "--exercises", "ex50,ex51,ex52",
            "--seed", "2026", "--out", str(tmp_path / "asg"), "--secret", str(key),
        ]
    )  # fmt: skip
    capsys.readouterr()
    assert code == 0
    return tmp_path


def fill_like_a_trainee(app, marks: dict[int, list[str]], deductions: dict[str, int]) -> None:
    """Pick each mark from its turn's menu and each deduction from its drop-down."""
    grid, sheet = app.fields["faults"], app.fields["deductions"]
    for n, items in marks.items():
        for item in items:
            grid.controls[str(n)].menu.value = item
    for item, lost in deductions.items():
        sheet.controls[item].value = str(lost)


def test_round_trip_through_the_grid_widgets(cohort, capsys):
    subs = cohort / "submissions"
    expected: dict[tuple[str, str], float] = {}
    minute = 0
    for trainee in ("T001", "T002"):
        for exercise_id in ("ex50", "ex51", "ex52"):
            handout = load_handout(cohort / "asg" / "handouts" / trainee / f"{exercise_id}.json")
            minute += 1
            app = build_exercise(
                exercise_id, handout=handout, submissions_dir=subs, clock=clock_at(minute)
            )
            assert app.check_button not in app.widget.children  # assigned: no self-check
            ref = KIND.reference_answers(app.exercise, app.variant)
            marks = dict(ref.faults)
            if trainee == "T002" and marks:
                # T002 overlooks the last faulty turn and marks one fine collector turn.
                missed = max(marks)
                del marks[missed]
                fine = next(
                    n
                    for n in sorted(int(r) for r in app.fields["faults"].controls)
                    if n not in ref.faults
                )
                marks[fine] = ["empathy"]
                expected[(trainee, exercise_id)] = round(70 * (1 - 1 / len(ref.faults) - 0.1), 2)
            else:
                expected[(trainee, exercise_id)] = 70.0
            fill_like_a_trainee(app, marks, ref.deductions)
            answers, _ = app.collect()
            assert set(answers) == {"faults", "deductions"}
            assert all(isinstance(k, str) for k in answers["faults"])
            app.submit.button.click()
            assert "已提交" in app.submit.status.value
            app.close()

    for path in subs.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        Submission.model_validate(data)
        assert not {"score", "points", "total"} & set(data)

    assert main(["grade", str(cohort / "asg"), str(subs), "--out", str(cohort / "out")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "已评分 6 份，拒收 0 份" in out
    results = json.loads((cohort / "out" / "results.json").read_text(encoding="utf-8"))
    graded = {(r["trainee_id"], r["exercise_id"]): r for r in results["graded"]}
    for key, marks_points in expected.items():
        items = {i["item_id"]: i["points"] for i in graded[key]["items"]}
        assert items == {"faults": marks_points, "score": 30}, key
    rows = {
        r["trainee_id"]: r
        for r in csv.DictReader(
            io.StringIO((cohort / "out" / "gradebook.csv").read_text(encoding="utf-8-sig"))
        )
    }
    assert (rows["T001"]["ex50"], rows["T001"]["ex51"], rows["T001"]["ex52"]) == (
        "100",
        "100",
        "100",
    )


def test_practice_mode_checks_the_answer_locally(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_HANDOUTS", str(tmp_path / "none"))
    app = build_exercise("ex50", submissions_dir=tmp_path)
    assert app.variant.key["transcript"] == app.exercise.params.practice
    ref = KIND.reference_answers(app.exercise, app.variant)
    fill_like_a_trainee(app, ref.faults, ref.deductions)
    assert app.check().points == 100 and "得分 100 / 100" in app.feedback.value
    # Removing a mark with its button lowers the marks item.
    n = min(ref.faults)
    picker = app.fields["faults"].controls[str(n)]
    for button in list(picker.tags.children):
        button.click()
    assert str(n) not in app.fields["faults"].value
    assert app.check().points < 100
    app.close()


def test_grid_input_single_and_multiple_rows():
    field = GridField(
        key="sheet",
        label="评分",
        rows=[
            GridRow(value="a", label="只读的一行", options=[]),
            GridRow(value="b", label="第二行"),
            GridRow(value="c", label="第三行", options=[Option(value="0", label="不扣分")]),
        ],
        options=[Option(value="x", label="X"), Option(value="y", label="Y")],
    )
    grid = GridInput(field)
    assert set(grid.controls) == {"b", "c"} and grid.value == {}
    grid.value = {"b": "y", "c": "0"}
    assert grid.value == {"b": "y", "c": "0"}
    with pytest.raises(ValueError, match="unknown row"):
        grid.value = {"a": "x"}
    many = GridInput(field.model_copy(update={"multiple": True}))
    many.controls["b"].menu.value = "y"
    many.controls["b"].menu.value = "x"
    many.controls["b"].menu.value = "y"  # picked twice: kept once
    assert many.value == {"b": ["x", "y"]} and many.controls["b"].menu.value is None
    with pytest.raises(ValueError, match="unknown option"):
        many.value = {"b": ["z"]}


def test_grid_field_needs_options_for_rows_without_their_own():
    with pytest.raises(ValueError, match="needs the field's options"):
        GridField(key="k", label="l", rows=[GridRow(value="a", label="A")])
    with pytest.raises(ValueError, match="unique"):
        GridField(
            key="k",
            label="l",
            rows=[
                GridRow(value="a", label="A", options=[]),
                GridRow(value="a", label="B", options=[]),
            ],
        )
