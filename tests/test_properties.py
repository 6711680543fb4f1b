"""Property tests (hypothesis): invariants of the assessment engine and the campaign."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.assess import evaluate
from casebook.campaign import CaseCampaign, build_scorecard, replay
from casebook.model import Action
from casebook.policy.loader import load_packs
from tests.conftest import build_case

PACKS = load_packs(["cn"])
START = datetime(2026, 3, 5, 0, 0)
MESSAGES = [
    "",
    "您好，我是星河银行的工作人员，本次通话将被录音。",
    "【星河银行】您的信用卡已逾期，请尽快还款或致电4008-000-000协商。",
    "麻烦您请他回电4008-000-000，谢谢。",
    "你同事欠我们银行三万块，让他赶紧还钱。",
    "再不还就等着坐牢吧",
    "老赖，小心你的家人",
]
ARCHETYPES = ["forgetful", "contact_lost", "evasive", "hardship", "willing_unable"]

actions = st.builds(
    lambda minutes, channel, target, purpose, message, outcome, recorded: Action(
        time=START + timedelta(minutes=minutes),
        channel=channel,
        target=target,
        purpose=purpose,
        message=message,
        outcome=outcome,
        recorded=recorded,
    ),
    minutes=st.integers(min_value=0, max_value=3 * 24 * 60 - 1),
    channel=st.sampled_from(["phone", "sms", "email", "visit"]),
    target=st.sampled_from(["debtor", "sister", "colleague", "spouse", "guarantor"]),
    purpose=st.sampled_from(["collect", "locate", "relay", "negotiate"]),
    message=st.sampled_from(MESSAGES),
    outcome=st.sampled_from(["pending", "connected", "no_answer", "refused", "promise_to_pay"]),
    recorded=st.booleans(),
)
plans = st.lists(actions, max_size=12)


def _violating(minutes: int) -> Action:
    """A pending SMS that insults the debtor: always in breach, never changes anyone's state."""
    return Action(
        time=START + timedelta(minutes=minutes),
        channel="sms",
        target="debtor",
        message="你这个老赖",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, st.integers(min_value=0, max_value=3 * 24 * 60 - 1))
def test_adding_a_violating_action_never_raises_the_compliance_score(plan, minutes):
    case = build_case()
    before = evaluate(case, plan, PACKS)
    after = evaluate(case, [*plan, _violating(minutes)], PACKS)
    assert after.score.compliance <= before.score.compliance
    assert not after.compliant
    old = Counter((v.rule_id, v.action_index) for v in before.violations)
    new = Counter((v.rule_id, v.action_index) for v in after.violations)
    assert not old - new, "an added action must not excuse an earlier breach"


@settings(max_examples=40, deadline=None)
@given(plans)
def test_scores_are_bounded_and_deterministic(plan):
    case = build_case()
    first = evaluate(case, plan, PACKS)
    assert 0 <= first.score.compliance <= 100
    assert 0 <= first.score.effectiveness <= 100
    assert first.compliant == (first.violations == [])
    assert evaluate(case, plan, PACKS).model_dump_json() == first.model_dump_json()


def _play(env: CaseCampaign, seed: int, choices: list[int]) -> list[Action | None]:
    """Drive a campaign with a simple scripted policy picked by ``choices``; return the log."""
    log: list[Action | None] = []
    obs, _ = env.reset(seed=seed)
    for choice in choices:
        if env.done:
            break
        day = datetime.combine(obs.date, datetime.min.time())
        now = datetime.combine(obs.date, datetime.strptime(obs.time, "%H:%M").time())
        action: Action | None
        if choice == 0:
            action = None  # end the day
        elif choice == 1:
            action = Action(
                time=max(now, day + timedelta(hours=10)),
                channel="phone",
                target="debtor",
                message="您好，我是星河银行的工作人员，本次通话将被录音。",
            )
        elif choice == 2:
            action = Action(
                time=max(now, day + timedelta(hours=11)),
                channel="sms",
                target="debtor",
                message="【星河银行】您的信用卡已逾期，请尽快还款。",
            )
        else:
            action = Action(
                time=max(now, day + timedelta(hours=23)),
                channel="phone",
                target="debtor",
                message="再不还就等着坐牢吧",
            )
        log.append(action)
        obs, *_ = env.step(action)
    return log


@settings(max_examples=15, deadline=None)
@given(
    st.sampled_from(ARCHETYPES),
    st.integers(min_value=0, max_value=10_000),
    st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=25),
)
def test_a_campaign_replayed_from_its_log_gives_the_same_scorecard(archetype, seed, choices):
    env = CaseCampaign(archetype=archetype, packs=PACKS)
    log = _play(env, seed, choices)
    again = replay(archetype, seed, log, packs=PACKS)
    assert build_scorecard(again).model_dump() == build_scorecard(env).model_dump()
