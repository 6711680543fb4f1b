"""The trainer dashboard widget: a thin layer over the engine functions of the CLI, with
every problem shown in Chinese. Driven like a trainer: fill fields, click buttons."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

import casebook.grading.assign as assign_module
import casebook.grading.grade as grade_module
from casebook.grading.catalog import default_catalog
from casebook.ui.dashboard import TrainerDashboard
from tests.test_course_exam import TRIAL

ROSTER = "学号,姓名\nT001,张三\nT002,李四\n"


@pytest.fixture
def dash(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    board = TrainerDashboard(tmp_path, results_url="/results/", exams={"trial01": TRIAL})
    board.roster_path.value = "roster.csv"
    board.seed.value = "5"
    return board


def _tick(board, *ids):
    for key in ids:
        board.exercise_boxes[key].value = True


def _submission(folder, trainee, exercise):
    handout = json.loads((folder / "handouts" / trainee / f"{exercise}.json").read_text("utf-8"))
    return {
        "schema_version": 2,
        "assignment_id": handout["assignment_id"],
        "exercise_id": exercise,
        "trainee_id": trainee,
        "token": handout["token"],
        "variant_seed": handout["variant_seed"],
        "answers": {},
        "action_log": [],
        "submitted_at": "2026-03-20T10:00:00+08:00",
    }


def test_assign_and_grade_call_the_engine_functions_of_the_cli(dash, tmp_path, monkeypatch):
    calls = {}
    real_assign, real_grade = assign_module.assign, grade_module.grade_assignment

    def spy_assign(*args, **kwargs):
        calls["assign"] = (args, kwargs)
        return real_assign(*args, **kwargs)

    def spy_grade(*args, **kwargs):
        calls["grade"] = args
        return real_grade(*args, **kwargs)

    monkeypatch.setattr(assign_module, "assign", spy_assign)
    monkeypatch.setattr(grade_module, "grade_assignment", spy_grade)
    _tick(dash, "ex01", "ex45")
    dash.assign_button.click()
    (roster, ids, seed, out), kwargs = calls["assign"]
    assert [r.trainee_id for r in roster] == ["T001", "T002"] and ids == ["ex01", "ex45"]
    assert seed == 5 and out.parent == tmp_path / "assignments"
    assert kwargs["catalog"] is dash.catalog and kwargs["title"] == ""
    assert "已布置作业" in dash.assign_status.value
    folder = out
    collect = tmp_path / "submissions" / folder.name
    assert dash.submissions.value == str(collect) and collect.is_dir()
    (collect / "a.json").write_text(json.dumps(_submission(folder, "T002", "ex45")), "utf-8")
    dash.grade_button.click()
    assert calls["grade"][0] == folder and calls["grade"][1] == collect
    assert "已评分 1 份" in dash.grade_status.value
    assert 'href="/results/results/' in dash.grade_status.value
    assert dash.gradebook.value.count("casebook-gradebook-row") == 2
    dash.feedback_choice.value = "T002"
    assert "练习反馈" in dash.feedback.value and "srcdoc" in dash.feedback.value


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: None, "请至少勾选一个练习"),
        (lambda d: (_tick(d, "ex01"), setattr(d.seed, "value", "")), "请填写种子"),
        (lambda d: (_tick(d, "ex01"), setattr(d.seed, "value", "-3")), "种子须为 0 至"),
        (lambda d: (_tick(d, "ex01"), setattr(d.roster_path, "value", "nope.csv")), "名单有问题"),
    ],
)
def test_assign_problems_are_shown_in_chinese(dash, change, message):
    change(dash)
    assert dash.assign() is None
    assert message in dash.assign_status.value and "布置失败" in dash.assign_status.value
    assert "Traceback" not in dash.assign_status.value


def test_a_bad_roster_names_the_line(dash, tmp_path):
    (tmp_path / "roster.csv").write_text("学号,姓名\nT1,甲\nT1,乙\n", encoding="utf-8")
    assert dash.check_roster() is None
    assert "roster.csv:3" in dash.roster_info.value


def test_assigning_into_a_folder_with_other_files_keeps_them(dash, tmp_path):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("x", encoding="utf-8")
    _tick(dash, "ex45")
    dash.assignment_out.value = "mine"
    assert dash.assign() is None
    assert "文件夹不是空的" in dash.assign_status.value
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_an_exam_is_assigned_from_its_box_and_graded_with_its_result(dash, tmp_path):
    _tick(dash, "trial01")
    manifest = dash.assign()
    assert [e.id for e in manifest.exercises] == ["ex10", "ex41", "ex50"]
    assert "考核：试考（trial01）" in dash.assign_status.value
    run = dash.grade()
    assert run is not None and run.graded == []
    assert "<th>考核结果</th>" in dash.gradebook.value and "未通过" in dash.gradebook.value


def test_an_exam_whose_exercise_is_missing_cannot_be_ticked(tmp_path):
    catalog = {k: v for k, v in default_catalog().items() if k != "ex41"}
    board = TrainerDashboard(tmp_path, catalog=catalog, exams={"trial01": TRIAL})
    box = board.exercise_boxes["trial01"]
    assert box.disabled and "缺少练习 ex41" in box.description


def test_grade_problems_are_shown_in_chinese(dash, tmp_path):
    dash.assignment_dir.value = "nowhere"
    dash.submissions.value = "nowhere"
    assert dash.grade() is None
    assert "评分失败" in dash.grade_status.value and "manifest.json" in dash.grade_status.value


def test_uploaded_json_files_go_into_the_collection_folder(dash, tmp_path):
    dash.submissions.value = "subs/day1"
    saved = dash.save_uploads([("T001 ex45.json", b"{}"), ("../../evil.json", b"{}")])
    assert sorted(p.name for p in saved) == ["T001_ex45.json", "evil.json"]
    assert all(p.parent == tmp_path / "subs" / "day1" for p in saved)


def test_an_uploaded_zip_becomes_the_submissions_path(dash, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.json", "{}")
    dash.save_uploads([("一班.zip", buffer.getvalue())])
    assert dash.submissions.value == "uploads/一班.zip"
    assert (tmp_path / "uploads" / "一班.zip").is_file()


def test_mixed_uploads_are_refused(dash):
    with pytest.raises(ValueError, match="不要混在一起"):
        dash.save_uploads([("a.zip", b"PK"), ("b.json", b"{}")])


def test_results_outside_the_workspace_are_named_not_linked(tmp_path):
    board = TrainerDashboard(tmp_path / "ws", results_url="/results/")
    assert "<a " not in board._results_link(tmp_path / "elsewhere" / "report.html", "报告")
    inside = board._results_link(tmp_path / "ws" / "results" / "x" / "report.html", "报告")
    assert 'href="/results/results/x/report.html"' in inside
