"""Reviewing a draft document: which required elements are missing, and scoring a trainee's answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from casebook.documents.builders import REQUIRED, missing_markers
from casebook.documents.doc import Block, Doc


def draft_without(doc: Doc, drop: Iterable[str]) -> Doc:
    """A copy of ``doc`` with every block carrying one of the ``drop`` fields removed."""
    dropped = set(drop)
    unknown = dropped - set(doc.required)
    if unknown:
        raise ValueError(f"drop: {sorted(unknown)} are not required fields of {doc.kind}")
    kept = []
    for block in doc.blocks:
        if block.field in dropped:
            continue
        kept.append(block)
    # A heading whose whole section was dropped goes too.
    kept = [b for b in kept if not (b.kind == "heading" and _section_empty(doc, b, dropped))]
    return Doc(doc.kind, doc.title, kept, dict(doc.required), list(doc.notes))


def _section_empty(doc: Doc, heading: Block, dropped: set[str]) -> bool:
    """True when every block of the section under ``heading`` was dropped.

    The section ends at the next heading or at a block carrying another field.
    """
    start = doc.blocks.index(heading) + 1
    section: list[Block] = []
    first_field = None
    for block in doc.blocks[start:]:
        if block.kind == "heading":
            break
        if block.field is not None:
            if first_field is None:
                first_field = block.field
            elif block.field != first_field:
                break
        section.append(block)
    return bool(section) and all(b.field in dropped for b in section)


@dataclass(frozen=True)
class ReviewScore:
    """A trainee's answer to 「这份草稿缺了什么」."""

    score: int
    found: list[str]
    missed: list[str]
    wrong: list[str]
    feedback: str


def score_missing_answer(draft: Doc, answer: Iterable[str], full_marks: int = 100) -> ReviewScore:
    """Score ``answer`` (field ids the trainee thinks are missing) against the draft.

    Each truly missing element found earns an equal share; each element wrongly named as
    missing costs the same share; the score never goes below 0.
    """
    truth = draft.missing()
    picked = list(dict.fromkeys(answer))
    labels = REQUIRED[draft.kind]
    found = [f for f in truth if f in picked]
    missed = [f for f in truth if f not in picked]
    wrong = [f for f in picked if f not in truth]
    share = Decimal(full_marks) / max(1, len(truth))
    score = int(max(Decimal(0), share * len(found) - share * len(wrong)).to_integral_value())
    parts = []
    if found:
        parts.append("找对了：" + "、".join(labels[f] for f in found))
    if missed:
        parts.append("漏掉了：" + "、".join(labels[f] for f in missed))
    if wrong:
        parts.append("这些其实已经写了：" + "、".join(labels[f] for f in wrong))
    return ReviewScore(score, found, missed, wrong, "；".join(parts) + "。")


def missing_in_text(kind: str, text: str) -> list[str]:
    """Required fields of ``kind`` not found in a rendered document's text (labels)."""
    return [REQUIRED[kind][f] for f in missing_markers(kind, text)]
