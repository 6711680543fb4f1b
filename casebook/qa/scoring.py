"""Score a call on the QA form: from marked turns, or from the deductions a reviewer wrote.

Both are pure data arithmetic (no I/O), so the grader can replay thousands of reviews fast:

* each marked turn costs its item ``per_fault`` points, at most the item's ``points``;
* the total is 100 minus the deductions, or 0 when any red-line item lost points
  (一票否决: the call fails whatever else went well).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from casebook.qa.schema import QAForm


@dataclass(frozen=True)
class QAScore:
    """A call's result on the form."""

    deductions: dict[str, int] = field(default_factory=dict)
    red_lines: tuple[str, ...] = ()
    total: int = 100

    @property
    def lost(self) -> int:
        """Points deducted over all items (before any red-line veto)."""
        return sum(self.deductions.values())

    @property
    def vetoed(self) -> bool:
        """True when a red-line item zeroed the call."""
        return bool(self.red_lines)


def score_deductions(form: QAForm, deductions: Mapping[str, int]) -> QAScore:
    """The total for per-item deductions (item id → points; unknown ids raise KeyError).

    Deductions above an item's points are capped at its points; zero entries are dropped.
    """
    kept: dict[str, int] = {}
    for item_id, points in deductions.items():
        item = form.item(item_id)
        capped = max(0, min(int(points), item.points))
        if capped:
            kept[item_id] = capped
    ordered = {i.id: kept[i.id] for i in form.items if i.id in kept}
    red = tuple(i.id for i in form.items if i.red_line and i.id in kept)
    total = 0 if red else 100 - sum(ordered.values())
    return QAScore(deductions=ordered, red_lines=red, total=total)


def deductions_for_marks(form: QAForm, marks: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Item id → points lost for marks ``(turn, item)``; a turn counts once per item."""
    faults = Counter(item for _, item in set(marks))
    return {i.id: i.deduction(faults[i.id]) for i in form.items if faults[i.id]}


def score_marks(form: QAForm, marks: Iterable[tuple[int, str]]) -> QAScore:
    """The result of a review that marked ``(turn, item)`` pairs."""
    return score_deductions(form, deductions_for_marks(form, marks))
