"""Helpers shared by the judicial exercise kinds: statute citations in feedback, dates, money."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from casebook.grading.kinds._common import RuleLedger, pts
from casebook.grading.schema import FeedbackEntry, ItemResult
from casebook.sources import Citation, default_sources


def citation(bases: Iterable[Citation], quote: bool = True) -> str:
    """``《文件》 第X条：「原文」（状态）；…`` (or without the wording) for the 依据 line."""
    unique = dict.fromkeys(bases)
    return "；".join(b.quoted(status=True) if quote else b.labelled() for b in unique)


def statute_id(b: Citation) -> str:
    """The id under which points lost to an article are counted (``《短名》第X条``)."""
    return f"{default_sources().short_title(b.document)}{b.article}"


def law_entry(
    status: str, text: str, bases: Iterable[Citation] = (), instead: str = "", quote: bool = True
) -> FeedbackEntry:
    """A feedback line that cites the articles it rests on."""
    return FeedbackEntry(status=status, text=text, citation=citation(bases, quote), instead=instead)


def charge(ledger: RuleLedger, lost: float, bases: Iterable[Citation], topic: str) -> None:
    """Count ``lost`` points against the articles in ``bases`` (split evenly)."""
    found = list(dict.fromkeys(bases))
    if lost <= 0 or not found:
        return
    for b in found:
        ledger.add(statute_id(b), topic, lost / len(found))


def item_result(spec: Any, share: float, feedback: list[FeedbackEntry]) -> ItemResult:
    """``spec.points × share`` (clipped to [0, 1])."""
    return ItemResult(
        item_id=spec.id,
        title=spec.title,
        points=pts(spec.points * max(0.0, min(1.0, share))),
        max_points=spec.points,
        feedback=feedback,
    )


def random_date(rng: random.Random, first: date, last: date) -> date:
    """A date between ``first`` and ``last`` (inclusive)."""
    return first + timedelta(days=rng.randint(0, (last - first).days))


def cents_between(rng: random.Random, low: float, high: float) -> Decimal:
    """An amount in yuan with cents, uniformly between ``low`` and ``high``."""
    return Decimal(rng.randint(round(low * 100), round(high * 100))) / 100


def money_text(value: float | Decimal) -> str:
    """¥12,345.67"""
    return f"¥{Decimal(str(value)):,.2f}"


def number_text(value: float) -> str:
    """A submitted number as the trainee typed it (shortest float repr, no exponent)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{Decimal(str(value)):f}"
    return text
