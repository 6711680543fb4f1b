"""The campaign's limitation clock (诉讼时效), computed by the judicial toolkit.

The campaign records each interrupting event as it happens (民法典 Art. 195; 银行卡规定
Art. 3): SMS, letter or e-mail delivered to the cardholder's reserved contact, the
cardholder agreeing to pay, and a lawsuit or payment order (treated as ending the same
day, since filing ends the campaign). The expiry date itself comes from
:func:`casebook.judicial.limitation.limitation_clock`, so the campaign and the calculator
can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casebook.judicial.limitation import (
    InterruptEvent,
    InterruptKind,
    add_years,
    limitation_clock,
)

__all__ = ["INTERRUPT_REASONS", "LimitationClock", "add_years"]

#: Interrupting events the campaign records, with their basis.
INTERRUPT_REASONS: dict[str, str] = {
    "sms": "向预留手机号发送短信催收（银行卡规定第三条）",
    "letter": "向预留通讯地址发送书面信件催收（银行卡规定第三条）",
    "email": "向预留电子邮箱发送电子邮件催收（银行卡规定第三条）",
    "promise": "持卡人同意履行义务（民法典第一百九十五条）",
    "litigation": "提起诉讼或申请支付令（民法典第一百九十五条）",
}
_KINDS: dict[str, InterruptKind] = {
    "sms": InterruptKind.SMS,
    "letter": InterruptKind.LETTER,
    "email": InterruptKind.EMAIL,
    "promise": InterruptKind.DEBTOR_AGREES,
    "litigation": InterruptKind.LAWSUIT,
}


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
        events = [
            InterruptEvent(
                on=on,
                kind=_KINDS[reason],
                ended=on if _KINDS[reason] is InterruptKind.LAWSUIT else None,
            )
            for on, reason in self.interruptions
        ]
        return limitation_clock(self.start, events).expires
