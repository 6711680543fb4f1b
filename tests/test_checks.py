"""Each rule of the law pack, tested on small hand-made plans (both sides of each limit)."""

from datetime import date, datetime

from casebook.assess import evaluate
from casebook.model import AgreementStatus, Contact, InstalmentPlan, Outcome, Role
from tests.conftest import act, build_case

ALL_LETTER_FIELDS = [
    "holder_name",
    "balance",
    "reason_and_legal_basis",
    "holder_rights_duties",
    "channels_query_repay_dispute_evidence",
    "bank_contact",
    "business_seal",
]
ALL_PLAN_ITEMS = [
    "balance_structure_currency",
    "cycle_method_currency_dates_amount",
    "fees_interest_during_plan",
    "no_new_card_commitment",
    "rights_duties_default_liability",
    "other_repayment_matters",
]
THREE_FAILED = [
    act("03-03 10:00", outcome="no_answer"),
    act("03-03 15:00", outcome="no_answer"),
    act("03-04 11:00", outcome="no_answer"),
]


def hits(case, actions, packs, rule_id):
    """Indexes of the actions that broke ``rule_id``."""
    return [
        v.action_index for v in evaluate(case, actions, packs).violations if v.rule_id == rule_id
    ]


# --- contact hours -----------------------------------------------------------------------


def test_contact_hours_boundaries(law_packs):
    plan = [
        act("03-05 07:59"),
        act("03-05 08:00"),
        act("03-05 21:59"),
        act("03-05 22:00"),
        act("03-05 23:30", "sms", message="提醒"),
    ]
    assert hits(build_case(), plan, law_packs, "CN-CONTACT-HOURS") == [0, 3, 4]


def test_contact_hours_debtor_consent_and_letters(law_packs):
    plan = [
        act("03-05 22:30", debtor_consented_to_time=True),
        act("03-05 23:00", "letter", letter_fields=ALL_LETTER_FIELDS),
    ]
    assert hits(build_case(), plan, law_packs, "CN-CONTACT-HOURS") == []


def test_house_window_is_a_separate_stricter_rule(all_packs):
    plan = [act("03-05 21:30")]
    assessment = evaluate(build_case(), plan, all_packs)
    assert assessment.violated_rule_ids() == ["HOUSE-CONTACT-HOURS-21"]
    assert assessment.violations[0].status == "house-policy"


# --- frequency ---------------------------------------------------------------------------


def test_planned_calls_are_attempts_not_connected_calls(law_packs):
    """The rules are ≤ 3 connected calls a day and ≤ 6 unanswered attempts per number, not
    "≤ 3 calls in a plan": a planned call's outcome is unknown, so it counts as an attempt
    (issue 11)."""
    four = [act(f"03-05 {h}:00") for h in (9, 10, 11, 14)]
    assert hits(build_case(), four, law_packs, "CN-CALL-CONNECTED-DAILY") == []
    assert hits(build_case(), four, law_packs, "CN-CALL-UNANSWERED-DAILY") == []
    seven = [act(f"03-05 {9 + i}:00") for i in range(7)]
    assert hits(build_case(), seven, law_packs, "CN-CALL-UNANSWERED-DAILY") == [6]
    answered = [act(f"03-05 {h}:00", outcome="connected") for h in (9, 10, 11, 14)]
    assert hits(build_case(), answered, law_packs, "CN-CALL-CONNECTED-DAILY") == [3]
    # Once three calls have connected, a further planned call may be answered: stop dialling.
    after_cap = [*answered[:3], act("03-05 14:00"), act("03-06 09:00")]
    assert hits(build_case(), after_cap, law_packs, "CN-CALL-CONNECTED-DAILY") == [3]


def test_agreed_extra_attempts_are_outside_the_unanswered_cap(law_packs):
    """「与债务人另有约定除外」: attempts the debtor agreed to do not count (like time consent)."""
    plan = [act(f"03-05 {9 + i}:00", outcome="no_answer") for i in range(6)]
    plan.append(act("03-05 16:00", outcome="no_answer", debtor_agreed_to_attempts=True))
    plan.append(act("03-05 17:00", outcome="no_answer"))
    assert hits(build_case(), plan, law_packs, "CN-CALL-UNANSWERED-DAILY") == [7]
    agreed = [a.model_copy(update={"debtor_agreed_to_attempts": True}) for a in plan]
    assert hits(build_case(), agreed, law_packs, "CN-CALL-UNANSWERED-DAILY") == []
    # The debtor cannot agree for somebody else's number.
    sister = [
        act(
            f"03-05 {9 + i}:00",
            target="sister",
            outcome="no_answer",
            debtor_agreed_to_attempts=True,
        )
        for i in range(7)
    ]
    assert hits(build_case(), sister, law_packs, "CN-CALL-UNANSWERED-DAILY") == [6]
    # The connected cap has no such exception.
    connected = [
        act(f"03-05 {h}:00", outcome="connected", debtor_agreed_to_attempts=True)
        for h in (9, 10, 11, 14)
    ]
    assert hits(build_case(), connected, law_packs, "CN-CALL-CONNECTED-DAILY") == [3]


def test_connected_calls_cap_ignores_unanswered_and_resets_daily(law_packs):
    plan = [
        act("03-05 09:00", outcome="connected"),
        act("03-05 09:30", outcome="no_answer"),
        act("03-05 10:00", outcome="connected"),
        act("03-05 11:00", outcome="promise_to_pay"),
        act("03-06 09:00", outcome="connected"),
    ]
    assert hits(build_case(), plan, law_packs, "CN-CALL-CONNECTED-DAILY") == []


def test_connected_calls_cap_includes_history(law_packs):
    history = [act("03-05 08:10", outcome="connected"), act("03-05 08:20", outcome="connected")]
    plan = [act("03-05 09:00", outcome="connected"), act("03-05 10:00", outcome="connected")]
    assert hits(build_case(history), plan, law_packs, "CN-CALL-CONNECTED-DAILY") == [1]


def test_unanswered_attempts_cap_per_number(law_packs):
    plan = [act(f"03-05 {9 + i}:00", outcome="no_answer") for i in range(7)]
    plan.append(act("03-05 17:00", target="sister", outcome="no_answer"))
    assert hits(build_case(), plan, law_packs, "CN-CALL-UNANSWERED-DAILY") == [6]


# --- whom to contact ---------------------------------------------------------------------


def test_collection_only_from_debtor_guarantor_or_debt_related(law_packs):
    history = THREE_FAILED
    plan = [
        act("03-05 09:00", target="guarantor"),
        act("03-05 09:10", target="spouse"),
        act("03-05 09:20", target="sister"),
        act("03-05 09:30", target="sister", purpose="relay"),
    ]
    assert hits(build_case(history), plan, law_packs, "CN-TARGET-SCOPE") == [2]


def test_third_party_needs_unreachable_debtor(law_packs):
    plan = [act("03-05 10:00", target="sister", purpose="relay")]
    assert hits(build_case(), plan, law_packs, "CN-THIRD-PARTY-TRIGGER") == [0]


def test_three_failed_calls_allow_third_party_from_next_day_only(law_packs):
    history = [act("03-04 09:00", outcome="no_answer"), act("03-04 10:00", outcome="no_answer")]
    plan = [
        act("03-04 11:00", outcome="no_answer"),
        act("03-04 15:00", target="sister", purpose="relay"),
        act("03-05 09:00", target="sister", purpose="relay"),
    ]
    assert hits(build_case(history), plan, law_packs, "CN-THIRD-PARTY-TRIGGER") == [1]


def test_invalid_number_allows_third_party_at_once(law_packs):
    plan = [
        act("03-05 09:00", outcome="invalid_number"),
        act("03-05 09:30", target="sister", purpose="locate"),
    ]
    assert hits(build_case(), plan, law_packs, "CN-THIRD-PARTY-TRIGGER") == []
    debtor = Contact(id="debtor", name="甲", role=Role.DEBTOR, relation="本人", phone_valid=False)
    sister = Contact(id="sister", name="乙", role=Role.THIRD_PARTY, relation="姐姐")
    case = build_case(contacts=[debtor, sister])
    assert (
        hits(
            case,
            [act("03-05 09:30", target="sister", purpose="locate")],
            law_packs,
            "CN-THIRD-PARTY-TRIGGER",
        )
        == []
    )


def test_a_connected_call_makes_the_debtor_reachable_again(law_packs):
    history = [*THREE_FAILED, act("03-05 08:30", outcome="connected")]
    plan = [act("03-05 10:00", target="sister", purpose="relay")]
    assert hits(build_case(history), plan, law_packs, "CN-THIRD-PARTY-TRIGGER") == [0]


def test_three_consecutive_unreachable_days_open_contact_from_the_next_day(law_packs):
    """The book's reading: a day counts as unreachable once it is over, so the days route,
    like the three-failed-calls route, opens third-party contact from the next day — not at
    the moment of the third day's failed call (issue 11, item 9)."""
    rule = law_packs[0].rule("CN-THIRD-PARTY-TRIGGER")
    assert rule.params["consecutive_unreachable_days"] == 3
    history = [act("03-02 10:00", outcome="no_answer"), act("03-03 10:00", outcome="no_answer")]
    plan = [
        act("03-04 10:00", outcome="no_answer"),
        act("03-04 16:00", target="sister", purpose="relay"),
        act("03-05 09:00", target="sister", purpose="relay"),
    ]
    assert hits(build_case(history), plan, law_packs, "CN-THIRD-PARTY-TRIGGER") == [1]


def test_days_route_alone_is_met_from_the_day_after_the_third_day(tmp_path):
    import shutil

    from casebook.policy.loader import builtin_pack_dir, load_pack

    shutil.copytree(builtin_pack_dir("cn"), tmp_path / "cn")
    path = tmp_path / "cn" / "02_targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("consecutive_failed_calls: 3", "consecutive_failed_calls: 9"))
    packs = [load_pack(tmp_path / "cn")]
    history = [act(f"03-0{d} 10:00", outcome="no_answer") for d in (2, 3, 4)]
    on_third_day = [act("03-04 20:00", target="sister", purpose="relay")]
    next_day = [act("03-05 08:00", target="sister", purpose="relay")]
    assert hits(build_case(history), on_third_day, packs, "CN-THIRD-PARTY-TRIGGER") == [0]
    assert hits(build_case(history), next_day, packs, "CN-THIRD-PARTY-TRIGGER") == []
    gap = [act(f"03-0{d} 10:00", outcome="no_answer") for d in (1, 2, 4)]
    assert hits(build_case(gap), next_day, packs, "CN-THIRD-PARTY-TRIGGER") == [0]


def test_earliest_contact_is_stated_as_a_date_not_midnight(law_packs):
    history = [act("03-04 09:00", outcome="no_answer"), act("03-04 10:00", outcome="no_answer")]
    plan = [
        act("03-04 11:00", outcome="no_answer"),
        act("03-04 15:00", target="sister", purpose="relay"),
    ]
    (violation,) = [
        v
        for v in evaluate(build_case(history), plan, law_packs).violations
        if v.rule_id == "CN-THIRD-PARTY-TRIGGER"
    ]
    assert "00:00" not in violation.detail
    assert "3月5日起" in violation.detail and "允许的联系时段" in violation.detail


def test_stop_contacting_a_third_party_after_refusal(law_packs):
    plan = [
        act("03-05 09:00", target="sister", purpose="relay", outcome="refused"),
        act("03-05 11:00", target="sister", purpose="relay", outcome="no_answer"),
        act("03-06 11:00", "sms", target="sister", purpose="relay", message="请转告回电"),
    ]
    assert hits(build_case(THREE_FAILED), plan, law_packs, "CN-THIRD-PARTY-STOP") == [1, 2]


def test_no_debt_disclosure_to_third_parties(law_packs):
    plan = [
        act("03-05 09:00", target="sister", purpose="relay", message="麻烦请他回电 4008-000-000"),
        act("03-05 09:10", target="colleague", purpose="relay", message="他信用卡逾 期了"),
        act("03-05 09:20", target="colleague", purpose="relay", message="他还差我们 3000 元"),
        act("03-05 09:30", target="debtor", message="您的信用卡已逾期，欠款 3000 元"),
    ]
    assert hits(build_case(THREE_FAILED), plan, law_packs, "CN-THIRD-PARTY-NO-DISCLOSURE") == [1, 2]


# --- conduct -----------------------------------------------------------------------------


def test_banned_wording_is_found_through_spaces_and_punctuation(law_packs):
    plan = [
        act("03-05 09:00", message="再不还就等着坐 牢"),
        act("03-05 09:05", message="你就是个老-赖"),
        act("03-05 09:10", message="我是法院的工作人员"),
        act("03-05 09:15", message="已把你列入黑名单"),
        act("03-05 09:20", message="明天就去找你的领导"),
        act("03-05 09:25", message="小心你的家人"),
        act("03-05 09:30", message="您好，请问今天方便还款吗？"),
    ]
    found = {
        v.rule_id: v.action_index
        for v in evaluate(build_case(), plan, law_packs).violations
        if v.rule_id.startswith("CN-NO-")
    }
    assert found == {
        "CN-NO-CRIMINAL-THREAT": 0,
        "CN-NO-INSULT": 1,
        "CN-NO-IMPERSONATION": 2,
        "CN-NO-FAKE-BLACKLIST": 3,
        "CN-NO-EXPOSURE": 4,
        "CN-NO-THREAT": 5,
    }


def test_violation_detail_quotes_the_original_span(law_packs):
    plan = [act("03-05 09:00", message="再不还就等着坐 牢吧")]
    (violation,) = evaluate(build_case(), plan, law_packs).violations
    assert "「坐 牢」" in violation.detail


# --- records -----------------------------------------------------------------------------


def test_recording_required_for_calls_and_visits_not_failed_calls(law_packs):
    plan = [
        act("03-05 09:00", recorded=False, outcome="connected"),
        act("03-05 10:00", recorded=False, outcome="no_answer"),
        act("03-05 11:00", "visit", recorded=False),
        act("03-05 12:00", "sms", recorded=False, message="提醒"),
    ]
    assert hits(build_case(), plan, law_packs, "CN-RECORDING") == [0, 2]


def test_letter_needs_every_article_69_field(law_packs):
    plan = [
        act("03-05 10:00", "letter", letter_fields=ALL_LETTER_FIELDS),
        act("03-05 11:00", "letter", letter_fields=ALL_LETTER_FIELDS[:-1]),
    ]
    assessment = evaluate(build_case(), plan, law_packs)
    (violation,) = [v for v in assessment.violations if v.rule_id == "CN-LETTER-FIELDS"]
    assert violation.action_index == 1 and "相关业务公章" in violation.detail


# --- instalments -------------------------------------------------------------------------


def test_instalment_term_at_most_60_months(law_packs):
    plan = [
        act("03-05 10:00", purpose="negotiate", instalment=InstalmentPlan(term_months=60)),
        act("03-05 11:00", purpose="negotiate", instalment=InstalmentPlan(term_months=61)),
    ]
    assert hits(build_case(), plan, law_packs, "CN-INSTALMENT-TERM") == [1]


def test_signed_instalment_contents_and_oral_recording(law_packs):
    full = InstalmentPlan(term_months=36, items=ALL_PLAN_ITEMS, signed=True)
    partial = InstalmentPlan(term_months=36, items=ALL_PLAN_ITEMS[:3], signed=True)
    oral = InstalmentPlan(term_months=36, items=ALL_PLAN_ITEMS, signed=True, oral=True)
    plan = [
        act("03-05 10:00", purpose="negotiate", instalment=full),
        act("03-05 11:00", purpose="negotiate", instalment=partial),
        act("03-05 12:00", purpose="negotiate", instalment=oral, recorded=False),
    ]
    assessment = evaluate(build_case(), plan, law_packs)
    assert hits(build_case(), plan, law_packs, "CN-INSTALMENT-CONTENTS") == [1]
    assert [
        v.action_index for v in assessment.violations if v.rule_id == "CN-INSTALMENT-ORAL-RECORDING"
    ] == [2]


def test_no_collection_after_signed_agreement_unless_breached(law_packs):
    agreement = AgreementStatus(signed_on=date(2026, 3, 1), term_months=24)
    plan = [act("03-05 10:00", message="请按时还款"), act("03-05 11:00", purpose="negotiate")]
    case = build_case(agreement=agreement)
    assert hits(case, plan, law_packs, "CN-INSTALMENT-STOP-COLLECTION") == [0]
    breached = build_case(
        agreement=AgreementStatus(
            signed_on=date(2026, 3, 1), term_months=24, breached_on=date(2026, 3, 4)
        )
    )
    assert hits(breached, plan, law_packs, "CN-INSTALMENT-STOP-COLLECTION") == []


def test_signing_in_the_plan_stops_later_collection(law_packs):
    signed = InstalmentPlan(term_months=24, items=ALL_PLAN_ITEMS, signed=True)
    plan = [act("03-05 10:00", purpose="negotiate", instalment=signed), act("03-06 10:00")]
    assert hits(build_case(), plan, law_packs, "CN-INSTALMENT-STOP-COLLECTION") == [1]


def test_an_unanswered_call_concludes_no_agreement(law_packs):
    signed = InstalmentPlan(term_months=24, items=ALL_PLAN_ITEMS, signed=True)
    plan = [
        act("03-05 10:00", purpose="negotiate", instalment=signed, outcome="no_answer"),
        act("03-06 10:00"),
    ]
    assert hits(build_case(), plan, law_packs, "CN-INSTALMENT-STOP-COLLECTION") == []


def test_assessment_reports_status_per_citation(law_packs):
    plan = [act("03-05 10:00", message="再不还钱就让你坐牢")]
    (violation,) = [
        v
        for v in evaluate(build_case(), plan, law_packs).violations
        if v.rule_id == "CN-NO-CRIMINAL-THREAT"
    ]
    data = violation.model_dump(mode="json")
    assert data["status"] == "verified-secondary"
    assert [c["status"] for c in data["citations"]] == ["verified-primary", "verified-secondary"]
    assert data["citations"][0]["status_label"] == "已核实（原文）"


# --- disputes (2011 Measures Art. 69 para. 2) ----------------------------------------------


def test_dispute_holds_collection_until_flagged_and_investigated(law_packs):
    from casebook.model import Dispute

    raised = Dispute(
        raised_at="2026-03-04 10:00",
        summary="持卡人称 2 月的一笔消费不是本人所为",
        flagged_at="2026-03-04 11:00",
    )
    plan = [
        act("03-05 10:00", purpose="collect"),
        act("03-05 11:00", purpose="verify", message="请您上传交易异议材料。"),
        act("03-05 15:00", purpose="negotiate"),
    ]
    found = hits(build_case(disputes=[raised]), plan, law_packs, "CN-DISPUTE-HOLD")
    assert found == [0, 2]
    resolved = raised.model_copy(update={"resolved_at": datetime(2026, 3, 5, 12, 0)})
    assert hits(build_case(disputes=[resolved]), plan, law_packs, "CN-DISPUTE-HOLD") == [0]
    assert hits(build_case(), plan, law_packs, "CN-DISPUTE-HOLD") == []


def test_a_dispute_raised_on_a_call_holds_the_rest_of_the_plan(law_packs):
    plan = [
        act("03-05 10:00", outcome="disputed"),
        act("03-05 10:30", "sms", message="请尽快还款。"),
        act("03-06 10:00", purpose="verify", message="核实进展告知。"),
    ]
    assessment = evaluate(build_case(), plan, law_packs)
    (violation,) = [v for v in assessment.violations if v.rule_id == "CN-DISPUTE-HOLD"]
    assert violation.action_index == 1 and "账户尚未备注" in violation.detail
    assert violation.citations[0].article == "第六十九条第二款"


def test_dispute_must_be_flagged_before_resolved():
    import pytest
    from pydantic import ValidationError

    from casebook.model import Dispute

    with pytest.raises(ValidationError, match="flagged_at missing"):
        Dispute(raised_at="2026-03-04 10:00", resolved_at="2026-03-05 10:00")


# --- 个性化分期 eligibility (Art. 70) --------------------------------------------------------

SIGNED = InstalmentPlan(
    term_months=48, monthly_amount=700, items=ALL_PLAN_ITEMS, signed=True, oral=True
)


def _verified(when="03-05 10:00", **changes):
    from casebook.model import RepaymentAssessment

    facts = dict(
        monthly_income=5000,
        essential_expenses=4000,
        available_funds=800,
        evidence=["银行流水"],
        willing_to_repay=True,
    )
    facts.update(changes)
    return act(when, purpose="verify", assessment=RepaymentAssessment(**facts))


def test_plan_needs_confirmed_capacity_and_willingness_first(law_packs):
    signing = act("03-06 10:00", purpose="negotiate", instalment=SIGNED)
    rule = "CN-INSTALMENT-ELIGIBILITY"
    assert hits(build_case(), [signing], law_packs, rule) == [0]
    assert hits(build_case(), [_verified(), signing], law_packs, rule) == []
    # The assessment must come before the agreement, not with or after it.
    late = _verified("03-06 10:00")
    assert hits(build_case(), [signing, late], law_packs, rule) == [0]
    for changes in (
        {"willing_to_repay": False},
        {"available_funds": 40_000},  # can pay the ¥30,000 balance at once
        {"evidence": []},  # figures only stated on the phone
    ):
        assert hits(build_case(), [_verified(**changes), signing], law_packs, rule) == [1], changes
    # Proposals and calls that concluded nothing are not agreements.
    proposal = signing.model_copy(
        update={"instalment": SIGNED.model_copy(update={"signed": False})}
    )
    unanswered = signing.model_copy(update={"outcome": Outcome.NO_ANSWER})
    assert hits(build_case(), [proposal, unanswered], law_packs, rule) == []
