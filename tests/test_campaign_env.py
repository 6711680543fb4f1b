"""The case campaign: Gymnasium-shaped API, scoring by the packs, state, determinism, replay."""

import json
import random
import re
import subprocess
import sys
import warnings
from datetime import date, datetime, time, timedelta

import pytest

from casebook.campaign import (
    CaseCampaign,
    add_years,
    build_scorecard,
    default_params,
    figure_png,
    replay,
    scorecard_html,
    timeline_figure,
)
from casebook.campaign.env import letter_field_ids
from casebook.campaign.params import OnConnect
from casebook.model import Action, InstalmentPlan, bucket_for

OPENING = "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。想和您确认一下还款安排。"
SMS = (
    "【星河银行】您好，您的信用卡账户已逾期，请通过手机银行还款；如有困难，可致电4008-000-000协商。"
)
PLAN_ITEMS = [
    "balance_structure_currency",
    "cycle_method_currency_dates_amount",
    "fees_interest_during_plan",
    "no_new_card_commitment",
    "rights_duties_default_liability",
    "other_repayment_matters",
]


def tuned(archetype: str, pressure: dict | None = None, third_party: dict | None = None, **changes):
    """Default parameters with one archetype (and optionally pressure/third parties) changed."""
    params = default_params()
    updated = params.archetypes[archetype].model_copy(update=changes)
    update = {"archetypes": {**params.archetypes, archetype: updated}}
    if pressure:
        update["pressure"] = params.pressure.model_copy(update=pressure)
    if third_party:
        update["third_party"] = params.third_party.model_copy(update=third_party)
    return params.model_copy(update=update)


def at(env: CaseCampaign, hh: int, mm: int = 0, day: int = 0) -> datetime:
    return datetime.combine(env.now.date() + timedelta(days=day), time(hh, mm))


def call(env, hh, mm=0, **kw):
    return Action(time=at(env, hh, mm), channel="phone", target="debtor", message=OPENING, **kw)


def sms(env, hh, mm=0, text=SMS, target="debtor"):
    return Action(time=at(env, hh, mm), channel="sms", target=target, message=text)


CERTAIN_ANSWER = dict(answer=1.0, complaint_base=0.0, complaint_per_point=0.0)
NO_FATIGUE = {"fatigue": 1.0}


# --- reset and observation ----------------------------------------------------------------


def test_reset_observation_matches_the_case():
    env = CaseCampaign("forgetful")
    obs, info = env.reset(seed=3)
    case = info["case"]
    dpd = (case.as_of.date() - case.account.due_date).days
    assert obs.day == 1 and obs.max_days == 30 and obs.time == "09:00"
    assert obs.days_past_due == dpd and 5 <= dpd <= 20
    assert obs.bucket == bucket_for(dpd) == "M1"
    assert obs.outstanding == case.account.balance and obs.recovered == 0
    assert obs.limitation_expires == add_years(case.account.due_date, 3)
    assert info["archetype_label"] == "健忘型"
    json.loads(obs.model_dump_json())


def test_history_sets_effective_collections_and_the_limitation_clock():
    env = CaseCampaign("evasive")
    obs, info = env.reset(seed=2)
    today = info["case"].as_of.date()
    # A letter delivered 40 days ago and a recorded call with a promise 14 days ago: only 26
    # days apart, so one 有效催收 (2018 interpretation Art. 7 (三)), not two.
    assert obs.effective_collections == 1 and not obs.effective_pair_30d
    assert obs.limitation_expires == add_years(today - timedelta(days=14), 3)
    obs, *_, info = env.step(sms(env, 9, 30))
    if info["outcome"].value == "delivered":  # 40 days after the letter: the second one
        assert obs.effective_collections == 2 and obs.effective_pair_30d
        assert info["effective_collection"]


def test_many_compliant_contacts_on_one_day_are_one_effective_collection():
    """Issue 11: four compliant contacts in one day used to count as four 有效催收."""
    params = tuned("forgetful", pressure=NO_FATIGUE, answer=1.0, complaint_base=0.0)
    params = params.model_copy(
        update={
            "archetypes": {
                **params.archetypes,
                "forgetful": params.archetypes["forgetful"].model_copy(
                    update={
                        "on_connect": OnConnect(promise=0.0, partial=0.0, refuse=0.0),
                        "reminder_pays": {},
                        "complaint_per_point": 0.0,
                    }
                ),
            }
        }
    )
    env = CaseCampaign("forgetful", params=params)
    env.reset(seed=5)
    flags = []
    for step in (sms(env, 9), call(env, 10), call(env, 15), sms(env, 19)):
        *_, info = env.step(step)
        assert info["violations"] == []
        flags.append(info["effective_collection"])
    assert flags == [True, False, False, False]
    assert env.observation().effective_collections == 1
    assert build_scorecard(env).effective_collections == 1


def test_add_years_handles_month_ends():
    assert add_years(date(2026, 1, 10), 3) == date(2029, 1, 10)
    assert add_years(date(2028, 2, 29), 3) == date(2031, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


# --- the API contract -----------------------------------------------------------------------


def test_step_returns_the_gymnasium_tuple():
    env = CaseCampaign("forgetful")
    env.reset(seed=1)
    _obs, reward, terminated, truncated, info = env.step(sms(env, 9, 30))
    assert isinstance(reward, float) and terminated is False and truncated is False
    assert set(info["reward_terms"]) == {
        "recovered",
        "agreement",
        "compliance",
        "cost",
        "complaint",
    }
    assert reward == pytest.approx(sum(info["reward_terms"].values()))
    assert info["outcome"].value in {"delivered", "complaint"}


def test_invalid_actions_are_rejected():
    env = CaseCampaign("forgetful")
    with pytest.raises(RuntimeError, match="reset"):
        env.step(None)
    env.reset(seed=1)
    with pytest.raises(ValueError, match="早于当前时间"):
        env.step(call(env, 8, 0))
    with pytest.raises(ValueError, match="不在案件联系人"):
        env.step(Action(time=at(env, 10), channel="phone", target="neighbour"))
    with pytest.raises(ValueError, match="债务人本人"):
        env.step(Action(time=at(env, 10), channel="litigation", target="sibling"))
    assert env.action_log == [] and env.records == []


def test_end_day_and_time_limit():
    env = CaseCampaign("evasive", max_days=3)
    env.reset(seed=4)
    obs, *_ = env.step(None)
    assert obs.day == 2 and obs.time == "00:00"
    obs, _, terminated, truncated, _ = env.step(None)
    assert obs.day == 3 and not (terminated or truncated)
    obs, _, terminated, truncated, info = env.step(None)
    assert truncated and not terminated and info["ended_by"] == "time_limit" and env.done
    with pytest.raises(RuntimeError, match="over"):
        env.step(None)


def test_action_after_the_time_limit_is_not_executed():
    env = CaseCampaign("evasive", max_days=2)
    env.reset(seed=4)
    later = Action(time=at(env, 10, day=5), channel="phone", target="debtor", message=OPENING)
    *_, truncated, _info = env.step(later)
    assert truncated and env.records[-1].action is None
    assert all(a.time.date() < env.now.date() for a in env.case.history)


# --- scoring by the packs -------------------------------------------------------------------


def test_daily_cap_counts_the_history(law_packs):
    params = tuned(
        "forgetful",
        pressure=NO_FATIGUE,
        on_connect=OnConnect(promise=0, partial=0, refuse=0),
        **CERTAIN_ANSWER,
    )
    env = CaseCampaign("forgetful", params=params)
    env.reset(seed=5)
    for hh in (9, 10, 11):
        *_, info = env.step(call(env, hh))
        assert info["outcome"].value == "connected" and info["violations"] == []
    *_, info = env.step(call(env, 11, 30))
    assert info["violations"] == ["CN-CALL-CONNECTED-DAILY"]
    points = law_packs[0].rule("CN-CALL-CONNECTED-DAILY").points
    assert info["reward_terms"]["compliance"] == -points
    assert env.observation().connected_calls_today == 4


def test_violations_cost_points_and_cost_is_charged(law_packs):
    env = CaseCampaign("forgetful")
    env.reset(seed=6)
    *_, info = env.step(sms(env, 23, 0, text="再不还钱就让你好看，后果自负！"))
    assert info["violations"] == ["CN-CONTACT-HOURS", "CN-NO-THREAT"]
    pack = law_packs[0]
    expected = pack.rule("CN-CONTACT-HOURS").points + pack.rule("CN-NO-THREAT").points
    assert info["reward_terms"]["compliance"] == -expected
    assert info["reward_terms"]["cost"] == pytest.approx(-0.1 * 0.1)
    assert not info["effective_collection"]
    assert build_scorecard(env).compliance_score == 100 - expected


def test_compliant_actions_never_cause_complaints_when_the_base_rate_is_zero():
    params = tuned("evasive", complaint_base=0.0)
    complaints = 0
    for seed in range(30):
        env = CaseCampaign("evasive", params=params)
        env.reset(seed=seed)
        for hh in (9, 14):
            env.step(call(env, hh))
        env.step(sms(env, 15))
        complaints += env.observation().complaints
    assert complaints == 0


def test_violations_create_complaints():
    params = tuned("evasive", complaint_base=0.0)
    with_complaint = 0
    for seed in range(30):
        env = CaseCampaign("evasive", params=params)
        env.reset(seed=seed)
        env.step(sms(env, 9, 30, text="老赖，再不还钱就曝光你，告诉你单位领导！"))
        with_complaint += env.observation().complaints > 0
    assert with_complaint >= 20


def test_complaint_escalation_ends_the_campaign():
    params = tuned("forgetful", pressure=NO_FATIGUE, answer=1.0, complaint_base=1.0)
    env = CaseCampaign("forgetful", params=params)
    env.reset(seed=7)
    for minute in range(0, 60, 10):
        *_, terminated, truncated, info = env.step(call(env, 10, minute))
        if env.done:
            break
    assert terminated and not truncated and info["ended_by"] == "complaint_escalation"
    assert env.observation().complaints == default_params().campaign.complaint_escalation
    assert info["reward_terms"]["complaint"] == -default_params().rewards.complaint


# --- money, promises and the clock ---------------------------------------------------------


def test_full_payment_on_the_call_ends_the_campaign():
    params = tuned(
        "forgetful",
        on_connect=OnConnect(promise=0, partial=1, refuse=0),
        partial_fraction=[1.0, 1.0],
        **CERTAIN_ANSWER,
    )
    env = CaseCampaign("forgetful", params=params)
    obs, _ = env.reset(seed=8)
    balance = obs.outstanding
    obs, _reward, terminated, _truncated, info = env.step(call(env, 10))
    assert terminated and info["ended_by"] == "full_repayment"
    assert obs.recovered == balance and obs.outstanding == 0
    assert info["reward_terms"]["recovered"] == pytest.approx(balance * 0.01)
    assert build_scorecard(env).recovery_rate == 1.0


def test_kept_promise_pays_overnight_and_interrupts_the_limitation_period():
    params = tuned(
        "forgetful",
        on_connect=OnConnect(promise=1, partial=0, refuse=0),
        keep_promise=1.0,
        promise_fraction=[1.0, 1.0],
        **CERTAIN_ANSWER,
    )
    env = CaseCampaign("forgetful", params=params)
    env.reset(seed=9)
    today = env.now.date()
    obs, *_, info = env.step(call(env, 10))
    assert info["outcome"].value == "promise_to_pay"
    assert obs.limitation_expires == add_years(today, 3)
    assert info["limitation_interrupted"].startswith("持卡人同意履行义务")
    due = obs.promise_due
    assert 1 <= (due - today).days <= 3
    while not env.done:
        obs, reward, terminated, _truncated, info = env.step(None)
    assert terminated and info["ended_by"] == "full_repayment" and obs.date == due
    assert reward > 0 and env.payments[0].source == "履行承诺"


def test_effective_collection_needs_receipt_and_compliance():
    env = CaseCampaign("forgetful")
    env.reset(seed=10)
    *_, info = env.step(sms(env, 9, 30))
    if info["outcome"].value == "delivered":
        assert info["effective_collection"]
        assert info["limitation_interrupted"].startswith("向预留手机号发送短信")
    env2 = CaseCampaign("contact_lost")
    env2.reset(seed=10)
    *_, info = env2.step(call(env2, 10))
    assert info["outcome"].value == "invalid_number" and not info["effective_collection"]


def test_letter_fields_come_from_the_pack(law_packs):
    env = CaseCampaign("evasive")
    env.reset(seed=11)
    fields = letter_field_ids(law_packs)
    *_, info = env.step(
        Action(time=at(env, 10), channel="letter", target="debtor", letter_fields=fields[:-1])
    )
    assert info["violations"] == ["CN-LETTER-FIELDS"] and not info["effective_collection"]
    *_, info = env.step(
        Action(time=at(env, 10, 30), channel="letter", target="debtor", letter_fields=fields)
    )
    assert info["violations"] == [] and info["outcome"].value in {"delivered", "complaint"}


# --- third parties and the lost contact ----------------------------------------------------


def test_third_party_only_after_the_debtor_is_unreachable():
    params = tuned(
        "contact_lost",
        locate_success=1.0,
        complaint_base=0.0,
        third_party={
            "answer": 1.0,
            "refuse": 0.0,
            "complaint_base": 0.0,
            "complaint_per_point": 0.0,
        },
    )
    env = CaseCampaign("contact_lost", params=params)
    obs, _ = env.reset(seed=12)
    old_number = obs.debtor_phone
    relay = "您好，我是星河银行的工作人员，有事需要联系您的家人，麻烦请其回电，谢谢。"
    locate = Action(
        time=at(env, 9, 10), channel="phone", target="sibling", purpose="locate", message=relay
    )
    early = Action(
        time=at(env, 9, 5), channel="sms", target="sibling", purpose="relay", message=relay
    )
    *_, info = env.step(early)
    assert info["violations"] == ["CN-THIRD-PARTY-TRIGGER"]  # two failed calls are not enough
    obs, *_, info = env.step(call(env, 9, 30))
    assert info["outcome"].value == "invalid_number" and obs.debtor_number_invalid
    obs, *_, info = env.step(locate.model_copy(update={"time": at(env, 10)}))
    assert info["violations"] == [] and info["outcome"].value == "connected"
    assert obs.debtor_phone != old_number and not obs.debtor_number_invalid
    # the new number is not the reserved one: an SMS to it does not interrupt limitation
    *_, info = env.step(sms(env, 10, 30))
    assert info["outcome"].value == "delivered" and info["limitation_interrupted"] is None


def test_refused_third_party_is_recorded_and_recontact_is_flagged():
    params = tuned(
        "contact_lost",
        third_party={
            "answer": 1.0,
            "refuse": 1.0,
            "complaint_base": 0.0,
            "complaint_per_point": 0.0,
        },
    )
    env = CaseCampaign("contact_lost", params=params)
    env.reset(seed=13)
    env.step(call(env, 9, 30))
    relay = Action(time=at(env, 10), channel="phone", target="sibling", purpose="relay")
    obs, *_, info = env.step(relay)
    assert info["outcome"].value == "refused" and obs.refused_contacts == ["sibling"]
    *_, info = env.step(relay.model_copy(update={"time": at(env, 11)}))
    assert "CN-THIRD-PARTY-STOP" in info["violations"]


# --- instalment plans and litigation -------------------------------------------------------


def _plan(term: int, monthly: float, **kw) -> InstalmentPlan:
    data = dict(items=PLAN_ITEMS, signed=True, oral=True)
    data.update(kw)
    return InstalmentPlan(term_months=term, monthly_amount=monthly, **data)


def _sure_hardship():
    params = tuned(
        "hardship",
        pressure=NO_FATIGUE,
        answer=1.0,
        complaint_base=0.0,
        plan=default_params().archetypes["hardship"].plan.model_copy(update={"accept": 1.0}),
    )
    env = CaseCampaign("hardship", params=params)
    obs, _ = env.reset(seed=14)
    return env, obs


def test_instalment_plan_is_verified_approved_checked_then_signed():
    env, obs = _sure_hardship()
    owed = obs.outstanding
    monthly = round(owed / 60 + 1, 2)
    # Day 1: offering a plan before anything was verified breaks Art. 70 and is not signed.
    *_, info = env.step(call(env, 9, 10, purpose="negotiate", instalment=_plan(60, monthly)))
    assert info["violations"] == ["CN-INSTALMENT-ELIGIBILITY"] and not env.done
    # A verification call: the debtor's facts, documents and willingness are recorded, and
    # the application goes to approval (an assessment written in the log is ignored).
    *_, info = env.step(call(env, 9, 30, purpose="verify"))
    assert info["violations"] == [] and "近六个月银行流水" in info["note"]
    assert env.case.history[-1].assessment is not None
    assert any("提交个性化分期申请" in e for e in info["events"])
    obs = env.observation()
    assert obs.instalment_application == "pending"
    # Same day, even a sound plan cannot be concluded on the spot.
    *_, info = env.step(call(env, 10, purpose="negotiate", instalment=_plan(60, monthly)))
    assert info["violations"] == [] and "审批中" in info["note"] and not env.done
    days = default_params().campaign.approval_days
    for _ in range(days):
        *_, info = env.step(None)
    assert env.observation().instalment_application == "approved"
    assert any("审批通过" in e for e in info["events"])
    too_long = call(env, 9, 10, purpose="negotiate", instalment=_plan(72, round(owed / 72 + 1, 2)))
    *_, info = env.step(too_long)
    assert info["violations"] == ["CN-INSTALMENT-TERM"] and not env.done
    too_dear = call(env, 9, 30, purpose="negotiate", instalment=_plan(12, round(owed / 12 + 1, 2)))
    *_, info = env.step(too_dear)
    assert info["violations"] == [] and "超出了能力" in info["note"] and not env.done
    # The capacity is an exact figure to the cent: it is not called approximate (issue 11).
    assert re.search(r"每月最多只能还 ¥[\d,]+\.\d\d。", info["note"]) and "约" not in info["note"]
    fine = call(env, 10, purpose="negotiate", instalment=_plan(60, monthly))
    obs, _reward, terminated, _truncated, info = env.step(fine)
    assert info["violations"] == [] and terminated and info["ended_by"] == "instalment_agreement"
    assert obs.recovered == monthly and obs.agreement_signed
    card = build_scorecard(env)
    assert card.secured == pytest.approx(owed - monthly) and card.resolution_rate == 1.0
    assert info["reward_terms"]["agreement"] == pytest.approx((owed - monthly) * 0.005)


def test_an_assessment_written_in_the_log_is_not_trusted():
    from casebook.model import RepaymentAssessment

    env, obs = _sure_hardship()
    forged = RepaymentAssessment(
        monthly_income=9000, essential_expenses=1000, evidence=["伪造流水"], willing_to_repay=True
    )
    monthly = round(obs.outstanding / 60 + 1, 2)
    signing = call(env, 10, purpose="negotiate", instalment=_plan(60, monthly), assessment=forged)
    *_, info = env.step(signing)
    assert info["violations"] == ["CN-INSTALMENT-ELIGIBILITY"] and not env.done
    assert env.case.history[-1].assessment is None


@pytest.mark.parametrize("archetype", ["forgetful", "evasive"])
def test_ineligible_debtors_applications_are_declined(archetype):
    params = tuned(archetype, pressure=NO_FATIGUE, answer=1.0, complaint_base=0.0)
    env = CaseCampaign(archetype, params=params)
    env.reset(seed=3)
    *_, info = env.step(call(env, 10, purpose="verify"))
    assert info["outcome"].value == "connected"
    for _ in range(default_params().campaign.approval_days):
        env.step(None)
    obs = env.observation()
    assert obs.instalment_application == "declined" and obs.instalment_application_note


def test_unanswered_plan_offer_is_not_an_agreement():
    params = tuned("hardship", answer=0.0)
    env = CaseCampaign("hardship", params=params)
    obs, _ = env.reset(seed=15)
    offer = call(env, 10, purpose="negotiate", instalment=_plan(60, obs.outstanding / 60 + 1))
    *_, info = env.step(offer)
    assert info["outcome"].value == "no_answer"
    *_, info = env.step(sms(env, 11))
    assert "CN-INSTALMENT-STOP-COLLECTION" not in info["violations"]


@pytest.mark.parametrize(
    ("archetype", "outcome"), [("evasive", "delivered"), ("contact_lost", "undelivered")]
)
def test_litigation_ends_the_campaign(archetype, outcome):
    env = CaseCampaign(archetype)
    env.reset(seed=16)
    today = env.now.date()
    obs, _, terminated, _, info = env.step(
        Action(time=at(env, 14), channel="litigation", target="debtor", message="申请支付令")
    )
    assert terminated and info["ended_by"] == "litigation" and info["outcome"].value == outcome
    assert obs.limitation_expires == add_years(today, 3)


# --- determinism and replay -----------------------------------------------------------------


MESSAGES = [OPENING, SMS, "老赖，赶紧还钱！", "再不还就等着坐牢吧", ""]


def random_campaign(archetype: str, seed: int) -> CaseCampaign:
    """A campaign driven by a seeded random collector (compliant and violating moves)."""
    chooser = random.Random(f"agent:{archetype}:{seed}")
    env = CaseCampaign(archetype)
    env.reset(seed=seed)
    fields = letter_field_ids(env.packs)
    while not env.done:
        if chooser.random() < 0.3:
            env.step(None)
            continue
        hh = max(env.now.hour, chooser.choice([7, 9, 10, 14, 19, 22]))
        when = at(env, min(hh, 23), chooser.choice([0, 20, 40]))
        if when < env.now:
            env.step(None)
            continue
        channel = chooser.choice(["phone", "phone", "sms", "letter", "visit"])
        target = chooser.choice(["debtor", "debtor", "debtor", "sibling", "colleague"])
        action = Action(
            time=when,
            channel=channel,
            target=target,
            purpose=chooser.choice(["collect", "relay", "negotiate"]),
            message=chooser.choice(MESSAGES) or ("请回电。" if channel == "sms" else ""),
            recorded=chooser.random() > 0.1,
            letter_fields=fields if chooser.random() > 0.3 else [],
        )
        env.step(action)
    return env


@pytest.mark.parametrize("archetype", default_params().archetypes)
def test_same_seed_same_trajectory_and_scorecard(archetype):
    for seed in range(3):
        first, second = random_campaign(archetype, seed), random_campaign(archetype, seed)
        assert [(r.action, r.note, r.reward) for r in first.records] == [
            (r.action, r.note, r.reward) for r in second.records
        ]
        assert build_scorecard(first) == build_scorecard(second)


@pytest.mark.parametrize("archetype", default_params().archetypes)
def test_replay_from_the_action_log_gives_the_same_scorecard(archetype):
    for seed in range(3):
        original = random_campaign(archetype, seed)
        again = replay(archetype, seed, original.action_log)
        assert build_scorecard(again) == build_scorecard(original)
        assert [r.action for r in again.records] == [r.action for r in original.records]


def test_compliance_score_never_rises_and_violations_never_earn_compliance_reward():
    for seed in range(4):
        env = random_campaign("willing_unable", seed)
        running, previous = 100.0, 100.0
        for record in env.records:
            points = sum(v.points for v in record.violations)
            assert record.reward_terms["compliance"] == -points
            running = max(0.0, running - points)
            assert running <= previous
            previous = running
        assert build_scorecard(env).compliance_score == running


def test_different_seeds_give_different_cases():
    cases = set()
    for seed in range(5):
        env = CaseCampaign("hardship")
        _, info = env.reset(seed=seed)
        cases.add(info["case"].model_dump_json())
    assert len(cases) == 5


# --- scorecard and chart ---------------------------------------------------------------------


def test_scorecard_grade_formula():
    env = random_campaign("evasive", 1)
    card = build_scorecard(env)
    grade = default_params().grade
    expected = (
        card.compliance_score * grade.compliance_weight
        + 100 * card.resolution_rate * grade.resolution_weight
        - grade.complaint_deduction * card.complaints
    )
    assert card.grade == pytest.approx(round(min(100, max(0, expected)), 1), abs=0.051)
    assert card.violations == sum(card.violated_rules.values())
    assert 0 <= card.complaint_risk <= 1
    assert f"{card.grade:g} / 100" in scorecard_html(card)


def test_timeline_chart_has_chinese_labels_and_no_missing_glyphs():
    env = random_campaign("contact_lost", 2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = timeline_figure(env)
        png = figure_png(fig)
    assert png.startswith(b"\x89PNG")
    assert env.case.case_id in fig.axes[0].get_title() and "案件时间线" in fig.axes[0].get_title()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][:2] == ["电话", "短信"]
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_engine_modules_do_not_import_ipywidgets():
    code = (
        "import sys, json\n"
        "import casebook.campaign, casebook.drills, casebook.drills.render\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'ipywidgets', 'IPython'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
