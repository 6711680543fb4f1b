"""Parsing of command-line values with Chinese errors that name the argument (exit code 2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casebook.io import InputFileError
from casebook.judicial.money import AmountError, parse_amount


def _field(argument: str) -> str:
    """``参数 --start`` for a command-line argument; a form label (``标的额``) as it is."""
    return f"参数 {argument}" if argument.isascii() else argument


def parse_date_arg(text: str, argument: str) -> date:
    """A ``YYYY-MM-DD`` date, or :class:`InputFileError` naming ``argument``."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InputFileError(
            f"{_field(argument)}：{text!r} 不是有效日期（格式 YYYY-MM-DD，例如 2025-01-31）"
        ) from None


def parse_amount_arg(text: str, argument: str, *, positive: bool = True) -> Decimal:
    """A yuan amount (> 0 unless ``positive`` is false), or :class:`InputFileError` naming ``argument``."""
    try:
        return parse_amount(text, _field(argument), positive=positive)
    except AmountError as exc:
        raise InputFileError(str(exc)) from None


def parse_choice_arg(text: str, argument: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, or :class:`InputFileError` naming ``argument``."""
    if text not in choices:
        raise InputFileError(f"{_field(argument)}：未知取值 {text!r}，可选 {', '.join(choices)}")
    return text
