"""Exercise kinds: variants, validation and points computed independently from the pack's numbers.

Pack points used below (casebook/policies/cn): CN-THIRD-PARTY-TRIGGER 15, CN-CONTACT-HOURS 20,
CN-NO-INSULT 25, CN-THIRD-PARTY-NO-DISCLOSURE 20. An item worth P loses ``points × P / 100``.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import pytest
from pydantic import BaseModel, ConfigDict

from casebook.grading.catalog import CatalogError, get_exercise, load_catalog, validate_exercise
from casebook.grading.forms import Form, TextField
from casebook.grading.kinds import (
    KINDS,
    Answered,
    AnswerError,
    ExerciseKind,
    GradingContext,
    get_kind,
    register_kind,
)
from casebook.grading.kinds._common import case_of, placeholders
from casebook.grading.schema import ExerciseResult, ItemResult, Variant
from casebook.grading.textcheck import judge_text
from casebook.model import Action


@pytest.fixture(scope="module")
def ctx(law_packs):
    return GradingContext(law_packs)


def grade(exercise_id, seed, answers=None, actions=(), ctx=None):
    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    variant = kind.make_variant(exercise, seed)
    answered = kind.validate(exercise, variant, answers or {}, list(actions))
    return kind.grade(exercise, variant, answered, ctx), variant


def points(result: ExerciseResult) -> dict[str, float]:
    return {i.item_id: i.points for i in result.items}


def at(variant: Variant, hh_mm: str, day: int = 0, **fields) -> Action:
    case = case_of(variant)
    hours, minutes = map(int, hh_mm.split(":"))
    start = datetime.combine(case.as_of.date(), datetime.min.time())
    return Action(time=start + timedelta(days=day, hours=hours, minutes=minutes), **fields)


# -- catalogue ----------------------------------------------------------------------------


def test_catalogue_loads_and_every_exercise_is_worth_100():
    catalog = load_catalog()
    assert {"ex01", "ex40", "ex41", "ex42", "ex43", "ex44", "ex45"} <= set(catalog)
    for exercise in catalog.values():
        assert exercise.max_points == 100, exercise.id
        assert exercise.seed_points and exercise.minutes > 0


def test_catalogue_errors_name_file_line_and_field(tmp_path):
    text = load_catalog()["ex45"].model_dump_json()  # a valid entry, as JSON (valid YAML)
    (tmp_path / "ex45.yaml").write_text(
        text.replace('"h22"', '"h22", "bogus": 1', 1), encoding="utf-8"
    )
    (tmp_path / "ex46.yaml").write_text(
        "id: ex46\ntitle: t\nkind: sheet\ndifficulty: 入门\nminutes: 5\npractice_seed: 1\n"
        "objectives:\n  - text: x\n    seed_points: [compliance.nonsense]\nitems: []\n",
        encoding="utf-8",
    )
    (tmp_path / "ex47.yaml").write_text(
        "id: ex47\ntitle: t\nkind: telepathy\ndifficulty: 入门\nminutes: 5\npractice_seed: 1\n"
        "objectives:\n  - text: x\n    seed_points: [compliance.law]\nitems:\n  - {id: a, title: a, points: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    problems = "\n".join(caught.value.problems)
    assert (
        "ex45.yaml:1: field 'data.questions[0].options[0].bogus': Extra inputs are not permitted"
        in problems
    )
    assert (
        "ex46.yaml:9: field 'objectives[0].seed_points': Value error, unknown seed point(s) ['compliance.nonsense']"
        in problems
    )
    assert "ex46.yaml:10: field 'items': List should have at least 1 item" in problems
    assert "ex47.yaml:3: field 'kind': unknown exercise kind 'telepathy'" in problems


def test_items_must_match_what_the_kind_grades():
    data = get_exercise("ex41").model_dump(mode="json")
    data["items"] = data["items"][:1]
    with pytest.raises(CatalogError, match=r"items must be exactly \['compliance', 'elements'\]"):
        validate_exercise(data, "test")


def test_variants_are_deterministic_and_personalised():
    exercise = get_exercise("ex44")
    kind = get_kind("sheet")
    a, b, c = (kind.make_variant(exercise, s) for s in (101, 101, 202))
    assert a == b
    assert a.public["balance"] != c.public["balance"]
    assert case_of(a).debtor.name != case_of(c).debtor.name
    assert kind.form(exercise, a).fields.__len__() == kind.form(exercise, c).fields.__len__() == 6


# -- contact_plan -------------------------------------------------------------------------


def test_contact_plan_compliant_plan_full_marks(ctx):
    exercise = get_exercise("ex01")
    variant = get_kind("contact_plan").make_variant(exercise, 21)
    plan = [
        at(
            variant,
            "09:30",
            channel="phone",
            target="debtor",
            message="您好，我是星河银行信用卡中心的工作人员。",
        ),
        at(
            variant,
            "09:40",
            channel="sms",
            target="debtor",
            message="【星河银行】请致电4008-000-000协商还款。",
        ),
        at(variant, "15:00", channel="phone", target="debtor"),
    ]
    result, _ = grade("ex01", 21, actions=plan, ctx=ctx)
    assert points(result) == {"compliance": 70, "reach": 20, "channels": 10}
    assert result.points == 100 and result.rules == []


def test_contact_plan_third_party_too_early(ctx):
    variant = get_kind("contact_plan").make_variant(get_exercise("ex01"), 21)
    plan = [
        at(
            variant,
            "09:30",
            channel="phone",
            target="sibling",
            purpose="relay",
            message="麻烦请他回电。",
        )
    ]
    result, _ = grade("ex01", 21, actions=plan, ctx=ctx)
    assert points(result) == {"compliance": 70 - 15 * 0.7, "reach": 0, "channels": 0}
    assert [(r.rule_id, r.count, r.points_lost) for r in result.rules] == [
        ("CN-THIRD-PARTY-TRIGGER", 1, 10.5)
    ]
    entry = result.items[0].feedback[0]
    assert entry.rule_id == "CN-THIRD-PARTY-TRIGGER" and entry.citation and entry.instead


def test_contact_plan_partial_credit(ctx):
    variant = get_kind("contact_plan").make_variant(get_exercise("ex01"), 21)
    plan = [at(variant, t, channel="phone", target="debtor") for t in ("09:00", "10:00", "22:30")]
    result, _ = grade("ex01", 21, actions=plan, ctx=ctx)
    expected = {"compliance": 70 - 20 * 0.7, "reach": round(20 * 2 / 3, 2), "channels": 10 / 2}
    assert points(result) == expected
    assert result.points == round(sum(expected.values()), 2)


def test_contact_plan_empty_plan_scores_nothing(ctx):
    result, _ = grade("ex01", 21, ctx=ctx)
    assert result.points == 0 and "计划为空" in result.items[0].feedback[0].text


def test_contact_plan_rejects_unknown_contacts():
    exercise = get_exercise("ex01")
    kind = get_kind("contact_plan")
    variant = kind.make_variant(exercise, 21)
    with pytest.raises(AnswerError, match="unknown contact 'boss'"):
        kind.validate(exercise, variant, {}, [at(variant, "09:00", channel="phone", target="boss")])


# -- choice -------------------------------------------------------------------------------

RIGHT = {
    "hours": "h22",
    "connected_calls": "stop",
    "what_to_say": ["sue", "credit"],
    "recording": "y2",
    "letter": ["name_balance", "channels", "bank_contact"],
    "overdraft": "not_crime",
}


def test_choice_full_marks_and_shuffled_options(ctx):
    result, variant = grade("ex45", 3, RIGHT, ctx=ctx)
    assert result.points == 100
    other = get_kind("sheet").make_variant(get_exercise("ex45"), 4)
    orders = {
        tuple(o["id"] for q in v.public["questions"] for o in q["options"])
        for v in (variant, other)
    }
    assert len(orders) == 2  # personalised option order
    assert "correct" not in str(variant.public)


@pytest.mark.parametrize(
    "picked, expected",
    [
        (["sue"], 10.0),  # 1 of 2 right options
        (["sue", "jail"], 0.0),  # a wrong pick cancels a right one
        (["sue", "credit", "jail"], 10.0),
        ([], 0.0),
    ],
)
def test_choice_multiple_partial_credit(ctx, picked, expected):
    result, _ = grade("ex45", 3, {**RIGHT, "what_to_say": picked}, ctx=ctx)
    assert points(result)["what_to_say"] == expected


def test_choice_feedback_names_the_rule(ctx):
    result, _ = grade(
        "ex45", 3, {**RIGHT, "what_to_say": ["sue", "credit", "jail"], "hours": "h21"}, ctx=ctx
    )
    texts = [f for i in result.items for f in i.feedback]
    jail = next(f for f in texts if "坐牢" in f.text)
    assert (
        jail.status == "wrong"
        and jail.rule_id == "CN-NO-CRIMINAL-THREAT"
        and "第六条" in jail.citation
    )
    hours = next(f for f in texts if "21:00" in f.text)
    assert "FDCPA" in hours.text and hours.rule_id == "CN-CONTACT-HOURS"
    assert {r.rule_id for r in result.rules} == {"CN-CONTACT-HOURS", "CN-NO-CRIMINAL-THREAT"}


def test_choice_rejects_unknown_questions_and_options():
    exercise = get_exercise("ex45")
    kind = get_kind("sheet")
    variant = kind.make_variant(exercise, 3)
    with pytest.raises(AnswerError, match="unknown question"):
        kind.validate(exercise, variant, {"q99": "a"}, [])
    with pytest.raises(AnswerError, match="single-answer question, 2 options picked"):
        kind.validate(exercise, variant, {"hours": ["h21", "h22"]}, [])


# -- instalment_terms ---------------------------------------------------------------------


def proposal(variant, **changes):
    v = variant.public
    term = math.ceil(v["balance"] / v["disposable"])
    answers = {
        "eligibility": "eligible",
        "term_months": term,
        "monthly_amount": math.ceil(v["balance"] / term * 100) / 100,
        "items": [
            "balance_structure_currency",
            "cycle_method_currency_dates_amount",
            "fees_interest_during_plan",
            "no_new_card_commitment",
            "rights_duties_default_liability",
            "other_repayment_matters",
        ],
        "agreement_form": "written",
        "after_signing": "stop",
    }
    answers.update(changes)
    return answers


def test_instalment_sound_proposal(ctx):
    variant = get_kind("sheet").make_variant(get_exercise("ex44"), 9)
    answers = proposal(variant)
    assert (
        answers["term_months"] <= 48
        and answers["monthly_amount"] <= variant.public["disposable"] + 0.01
    )
    result, _ = grade("ex44", 9, answers, ctx=ctx)
    assert result.points == 100 and result.rules == []


@pytest.mark.parametrize(
    "changes, item, value, rule",
    [
        ({"eligibility": "must_agree"}, "eligibility", 0, None),
        ({"agreement_form": "oral_unrecorded"}, "recording", 0, "CN-INSTALMENT-ORAL-RECORDING"),
        ({"after_signing": "weekly_collect"}, "after_signing", 0, "CN-INSTALMENT-STOP-COLLECTION"),
        ({"after_signing": "outsource"}, "after_signing", 0, "CN-INSTALMENT-STOP-COLLECTION"),
        ({"agreement_form": "oral_recorded"}, "recording", 10, None),
    ],
)
def test_instalment_single_mistakes(ctx, changes, item, value, rule):
    variant = get_kind("sheet").make_variant(get_exercise("ex44"), 9)
    result, _ = grade("ex44", 9, proposal(variant, **changes), ctx=ctx)
    assert points(result)[item] == value
    full = get_exercise("ex44").item(item).points
    assert result.points == 100 - (full - value)
    if rule:
        assert rule in {r.rule_id for r in result.rules}


def test_instalment_term_over_five_years(ctx):
    variant = get_kind("sheet").make_variant(get_exercise("ex44"), 9)
    monthly = math.ceil(variant.public["balance"] / 72 * 100) / 100
    result, _ = grade("ex44", 9, proposal(variant, term_months=72, monthly_amount=monthly), ctx=ctx)
    assert points(result)["term"] == 0 and points(result)["affordability"] == 25
    assert [r.rule_id for r in result.rules] == ["CN-INSTALMENT-TERM"]


def test_instalment_affordability_and_contents_partial(ctx):
    variant = get_kind("sheet").make_variant(get_exercise("ex44"), 9)
    v = variant.public
    too_little = proposal(variant, term_months=48, monthly_amount=round(v["balance"] / 60, 2))
    assert points(grade("ex44", 9, too_little, ctx=ctx)[0])["affordability"] == 12.5
    too_much = proposal(variant, term_months=12, monthly_amount=math.ceil(v["balance"] / 12))
    assert points(grade("ex44", 9, too_much, ctx=ctx)[0])["affordability"] == 12.5
    four = proposal(variant)
    four["items"] = four["items"][:4]
    assert points(grade("ex44", 9, four, ctx=ctx)[0])["contents"] == 20
    with_distractor = proposal(variant)
    with_distractor["items"].append("delete_credit_record")
    result, _ = grade("ex44", 9, with_distractor, ctx=ctx)
    assert points(result)["contents"] == 25
    assert any("征信" in f.text for f in result.items[3].feedback)


# -- third_party --------------------------------------------------------------------------


def scenario_seeds() -> dict[str, int]:
    kind, exercise = get_kind("sheet"), get_exercise("ex40")
    found: dict[str, int] = {}
    for seed in range(100):
        found.setdefault(kind.make_variant(exercise, seed).public["scenario"], seed)
    return found


@pytest.mark.parametrize(
    "scenario, right",
    [("unreachable", "locate_only"), ("invalid_number", "locate_only"), ("reachable", "not_yet")],
)
def test_third_party_judgement_follows_the_trigger_rule(ctx, scenario, right):
    seed = scenario_seeds()[scenario]
    exercise = get_exercise("ex40")
    variant = get_kind("sheet").make_variant(exercise, seed)
    honorific = placeholders(case_of(variant))["honorific"]
    relay = at(
        variant,
        "10:00",
        channel="phone",
        target="sibling",
        purpose="relay",
        message=f"您好，我是星河银行的工作人员，有事需要联系{honorific}，麻烦您转告他回电4008-000-000。",
    )
    result, _ = grade("ex40", seed, {"judgement": right}, [relay], ctx=ctx)
    plan = 60 if right == "locate_only" else 60 - 15 * 0.6
    assert points(result) == {"judgement": 40, "plan": plan}
    wrong, _ = grade("ex40", seed, {"judgement": "collect"}, [relay], ctx=ctx)
    assert points(wrong)["judgement"] == 0 and "CN-TARGET-SCOPE" in {r.rule_id for r in wrong.rules}


# -- message ------------------------------------------------------------------------------


def sms_for(seed, exercise_id="ex41"):
    variant = get_kind("message").make_variant(get_exercise(exercise_id), seed)
    v = placeholders(case_of(variant))
    return v, (
        f"【{v['bank']}】{v['honorific']}您好，您的信用卡账户尚有欠款{v['balance']}元未还，"
        f"请尽快还款或致电{v['hotline']}协商还款方案。"
    )


def test_message_compliant_sms(ctx):
    _, text = sms_for(5)
    result, _ = grade("ex41", 5, {"message": text}, ctx=ctx)
    assert points(result) == {"compliance": 60, "elements": 40}
    assert result.checker == "wording-judge"


def test_message_insult_costs_the_rule_points_once(ctx):
    _, text = sms_for(5)
    result, _ = grade("ex41", 5, {"message": "老赖！" + text + "老赖"}, ctx=ctx)
    assert points(result)["compliance"] == 60 - 25 * 0.6
    assert [(r.rule_id, r.count) for r in result.rules] == [("CN-NO-INSULT", 1)]


def test_message_missing_elements_and_length(ctx):
    result, _ = grade("ex41", 5, {"message": "您好，请尽快还款。" + "谢谢。" * 40}, ctx=ctx)
    elements = {f.text.split("：")[1].split("（")[0]: f.status for f in result.items[1].feedback}
    assert elements == {
        "表明发送机构": "wrong",
        "写明欠款金额": "wrong",
        "请其还款或回电协商": "ok",
        "留下银行客服电话": "wrong",
        "短信不超过 120 字": "wrong",
    }
    assert points(result)["elements"] == 40 / 5


def test_message_to_third_party_must_not_disclose(ctx):
    variant = get_kind("message").make_variant(get_exercise("ex42"), 5)
    v = placeholders(case_of(variant))
    clean = f"您好，我是{v['bank']}的工作人员，有事需要联系{v['honorific']}，麻烦您转告他回电{v['hotline']}，谢谢。"
    assert grade("ex42", 5, {"message": clean}, ctx=ctx)[0].points == 100
    leaky, _ = grade("ex42", 5, {"message": clean + "他的信用卡欠款逾期了。"}, ctx=ctx)
    assert points(leaky)["compliance"] == 60 - 20 * 0.6
    assert {r.rule_id for r in leaky.rules} == {"CN-THIRD-PARTY-NO-DISCLOSURE"}


def test_letter_fields_replayed_through_the_letter_rule(ctx):
    variant = get_kind("message").make_variant(get_exercise("ex43"), 5)
    options = [o["id"] for o in variant.public["letter_options"]]
    required = [o for o in options if o not in ("collector_mobile", "blacklist_warning")]
    assert len(required) == 7
    full, _ = grade("ex43", 5, {"message": "", "letter_fields": required}, ctx=ctx)
    assert points(full)["letter_fields"] == 25
    six, _ = grade(
        "ex43", 5, {"message": "", "letter_fields": [*required[:6], "blacklist_warning"]}, ctx=ctx
    )
    assert points(six)["letter_fields"] == round(25 * 5 / 7, 2)
    assert "CN-LETTER-FIELDS" in {r.rule_id for r in six.rules}


@pytest.mark.parametrize(
    "text, recipient, rule",
    [
        ("你这个老赖", "debtor", "CN-NO-INSULT"),
        ("他欠我们银行钱", "third_party", "CN-THIRD-PARTY-NO-DISCLOSURE"),
    ],
)
def test_the_judge_reports_pack_rules(law_packs, text, recipient, rule):
    assert rule in {f.rule_id for f in judge_text(text, recipient, law_packs).findings}
    assert judge_text("您好，请回电4008-000-000。", recipient, law_packs).findings == []


def test_house_wording_rules_reach_the_message_exercise(all_packs, law_packs):
    _, text = sms_for(5)
    ultimatum = "这是最后一次机会。" + text
    with_house, _ = grade("ex41", 5, {"message": ultimatum}, ctx=GradingContext(all_packs))
    assert [r.rule_id for r in with_house.rules] == ["HOUSE-NO-ULTIMATUM"]
    assert points(with_house)["compliance"] == 60 - 5 * 0.6
    law_only, _ = grade("ex41", 5, {"message": ultimatum}, ctx=GradingContext(law_packs))
    assert law_only.rules == [] and points(law_only)["compliance"] == 60


# -- plug-in interface --------------------------------------------------------------------


class EchoData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    word: str


class EchoAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = None


class EchoKind(ExerciseKind):
    """A minimal kind: full marks when the text contains the word."""

    name = "echo_test"
    label = "回声"
    Data = EchoData
    Answers = EchoAnswers

    def make_variant(self, exercise, seed):
        return Variant(exercise_id=exercise.id, kind=self.name, seed=seed, public={"n": seed % 7})

    def form(self, exercise, variant):
        return Form(fields=[TextField(key="text", label="写下关键词")])

    def grade(self, exercise, variant, answered, ctx):
        spec = exercise.items[0]
        ok = exercise.params.word in (answered.answers.text or "")
        item = ItemResult(
            item_id=spec.id,
            title=spec.title,
            points=spec.points if ok else 0,
            max_points=spec.points,
        )
        return ExerciseResult(
            exercise_id=exercise.id,
            kind=self.name,
            points=item.points,
            max_points=spec.points,
            items=[item],
        )

    def simulate(self, exercise, variant, rng):
        return Answered(EchoAnswers(text=rng.choice(["a", exercise.params.word])))


def test_a_new_kind_plugs_in_without_editing_the_grader(ctx):
    register_kind(EchoKind)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            register_kind(EchoKind)
        exercise = validate_exercise(
            {
                "id": "ex99",
                "title": "回声",
                "kind": "echo_test",
                "difficulty": "入门",
                "minutes": 1,
                "practice_seed": 1,
                "objectives": [{"text": "测试", "seed_points": ["efficiency.process"]}],
                "items": [{"id": "word", "title": "关键词", "points": 10}],
                "data": {"word": "合规"},
            },
            "test",
        )
        kind = get_kind("echo_test")
        variant = kind.make_variant(exercise, 3)
        answered = kind.validate(exercise, variant, {"text": "文明合规"}, [])
        assert kind.grade(exercise, variant, answered, ctx).points == 10
        assert kind.simulate(exercise, variant, random.Random(0)).answers.text in {"a", "合规"}
    finally:
        KINDS.pop("echo_test", None)


def test_overlong_action_messages_are_refused():
    exercise = get_exercise("ex01")
    kind = get_kind("contact_plan")
    variant = kind.make_variant(exercise, 21)
    action = at(variant, "09:00", channel="sms", target="debtor", message="请还款" * 1001)
    with pytest.raises(
        AnswerError, match=r"action_log\[0\]\.message': 3003 characters \(at most 3000\)"
    ):
        kind.validate(exercise, variant, {}, [action])
