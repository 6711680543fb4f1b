"""Parsing of command-line values with errors that name the argument (exit code 2 in the CLI)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casebook.io import InputFileError
from casebook.judicial.money import AmountError, parse_amount


def parse_date_arg(text: str, argument: str) -> date:
    """A ``YYYY-MM-DD`` date, or :class:`InputFileError` naming ``argument``."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InputFileError(
            f"argument {argument}: {text!r} is not a valid date (expected YYYY-MM-DD, e.g. 2025-01-31)"
        ) from None


def parse_amount_arg(text: str, argument: str) -> Decimal:
    """A non-negative yuan amount, or :class:`InputFileError` naming ``argument``."""
    try:
        return parse_amount(text, f"argument {argument}")
    except AmountError as exc:
        raise InputFileError(str(exc)) from None


def parse_choice_arg(text: str, argument: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, or :class:`InputFileError` naming ``argument``."""
    if text not in choices:
        raise InputFileError(
            f"argument {argument}: unknown value {text!r}; choose one of {', '.join(choices)}"
        )
    return text
