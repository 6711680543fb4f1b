"""``gradebook.csv``: one row per trainee, UTF-8 with BOM so Excel opens it correctly.

Columns: ``trainee_id, name, <one per exercise>, total, max_total, percent,
manual_override, override_note, final, status``. The trainer may type a number into
``manual_override`` (and a reason into ``override_note``); re-grading reads the existing
gradebook first and keeps both, so overrides survive. ``final`` is the override when it is a
valid number, else the computed total. Cells that Excel would treat as a formula are
prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from casebook.grading.files import decode_text
from casebook.grading.schema import AssignmentManifest, ExerciseResult, GradebookRow
from casebook.io import InputFileError

FIXED_TAIL = (
    "total",
    "max_total",
    "percent",
    "manual_override",
    "override_note",
    "final",
    "status",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(exercise_ids: Sequence[str]) -> list[str]:
    """The header of a gradebook for these exercises."""
    return ["trainee_id", "name", *exercise_ids, *FIXED_TAIL]


def protect_cell(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unprotect_cell(text: str) -> str:
    """Undo :func:`protect_cell` when reading a gradebook back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def read_overrides(path: str | Path) -> dict[str, tuple[str, str]]:
    """``{trainee_id: (manual_override, override_note)}`` from an existing gradebook.

    A missing file gives ``{}``. A file that exists but cannot be read is an error: silently
    starting over would throw away the trainer's overrides.
    """
    path = Path(path)
    if not path.exists():
        return {}
    try:
        text = decode_text(path.read_bytes()).text
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(
            f"{path}: existing gradebook cannot be read ({exc}); close it in Excel or move it away "
            "— it holds the manual overrides"
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return {}
    header = [h.strip() for h in rows[0]]
    if "trainee_id" not in header:
        raise InputFileError(
            f"{path}:1: field 'trainee_id': existing gradebook has no trainee_id column"
        )
    at = {
        name: header.index(name)
        for name in ("trainee_id", "manual_override", "override_note")
        if name in header
    }
    overrides: dict[str, tuple[str, str]] = {}
    for row in rows[1:]:

        def cell(name: str, row: list[str] = row) -> str:
            index = at.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        trainee_id = cell("trainee_id")
        override, note = (
            unprotect_cell(cell("manual_override")),
            unprotect_cell(cell("override_note")),
        )
        if trainee_id and (override or note):
            overrides[trainee_id] = (override, note)
    return overrides


def parse_override(text: str, max_total: float) -> float | None:
    """The override as points, or None when blank or not a number within 0…max_total."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= max_total else None


def build_rows(
    manifest: AssignmentManifest,
    results: Mapping[tuple[str, str], ExerciseResult],
    overrides: Mapping[str, tuple[str, str]],
) -> list[GradebookRow]:
    """One row per trainee in roster order."""
    max_total = round(sum(e.max_points for e in manifest.exercises), 2)
    rows = []
    for trainee in manifest.trainees:
        scores: dict[str, float | None] = {}
        for exercise in manifest.exercises:
            result = results.get((trainee.trainee_id, exercise.id))
            scores[exercise.id] = result.points if result else None
        total = round(sum(v for v in scores.values() if v is not None), 2) + 0.0
        submitted = sum(v is not None for v in scores.values())
        override, note = overrides.get(trainee.trainee_id, ("", ""))
        value = parse_override(override, max_total)
        status = f"已提交 {submitted}/{len(scores)}"
        if override and value is None:
            status += f"；覆盖分「{override}」无效（应为 0–{max_total:g} 的数字），按计算分"
        elif value is not None:
            status += "；已人工调整"
        # issue 13: exercises whose points the wording judge was unsure about
        review = [
            e.id
            for e in manifest.exercises
            if (r := results.get((trainee.trainee_id, e.id))) is not None and r.needs_review
        ]
        if review:
            status += f"；需人工复核：{'、'.join(review)}"
        rows.append(
            GradebookRow(
                trainee_id=trainee.trainee_id,
                name=trainee.name,
                scores=scores,
                total=total,
                max_total=max_total,
                percent=round(100 * total / max_total, 1) if max_total else 0.0,
                manual_override=override,
                override_note=note,
                final=value if value is not None else total,
                status=status,
            )
        )
    return rows


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def gradebook_csv(rows: Sequence[GradebookRow], exercise_ids: Sequence[str]) -> bytes:
    """The gradebook as UTF-8-with-BOM CSV bytes (CRLF line ends, as Excel writes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(exercise_ids))
    for row in rows:
        writer.writerow(
            [
                row.trainee_id,
                protect_cell(row.name),
                *(_num(row.scores.get(e)) for e in exercise_ids),
                _num(row.total),
                _num(row.max_total),
                _num(row.percent),
                protect_cell(row.manual_override),
                protect_cell(row.override_note),
                _num(row.final),
                row.status,
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
