"""Money helpers: Decimal amounts, parsed strictly and rounded half-up to cents once, at the end."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

from casebook.money_text import yuan

__all__ = ["MAX_AMOUNT", "AmountError", "as_number", "cents", "parse_amount", "yuan"]

CENT = Decimal("0.01")
#: The largest amount the toolkit accepts (one quadrillion yuan). Far above any card claim,
#: it keeps every fee and claim computation well inside Decimal's 28-digit precision.
MAX_AMOUNT = Decimal(10) ** 15
_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$")
_PRECISION = 60


class AmountError(ValueError):
    """An amount that is not a non-negative number of yuan with at most two decimals."""


def cents(value: Decimal | Fraction | int | str) -> Decimal:
    """Round to cents, half-up (0.005 → 0.01), the usual rule for yuan amounts.

    A :class:`~fractions.Fraction` (e.g. one third of a fee) is rounded exactly, so a
    computation can stay exact to the end and round once.
    """
    if isinstance(value, Fraction):
        hundredths = value * 100
        whole, rest = divmod(abs(hundredths.numerator), hundredths.denominator)
        if 2 * rest >= hundredths.denominator:
            whole += 1
        sign = -1 if hundredths < 0 else 1
        return (Decimal(sign * whole) / 100).quantize(CENT)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(
    text: str | int | float | Decimal, what: str = "金额", *, positive: bool = False
) -> Decimal:
    """Parse a yuan amount such as ``50000``, ``50,000.00`` or ``¥1,234.5``.

    Negative amounts, more than two decimals, amounts above :data:`MAX_AMOUNT` and anything
    that is not a number raise :class:`AmountError` with a Chinese message naming ``what``.
    With ``positive`` a zero amount is refused too (a claim or a preserved amount of ¥0).
    """
    if isinstance(text, bool):
        raise AmountError(f"{what}：{text!r} 不是金额")
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = text.strip().removeprefix("¥").removeprefix("￥").strip()
        if raw.startswith("-"):
            raise AmountError(f"{what}：{text!r} 是负数，金额不能小于 0")
        if not _AMOUNT.match(raw):
            raise AmountError(
                f"{what}：{text!r} 不是以元为单位的金额（只能写数字，可用千分位逗号，"
                "最多两位小数，例如 50000 或 50,000.00）"
            )
        try:
            value = Decimal(raw.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex already rules this out
            raise AmountError(f"{what}：{text!r} 不是数字") from None
    if not value.is_finite():
        raise AmountError(f"{what}：{text!r} 不是有限的数字")
    if value < 0:
        raise AmountError(f"{what}：{text!r} 是负数，金额不能小于 0")
    if value > MAX_AMOUNT:
        raise AmountError(f"{what}：{text!r} 超过本工具能处理的最大金额 {MAX_AMOUNT:,f} 元")
    if value != cents(value):
        raise AmountError(f"{what}：{text!r} 超过两位小数（金额只能精确到分）")
    if positive and value == 0:
        raise AmountError(f"{what}：金额为 0，请填写大于 0 的金额")
    return cents(value)


def as_number(value: Decimal) -> float | int:
    """A JSON-friendly number: an int for whole yuan, else a float with at most two decimals."""
    value = cents(value)
    return int(value) if value == value.to_integral_value() else float(value)
