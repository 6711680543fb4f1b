"""The ``qa_review`` kind: references grade 100, known mistakes cost what the rules say.

Points are computed here from the exercise's settings (marks 70, score 30, tolerance 5,
zero at 20, 10 % of the marks item per false mark) and the transcripts' data.
"""

from __future__ import annotations

import random

import pytest

from casebook.grading.catalog import CatalogError, get_exercise, validate_exercise
from casebook.grading.kinds import AnswerError, GradingContext, get_kind

KIND = get_kind("qa_review")
QA_EXERCISES = ("ex50", "ex51", "ex52")


@pytest.fixture(scope="module")
def ctx(law_packs):
    return GradingContext(law_packs)


def seed_for(exercise_id: str, transcript_id: str) -> int:
    """A (non-practice) seed whose variant is ``transcript_id``."""
    exercise = get_exercise(exercise_id)
    for seed in range(1000, 2000):
        if KIND.pick(exercise, seed).id == transcript_id:
            return seed
    raise AssertionError(transcript_id)


def grade(exercise_id, seed, answers, ctx):
    exercise = get_exercise(exercise_id)
    variant = KIND.make_variant(exercise, seed)
    answered = KIND.validate(exercise, variant, answers, [])
    return KIND.grade(exercise, variant, answered, ctx)


def reference(exercise_id, seed) -> dict:
    exercise = get_exercise(exercise_id)
    return KIND.reference_answers(exercise, KIND.make_variant(exercise, seed)).model_dump()


def pts(result) -> dict[str, float]:
    return {i.item_id: i.points for i in result.items}


def all_cases():
    for exercise_id in QA_EXERCISES:
        p = get_exercise(exercise_id).params
        yield exercise_id, get_exercise(exercise_id).practice_seed, p.practice
        for tid in p.pool:
            yield exercise_id, seed_for(exercise_id, tid), tid


@pytest.mark.parametrize(("exercise_id", "seed", "transcript_id"), list(all_cases()))
def test_the_reference_review_scores_100(ctx, exercise_id, seed, transcript_id):
    exercise = get_exercise(exercise_id)
    variant = KIND.make_variant(exercise, seed)
    assert variant.key["transcript"] == transcript_id
    result = grade(exercise_id, seed, reference(exercise_id, seed), ctx)
    assert result.points == 100 and result.max_points == 100
    assert result.rules == []
    # The same answer as the widgets send it (strings everywhere) grades the same.
    ref = reference(exercise_id, seed)
    as_strings = {
        "faults": {str(n): items for n, items in ref["faults"].items()},
        "deductions": {k: str(v) for k, v in ref["deductions"].items()},
    }
    assert grade(exercise_id, seed, as_strings, ctx).points == 100


def test_practice_seed_shows_the_practice_transcript_and_variants_are_deterministic():
    for exercise_id in QA_EXERCISES:
        exercise = get_exercise(exercise_id)
        practice = KIND.make_variant(exercise, exercise.practice_seed)
        assert practice.key["transcript"] == exercise.params.practice
        a, b = KIND.make_variant(exercise, 4242), KIND.make_variant(exercise, 4242)
        assert a == b
        drawn = {KIND.make_variant(exercise, s).key["transcript"] for s in range(100, 160)}
        assert drawn == set(exercise.params.pool)  # every pool transcript is used
        assert exercise.params.practice not in drawn


def test_surface_details_vary_but_the_call_does_not():
    exercise = get_exercise("ex50")
    seeds = [seed_for("ex50", "qa-04-family-disclosure")]
    seeds += [
        s for s in range(2000, 2400) if KIND.pick(exercise, s).id == "qa-04-family-disclosure"
    ][:5]
    variants = [KIND.make_variant(exercise, s) for s in seeds]
    surnames = {v.key["values"]["debtor"] for v in variants}
    amounts = {v.key["values"]["balance"] for v in variants}
    assert len(surnames) > 1 and len(amounts) > 1
    lengths = {len(v.public["turns"]) for v in variants}
    assert lengths == {16}
    speakers = {tuple(t["speaker"] for t in v.public["turns"]) for v in variants}
    assert len(speakers) == 1
    v = variants[0]
    assert v.key["values"]["balance"] in v.public["turns"][6]["text"]  # turn 7 names the amount


def test_the_handout_carries_no_answer():
    for exercise_id in QA_EXERCISES:
        exercise = get_exercise(exercise_id)
        for seed in (exercise.practice_seed, 11, 12):
            public = KIND.make_variant(exercise, seed).public
            assert set(public) == {"situation", "turns"}
            for turn in public["turns"]:
                assert set(turn) == {"n", "speaker", "text"}
            text = str(public)
            assert "qa-" not in text and "compliant" not in text and "violating" not in text


def test_an_empty_answer_scores_nothing(ctx):
    result = grade("ex51", seed_for("ex51", "qa-08-overpromise"), {}, ctx)
    assert pts(result) == {"faults": 0, "score": 0}
    assert "未作答" in result.items[0].feedback[0].text


def test_a_missed_mark_costs_its_share_and_cites_the_rule(ctx):
    seed = seed_for("ex50", "qa-04-family-disclosure")
    answer = reference("ex50", seed)
    del answer["faults"][7]  # the disclosure of the amount to the mother
    result = grade("ex50", seed, answer, ctx)
    faulty_turns = 4  # turns 7, 9, 11, 15
    assert pts(result) == {"faults": round(70 * (1 - 1 / faulty_turns), 2), "score": 30}
    missed = [f for f in result.items[0].feedback if f.status == "wrong"]
    assert len(missed) == 1
    entry = missed[0]
    assert entry.text.startswith("漏标第 7 轮（「不向第三人透露欠款（红线）」）")
    assert entry.rule_id == "CN-THIRD-PARTY-NO-DISCLOSURE"
    assert (
        "个人消费类贷款催收工作指引" in entry.citation and "已核实" in entry.citation and entry.why
    )
    variant = KIND.make_variant(get_exercise("ex50"), seed)
    assert entry.quote == variant.public["turns"][6]["text"]
    assert entry.instead.startswith("理解您关心他")
    assert [r.rule_id for r in result.rules] == ["CN-THIRD-PARTY-NO-DISCLOSURE"]
    assert result.rules[0].points_lost == round(70 / faulty_turns, 2)


def test_a_false_mark_costs_a_tenth_and_says_why_the_turn_is_fine(ctx):
    seed = seed_for("ex52", "qa-10-poor-empathy")
    answer = reference("ex52", seed)
    answer["faults"][15] = ["conduct"]  # the truthful notice about credit records is no threat
    result = grade("ex52", seed, answer, ctx)
    assert pts(result)["faults"] == 63
    (false,) = [f for f in result.items[0].feedback if f.status == "wrong"]
    assert false.text.startswith("误标：第 15 轮没有「文明催收")
    assert "如实说明后果，没有夸大，不属于威胁" in false.text
    assert false.rule_id == "CN-NO-THREAT"  # the item's rule is cited
    # The deductions still match the reference, so the total stands.
    assert pts(result)["score"] == 30


def test_a_clean_call_rewards_restraint(ctx):
    seed = seed_for("ex52", "qa-02-clean-hardship")
    right = grade("ex52", seed, reference("ex52", seed), ctx)
    assert right.points == 100
    assert "合格的电话" in right.items[0].feedback[0].text
    over = reference("ex52", seed)
    over["faults"] = {11: ["authority"], 13: ["truthful"]}
    over["deductions"]["authority"] = 5
    over["deductions"]["truthful"] = 10
    result = grade("ex52", seed, over, ctx)
    assert pts(result) == {"faults": 56, "score": 0}  # 2 false marks; a red line turns 100 to 0
    texts = " ".join(f.text for f in result.items[1].feedback)
    assert (
        "「如实说明，不冒充机关、不虚构后果（红线）」（红线项：有扣分即整通记 0 分）你扣 10 分，参考扣 0 分"
        in texts
    )


def test_right_turn_wrong_item_earns_half(ctx):
    seed = seed_for("ex51", "qa-08-overpromise")
    answer = reference("ex51", seed)
    answer["faults"][9] = ["solution"]  # the waiver promise is an authority problem
    result = grade("ex51", seed, answer, ctx)
    assert pts(result)["faults"] == round(70 * (1 - 0.5 / 3), 2)
    (entry,) = [f for f in result.items[0].feedback if f.status == "partial"]
    assert (
        "第 9 轮确实有问题，但应记在「只作权限以内的承诺，只经官方渠道收款」，不是「提出可行的方案」"
        in entry.text
    )
    assert entry.rule_id == "CALL-NO-UNAUTHORISED-PROMISE"


def test_the_total_is_graded_within_the_tolerance(ctx):
    seed = seed_for("ex51", "qa-08-overpromise")  # reference 87: authority 10, listening 3
    answer = reference("ex51", seed)
    answer["deductions"]["authority"] = 5  # total 92: 5 off, within ±5
    assert pts(grade("ex51", seed, answer, ctx))["score"] == 30
    answer["deductions"]["empathy"] = 5  # total 87 again, but the items differ
    result = grade("ex51", seed, answer, ctx)
    assert pts(result)["score"] == 30
    assert sum(f.status == "partial" for f in result.items[1].feedback) == 2
    answer = reference("ex51", seed)
    answer["deductions"].update(authority=0, listening=0)  # total 100: 13 off
    assert pts(grade("ex51", seed, answer, ctx))["score"] == round(30 * (20 - 13) / 15, 2)
    answer["deductions"].update(verify=10, commitment=5)  # total 85: 2 off
    assert pts(grade("ex51", seed, answer, ctx))["score"] == 30


def test_missing_the_red_line_veto_fails_the_total(ctx):
    seed = seed_for("ex50", "qa-06-threat")
    answer = reference("ex50", seed)
    answer["deductions"]["conduct"] = 0  # total 82 instead of 0
    result = grade("ex50", seed, answer, ctx)
    assert pts(result)["score"] == 0
    head = result.items[1].feedback[0].text
    assert "总分 82 分。参考总分 0 分，相差 82 分" in head


def test_validate_rejects_marks_on_missing_or_debtor_turns_and_unknown_items():
    exercise = get_exercise("ex51")
    variant = KIND.make_variant(exercise, seed_for("ex51", "qa-03-no-verify"))
    bad = {
        "faults": {"99": ["verify"], "2": ["verify"], "1": ["nope"], "3": ["verify", "verify"]},
        "deductions": {"verify": 7, "zzz": 0},
    }
    with pytest.raises(AnswerError) as caught:
        KIND.validate(exercise, variant, bad, [])
    problems = "\n".join(caught.value.problems)
    assert "field 'answers.faults.99': 第 99 轮不存在（这通录音共 18 轮）" in problems
    assert "field 'answers.faults.2': 第 2 轮是对方说的话" in problems
    assert "field 'answers.faults.1': 评分表中没有 ['nope']" in problems
    assert "field 'answers.faults.3': 同一项标了两次" in problems
    assert "「核身后才谈欠款」只能扣 0、10 分，不能扣 7 分" in problems
    assert "field 'answers.deductions.zzz': 评分表中没有这一项" in problems
    with pytest.raises(AnswerError):
        KIND.validate(exercise, variant, {"faults": {"one": ["verify"]}}, [])
    with pytest.raises(AnswerError):
        KIND.validate(exercise, variant, {"score": 100}, [])


def test_check_exercise_guards_pool_practice_and_levels():
    raw = get_exercise("ex51").model_dump(exclude={"data"}) | {
        "data": dict(get_exercise("ex51").data)
    }
    raw["data"] = dict(raw["data"], pool=["qa-03-no-verify", "qa-12-complaint-blocked"])
    with pytest.raises(CatalogError, match="must not be in the pool"):
        validate_exercise(raw, "ex51.yaml")
    raw["data"] = dict(raw["data"], pool=["qa-03-no-verify", "qa-99-missing"])
    with pytest.raises(CatalogError, match="unknown transcript 'qa-99-missing'"):
        validate_exercise(raw, "ex51.yaml")
    raw["data"] = dict(raw["data"], pool=["qa-03-no-verify", "qa-10-poor-empathy"])
    with pytest.raises(CatalogError, match="qa-10-poor-empathy' is 高级, the exercise is 进阶"):
        validate_exercise(raw, "ex51.yaml")


def test_simulated_answers_are_valid_mixed_and_deterministic(ctx):
    scores = []
    for exercise_id in QA_EXERCISES:
        exercise = get_exercise(exercise_id)
        for seed in range(20):
            variant = KIND.make_variant(exercise, seed)
            a = KIND.simulate(exercise, variant, random.Random(seed))
            b = KIND.simulate(exercise, variant, random.Random(seed))
            assert a.answers == b.answers
            answered = KIND.validate(exercise, variant, a.answers.model_dump(), [])
            scores.append(KIND.grade(exercise, variant, answered, ctx).points)
    assert min(scores) < 70 and max(scores) == 100 and len(set(scores)) > 10


def test_answer_keys_survive_the_graders_score_stripping():
    """The grader drops score-like answer keys (``marks``, ``score`` …) from submissions."""
    from casebook.grading.intake import SCORE_KEYS
    from casebook.grading.kinds.qa_review import QAReviewAnswers

    assert not {k.lower() for k in QAReviewAnswers.model_fields} & SCORE_KEYS


def test_feedback_cites_the_rule_of_the_item_concerned(ctx):
    """Turn 1 of qa-03 breaks two items; each item's feedback cites its own rule."""
    seed = seed_for("ex51", "qa-03-no-verify")
    answer = reference("ex51", seed)
    answer["faults"][1] = ["verify"]  # misses 'opening' on turn 1
    answer["deductions"]["opening"] = 0
    result = grade("ex51", seed, answer, ctx)
    (partial,) = [f for f in result.items[0].feedback if f.status == "partial"]
    assert partial.text.startswith("第 1 轮还漏了「开场与告知录音」")
    assert partial.rule_id == "CALL-IDENTIFY-SELF"
    sheet = [f for f in result.items[1].feedback if f.text.startswith("「开场与告知录音」")]
    assert len(sheet) == 1 and sheet[0].rule_id == "CALL-IDENTIFY-SELF"
    assert [(r.rule_id, r.count) for r in result.rules] == [
        ("CALL-IDENTIFY-SELF", 1),
        ("CALL-RECORDING-NOTICE", 1),
    ]
    # An extra item on a faulty turn cites that item's rule, not the turn's.
    answer = reference("ex51", seed)
    answer["faults"][3] = ["verify", "truthful"]
    result = grade("ex51", seed, answer, ctx)
    (extra,) = [f for f in result.items[0].feedback if f.status == "wrong"]
    assert (
        extra.text.startswith("第 3 轮不应再记「如实说明")
        and extra.rule_id == "CN-NO-IMPERSONATION"
    )
