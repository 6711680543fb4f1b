"""The claim amount (诉讼请求金额) from a statement history, and what a court may reduce.

A statement history is the list of postings on the card: purchases and cash advances
(principal), booked interest and compound interest, fees, instalment fees, late-payment
penalties (违约金) and repayments. ``compute_claim`` replays it, applies each repayment in
the order the contract sets (the file's ``allocation``: a contract term, not a rule of law;
民法典 Art. 561's order — costs of enforcing the claim, interest, principal — applies only
when the parties agreed nothing; a file without ``allocation`` gets the example contract's
order fees → penalties → interest → principal, with a warning),
accrues contract interest on the unpaid principal from the last booked interest to the
claim date, and lists the four factors of 银行卡规定 Art. 2 a court weighs when the
cardholder asks to reduce interest, compound interest and penalties. The text sets no
numeric cap, so none is applied or suggested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from casebook.judicial.money import MAX_AMOUNT, as_number, cents, yuan
from casebook.sources import Citation, source

CARD_ART_2 = source("REF-BANKCARD-2")
CARD_ART_2_TERMS = source("REF-BANKCARD-2-TERMS")
PBOC_RATE_NOTICE = source("REF-PBOC-2020-327")
ART_561 = source("REF-CIVIL-561")
ALLOCATION_TERM = source("REF-CONTRACT-ALLOCATION")
ACCRUAL_READING = source("REF-CONTRACT-ACCRUAL")


class Posting(StrEnum):
    """Kinds of postings in a statement history."""

    PURCHASE = "purchase"
    CASH = "cash"
    INTEREST = "interest"
    COMPOUND_INTEREST = "compound_interest"
    FEE = "fee"
    INSTALMENT_FEE = "instalment_fee"
    PENALTY = "penalty"
    REPAYMENT = "repayment"


#: Which bucket each posting increases.
BUCKET_OF = {
    Posting.PURCHASE: "principal",
    Posting.CASH: "principal",
    Posting.INTEREST: "interest",
    Posting.COMPOUND_INTEREST: "compound_interest",
    Posting.FEE: "fees",
    Posting.INSTALMENT_FEE: "instalment_fees",
    Posting.PENALTY: "penalties",
}
BUCKET_LABELS = {
    "principal": "透支本金",
    "interest": "透支利息",
    "compound_interest": "复利",
    "fees": "费用（年费、取现手续费等）",
    "instalment_fees": "分期手续费",
    "penalties": "违约金（滞纳金）",
}
#: The charges 银行卡规定 Art. 2 para. 2 lets a cardholder ask a court to reduce.
REDUCIBLE = ("interest", "compound_interest", "instalment_fees", "penalties")
DEFAULT_ALLOCATION = (
    "fees",
    "instalment_fees",
    "penalties",
    "compound_interest",
    "interest",
    "principal",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Strict):
    """One posting."""

    date: date
    kind: Posting
    amount: Decimal = Field(gt=0, le=MAX_AMOUNT)
    note: str = ""


class StatementHistory(_Strict):
    """A card's statement history as a file (``examples/judicial/statements.yaml``)."""

    card_masked: str
    currency: str = "CNY"
    first_missed_due: date
    daily_rate: Decimal = Field(
        ge=0, lt=Decimal("0.01"), description="Contract daily overdraft rate"
    )
    terms_explained: bool = Field(
        default=True,
        description="The bank explained the interest, fee and penalty clauses (Art. 2 para. 1)",
    )
    allocation: list[str] | None = Field(
        default=None,
        description="The contract's order for applying repayments (a contract term); "
        "without it the example contract's order is used, with a warning",
    )
    entries: list[Entry]


@dataclass(frozen=True)
class ClaimLine:
    """One component of the claim."""

    key: str
    label: str
    amount: Decimal
    reducible: bool

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        return {
            "key": self.key,
            "label": self.label,
            "amount": as_number(self.amount),
            "reducible_on_request": self.reducible,
        }


@dataclass
class Claim:
    """The computed claim on ``as_of`` and the Art. 2 factors."""

    as_of: date
    lines: list[ClaimLine]
    accrued_from: date
    accrued_days: int
    annualised_rate: Decimal
    days_overdue: int
    factors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    basis: list[Citation] = field(default_factory=list)

    def amount(self, key: str) -> Decimal:
        """The amount of one line (0 if absent)."""
        return sum((line.amount for line in self.lines if line.key == key), Decimal(0))

    @property
    def total(self) -> Decimal:
        """Everything claimed."""
        return cents(sum((line.amount for line in self.lines), Decimal(0)))

    @property
    def reducible_total(self) -> Decimal:
        """Interest, compound interest, instalment fees and penalties (Art. 2 para. 2)."""
        return cents(sum((line.amount for line in self.lines if line.reducible), Decimal(0)))

    def to_json(self) -> dict[str, Any]:
        """The ``casebook claim --json`` output."""
        return {
            "as_of": self.as_of.isoformat(),
            "total": as_number(self.total),
            "principal": as_number(self.amount("principal")),
            "lines": [line.to_json() for line in self.lines],
            "reducible_total": as_number(self.reducible_total),
            "accrued_from": self.accrued_from.isoformat(),
            "accrued_days": self.accrued_days,
            "annualised_rate_percent": float(cents(self.annualised_rate * 100)),
            "days_overdue": self.days_overdue,
            "court_reduction_factors": [{"factor": f, "facts": t} for f, t in self.factors],
            "numeric_cap": None,
            "warnings": self.warnings,
            "basis": [b.labelled() for b in self.basis],
        }


def compute_claim(
    history: StatementHistory, as_of: date, fault_notes: str = "", loss_notes: str = ""
) -> Claim:
    """Replay ``history`` up to ``as_of`` and return the claim and the Art. 2 factors."""
    if as_of < history.first_missed_due:
        raise ValueError(
            f"as_of：主张日 {as_of} 早于首次逾期的到期还款日 first_missed_due（{history.first_missed_due}）"
        )
    allocation = list(history.allocation or DEFAULT_ALLOCATION)
    if sorted(allocation) != sorted(BUCKET_LABELS):
        raise ValueError(
            f"allocation：必须把 {', '.join(sorted(BUCKET_LABELS))} 各列一次（现为 {allocation}）"
        )
    buckets = {key: Decimal(0) for key in BUCKET_LABELS}
    last_interest = history.first_missed_due
    warnings: list[str] = []
    if history.allocation is None:
        warnings.append(
            "账单记录没有写明合同约定的还款冲抵顺序（allocation），本工具按示例合同的顺序"
            "（费用—分期手续费—违约金—复利—利息—本金）计算；这不是法定顺序，请按实际合同核对。"
            "没有约定的，按《民法典》第五百六十一条依次抵充实现债权的有关费用、利息、主债务。"
        )
    later = [e for e in history.entries if e.date > as_of]
    if later:
        warnings.append(f"{len(later)} 笔记账晚于主张日 {as_of}，未计入。")
    for entry in sorted((e for e in history.entries if e.date <= as_of), key=lambda e: e.date):
        if entry.kind is Posting.REPAYMENT:
            left = entry.amount
            for key in allocation:
                take = min(left, buckets[key])
                buckets[key] -= take
                left -= take
            if left > 0:
                warnings.append(f"{entry.date} 的还款超出当时欠款 {yuan(left)}（溢缴款），未抵充。")
            continue
        buckets[BUCKET_OF[entry.kind]] += entry.amount
        if entry.kind in (Posting.INTEREST, Posting.COMPOUND_INTEREST):
            last_interest = max(last_interest, entry.date)
    days = (as_of - last_interest).days
    accrued = cents(buckets["principal"] * history.daily_rate * days)
    lines = [
        ClaimLine(key, BUCKET_LABELS[key], cents(buckets[key]), key in REDUCIBLE)
        for key in (
            "principal",
            "interest",
            "compound_interest",
            "fees",
            "instalment_fees",
            "penalties",
        )
        if buckets[key] > 0 or key == "principal"
    ]
    if accrued > 0:
        lines.append(
            ClaimLine(
                "accrued_interest",
                f"{last_interest} 至 {as_of} 的透支利息（{days} 日，估算）",
                accrued,
                True,
            )
        )
    annual = history.daily_rate * 365
    days_overdue = (as_of - history.first_missed_due).days
    principal = cents(buckets["principal"])
    claim = Claim(
        as_of=as_of,
        lines=lines,
        accrued_from=last_interest,
        accrued_days=days,
        annualised_rate=annual,
        days_overdue=days_overdue,
        warnings=warnings,
        basis=[CARD_ART_2, PBOC_RATE_NOTICE, ALLOCATION_TERM, ART_561, ACCRUAL_READING],
    )
    charges = claim.reducible_total
    share = f"{(charges / principal * 100).quantize(Decimal('0.1'))}%" if principal else "—"
    claim.factors = [
        (
            "国家有关金融监管规定",
            f"自 2021-01-01 起透支利率由发卡机构与持卡人协商确定，不再有上下限，但须以年化利率披露。"
            f"本案合同日利率 {history.daily_rate.normalize():f}，按 365 日单利折合年化 {cents(annual * 100)}%。",
        ),
        (
            "未还款的数额及期限",
            f"未还本金 {yuan(principal)}；自首次逾期的到期还款日 {history.first_missed_due} 起已 {days_overdue} 日。",
        ),
        (
            "当事人过错程度",
            fault_notes
            or "需结合案情说明（例如持卡人是否失联、银行是否及时催收、是否提示了利息条款）。",
        ),
        (
            "发卡行的实际损失",
            loss_notes or "需由银行举证（如资金成本）；本工具不估算实际损失。",
        ),
    ]
    claim.warnings.append(
        f"利息、复利、分期手续费和违约金合计 {yuan(charges)}（为本金的 {share}）："
        "持卡人以总额过高为由请求减少的，法院综合上述四项因素衡量。规定本身没有数字上限；"
        "「年利率 24%」「4 倍 LPR」等说法是地方实践或民间借贷规则（后者不适用于银行），本工具不采用。"
    )
    if not history.terms_explained:
        claim.basis.append(CARD_ART_2_TERMS)
        claim.warnings.append(
            "银行未就利息、复利、费用、违约金条款向持卡人作出说明：持卡人可主张这些条款对其不发生效力（第二条第一款），"
            "相应金额存在被全部驳回的风险。"
        )
    return claim


def claim_lines_for(claim: Claim, keys: Sequence[str]) -> Decimal:
    """Sum of the claim lines whose key is in ``keys``."""
    return cents(sum((line.amount for line in claim.lines if line.key in keys), Decimal(0)))
