"""The conversation content: coverage of issue 14, rule ids, specific feedback, verified facts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from casebook.campaign.params import default_params
from casebook.conversation import (
    Grade,
    ProtocolId,
    Topic,
    checker_recipient,
    default_conversation,
)
from casebook.conversation.schema import CallStep, Party
from casebook.drills import Area, Difficulty, default_bank
from casebook.msgcheck import check_message
from casebook.policy.loader import load_packs
from casebook.policy.schema import Status

#: The topics issue 14 lists, written out here independently of the package.
ISSUE_TOPICS = [
    "没钱还",
    "要求停息挂账",
    "下月发工资再还",
    "要打 12378 投诉",
    "已委托代理机构（代理维权）",
    "卡不是我办的（冒用/盗刷争议）",
    "你们是骗子吧",
    "家属接听",
    "同事接听",
    "情绪激动或辱骂",
    "表达轻生念头",
    "持卡人已去世（继承人）",
    "要求减免",
    "只还最低",
    "承诺后又失约",
    "要求书面材料",
    "质疑利息费用",
    "要求提供录音",
]
#: Phone numbers the content may print: the synthetic bank's hotline, the regulator's complaint
#: line (presented as practice) and the public emergency numbers. No unverified hotline.
ALLOWED_NUMBERS = {"4008-000-000", "12378", "110", "120"}
PHONE_LIKE = re.compile(
    r"(?<![\d,.])(?:\d{3,4}-\d{3,4}-\d{3,4}|1[3-9]\d{9}|12\d{3}|11\d|12[0-9])(?![\d,.])"
)


@pytest.fixture(scope="module")
def conv():
    return default_conversation()


def _all_texts(conv) -> list[str]:
    texts = []
    for step in conv.flow.steps:
        texts += [step.purpose, *step.how]
        for pair in step.wording:
            texts += [pair.compliant, pair.violating, pair.why]
    for s in conv.scenarios:
        texts += [s.context, s.debtor_line]
        for r in s.replies:
            texts += [r.text, r.feedback]
    for p in conv.protocols:
        texts += [p.trigger, p.why] + [f.do or f.ask or "" for f in p.flow]
    for c in conv.cases:
        texts += [c.situation, c.lesson, *c.after_call]
        for t in c.turns:
            texts += [t.text, t.note]
    for st in conv.standards:
        texts += [st.basis, st.why, st.instead]
    for persona in conv.personas:
        texts += [persona.summary] + [t for f in persona.hidden.facts for t in (f.text, f.how)]
    return texts


# --- coverage ----------------------------------------------------------------------------


def test_topics_are_exactly_the_issue_list():
    from casebook.conversation import TOPIC_LABELS

    assert [TOPIC_LABELS[t] for t in Topic] == ISSUE_TOPICS


def test_at_least_40_scenarios_and_several_per_topic(conv):
    assert len(conv.scenarios) >= 40
    per_topic = Counter(s.topic for s in conv.scenarios)
    assert set(per_topic) == set(Topic)
    assert all(n >= 2 for n in per_topic.values()), per_topic


def test_every_scenario_has_three_graded_replies_of_each_kind(conv):
    for s in conv.scenarios:
        assert len(s.replies) >= 3, s.id
        assert {r.grade for r in s.replies} == set(Grade), s.id


def test_third_party_scenarios_cover_every_kind_of_caller(conv):
    parties = {s.party for s in conv.scenarios}
    assert {Party.FAMILY, Party.COLLEAGUE, Party.AGENT, Party.UNVERIFIED, Party.HEIR} <= parties


# --- rule ids and feedback ------------------------------------------------------------------


def test_every_cited_rule_is_a_pack_rule_or_a_call_standard(conv):
    from casebook.conversation.render import cited_rule_ids

    pack_ids = {r.id for pack in load_packs(["cn", "house"]) for r in pack.rules}
    standard_ids = {s.id for s in conv.standards}
    assert not pack_ids & standard_ids
    cited = set(cited_rule_ids(conv))
    assert cited <= pack_ids | standard_ids
    assert len(cited & pack_ids) >= 12  # the content leans on the enforced packs first
    assert standard_ids <= cited  # no unused standard


def test_every_violating_reply_and_wording_names_a_rule(conv):
    for s in conv.scenarios:
        for r in s.replies:
            if r.grade is Grade.VIOLATING:
                assert r.rules, (s.id, r.id)
    for step in conv.flow.steps:
        assert all(pair.rules for pair in step.wording), step.id


def test_feedback_is_distinct_non_empty_and_not_a_rules_generic_text(conv):
    feedback = [r.feedback for s in conv.scenarios for r in s.replies]
    assert all(len(f) >= 20 for f in feedback)
    assert len(set(feedback)) == len(feedback)
    generic = [t for rule in conv.rules.values() for t in (rule.why, rule.instead)]
    for text in feedback:
        assert not any(g in text or text in g for g in generic), text


def test_compliant_wording_passes_the_wording_checker(conv):
    """A compliant reply must never be penalised by the checker the simulator will use."""
    for s in conv.scenarios:
        for r in s.replies:
            if r.grade is not Grade.VIOLATING:
                result = check_message(r.text, checker_recipient(s.party))
                assert result.compliant, (s.id, r.id, [f.span for f in result.findings])
    for step in conv.flow.steps:
        for pair in step.wording:
            result = check_message(pair.compliant, checker_recipient(pair.party))
            assert result.compliant, (step.id, [f.span for f in result.findings])


def test_only_a_verified_debtor_or_heir_may_hear_account_details():
    assert checker_recipient(Party.DEBTOR) == "debtor"
    assert checker_recipient(Party.HEIR) == "debtor"
    for party in (Party.UNVERIFIED, Party.FAMILY, Party.COLLEAGUE, Party.AGENT):
        assert checker_recipient(party) == "third_party"


# --- verified facts only ----------------------------------------------------------------------


def test_no_phone_number_but_the_allowed_ones(conv):
    found = {m for text in _all_texts(conv) for m in PHONE_LIKE.findall(text)}
    assert found <= ALLOWED_NUMBERS, found - ALLOWED_NUMBERS
    assert {"12378", "4008-000-000"} <= found


def test_house_policies_are_labelled_and_law_standards_cite_a_source(conv):
    for s in conv.standards:
        if s.status is Status.HOUSE_POLICY:
            assert s.title.startswith("（行内政策）"), s.id
        else:
            assert s.citations[0].document != "行内政策（示例）", s.id
            assert s.citations[0].quote or s.citations[0].note, s.id
    by_id = {s.id: s for s in conv.standards}
    # 核身 is not a numbered article of verified law: it stays a labelled house policy now
    # that a checker enforces it (house pack), its first citation saying how it follows.
    identity = load_packs(["cn", "house"]).rule("CALL-VERIFY-IDENTITY")
    assert identity.status is Status.HOUSE_POLICY and identity.title.startswith("（行内政策）")
    assert "本书解读" in identity.citations[0].note
    assert "CALL-VERIFY-IDENTITY" not in by_id
    # Heirs are liable only within the estate (民法典 第一千一百六十一条, read in the mirror).
    heir = by_id["CALL-HEIR-ESTATE-LIMIT"]
    assert heir.citations[0].article == "第一千一百六十一条"
    assert heir.citations[0].quote.startswith("继承人以所得遗产实际价值为限清偿")


def test_12378_is_presented_as_practice_not_as_a_cited_rule(conv):
    for rule in conv.rules.values():
        assert "12378" not in rule.citation.quote
    complaint = load_packs(["house"]).rule("CALL-COMPLAINT-CHANNEL")
    assert complaint.status is Status.HOUSE_POLICY and "实务常识" in complaint.citations[0].note


def test_no_reply_that_promises_a_waiver_or_interest_stop_is_graded_compliant(conv):
    promise = re.compile(r"(给你|给您|帮你|帮您)?(办|备注)(了)?停息|全免了|我做主|一般都能批")
    for s in conv.scenarios:
        for r in s.replies:
            if promise.search(r.text):
                assert r.grade is Grade.VIOLATING, (s.id, r.id)
                assert "CALL-NO-UNAUTHORISED-PROMISE" in r.rules, (s.id, r.id)


# --- protocols, drills, cases, personas -------------------------------------------------------


def test_every_protocol_has_a_flow_two_drills_and_a_case(conv):
    assert {p.id for p in conv.protocols} == set(ProtocolId)
    bank = default_bank()
    for p in conv.protocols:
        assert len(p.flow) >= 3 and any(step.ask for step in p.flow), p.id
        assert len(p.drills) >= 2
        for drill_id in p.drills:
            item = bank.item(drill_id)
            assert item.difficulty is Difficulty.ADVANCED and item.area is Area.COMPLIANCE
        assert conv.cases_for(p.id), p.id


def test_every_conversation_drill_belongs_to_one_protocol(conv):
    drill_ids = [d for p in conv.protocols for d in p.drills]
    assert len(drill_ids) == len(set(drill_ids))
    bank_ids = {i.id for i in default_bank().items if i.id.startswith("D-CV-")}
    assert set(drill_ids) == bank_ids


def test_call_flow_has_the_ten_steps_each_with_wording(conv):
    assert [s.id for s in conv.flow.steps] == list(CallStep)
    assert all(step.wording and step.how for step in conv.flow.steps)


def test_personas_cover_the_campaign_archetypes_and_the_three_new_ones(conv):
    assert len(conv.personas) >= 8
    archetypes = [p.archetype for p in conv.personas if p.archetype]
    assert sorted(archetypes) == sorted(default_params().archetypes)
    ids = {p.id for p in conv.personas}
    assert {"debt-agent", "multi-debt", "crisis"} <= ids
    assert ProtocolId.SELF_HARM in conv.persona("crisis").protocols
    assert ProtocolId.DEBT_AGENT in conv.persona("debt-agent").protocols
    eligible = {p.id: p.hidden.instalment_eligible for p in conv.personas}
    assert eligible["hardship"] and eligible["willing-unable"] and eligible["multi-debt"]
    assert not eligible["forgetful"] and not eligible["evasive"]


def test_personas_agree_with_their_campaign_archetype_on_article_70():
    """A persona's Art. 70 eligibility matches the campaign archetype it stands for."""
    conv = default_conversation()
    params = default_params()
    for persona in conv.personas:
        if persona.archetype:
            plan = params.archetypes[persona.archetype].plan
            assert persona.hidden.instalment_eligible == plan.eligible, persona.id
