"""Reviewing a draft document: which required elements are missing, and scoring a trainee's answer."""

from __future__ import annotations

from collections.abc import Iterable

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


def missing_in_text(kind: str, text: str) -> list[str]:
    """Required fields of ``kind`` not found in a rendered document's text (labels)."""
    return [REQUIRED[kind][f] for f in missing_markers(kind, text)]
