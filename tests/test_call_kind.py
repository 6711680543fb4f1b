"""The ``call`` exercise kind: the reference replies score 100 on every variant; a violating
reply costs exactly its rule's points (rule points × compliance item points ÷ 100); nothing but
the replies is taken from the submission; bad answers are refused with the field named.

Items of ex53–ex55: compliance 50, outcome 35, discovery 15.
"""

from __future__ import annotations

import random

import pytest

from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import AnswerError, GradingContext, get_kind
from casebook.policy.loader import load_packs

KIND = get_kind("call")
CALL_EXERCISES = ("ex53", "ex54", "ex55")
SEEDS = (53, 1, 4242, 999_999, 1_000_123)


@pytest.fixture(scope="module")
def ctx():
    return GradingContext(load_packs(["cn"]))  # the house call rules are added by the kind


def grade(exercise_id, seed, replies, ctx):
    exercise = get_exercise(exercise_id)
    variant = KIND.make_variant(exercise, seed)
    answered = KIND.validate(exercise, variant, {"replies": replies}, [])
    return KIND.grade(exercise, variant, answered, ctx)


def reference(exercise_id) -> list:
    exercise = get_exercise(exercise_id)
    return KIND.make_variant(exercise, exercise.practice_seed).key["reference"]


def points(result) -> dict[str, float]:
    return {i.item_id: i.points for i in result.items}


def losses(result) -> dict[str, float]:
    return {r.rule_id: r.points_lost for r in result.rules}


@pytest.mark.parametrize("exercise_id", CALL_EXERCISES)
@pytest.mark.parametrize("seed", SEEDS)
def test_the_reference_scores_100(ctx, exercise_id, seed):
    result = grade(exercise_id, seed, reference(exercise_id), ctx)
    assert result.points == 100 and result.max_points == 100
    assert points(result) == {"compliance": 50, "outcome": 35, "discovery": 15}
    assert result.rules == []


def test_the_catalogue_entries_check_their_reference():
    for exercise_id in CALL_EXERCISES:
        exercise = get_exercise(exercise_id)
        assert KIND.check_exercise(exercise, exercise.params) == []
        assert [i.id for i in exercise.items] == ["compliance", "outcome", "discovery"]


def test_telling_an_unverified_caller_about_the_debt_costs_the_identity_and_notice_points(ctx):
    # open-blurt: debt detail before 核身 (CALL-VERIFY-IDENTITY, 20) and no recording notice
    # (CALL-RECORDING-NOTICE, 5); the call then goes on and ends as the reference does.
    replies = [{"option": "open-blurt"}, *reference("ex53")]
    result = grade("ex53", 53, replies, ctx)
    assert losses(result) == {"CALL-VERIFY-IDENTITY": 10.0, "CALL-RECORDING-NOTICE": 2.5}
    assert points(result) == {"compliance": 37.5, "outcome": 35, "discovery": 15}
    wrong = [f for i in result.items for f in i.feedback if f.status == "wrong"]
    assert {f.rule_id for f in wrong} == set(losses(result))
    identity = next(f for f in wrong if f.rule_id == "CALL-VERIFY-IDENTITY")
    assert identity.quote.endswith("今天必须还上！") and "更好的说法" in identity.instead
    assert identity.citation and identity.why


def test_collecting_after_a_statement_of_self_harm_costs_the_crisis_points(ctx):
    ref = reference("ex55")
    replies = [*ref[:4], {"option": "cr-push"}, *ref[4:]]
    result = grade("ex55", 55, replies, ctx)
    assert losses(result) == {"CALL-CRISIS-ESCALATE": 15.0}
    # pressed for money right after saying he would jump, he hangs up: no escalation
    assert points(result)["compliance"] == 35 and points(result)["outcome"] == 0


def test_a_promise_beyond_authority_costs_its_points_and_the_ending(ctx):
    ref = reference("ex54")
    replies = [*ref[:4], {"option": "da-guarantee"}]
    result = grade("ex54", 54, replies, ctx)
    assert losses(result) == {"CALL-NO-UNAUTHORISED-PROMISE": 7.5}
    assert points(result)["compliance"] == 42.5
    assert points(result)["outcome"] < 35  # the violating turn reached no ending


def test_free_text_counts_like_an_offered_reply(ctx):
    ref = reference("ex53")
    replies = [
        *ref[:2],
        "谢谢，核对无误。您名下的信用卡逾期了，请问最近是遇到什么情况了吗？",
        *ref[3:],
    ]
    assert grade("ex53", 7, replies, ctx).points == 100


def test_options_not_offered_are_skipped_with_a_note_not_a_crash(ctx):
    ref = reference("ex53")
    replies = [{"option": "confirm-sms"}, *ref, "还有一句"]
    result = grade("ex53", 53, replies, ctx)
    assert result.points == 100
    notes = [f.text for f in result.items[0].feedback if f.status == "info"]
    assert any("replies[0]" in n for n in notes) and any("replies[7]" in n for n in notes)


def test_an_empty_submission_scores_nothing(ctx):
    exercise = get_exercise("ex53")
    variant = KIND.make_variant(exercise, 1)
    answered = KIND.validate(exercise, variant, {}, [])
    result = KIND.grade(exercise, variant, answered, ctx)
    assert result.points == 0


@pytest.mark.parametrize(
    ("replies", "where"),
    [
        ([{"option": "open-intro"}, 5], "answers.replies.1"),
        (["您好", ""], "replies[1]"),
        (["好" * 501], "replies[0]"),
        ([{"option": "open-intro", "score": 100}], "answers.replies.0"),
        (["嗯"] * 61, "answers.replies"),
    ],
)
def test_bad_answers_are_refused_with_the_field(replies, where):
    exercise = get_exercise("ex53")
    variant = KIND.make_variant(exercise, 1)
    with pytest.raises(AnswerError) as exc:
        KIND.validate(exercise, variant, {"replies": replies}, [])
    assert any(where in p for p in exc.value.problems), exc.value.problems


def test_no_action_log_and_no_extra_answers():
    exercise = get_exercise("ex53")
    variant = KIND.make_variant(exercise, 1)
    with pytest.raises(AnswerError):
        KIND.validate(exercise, variant, {"replies": [], "points": 100}, [])


def test_the_variant_is_seeded_and_hides_the_reference():
    exercise = get_exercise("ex54")
    a, b = KIND.make_variant(exercise, 12), KIND.make_variant(exercise, 12)
    assert a == b and a.public["call_seed"] == 12 and "reference" not in a.public
    field = KIND.form(exercise, a).fields[0]
    assert field.widget == "call" and field.key == "replies"
    assert field.config == {"persona": "debt-agent", "seed": 12}


def test_simulated_answers_grade_between_0_and_100(ctx):
    exercise = get_exercise("ex54")
    variant = KIND.make_variant(exercise, 3)
    for seed in range(5):
        answered = KIND.simulate(exercise, variant, random.Random(seed))
        result = KIND.grade(exercise, variant, answered, ctx)
        assert 0 <= result.points <= 100
