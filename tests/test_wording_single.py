"""One wording judge: every entry point gives the same verdict on the same message.

Before the judge, the law pack's own regexes (planner, campaign, assess) and the message
checker (check-message, notebook, exercises) disagreed on five of these eight messages:
the pack path missed 做牢, "zuo lao" and 老賴 and flagged the reassurance
「我们不会让你坐牢的」. Each entry point is asked here, and all must report the same rules.
"""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest

from casebook.assess import evaluate
from casebook.campaign import CaseCampaign
from casebook.cli import main
from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import GradingContext, get_kind
from casebook.model import Action
from casebook.msgcheck import check_message
from casebook.ui.message_checker import MessageChecker
from casebook.wording import judge
from casebook.wording.engine import wording_rules
from tests.conftest import build_case

# (text, recipient, the rules a careful reviewer would cite)
MESSAGES = [
    ("你就准备去做牢吧。", "debtor", {"CN-NO-CRIMINAL-THREAT"}),
    ("zuo lao 听得懂吗？", "debtor", {"CN-NO-CRIMINAL-THREAT"}),
    ("老賴，還錢！", "debtor", {"CN-NO-INSULT"}),
    ("我们不会让你坐牢的，今天打电话只是想跟你商量一个还得起的方案。", "debtor", set()),
    ("曝 光 你的事情只是时间问题。", "debtor", {"CN-NO-EXPOSURE"}),
    ("你已经上了黑-名-单。", "debtor", {"CN-NO-FAKE-BLACKLIST"}),
    ("他的信用卡已经逾期三个月了。", "third_party", {"CN-THIRD-PARTY-NO-DISCLOSURE"}),
    ("您好，提醒您本月25日前还款，如有困难请致电协商。", "debtor", set()),
]


@pytest.fixture(scope="module")
def case():
    return build_case()


@pytest.fixture(scope="module")
def wording_rule_ids(law_packs):
    return {rule.id for rule, _ in wording_rules(law_packs)}


def via_judge(text, recipient, packs):
    return {f.rule for f in judge(text, recipient, packs).findings}


def via_check_message(text, recipient, packs):
    return {f.rule for f in check_message(text, recipient).findings}


def via_cli(text, recipient, packs, capsys):
    main(["check-message", text, "--recipient", recipient, "--json"])
    return {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}


def via_planner(text, recipient, case, packs, wording_rule_ids):
    target = "debtor" if recipient == "debtor" else "colleague"
    sms = Action(time=datetime(2026, 3, 5, 10, 0), channel="sms", target=target, message=text)
    found = {v.rule_id for v in evaluate(case, [sms], packs).violations}
    return found & wording_rule_ids


def via_exercise(text, recipient, packs):
    exercise = get_exercise("ex41" if recipient == "debtor" else "ex42")
    kind = get_kind("message")
    variant = kind.make_variant(exercise, 3)
    answered = kind.validate(exercise, variant, {"message": text}, [])
    result = kind.grade(exercise, variant, answered, GradingContext(packs))
    return {r.rule_id for r in result.rules}


def via_notebook_widget(text, recipient, packs):
    checker = MessageChecker(packs=packs)
    try:
        checker.text.value = text
        checker.recipient.value = recipient
        return {f.rule for f in checker.check().findings}
    finally:
        checker.close()


def via_campaign(text, packs, wording_rule_ids):
    env = CaseCampaign("forgetful")
    env.reset(seed=1)
    when = datetime.combine(env.now.date(), time(10, 0))
    *_, info = env.step(Action(time=when, channel="sms", target="debtor", message=text))
    return set(info["violations"]) & wording_rule_ids


@pytest.mark.parametrize("text, recipient, expected", MESSAGES)
def test_every_entry_point_agrees(
    text, recipient, expected, law_packs, case, wording_rule_ids, capsys
):
    answers = {
        "judge": via_judge(text, recipient, law_packs),
        "check_message": via_check_message(text, recipient, law_packs),
        "cli": via_cli(text, recipient, law_packs, capsys),
        "planner": via_planner(text, recipient, case, law_packs, wording_rule_ids),
        "exercise": via_exercise(text, recipient, law_packs),
        "notebook": via_notebook_widget(text, recipient, law_packs),
    }
    if recipient == "debtor":
        answers["campaign"] = via_campaign(text, law_packs, wording_rule_ids)
    assert answers == dict.fromkeys(answers, expected)


def test_a_category_only_the_model_adds_is_scored_by_no_entry_point(
    monkeypatch, law_packs, case, wording_rule_ids
):
    # the planner (assess) and the graded exercise both leave a model-added category to review
    from casebook.checks import conduct
    from tests.test_grading_wording_review import model_added_verdict

    verdict = model_added_verdict()
    ruled, guess = verdict.findings
    monkeypatch.setattr("casebook.wording.engine.judge", lambda *a, **k: verdict)
    monkeypatch.setattr("casebook.wording.judge", lambda *a, **k: verdict)
    monkeypatch.setattr(conduct, "_VERDICTS", {})
    planner = via_planner(verdict.text, "third_party", case, law_packs, wording_rule_ids)
    exercise = via_exercise(verdict.text, "third_party", law_packs)
    assert planner == exercise == {ruled.rule}
    assert guess.rule not in planner | exercise
