"""The call simulator engine: Gymnasium shape, one test per check, the other side's reactions,
scores, errors; the call checkers leave plans alone; the wording judge sits behind one adapter."""

from __future__ import annotations

import dataclasses

import pytest

from casebook.assess import evaluate
from casebook.checks import Context
from casebook.conversation import call as call_module
from casebook.conversation.call import (
    CallSimulator,
    Choice,
    ReplyError,
    call_packs,
    compute_score,
    parse_reply,
    replay,
)
from casebook.conversation.dialogue import CallOutcome, default_call_data
from casebook.conversation.wording import WordingHit
from casebook.model import Action, Channel
from casebook.policy.loader import load_packs
from casebook.synth import make_case

OPEN = Choice("open-intro")
VERIFY = Choice("id-verify")
FORGETFUL_BEST = [OPEN, VERIFY, "purpose-explain", "reason-how", "plan-ask", "confirm-sms"]


def seed_where(persona: str, start: str) -> int:
    """The first seed on which the call starts at node ``start`` (who answers is seeded)."""
    for seed in range(100):
        sim = CallSimulator(persona)
        sim.reset(seed)
        if sim.answerer.start == start:
            return seed
    raise AssertionError(start)


def options(*ids: str) -> list[Choice]:
    return [Choice(i) for i in ids]


def rules_at(sim: CallSimulator, turn_index: int) -> set[str]:
    return {f.rule for f in sim.turns[turn_index].violations}


def all_rules(sim: CallSimulator) -> set[str]:
    return {f.rule for _, f in sim.violations()}


# --- shape and determinism ------------------------------------------------------------------


def test_reset_and_step_have_the_gymnasium_shape():
    sim = CallSimulator("forgetful")
    obs, info = sim.reset(seed=5)
    assert obs.turn == 0 and not obs.ended and obs.line == sim.turns[0].text
    assert {o.id for o in obs.options} == {o.id for o in sim.node.options}
    assert info["seed"] == 5 and info["answered_by"] == "debtor"
    start = sim.score.total
    rewards = []
    for reply in options("open-intro", "id-verify", "purpose-explain"):
        obs, reward, terminated, truncated, info = sim.step(reply)
        rewards.append(reward)
        assert set(info["reward_terms"]) == {"compliance", "outcome", "discovery"}
        assert reward == pytest.approx(sum(info["reward_terms"].values()), abs=0.01)
        assert not terminated and not truncated
    assert sim.score.total == pytest.approx(start + sum(rewards), abs=0.01)
    assert obs.verified and obs.facts == ["上个月连续出差，忘了还款日。"]


def test_the_same_seed_gives_the_same_call_and_seeds_differ():
    a = replay("hardship", 11, [Choice("hs-intro"), "你好，我想了解一下情况"])
    b = replay("hardship", 11, [Choice("hs-intro"), "你好，我想了解一下情况"])
    assert a.to_json_dict() == b.to_json_dict()
    lines = {CallSimulator("forgetful").reset(seed)[0].line for seed in range(10)}
    assert len(lines) > 1  # the other side's wording is drawn with the seed


def test_who_answers_is_drawn_with_the_seed():
    answered = set()
    for seed in range(40):
        sim = CallSimulator("hardship")
        sim.reset(seed)
        answered.add(sim.answerer.relation)
    assert answered == {"本人", "妻子"}


def test_a_full_compliant_call_scores_100_and_ends_in_a_promise():
    sim = replay("forgetful", 3, [Choice(r) if isinstance(r, str) else r for r in FORGETFUL_BEST])
    result = sim.result
    assert result.outcome is CallOutcome.PROMISE
    assert result.amount == sim.case.account.balance and result.date == sim.case.as_of.date()
    assert sim.violations() == [] and sim.score.total == 100
    record = sim.to_json_dict()
    assert record["outcome"]["id"] == "promise_to_pay" and record["score"]["total"] == 100


# --- one test per check ---------------------------------------------------------------------


def test_debt_detail_before_identity_verification_breaks_call_verify_identity():
    text = "您的信用卡已经逾期了，请问什么时候能还？"
    early = replay("forgetful", 1, [OPEN, text])
    assert "CALL-VERIFY-IDENTITY" in rules_at(early, 3)
    assert "核身" in early.turns[3].violations[0].text
    late = replay("forgetful", 1, [OPEN, VERIFY, text])
    assert "CALL-VERIFY-IDENTITY" not in all_rules(late)


def test_the_recording_notice_comes_before_the_purpose_and_by_the_second_turn():
    no_notice = replay(
        "forgetful", 1, ["喂，您好，请问是本人吗？", "我是星河银行的工作人员，工号 3021。"]
    )
    assert rules_at(no_notice, 1) == set()
    assert rules_at(no_notice, 3) == {"CALL-RECORDING-NOTICE"}
    debt_first = replay("forgetful", 1, ["您好，您有一笔欠款逾期了。"])
    assert "CALL-RECORDING-NOTICE" in rules_at(debt_first, 1)
    # found once per call, not again at every later turn
    later = replay("forgetful", 1, ["喂，您好，请问是本人吗？", "我是星河银行的工作人员。", "您好"])
    assert [i for i, f in later.violations() if f.rule == "CALL-RECORDING-NOTICE"] == [3]
    given = replay("forgetful", 1, [OPEN, VERIFY])
    assert "CALL-RECORDING-NOTICE" not in all_rules(given)


def test_nothing_about_the_debt_to_a_wife_who_answers():
    seed = seed_where("hardship", "wife-open")
    sim = replay("hardship", seed, [Choice("wife-disclose")])
    assert {"CALL-VERIFY-IDENTITY", "CN-THIRD-PARTY-NO-DISCLOSURE"} <= rules_at(sim, 1)
    identity = next(f for f in sim.turns[1].violations if f.rule == "CALL-VERIFY-IDENTITY")
    assert "接电话的是妻子" in identity.text
    assert sim.result.outcome is CallOutcome.HANG_UP and sim.score.outcome == 0
    good = replay("hardship", seed, [Choice("wife-intro"), Choice("wife-relay")])
    assert good.violations() == [] and good.result.outcome is CallOutcome.RELAYED


def test_the_contract_contact_hears_no_debt_and_is_not_asked_to_pay():
    sim = replay("contact-lost", 0, [Choice("sis-intro"), Choice("sis-ask-pay")])
    broken = rules_at(sim, 3)
    assert {"CN-THIRD-PARTY-NO-DISCLOSURE", "CN-TARGET-SCOPE", "CALL-VERIFY-IDENTITY"} <= broken
    assert sim.result.outcome is CallOutcome.HANG_UP
    relay = replay("contact-lost", 0, options("sis-intro", "sis-relay", "sis-message"))
    assert relay.violations() == [] and relay.result.outcome is CallOutcome.RELAYED
    # dialling the contract contact is lawful here: the cardholder's number failed for days
    assert "CN-THIRD-PARTY-TRIGGER" not in all_rules(relay)


def test_promises_beyond_authority_break_call_no_unauthorised_promise():
    prefix = options("wu-intro", "wu-verify", "wu-purpose")
    sim = replay("willing-unable", 2, [*prefix, Choice("wu-freeze")])
    assert rules_at(sim, 7) == {"CALL-NO-UNAUTHORISED-PROMISE"}
    free = replay("willing-unable", 2, [*prefix, "利息我可以给您全免，您先还本金。"])
    assert "CALL-NO-UNAUTHORISED-PROMISE" in rules_at(free, 7)
    lawful = replay(
        "willing-unable", 2, [*prefix, "减免利息需要银行审批，我可以帮您提交申请，结果以审批为准。"]
    )
    assert rules_at(lawful, 7) == set()


def test_a_dispute_stops_collection_and_must_be_flagged():
    prefix = options("ev-intro", "ev-verify", "ev-purpose", "ev-today")
    disputed = replay("evasive", 1, prefix)
    assert disputed.state.dispute_after == 4 and disputed.node.id == "dispute"
    insist = replay("evasive", 1, [*prefix, Choice("ev-insist")])
    assert rules_at(insist, 9) == {"CN-DISPUTE-HOLD"}
    silent = replay("evasive", 1, [*prefix, "好的，那我先不打扰了，再见。"])
    assert "CN-DISPUTE-FLAG" in rules_at(silent, 9)
    flagged = replay("evasive", 1, [*prefix, Choice("ev-flag")])
    assert flagged.violations() == [] and flagged.result.outcome is CallOutcome.DISPUTE
    # before the dispute, asking for money is collection as usual
    assert "CN-DISPUTE-HOLD" not in all_rules(
        replay("evasive", 0, [*prefix, Choice("ev-consequence")])
    )


def test_a_statement_of_self_harm_stops_the_call_and_escalates():
    prefix = options("cr-intro", "cr-verify", "cr-purpose", "cr-capacity")
    crisis = replay("crisis", 0, prefix)
    assert crisis.state.self_harm_after == 4
    push = replay("crisis", 0, [*prefix, Choice("cr-push")])
    assert rules_at(push, 9) == {"CALL-CRISIS-ESCALATE"}
    hang_up = replay("crisis", 0, [*prefix, Choice("cr-care"), Choice("cr-hangup")])
    assert rules_at(hang_up, 11) == {"CALL-CRISIS-ESCALATE"}
    assert "上报" in hang_up.turns[11].violations[0].text
    good = replay("crisis", 0, [*prefix, Choice("cr-care"), Choice("cr-escalate")])
    assert good.violations() == [] and good.result.outcome is CallOutcome.ESCALATION


def test_an_instalment_is_offered_only_after_the_eligibility_check():
    early = replay(
        "hardship", 0, [*options("hs-intro", "hs-verify"), "我们可以帮您申请个性化分期。"]
    )
    finding = early.turns[5].violations[0]
    assert finding.rule == "CN-INSTALMENT-ELIGIBILITY" and "收入" in finding.text
    able = replay(
        "forgetful",
        0,
        [
            *options("open-intro", "id-verify", "purpose-explain", "reason-how"),
            Choice("plan-instalment"),
        ],
    )
    finding = able.turns[9].violations[0]
    assert finding.rule == "CN-INSTALMENT-ELIGIBILITY" and "一次还清" in finding.text
    eligible = replay(
        "hardship",
        0,
        options("hs-intro", "hs-verify", "hs-purpose", "hs-capacity", "hs-instalment"),
    )
    assert eligible.violations() == []


def test_blocking_a_complaint_and_private_accounts_are_house_rules():
    prefix = options("da-intro", "da-verify", "da-dismiss")
    block = replay("debt-agent", 0, [*prefix, Choice("da-block")])
    assert "CALL-COMPLAINT-CHANNEL" in rules_at(block, 7)
    prefix = options("wu-intro", "wu-verify", "wu-purpose", "wu-explain", "wu-plan")
    private = replay("willing-unable", 0, [*prefix, Choice("wu-private")])
    assert rules_at(private, 11) == {"CALL-OFFICIAL-CHANNELS"}


def test_threats_and_insults_are_found_by_the_wording_judge_and_the_pack():
    sim = replay("forgetful", 0, [OPEN, VERIFY, Choice("purpose-threat")])
    finding = sim.turns[5].violations[0]
    assert finding.rule == "CN-NO-CRIMINAL-THREAT"
    assert "第六十八条" in finding.citation or "治安管理处罚法" in finding.citation
    assert finding.better == sim.dialogue.node("purpose").best.text.format_map(sim._values())


def test_the_wording_judge_is_called_through_the_one_adapter(monkeypatch):
    def fake(text, recipient, packs):
        return [WordingHit("CN-NO-THREAT", text[:2], "测试用的发现", "测试用的建议")]

    monkeypatch.setattr(call_module, "judge_wording", fake)
    sim = replay("forgetful", 0, [OPEN])
    assert rules_at(sim, 1) == {"CN-NO-THREAT"}
    assert sim.turns[1].violations[0].instead == "测试用的建议"


# --- reactions ------------------------------------------------------------------------------


def test_a_violating_turn_makes_no_progress_and_costs_trust():
    sim = CallSimulator("forgetful")
    sim.reset(0)
    sim.step(OPEN)
    sim.step(VERIFY)
    trust = sim.state.trust
    _, reward, _, _, info = sim.step(Choice("purpose-threat"))
    assert sim.node.id == "purpose" and sim.state.revealed == []
    assert sim.state.trust < trust and sim.state.complaint > 0 and reward < 0
    assert info["violations"] == ["CN-NO-CRIMINAL-THREAT"]


def test_the_other_side_hangs_up_after_turns_that_bring_nothing():
    sim = replay("forgetful", 0, [OPEN, "嗯", "嗯", "嗯"])
    assert sim.result.outcome is CallOutcome.HANG_UP and sim.violations() == []
    assert [f.kind for t in sim.turns[3::2] for f in t.findings] == ["advice"] * 3


def test_enough_violations_end_in_a_complaint():
    sim = replay(
        "forgetful",
        0,
        [OPEN, VERIFY, *options("purpose-threat", "purpose-threat")],
    )
    assert sim.result.outcome is CallOutcome.COMPLAINT and sim.score.outcome == 0


def test_a_call_that_runs_out_of_turns_is_truncated():
    data = default_call_data()
    settings = data.settings.model_copy(update={"max_turns": 4, "patience": 10})
    short = dataclasses.replace(data, settings=settings)
    sim = CallSimulator("forgetful", data=short)
    sim.reset(0)
    results = [sim.step("嗯") for _ in range(4)]
    assert [r[3] for r in results] == [False, False, False, True]
    assert sim.done and sim.result.outcome is CallOutcome.NONE


# --- errors ---------------------------------------------------------------------------------


def test_bad_replies_are_refused_in_chinese():
    sim = CallSimulator("forgetful")
    with pytest.raises(RuntimeError):
        sim.step("您好")
    sim.reset(0)
    with pytest.raises(ReplyError, match="不在这一轮的可选回复中"):
        sim.step(Choice("confirm-sms"))
    with pytest.raises(ValueError, match="不能为空"):
        sim.step("   ")
    with pytest.raises(ValueError, match="option"):
        parse_reply({"opt": "a"}, "replies[0]")
    assert sim.turns[-1].speaker == "debtor" and len(sim.turns) == 1  # nothing was said
    done = replay("forgetful", 0, ["嗯", "嗯", "嗯"])
    with pytest.raises(RuntimeError):
        done.step("您好")
    with pytest.raises(ReplyError) as exc:
        replay("forgetful", 0, ["嗯", "嗯", "嗯", "还有吗"])
    assert exc.value.position == 3 and str(exc.value).startswith("replies[3]")
    lenient = replay("forgetful", 0, ["嗯", Choice("nope"), "嗯", "嗯", "再见"], strict=False)
    assert [p for p, _ in lenient.skipped] == [1, 4]


def test_unknown_persona():
    with pytest.raises(KeyError, match="未知的持卡人角色"):
        CallSimulator("nobody")


# --- the policy engine around the call checkers ---------------------------------------------


def test_call_checkers_find_nothing_in_a_plan():
    case = make_case(1, "reachable")
    action = Action(
        time=case.as_of.replace(hour=10),
        channel=Channel.PHONE,
        target="debtor",
        message="您的信用卡欠款已经逾期，利息我给您全免了，转到我微信上就行。",
    )
    found = evaluate(case, [action], load_packs(["cn", "house"])).violated_rule_ids()
    assert not [r for r in found if r.startswith("CALL-")]


def test_evaluate_refuses_a_context_built_on_other_actions():
    case = make_case(1, "reachable")
    action = Action(time=case.as_of, channel=Channel.SMS, target="debtor")
    with pytest.raises(ValueError):
        evaluate(case, [action], load_packs(["cn"]), context=Context(case, []))


def test_the_house_call_rules_are_added_when_only_the_law_pack_is_pinned():
    registry = call_packs(load_packs(["cn"]))
    assert registry.has("CALL-VERIFY-IDENTITY") and registry.has("CN-DISPUTE-FLAG")
    both = load_packs(["cn", "house"])
    assert call_packs(both) is both


def test_score_terms_are_weighted_and_discovery_drops_out_when_there_is_nothing_to_find():
    weights = {"compliance": 50, "outcome": 35, "discovery": 15}
    assert compute_score(0, 100, 3, 3, weights).total == 100
    assert compute_score(30, 0, 0, 3, weights).total == 35.0
    no_facts = compute_score(0, 100, 0, 0, weights)
    assert no_facts.discovery is None and no_facts.total == 100
    assert compute_score(150, 0, 0, 0, weights).compliance == 0
