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


def test_a_category_the_model_only_adds_goes_to_review_not_to_the_grade():
    from casebook.grading.textcheck import graded_findings

    rule = SimpleNamespace(source="rule", category_label="向第三人透露欠款")
    guess = SimpleNamespace(source="model", category_label="向无关的人追讨")
    # the rules found a problem: the model's extra category is left to the reviewer
    assert graded_findings([rule, guess]) == ([rule], [guess])
    # the model alone found it: that finding is graded (and the verdict is uncertain)
    assert graded_findings([guess]) == ([guess], [])


def test_the_review_note_names_the_added_category(monkeypatch):
    from casebook.grading import textcheck

    def finding(source, label):
        return SimpleNamespace(
            rule="R" if source == "rule" else "M",
            span="x",
            title="t",
            explanation="e",
            hint="h",
            suggestion="",
            citation="c",
            source=source,
            category_label=label,
        )

    verdict = SimpleNamespace(
        findings=[
            finding("rule", "向第三人透露欠款"),
            finding("model", "向无关的人追讨"),
        ],
        uncertain=True,
        uncertain_reason="统计模型补充了类别。",
    )
    monkeypatch.setattr("casebook.wording.judge", lambda *a, **k: verdict)
    check = textcheck.WordingJudge()("短信", "third_party", [])
    assert [f.rule_id for f in check.findings] == ["R"]
    assert "「向无关的人追讨」" in check.review and "不扣分" in check.review
