"""Money helpers: Decimal amounts, parsed strictly and rounded half-up to cents."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$")


class AmountError(ValueError):
    """An amount that is not a non-negative number of yuan with at most two decimals."""


def cents(value: Decimal | int | str) -> Decimal:
    """Round to cents, half-up (0.005 → 0.01), the usual rule for yuan amounts."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str | int | float | Decimal, what: str = "amount") -> Decimal:
    """Parse a yuan amount such as ``50000``, ``50,000.00`` or ``¥1,234.5``.

    Negative amounts, more than two decimals and anything that is not a number raise
    :class:`AmountError` with a message naming ``what``.
    """
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = text.strip().removeprefix("¥").removeprefix("￥").strip()
        if raw.startswith("-"):
            raise AmountError(f"{what}: {text!r} is negative; an amount must be ≥ 0")
        if not _AMOUNT.match(raw):
            raise AmountError(
                f"{what}: {text!r} is not an amount in yuan (digits, optional thousands "
                "commas, at most two decimals, e.g. 50000 or 50,000.00)"
            )
        try:
            value = Decimal(raw.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex already rules this out
            raise AmountError(f"{what}: {text!r} is not a number") from None
    if not value.is_finite():
        raise AmountError(f"{what}: {text!r} is not a finite number")
    if value < 0:
        raise AmountError(f"{what}: {text!r} is negative; an amount must be ≥ 0")
    if value != cents(value):
        raise AmountError(f"{what}: {text!r} has more than two decimals (cents)")
    return cents(value)


def yuan(value: Decimal) -> str:
    """Format as ``¥1,234.50`` for display."""
    return f"¥{cents(value):,.2f}"


def as_number(value: Decimal) -> float | int:
    """A JSON-friendly number: an int for whole yuan, else a float with at most two decimals."""
    value = cents(value)
    return int(value) if value == value.to_integral_value() else float(value)
