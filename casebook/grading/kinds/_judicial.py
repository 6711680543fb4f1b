"""Helpers shared by the judicial exercise kinds: statute citations in feedback, dates, money."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from casebook.grading.kinds._common import RuleLedger, pts
from casebook.grading.schema import FeedbackEntry, ItemResult
from casebook.judicial import basis
from casebook.judicial.basis import Basis


def citation(bases: Iterable[Basis], quote: bool = True) -> str:
    """``《文件》第X条（状态）：「原文」；…`` for the feedback's 依据 line."""
    parts = []
    for b in dict.fromkeys(bases):
        parts.append(b.short() + (f"：「{b.quote}」" if quote and b.quote else ""))
    return "；".join(parts)


#: Short names of the judicial documents, for the per-article loss table and charts.
SHORT_NAMES = {
    basis.FEES_MEASURES: "《诉讼费用交纳办法》",
    basis.CIVIL_CODE: "《民法典》",
    basis.CPL: "《民事诉讼法》",
    basis.CPL_INTERPRETATION: "《民诉法解释》",
    basis.CARD_RULES: "《银行卡规定》",
    basis.LIMITATION_RULES: "《诉讼时效规定》",
    basis.CARD_CRIME_INTERPRETATION: "《妨害信用卡管理刑事案件解释》",
    basis.MEASURES_2011: "《信用卡业务监督管理办法》",
}


def statute_id(b: Basis) -> str:
    """The id under which points lost to an article are counted (``《短名》第X条``)."""
    return f"{SHORT_NAMES.get(b.document, b.document)}{b.article}"


def law_entry(
    status: str, text: str, bases: Iterable[Basis] = (), instead: str = "", quote: bool = True
) -> FeedbackEntry:
    """A feedback line that cites the articles it rests on."""
    return FeedbackEntry(status=status, text=text, citation=citation(bases, quote), instead=instead)


def charge(ledger: RuleLedger, lost: float, bases: Iterable[Basis], topic: str) -> None:
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
