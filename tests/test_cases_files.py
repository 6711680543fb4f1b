"""Worked cases: every file loads, and the engine finds exactly what the case text states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.cases import case_table, load_all_cases, load_worked_case, run_case
from casebook.io import InputFileError
from casebook.model import Outcome, Purpose, Role
from casebook.policy.loader import load_packs
from tests.conftest import ROOT

CASES = load_all_cases()
CASE_IDS = [c.id for c in CASES]

#: The seed's channels and failure causes, written out independently of casebook.cases.points.
SEED_CHANNELS = {"phone", "sms", "mail", "visit", "legal"}
SEED_CAUSES = {"contact_invalid", "evasion", "hardship", "weak_means"}
#: Art. 70 items, in the words of the Measures (ids as the law pack defines them).
ART_70_ITEMS = {
    "balance_structure_currency",
    "cycle_method_currency_dates_amount",
    "fees_interest_during_plan",
    "no_new_card_commitment",
    "rights_duties_default_liability",
    "other_repayment_matters",
}
MASKED_PHONE = re.compile(r"^1\d{2}\*{4}\d{4}$")
MASKED_CARD = re.compile(r"^\d{4} \*{4} \*{4} \d{4}$")
REAL_BANKS = (
    "工商银行",
    "建设银行",
    "农业银行",
    "中国银行",
    "交通银行",
    "招商银行",
    "浦发",
    "中信银行",
)


def by_id(case_id: str):
    return next(c for c in CASES if c.id == case_id)


def test_at_least_twelve_case_files_with_unique_ids():
    files = sorted((ROOT / "casebook" / "data" / "cases").glob("case*.yaml"))
    assert len(files) >= 12
    assert [f.stem for f in files] == CASE_IDS
    assert len({c.case.case_id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_engine_finds_exactly_the_stated_violations(case_id):
    worked = by_id(case_id)
    run = run_case(worked)
    assert run.assessment.violated_rule_ids() == worked.expected.violations
    assert run.assessment.compliant is (worked.expected.violations == [])
    if worked.better_actions:
        assert run.better.violated_rule_ids() == worked.expected.better_violations
    assert run.matches_text


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_stated_rule_ids_exist_in_the_packs(case_id):
    worked = by_id(case_id)
    known = {r.id for p in load_packs(worked.packs) for r in p.rules}
    stated = set(worked.expected.violations) | set(worked.expected.better_violations)
    assert stated <= known


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_case_shows_a_compliant_way(case_id):
    """A case with violations shows a better way that the engine finds compliant; a case
    without violations is itself the compliant example, with nothing to correct."""
    worked = by_id(case_id)
    run = run_case(worked)
    if worked.expected.violations:
        assert worked.better_actions, "a case with violations must show the better way"
        assert worked.expected.better_violations == []
        assert run.better is not None and run.better.compliant
        assert not run.assessment.compliant
    else:
        assert run.assessment.compliant and run.assessment.violated_rule_ids() == []
        assert worked.better_actions == [] and worked.expected.better_violations == []
        assert run.better is None


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_people_are_synthetic_and_identifiers_masked(case_id):
    worked = by_id(case_id)
    for contact in worked.case.contacts:
        assert contact.phone is None or MASKED_PHONE.match(contact.phone), contact.phone
    assert MASKED_CARD.match(worked.case.account.card_masked)
    assert "*" in worked.case.debtor.id_masked
    texts = [a.message + a.note for a in [*worked.actions, *worked.better_actions]]
    texts += [worked.what_happened, worked.summary, worked.case.background]
    for text in texts:
        assert not any(bank in text for bank in REAL_BANKS), text
        assert not re.search(r"1\d{10}", text), text  # no unmasked mobile number
    assert any("星河银行" in a.message for a in [*worked.actions, *worked.better_actions]) or (
        "星河银行" in worked.what_happened
    )


def test_every_seed_channel_and_failure_cause_has_a_case():
    channels = {name for c in CASES for name in c.covers.channels}
    causes = {name for c in CASES for name in c.covers.causes}
    assert channels == SEED_CHANNELS
    assert causes == SEED_CAUSES


def test_the_five_required_themes_are_present():
    themes = {t for c in CASES for t in c.themes}
    assert themes == {
        "personalised_instalment",
        "effective_collection_to_court",
        "third_party_complaint",
        "payment_order_to_litigation",
        "limitation_expired",
    }


def _with_theme(theme: str):
    (worked,) = [c for c in CASES if theme in c.themes]
    return worked


def test_hardship_is_resolved_by_a_lawful_personalised_instalment_plan():
    worked = _with_theme("personalised_instalment")
    assert "hardship" in worked.covers.causes
    signed = [a for a in worked.actions if a.instalment and a.instalment.signed]
    assert signed, "the plan must be agreed"
    plan_action = signed[0]
    plan = plan_action.instalment
    assert plan.term_months <= 60  # Art. 70: at most five years
    assert set(plan.items) == ART_70_ITEMS
    assert plan_action.recorded or not plan.oral  # oral agreements must be recorded
    later = [a for a in worked.actions if a.time > plan_action.time]
    assert all(a.purpose is not Purpose.COLLECT for a in later)
    assert run_case(worked).assessment.compliant


def test_third_party_disclosure_leads_to_a_complaint():
    worked = _with_theme("third_party_complaint")
    assert "CN-THIRD-PARTY-NO-DISCLOSURE" in worked.expected.violations
    third = {c.id for c in worked.case.contacts if c.role is Role.THIRD_PARTY}
    assert any(
        a.target in third and a.outcome in (Outcome.COMPLAINT, Outcome.REFUSED)
        for a in worked.actions
    )
    assert any("投诉" in e.text for e in worked.events)


def test_payment_order_turns_into_litigation():
    worked = _with_theme("payment_order_to_litigation")
    assert any(a.channel == "litigation" and "支付令" in a.note for a in worked.actions)
    texts = [e.text for e in worked.events]
    objection = next(i for i, t in enumerate(texts) if "书面异议" in t)
    litigation = next(i for i, t in enumerate(texts) if "转入诉讼" in t)
    assert objection < litigation
    # Art. 227: objection within 15 days of receiving the order.
    received = next(e.date for e in worked.events if "收到支付令" in e.text)
    objected = worked.events[objection].date
    assert (objected - received).days <= 15


def test_evasive_debtor_is_taken_to_court_after_two_effective_collections():
    worked = _with_theme("effective_collection_to_court")
    run = run_case(worked)
    first, second = run.collections.pair_dates()
    assert (second - first).days >= 30  # Art. 7: at least thirty days apart
    assert [first, second] == worked.expected.effective_pair
    filed = next(a.time.date() for a in worked.actions if a.channel == "litigation")
    three_months_later = second.replace(month=second.month + 3)
    assert filed > three_months_later  # Art. 6: more than three months unpaid
    intent = run.collections.report.element("intent")
    assert intent.status == "not_assessed"  # never inferred from non-payment
    assert "坐牢" not in "".join(a.message for a in worked.actions)


def test_expired_limitation_case_reads_expired_from_the_last_interruption():
    worked = _with_theme("limitation_expired")
    run = run_case(worked)
    last = max(
        a.time.date()
        for a in worked.case.history
        if a.outcome in (Outcome.PROMISE_TO_PAY, Outcome.PARTIAL_PAYMENT)
    )
    assert run.limitation.restarted_from == last
    assert run.limitation.expires == last.replace(year=last.year + 3)  # Art. 188: three years
    assert run.limitation.expired_on(worked.analysis.limitation_on)
    assert worked.expected.limitation.expired


def test_case_table_agrees_everywhere():
    table = case_table()
    assert list(table.index) == [c.number for c in CASES]
    assert set(table["一致"]) == {"是"}


def test_load_by_id_and_by_path_give_the_same_case():
    path = ROOT / "casebook" / "data" / "cases" / "case03.yaml"
    assert load_worked_case("case03") == load_worked_case(path)


def test_a_broken_case_file_names_the_file_and_the_field(tmp_path: Path):
    source = (ROOT / "casebook" / "data" / "cases" / "case01.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "case01.yaml"
    broken.write_text(source.replace("channel: letter", "channel: fax", 1), encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_worked_case(broken)
    message = str(info.value)
    assert str(broken) in message and "actions[2].channel" in message


def test_unsorted_expected_violations_are_rejected(tmp_path: Path):
    source = (ROOT / "casebook" / "data" / "cases" / "case02.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "case02.yaml"
    broken.write_text(
        source.replace(
            "violations: [CN-TARGET-SCOPE, CN-THIRD-PARTY-NO-DISCLOSURE,",
            "violations: [CN-THIRD-PARTY-NO-DISCLOSURE, CN-TARGET-SCOPE,",
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="sorted and distinct"):
        load_worked_case(broken)


def test_a_file_whose_id_differs_from_its_name_is_rejected(tmp_path: Path):
    source = (ROOT / "casebook" / "data" / "cases" / "case01.yaml").read_text(encoding="utf-8")
    renamed = tmp_path / "case99.yaml"
    renamed.write_text(source, encoding="utf-8")
    with pytest.raises(InputFileError, match="does not match the file name"):
        load_worked_case(renamed)
