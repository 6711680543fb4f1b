"""The case timeline is read correctly by the judicial toolkit (有效催收, limitation)."""

from __future__ import annotations

from datetime import date, datetime

from casebook.assess import evaluate
from casebook.cases.evidence import (
    interruption_events,
    receipt_confirmed,
    review_collections,
    review_limitation,
)
from casebook.judicial.limitation import InterruptKind
from casebook.model import Account, Action
from tests.conftest import act, build_case

LETTER_FIELDS = [
    "holder_name",
    "balance",
    "reason_and_legal_basis",
    "holder_rights_duties",
    "channels_query_repay_dispute_evidence",
    "bank_contact",
    "business_seal",
]


def letter(when: str, outcome: str = "delivered"):
    return act(when, "letter", outcome=outcome, letter_fields=LETTER_FIELDS)


def review(actions, law_packs, as_of=date(2026, 6, 30)):
    case = build_case()  # first missed due date 2026-01-10, principal 30,000
    return review_collections(case, actions, evaluate(case, actions, law_packs), as_of)


def test_two_delivered_letters_thirty_days_apart_are_a_pair(law_packs):
    # 2026-01-20 + 30 days = 2026-02-19 (Art. 7: at least thirty days apart).
    result = review([letter("01-20 10:00"), letter("02-19 10:00")], law_packs)
    assert result.pair_dates() == [date(2026, 1, 20), date(2026, 2, 19)]
    assert result.report.gap_days == 30


def test_twenty_nine_days_is_not_enough(law_packs):
    result = review([letter("01-20 10:00"), letter("02-18 10:00")], law_packs)
    assert result.pair_dates() is None
    assert result.report.element("two_collections").status == "not_met"


def test_a_collection_that_broke_a_rule_does_not_count(law_packs):
    threat = act("02-20 10:00", outcome="connected", message="再不还钱就等着坐牢吧")
    result = review([letter("01-20 10:00"), threat], law_packs)
    assert [v.qualifies for v in result.report.verdicts] == [True, False]
    assert result.action_index == [0, 1]
    assert result.pair_dates() is None


def test_unconfirmed_receipt_does_not_count(law_packs):
    actions = [
        letter("01-20 10:00"),
        letter("02-25 10:00", outcome="undelivered"),
        act("02-26 10:00", outcome="no_answer"),
        act("02-27 10:00", outcome="connected", recorded=False),
    ]
    result = review(actions, law_packs)
    assert [v.qualifies for v in result.report.verdicts] == [True, False, False, False]


def test_a_reminder_before_the_due_date_is_not_a_collection(law_packs):
    result = review([letter("01-05 10:00"), letter("02-19 10:00")], law_packs)
    assert [v.qualifies for v in result.report.verdicts] == [False, True]


def test_third_party_contacts_are_not_collections_from_the_cardholder(law_packs):
    relay = act("02-20 10:00", target="sister", purpose="relay", outcome="connected")
    result = review([letter("01-20 10:00"), relay], law_packs)
    assert result.action_index == [0]


def test_amount_below_fifty_thousand_principal_never_meets_the_amount_element(law_packs):
    result = review([letter("01-20 10:00"), letter("02-20 10:00")], law_packs)
    assert result.report.element("amount").status == "not_met"  # 30,000 < 50,000 (Art. 8)
    assert result.report.element("intent").status == "not_assessed"
    assert result.report.objective_elements_met is False


def test_receipt_confirmed_by_channel():
    assert receipt_confirmed(act("02-01 10:00", outcome="promise_to_pay"))
    assert not receipt_confirmed(act("02-01 10:00", outcome="promise_to_pay", recorded=False))
    assert receipt_confirmed(act("02-01 10:00", "sms", outcome="delivered"))
    assert not receipt_confirmed(act("02-01 10:00", "email", outcome="pending"))


def test_interruption_events_come_from_history_and_actions():
    case = build_case(
        history=[
            act("01-20 10:00", "sms", outcome="delivered"),
            act("01-25 10:00", target="sister", purpose="relay", outcome="connected"),
        ]
    )
    actions = [
        act("02-01 10:00", outcome="promise_to_pay"),
        act("02-02 10:00", outcome="no_answer"),
        act("03-01 10:00", "litigation"),
        act("09-01 10:00", "sms", outcome="delivered"),
    ]
    events = interruption_events(case, actions, on=date(2026, 6, 1))
    assert [(e.on, e.kind) for e in events] == [
        (date(2026, 1, 20), InterruptKind.SMS),
        (date(2026, 2, 1), InterruptKind.DEBTOR_AGREES),
        (date(2026, 3, 1), InterruptKind.LAWSUIT),
    ]
    assert events[-1].ended == date(2026, 6, 1)


def test_limitation_runs_three_years_from_the_last_interruption():
    account = Account(
        card_masked="6225 **** **** 0000",
        credit_limit=20000,
        principal=10000,
        due_date=date(2020, 1, 10),
    )
    payment = Action(
        time=datetime(2021, 3, 1, 10, 0),
        channel="phone",
        target="debtor",
        outcome="partial_payment",
    )
    case = build_case(account=account, history=[payment])
    result = review_limitation(case, [], on=date(2024, 3, 1))
    assert result.restarted_from == date(2021, 3, 1)
    assert result.expires == date(2024, 3, 1)  # three years later, same calendar day
    assert not result.expired_on(date(2024, 3, 1))
    assert result.expired_on(date(2024, 3, 2))


def test_a_demand_after_expiry_does_not_restart_the_clock():
    account = Account(
        card_masked="6225 **** **** 0000",
        credit_limit=20000,
        principal=10000,
        due_date=date(2021, 1, 10),
    )
    case = build_case(account=account)
    late_letter = letter("06-01 10:00")  # 2026-06-01, long after 2024-01-10
    result = review_limitation(case, [late_letter], on=date(2026, 6, 30))
    assert result.expires == date(2024, 1, 10)
    assert [e.effect for e in result.events] == ["after_expiry"]
    assert result.expired_on(date(2026, 6, 30))
