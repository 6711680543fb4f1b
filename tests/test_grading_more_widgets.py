"""The new exercises through their widgets: assign → answer in the widgets → 提交 → grade.

Also the two small additions to the generic exercise form: a field's ``help`` text is shown
under its label, and a :class:`~casebook.grading.forms.WidgetField` embeds a simulator (the
campaign console, the strategy lab) whose value the 提交 button collects.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from casebook.cli import main
from casebook.grading.forms import WidgetField
from casebook.grading.handout import load_handout
from casebook.grading.schema import Submission, Variant
from casebook.grading.sheets.answers import key_answers
from casebook.ui.submit import build_exercise, field_widget

NEW = ("ex10", "ex11", "ex12", "ex20", "ex21", "ex22", "ex23", "ex24", "ex30")
BEIJING = timezone(timedelta(hours=8))


def clock_at(minute: int):
    return lambda: datetime(2026, 3, 20, 10, minute, tzinfo=BEIJING)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    roster = root / "roster.csv"
    roster.write_bytes("工号,姓名\nT001,张三\nT002,李四\n".encode("gbk"))
    # A fixed key: the same variants on every run (the CLI's default key is random, and the
    # reference campaign below is not perfect on every variant).
    key = root / "secret.key"
    key.write_text(bytes(range(32)).hex() + "\n", encoding="ascii")
    code = main(
        [
            "assign", "--roster", str(roster), "--exercises", ",".join(NEW),
            "--seed", "2026", "--out", str(root / "asg"), "--secret", str(key),
        ]
    )  # fmt: skip
    assert code == 0
    return root


def open_exercise(root, trainee, exercise_id, minute=0):
    handout = load_handout(root / "asg" / "handouts" / trainee / f"{exercise_id}.json")
    return build_exercise(
        exercise_id, handout=handout, submissions_dir=root / "subs", clock=clock_at(minute)
    )


def key_of(root, trainee, exercise_id) -> dict:
    """The reference answers from the trainer's variant file (checked against the engines elsewhere)."""
    path = root / "asg" / "variants" / trainee / f"{exercise_id}.json"
    return key_answers(Variant.model_validate_json(path.read_text(encoding="utf-8")))


def answer_right(app, key: dict) -> None:
    """Fill the widgets of a question sheet with the key's answers."""
    assert app.exercise.kind == "sheet"
    for question_id, value in key.items():
        app.fields[question_id].value = value


def play_reference_campaign(console) -> None:
    """An SMS; a recorded call verifying capacity and willingness; once the application is
    approved, a recorded call agreeing a complete 60-month plan."""
    console.time.value = "09:30"
    console.channel.value = "sms"
    console.message.value = (
        "【星河银行】您好，您的信用卡账户已逾期，如有困难，可致电4008-000-000协商还款方案。"
    )
    console.act_button.click()
    console.channel.value = "phone"
    console.message.value = "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。"
    console.plan_items.value = tuple(key for _, key in console.plan_items.options)
    console.plan_signed.value = True
    console.plan_oral.value = True
    while not console.env.done:
        for slot in ("10:00", "15:00", "19:00"):
            if console.env.done:
                break
            obs = console.env.observation()
            console.time.value = slot
            if obs.instalment_application == "none":
                console.purpose.value = "verify"
                console.plan_term.value = 0
            elif obs.instalment_application == "approved":
                console.purpose.value = "negotiate"
                console.plan_term.value = 60
                console.plan_monthly.value = float(round(obs.outstanding / 60 + 0.5))
            else:
                continue
            console.act_button.click()
        if not console.env.done:
            console.end_day_button.click()


def test_round_trip_of_every_new_exercise(cohort, capsys):
    form_exercises = [e for e in NEW if e not in ("ex11", "ex30")]
    for minute, exercise_id in enumerate(form_exercises):
        app = open_exercise(cohort, "T001", exercise_id, minute)
        assert app.check_button not in app.widget.children  # assigned: no self-check
        answer_right(app, key_of(cohort, "T001", exercise_id))
        app.submit.button.click()
        assert "已提交" in app.submit.status.value, app.submit.status.value
        app.close()

    app = open_exercise(cohort, "T001", "ex11", 20)
    console = app.fields["action_log"].console
    assert console.archetype.disabled and console.seed.disabled
    assert console.env.seed == app.variant.public["campaign_seed"]
    play_reference_campaign(console)
    app.submit.button.click()
    app.close()

    app = open_exercise(cohort, "T001", "ex30", 21)  # the lab left as it opens: the champion
    app.submit.button.click()
    app.close()

    # T002: a wrong procedure and one missed collection.
    app = open_exercise(cohort, "T002", "ex22", 30)
    key = key_of(cohort, "T002", "ex22")
    answer_right(app, key)
    app.fields["procedure"].value = "ordinary" if key["procedure"] != "ordinary" else "simplified"
    app.submit.button.click()
    app.close()
    app = open_exercise(cohort, "T002", "ex23", 31)
    key = key_of(cohort, "T002", "ex23")
    answer_right(app, key)
    app.fields["effective"].value = key["effective"][1:]
    app.submit.button.click()
    n_collections = len(app.variant.public["log"]["collections"])
    app.close()

    subs = cohort / "subs"
    for path in subs.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        Submission.model_validate(data)
        assert not {"score", "points", "grade", "total"} & (set(data) | set(data["answers"]))
    capsys.readouterr()
    assert main(["grade", str(cohort / "asg"), str(subs), "--out", str(cohort / "out")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "已评分 11 份，拒收 0 份" in out
    rows = {
        r["trainee_id"]: r
        for r in csv.DictReader(
            io.StringIO((cohort / "out" / "gradebook.csv").read_text(encoding="utf-8-sig"))
        )
    }
    t1, t2 = rows["T001"], rows["T002"]
    assert {e: t1[e] for e in NEW} == {e: ("60" if e == "ex30" else "100") for e in NEW}
    # another eligible procedure earns half of 60; a blocked one (e.g. missing debtor) nothing
    key = key_of(cohort, "T002", "ex22")
    chosen = "ordinary" if key["procedure"] != "ordinary" else "simplified"
    assert t2["ex22"] == ("40" if chosen in key["excluded"] else "70")
    assert t2["ex23"] == f"{round(40 + 60 * (n_collections - 1) / n_collections, 2):g}"
    assert t2["ex10"] == "" and t2["status"] == "已提交 2/9"
    report = (cohort / "out" / "report.html").read_text(encoding="utf-8")
    assert "班级成绩报告" in report


def test_help_text_is_shown_under_the_question():
    app = build_exercise("ex10", handout=False)
    first = app.form.fields[0]
    assert first.help and first.help.splitlines()[0] in app.widget.children[2].children[0].value
    assert "white-space:pre-line" in app.widget.children[2].children[0].value
    app.close()


def test_campaign_field_collects_the_action_log():
    app = build_exercise("ex11", handout=False)
    console = app.fields["action_log"].console
    console.time.value = "10:00"
    console.channel.value = "sms"
    console.message.value = "【星河银行】您好，请致电4008-000-000协商还款。"
    console.act_button.click()
    console.end_day_button.click()
    answers, log = app.collect()
    assert answers == {} and [a.channel.value for a in log] == ["sms"]
    app.check_button.click()
    assert app.result is not None and "得分" in app.feedback.value
    app.close()


def test_strategy_field_collects_the_lab_settings():
    app = build_exercise("ex30", handout=False)
    lab = app.fields["strategy"].lab
    assert lab.seed.value == app.variant.public["portfolio_seed"]
    lab.attempts.value = 9
    answers, log = app.collect()
    assert log == [] and answers["strategy"]["call_attempts_per_day"] == 9
    app.check_button.click()
    assert app.result.points == 0 and "CN-CALL-UNANSWERED-DAILY" in app.feedback.value
    lab.end.value = "07:00"
    app.submit.trainee.value = "T9"
    assert app.submit.submit() is None and "must be later than start" in app.submit.status.value
    app.close()


def test_unknown_field_widget_names_itself():
    with pytest.raises(KeyError, match="no widget registered for form fields of type 'telepathy'"):
        field_widget("telepathy")
    assert WidgetField(key="x", label="x", widget="campaign").config == {}
