"""HTML and tables of the QA content: the form, a transcript, an annotated review.

Used by the book (``book/qa.md``), the exercise form and the trainer's notes. Plain strings
only (pandas is imported lazily by :func:`form_table`), so the grader can import it cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

from casebook.conversation.schema import GRADE_LABELS, SPEAKER_LABELS, Grade, Speaker
from casebook.qa.loader import QAContent, default_qa
from casebook.qa.schema import GROUP_LABELS, FormItem, QAForm, Transcript
from casebook.qa.scoring import score_marks
from casebook.qa.variants import fill, written_values

if TYPE_CHECKING:
    import pandas as pd

_BOX = "border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:8px 0;"
_GRADE_COLOURS: dict[Grade, tuple[str, str]] = {
    Grade.EFFECTIVE: ("#1a7f37", "#dafbe1"),
    Grade.INEFFECTIVE: ("#9a6700", "#fff8c5"),
    Grade.VIOLATING: ("#cf222e", "#ffebe9"),
}
_TABLE = "border-collapse:collapse;margin:6px 0;"
_CELL = "border:1px solid #d0d7de;padding:3px 8px;vertical-align:top;"

#: The transcript shown annotated in the book; it is in no exercise's pool (tested).
BOOK_EXAMPLE = "qa-14-restaurant-waiver"


def _qa(qa: QAContent | None) -> QAContent:
    return qa if qa is not None else default_qa()


def deduction_rule(item: FormItem) -> str:
    """``每处扣 5 分，最多扣 10 分`` (``扣 10 分`` when one fault takes it all)."""
    if item.per_fault >= item.points:
        return f"出现即扣 {item.points} 分"
    return f"每处扣 {item.per_fault} 分，最多扣 {item.points} 分"


def rule_refs_text(item: FormItem, qa: QAContent | None = None) -> str:
    """The item's rules with their status, or the house-policy label."""
    qa = _qa(qa)
    if not item.rules:
        return "行内政策（质检评分表）"
    return "；".join(f"{r} {qa.rule(r).title}（{qa.rule(r).status_label}）" for r in item.rules)


def form_table(qa: QAContent | None = None) -> pd.DataFrame:
    """The QA form as a table for the book."""
    import pandas as pd

    qa = _qa(qa)
    rows = [
        {
            "类别": GROUP_LABELS[i.group],
            "项目": i.title,
            "分值": i.points,
            "扣分方法": deduction_rule(i) + ("；红线项：整通记 0 分" if i.red_line else ""),
            "得分要求": i.earns,
            "常见扣分点": "".join(i.loses),
            "依据": rule_refs_text(i, qa),
        }
        for i in qa.form.items
    ]
    return pd.DataFrame(rows).set_index("项目")


def form_html(form: QAForm) -> str:
    """A compact score sheet for the exercise page: item, points, deduction, typical faults."""
    head = "".join(
        f"<th style='{_CELL}'>{h}</th>" for h in ("项目", "分值", "扣分方法", "常见扣分点")
    )
    rows = []
    for item in form.items:
        red = "<b style='color:#cf222e'>红线项</b>：整通记 0 分；" if item.red_line else ""
        rows.append(
            f"<tr><td style='{_CELL}'>{escape(item.title)}<br>"
            f"<small style='color:#57606a'>{escape(GROUP_LABELS[item.group])}</small></td>"
            f"<td style='{_CELL}'>{item.points}</td>"
            f"<td style='{_CELL}'>{red}{escape(deduction_rule(item))}</td>"
            f"<td style='{_CELL}'>{escape(''.join(item.loses))}</td></tr>"
        )
    return (
        f"<details><summary><b>{escape(form.title)}</b>（点击展开）</summary>"
        f"<p>{escape(form.intro)}</p><p>{escape(form.red_line_rule)}</p>"
        f"<table style='{_TABLE}'><tr>{head}</tr>{''.join(rows)}</table></details>"
    )


def turn_label(n: int, speaker: Speaker, text: str) -> str:
    """``第 3 轮 · 催收员：……`` (the row label of the marking grid)."""
    return f"第 {n} 轮 · {SPEAKER_LABELS[speaker]}：{text}"


def _badge(grade: Grade) -> str:
    fg, bg = _GRADE_COLOURS[grade]
    return (
        f"<span style='color:{fg};background:{bg};border:1px solid {fg};border-radius:4px;"
        f"padding:0 6px;font-size:0.9em;white-space:nowrap;'>{escape(GRADE_LABELS[grade])}</span>"
    )


def _rules_html(rule_ids: list[str], qa: QAContent) -> str:
    return "；".join(
        f"<code>{escape(r)}</code> {escape(qa.rule(r).title)}"
        f"<span style='color:#57606a;'>（{escape(qa.rule(r).status_label)}）</span>"
        for r in rule_ids
    )


def transcript_html(
    transcript: Transcript,
    values: Mapping[str, str] | None = None,
    annotated: bool = False,
    qa: QAContent | None = None,
) -> str:
    """The call, turn by turn; ``annotated`` adds grades, marked items, notes, better replies."""
    qa = _qa(qa)
    values = dict(values) if values is not None else written_values(transcript)
    items = {i.id: i for i in qa.form.items}
    parts = []
    for turn in transcript.turns:
        who = f"第 {turn.n} 轮 · {SPEAKER_LABELS[turn.speaker]}"
        text = escape(fill(turn.text, values))
        if turn.speaker is not Speaker.COLLECTOR:
            parts.append(
                f"<div style='padding:4px 10px;margin:6px 0;background:#f6f8fa;'>"
                f"<b>{who}</b>：{text}</div>"
            )
            continue
        extra = ""
        if annotated and turn.grade is not None:
            marked = "、".join(items[i].title for i in turn.items)
            marks = f"<br><b>扣分项</b>：{escape(marked)}" if marked else ""
            rules = f"<br><b>规则</b>：{_rules_html(turn.rules, qa)}" if turn.rules else ""
            better = (
                f"<br><b>更好的说法</b>：{escape(fill(turn.better, values))}" if turn.better else ""
            )
            extra = (
                f" {_badge(turn.grade)}<div style='color:#57606a;margin-top:4px;'>"
                f"<b>批注</b>：{escape(fill(turn.note, values))}{marks}{rules}{better}</div>"
            )
        colour = _GRADE_COLOURS[turn.grade][0] if annotated and turn.items else "#0969da"
        parts.append(
            f"<div style='border-left:4px solid {colour};padding:4px 10px;margin:6px 0;'>"
            f"<b>{who}</b>：{text}{extra}</div>"
        )
    return "".join(parts)


def score_sheet_html(transcript: Transcript, qa: QAContent | None = None) -> str:
    """The reference score sheet: every item, the turns marked, the points deducted, the total."""
    qa = _qa(qa)
    result = score_marks(qa.form, transcript.marks())
    turns: dict[str, list[int]] = {}
    for n, item in transcript.marks():
        turns.setdefault(item, []).append(n)
    rows = []
    for item in qa.form.items:
        lost = result.deductions.get(item.id, 0)
        where = "、".join(f"第 {n} 轮" for n in turns.get(item.id, [])) or "—"
        rows.append(
            f"<tr><td style='{_CELL}'>{escape(item.title)}</td>"
            f"<td style='{_CELL}'>{item.points}</td><td style='{_CELL}'>{escape(where)}</td>"
            f"<td style='{_CELL}'>{'−' + str(lost) if lost else '0'}</td></tr>"
        )
    if result.vetoed:
        names = "、".join(qa.form.item(i).title for i in result.red_lines)
        verdict = f"扣分合计 {result.lost} 分；触犯红线项「{names}」，总分记 <b>0 分</b>。"
    else:
        verdict = f"扣分合计 {result.lost} 分，总分 <b>{result.total} 分</b>。"
    head = "".join(f"<th style='{_CELL}'>{h}</th>" for h in ("项目", "分值", "扣分的轮次", "扣分"))
    return f"<table style='{_TABLE}'><tr>{head}</tr>{''.join(rows)}</table><p>{verdict}</p>"


def review_html(
    transcript_id: str, values: Mapping[str, str] | None = None, qa: QAContent | None = None
) -> str:
    """A transcript reviewed: situation, annotated turns, the score sheet and the conclusion.

    ``values`` fills the placeholders (default: as written in the data).
    """
    qa = _qa(qa)
    t = qa.transcript(transcript_id)
    values = dict(values) if values is not None else written_values(t)
    return (
        f"<div style='{_BOX}'><p><b>{escape(fill(t.title, values))}</b></p>"
        f"<p><b>情况</b>：{escape(fill(t.situation, values))}</p>"
        f"{transcript_html(t, values, annotated=True, qa=qa)}"
        f"<p><b>评分表</b></p>{score_sheet_html(t, qa)}"
        f"<p><b>质检结论</b>：{escape(fill(t.reference.summary, values))}</p></div>"
    )


def transcripts_table(qa: QAContent | None = None) -> pd.DataFrame:
    """Every transcript: title, level, fault types, turns, reference score (trainer's view)."""
    import pandas as pd

    from casebook.qa.schema import FAULT_TYPES

    qa = _qa(qa)
    rows = [
        {
            "编号": t.id,
            "标题": fill(t.title, written_values(t)),
            "难度": t.level,
            "问题类型": "、".join(FAULT_TYPES[f] for f in t.faults),
            "轮次": len(t.turns),
            "参考总分": t.reference.score,
        }
        for t in qa.transcripts.values()
    ]
    return pd.DataFrame(rows).set_index("编号")


def practice_review_html(exercise_id: str) -> str:
    """The reference review of an exercise's practice variant, as the trainee sees that call
    (trainer's notes: the practice transcript is in no pool, so this reveals no assignment)."""
    from casebook.grading.catalog import get_exercise
    from casebook.grading.kinds import get_kind
    from casebook.qa.variants import surface_values

    exercise = get_exercise(exercise_id)
    t = get_kind(exercise.kind).pick(exercise, exercise.practice_seed)
    qa = default_qa()
    return review_html(t.id, surface_values(t, qa.surface, exercise.practice_seed), qa)
