"""Limitation clock (诉讼时效) for a card debt.

* 民法典 Art. 188: three years from the day the creditor knew or should have known of the
  injury and the obligor; no protection more than twenty years after the injury.
* Art. 189: for a debt payable in instalments, from the due date of the last instalment.
* Art. 195: interrupted by a demand, the obligor's agreement, a lawsuit/arbitration or
  equivalent; the period restarts from the interruption (or from the end of the procedure).
* 银行卡规定 Art. 3: for card debts an account deduction, an SMS, letter or e-mail sent to the
  reserved phone number, address or mailbox, or a police report of suspected malicious
  overdraft interrupts the period.
* Arts. 200–203 (computation of periods): the first day is not counted; a year or month
  period ends on the corresponding day of the final month, or on the month's last day when
  that month has no such day (29 Feb → 28 Feb); a last day falling on a statutory rest day
  moves to the day after the rest days end.
* 时效规定 Art. 13: a police report interrupts from the day it is made; the period restarts
  when the creditor learns the case was not opened, dropped or not prosecuted, or when the
  criminal judgment takes effect.

Only a procedure has an end: a lawsuit or a payment order (required, Art. 195 "有关程序终结
时起") and a police report (optional, Art. 13). A demand, an SMS, a letter, an e-mail, a
deduction or the debtor's agreement interrupts on its day and the period restarts that day;
such an event never carries an end date (:class:`InterruptEvent` refuses one).

Arts. 201–203 were read in the project's primary law-text mirror (LawRefBook/Laws@2f4c5c2,
``民法典/总则.md``), which agrees with secondary copies: status verified-primary, a mirror and
not the gazette. This module does not ship a holiday calendar (the State Council's rest-day
schedule changes every year): pass the rest days yourself, or keep to the nominal date,
which is never later.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import MAXYEAR, date, timedelta
from enum import StrEnum
from typing import Any

from casebook.sources import Citation, source

LIMITATION_YEARS = 3
LONG_STOP_YEARS = 20

ART_188 = source("REF-CIVIL-188")
ART_189 = source("REF-CIVIL-189")
ART_192 = source("REF-CIVIL-192")
ART_193 = source("REF-CIVIL-193")
ART_195 = source("REF-CIVIL-195")
ART_201 = source("REF-CIVIL-201")
ART_202 = source("REF-CIVIL-202")
ART_203 = source("REF-CIVIL-203")
CORRESPONDING_DAY_READING = source("REF-CIVIL-201-202-READING")
CARD_ART_3 = source("REF-BANKCARD-3")
TIME_BAR_ART_8 = source("REF-SPC-LIMITATION-8")
TIME_BAR_ART_11 = source("REF-SPC-LIMITATION-11")
TIME_BAR_ART_13 = source("REF-SPC-LIMITATION-13")


class InterruptKind(StrEnum):
    """Events that interrupt the limitation period of a card debt."""

    DEMAND = "demand"
    SMS = "sms"
    LETTER = "letter"
    EMAIL = "email"
    DEDUCTION = "deduction"
    POLICE_REPORT = "police_report"
    DEBTOR_AGREES = "debtor_agrees"
    LAWSUIT = "lawsuit"
    PAYMENT_ORDER = "payment_order"


INTERRUPT_LABELS: dict[InterruptKind, str] = {
    InterruptKind.DEMAND: "权利人提出履行请求",
    InterruptKind.SMS: "向预留手机号码发送催收短信",
    InterruptKind.LETTER: "向预留通讯地址寄送催收信件",
    InterruptKind.EMAIL: "向预留电子邮箱发送催收邮件",
    InterruptKind.DEDUCTION: "按约定从持卡人账户扣划透支款本息",
    InterruptKind.POLICE_REPORT: "以涉嫌恶意透支为由向公安机关报案",
    InterruptKind.DEBTOR_AGREES: "持卡人同意履行（承诺还款、部分还款等）",
    InterruptKind.LAWSUIT: "提起诉讼",
    InterruptKind.PAYMENT_ORDER: "申请支付令",
}

INTERRUPT_BASIS: dict[InterruptKind, tuple[Citation, ...]] = {
    InterruptKind.DEMAND: (ART_195,),
    InterruptKind.SMS: (CARD_ART_3, TIME_BAR_ART_8),
    InterruptKind.LETTER: (CARD_ART_3, TIME_BAR_ART_8),
    InterruptKind.EMAIL: (CARD_ART_3, TIME_BAR_ART_8),
    InterruptKind.DEDUCTION: (CARD_ART_3,),
    InterruptKind.POLICE_REPORT: (CARD_ART_3, TIME_BAR_ART_13),
    InterruptKind.DEBTOR_AGREES: (ART_195,),
    InterruptKind.LAWSUIT: (ART_195,),
    InterruptKind.PAYMENT_ORDER: (ART_195, TIME_BAR_ART_11),
}

#: What to keep as evidence of each event (so that the interruption can be proved).
INTERRUPT_EVIDENCE: dict[InterruptKind, str] = {
    InterruptKind.DEMAND: "催收录音或书面记录，显示向本人主张了还款",
    InterruptKind.SMS: "短信发送及到达记录；号码须为持卡人预留号码",
    InterruptKind.LETTER: "信函底稿、邮寄凭证和妥投/签收记录；地址须为预留通讯地址",
    InterruptKind.EMAIL: "邮件发送及到达记录；邮箱须为预留电子邮箱",
    InterruptKind.DEDUCTION: "账户扣划流水及合同中的扣划约定",
    InterruptKind.POLICE_REPORT: "报案回执",
    InterruptKind.DEBTOR_AGREES: "还款承诺录音、书面承诺或还款流水",
    InterruptKind.LAWSUIT: "起诉状、法院收件或立案凭证，以及程序终结的文书",
    InterruptKind.PAYMENT_ORDER: "支付令申请书、法院收件凭证，以及督促程序终结的文书",
}

#: Procedures that restart the period only when they end: the end date is required.
_PROCEDURES = frozenset({InterruptKind.LAWSUIT, InterruptKind.PAYMENT_ORDER})
#: Events that may carry an end date: the procedures, and a police report (时效规定 Art. 13).
ENDING_KINDS = _PROCEDURES | {InterruptKind.POLICE_REPORT}
#: The latest day from which the twenty-year long-stop can still be computed.
LATEST_START = date(MAXYEAR - LONG_STOP_YEARS, 12, 31)


class LimitationDateError(ValueError):
    """A date the clock cannot compute with (the result would pass 9999-12-31).

    ``field`` names the input at fault (``start`` or ``interrupt``).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def add_months(start: date, months: int) -> date:
    """Art. 202: the corresponding day ``months`` later, or that month's last day if it has none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """Art. 202 for years: 2020-02-29 plus one year ends on 2021-02-28."""
    return add_months(start, 12 * years)


def shift_past_rest_days(last_day: date, rest_days: Iterable[date]) -> date:
    """Art. 203: a last day that is a statutory rest day moves to the day after the rest ends."""
    rest = set(rest_days)
    day = last_day
    while day in rest:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class InterruptEvent:
    """An event on ``on``; for a lawsuit or payment order, ``ended`` is when the procedure ended."""

    on: date
    kind: InterruptKind = InterruptKind.DEMAND
    ended: date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        kind = InterruptKind(self.kind)
        object.__setattr__(self, "kind", kind)
        label = f"{self.on} 的中断事件（{kind.value}：{INTERRUPT_LABELS[kind]}）"
        if kind in _PROCEDURES and self.ended is None:
            raise ValueError(
                f"{label}：诉讼、支付令等程序从程序终结时起重新计算时效（《民法典》第一百九十五条），"
                "请给出程序终结的日期（ENDED）"
            )
        if self.ended is not None and kind not in ENDING_KINDS:
            allowed = "、".join(f"{k.value}（{INTERRUPT_LABELS[k]}）" for k in sorted(ENDING_KINDS))
            raise ValueError(
                f"{label}：这类事件在发生之日中断时效，并自该日起重新计算，没有「程序终结」之日，"
                f"不能带结束日期 {self.ended}；只有 {allowed} 可以带结束日期"
            )
        if self.ended is not None and self.ended < self.on:
            raise ValueError(f"{label}：结束日期 {self.ended} 早于事件日期")

    @property
    def restart_from(self) -> date:
        """The date from which the period runs again."""
        return self.ended if self.ended is not None else self.on


def _shift(last_day: date, rest: Iterable[date], field: str) -> date:
    try:
        return shift_past_rest_days(last_day, rest)
    except OverflowError:
        raise LimitationDateError(
            field, f"期间最后一日 {last_day} 顺延休假日后超出 9999-12-31，无法计算"
        ) from None


@dataclass(frozen=True)
class EventEffect:
    """What one event did to the clock."""

    event: InterruptEvent
    effect: str
    explanation: str
    expires_after: date

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        data: dict[str, Any] = {
            "date": self.event.on.isoformat(),
            "kind": self.event.kind.value,
            "label": INTERRUPT_LABELS[self.event.kind],
            "effect": self.effect,
            "explanation": self.explanation,
            "expires_after": self.expires_after.isoformat(),
            "evidence": INTERRUPT_EVIDENCE[self.event.kind],
        }
        if self.event.ended is not None:
            data["ended"] = self.event.ended.isoformat()
        return data


@dataclass(frozen=True)
class LimitationResult:
    """The limitation clock: when it started, what interrupted it, when it expires."""

    start: date
    restarted_from: date
    nominal_expires: date
    expires: date
    long_stop: date
    events: list[EventEffect] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    basis: list[Citation] = field(default_factory=list)

    def expired_on(self, day: date) -> bool:
        """True when ``day`` is after the last day of the period."""
        return day > self.expires

    def to_json(self) -> dict[str, Any]:
        """The ``casebook limitation --json`` contract (``expires`` first)."""
        return {
            "expires": self.expires.isoformat(),
            "start": self.start.isoformat(),
            "restarted_from": self.restarted_from.isoformat(),
            "nominal_expires": self.nominal_expires.isoformat(),
            "long_stop": self.long_stop.isoformat(),
            "events": [e.to_json() for e in self.events],
            "notes": list(self.notes),
            "basis": [b.labelled() for b in self.basis],
        }


def limitation_clock(
    start: date,
    events: Sequence[InterruptEvent | date] = (),
    rest_days: Iterable[date] = (),
    years: int = LIMITATION_YEARS,
) -> LimitationResult:
    """The last day of the limitation period that starts on ``start``.

    ``start`` is the day the period begins to run: for a card debt, the due date that was
    missed (Art. 188), or for an instalment agreement the last instalment's due date
    (Art. 189). That day itself is not counted (Art. 201). Each event inside the running
    period restarts it (Art. 195 and 银行卡规定 Art. 3); an event after expiry does not.
    ``rest_days`` are the statutory rest days to apply Art. 203 to (none by default).
    """
    rest = sorted(set(rest_days))
    parsed = sorted(
        (e if isinstance(e, InterruptEvent) else InterruptEvent(e) for e in events),
        key=lambda e: (e.on, e.restart_from),
    )
    if start > LATEST_START:
        raise LimitationDateError(
            "start",
            f"起算日 {start} 太晚：二十年最长保护期会超出 9999-12-31，无法计算（起算日最晚 {LATEST_START}）",
        )
    long_stop = add_years(start, LONG_STOP_YEARS)
    restarted_from = start
    nominal = add_years(start, years)
    current = _shift(nominal, rest, "start")
    effects: list[EventEffect] = []
    notes: list[str] = []
    for event in parsed:
        if event.on < start:
            effects.append(
                EventEffect(event, "ignored", "发生在时效起算之前，不产生中断效力。", current)
            )
            continue
        if event.on > current:
            text = f"发生时诉讼时效已于 {current.isoformat()} 届满，不能再中断。"
            if event.kind is InterruptKind.DEBTOR_AGREES:
                text += (
                    "但义务人在届满后同意履行的，不得再以时效届满为由抗辩（第一百九十二条第二款）。"
                )
            effects.append(EventEffect(event, "after_expiry", text, current))
            continue
        restarted_from = max(restarted_from, event.restart_from)
        if restarted_from.year > MAXYEAR - years:
            raise LimitationDateError(
                "interrupt",
                f"{event.on} 的中断事件：自 {restarted_from} 重新计算的期间会超出 9999-12-31，无法计算",
            )
        nominal = add_years(restarted_from, years)
        current = _shift(nominal, rest, "interrupt")
        if event.ended is None:
            start_text = "自该日起"
        elif event.kind is InterruptKind.POLICE_REPORT:
            start_text = (
                f"{event.ended.isoformat()} 知道不立案、撤销案件或不起诉（或刑事裁判生效），"
                "自该日起"
            )
        else:
            start_text = f"程序于 {event.ended.isoformat()} 终结，自该日起"
        effects.append(
            EventEffect(
                event,
                "interrupted",
                f"诉讼时效中断，{start_text}重新计算三年，至 {current.isoformat()} 届满。",
                current,
            )
        )
    expires = current
    if expires > long_stop:
        notes.append(
            f"自权利受到损害之日起已超过二十年（{long_stop.isoformat()}），人民法院不予保护，"
            "除非法院依申请决定延长（第一百八十八条第二款）。"
        )
        expires = long_stop
    if nominal != current:
        notes.append(
            f"名义届满日 {nominal.isoformat()} 为法定休假日，依第二百零三条顺延至 {current.isoformat()}。"
        )
    elif nominal.weekday() >= 5:
        notes.append(
            f"名义届满日 {nominal.isoformat()} 是周{'六日'[nominal.weekday() - 5]}。"
            "如属法定休假日，依第二百零三条顺延至休假日结束的次日；本工具不内置放假安排，"
            "请另行提供休假日（命令行 --rest-day）。稳妥做法是在名义届满日之前起诉或再次催收。"
        )
    notes.append("诉讼时效届满只是义务人的抗辩，人民法院不得主动适用（第一百九十三条）。")
    basis = [ART_188, ART_201, ART_202, CORRESPONDING_DAY_READING]
    if any(e.effect == "interrupted" for e in effects):
        basis.append(ART_195)
        if any(
            e.effect == "interrupted" and CARD_ART_3 in INTERRUPT_BASIS[e.event.kind]
            for e in effects
        ):
            basis.append(CARD_ART_3)
        if any(
            e.effect == "interrupted"
            and e.event.kind is InterruptKind.POLICE_REPORT
            and e.event.ended is not None
            for e in effects
        ):
            basis.append(TIME_BAR_ART_13)
    if rest:
        basis.append(ART_203)
    basis.append(ART_193)
    return LimitationResult(
        start=start,
        restarted_from=restarted_from,
        nominal_expires=nominal,
        expires=expires,
        long_stop=long_stop,
        events=effects,
        notes=notes,
        basis=basis,
    )
