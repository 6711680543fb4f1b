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


def test_mandatory_small_claims_closes_simplified_and_ordinary():
    # Art. 165 para. 1: "适用小额诉讼的程序审理" is mandatory, so 简易/普通 are not the creditor's
    # to choose; 支付令 and 诉前调解 are not trials and stay available.
    advice = choose_procedure(CaseFacts(amount="45000", disputed=True, limits=LIMITS))
    for key in ("simplified", "ordinary"):
        option = advice.option(key)
        assert option.eligible is False
        assert any("必须适用小额诉讼" in b for b in option.blockers)
        assert any(b.article == "第一百六十九条" for b in option.basis)
    assert advice.option("payment_order").eligible is True
    assert advice.option("pre_suit_mediation").eligible is True


def test_no_option_claims_every_case_may_use_the_ordinary_procedure():
    for facts in (
        CaseFacts(amount="45000", disputed=True, limits=LIMITS),
        CaseFacts(amount="450000", disputed=True, limits=LIMITS),
        CaseFacts(amount="45000", complex_facts=True, limits=LIMITS),
    ):
        texts = [t for o in choose_procedure(facts).options for t in o.reasons + o.blockers]
        assert not any("任何案件" in t for t in texts)


def test_excluded_or_complex_cases_are_not_forced_into_small_claims():
    complex_case = choose_procedure(
        CaseFacts(amount="45000", disputed=True, complex_facts=True, limits=LIMITS)
    )
    assert complex_case.option("small_claims").eligible is False
    assert complex_case.recommended == "ordinary" and complex_case.option("ordinary").eligible
    counterclaim = choose_procedure(
        CaseFacts(amount="45000", disputed=True, counterclaim=True, limits=LIMITS)
    )
    assert counterclaim.option("small_claims").eligible is False
    assert counterclaim.recommended == "simplified"


def test_partial_province_figure_is_offered_but_not_applied():
    # 浙江省's figure is "partial" (one reprint) and computed on 非私营单位 wages, not the
    # statute's 就业人员 base: it is shown with its base, never used to force small claims.
    limits = limits_for_province("浙江省")
    assert limits.confirmed is False and limits.status == "partial"
    assert "非私营" in limits.wage_basis
    assert any("就业人员" in c for c in limits.caveats)
    advice = choose_procedure(CaseFacts(amount="45000", disputed=True, limits=limits))
    assert advice.option("small_claims").eligible is None
    assert not advice.option("small_claims").mandatory
    assert advice.option("simplified").eligible is None
    assert advice.option("ordinary").eligible is None
    data = advice.to_json()
    assert data["depends_on_small_claims_limit"] is True
    assert data["small_claims_limits"]["confirmed"] is False
    assert "未经确认" in advice.summary or "未经核实" in advice.summary


def test_confirmed_province_figure_is_applied():
    limits = limits_for_province("浙江省", confirm=True)
    assert limits.confirmed is True
    advice = choose_procedure(CaseFacts(amount="45000", disputed=True, limits=limits))
    assert advice.option("small_claims").mandatory and advice.recommended == "small_claims"
    assert advice.to_json()["depends_on_small_claims_limit"] is False


def test_unknown_wage_leaves_simplified_and_ordinary_open_questions_too():
    advice = choose_procedure(CaseFacts(amount="30000", disputed=True))
    assert advice.option("simplified").eligible is None
    assert advice.option("ordinary").eligible is None
    assert advice.to_json()["depends_on_small_claims_limit"] is True


def test_zero_claim_is_refused():
    with pytest.raises(ValueError, match="大于 0"):
        CaseFacts(amount="0")


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


def test_claim_without_an_allocation_warns_that_the_order_is_a_contract_term():
    history = validate_file(
        StatementHistory, read_data(EXAMPLES / "judicial" / "statements.yaml"), "statements"
    )
    stated = compute_claim(history, date(2025, 6, 30))
    assert not any("冲抵顺序" in w for w in stated.warnings)
    silent = compute_claim(history.model_copy(update={"allocation": None}), date(2025, 6, 30))
    assert silent.total == stated.total  # the example file states the example contract's order
    assert any("不是法定顺序" in w and "第五百六十一条" in w for w in silent.warnings)
    art_561 = next(b for b in stated.basis if b.article == "第五百六十一条")
    assert art_561.status == "verified-primary" and "合同编.md" in art_561.source
    assert "（一）实现债权的有关费用；（二）利息；（三）主债务" in art_561.quote
    term = next(b for b in stated.basis if b.document == "信用卡领用合约" and "冲抵" in b.article)
    assert term.status == "book-reading"


def test_claim_date_before_the_first_missed_due_names_as_of(capsys):
    from casebook.cli import main

    path = str(EXAMPLES / "judicial" / "statements.yaml")
    assert main(["claim", path, "--as-of", "2024-12-01", "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "--as-of" in err and "first_missed_due" in err


def test_claim_amount_beyond_the_limit_is_refused(capsys, tmp_path):
    from casebook.cli import main

    bad = tmp_path / "statements.yaml"
    bad.write_text(
        "card_masked: x\nfirst_missed_due: 2025-01-10\ndaily_rate: '0.0005'\n"
        "entries:\n  - {date: 2024-12-01, kind: purchase, amount: '1e30'}\n",
        encoding="utf-8",
    )
    assert main(["claim", str(bad), "--as-of", "2025-06-30"]) == 2
    assert "entries[0].amount" in capsys.readouterr().err
