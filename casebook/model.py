"""Domain model: a collection case and the actions taken (or planned) on it.

All times are China time (Asia/Shanghai) as naive ``datetime`` values. A time written with an
offset (``+08:00``, ``Z``) is converted to China time and the offset dropped when the model is
built, so the engine never compares naive and aware times. All people are synthetic; phone
numbers and card numbers are stored masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from casebook.money_text import yuan

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def to_china_time(moment: datetime) -> datetime:
    """``moment`` as naive China time: aware times are converted, naive ones kept as they are."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(CHINA_TZ).replace(tzinfo=None)


#: A datetime normalised to naive China time at the model boundary.
LocalDateTime = Annotated[datetime, AfterValidator(to_china_time)]


class Channel(StrEnum):
    """How a contact is made."""

    PHONE = "phone"
    SMS = "sms"
    LETTER = "letter"
    EMAIL = "email"
    VISIT = "visit"
    LITIGATION = "litigation"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.PHONE: "电话",
    Channel.SMS: "短信",
    Channel.LETTER: "信函",
    Channel.EMAIL: "电子邮件",
    Channel.VISIT: "上门",
    Channel.LITIGATION: "诉讼",
}


class Role(StrEnum):
    """A person's role in the debt."""

    DEBTOR = "debtor"
    GUARANTOR = "guarantor"
    THIRD_PARTY = "third_party"


ROLE_LABELS: dict[Role, str] = {
    Role.DEBTOR: "债务人本人",
    Role.GUARANTOR: "担保人",
    Role.THIRD_PARTY: "第三人",
}


class Purpose(StrEnum):
    """Why a contact is made. Third parties may only be contacted to locate or relay.

    ``verify`` gathers facts from the debtor without demanding payment: repayment capacity and
    willingness before a personalised instalment plan, or the facts of a dispute.
    """

    COLLECT = "collect"
    LOCATE = "locate"
    RELAY = "relay"
    NEGOTIATE = "negotiate"
    VERIFY = "verify"


PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.COLLECT: "催收还款",
    Purpose.LOCATE: "询问债务人联系方式",
    Purpose.RELAY: "请其转告债务人回电",
    Purpose.NEGOTIATE: "协商还款方案",
    Purpose.VERIFY: "核实情况（还款能力、异议）",
}


class Outcome(StrEnum):
    """What happened. ``pending`` marks a planned action whose result is not known yet."""

    PENDING = "pending"
    CONNECTED = "connected"
    NO_ANSWER = "no_answer"
    INVALID_NUMBER = "invalid_number"
    PROMISE_TO_PAY = "promise_to_pay"
    PARTIAL_PAYMENT = "partial_payment"
    REFUSED = "refused"
    COMPLAINT = "complaint"
    DISPUTED = "disputed"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.PENDING: "待定（计划中）",
    Outcome.CONNECTED: "接通",
    Outcome.NO_ANSWER: "未接通",
    Outcome.INVALID_NUMBER: "空号/停机",
    Outcome.PROMISE_TO_PAY: "承诺还款",
    Outcome.PARTIAL_PAYMENT: "部分还款",
    Outcome.REFUSED: "拒绝（要求不再联系）",
    Outcome.COMPLAINT: "投诉",
    Outcome.DISPUTED: "对欠款提出异议",
    Outcome.DELIVERED: "已送达",
    Outcome.UNDELIVERED: "未送达",
}

#: Outcomes of a phone call in which someone actually answered.
CONNECTED_OUTCOMES = frozenset(
    {
        Outcome.CONNECTED,
        Outcome.PROMISE_TO_PAY,
        Outcome.PARTIAL_PAYMENT,
        Outcome.REFUSED,
        Outcome.COMPLAINT,
        Outcome.DISPUTED,
    }
)
#: Outcomes of a phone call that did not reach anybody.
FAILED_CALL_OUTCOMES = frozenset({Outcome.NO_ANSWER, Outcome.INVALID_NUMBER})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    """A person the collector may try to reach, with their relation to the debtor."""

    id: str = Field(description="Stable id used by actions, e.g. 'debtor' or 'sister'")
    name: str
    role: Role
    relation: str = Field(description="Relation to the debtor in Chinese, e.g. 本人、姐姐、同事")
    phone: str | None = Field(default=None, description="Masked phone number, e.g. 138****1234")
    phone_valid: bool = True
    debt_related: bool = Field(
        default=False,
        description="A third party who is strictly identified as related to the debt "
        "(e.g. a spouse where the card paid for shared household spending)",
    )
    pre_agreed_contact: bool = Field(
        default=False, description="The debtor named this person as a contact in the card contract"
    )


class Account(_Strict):
    """The credit-card account in arrears (amounts in yuan)."""

    card_masked: str
    credit_limit: float = Field(ge=0)
    principal: float = Field(ge=0, description="Unpaid principal (本金)")
    interest: float = Field(default=0, ge=0)
    fees: float = Field(default=0, ge=0)
    due_date: date = Field(description="The first missed due date")

    @property
    def balance(self) -> float:
        """Total amount owed."""
        return round(self.principal + self.interest + self.fees, 2)


class InstalmentPlan(_Strict):
    """A personalised instalment agreement (个性化分期还款协议)."""

    term_months: int = Field(gt=0)
    monthly_amount: float = Field(default=0, ge=0)
    items: list[str] = Field(
        default_factory=list, description="Ids of the contents the agreement states"
    )
    signed: bool = False
    oral: bool = False


class RepaymentAssessment(_Strict):
    """What the collector verified about repayment capacity and willingness (Art. 70).

    2011 Measures Art. 70 allows a personalised instalment agreement only once it is confirmed
    that the debt exceeds the cardholder's capacity to repay and that the cardholder is still
    willing to repay. The figures are monthly, in yuan.
    """

    monthly_income: float = Field(ge=0, description="Income per month")
    essential_expenses: float = Field(ge=0, description="Necessary household spending per month")
    available_funds: float = Field(
        default=0, ge=0, description="Money the cardholder can pay at once"
    )
    evidence: list[str] = Field(
        default_factory=list,
        description="Documents seen, e.g. 收入证明、银行流水、失业证明、诊断证明",
    )
    willing_to_repay: bool = Field(description="The cardholder said they will repay")

    @property
    def monthly_surplus(self) -> float:
        """Income left for repayment each month after necessary spending."""
        return max(0.0, round(self.monthly_income - self.essential_expenses, 2))

    def summary(self) -> str:
        """One line for tables and timelines, in Chinese."""
        documents = "、".join(self.evidence) if self.evidence else "无（仅口头陈述）"
        return (
            f"核实：月收入 {yuan(self.monthly_income)}，必要支出 {yuan(self.essential_expenses)}，"
            f"每月可用于还款 {yuan(self.monthly_surplus)}，可一次动用的资金 "
            f"{yuan(self.available_funds)}；材料：{documents}；"
            f"{'有' if self.willing_to_repay else '没有'}还款意愿"
        )

    def exceeds_capacity(self, balance: float) -> bool:
        """The debt cannot be paid off from the money available now (the book's reading)."""
        return balance > self.available_funds


class Action(_Strict):
    """One collection action, taken or planned."""

    time: LocalDateTime
    channel: Channel
    target: str = Field(description="Contact id")
    purpose: Purpose = Purpose.COLLECT
    message: str = ""
    outcome: Outcome = Outcome.PENDING
    recorded: bool = Field(default=True, description="The call or visit was recorded")
    debtor_consented_to_time: bool = Field(
        default=False, description="The debtor agreed to be contacted at this time"
    )
    debtor_agreed_to_attempts: bool = Field(
        default=False,
        description="The debtor agreed to further call attempts beyond the daily cap on "
        "unanswered calls (「与债务人另有约定」), e.g. asked to be called until they can pick up",
    )
    letter_fields: list[str] = Field(
        default_factory=list, description="Ids of the fields the collection letter contains"
    )
    instalment: InstalmentPlan | None = None
    assessment: RepaymentAssessment | None = Field(
        default=None,
        description="Repayment capacity and willingness verified on this contact",
    )
    note: str = ""


class AgreementStatus(_Strict):
    """An instalment agreement already in force when the case is handed over."""

    signed_on: date
    term_months: int = Field(gt=0)
    breached_on: date | None = None


class Dispute(_Strict):
    """An objection the cardholder raised to the collection (2011 Measures Art. 69 para. 2).

    The bank must promptly flag the account and investigate. ``flagged_at`` is when the
    account was annotated; ``resolved_at`` when the investigation was finished and its result
    told to the cardholder.
    """

    raised_at: LocalDateTime
    summary: str = Field(default="", description="What the cardholder disputes (Chinese)")
    flagged_at: LocalDateTime | None = None
    resolved_at: LocalDateTime | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Dispute:
        if self.flagged_at is not None and self.flagged_at < self.raised_at:
            raise ValueError("flagged_at is before raised_at")
        if self.resolved_at is not None:
            if self.flagged_at is None:
                raise ValueError("a dispute is flagged before it is resolved (flagged_at missing)")
            if self.resolved_at < self.flagged_at:
                raise ValueError("resolved_at is before flagged_at")
        return self


class Debtor(_Strict):
    """Synthetic personal details of the cardholder."""

    name: str
    gender: str
    age: int = Field(ge=18, le=100)
    city: str
    occupation: str = ""
    id_masked: str = ""


class Case(_Strict):
    """A collection case as handed to the collector."""

    case_id: str
    title: str = ""
    as_of: LocalDateTime = Field(description="When the collector picks up the case")
    debtor: Debtor
    account: Account
    contacts: list[Contact]
    history: list[Action] = Field(default_factory=list, description="Actions already taken")
    agreement: AgreementStatus | None = None
    disputes: list[Dispute] = Field(
        default_factory=list, description="Objections the cardholder raised before the hand-over"
    )
    background: str = Field(default="", description="Narrative for the trainee (Chinese)")

    @model_validator(mode="after")
    def _contacts_are_consistent(self) -> Case:
        ids = [c.id for c in self.contacts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate contact ids: {duplicates}")
        debtors = [c for c in self.contacts if c.role is Role.DEBTOR]
        if len(debtors) != 1:
            raise ValueError("a case needs exactly one contact with role 'debtor'")
        unknown = sorted({a.target for a in self.history} - set(ids))
        if unknown:
            raise ValueError(f"history names unknown contacts: {unknown}")
        return self

    @property
    def days_past_due(self) -> int:
        """Days past the first missed due date, as of the case date."""
        return max(0, (self.as_of.date() - self.account.due_date).days)

    @property
    def bucket(self) -> str:
        """Delinquency bucket: M0 (current), M1 (1–30 days) … M5 (121–150), M6+ (151 days or more)."""
        return bucket_for(self.days_past_due)

    def contact(self, contact_id: str) -> Contact:
        """Return the contact with this id (KeyError if absent)."""
        for c in self.contacts:
            if c.id == contact_id:
                return c
        raise KeyError(contact_id)

    @property
    def debtor_contact(self) -> Contact:
        """The debtor's own contact entry."""
        return next(c for c in self.contacts if c.role is Role.DEBTOR)


def bucket_for(days_past_due: int) -> str:
    """Map days past due to the usual M-bucket label.

    M6+ means "M6 and beyond" (151 days or more), the same top bucket as the portfolio
    simulator's ``BUCKETS``: one definition everywhere (issue 11).
    """
    if days_past_due <= 0:
        return "M0"
    if days_past_due > 150:
        return "M6+"
    return f"M{(days_past_due - 1) // 30 + 1}"


#: How far from the case date a plan or an action log may reach: one year, the longest a
#: campaign can run. Earlier than the case date's midnight or later than this is refused.
PLAN_HORIZON_DAYS = 365


def plan_window(case: Case, days: int = PLAN_HORIZON_DAYS) -> tuple[datetime, datetime]:
    """``[start, end)`` of the times a plan on ``case`` may use: from 00:00 of the case date,
    ``days`` days long (China time)."""
    start = datetime.combine(case.as_of.date(), time.min)
    return start, start + timedelta(days=days)


def window_problems(
    case: Case,
    actions: Sequence[Action],
    days: int = PLAN_HORIZON_DAYS,
    field: str = "actions",
) -> list[str]:
    """One Chinese message per action outside :func:`plan_window`, naming ``field[i].time``."""
    start, end = plan_window(case, days)
    last = end - timedelta(minutes=1)
    problems = []
    for index, action in enumerate(actions):
        if not start <= action.time < end:
            problems.append(
                f"field '{field}[{index}].time': 行动时间 {action.time:%Y-%m-%d %H:%M} 不在计划窗口内"
                f"（案件日期 {start:%Y-%m-%d} 起 {days} 天，即 {start:%Y-%m-%d %H:%M} 至 "
                f"{last:%Y-%m-%d %H:%M}）"
            )
    return problems


class ActionLog(_Strict):
    """A file of actions, as written by a simulator or a trainee."""

    case_id: str | None = None
    actions: list[Action]
