"""How the casebook writes an amount of money: one formatter for pages, messages and feedback."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def yuan(value: float | Decimal, places: int = 2) -> str:
    """``¥1,234.50`` (``places=0``: ``¥1,235``, for whole-yuan figures such as simulated totals).

    A :class:`~decimal.Decimal` is an exact amount (a fee, a claim, a number as the trainee
    typed it) and is rounded half-up, as courts and banks round; a float (a generated or
    simulated figure) is rounded by Python's formatting of its binary value.
    """
    if isinstance(value, Decimal):
        quantum = Decimal(1).scaleb(-places)
        return f"¥{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    return f"¥{value:,.{places}f}"
