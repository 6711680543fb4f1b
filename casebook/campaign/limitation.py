"""A simple limitation clock (诉讼时效) for the campaign.

Three years (民法典 Art. 188), counted here from the first missed due date and restarted by
each interrupting event (民法典 Art. 195; 银行卡规定 Art. 3): SMS, letter or e-mail delivered to
the cardholder's reserved contact, the cardholder agreeing to pay, and a lawsuit or payment
order. Here a period in years ends on the same calendar day, or on the month's last day when
there is no such day (29 February → 28 February).

This is deliberately simple (no suspension, no 20-year long-stop, no instalment rule, no
day-counting subtleties); the judicial toolkit provides the full calculator.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

LIMITATION_YEARS = 3

#: Interrupting events the campaign records, with their basis.
INTERRUPT_REASONS: dict[str, str] = {
    "sms": "向预留手机号发送短信催收（银行卡规定第三条）",
    "letter": "向预留通讯地址发送书面信件催收（银行卡规定第三条）",
    "email": "向预留电子邮箱发送电子邮件催收（银行卡规定第三条）",
    "promise": "持卡人同意履行义务（民法典第一百九十五条）",
    "litigation": "提起诉讼或申请支付令（民法典第一百九十五条）",
}


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; the month's last day if that day does not exist."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day)


@dataclass
class LimitationClock:
    """Start date plus the interrupting events seen so far."""

    start: date
    interruptions: list[tuple[date, str]] = field(default_factory=list)

    def interrupt(self, on: date, reason: str) -> None:
        """Record an interrupting event (``reason`` is a key of :data:`INTERRUPT_REASONS`)."""
        if reason not in INTERRUPT_REASONS:
            raise ValueError(f"unknown interruption reason {reason!r}")
        self.interruptions.append((on, reason))

    @property
    def restarted_on(self) -> date:
        """The date the current three-year period runs from."""
        return max([self.start, *(d for d, _ in self.interruptions)])

    def expires(self) -> date:
        """The last day of the current period."""
        return add_years(self.restarted_on, LIMITATION_YEARS)
