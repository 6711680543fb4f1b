"""Free-text exercises and the wording judge: threats lose points, doubt goes to a person."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casebook.grading.catalog import get_exercise
from casebook.grading.gradebook import build_rows
from casebook.grading.kinds import GradingContext, get_kind
from casebook.grading.kinds._common import case_of, placeholders
from casebook.grading.reports import result_html


@pytest.fixture(scope="module")
def ctx(law_packs):
    return GradingContext(law_packs)


def grade(text, ctx, exercise_id="ex41", seed=5):
    exercise = get_exercise(exercise_id)
    kind = get_kind("message")
    variant = kind.make_variant(exercise, seed)
    answered = kind.validate(exercise, variant, {"message": text}, [])
    return kind.grade(exercise, variant, answered, ctx), placeholders(case_of(variant))


def complete_sms(ctx, extra=""):
    _, v = grade("", ctx)
    return (
        f"【{v['bank']}】{v['honorific']}您好，您的信用卡账户尚有欠款{v['balance']}元未还，"
        f"请尽快还款或致电{v['hotline']}协商。{extra}"
    )


@pytest.mark.parametrize(
    "threat, rule",
    [
        ("下午我们同事就到你家楼下，你最好在家等着。", "CN-NO-THREAT"),
        ("后果自负，别怪我们没提醒。", "CN-NO-THREAT"),
        ("再不处理，只能让你爸妈来还。", "CN-NO-DEBT-OF-OTHERS"),
        ("法院传票这两天就寄到你单位。", "CN-NO-THREAT"),
    ],
)
def test_a_threat_in_ex41_no_longer_scores_full_marks(ctx, threat, rule):
    clean, _ = grade(complete_sms(ctx), ctx)
    assert clean.points == 100 and not clean.needs_review
    result, _ = grade(complete_sms(ctx, threat), ctx)
    assert result.points < 100
    assert rule in {r.rule_id for r in result.rules}
    compliance = result.items[0]
    assert compliance.points < compliance.max_points


def test_an_uncertain_verdict_is_marked_for_review_in_result_report_and_gradebook(ctx):
    # no rule wording and the learned layer near its line: compliant, but not certain
    result, _ = grade(complete_sms(ctx, "他的信用卡已经逾期三个月了。"), ctx)
    compliance = result.items[0]
    assert compliance.points == compliance.max_points  # no silent full marks: flagged below
    assert compliance.review and result.needs_review
    assert any(f.status == "info" and f.text.startswith("需人工复核") for f in compliance.feedback)
    assert "（需人工复核）" in result_html(result)
    manifest = SimpleNamespace(
        exercises=[SimpleNamespace(id="ex41", max_points=100)],
        trainees=[SimpleNamespace(trainee_id="T001", name="学员甲")],
        exam=None,
    )
    rows = build_rows(manifest, {("T001", "ex41"): result}, {})
    assert "需人工复核：ex41" in rows[0].status
    clean, _ = grade(complete_sms(ctx), ctx)
    rows = build_rows(manifest, {("T001", "ex41"): clean}, {})
    assert "需人工复核" not in rows[0].status


def model_added_verdict():
    """A real disclosure found by the rules, plus a 'debt of others' the model only added."""
    from casebook.msgcheck.engine import Verdict
    from casebook.wording import judge

    [disclosure, *_] = judge("他的信用卡已经逾期三个月了。", "third_party").findings
    [demand, *_] = [
        f
        for f in judge("你替他把钱还了吧。", "third_party").findings
        if f.category.value == "debt_of_others"
    ]
    guess = demand.model_copy(update={"source": "model"})
    return Verdict(
        text="他的信用卡已经逾期三个月了。",
        recipient="third_party",
        compliant=False,
        findings=[disclosure, guess],
        uncertain=True,
        uncertain_reason="规则发现了问题；统计模型认为还可能属于另一类违规。",
    )


def test_a_category_the_model_only_adds_goes_to_review_not_to_the_grade():
    verdict = model_added_verdict()
    rule, guess = verdict.findings
    # the rules found a problem: the model's extra category is left to the reviewer
    assert verdict.graded_findings() == ([rule], [guess])
    # the model alone found it: that finding is scored (and the verdict is uncertain)
    alone = verdict.model_copy(update={"findings": [guess]})
    assert alone.graded_findings() == ([guess], [])


def test_the_review_note_names_the_added_category(monkeypatch):
    from casebook.grading import textcheck

    verdict = model_added_verdict()
    monkeypatch.setattr("casebook.wording.judge", lambda *a, **k: verdict)
    check = textcheck.WordingJudge()("短信", "third_party", [])
    assert [f.rule_id for f in check.findings] == [verdict.findings[0].rule]
    assert "「向无关的人追讨」" in check.review and "不扣分" in check.review
