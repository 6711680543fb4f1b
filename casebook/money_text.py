"""How the casebook writes an amount of money: one formatter for pages, messages and feedback."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def yuan(value: float | Decimal) -> str:
    """``¥1,234.50``.

    A :class:`~decimal.Decimal` is an exact amount (a fee, a claim) and is rounded half-up to
    the fen, as courts and banks round; a float (a generated or simulated figure) is rounded
    by Python's formatting of its binary value.
    """
    if isinstance(value, Decimal):
        return f"¥{value.quantize(FEN, rounding=ROUND_HALF_UP):,.2f}"
    return f"¥{value:,.2f}"
