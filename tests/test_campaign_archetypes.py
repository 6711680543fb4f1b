"""The five debtor archetypes behave as the seed's failure causes describe, reproducibly."""

from datetime import datetime, time
from importlib import resources

import pytest

from casebook.campaign import (
    CaseCampaign,
    ParamsError,
    build_scorecard,
    default_params,
    load_params,
)
from casebook.campaign.env import resolve_archetype
from casebook.campaign.params import PARAMS_FILE
from casebook.model import Action, InstalmentPlan

OPENING = "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。想和您确认一下还款安排。"
SMS = (
    "【星河银行】您好，您的信用卡账户已逾期，请通过手机银行还款；如有困难，可致电4008-000-000协商。"
)
ITEMS = [
    "balance_structure_currency",
    "cycle_method_currency_dates_amount",
    "fees_interest_during_plan",
    "no_new_card_commitment",
    "rights_duties_default_liability",
    "other_repayment_matters",
]


def at(env, hh, mm=0):
    return datetime.combine(env.now.date(), time(hh, mm))


def call(env, hh, mm=0, **kw):
    return Action(time=at(env, hh, mm), channel="phone", target="debtor", message=OPENING, **kw)


def first_call_outcomes(archetype: str, seeds=range(60)) -> list[str]:
    outcomes = []
    for seed in seeds:
        env = CaseCampaign(archetype)
        env.reset(seed=seed)
        *_, info = env.step(call(env, 10))
        outcomes.append(info["outcome"].value)
    return outcomes


def calls_for_days(archetype: str, seed: int, days: int, hours=(10, 19)) -> CaseCampaign:
    env = CaseCampaign(archetype)
    env.reset(seed=seed)
    for _ in range(days):
        for hh in hours:
            if not env.done:
                env.step(call(env, hh))
        if not env.done:
            env.step(None)
    return env


def test_five_archetypes_with_the_seed_causes():
    params = default_params()
    assert {a.label for a in params.archetypes.values()} == {
        "联系方式失效",
        "恶意逃避",
        "财务状况恶化",
        "健忘型",
        "有意愿但无力",
    }
    for key, archetype in params.archetypes.items():
        assert resolve_archetype(archetype.label) == key == resolve_archetype(key)
    with pytest.raises(ValueError, match="unknown archetype"):
        resolve_archetype("老赖型")


def test_forgetful_pays_after_a_reminder():
    repaid = 0
    for seed in range(40):
        env = CaseCampaign("forgetful")
        env.reset(seed=seed)
        env.step(Action(time=at(env, 9, 30), channel="sms", target="debtor", message=SMS))
        for _ in range(3):
            if not env.done:
                env.step(None)
        repaid += env.ended_by == "full_repayment"
    assert repaid >= 15  # a plain, compliant SMS is often all it takes


def test_contact_lost_number_and_address_are_dead():
    assert set(first_call_outcomes("contact_lost", range(10))) == {"invalid_number"}
    for seed in range(5):
        env = CaseCampaign("contact_lost")
        env.reset(seed=seed)
        *_, info = env.step(
            Action(time=at(env, 10), channel="letter", target="debtor", letter_fields=ITEMS)
        )
        assert info["outcome"].value == "undelivered"


def test_contact_lost_number_can_be_found_through_the_pre_agreed_contact():
    found = 0
    for seed in range(20):
        env = CaseCampaign("contact_lost")
        env.reset(seed=seed)
        env.step(call(env, 9, 30))
        for hh in (10, 14, 18):
            if (
                env.observation().debtor_number_invalid
                and "sibling" not in env.observation().refused_contacts
            ):
                env.step(
                    Action(
                        time=at(env, hh),
                        channel="phone",
                        target="sibling",
                        purpose="locate",
                        message="您好，有事需要联系您的家人，麻烦请其回电。",
                    )
                )
        found += not env.observation().debtor_number_invalid
    assert 3 <= found <= 17


def test_evasive_rarely_answers_compared_with_forgetful():
    evasive = first_call_outcomes("evasive").count("no_answer")
    forgetful = first_call_outcomes("forgetful").count("no_answer")
    assert evasive >= 40 and forgetful <= 25


def test_hardship_cannot_pay_much_without_a_plan():
    for seed in range(10):
        card = build_scorecard(calls_for_days("hardship", seed, 8))
        assert card.recovery_rate <= default_params().archetypes["hardship"].cash_capacity + 1e-9


def test_willing_but_unable_pays_part_but_not_all_without_a_plan():
    cards = [build_scorecard(calls_for_days("willing_unable", seed, 8)) for seed in range(10)]
    capacity = default_params().archetypes["willing_unable"].cash_capacity
    assert all(c.recovery_rate <= capacity + 1e-9 for c in cards)
    assert sum(c.recovery_rate > 0 for c in cards) >= 7


def _plan_for(env) -> InstalmentPlan:
    monthly = round(env.observation().outstanding / 60 + 1, 2)
    return InstalmentPlan(
        term_months=60, monthly_amount=monthly, items=ITEMS, signed=True, oral=True
    )


def _work_towards_a_plan(env, hours=(9, 11, 15, 19)) -> None:
    """One day: verify capacity until an application is in; once approved, offer the plan."""
    for hh in hours:
        if env.done:
            return
        application = env.observation().instalment_application
        if application == "none":
            env.step(call(env, hh, purpose="verify"))
        elif application == "approved":
            env.step(call(env, hh, purpose="negotiate", instalment=_plan_for(env)))


@pytest.mark.parametrize("archetype", ["hardship", "willing_unable"])
def test_a_sound_plan_resolves_hardship(archetype):
    signed = 0
    for seed in range(10):
        env = CaseCampaign(archetype, max_days=10)
        env.reset(seed=seed)
        while not env.done:
            _work_towards_a_plan(env)
            if not env.done:
                env.step(None)
        signed += env.ended_by == "instalment_agreement"
        if env.ended_by == "instalment_agreement":
            verified = [a for a in env.case.history if a.assessment is not None]
            signing = env.case.history[-1]
            assert verified and (signing.time.date() - verified[0].time.date()).days >= 1
    assert signed >= 6


@pytest.mark.parametrize("archetype", ["hardship", "willing_unable"])
def test_no_plan_is_concluded_on_the_day_of_the_first_negotiation(archetype):
    for seed in range(10):
        env = CaseCampaign(archetype)
        env.reset(seed=seed)
        start = env.now.date()
        for hh in (9, 10, 11, 15, 19, 20):
            if env.done:
                break
            env.step(
                call(
                    env,
                    hh,
                    purpose="verify" if hh == 9 else "negotiate",
                    instalment=None if hh == 9 else _plan_for(env),
                )
            )
        assert env.ended_by != "instalment_agreement" and env.now.date() == start


@pytest.mark.parametrize("archetype", ["forgetful", "evasive", "contact_lost"])
def test_ineligible_archetypes_do_not_sign_plans(archetype):
    for seed in range(10):
        env = CaseCampaign(archetype)
        obs, _ = env.reset(seed=seed)
        plan = InstalmentPlan(
            term_months=60,
            monthly_amount=obs.outstanding / 60 + 1,
            items=ITEMS,
            signed=True,
            oral=True,
        )
        env.step(call(env, 10, purpose="negotiate", instalment=plan))
        assert env.ended_by != "instalment_agreement"


def _day(env, compliant: bool) -> None:
    if compliant:
        steps = [Action(time=at(env, 9, 30), channel="sms", target="debtor", message=SMS)]
        if env.archetype.plan.eligible:
            env.step(steps[0])
            _work_towards_a_plan(env, hours=(10, 19))
            steps = []
        else:
            steps += [call(env, 10, purpose="collect"), call(env, 19, purpose="collect")]
    else:
        steps = [
            Action(time=at(env, 7, 30), channel="phone", target="debtor", message="老赖！"),
            Action(
                time=at(env, 10),
                channel="phone",
                target="colleague",
                message="你同事欠我们银行钱不还，让他赶紧还。",
            ),
            Action(time=at(env, 23), channel="sms", target="debtor", message="再不还就等着坐牢吧"),
        ]
    for step in steps:
        if not env.done and step.time >= env.now:
            env.step(step)
    if not env.done:
        env.step(None)


@pytest.mark.parametrize("archetype", default_params().archetypes)
def test_compliant_play_beats_violating_play(archetype):
    grades = {True: [], False: []}
    complaints = {True: 0, False: 0}
    for compliant in (True, False):
        for seed in range(8):
            env = CaseCampaign(archetype, max_days=10)
            env.reset(seed=seed)
            while not env.done:
                _day(env, compliant)
            card = build_scorecard(env)
            grades[compliant].append(card.grade)
            complaints[compliant] += card.complaints
    assert sum(grades[True]) / 8 > sum(grades[False]) / 8 + 30
    assert complaints[False] > complaints[True]


def test_invalid_parameters_name_file_line_and_field(tmp_path):
    text = (resources.files("casebook.campaign") / PARAMS_FILE).read_text(encoding="utf-8")
    broken = tmp_path / PARAMS_FILE
    broken.write_text(text.replace("    answer: 0.75\n", "    answer: 1.75\n", 1), encoding="utf-8")
    with pytest.raises(ParamsError) as exc:
        load_params(broken)
    message = str(exc.value)
    assert str(broken) in message and "archetypes.forgetful.answer" in message
    line = next(i for i, row in enumerate(broken.read_text().splitlines(), 1) if "1.75" in row)
    assert f"{broken}:{line}" in message
