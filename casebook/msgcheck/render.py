"""Show a :class:`~casebook.msgcheck.MessageCheck` to a trainee: HTML and plain text.

Plain strings only (no widget code), so the live checker, the notebook's pre-computed
examples and the CLI show the same feedback.
"""

from __future__ import annotations

from html import escape

from casebook.msgcheck.engine import Finding, MessageCheck
from casebook.msgcheck.schema import RECIPIENT_LABELS
from casebook.palette import ATTENTION, BORDER, CANVAS_SUBTLE, DANGER, DANGER_MUTED, SUCCESS

_BOX = f"border:1px solid {BORDER};border-radius:6px;padding:8px 12px;margin:6px 0;"
_MARK = f"background:{DANGER_MUTED};border-bottom:2px solid {DANGER};padding:0 1px;"
CAVEAT = "规则检查只能发现常见的违规措辞，不能代替合规人员的复核。"


def _segments(text: str, findings: list[Finding]) -> list[tuple[str, tuple[int, ...], list[int]]]:
    """Split ``text`` into runs covered by the same findings.

    Each run is (text, numbers of the findings covering it, numbers of findings ending there).
    """
    cover: list[set[int]] = [set() for _ in text]
    ends: dict[int, list[int]] = {}
    for number, f in enumerate(findings, start=1):
        for i in range(f.start, f.end):
            cover[i].add(number)
        ends.setdefault(f.end, []).append(number)
    runs: list[tuple[str, tuple[int, ...], list[int]]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or cover[i] != cover[start] or i in ends:
            runs.append((text[start:i], tuple(sorted(cover[start])), ends.get(i, [])))
            start = i
    return runs


def highlighted_html(result: MessageCheck) -> str:
    """The message with every offending span marked and numbered."""
    parts = []
    for chunk, covering, ending in _segments(result.text, result.findings):
        body = escape(chunk).replace("\n", "<br>")
        if covering:
            label = "、".join(f"[{n}]" for n in covering)
            body = f'<mark style="{_MARK}" title="{label}">{body}</mark>'
        if ending:
            body += "".join(f"<sup>[{n}]</sup>" for n in ending)
        parts.append(body)
    return "".join(parts)


def _finding_html(number: int, f: Finding) -> str:
    citations = "".join(f"<li>{escape(c)}</li>" for c in f.citations)
    return (
        f'<div style="{_BOX}border-left:4px solid {DANGER};">'
        f"<p><b>[{number}] {escape(f.category_label)}：{escape(f.title)}</b>"
        f"（{escape(f.rule)} {escape(f.rule_title)}，{escape(f.status)}）</p>"
        f"<p><b>原文</b>：「{escape(f.span)}」</p>"
        f"<p><b>为什么不行</b>：{escape(f.explanation)}</p>"
        f"<p><b>可以这样改</b>：{escape(f.hint)}</p>"
        + (f"<p><b>改写示例</b>：「{escape(f.suggestion)}」</p>" if f.suggestion else "")
        + f"<p><b>依据</b>：</p><ul>{citations}</ul></div>"
    )


def message_check_html(result: MessageCheck) -> str:
    """Full feedback: verdict, highlighted message and one card per finding."""
    who = RECIPIENT_LABELS[result.recipient]
    if result.compliant:
        verdict = (
            f'<p style="color:{SUCCESS}"><b>✔ 未发现违规措辞</b>（接收人：{who}）。</p>'
            f"<p><small>{CAVEAT}</small></p>"
        )
    else:
        kinds = len({f.category for f in result.findings})
        verdict = (
            f'<p style="color:{DANGER}"><b>✘ 发现 {len(result.findings)} 处问题，'
            f"涉及 {kinds} 类</b>（接收人：{who}）。</p>"
        )
    if result.uncertain:
        verdict += (
            f'<p style="color:{ATTENTION}"><b>需人工复核</b>：{escape(result.uncertain_reason)}</p>'
        )
    message = f'<div style="{_BOX}background:{CANVAS_SUBTLE};">{highlighted_html(result)}</div>'
    cards = "".join(_finding_html(n, f) for n, f in enumerate(result.findings, start=1))
    return verdict + message + cards


def _position(f: Finding) -> str:
    if f.end - f.start == 1:
        return f"第 {f.start + 1} 字"
    return f"第 {f.start + 1}–{f.end} 字"


def message_check_text(result: MessageCheck) -> str:
    """A readable Chinese report for the terminal."""
    who = RECIPIENT_LABELS[result.recipient]
    review = [f"需人工复核：{result.uncertain_reason}"] if result.uncertain else []
    if result.compliant:
        return "\n".join([f"检查结果：未发现违规措辞（接收人：{who}）。", *review, CAVEAT])
    lines = [f"检查结果：发现 {len(result.findings)} 处问题（接收人：{who}）。", *review]
    for number, f in enumerate(result.findings, start=1):
        lines += [
            "",
            f"[{number}] {f.category_label}：{f.title}（{f.rule} {f.rule_title}）",
            f"    原文：「{f.span}」（{_position(f)}）",
            f"    为什么不行：{f.explanation}",
            f"    可以这样改：{f.hint}",
            *([f"    改写示例：{f.suggestion}"] if f.suggestion else []),
            f"    依据：{f.citation}",
        ]
    return "\n".join(lines)
