"""Procedure chooser, wage data file and claim amount."""

from datetime import date
from decimal import Decimal

import pytest

from casebook.io import InputFileError, read_data, validate_file
from casebook.judicial.claim import StatementHistory, compute_claim
from casebook.judicial.procedure import CaseFacts, choose_procedure
from casebook.judicial.wages import (
    WAGES_FILE,
    WageFile,
    limits_for_province,
    limits_from_wage,
    load_wage_file,
)
from tests.conftest import EXAMPLES

# A made-up wage for tests: limits 50,000 (50%) and 200,000 (200%).
LIMITS = limits_from_wage(Decimal(100_000))


def test_undisputed_reachable_debtor_gets_a_payment_order():
    advice = choose_procedure(CaseFacts(amount="45000", limits=LIMITS))
    assert advice.recommended == "payment_order"
    assert advice.option("payment_order").fee.fee == Decimal("308.33")  # 925 / 3


def test_disputed_small_claim_is_mandatory_small_claims():
    advice = choose_procedure(CaseFacts(amount="50000", disputed=True, limits=LIMITS))
    small = advice.option("small_claims")
    assert small.eligible and small.mandatory and advice.recommended == "small_claims"


def test_above_half_needs_agreement_for_small_claims():
    facts = dict(amount="50000.01", disputed=True, limits=LIMITS)
    assert choose_procedure(CaseFacts(**facts)).recommended == "simplified"
    agreed = choose_procedure(CaseFacts(parties_agree_small_claims=True, **facts))
    assert agreed.recommended == "small_claims" and not agreed.option("small_claims").mandatory


def test_above_twice_the_wage_no_small_claims():
    advice = choose_procedure(
        CaseFacts(amount="200000.01", disputed=True, parties_agree_small_claims=True, limits=LIMITS)
    )
    assert advice.option("small_claims").eligible is False


def test_missing_debtor_goes_to_ordinary_with_public_notice():
    advice = choose_procedure(
        CaseFacts(amount="30000", whereabouts_known=False, servable=False, limits=LIMITS)
    )
    assert advice.recommended == "ordinary"
    assert "债务人下落不明" in advice.option("payment_order").blockers
    assert "一方当事人下落不明" in advice.option("small_claims").blockers
    assert any("30 日" in t for t in advice.option("ordinary").timeline)


def test_other_debt_dispute_blocks_payment_order():
    advice = choose_procedure(CaseFacts(amount="30000", other_debt_disputes=True, limits=LIMITS))
    assert advice.option("payment_order").eligible is False
    assert advice.recommended == "small_claims"


def test_willing_debtor_is_offered_mediation_first():
    advice = choose_procedure(CaseFacts(amount="30000", willing_to_negotiate=True))
    assert advice.recommended == "pre_suit_mediation"
    assert advice.option("pre_suit_mediation").basis[0].status == "unverified"


def test_unknown_wage_leaves_small_claims_undecided():
    advice = choose_procedure(CaseFacts(amount="30000", disputed=True))
    assert advice.option("small_claims").eligible is None
    assert "未提供平均工资" in advice.summary


def test_wage_file_validates_and_labels_every_figure():
    data = load_wage_file()
    assert data.entries and all(e.source and e.status for e in data.entries)
    assert {e.status for e in data.entries} <= {
        "verified-primary",
        "verified-secondary",
        "partial",
        "unverified",
        "sample",
    }


def test_sample_and_unverified_entries_are_not_used_silently():
    with pytest.raises(InputFileError, match="province"):
        limits_for_province("示例省")
    sample = limits_for_province("示例省", allow_sample=True)
    assert sample.mandatory == Decimal(50_000) and sample.status == "sample"


def test_bad_wage_file_names_the_field(tmp_path):
    bad = tmp_path / "wages.yaml"
    bad.write_text(
        "schema_version: 1\nentries:\n  - {province: 某省, wage_year: 2024, wage_basis: x, "
        "source: 来源说明, status: guessed, average_wage: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match=r"entries\[0\]\.status"):
        load_wage_file(bad)
    assert WAGES_FILE.is_file() and WageFile


def test_claim_from_example_statements():
    history = validate_file(
        StatementHistory, read_data(EXAMPLES / "judicial" / "statements.yaml"), "statements"
    )
    claim = compute_claim(history, date(2025, 6, 30))
    # principal 53,000 − (2,000 − 150 fee) = 51,150; interest 796.50 + 795.20 + 718.90;
    # penalties 3 × 254 − 500 repaid = 262; accrual 51,150 × 0.0005 × 104 days = 2,659.80
    assert claim.amount("principal") == Decimal("51150.00")
    assert claim.amount("interest") == Decimal("2310.60")
    assert claim.amount("penalties") == Decimal("262.00")
    assert claim.amount("accrued_interest") == Decimal("2659.80")
    assert claim.total == Decimal("56382.40")
    assert claim.reducible_total == Decimal("5232.40")
    data = claim.to_json()
    assert data["numeric_cap"] is None
    assert [f["factor"] for f in data["court_reduction_factors"]] == [
        "国家有关金融监管规定",
        "未还款的数额及期限",
        "当事人过错程度",
        "发卡行的实际损失",
    ]


def test_claim_warns_when_terms_were_not_explained():
    history = validate_file(
        StatementHistory, read_data(EXAMPLES / "judicial" / "statements.yaml"), "statements"
    )
    claim = compute_claim(history.model_copy(update={"terms_explained": False}), date(2025, 6, 30))
    assert any("第二条第一款" in w for w in claim.warnings)


def test_claim_rejects_bad_allocation():
    history = validate_file(
        StatementHistory, read_data(EXAMPLES / "judicial" / "statements.yaml"), "statements"
    )
    with pytest.raises(ValueError, match="allocation"):
        compute_claim(history.model_copy(update={"allocation": ["principal"]}), date(2025, 6, 30))
