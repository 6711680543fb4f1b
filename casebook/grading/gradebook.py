"""``gradebook.csv``: one row per trainee, UTF-8 with BOM so Excel opens it correctly.

Columns: ``trainee_id, name, <one per exercise>, total, max_total, percent,
manual_override, override_note, final, status`` and, for an exam (上岗考核), ``exam_score,
exam_result, exam_note`` (通过/未通过 and why; see :mod:`casebook.course.exam`). The trainer may type a number into
``manual_override`` (and a reason into ``override_note``); re-grading reads the existing
gradebook first and keeps both, so overrides survive. ``final`` is the override when it is a
valid number, else the computed total. Cells that Excel would treat as a formula are
prefixed with ``'``.

Override rows are matched to the roster by :func:`id_key`, which undoes what Excel and
editors do to an id: ``000123`` saved back as ``123`` (or ``123.0``), full-width digits,
spaces, a byte-order mark, a leading ``'``. A row that matches nobody (or a second row for
the same trainee) is never dropped: it is reported and written back at the end of the new
gradebook, with its reason in ``status``, until the trainer corrects it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from casebook.course.schema import ExamOutcome
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


#: Columns added at the end when the assignment is an exam (issue 15): its weighted score,
#: 通过/未通过, and why it was not passed.
EXAM_TAIL = ("exam_score", "exam_result", "exam_note")


def columns(exercise_ids: Sequence[str], exam: bool = False) -> list[str]:
    """The header of a gradebook for these exercises (and the exam columns, if any)."""
    return ["trainee_id", "name", *exercise_ids, *FIXED_TAIL, *(EXAM_TAIL if exam else ())]


def protect_cell(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unprotect_cell(text: str) -> str:
    """Undo :func:`protect_cell` when reading a gradebook back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class OverrideRow:
    """A row of an existing gradebook with a manual override or a note."""

    line: int
    trainee_id: str
    name: str
    manual_override: str
    override_note: str


@dataclass(frozen=True)
class UnmatchedOverride:
    """An override row that was not applied, and why."""

    row: OverrideRow
    reason: str

    def to_json_dict(self) -> dict[str, object]:
        r = self.row
        return {
            "line": r.line,
            "trainee_id": r.trainee_id,
            "name": r.name,
            "manual_override": r.manual_override,
            "override_note": r.override_note,
            "reason": self.reason,
        }


_INVISIBLE = re.compile("[\ufeff\u200b-\u200d\u2060\u00ad]")
_EXCEL_TEXT = re.compile(r'^="(.*)"$')
_NUMBER = re.compile(r"^\d+(\.0*)?$")


def id_key(text: str) -> str:
    """The form of a trainee id used to match override rows to the roster.

    NFKC (full-width → ASCII), invisible characters and surrounding spaces removed, Excel's
    ``'`` and ``="…"`` text markers removed, an all-digit id without its leading zeros (Excel
    turns ``000123`` into ``123``, sometimes ``123.0``), case folded.
    """
    value = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip()
    if match := _EXCEL_TEXT.fullmatch(value):
        value = match.group(1).strip()
    value = value.removeprefix("'").strip()
    if _NUMBER.fullmatch(value):
        value = str(int(value.split(".")[0]))
    return value.casefold()


def read_overrides(path: str | Path) -> list[OverrideRow]:
    """The rows of an existing gradebook that carry a manual override or a note.

    A missing file gives ``[]``. A file that exists but cannot be read is an error: silently
    starting over would throw away the trainer's overrides.
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        text = decode_text(path.read_bytes()).text
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(
            f"{path}: existing gradebook cannot be read ({exc}); close it in Excel or move it away "
            "— it holds the manual overrides"
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [_INVISIBLE.sub("", unicodedata.normalize("NFKC", h)).strip() for h in rows[0]]
    if "trainee_id" not in header:
        raise InputFileError(
            f"{path}:1: field 'trainee_id': existing gradebook has no trainee_id column"
        )
    at = {
        name: header.index(name)
        for name in ("trainee_id", "name", "manual_override", "override_note")
        if name in header
    }
    found: list[OverrideRow] = []
    for line, row in enumerate(rows[1:], start=2):

        def cell(name: str, row: list[str] = row) -> str:
            index = at.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        override, note = (
            unprotect_cell(cell("manual_override")),
            unprotect_cell(cell("override_note")),
        )
        if override or note:
            found.append(
                OverrideRow(
                    line,
                    unprotect_cell(cell("trainee_id")),
                    unprotect_cell(cell("name")),
                    override,
                    note,
                )
            )
    return found


def match_overrides(
    rows: Sequence[OverrideRow], trainee_ids: Sequence[str]
) -> tuple[dict[str, tuple[str, str]], list[UnmatchedOverride]]:
    """``({trainee_id: (override, note)}, rows not applied)``.

    A row matches a trainee whose id it spells exactly, else the one trainee with the same
    :func:`id_key`. When two rows match one trainee, the exact one (else the first) is used.
    """
    exact = set(trainee_ids)
    by_key: dict[str, list[str]] = {}
    for trainee_id in trainee_ids:
        by_key.setdefault(id_key(trainee_id), []).append(trainee_id)
    chosen: dict[str, OverrideRow] = {}
    unmatched: list[UnmatchedOverride] = []
    candidates: list[tuple[OverrideRow, str, bool]] = []
    for row in rows:
        if row.trainee_id in exact:
            candidates.append((row, row.trainee_id, True))
            continue
        owners = by_key.get(id_key(row.trainee_id), [])
        if len(owners) == 1:
            candidates.append((row, owners[0], False))
        elif owners:
            unmatched.append(
                UnmatchedOverride(
                    row, f"编号可能指名单中的 {'、'.join(owners)}，无法确定是哪一位；请写出完整编号"
                )
            )
        else:
            shown = row.trainee_id or "（空）"
            unmatched.append(
                UnmatchedOverride(
                    row,
                    f"名单中没有编号「{shown}」的学员（Excel 可能改写了编号，如把长数字变成科学计数法）；"
                    "请改正编号后重新评分",
                )
            )
    for row, trainee_id, _ in sorted(candidates, key=lambda c: (not c[2], c[0].line)):
        if trainee_id in chosen:
            unmatched.append(
                UnmatchedOverride(
                    row,
                    f"与第 {chosen[trainee_id].line} 行是同一名学员（{trainee_id}），此行未采用；"
                    "请删去多余的一行",
                )
            )
        else:
            chosen[trainee_id] = row
    overrides = {t: (r.manual_override, r.override_note) for t, r in chosen.items()}
    return overrides, sorted(unmatched, key=lambda u: u.row.line)


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
                exam=_exam_outcome(manifest, results, trainee.trainee_id),
            )
        )
    return rows


def _exam_outcome(
    manifest: AssignmentManifest,
    results: Mapping[tuple[str, str], ExerciseResult],
    trainee_id: str,
) -> ExamOutcome | None:
    """The trainee's exam result, when the assignment is an exam (issue 15)."""
    if manifest.exam is None:
        return None
    from casebook.course.exam import evaluate_exam

    mine = {p.exercise: results.get((trainee_id, p.exercise)) for p in manifest.exam.parts}
    return evaluate_exam(manifest.exam, mine)


def _exam_cells(row: GradebookRow) -> list[str]:
    if row.exam is None:
        return ["", "", ""]
    return [_num(row.exam.score), row.exam.label, protect_cell("；".join(row.exam.reasons))]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def gradebook_csv(
    rows: Sequence[GradebookRow],
    exercise_ids: Sequence[str],
    unmatched: Sequence[UnmatchedOverride] = (),
) -> bytes:
    """The gradebook as UTF-8-with-BOM CSV bytes (CRLF line ends, as Excel writes).

    Override rows that matched nobody follow the roster's rows, so they are not lost.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    exam = any(row.exam is not None for row in rows)
    writer.writerow(columns(exercise_ids, exam))
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
                *(_exam_cells(row) if exam else ()),
            ]
        )
    for item in unmatched:
        r = item.row
        writer.writerow(
            [
                protect_cell(r.trainee_id),
                protect_cell(r.name),
                *("" for _ in exercise_ids),
                "",
                "",
                "",
                protect_cell(r.manual_override),
                protect_cell(r.override_note),
                "",
                protect_cell(f"未采用：{item.reason}"),
                *(("", "", "") if exam else ()),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
