"""Court fees, worked from 《诉讼费用交纳办法》 Arts. 13–16 (regulations.md §8)."""

from decimal import Decimal

import pytest

from casebook.judicial.fees import (
    acceptance_fee,
    court_fee,
    enforcement_fee,
    preservation_fee,
)
from casebook.judicial.money import AmountError, parse_amount

D = Decimal


# regulations.md §8.3, computed by hand from Art. 13(一):
# 30,000 → 50 + 20,000 × 2.5% = 550; 300,000 → 50 + 2,250 + 2,000 + 1,500 = 5,800.
@pytest.mark.parametrize(
    ("claim", "full", "half", "third"),
    [
        ("8000", "50.00", "25.00", "16.67"),
        ("30000", "550.00", "275.00", "183.33"),
        ("50000", "1050.00", "525.00", "350.00"),
        ("100000", "2300.00", "1150.00", "766.67"),
        ("300000", "5800.00", "2900.00", "1933.33"),
    ],
)
def test_worked_examples_of_section_8(claim, full, half, third):
    assert court_fee(claim).fee == D(full)
    assert court_fee(claim, "simplified").fee == D(half)
    assert court_fee(claim, "ordinary", ended_by_mediation_or_withdrawal=True).fee == D(half)
    assert court_fee(claim, "payment-order").fee == D(third)


@pytest.mark.parametrize(
    ("claim", "fee"),
    [
        ("0.01", "50.00"),  # 不超过1万元的，每件交纳50元
        ("10000", "50.00"),
        ("10000.01", "50.00"),  # 0.01 × 2.5% = 0.00025 → rounds to 50.00
        ("10040", "51.00"),  # 40 × 2.5% = 1
        ("100000", "2300.00"),  # 50 + 90,000 × 2.5%
        ("100001", "2300.02"),  # + 1 × 2%
        ("200000", "4300.00"),  # 2,300 + 100,000 × 2%
        ("500000", "8800.00"),  # 4,300 + 300,000 × 1.5%
        ("1000000", "13800.00"),  # 8,800 + 500,000 × 1%
        ("2000000", "22800.00"),  # 13,800 + 1,000,000 × 0.9%
        ("5000000", "46800.00"),  # 22,800 + 3,000,000 × 0.8%
        ("10000000", "81800.00"),  # 46,800 + 5,000,000 × 0.7%
        ("20000000", "141800.00"),  # 81,800 + 10,000,000 × 0.6%
        ("30000000", "191800.00"),  # 141,800 + 10,000,000 × 0.5%
    ],
)
def test_acceptance_fee_bracket_boundaries(claim, fee):
    assert acceptance_fee(claim).fee == D(fee)


def test_breakdown_lists_each_bracket_and_the_reduction():
    result = court_fee("300000", "simplified").to_json()
    assert set(result) == {"amount", "procedure", "fee", "breakdown"}
    labels = [line["label"] for line in result["breakdown"]]
    assert labels[:4] == [
        "不超过1万元的部分（每件）",
        "超过1万元至10万元的部分",
        "超过10万元至20万元的部分",
        "超过20万元至50万元的部分",
    ]
    assert result["breakdown"][1]["rate"] == "2.5%" and result["breakdown"][1]["amount"] == 2250
    assert "第十六条" in result["breakdown"][-1]["basis"]
    assert result["fee"] == 2900


def test_simplified_and_mediated_halves_once_only_and_says_so():
    result = court_fee("50000", "simplified", ended_by_mediation_or_withdrawal=True)
    assert result.fee == D("525.00")
    assert result.breakdown[-1].basis.status == "unverified"


def test_payment_order_cannot_be_mediated():
    with pytest.raises(ValueError, match="payment order"):
        court_fee("50000", "payment-order", ended_by_mediation_or_withdrawal=True)


def test_unknown_procedure_is_named():
    with pytest.raises(ValueError, match="procedure"):
        court_fee("50000", "fast-track")


@pytest.mark.parametrize(
    ("preserved", "fee"),
    [
        ("500", "30.00"),  # 不超过1000元：30元
        ("1000", "30.00"),
        ("2000", "40.00"),  # 30 + 1,000 × 1%
        ("100000", "1020.00"),  # 30 + 99,000 × 1%
        ("300000", "2020.00"),  # 1,020 + 200,000 × 0.5%
        ("895000", "4995.00"),  # 1,020 + 795,000 × 0.5%
        ("896000", "5000.00"),  # exactly reaches the cap
        ("900000", "5000.00"),  # 5,020 before the cap → capped at 5,000
        ("50000000", "5000.00"),
    ],
)
def test_preservation_fee_and_its_cap(preserved, fee):
    assert preservation_fee(preserved).fee == D(fee)


def test_cap_is_shown_in_breakdown():
    assert preservation_fee("900000").breakdown[-1].label == "最多不超过5000元"


@pytest.mark.parametrize(
    ("amount", "fee"),
    [("10000", "50.00"), ("110000", "1550.00"), ("500000", "7400.00"), ("600000", "8400.00")],
)
def test_enforcement_fee(amount, fee):
    # 50 + (amount − 10,000) × 1.5% up to 500,000; then 1%
    assert enforcement_fee(amount).fee == D(fee)


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", "1,00", "", "NaN", "inf", "1e26"])
def test_bad_amounts_are_rejected(bad):
    with pytest.raises(AmountError):
        parse_amount(bad)


@pytest.mark.parametrize(
    "huge", ["100000000000000000000000000", 10**26, Decimal("1E+26"), 1e26, "1000000000000000.01"]
)
def test_amounts_beyond_the_limit_are_refused_with_a_message(huge):
    # 1e26 yuan used to raise decimal.InvalidOperation while rounding to cents.
    with pytest.raises(AmountError, match="最大金额"):
        parse_amount(huge, "标的额")


@pytest.mark.parametrize("fee", [court_fee, acceptance_fee, preservation_fee, enforcement_fee])
@pytest.mark.parametrize("zero", ["0", "0.00", 0])
def test_a_zero_amount_has_no_fee(fee, zero):
    # A claim (or a preserved or enforced amount) of ¥0 is not a case: it used to cost ¥50.
    with pytest.raises(AmountError, match="大于 0"):
        fee(zero)


@pytest.mark.parametrize(
    ("claim", "procedure", "fee"),
    [
        # (50 + 1 × 2.5%) / 2 = 25.0125 → 25.01; halving the rounded 50.03 gave 25.02.
        ("10001", "simplified", "25.01"),
        ("10001", "ordinary", "50.03"),
        ("10001", "payment-order", "16.68"),  # 50.025 / 3 = 16.675 → 16.68
        # 50 + 15.01 × 2.5% = 50.37525: half 25.187625 → 25.19 (rounded first: 50.38 / 2 = 25.19)
        ("10015.01", "simplified", "25.19"),
        # 50 + 1,000.02 × 2.5% = 75.0005: a third is 25.000166… → 25.00 (75.00 / 3 = 25.00)
        ("11000.02", "payment-order", "25.00"),
        # 50 + 26,000.20 × 2.5% = 700.005: half 350.0025 → 350.00 (rounded first: 700.01 / 2 → 350.01)
        ("36000.20", "simplified", "350.00"),
    ],
)
def test_fees_are_rounded_once_at_the_end(claim, procedure, fee):
    assert court_fee(claim, procedure).fee == D(fee)


def test_breakdown_shows_the_exact_fee_before_halving():
    labels = [line.label for line in court_fee("10001", "simplified").breakdown]
    assert "按第十三条计算的全额受理费（精确值 50.025 元，减半或取 1/3 后才四舍五入到分）" in labels


def test_amount_formats_accepted():
    assert parse_amount("¥50,000.5") == D("50000.50")
    assert parse_amount(49999.99) == D("49999.99")
