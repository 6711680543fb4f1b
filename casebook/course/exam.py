"""Exams (上岗考核): existing exercises bundled with weights and pass marks.

An exam is assigned like an exercise: ``casebook assign --exercises cert01`` expands the
exam into its exercises (each with its own per-trainee variant and handout) and pins the
exam in the manifest (:class:`ExamPin`, with the QA form's red lines as they were then).
Grading grades each exercise as usual; :func:`evaluate_exam` then turns a trainee's
results into one :class:`ExamOutcome`:

* **score** = Σ weight × points / max points over the parts (out of 100; a part not
  submitted counts 0);
* **passed** when the score reaches ``pass_total``, every part is submitted, each part with
  ``min_percent`` reaches it on its own, and no part marked ``no_red_line`` has a red-line
  fault: a point lost to a rule served by a red-line item of the QA form
  (``casebook/data/qa/form.yaml``), or a red-line item of the form itself losing points.

The exam knows nothing about the kinds of its exercises: any exercise the catalogue grades
can be a part, so new kinds (a call simulator, question sheets) need no change here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from casebook.course.schema import Exam, ExamOutcome, ExamPin, PartOutcome
from casebook.grading.schema import ExerciseResult
from casebook.io import InputFileError


def red_lines() -> tuple[list[str], list[str]]:
    """``(item ids, rule ids)`` of the red-line items of the packaged QA form."""
    from casebook.qa.loader import default_qa

    form = default_qa().form
    items = [i for i in form.items if i.red_line]
    rules = sorted({rule for item in items for rule in item.rules})
    return [i.id for i in items], rules


def pin_exam(exam: Exam) -> ExamPin:
    """The exam with today's red lines, as stored in an assignment's manifest."""
    items, rules = red_lines()
    return ExamPin(**exam.model_dump(), red_line_items=items, red_line_rules=rules)


def expand_exams(
    exercise_ids: Sequence[str],
    catalog: Mapping[str, Any],
    exams: Mapping[str, Exam] | None = None,
) -> tuple[list[str], ExamPin | None]:
    """Replace an exam id among ``exercise_ids`` by its exercises; return them and the pin.

    At most one exam per assignment. Raises :class:`InputFileError` (in Chinese, naming the
    exam and the exercise) when a part is missing from the catalogue or listed twice.
    """
    from casebook.course.loader import default_exams

    exams = exams if exams is not None else default_exams()
    ids = [e.strip() for e in exercise_ids if e.strip()]
    chosen = [e for e in ids if e in exams and e not in catalog]
    if not chosen:
        return ids, None
    if len(chosen) > 1:
        raise InputFileError(
            f"--exercises: 一次布置只能包含一套考核，收到 {'、'.join(chosen)}；请分开布置"
        )
    exam = exams[chosen[0]]
    missing = [p for p in exam.parts if p.exercise not in catalog]
    if missing:
        listed = "、".join(f"{p.label}（{p.exercise}）" for p in missing)
        raise InputFileError(
            f"--exercises: 考核 {exam.id}（{exam.title}）要用的练习 {listed} 不在练习目录中，"
            "这一版 casebook 还不能布置这套考核（请先安装含这些练习的版本）；"
            f"练习目录中现有：{', '.join(catalog)}"
        )
    parts = [p.exercise for p in exam.parts]
    twice = [e for e in ids if e in parts]
    if twice:
        raise InputFileError(
            f"--exercises: {'、'.join(twice)} 已包含在考核 {exam.id}（{exam.title}）中，不要再单独列出"
        )
    expanded: list[str] = []
    for item in ids:
        expanded += parts if item == exam.id else [item]
    return expanded, pin_exam(exam)


def _red_line_faults(pin: ExamPin, result: ExerciseResult) -> list[str]:
    found = [
        f"{r.rule_id} {r.title}".strip() for r in result.rules if r.rule_id in pin.red_line_rules
    ]
    items = set(pin.red_line_items)
    found += [
        f"评分项「{i.title}」"
        for i in result.items
        if i.item_id in items and i.points < i.max_points
    ]
    return found


def evaluate_exam(pin: ExamPin, results: Mapping[str, ExerciseResult | None]) -> ExamOutcome:
    """One trainee's exam result from their graded exercises (``{exercise id: result}``)."""
    parts: list[PartOutcome] = []
    reasons: list[str] = []
    score = 0.0
    for part in pin.parts:
        result = results.get(part.exercise)
        if result is None:
            parts.append(
                PartOutcome(
                    exercise=part.exercise, label=part.label, weight=part.weight, percent=None
                )
            )
            reasons.append(f"{part.label}（{part.exercise}）未提交")
            continue
        percent = round(100 * result.points / result.max_points, 1) if result.max_points else 0.0
        faults = _red_line_faults(pin, result) if part.no_red_line else []
        parts.append(
            PartOutcome(
                exercise=part.exercise,
                label=part.label,
                weight=part.weight,
                percent=percent,
                red_lines=faults,
            )
        )
        score += part.weight * (result.points / result.max_points if result.max_points else 0)
        if faults:
            reasons.append(f"{part.label}（{part.exercise}）有红线违规：{'；'.join(faults)}")
        if part.min_percent is not None and percent < part.min_percent:
            reasons.append(
                f"{part.label}（{part.exercise}）得分率 {percent:g}%，低于 {part.min_percent:g}%"
            )
    score = round(score, 1) + 0.0
    if score < pin.pass_total:
        reasons.insert(0, f"加权总分 {score:g}，低于 {pin.pass_total:g} 分")
    return ExamOutcome(
        exam_id=pin.id, score=score, passed=not reasons, reasons=reasons, parts=parts
    )


# --- HTML for the grading outputs (feedback page, cohort report) ---------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _pct(value: float | None) -> str:
    return "未提交" if value is None else f"{value:g}%"


def outcome_html(pin: ExamPin, outcome: ExamOutcome) -> str:
    """The exam section of a trainee's feedback page."""
    rows = "".join(
        f"<tr><td>{_e(p.label)}（{_e(p.exercise)}）</td><td>{p.weight:g}</td><td>{_pct(p.percent)}</td>"
        f"<td>{_e('；'.join(p.red_lines) or '—')}</td></tr>"
        for p in outcome.parts
    )
    verdict = (
        '<p class="exam-result ok"><b>考核结果：通过</b></p>'
        if outcome.passed
        else '<p class="exam-result wrong"><b>考核结果：未通过</b></p><ul>'
        + "".join(f"<li>{_e(r)}</li>" for r in outcome.reasons)
        + "</ul>"
    )
    return (
        f"<h2>{_e(pin.title)}（{_e(pin.id)}）：{outcome.score:g} / 100 分</h2>{verdict}"
        f"<p>通过条件：{_e(pin.rule_text())}。</p>"
        "<table><thead><tr><th>部分</th><th>权重</th><th>得分率</th><th>红线违规</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def cohort_html(pin: ExamPin, rows: Sequence[Any]) -> str:
    """The exam section of the cohort report (``rows``: gradebook rows with ``exam``)."""
    outcomes = [(r, r.exam) for r in rows if r.exam is not None]
    passed = sum(1 for _, o in outcomes if o.passed)
    body = "".join(
        f"<tr><td>{_e(r.trainee_id)}</td><td>{_e(r.name)}</td><td>{o.score:g}</td>"
        f"<td>{_e(o.label)}</td><td>{_e('；'.join(o.reasons) or '—')}</td></tr>"
        for r, o in outcomes
    )
    return (
        f"<h2>{_e(pin.title)}（{_e(pin.id)}）</h2>"
        f"<p>通过 {passed} 人，未通过 {len(outcomes) - passed} 人。通过条件：{_e(pin.rule_text())}。"
        "人工调整（manual_override）只改「最终」分，不改考核结果；需要改判时请在备注中写明。</p>"
        "<table><thead><tr><th>编号</th><th>姓名</th><th>考核得分</th><th>考核结果</th><th>原因</th></tr>"
        f"</thead><tbody>{body}</tbody></table>"
    )
