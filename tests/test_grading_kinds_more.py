"""The exercise kinds of the simulators, the judicial toolkit and the portfolio (ex10–ex30).

Expected points are computed here independently: fees from the Art. 13 brackets by hand,
expiry dates by adding three years with the 29 February rule, drill answers from the drills
engine's own question objects, campaign scores from the engine's ``replay`` and scorecard,
strategy scores from ``score_strategy`` on a strategy built directly with ``derive``.
Pack points used (casebook/policies/cn): CN-CONTACT-HOURS 20.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from casebook.campaign import CaseCampaign, build_scorecard, replay
from casebook.drills import draw_drill
from casebook.grading.assign import assign
from casebook.grading.catalog import get_exercise
from casebook.grading.grade import grade_assignment
from casebook.grading.intake import AssignmentFolder
from casebook.grading.kinds import AnswerError, GradingContext, get_kind
from casebook.grading.roster import RosterEntry
from casebook.grading.schema import Variant
from casebook.grading.sheets.answers import key_answers
from casebook.model import Action, InstalmentPlan, Outcome
from casebook.policy.loader import load_packs

NEW = ("ex10", "ex11", "ex12", "ex20", "ex21", "ex22", "ex23", "ex24", "ex30")
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def ctx(law_packs):
    return GradingContext(law_packs)


def variant_of(exercise_id: str, seed: int | None = None) -> Variant:
    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    return kind.make_variant(exercise, exercise.practice_seed if seed is None else seed)


def grade(exercise_id, answers=None, log=(), seed=None, ctx=None):
    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    variant = variant_of(exercise_id, seed)
    answered = kind.validate(exercise, variant, answers or {}, list(log))
    return kind.grade(exercise, variant, answered, ctx)


def points(result) -> dict[str, float]:
    return {i.item_id: i.points for i in result.items}


def feedback(result):
    return [f for item in result.items for f in item.feedback]


# -- every new kind ------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", NEW)
def test_variants_are_deterministic_and_json_safe(exercise_id):
    a, b = variant_of(exercise_id, 101), variant_of(exercise_id, 101)
    assert a == b
    again = Variant.model_validate(json.loads(json.dumps(a.model_dump(mode="json"))))
    assert again == a


@pytest.mark.parametrize("exercise_id", NEW)
def test_variants_are_personalised(exercise_id):
    public = {json.dumps(variant_of(exercise_id, s).public, sort_keys=True) for s in range(6)}
    assert len(public) >= 2


@pytest.mark.parametrize("exercise_id", NEW)
def test_the_key_is_never_handed_out(exercise_id):
    variant = variant_of(exercise_id, 7)
    public = json.dumps(variant.public, ensure_ascii=False)
    for marker in ('"correct"', '"credit"', '"feedback"', '"bases"', '"scorer"', '"instead"'):
        assert marker not in public
    for question in variant.key.get("questions", []):
        if question["type"] == "date":
            assert question["answer"] not in public
        if question["type"] == "number":
            answer = question["answer"]
            assert f"{answer}" not in public and f"{answer:,.2f}" not in public
        for option in question["options"]:
            assert not option["feedback"] or option["feedback"] not in public


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """One trainee assigned every new exercise, with simulated answers on disk."""
    root = tmp_path_factory.mktemp("more")
    assign([RosterEntry("T001", "学员")], NEW, 5, root / "asg")
    folder = AssignmentFolder(root / "asg")
    rng = random.Random(5)
    clean, tampered = root / "clean", root / "tampered"
    clean.mkdir()
    tampered.mkdir()
    trainee = folder.manifest.trainees[0]
    for ex in NEW:
        exercise = folder.exercises[ex]
        answered = get_kind(exercise.kind).simulate(exercise, folder.variant("T001", ex), rng)
        data = {
            "schema_version": 2,
            "assignment_id": folder.manifest.assignment_id,
            "exercise_id": ex,
            "trainee_id": "T001",
            "token": folder.token("T001"),
            "variant_seed": trainee.variant_seeds[ex],
            "answers": answered.answers.model_dump(mode="json"),
            "action_log": [a.model_dump(mode="json") for a in answered.action_log],
            "submitted_at": "2026-03-20T10:00:00+08:00",
        }
        (clean / f"{ex}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        data["score"] = 100
        data["answers"] = {**data["answers"], "points": 100}
        (tampered / f"{ex}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root


def test_a_tampered_score_is_ignored_and_flagged(cohort):
    clean = grade_assignment(cohort / "asg", cohort / "clean")
    tampered = grade_assignment(cohort / "asg", cohort / "tampered")
    assert clean.rejected == [] and tampered.rejected == []
    assert len(clean.graded) == len(NEW)
    by_exercise = {g.exercise_id: g for g in tampered.graded}
    for g in clean.graded:
        t = by_exercise[g.exercise_id]
        assert t.result == g.result, g.exercise_id
        assert any("分数字段" in flag and "answers.points" in flag for flag in t.flags)
    assert any(g.result.points < 100 for g in tampered.graded)


def test_regrading_is_idempotent(cohort, tmp_path):
    first = grade_assignment(cohort / "asg", cohort / "clean", tmp_path / "out")
    files = {p: p.read_bytes() for p in sorted((tmp_path / "out").rglob("*")) if p.is_file()}
    second = grade_assignment(cohort / "asg", cohort / "clean", tmp_path / "out")
    assert first.results() == second.results()
    assert files == {p: p.read_bytes() for p in files}


# -- drill_set ----------------------------------------------------------------------------


def drill_answers(questions, wrong=()):
    answers = {}
    for n, q in enumerate(questions, start=1):
        keys = sorted(q.correct_keys)
        if n in wrong:
            keys = [o.key for o in q.options if not o.correct][:1]
        answers[f"q{n}"] = keys if q.multiple else keys[0]
    return answers


def test_drill_set_variant_is_the_engines_draw():
    variant = variant_of("ex10", 77)
    drawn = draw_drill(77, "入门", 10)
    labels = [q["label"] for q in variant.public["questions"]]
    assert all(q.question in label for q, label in zip(drawn, labels, strict=True))
    assert key_answers(variant) == {
        f"q{n}": sorted(q.correct_keys) if q.multiple else min(q.correct_keys)
        for n, q in enumerate(drawn, start=1)
    }
    assert {q.difficulty.value for q in drawn} == {"入门"}
    assert len({q.item_id for q in drawn}) == 10


def test_drill_set_points_match_the_engines_grade(ctx):
    questions = draw_drill(2026, "入门", 10)
    assert grade("ex10", drill_answers(questions), ctx=ctx).points == 100
    result = grade("ex10", drill_answers(questions, wrong={1, 4}), ctx=ctx)
    assert result.points == 80
    assert points(result)["q1"] == 0 and points(result)["q2"] == 10


def test_judicial_drills_draw_five_of_seven_advanced_items(ctx):
    sets = [{q.item_id for q in draw_drill(s, "高级", 5, "司法途径")} for s in range(12)]
    assert all(len(s) == 5 for s in sets) and len(set(map(frozenset, sets))) > 1
    questions = draw_drill(12, "高级", 5, "司法途径")
    result = grade("ex12", drill_answers(questions, wrong={5}), ctx=ctx)
    assert points(result) == {"q1": 20, "q2": 20, "q3": 20, "q4": 20, "q5": 0}


def test_drill_feedback_cites_the_basis_of_every_wrong_pick(ctx):
    questions = draw_drill(2026, "入门", 10)
    result = grade("ex10", drill_answers(questions, wrong=set(range(1, 11))), ctx=ctx)
    assert result.points == 0
    wrong = [f for f in feedback(result) if f.status == "wrong" and f.text.startswith("你选了")]
    assert len(wrong) == 10
    assert all(f.citation and f.why for f in wrong)
    assert any(f.rule_id and f.rule_id.startswith("CN-") and f.instead for f in wrong)
    assert result.rules and sum(r.points_lost for r in result.rules) == pytest.approx(100, abs=0.05)


def test_drill_set_answers_are_validated():
    exercise, kind = get_exercise("ex10"), get_kind("sheet")
    variant = kind.make_variant(exercise, 2026)
    single = next(q for q in variant.public["questions"] if not q["multiple"])
    with pytest.raises(AnswerError, match="unknown question"):
        kind.validate(exercise, variant, {"q11": "A"}, [])
    with pytest.raises(AnswerError, match=r"answers\.q1': unknown option\(s\) \['Z'\]"):
        kind.validate(exercise, variant, {"q1": "Z"}, [])
    with pytest.raises(AnswerError, match="single-answer question, 2 options picked"):
        kind.validate(exercise, variant, {single["id"]: ["A", "B"]}, [])


# -- campaign -----------------------------------------------------------------------------


PLAN_ITEMS = [
    "balance_structure_currency",
    "cycle_method_currency_dates_amount",
    "fees_interest_during_plan",
    "no_new_card_commitment",
    "rights_duties_default_liability",
    "other_repayment_matters",
]
OPENING = "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。"


def _plan_call(when: datetime, owed: float) -> Action:
    return Action(
        time=when,
        channel="phone",
        target="debtor",
        purpose="negotiate",
        message=OPENING,
        instalment=InstalmentPlan(
            term_months=60,
            monthly_amount=float(round(owed / 60 + 0.5)),
            items=PLAN_ITEMS,
            signed=True,
            oral=True,
        ),
    )


def reference_log(seed: int) -> list[Action]:
    """The book's reference solution, played on the engine: an SMS; a recorded call that
    verifies capacity and willingness (the application goes to approval); once approved, a
    60-month plan agreed on a recorded call."""
    env = CaseCampaign("hardship")
    env.reset(seed=seed)
    log = []

    def do(action):
        env.step(action)
        log.append(action)

    day = env.now.date()
    do(
        Action(
            time=datetime.combine(day, time(9, 30)),
            channel="sms",
            target="debtor",
            message="【星河银行】您好，您的信用卡账户已逾期，如有困难，可致电4008-000-000协商还款方案。",
        )
    )
    while not env.done:
        for slot in (time(10), time(15), time(19)):
            if env.done:
                break
            obs = env.observation()
            when = datetime.combine(env.now.date(), slot)
            if obs.instalment_application == "none":
                do(
                    Action(
                        time=when,
                        channel="phone",
                        target="debtor",
                        purpose="verify",
                        message=OPENING,
                    )
                )
            elif obs.instalment_application == "approved":
                do(_plan_call(when, obs.outstanding))
        if not env.done:
            env.step(None)
    return log


def test_campaign_plan_agreed_on_the_spot_is_not_concluded(ctx):
    """Issue 11: a 60-month plan offered by phone on the first day, with no verification and
    no approval, must neither end the campaign as an agreement nor score full marks."""
    variant = variant_of("ex11")
    env = CaseCampaign("hardship")
    env.reset(seed=variant.public["campaign_seed"])
    day = env.now.date()
    log = [
        _plan_call(datetime.combine(day, time(h)), env.observation().outstanding)
        for h in (10, 15, 19, 20)
    ]
    result = grade("ex11", log=log, ctx=ctx)
    assert result.points < 100
    replayed = replay("hardship", variant.public["campaign_seed"], [*log, *([None] * 40)])
    assert replayed.ended_by != "instalment_agreement" and replayed.state.secured == 0
    talked = {"connected", "promise_to_pay", "partial_payment"}
    answered = [r for r in replayed.records if r.action and r.action.outcome.value in talked]
    for record in answered:
        assert "CN-INSTALMENT-ELIGIBILITY" in {v.rule_id for v in record.violations}


def expected_campaign(variant: Variant, log) -> dict[str, float]:
    """Items from the engine's own replay, with the clock run to the end."""
    v = variant.public
    env = replay(v["archetype"], v["campaign_seed"], [*log, *([None] * 40)])
    card = build_scorecard(env)
    return {
        "compliance": round(50 * card.compliance_score / 100, 2),
        "resolution": round(30 * card.resolution_rate, 2),
        "complaints": max(0.0, 10 - 5 * card.complaints),
        "cost": 10.0 if card.cost <= 30 else round(10 * 30 / card.cost, 2),
    }


def test_campaign_reference_solution_full_marks(ctx):
    variant = variant_of("ex11")
    log = reference_log(variant.public["campaign_seed"])
    result = grade("ex11", log=log, ctx=ctx)
    assert points(result) == {"compliance": 50, "resolution": 30, "complaints": 10, "cost": 10}
    assert expected_campaign(variant, log) == points(result)


def test_campaign_night_call_costs_the_hours_rule(ctx):
    variant = variant_of("ex11")
    start = datetime.fromisoformat(variant.public["start"]).date()
    log = [Action(time=datetime.combine(start, time(23, 0)), channel="phone", target="debtor")]
    result = grade("ex11", log=log, ctx=ctx)
    assert points(result)["compliance"] == 50 - 20 * 0.5
    assert points(result) == expected_campaign(variant, log)
    assert [(r.rule_id, r.points_lost) for r in result.rules] == [("CN-CONTACT-HOURS", 10)]
    entry = next(f for f in feedback(result) if f.rule_id == "CN-CONTACT-HOURS")
    assert entry.citation and entry.instead and "23:00" in entry.quote


def test_campaign_outcomes_written_in_the_log_are_not_trusted(ctx):
    variant = variant_of("ex11")
    log = reference_log(variant.public["campaign_seed"])[:2]
    faked = [a.model_copy(update={"outcome": Outcome.PROMISE_TO_PAY}) for a in log]
    assert grade("ex11", log=faked, ctx=ctx) == grade("ex11", log=log, ctx=ctx)


def test_campaign_an_empty_log_scores_nothing(ctx):
    result = grade("ex11", ctx=ctx)
    assert result.points == 0


def test_campaign_actions_the_console_would_refuse_are_skipped(ctx):
    variant = variant_of("ex11")
    start = datetime.fromisoformat(variant.public["start"]).date()
    later = Action(time=datetime.combine(start, time(15)), channel="sms", target="debtor")
    earlier = Action(time=datetime.combine(start, time(10)), channel="sms", target="debtor")
    result = grade("ex11", log=[later, earlier], ctx=ctx)
    notes = [f.text for f in feedback(result) if f.status == "info"]
    assert any(t.startswith("行动 #2：无法执行") for t in notes)
    assert "行动 #2" not in dict(result.answer_echo)


def test_campaign_answers_are_validated():
    exercise, kind = get_exercise("ex11"), get_kind("campaign")
    variant = kind.make_variant(exercise, exercise.practice_seed)
    start = datetime.fromisoformat(variant.public["start"])
    bad = Action(time=start + timedelta(hours=1), channel="phone", target="boss")
    with pytest.raises(AnswerError, match="unknown contact 'boss'"):
        kind.validate(exercise, variant, {}, [bad])
    early = Action(time=start - timedelta(days=3), channel="phone", target="debtor")
    with pytest.raises(AnswerError, match="before the campaign starts"):
        kind.validate(exercise, variant, {}, [early])
    with pytest.raises(AnswerError, match="Extra inputs"):
        kind.validate(exercise, variant, {"score": 100}, [])


# -- fee_calc -----------------------------------------------------------------------------


def art13(amount: Decimal) -> Decimal:
    """Art. 13(一) for 10,000 < amount ≤ 100,000: ¥50 plus 2.5 % above ¥10,000 (exact, unrounded)."""
    assert 10_000 < amount <= 100_000
    return 50 + (amount - 10_000) * Decimal("0.025")


def test_fee_practice_variant_is_the_books_example(ctx):
    variant = variant_of("ex20")
    assert variant.public["amount"] == "86420.50"
    assert key_answers(variant) == {
        "ordinary": 1960.51,
        "simplified": 980.26,
        "payment_order": 653.50,
    }


@pytest.mark.parametrize("seed", [3, 50, 999])
def test_fee_variants_cross_the_same_bracket_and_grade_exactly(ctx, seed):
    variant = variant_of("ex20", seed)
    amount = Decimal(variant.public["amount"])
    assert 30_000 <= amount <= 95_000
    exact = art13(amount)
    # Round once, at the end: half and a third of the exact fee, not of the rounded one.
    full = exact.quantize(CENT, ROUND_HALF_UP)
    half = (exact / 2).quantize(CENT, ROUND_HALF_UP)
    third = (exact / 3).quantize(CENT, ROUND_HALF_UP)
    answers = {"ordinary": float(full), "simplified": float(half), "payment_order": float(third)}
    assert grade("ex20", answers, seed=seed, ctx=ctx).points == 100
    slip = {**answers, "simplified": float(half + CENT), "payment_order": float(full)}
    result = grade("ex20", slip, seed=seed, ctx=ctx)
    assert points(result) == {"ordinary": 40, "simplified": 15, "payment_order": 0}
    lost = {r.rule_id: r.points_lost for r in result.rules}
    assert lost["《诉讼费用交纳办法》第十四条第（三）项"] == 30
    assert any("第十六条" in f.citation for f in result.items[1].feedback)


def test_fee_more_than_two_decimals_is_at_best_a_rounding_slip(ctx):
    result = grade("ex20", {"ordinary": 1960.51, "simplified": 980.255}, ctx=ctx)
    assert points(result)["simplified"] == 15
    assert any("保留两位小数" in f.text for f in result.items[1].feedback)


def test_fee_answers_are_validated():
    exercise, kind = get_exercise("ex20"), get_kind("sheet")
    variant = kind.make_variant(exercise, 20)
    with pytest.raises(AnswerError, match=r"unknown question\(s\) \['appeal'\]"):
        kind.validate(exercise, variant, {"appeal": 10}, [])
    with pytest.raises(AnswerError, match=r"answers\.ordinary': -5 is not between 0 and"):
        kind.validate(exercise, variant, {"ordinary": -5}, [])
    with pytest.raises(AnswerError, match=r"answers\.ordinary': expected a number"):
        kind.validate(exercise, variant, {"ordinary": "一千元"}, [])
    with pytest.raises(AnswerError, match=r"answers\.ordinary': expected a number"):
        kind.validate(exercise, variant, {"ordinary": True}, [])


# -- limitation_calc ----------------------------------------------------------------------


def three_years(day: date) -> date:
    try:
        return day.replace(year=day.year + 3)
    except ValueError:  # 29 February → 28 February (no corresponding day)
        return date(day.year + 3, 2, 28)


def expected_limitation(public) -> tuple[set[str], date]:
    """Every event inside the running period restarts it; earlier or later ones do not."""
    start = date.fromisoformat(public["start"])
    expires = three_years(start)
    interrupting = set()
    for event in sorted(public["events"], key=lambda e: e["on"]):
        on = date.fromisoformat(event["on"])
        if start <= on <= expires:
            interrupting.add(event["id"])
            expires = three_years(on)
    return interrupting, expires


def test_limitation_practice_variant(ctx):
    variant = variant_of("ex21")
    # The last interruption falls on 29 February 2020; 2023 has no 29 February (Art. 202).
    assert expected_limitation(variant.public) == ({"e1", "e2"}, date(2023, 2, 28))
    right = grade("ex21", {"interruptions": ["e1", "e2"], "expiry": "2023-02-28"}, ctx=ctx)
    assert right.points == 100
    wrong = grade("ex21", {"interruptions": ["e1", "e2", "e3"], "expiry": "2023-03-01"}, ctx=ctx)
    assert points(wrong) == {"interruptions": round(40 * 2 / 3, 2), "expiry": 0}
    texts = [f.text for f in wrong.items[1].feedback]
    assert "差一天" in texts[0] and "第二百零二条" in wrong.items[1].feedback[0].citation
    assert "第一百九十五条" in wrong.items[0].feedback[2].citation


@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_limitation_variants_agree_with_an_independent_count(ctx, seed):
    variant = variant_of("ex21", seed)
    interrupting, expires = expected_limitation(variant.public)
    assert len(variant.public["events"]) == 3 and len(interrupting) == 2
    assert key_answers(variant) == {
        "interruptions": sorted(interrupting),
        "expiry": expires.isoformat(),
    }
    answers = {"interruptions": sorted(interrupting), "expiry": expires.isoformat()}
    assert grade("ex21", answers, seed=seed, ctx=ctx).points == 100


def test_limitation_answers_are_validated():
    exercise, kind = get_exercise("ex21"), get_kind("sheet")
    variant = kind.make_variant(exercise, 21)
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        kind.validate(exercise, variant, {"expiry": "2027/02/28"}, [])
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        kind.validate(exercise, variant, {"expiry": "2027-02-30"}, [])
    with pytest.raises(AnswerError, match=r"answers\.interruptions': unknown option"):
        kind.validate(exercise, variant, {"interruptions": ["e9"]}, [])
    with pytest.raises(AnswerError, match=r"answers\.interruptions': an option is picked twice"):
        kind.validate(exercise, variant, {"interruptions": ["e1", "e1"]}, [])
    answered = kind.validate(exercise, variant, {"expiry": "  "}, [])
    result = kind.grade(exercise, variant, answered, GradingContext(load_packs(["cn"])))
    assert result.items[1].points == 0 and result.items[1].feedback[0].text.startswith("未作答")


# -- procedure_choice ---------------------------------------------------------------------


def test_procedure_practice_variant(ctx):
    variant = variant_of("ex22")
    # ¥45,000 ≤ 50 % of ¥100,000: a simple money claim must use small claims (Art. 165), so
    # 简易 and 普通 are not open to the creditor; 支付令 and 诉前调解 are not trials and stay open.
    assert key_answers(variant) == {
        "procedure": "small_claims",
        "excluded": ["simplified", "ordinary"],
    }
    answer = {"procedure": "small_claims", "excluded": ["simplified", "ordinary"]}
    assert grade("ex22", answer, ctx=ctx).points == 100
    for barred in ("simplified", "ordinary"):
        result = grade("ex22", {**answer, "procedure": barred}, ctx=ctx)
        assert points(result)["procedure"] == 0
        picked = result.items[0].feedback[0]
        assert picked.text == f"你选了「{'简易程序' if barred == 'simplified' else '普通程序'}」。"
        assert "必须适用小额诉讼" in picked.why
    lenient = grade("ex22", {"procedure": "small_claims", "excluded": []}, ctx=ctx)
    assert points(lenient)["excluded"] == 40 * 3 / 5
    result = grade(
        "ex22", {"procedure": "payment_order", "excluded": ["small_claims", "ordinary"]}, ctx=ctx
    )
    assert points(result) == {"procedure": 30, "excluded": 40 * 3 / 5}
    assert any("第一百六十五条" in f.citation for f in result.items[0].feedback)


def test_procedure_missing_debtor_leaves_only_the_ordinary_procedure(ctx):
    kind, exercise = get_kind("sheet"), get_exercise("ex22")
    seed = next(
        s for s in range(200) if kind.make_variant(exercise, s).public["scenario"] == "missing"
    )
    variant = kind.make_variant(exercise, seed)
    assert key_answers(variant)["procedure"] == "ordinary"
    assert set(key_answers(variant)["excluded"]) == {
        "pre_suit_mediation",
        "payment_order",
        "small_claims",
        "simplified",
    }
    result = grade("ex22", {"procedure": "payment_order", "excluded": []}, seed=seed, ctx=ctx)
    assert points(result) == {"procedure": 0, "excluded": 40 / 5}
    assert any("下落不明" in f.text + f.why for f in result.items[0].feedback)


def test_procedure_answers_are_validated():
    exercise, kind = get_exercise("ex22"), get_kind("sheet")
    variant = kind.make_variant(exercise, 22)
    with pytest.raises(AnswerError, match=r"answers\.procedure"):
        kind.validate(exercise, variant, {"procedure": "arbitration"}, [])
    with pytest.raises(AnswerError, match=r"answers\.excluded': an option is picked twice"):
        kind.validate(exercise, variant, {"excluded": ["ordinary", "ordinary"]}, [])


# -- collections_review -------------------------------------------------------------------


def test_collections_practice_variant(ctx):
    variant = variant_of("ex23")
    assert key_answers(variant) == {
        "effective": ["c2", "c3", "c4"],
        "pair": "yes",
        "amount_band": "数额较大",
    }
    result = grade(
        "ex23", {"effective": ["c1", "c2", "c3"], "pair": "no", "amount_band": "数额较大"}, ctx=ctx
    )
    # c1 (the due date itself) and c4 (returned, but the cardholder evades) judged wrong: 2 of 4.
    assert points(result) == {"effective": 30, "pair": 0, "amount_band": 20}
    assert any("第七条" in f.citation for f in result.items[0].feedback)


@pytest.mark.parametrize("seed", range(1, 30, 4))
def test_collections_band_counts_only_the_principal(ctx, seed):
    variant = variant_of("ex23", seed)
    principal = Decimal(variant.public["log"]["facts"]["unpaid_principal"])
    charges = Decimal(variant.public["charges"])
    band = "不满五万元" if principal < 50_000 else "数额较大"
    assert key_answers(variant)["amount_band"] == band
    with_charges = "不满五万元" if principal + charges < 50_000 else "数额较大"
    answers = {**key_answers(variant), "amount_band": with_charges}
    result = grade("ex23", answers, seed=seed, ctx=ctx)
    assert points(result)["amount_band"] == (20 if with_charges == band else 0)
    if with_charges != band:
        assert "第九条" in result.items[2].feedback[0].citation


def test_collections_answers_are_validated():
    exercise, kind = get_exercise("ex23"), get_kind("sheet")
    variant = kind.make_variant(exercise, 23)
    with pytest.raises(AnswerError, match=r"answers\.effective': unknown option\(s\) \['c9'\]"):
        kind.validate(exercise, variant, {"effective": ["c9"]}, [])
    with pytest.raises(AnswerError, match=r"answers\.amount_band"):
        kind.validate(exercise, variant, {"amount_band": "很多"}, [])


# -- document_review ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "picked, expected",
    [
        (["evidence_list", "court"], 100),
        (["evidence_list"], 50),
        (["evidence_list", "claims"], 0),
        ([], 0),
    ],
)
def test_document_review_practice_variant(ctx, picked, expected):
    assert key_answers(variant_of("ex24"))["missing"] == ["evidence_list", "court"]
    result = grade("ex24", {"missing": picked}, ctx=ctx)
    assert result.points == expected
    assert "未核实" in result.items[0].feedback[0].citation


def test_document_review_variants_drop_two_elements():
    for seed in range(5):
        variant = variant_of("ex24", seed)
        missing = key_answers(variant)["missing"]
        assert len(missing) == 2
        assert "证据清单" in variant.public["intro"] or "evidence_list" in missing


def test_document_review_answers_are_validated():
    exercise, kind = get_exercise("ex24"), get_kind("sheet")
    variant = kind.make_variant(exercise, 24)
    with pytest.raises(
        AnswerError, match=r"answers\.missing': unknown option\(s\) \['signature_seal'\]"
    ):
        kind.validate(exercise, variant, {"missing": ["signature_seal"]}, [])


# -- strategy -----------------------------------------------------------------------------


def test_strategy_champion_scores_exactly_sixty(ctx):
    result = grade("ex30", {"strategy": {"base": "champion"}}, ctx=ctx)
    assert points(result) == {"recovery": 0, "cost": 30, "compliance": 30}


def test_strategy_over_a_cap_is_a_violation_not_a_crash(ctx):
    result = grade("ex30", {"strategy": {"call_attempts_per_day": 9}}, ctx=ctx)
    assert result.points == 0
    entry = result.items[2].feedback[0]
    assert entry.rule_id == "CN-CALL-UNANSWERED-DAILY" and entry.citation and entry.instead
    assert [(r.rule_id, r.points_lost) for r in result.rules] == [("CN-CALL-UNANSWERED-DAILY", 100)]
    late = grade(
        "ex30", {"strategy": {"contact_hours": {"start": "07:00", "end": "22:30"}}}, ctx=ctx
    )
    assert late.points == 0 and "CN-CONTACT-HOURS" in {r.rule_id for r in late.rules}


def test_strategy_points_are_the_exercise_score_of_the_same_strategy(ctx, law_packs):
    from casebook.portfolio import builtin_strategy
    from casebook.portfolio.exercise import exercise_rules, score_strategy

    variant = variant_of("ex30")
    result = grade("ex30", {"strategy": {"m0_sms_per_week": 3, "letter_from": "M2"}}, ctx=ctx)
    mine = builtin_strategy("champion", law_packs).derive(
        "my_strategy",
        "我的策略",
        cells=[
            {"buckets": ["M0"], "set": {"sms_per_week": 3}},
            {"buckets": ["M1", "M2", "M3", "M4", "M5", "M6+"], "set": {"letter": False}},
            {"buckets": ["M2", "M3", "M4", "M5", "M6+"], "set": {"letter": True}},
        ],
    )
    rules = exercise_rules().model_copy(
        update={"accounts": 3000, "days": 120, "seeds": (variant.public["portfolio_seed"],)}
    )
    score = score_strategy(mine, law_packs, rules)
    assert points(result) == {
        "recovery": score.recovery,
        "cost": score.cost,
        "compliance": score.compliance,
    }


def test_strategy_variants_pick_a_portfolio_from_the_pool():
    pool = set(get_exercise("ex30").params.portfolio_seeds)
    seeds = {variant_of("ex30", s).public["portfolio_seed"] for s in range(40)}
    assert seeds <= pool and len(seeds) > 3


def test_strategy_answers_are_validated():
    exercise, kind = get_exercise("ex30"), get_kind("strategy")
    variant = kind.make_variant(exercise, 30)
    with pytest.raises(AnswerError, match="Extra inputs"):
        kind.validate(exercise, variant, {"strategy": {"team_contact": 3.0}}, [])
    with pytest.raises(AnswerError, match="must be later than start"):
        kind.validate(
            exercise,
            variant,
            {"strategy": {"contact_hours": {"start": "20:00", "end": "09:00"}}},
            [],
        )
    with pytest.raises(AnswerError, match="less than or equal to 24"):
        kind.validate(exercise, variant, {"strategy": {"call_attempts_per_day": 99}}, [])
