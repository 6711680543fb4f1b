"""Court fees under 《诉讼费用交纳办法》 (State Council Order No. 481), Arts. 13–16.

* Art. 13(一): the acceptance fee (案件受理费) of a property case, cumulative brackets.
* Art. 14(一): the enforcement application fee (申请执行费), paid after enforcement (Art. 20).
* Art. 14(二): the preservation fee (申请保全措施费), at most ¥5,000.
* Art. 14(三): a payment order (支付令) pays one third of the property-case fee.
* Art. 15: cases ended by mediation or withdrawn pay half; Art. 16: simplified procedure pays half.

Every step is computed exactly (:class:`~decimal.Decimal` for the brackets, a
:class:`~fractions.Fraction` for one half or one third) and the fee is rounded half-up to
cents once, at the end: ¥10,001 under the simplified procedure is (50 + 1 × 2.5%) / 2 =
25.0125 → ¥25.01, not half of a fee already rounded to ¥50.03. The per-bracket amounts in a
breakdown are shown rounded to cents; the fee is not their rounded sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from casebook.judicial.money import as_number, cents, parse_amount
from casebook.sources import Citation, source

ART_13 = source("REF-FEES-13")
ART_14_1 = source("REF-FEES-14-1")
ART_14_2 = source("REF-FEES-14-2")
ART_14_3 = source("REF-FEES-14-3")
ART_15 = source("REF-FEES-15")
ART_16 = source("REF-FEES-16")
NO_DOUBLE_HALVING = source("REF-FEES-15-16-ONCE")


class Procedure(StrEnum):
    """The procedures the fee calculator knows (the ``--procedure`` values)."""

    ORDINARY = "ordinary"
    SIMPLIFIED = "simplified"
    PAYMENT_ORDER = "payment-order"


PROCEDURE_LABELS: dict[Procedure, str] = {
    Procedure.ORDINARY: "普通程序",
    Procedure.SIMPLIFIED: "简易程序",
    Procedure.PAYMENT_ORDER: "督促程序（支付令）",
}


@dataclass(frozen=True)
class Bracket:
    """The part of the amount above ``lower`` and up to ``upper`` (``None``: no upper bound)."""

    lower: Decimal
    upper: Decimal | None
    rate: Decimal

    def portion(self, amount: Decimal) -> Decimal:
        """How much of ``amount`` falls in this bracket."""
        top = amount if self.upper is None else min(amount, self.upper)
        return max(Decimal(0), top - self.lower)

    def label(self) -> str:
        """``超过1万元至10万元的部分`` style label."""
        low = _wan(self.lower)
        if self.upper is None:
            return f"超过{low}的部分"
        return f"超过{low}至{_wan(self.upper)}的部分"


def _plain(value: Fraction) -> str:
    """An exact fee with a finite decimal expansion (the Art. 13 total), e.g. ``50.025``."""
    return f"{(Decimal(value.numerator) / value.denominator).normalize():f}"


def _wan(value: Decimal) -> str:
    return f"{value / 10_000:g}万元" if value >= 10_000 else f"{value:g}元"


def _brackets(*rows: tuple[int, int | None, str]) -> tuple[Bracket, ...]:
    return tuple(
        Bracket(Decimal(lo), None if hi is None else Decimal(hi), Decimal(rate))
        for lo, hi, rate in rows
    )


#: Art. 13(一) items 2–10 (item 1: ¥50 flat for the first ¥10,000).
ACCEPTANCE_BASE = Decimal(50)
ACCEPTANCE_BRACKETS = _brackets(
    (10_000, 100_000, "0.025"),
    (100_000, 200_000, "0.02"),
    (200_000, 500_000, "0.015"),
    (500_000, 1_000_000, "0.01"),
    (1_000_000, 2_000_000, "0.009"),
    (2_000_000, 5_000_000, "0.008"),
    (5_000_000, 10_000_000, "0.007"),
    (10_000_000, 20_000_000, "0.006"),
    (20_000_000, None, "0.005"),
)
#: Art. 14(二): ¥30 up to ¥1,000, then 1% and 0.5%; capped at ¥5,000.
PRESERVATION_BASE = Decimal(30)
PRESERVATION_BRACKETS = _brackets((1_000, 100_000, "0.01"), (100_000, None, "0.005"))
PRESERVATION_CAP = Decimal(5_000)
#: Art. 14(一): ¥50 up to ¥10,000, then 1.5%, 1%, 0.5%, 0.1%.
ENFORCEMENT_BASE = Decimal(50)
ENFORCEMENT_BRACKETS = _brackets(
    (10_000, 500_000, "0.015"),
    (500_000, 5_000_000, "0.01"),
    (5_000_000, 10_000_000, "0.005"),
    (10_000_000, None, "0.001"),
)


@dataclass(frozen=True)
class FeeLine:
    """One step of a fee computation."""

    label: str
    amount: Decimal
    basis: Citation
    portion: Decimal | None = None
    rate: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict (numbers in yuan, rates as percent strings)."""
        data: dict[str, Any] = {"label": self.label, "amount": as_number(self.amount)}
        if self.portion is not None:
            data["portion"] = as_number(self.portion)
        if self.rate is not None:
            data["rate"] = f"{(self.rate * 100).normalize():f}%"
        data["basis"] = self.basis.labelled()
        return data


@dataclass(frozen=True)
class FeeResult:
    """A computed fee with the steps that produced it.

    ``fee`` is rounded to cents; ``exact`` is the unrounded value it was rounded from.
    """

    amount: Decimal
    procedure: str
    fee: Decimal
    breakdown: list[FeeLine] = field(default_factory=list)
    exact: Fraction | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The ``casebook fees --json`` contract: ``{"amount", "procedure", "fee", "breakdown"}``."""
        return {
            "amount": as_number(self.amount),
            "procedure": self.procedure,
            "fee": as_number(self.fee),
            "breakdown": [line.to_json() for line in self.breakdown],
        }


def _cumulative(
    amount: Decimal, base: Decimal, base_label: str, brackets: tuple[Bracket, ...], basis: Citation
) -> tuple[Decimal, list[FeeLine]]:
    lines = [FeeLine(base_label, base, basis)]
    total = base
    for bracket in brackets:
        portion = bracket.portion(amount)
        if portion <= 0:
            break
        part = portion * bracket.rate
        total += part
        lines.append(FeeLine(bracket.label(), cents(part), basis, portion, bracket.rate))
    return total, lines


def acceptance_fee(amount: Decimal | int | str) -> FeeResult:
    """The full property-case acceptance fee of Art. 13(一) (普通程序, no reduction).

    The claim must be a positive amount: a claim of ¥0 is not a property case.
    """
    amount = parse_amount(amount, "标的额", positive=True)
    total, lines = _cumulative(
        amount, ACCEPTANCE_BASE, "不超过1万元的部分（每件）", ACCEPTANCE_BRACKETS, ART_13
    )
    return FeeResult(amount, Procedure.ORDINARY.value, cents(total), lines, Fraction(total))


def court_fee(
    amount: Decimal | int | str,
    procedure: Procedure | str = Procedure.ORDINARY,
    ended_by_mediation_or_withdrawal: bool = False,
) -> FeeResult:
    """The acceptance fee for ``procedure`` (Arts. 13–16).

    * ``payment-order``: one third of the Art. 13 fee (Art. 14(三)); mediation does not apply.
    * ``simplified``: half (Art. 16).
    * ``ended_by_mediation_or_withdrawal``: half (Art. 15); combined with ``simplified`` it is
      halved once only (the text is silent on stacking; labelled unverified).
    """
    try:
        procedure = Procedure(procedure)
    except ValueError:
        choices = ", ".join(p.value for p in Procedure)
        raise ValueError(
            f"procedure: unknown procedure {procedure!r}; choose one of {choices}"
        ) from None
    full = acceptance_fee(amount)
    lines = list(full.breakdown)
    assert full.exact is not None
    exact = full.exact
    label = "按第十三条计算的全额受理费"
    reduced = procedure is not Procedure.ORDINARY or ended_by_mediation_or_withdrawal
    if reduced and full.exact != Fraction(full.fee):
        label += f"（精确值 {_plain(full.exact)} 元，减半或取 1/3 后才四舍五入到分）"
    lines.append(FeeLine(label, full.fee, ART_13))
    if procedure is Procedure.PAYMENT_ORDER:
        if ended_by_mediation_or_withdrawal:
            raise ValueError(
                "ended_by_mediation_or_withdrawal: a payment order is not mediated or withdrawn "
                "as a lawsuit is; compute the lawsuit fee instead"
            )
        exact = full.exact / 3
        lines.append(FeeLine("申请支付令：按财产案件受理费标准的1/3交纳", cents(exact), ART_14_3))
    elif procedure is Procedure.SIMPLIFIED or ended_by_mediation_or_withdrawal:
        exact = full.exact / 2
        if procedure is Procedure.SIMPLIFIED:
            lines.append(FeeLine("适用简易程序：减半交纳", cents(exact), ART_16))
            if ended_by_mediation_or_withdrawal:
                lines.append(
                    FeeLine("又以调解结案或撤诉：不再重复减半", cents(exact), NO_DOUBLE_HALVING)
                )
        else:
            lines.append(FeeLine("以调解方式结案或申请撤诉：减半交纳", cents(exact), ART_15))
    return FeeResult(full.amount, procedure.value, cents(exact), lines, exact)


def preservation_fee(amount: Decimal | int | str) -> FeeResult:
    """The preservation fee of Art. 14(二) on the amount actually preserved, capped at ¥5,000."""
    amount = parse_amount(amount, "保全金额", positive=True)
    total, lines = _cumulative(
        amount, PRESERVATION_BASE, "不超过1000元的部分（每件）", PRESERVATION_BRACKETS, ART_14_2
    )
    fee = cents(total)
    if fee > PRESERVATION_CAP:
        lines.append(FeeLine("最多不超过5000元", PRESERVATION_CAP, ART_14_2))
        fee = PRESERVATION_CAP
    return FeeResult(amount, "preservation", fee, lines)


def enforcement_fee(amount: Decimal | int | str) -> FeeResult:
    """The enforcement application fee of Art. 14(一) (paid after enforcement, Art. 20)."""
    amount = parse_amount(amount, "执行金额", positive=True)
    total, lines = _cumulative(
        amount, ENFORCEMENT_BASE, "不超过1万元的部分（每件）", ENFORCEMENT_BRACKETS, ART_14_1
    )
    return FeeResult(amount, "enforcement", cents(total), lines)
