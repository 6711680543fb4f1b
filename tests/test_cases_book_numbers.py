"""Numbers quoted in the chapters agree with the judicial toolkit, so text and tools cannot drift."""

from __future__ import annotations

import re
from decimal import Decimal

from casebook.judicial.fees import acceptance_fee, court_fee, preservation_fee
from tests.conftest import ROOT

BOOK = ROOT / "book"


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_fee_examples_in_the_channels_chapter_match_the_fee_rules():
    text = (BOOK / "channels.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([\d,]+) \| ([\d,.]+) \| ([\d,.]+) \| ([\d,.]+) \|$", text, re.M)
    assert len(rows) == 5
    for claim, full, half, order in rows:
        amount = _money(claim)
        assert _money(full) == acceptance_fee(amount).fee, claim
        assert _money(half) == court_fee(amount, "simplified").fee, claim
        assert _money(order) == court_fee(amount, "payment-order").fee, claim


def test_worked_figures_in_the_judicial_chapter():
    text = (BOOK / "judicial.md").read_text(encoding="utf-8")
    # 支付令 on ¥50,000: full fee 1,050, one third 350 (交纳办法 Arts. 13, 14(三)).
    assert "全额受理费为 1,050 元，申请支付令为 350 元" in text
    assert acceptance_fee(50_000).fee == Decimal("1050.00")
    assert court_fee(50_000, "payment-order").fee == Decimal("350.00")
    # Preservation of ¥68,500: 30 + 1% of 67,500 (交纳办法 Art. 14(二)).
    assert "申请费为 30 + 675 = 705 元" in text
    assert preservation_fee(68_500).fee == Decimal("705.00")


def test_payment_order_fee_in_the_efficiency_quiz():
    text = (BOOK / "efficiency.md").read_text(encoding="utf-8")
    assert "按交纳办法计算为 183.33 元" in text
    assert court_fee(30_000, "payment-order").fee == Decimal("183.33")
