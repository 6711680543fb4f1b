"""Times at the model boundary (issue 11): offsets normalised to China time; plans must stay
inside the case's plan window, both in ``casebook assess`` and in grading."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from casebook.cli import main
from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import AnswerError, get_kind
from casebook.model import PLAN_HORIZON_DAYS, Action, plan_window
from tests.conftest import EXAMPLES, build_case
from tests.test_grading_support import make_assignment, submission, write

CASE = EXAMPLES / "case_unreachable_debtor.json"
CLEAN = EXAMPLES / "plan_clean.json"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("written", "local"),
    [
        ("2026-03-05T10:20:00+08:00", datetime(2026, 3, 5, 10, 20)),
        ("2026-03-05T02:20:00Z", datetime(2026, 3, 5, 10, 20)),
        ("2026-03-05T04:20:00+02:00", datetime(2026, 3, 5, 10, 20)),
        ("2026-03-05T10:20:00", datetime(2026, 3, 5, 10, 20)),
    ],
)
def test_offsets_are_converted_to_naive_china_time(written, local):
    action = Action(time=written, channel="phone", target="debtor")
    assert action.time == local and action.time.tzinfo is None
    case = build_case(as_of=written)
    assert case.as_of == local and case.as_of.tzinfo is None


def _with_times(tmp_path, name, times):
    data = json.loads(CLEAN.read_text(encoding="utf-8"))
    for index, value in times.items():
        data["actions"][index]["time"] = value
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_assess_cli_accepts_offsets(tmp_path, capsys):
    code, naive, _ = run(capsys, "assess", CASE, CLEAN, "--json")
    assert code == 0
    aware = _with_times(
        tmp_path, "aware.json", {0: "2026-03-05T09:10:00+08:00", 1: "2026-03-05T01:20:00Z"}
    )
    code, out, err = run(capsys, "assess", CASE, aware, "--json")
    assert code == 0, err
    assert json.loads(out) == json.loads(naive)


def test_assess_cli_refuses_actions_outside_the_plan_window(tmp_path, capsys):
    path = _with_times(tmp_path, "window.json", {2: "1970-01-01T10:00:00", 4: "2099-06-01T10:00"})
    code, out, err = run(capsys, "assess", CASE, path)
    assert code == 2 and out == "" and "Traceback" not in err
    assert "field 'actions[2].time'" in err and "field 'actions[4].time'" in err
    assert "不在计划窗口内" in err


def test_plan_window_is_from_the_case_date_for_the_horizon():
    case = build_case()
    start, end = plan_window(case)
    assert start == datetime(2026, 3, 5) and (end - start).days == PLAN_HORIZON_DAYS == 365


def _ex01_plan(when):
    return [Action(time=when, channel="phone", target="debtor", message="您好，请回电。")]


@pytest.mark.parametrize("year", [1970, 2099])
def test_ex01_refuses_plans_outside_its_days(year):
    exercise = get_exercise("ex01")
    kind = get_kind("contact_plan")
    variant = kind.make_variant(exercise, 21)
    plan = _ex01_plan(datetime(year, 3, 6, 10, 0))
    with pytest.raises(AnswerError, match=r"action_log\[0\]\.time"):
        kind.validate(exercise, variant, {}, plan)


def test_ex01_plan_on_the_day_after_its_window_is_refused():
    exercise = get_exercise("ex01")
    kind = get_kind("contact_plan")
    variant = kind.make_variant(exercise, 21)
    as_of = datetime.fromisoformat(variant.public["case"]["as_of"])
    inside = datetime.combine(as_of.date(), datetime.min.time()).replace(hour=10)
    kind.validate(exercise, variant, {}, _ex01_plan(inside))
    late = inside + timedelta(days=exercise.params.days)
    with pytest.raises(AnswerError, match="不在计划窗口内"):
        kind.validate(exercise, variant, {}, _ex01_plan(late))


def test_grader_cli_handles_offsets_and_rejects_out_of_window(tmp_path, capsys):
    folder, manifest = make_assignment(tmp_path, exercises=("ex01",))
    seed = manifest.trainee("T001").variant_seeds["ex01"]
    variant = get_kind("contact_plan").make_variant(get_exercise("ex01"), seed)
    day = variant.public["case"]["as_of"][:10]
    subs = tmp_path / "subs"
    aware = [
        {"time": f"{day}T10:00:00+08:00", "channel": "phone", "target": "debtor"},
        {"time": f"{day}T06:30:00Z", "channel": "sms", "target": "debtor", "message": "请回电。"},
    ]
    write(subs, "aware.json", submission(manifest, "T001", "ex01", action_log=aware))
    old = [{"time": "1970-01-01T10:00:00", "channel": "phone", "target": "debtor"}]
    write(subs, "old.json", submission(manifest, "T002", "ex01", action_log=old))
    code, out, err = run(capsys, "grade", folder, subs, "--out", tmp_path / "out", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["graded"] == 1
    (rejected,) = summary["rejected"]
    assert rejected["file"] == "old.json" and "action_log[0].time" in rejected["reason"]


def test_campaign_refuses_actions_after_its_last_day():
    exercise = get_exercise("ex11")
    kind = get_kind("campaign")
    variant = kind.make_variant(exercise, 3)
    start = datetime.fromisoformat(variant.public["start"])
    last = start + timedelta(days=variant.public["max_days"] - 1)
    ok = Action(time=last.replace(hour=10, minute=0), channel="sms", target="debtor")
    kind.validate(exercise, variant, {}, [ok])
    late = ok.model_copy(update={"time": ok.time + timedelta(days=1)})
    with pytest.raises(AnswerError, match=r"action_log\[0\]\.time.*after the campaign"):
        kind.validate(exercise, variant, {}, [late])
