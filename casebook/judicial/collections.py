"""有效催收 and the elements of 恶意透支 (2018 SPC/SPP interpretation, new Arts. 6–10).

What this module does: from a collection log it says which collections qualify as 有效催收
(Art. 7) and why, whether two of them are at least 30 days apart, whether more than three
months have passed since, which amount band the unpaid PRINCIPAL falls in (Arts. 8–9) and
what evidence each element needs.

What it never does: decide 以非法占有为目的. Art. 6 forbids inferring that intent from
non-payment alone; the presumptive circumstances the user flags are listed for a court or
prosecutor to weigh, never turned into a conclusion. The output therefore never says that
a cardholder committed 恶意透支; it only says whether the objective elements are present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from casebook.judicial.limitation import add_months
from casebook.judicial.money import MAX_AMOUNT, as_number, cents, yuan
from casebook.sources import Citation, source

MIN_GAP_DAYS = 30
MONTHS_UNPAID = 3
#: The latest ``as_of`` whose three-month deadline still falls inside the calendar.
LATEST_AS_OF = date(9999, 9, 30)

ART_6 = source("REF-INTERP-6")
ART_6_INTENT = source("REF-INTERP-6-INTENT")
ART_7 = source("REF-INTERP-7")
ART_7_EVIDENCE = source("REF-INTERP-7-EVIDENCE")
ART_8 = source("REF-INTERP-8")
ART_9 = source("REF-INTERP-9")
ART_10 = source("REF-INTERP-10")
THREE_MONTHS_READING = source("REF-INTERP-6-THREE-MONTHS")


class CollectionChannel(StrEnum):
    """How the bank collected."""

    PHONE = "phone"
    SMS = "sms"
    LETTER = "letter"
    EMAIL = "email"
    VISIT = "visit"


CHANNEL_TEXT = {
    CollectionChannel.PHONE: "电话",
    CollectionChannel.SMS: "短信",
    CollectionChannel.LETTER: "信函",
    CollectionChannel.EMAIL: "电子邮件",
    CollectionChannel.VISIT: "上门",
}


class Evidence(StrEnum):
    """Original collection evidence named in Art. 7 para. 2."""

    RECORDING = "recording"
    MESSAGE_DELIVERY = "message_delivery"
    LETTER_RECEIPT = "letter_receipt"
    EMAIL_DELIVERY = "email_delivery"
    SIGNATURE = "signature"
    OTHER = "other"


EVIDENCE_TEXT = {
    Evidence.RECORDING: "电话录音",
    Evidence.MESSAGE_DELIVERY: "信息送达记录",
    Evidence.LETTER_RECEIPT: "信函送达回执",
    Evidence.EMAIL_DELIVERY: "电子邮件送达记录",
    Evidence.SIGNATURE: "持卡人或其家属签字",
    Evidence.OTHER: "其他催收原始证据",
}

#: Evidence that can show receipt for each channel.
RECEIPT_EVIDENCE = {
    CollectionChannel.PHONE: {Evidence.RECORDING},
    CollectionChannel.SMS: {Evidence.MESSAGE_DELIVERY},
    CollectionChannel.LETTER: {Evidence.LETTER_RECEIPT, Evidence.SIGNATURE},
    CollectionChannel.EMAIL: {Evidence.EMAIL_DELIVERY},
    CollectionChannel.VISIT: {Evidence.SIGNATURE, Evidence.RECORDING},
}


class IntentCircumstance(StrEnum):
    """Art. 6 para. 2: circumstances from which intent MAY be presumed (rebuttable)."""

    BORROWED_KNOWING_UNABLE = "borrowed_knowing_unable"
    FALSE_CREDIT_DOCUMENTS = "false_credit_documents"
    EVADED_COLLECTION = "evaded_collection"
    HID_OR_MOVED_ASSETS = "hid_or_moved_assets"
    USED_FOR_CRIME = "used_for_crime"
    OTHER_REFUSAL = "other_refusal"


INTENT_TEXT = {
    IntentCircumstance.BORROWED_KNOWING_UNABLE: "明知没有还款能力而大量透支，无法归还的",
    IntentCircumstance.FALSE_CREDIT_DOCUMENTS: "使用虚假资信证明申领信用卡后透支，无法归还的",
    IntentCircumstance.EVADED_COLLECTION: "透支后通过逃匿、改变联系方式等手段，逃避银行催收的",
    IntentCircumstance.HID_OR_MOVED_ASSETS: "抽逃、转移资金，隐匿财产，逃避还款的",
    IntentCircumstance.USED_FOR_CRIME: "使用透支的资金进行犯罪活动的",
    IntentCircumstance.OTHER_REFUSAL: "其他非法占有资金，拒不归还的情形",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CollectionRecord(_Strict):
    """One collection in the log."""

    date: date
    channel: CollectionChannel
    to_cardholder: bool = Field(
        default=True,
        description="Addressed to the cardholder (in person, or the reserved phone, address or e-mail)",
    )
    receipt_confirmed: bool = Field(
        default=False, description="The method and records can confirm the cardholder received it"
    )
    compliant: bool = Field(default=True, description="Meets the collection rules and the contract")
    evidence: list[Evidence] = Field(default_factory=list)
    signed_and_sealed: bool = Field(
        default=False,
        description="The evidence bears a bank employee's signature and the bank seal",
    )
    note: str = ""


class OverdraftFacts(_Strict):
    """The account and the cardholder's conduct, as far as the log needs them."""

    due_date: date = Field(description="The missed due date (the overdraft is past due after it)")
    over_limit_since: date | None = Field(
        default=None, description="The day the overdraft first exceeded the credit limit, if it did"
    )
    unpaid_principal: Decimal = Field(
        ge=0, le=MAX_AMOUNT, description="Unpaid actual overdraft principal (Art. 9)"
    )
    as_of: date
    evading: bool = Field(
        default=False,
        description="The cardholder deliberately evades collection (Art. 7(二) proviso)",
    )
    evasion_evidence: str = ""
    flagged_circumstances: list[IntentCircumstance] = Field(
        default_factory=list,
        description="Art. 6 para. 2 circumstances the user has evidence of (never inferred here)",
    )
    prior_card_fraud_punishments: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _dates_in_order(self) -> OverdraftFacts:
        if self.as_of < self.due_date:
            raise ValueError(
                f"facts.as_of：判断日 {self.as_of} 早于到期还款日 facts.due_date（{self.due_date}）；"
                "判断日应当在到期还款日当天或之后"
            )
        if self.over_limit_since is not None and self.over_limit_since > self.as_of:
            raise ValueError(
                f"facts.over_limit_since：超限日 {self.over_limit_since} 晚于判断日 facts.as_of（{self.as_of}）"
            )
        if self.as_of > LATEST_AS_OF:
            raise ValueError(
                f"facts.as_of：{self.as_of} 太晚，三个月期间会超出 9999-12-31（最晚 {LATEST_AS_OF}）"
            )
        return self


class CollectionLog(_Strict):
    """A collection-log file: the facts and the collections."""

    case_id: str = ""
    facts: OverdraftFacts
    collections: list[CollectionRecord]

    @field_validator("collections")
    @classmethod
    def _not_after_as_of(
        cls, collections: list[CollectionRecord], info: ValidationInfo
    ) -> list[CollectionRecord]:
        facts = info.data.get("facts")
        if facts is None:
            return collections
        late = [
            f"collections[{i}].date（{r.date}）"
            for i, r in enumerate(collections)
            if r.date > facts.as_of
        ]
        if late:
            raise ValueError(
                f"{'、'.join(late)} 晚于判断日 facts.as_of（{facts.as_of}）：截至判断日还没有发生的催收"
                "不能计入；请删去这些记录或把 as_of 改到它们之后"
            )
        return collections


@dataclass(frozen=True)
class ConditionCheck:
    """One Art. 7 condition for one collection."""

    condition: str
    met: bool
    explanation: str


@dataclass
class CollectionVerdict:
    """Whether one collection counts as 有效催收 (conditions 一, 二 and 四 of Art. 7)."""

    index: int
    record: CollectionRecord
    checks: list[ConditionCheck]
    evidence_gaps: list[str]

    @property
    def qualifies(self) -> bool:
        """All per-collection conditions met."""
        return all(c.met for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        return {
            "index": self.index,
            "date": self.record.date.isoformat(),
            "channel": self.record.channel.value,
            "qualifies": self.qualifies,
            "checks": [
                {"condition": c.condition, "met": c.met, "explanation": c.explanation}
                for c in self.checks
            ],
            "evidence_gaps": self.evidence_gaps,
        }


@dataclass
class Element:
    """One element of 恶意透支 and its status: ``met``, ``not_met`` or ``not_assessed``."""

    key: str
    title: str
    status: str
    explanation: str
    evidence_needed: list[str] = field(default_factory=list)
    basis: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "explanation": self.explanation,
            "evidence_needed": self.evidence_needed,
            "basis": [b.labelled() for b in self.basis],
        }


@dataclass
class CollectionsReport:
    """Every collection's verdict and the elements of Arts. 6–10."""

    facts: OverdraftFacts
    verdicts: list[CollectionVerdict]
    pair: tuple[int, int] | None
    gap_days: int | None
    closest_gap: int | None
    three_months_from: date | None
    amount_band: str
    elements: list[Element]
    notes: list[str]

    @property
    def qualifying(self) -> list[CollectionVerdict]:
        """The collections that meet the per-collection conditions."""
        return [v for v in self.verdicts if v.qualifies]

    @property
    def objective_elements_met(self) -> bool:
        """Over-limit/overdue, two effective collections, > 3 months unpaid, band ≥ 较大."""
        return all(e.status == "met" for e in self.elements if e.key != "intent")

    def element(self, key: str) -> Element:
        """The element with this key."""
        return next(e for e in self.elements if e.key == key)

    def to_json(self) -> dict[str, Any]:
        """The ``casebook collections --json`` output."""
        return {
            "as_of": self.facts.as_of.isoformat(),
            "collections": [v.to_json() for v in self.verdicts],
            "effective_pair": None if self.pair is None else list(self.pair),
            "gap_days": self.gap_days,
            "three_months_counted_from": None
            if self.three_months_from is None
            else self.three_months_from.isoformat(),
            "unpaid_principal": as_number(self.facts.unpaid_principal),
            "amount_band": self.amount_band,
            "objective_elements_met": self.objective_elements_met,
            "intent": "not_assessed",
            "elements": [e.to_json() for e in self.elements],
            "notes": self.notes,
        }


def amount_band(unpaid_principal: Decimal) -> str:
    """Art. 8 band of the unpaid PRINCIPAL: 不满五万元 / 数额较大 / 数额巨大 / 数额特别巨大."""
    p = cents(unpaid_principal)
    if p < 50_000:
        return "不满五万元"
    if p < 500_000:
        return "数额较大"
    if p < 5_000_000:
        return "数额巨大"
    return "数额特别巨大"


def malicious_overdraft_amount(principal_overdrawn: Decimal, total_repaid: Decimal) -> Decimal:
    """Art. 9: unpaid actual principal, counting EVERY repayment against principal.

    This differs from the civil claim, where a contract usually applies repayments to fees and
    interest first: for the criminal amount, interest, compound interest, late fees and
    charges are excluded and all repayments reduce the principal.
    """
    return cents(max(Decimal(0), Decimal(principal_overdrawn) - Decimal(total_repaid)))


def _after_default(record: CollectionRecord, facts: OverdraftFacts) -> ConditionCheck:
    past_due = record.date > facts.due_date
    over_limit = facts.over_limit_since is not None and record.date >= facts.over_limit_since
    if past_due or over_limit:
        why = "在透支超过规定期限后进行" if past_due else "在透支超过规定限额后进行"
        return ConditionCheck("（一）透支超限或逾期后进行", True, why + "。")
    return ConditionCheck(
        "（一）透支超限或逾期后进行",
        False,
        f"催收日 {record.date} 不晚于到期还款日 {facts.due_date}，也未超过信用额度：这时只是还款提醒，不是有效催收。",
    )


def _receipt(record: CollectionRecord, facts: OverdraftFacts) -> ConditionCheck:
    title = "（二）能够确认持卡人收悉"
    if not record.to_cardholder:
        return ConditionCheck(title, False, "不是向持卡人本人或其预留的号码、地址、邮箱催收。")
    if record.receipt_confirmed:
        return ConditionCheck(title, True, "催收方式能够确认持卡人收悉。")
    if facts.evading:
        detail = f"（{facts.evasion_evidence}）" if facts.evasion_evidence else ""
        return ConditionCheck(
            title,
            True,
            f"无法确认收悉，但持卡人故意逃避催收{detail}：依第七条第（二）项但书，不要求确认收悉。",
        )
    return ConditionCheck(
        title,
        False,
        "无法确认持卡人收悉（如未接通、退信、无送达记录），且没有证据表明持卡人故意逃避。",
    )


def _compliant(record: CollectionRecord) -> ConditionCheck:
    if record.compliant:
        return ConditionCheck("（四）符合催收规定或约定", True, "催收方式符合有关规定和合同约定。")
    return ConditionCheck(
        "（四）符合催收规定或约定",
        False,
        "这次催收违反了催收规定或约定（如时段、对象、言辞），不能作为有效催收。",
    )


def _evidence_gaps(record: CollectionRecord, facts: OverdraftFacts) -> list[str]:
    gaps = []
    needed = RECEIPT_EVIDENCE[record.channel]
    if record.receipt_confirmed and not needed & set(record.evidence):
        names = "或".join(EVIDENCE_TEXT[e] for e in sorted(needed))
        gaps.append(f"主张已收悉，但缺少{names}。")
    if facts.evading and not record.receipt_confirmed and not facts.evasion_evidence:
        gaps.append("依赖「故意逃避」但书，需要证明持卡人逃匿或改变联系方式的证据。")
    if not record.signed_and_sealed:
        gaps.append("证据材料须有银行工作人员签名和银行公章（第七条第二款）。")
    return gaps


def assess_collections(log: CollectionLog) -> CollectionsReport:
    """Judge each collection and the elements of 恶意透支 on ``log`` (never the intent)."""
    facts = log.facts
    records = sorted(enumerate(log.collections), key=lambda pair: (pair[1].date, pair[0]))
    verdicts = [
        CollectionVerdict(
            index=i,
            record=r,
            checks=[_after_default(r, facts), _receipt(r, facts), _compliant(r)],
            evidence_gaps=_evidence_gaps(r, facts),
        )
        for i, r in records
    ]
    qualifying = [v for v in verdicts if v.qualifies]
    pair = None
    closest: int | None = None
    if qualifying:
        first = qualifying[0]
        for later in qualifying[1:]:
            gap = (later.record.date - first.record.date).days
            if gap >= MIN_GAP_DAYS:
                pair = (first.index, later.index)
                break
            closest = gap if closest is None else max(closest, gap)
    gap_days = None
    three_from = None
    if pair is not None:
        a = next(v for v in verdicts if v.index == pair[0])
        b = next(v for v in verdicts if v.index == pair[1])
        gap_days = (b.record.date - a.record.date).days
        three_from = b.record.date
    band = amount_band(facts.unpaid_principal)
    elements = _elements(facts, qualifying, pair, gap_days, closest, three_from, band)
    notes = [
        "本工具只判断客观要件，不判断「以非法占有为目的」："
        f"{ART_6_INTENT.quote.rstrip('。')}（第六条）。",
        "是否构成犯罪由公安、检察、审判机关依法认定；催收中以「坐牢」相威胁属于错误陈述法律，也可能构成恐吓。",
    ]
    if band != "不满五万元":
        if facts.prior_card_fraud_punishments >= 2:
            notes.append("曾因信用卡诈骗受过两次以上处罚，第十条的不起诉、免予刑事处罚规定不适用。")
        else:
            notes.append(
                "数额较大的，在提起公诉前全部归还的，可以不起诉；在一审判决前全部归还的，可以免予刑事处罚（第十条，「可以」而非「应当」）。"
            )
    return CollectionsReport(
        facts, verdicts, pair, gap_days, closest, three_from, band, elements, notes
    )


def _elements(
    facts: OverdraftFacts,
    qualifying: list[CollectionVerdict],
    pair: tuple[int, int] | None,
    gap_days: int | None,
    closest: int | None,
    three_from: date | None,
    band: str,
) -> list[Element]:
    over = Element(
        "overdraft",
        "超过规定限额或者规定期限透支",
        "met" if facts.as_of > facts.due_date or facts.over_limit_since else "not_met",
        f"到期还款日 {facts.due_date}"
        + (f"，自 {facts.over_limit_since} 起超过信用额度" if facts.over_limit_since else "")
        + "。",
        ["信用卡领用合约、账单及交易明细"],
        [ART_6],
    )
    if pair is not None:
        two = Element(
            "two_collections",
            "两次有效催收，间隔至少三十日",
            "met",
            f"第 {pair[0] + 1} 次与第 {pair[1] + 1} 次催收都有效，间隔 {gap_days} 日（≥ 30 日）。",
        )
    else:
        if len(qualifying) < 2:
            text = f"只有 {len(qualifying)} 次催收满足第七条的条件，至少需要两次。"
        else:
            text = f"有效催收之间最长只间隔 {closest} 日，不足 30 日。"
        two = Element("two_collections", "两次有效催收，间隔至少三十日", "not_met", text)
    two.evidence_needed = [
        "每次催收的原始证据：电话录音、信息送达记录、信函送达回执、电子邮件送达记录、持卡人或其家属签字等",
        "证据材料上银行工作人员的签名和银行公章",
    ]
    if facts.evading:
        two.evidence_needed.append("持卡人逃匿、改变联系方式等故意逃避催收的证据")
    two.basis = [ART_7, ART_7_EVIDENCE]
    if three_from is None:
        three = Element(
            "three_months",
            "经两次有效催收后超过三个月仍不归还",
            "not_met",
            "尚无两次有效催收，三个月无从起算。",
        )
    else:
        deadline = add_months(three_from, MONTHS_UNPAID)
        unpaid = facts.unpaid_principal > 0
        passed = facts.as_of > deadline
        if passed and unpaid:
            status, text = (
                "met",
                f"自第二次有效催收（{three_from}）起三个月至 {deadline} 届满，截至 {facts.as_of} 本金仍未归还。",
            )
        elif not unpaid:
            status, text = "not_met", "本金已全部归还。"
        else:
            first_day = deadline + timedelta(days=1)
            status, text = (
                "not_met",
                f"自第二次有效催收（{three_from}）起三个月至 {deadline} 才届满，{first_day} 起才算「超过三个月」。",
            )
        three = Element("three_months", "经两次有效催收后超过三个月仍不归还", status, text)
    three.evidence_needed = ["第二次有效催收之后的还款流水（证明仍未归还）"]
    three.basis = [ART_6, THREE_MONTHS_READING]
    amount = Element(
        "amount",
        "数额（未归还的实际透支本金）",
        "met" if band != "不满五万元" else "not_met",
        f"刑事立案时尚未归还的本金 {yuan(facts.unpaid_principal)}：{band}"
        + (
            "。利息、复利、滞纳金、手续费不计入。"
            if band != "不满五万元"
            else "，未达五万元的数额较大标准。利息、复利、滞纳金、手续费不计入。"
        ),
        ["按交易明细计算的实际透支本金，以及全部还款流水（还款一律冲抵本金）"],
        [ART_8, ART_9],
    )
    flagged = [INTENT_TEXT[c] for c in facts.flagged_circumstances]
    intent_text = "以非法占有为目的须由司法机关根据证据认定，本工具不作判断；不得单纯依据未按规定还款的事实认定。"
    if flagged:
        intent_text += "用户标注、有待司法机关审查的情形：" + "；".join(flagged) + "。"
    intent = Element(
        "intent",
        "以非法占有为目的",
        "not_assessed",
        intent_text,
        [
            "第六条第二款所列情形的具体证据（如逃匿、改变联系方式、转移财产的证据），且持卡人可以提出相反证据"
        ],
        [ART_6_INTENT],
    )
    return [over, two, three, amount, intent]
