"""HTML views of a call: the annotated transcript, the score card, the live state.

Plain markup with inline styles (no scripts), shared by the call widget, the notebook page and
the book, so a worked call reads the same on the static site, in Voilà and in print.
"""

from __future__ import annotations

from html import escape

from casebook.conversation.call import CallSimulator, TranscriptTurn, TurnFinding
from casebook.conversation.schema import GRADE_LABELS, Grade

_BOX = "border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:8px 0;"
_COLLECTOR = "border-left:4px solid #0969da;padding:4px 10px;margin:6px 0;"
_OTHER = "padding:4px 10px;margin:6px 0;background:#f6f8fa;"
_BAD = "color:#cf222e;"
_NOTE = "color:#57606a;margin-top:4px;"
_GRADE_BADGE = {
    Grade.EFFECTIVE: ("#1a7f37", "#dafbe1"),
    Grade.INEFFECTIVE: ("#9a6700", "#fff8c5"),
    Grade.VIOLATING: ("#cf222e", "#ffebe9"),
}


def _badge(text: str, colours: tuple[str, str]) -> str:
    fg, bg = colours
    return (
        f"<span style='color:{fg};background:{bg};border-radius:10px;padding:0 8px;"
        f"font-size:0.85em;white-space:nowrap;'>{escape(text)}</span>"
    )


def _turn_badge(turn: TranscriptTurn) -> str:
    """How the turn was judged: violating if it broke a rule, else the option's grade."""
    if turn.violations:
        return _badge(GRADE_LABELS[Grade.VIOLATING], _GRADE_BADGE[Grade.VIOLATING])
    if any(f.kind == "advice" for f in turn.findings):
        return _badge(GRADE_LABELS[Grade.INEFFECTIVE], _GRADE_BADGE[Grade.INEFFECTIVE])
    return _badge("合规", _GRADE_BADGE[Grade.EFFECTIVE])


def finding_html(finding: TurnFinding) -> str:
    """One annotation: the rule with its citation and what to do instead, or advice."""
    better = (
        f"<div style='{_NOTE}'><b>更好的说法</b>：{escape(finding.better)}</div>"
        if finding.better
        else ""
    )
    if finding.kind == "violation":
        return (
            f"<div style='{_NOTE}'><span style='{_BAD}'><b>✘ {escape(finding.rule)}</b> "
            f"{escape(finding.title)}</span>（扣 {finding.points} 分）<br>{escape(finding.text)}"
            f"<br><b>为什么</b>：{escape(finding.why)}"
            f"<br><b>依据</b>：{escape(finding.citation)}<br><b>应当</b>：{escape(finding.instead)}"
            f"</div>{better}"
        )
    if finding.kind == "advice":
        return f"<div style='{_NOTE}'><b>点评</b>：{escape(finding.text)}</div>{better}"
    label = {"fact": "了解到", "event": "事件", "outcome": "结果"}[finding.kind]
    return f"<div style='{_NOTE}'><b>{label}</b>：{escape(finding.text)}</div>"


def transcript_html(sim: CallSimulator, annotated: bool = True, last: int | None = None) -> str:
    """The call so far; with ``annotated``, every turn's findings, citations and a better
    reply. ``last`` shows only the last so many turns."""
    other = sim.answerer.relation if sim.answerer else "对方"
    other = "持卡人" if other == "本人" else other
    turns = sim.turns if last is None else sim.turns[-last:]
    parts = []
    for turn in turns:
        notes = "".join(finding_html(f) for f in turn.findings) if annotated else ""
        if turn.speaker == "collector":
            badge = f" {_turn_badge(turn)}" if annotated else ""
            parts.append(
                f"<div style='{_COLLECTOR}'><b>催收员</b>{badge}：{escape(turn.text)}{notes}</div>"
            )
        else:
            parts.append(
                f"<div style='{_OTHER}'><b>{escape(other)}</b>：{escape(turn.text)}{notes}</div>"
            )
    return "".join(parts)


def score_html(sim: CallSimulator) -> str:
    """The score card: ending, score and its terms, violations by rule."""
    score = sim.score
    result = sim.result
    ending = (
        f"<p><b>结果</b>：{escape(result.label)}。{escape(result.note)}</p>"
        if result is not None
        else "<p><b>结果</b>：通话进行中。</p>"
    )
    discovery = (
        "—（这通电话没有需要了解的事实）" if score.discovery is None else f"{score.discovery:g}"
    )
    rows = {}
    for _, finding in sim.violations():
        count, points = rows.get(finding.rule, (0, 0))
        rows[finding.rule] = (count + 1, points + finding.points)
    broken = "".join(
        f"<li><code>{escape(rule)}</code> ×{count}，扣 {points} 分</li>"
        for rule, (count, points) in rows.items()
    )
    violations = f"<ul>{broken}</ul>" if broken else "<p>没有违规。</p>"
    return (
        f"<div style='{_BOX}'>{ending}"
        f"<p><b>得分 {score.total:g}</b>（合规 {score.compliance:g}，结果 {score.outcome:g}，"
        f"了解情况 {discovery}）</p>{violations}</div>"
    )


def state_html(sim: CallSimulator) -> str:
    """What the collector can see during the call: who is on the line, mood, facts learned."""
    obs = sim.observation()
    facts = "".join(f"<li>{escape(f)}</li>" for f in obs.facts) or "<li>（还没有）</li>"
    return (
        f"<div style='{_BOX}'><b>接听人</b>：{escape(obs.answered_label)}　"
        f"<b>情绪</b>：{escape(obs.mood_label)}　<b>轮次</b>：{obs.turn}/{obs.max_turns}"
        f"<br><b>已了解的情况</b>：<ul style='margin:2px 0;'>{facts}</ul></div>"
    )


def annotated_call_html(sim: CallSimulator) -> str:
    """The end-of-call view: score card, then the annotated transcript."""
    return score_html(sim) + f"<div style='{_BOX}'>{transcript_html(sim)}</div>"


#: Checkers that read what is said on a call (the call checkers and the law pack's checks of
#: a phone action's words, target and purpose), for the table of rules a call is judged by.
CALL_JUDGING_CHECKS = (
    "call_identity_first",
    "call_recording_notice",
    "call_forbidden_intent",
    "call_crisis_stop",
    "call_dispute_flag",
    "dispute_hold",
    "instalment_eligibility",
    "third_party_no_disclosure",
    "allowed_targets",
    "banned_text",
    "wording",  # the wording judge's rules, once the packs name it as their checker
)


def call_rules_table(packs=None):
    """The rules every collector turn is checked against: id, requirement, pack, status,
    points (a pandas DataFrame indexed by rule id)."""
    import pandas as pd

    from casebook.conversation.call import call_packs

    registry = call_packs(packs)
    rows = [
        {
            "规则编号": rule.id,
            "要求": rule.title,
            "来源": f"规则包 {registry.pack_of(rule.id).meta.id}",
            "核实状态": rule.status_label,
            "扣分": rule.points,
        }
        for check in CALL_JUDGING_CHECKS
        for rule in registry.rules_for(check)
    ]
    return pd.DataFrame(rows).set_index("规则编号")
