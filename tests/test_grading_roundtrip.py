"""The round trip: assign → trainees answer through the widgets → 提交 → grade → expected points."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import datetime, timedelta, timezone

import pytest

from casebook.cli import main
from casebook.grading.handout import exercise_variant, find_handout, load_handout
from casebook.grading.kinds._common import case_of, placeholders
from casebook.grading.schema import Submission
from casebook.ui.submit import build_exercise, build_submit_panel

BEIJING = timezone(timedelta(hours=8))


def clock_at(minute: int):
    return lambda: datetime(2026, 3, 20, 10, minute, tzinfo=BEIJING)


@pytest.fixture()
def cohort(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_bytes("工号,姓名\nT001,张三\nT002,李四\n".encode("gbk"))
    key = tmp_path / "secret.key"  # a fixed key: the same variants on every run
    key.write_text(bytes(range(32)).hex() + "\n", encoding="ascii")
    code = main(
        [
            "assign", "--roster", str(roster), "--exercises", "ex01,ex40,ex41,ex44,ex45",
            "--seed", "2026", "--out", str(tmp_path / "asg"), "--title", "第一周练习",
            "--secret", str(key),
        ]
    )  # fmt: skip
    capsys.readouterr()
    assert code == 0
    return tmp_path


def handout(root, trainee, exercise):
    return load_handout(root / "asg" / "handouts" / trainee / f"{exercise}.json")


def test_round_trip_through_widgets(cohort, capsys):
    subs = cohort / "submissions"

    # T001 does everything right.
    app = build_exercise(
        "ex01", handout=handout(cohort, "T001", "ex01"), submissions_dir=subs, clock=clock_at(1)
    )
    assert app.check_button not in app.widget.children  # assigned: no self-check
    assert app.planner.assess_button.layout.display == "none"
    for slot, channel in [("09:30", "phone"), ("09:40", "sms"), ("15:00", "phone")]:
        app.planner.target.value = "debtor"
        app.planner.time.value, app.planner.channel.value = slot, channel
        app.planner.message.value = "【星河银行】您好，请致电4008-000-000协商还款。"
        app.planner.add_button.click()
    app.submit.button.click()
    assert "已提交" in app.submit.status.value and app.submit.last_path.parent == subs
    app.close()

    app = build_exercise(
        "ex41", handout=handout(cohort, "T001", "ex41"), submissions_dir=subs, clock=clock_at(2)
    )
    v = placeholders(case_of(app.variant))
    app.fields["message"].value = (
        f"【{v['bank']}】{v['honorific']}您好，您的信用卡账户尚有欠款{v['balance']}元未还，"
        f"请尽快还款或致电{v['hotline']}协商还款方案。"
    )
    app.submit.button.click()
    app.close()

    app = build_exercise(
        "ex44", handout=handout(cohort, "T001", "ex44"), submissions_dir=subs, clock=clock_at(3)
    )
    p = app.variant.public
    term = math.ceil(p["balance"] / p["disposable"])
    app.fields["eligibility"].value = "eligible"
    app.fields["term_months"].value = term
    app.fields["monthly_amount"].value = math.ceil(p["balance"] / term * 100) / 100
    offered = next(q for q in p["questions"] if q["id"] == "items")["options"]
    app.fields["items"].value = [
        o["id"] for o in offered if o["id"] not in ("delete_credit_record", "relative_pays")
    ]
    app.fields["agreement_form"].value = "oral_recorded"
    app.fields["after_signing"].value = "stop"
    app.submit.button.click()
    app.close()

    # T002: the quiz with one wrong answer, submitted twice (the second time corrected), and
    # the third-party exercise with a premature call on a reachable case or a fine one.
    app = build_exercise(
        "ex45", handout=handout(cohort, "T002", "ex45"), submissions_dir=subs, clock=clock_at(4)
    )
    answers = {
        "hours": "h21",
        "connected_calls": "stop",
        "recording": "y2",
        "overdraft": "not_crime",
    }
    for key, value in answers.items():
        app.fields[key].value = value
    app.fields["what_to_say"].value = ("sue", "credit")
    app.fields["letter"].value = ("name_balance", "channels")  # 2 of 3: 20 × 2/3
    app.submit.button.click()
    first = app.submit.last_path
    app.submit.clock = clock_at(5)
    app.fields["hours"].value = "h22"
    app.submit.button.click()
    assert app.submit.last_path != first
    app.close()

    app = build_exercise(
        "ex40", handout=handout(cohort, "T002", "ex40"), submissions_dir=subs, clock=clock_at(6)
    )
    app.fields["judgement"].value = "collect"  # always wrong: 0 of 40
    app.planner.target.value = "debtor"
    app.planner.time.value = "10:00"
    app.planner.add_button.click()
    app.submit.button.click()
    app.close()

    files = sorted(p.name for p in subs.iterdir())
    assert len(files) == 6 and not [f for f in files if f.endswith(".tmp")]
    for path in subs.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        Submission.model_validate(data)  # the published schema
        assert not {"score", "points", "grade", "total"} & (set(data) | set(data["answers"]))
        # The 提交 button copied the trainee's own token from their handout.
        mine = handout(cohort, data["trainee_id"], data["exercise_id"])
        assert data["token"] == mine.token and len(mine.token) == 32

    assert main(["grade", str(cohort / "asg"), str(subs), "--out", str(cohort / "out")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "已评分 5 份，拒收 0 份，重复提交未计分 1 份" in out
    rows = {
        r["trainee_id"]: r
        for r in csv.DictReader(
            io.StringIO((cohort / "out" / "gradebook.csv").read_text(encoding="utf-8-sig"))
        )
    }
    t1, t2 = rows["T001"], rows["T002"]
    assert (t1["ex01"], t1["ex41"], t1["ex44"], t1["ex40"], t1["ex45"]) == (
        "100",
        "100",
        "100",
        "",
        "",
    )
    assert t2["ex45"] == f"{100 - 20 + round(20 * 2 / 3, 2):g}"
    assert t2["ex40"] == "60"  # judgement 0; one compliant call to the debtor: plan 60
    assert t1["status"] == "已提交 3/5" and t2["status"] == "已提交 2/5"
    results = json.loads((cohort / "out" / "results.json").read_text(encoding="utf-8"))
    # The corrected second submission scored higher, so it counts.
    assert [s["kept"].rsplit("_", 1)[-1] for s in results["superseded"]] == ["20260320T100500.json"]
    assert [s["points"] for s in results["superseded"]] == [float(t2["ex45"]) - 15]


def test_handout_is_found_from_the_environment(cohort, monkeypatch):
    monkeypatch.setenv("CASEBOOK_HANDOUTS", str(cohort / "asg" / "handouts" / "T002"))
    found = find_handout("ex41")
    assert found is not None and found.trainee_id == "T002"
    _exercise, variant, h = exercise_variant("ex41")
    assert h == found and variant.seed == found.variant_seed
    app = build_exercise("ex41", submissions_dir=cohort / "subs")
    assert app.submit.trainee.value == "T002" and app.submit.trainee.disabled
    assert "李四" in app.widget.children[0].value
    app.close()


def test_practice_mode_self_check_and_id_validation(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_HANDOUTS", str(tmp_path / "none"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEBOOK_SUBMISSIONS", str(tmp_path / "mine"))
    app = build_exercise("ex45", clock=clock_at(0))
    assert "练习模式" in app.widget.children[0].value
    app.fields["hours"].value = "h22"
    app.check_button.click()
    assert app.result.points == 15 and "得分 15 / 100" in app.feedback.value
    app.submit.trainee.value = "../../etc"
    app.submit.button.click()
    assert "请填写学员编号" in app.submit.status.value and not (tmp_path / "mine").exists()
    app.submit.trainee.value = "T9"
    app.submit.button.click()
    saved = app.submit.last_path
    assert (
        saved.parent == tmp_path / "mine" and saved.name == "practice_T9_ex45_20260320T100000.json"
    )
    assert "练习模式" in app.submit.status.value
    assert json.loads(saved.read_text(encoding="utf-8"))["token"] == ""  # no handout, no token
    app.close()


def test_submit_panel_is_reusable_with_any_collector(tmp_path):
    panel = build_submit_panel(
        "ex45",
        lambda: ({"hours": "h22"}, []),
        assignment_id="asg-1",
        variant_seed=7,
        trainee_id="T1",
        token="0123456789abcdef" * 2,
        submissions_dir=tmp_path,
        clock=clock_at(0),
    )
    path = panel.submit()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "schema_version": 2,
        "assignment_id": "asg-1",
        "exercise_id": "ex45",
        "trainee_id": "T1",
        "token": "0123456789abcdef" * 2,
        "variant_seed": 7,
        "answers": {"hours": "h22"},
        "action_log": [],
        "submitted_at": "2026-03-20T10:00:00+08:00",
        "client": "casebook 提交按钮",
    }
    assert str(path) in panel.status.value.replace("&#x27;", "'")
    panel.close()
