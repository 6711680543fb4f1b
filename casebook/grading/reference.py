"""Reference answers and marking notes of every exercise: for trainers, never for trainees.

Question sheets derive them from the key of the variant (the right options, amounts and
dates the engine computed, each question's marking note) and their ``notes``; engine-graded
exercises from the catalogue entry's ``reference`` (a reference solution and its notes).

The exercise notebooks show them in a cell tagged ``trainer-only`` through
:func:`show_reference`: the trainer edition of the book keeps that cell, the trainee
edition drops it (``book/_ext/edition.py``), and a live notebook (Voilà, JupyterLab) shows
nothing, since the trainees open those. :func:`reference_needles` lists what must never
appear in the trainee edition (checked on the notebooks by
``tests/test_grading_reference.py``, on the built site by ``tests/test_course_site.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from casebook.grading.catalog import Exercise, get_exercise
from casebook.grading.schema import Variant

#: Set by the book build (``make book``/``make editions``) for the notebook kernels.
EDITION_ENV = "CASEBOOK_EDITION"


@dataclass(frozen=True)
class Reference:
    """The reference of one variant: (item, answer, marking note) rows and general notes."""

    exercise: Exercise
    variant: Variant
    rows: list[tuple[str, str, str]]
    notes: list[str]


def reference(exercise_id: str, seed: int | None = None) -> Reference:
    """The reference answers of ``exercise_id`` for ``seed`` (default: the practice variant)."""
    from casebook.grading.kinds import get_kind

    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    variant = kind.make_variant(exercise, exercise.practice_seed if seed is None else seed)
    notes = kind.trainer_notes(exercise)
    return Reference(exercise, variant, kind.reference(exercise, variant), notes)


def reference_html(
    exercise_id: str,
    seed: int | None = None,
    example: Mapping[str, Any] | None = None,
    example_log: Sequence[Any] = (),
    example_note: str = "",
) -> str:
    """The trainer's block: reference answers, marking notes and, optionally, the feedback
    an ``example`` answer gets (pre-computed on the same variant)."""
    ref = reference(exercise_id, seed)
    rows = "".join(
        f'<tr><th scope="row">{escape(item)}</th><td data-label="参考答案">{escape(answer)}</td>'
        f'<td data-label="评分说明">{escape(note)}</td></tr>'
        for item, answer, note in ref.rows
    )
    seed_text = "书中示例" if seed is None else f"种子 {seed}"
    parts = [
        '<div class="casebook-reference">',
        f"<h3>参考答案与评分说明（培训师版，{escape(seed_text)}）</h3>",
        "<table><thead><tr><th>评分项</th><th>参考答案</th><th>评分说明</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
    ]
    if ref.notes:
        parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in ref.notes) + "</ul>")
    if example is not None:
        from casebook.grading.reports import worked_example_html

        parts.append("<h3>反馈示例</h3>")
        if example_note:
            parts.append(f"<p>{escape(example_note)}</p>")
        parts.append(worked_example_html(exercise_id, example, example_log))
    parts.append("</div>")
    return "".join(parts)


def show_reference(exercise_id: str, **options: Any) -> Any:
    """Display :func:`reference_html` in a book build; in a live notebook, nothing."""
    if not os.environ.get(EDITION_ENV):
        return None
    from IPython.display import HTML

    return HTML(reference_html(exercise_id, **options))


# -- what the trainee edition must not contain ----------------------------------------------

_SPLIT = re.compile(r"[；;]")


def _number_forms(value: float) -> set[str]:
    return {f for f in (f"{value:,.2f}", f"{value:.2f}", f"¥{value:,.2f}") if len(f) >= 5}


def reference_needles(exercise_id: str) -> set[str]:
    """Texts that give away the practice variant's answers: the right options as the
    reference shows them (「label」), computed amounts and dates, the marking notes and the
    feedback of the right options. None of them may appear in the trainee edition."""
    ref = reference(exercise_id)
    found: set[str] = set()
    for _, answer, note in ref.rows:
        found |= {part.strip() for part in _SPLIT.split(answer) if len(part.strip()) >= 6}
        found |= {note} if len(note) >= 12 else set()
    found |= {n for n in ref.notes if len(n) >= 12}
    if ref.exercise.kind == "sheet":
        found |= _sheet_needles(ref)
    from casebook.grading.kinds import get_kind

    # A reference answer that names what the form shows anyway (the QA form's items, a
    # call's offered replies) gives nothing away by itself.
    shown = get_kind(ref.exercise.kind).shown_to_trainees(ref.exercise, ref.variant)
    return {needle for needle in found if needle not in shown}


def _sheet_needles(ref: Reference) -> set[str]:
    """A question sheet's key: the right options' feedback, computed amounts and dates."""
    from casebook.grading.sheets.answers import keys

    found: set[str] = set()
    for q in keys(ref.variant).values():
        for o in q.options:
            if o.correct and len(o.feedback) >= 12:
                found.add(o.feedback)
        if q.type == "number" and q.answer is not None:
            found |= _number_forms(float(q.answer))
        if q.type == "date" and q.answer:
            day = date.fromisoformat(q.answer)
            found |= {q.answer, f"{day.year}年{day.month}月{day.day}日"}
    return found
