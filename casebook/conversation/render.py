"""Tables and HTML for the call-flow chapter, rendered from the conversation data.

Every helper takes the loaded :class:`~casebook.conversation.loader.Conversation` (default:
the built-in content) and returns a pandas DataFrame or an HTML string; nothing here is
hand-typed content. HTML is plain markup with inline styles (no scripts), so it works on the
static site, in print and on a phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

import pandas as pd

from casebook.conversation.loader import Conversation, default_conversation
from casebook.conversation.schema import (
    CALL_STEP_LABELS,
    GRADE_LABELS,
    MOOD_LABELS,
    NEXT_ACTION_LABELS,
    PARTY_LABELS,
    SPEAKER_LABELS,
    TOPIC_LABELS,
    CallStep,
    FlowStep,
    Grade,
    Protocol,
    Scenario,
    Speaker,
    StepGuide,
    Topic,
    WorkedCase,
)
from casebook.palette import (
    ACCENT,
    ATTENTION,
    ATTENTION_SUBTLE,
    BORDER,
    CANVAS_SUBTLE,
    DANGER,
    DANGER_SUBTLE,
    MUTED,
    SUCCESS,
    SUCCESS_SUBTLE,
)

_BOX = f"border:1px solid {BORDER};border-radius:6px;padding:8px 12px;margin:8px 0;"
_GRID = "display:grid;grid-template-columns:repeat(auto-fit,minmax(15em,1fr));gap:8px;"
_GRADE_COLOURS: dict[Grade, tuple[str, str]] = {
    Grade.EFFECTIVE: (SUCCESS, SUCCESS_SUBTLE),
    Grade.INEFFECTIVE: (ATTENTION, ATTENTION_SUBTLE),
    Grade.VIOLATING: (DANGER, DANGER_SUBTLE),
}
_GOOD, _BAD = _GRADE_COLOURS[Grade.EFFECTIVE], _GRADE_COLOURS[Grade.VIOLATING]


def _conv(conv: Conversation | None) -> Conversation:
    return conv if conv is not None else default_conversation()


def rule_label(rule_id: str, conv: Conversation | None = None) -> str:
    """``CN-NO-THREAT（不得暴力、胁迫、恐吓）`` — the id with its title."""
    return f"{rule_id}（{_conv(conv).rule(rule_id).title}）"


def _rules_html(rule_ids: Iterable[str], conv: Conversation) -> str:
    items = []
    for rule_id in rule_ids:
        rule = conv.rule(rule_id)
        items.append(
            f"<code>{escape(rule_id)}</code> {escape(rule.title)}"
            f"<span style='color:{MUTED};'>（{escape(rule.status_label)}）</span>"
        )
    return "；".join(items)


def _badge(grade: Grade) -> str:
    fg, bg = _GRADE_COLOURS[grade]
    return (
        f"<span style='color:{fg};background:{bg};border:1px solid {fg};border-radius:4px;"
        f"padding:0 6px;font-size:0.9em;white-space:nowrap;'>{escape(GRADE_LABELS[grade])}</span>"
    )


# --- call flow ----------------------------------------------------------------------------


def flow_overview(conv: Conversation | None = None) -> pd.DataFrame:
    """One row per call step: number, step, why it exists, rules it serves."""
    conv = _conv(conv)
    rows = [
        {
            "序号": number,
            "步骤": step.title,
            "为什么": step.purpose,
            "服务的规则": "、".join(step.rules),
        }
        for number, step in enumerate(conv.flow.steps, start=1)
    ]
    return pd.DataFrame(rows).set_index("序号")


def _step(step_id: CallStep | str, conv: Conversation) -> StepGuide:
    wanted = CallStep(step_id)
    return next(s for s in conv.flow.steps if s.id is wanted)


def step_html(step_id: CallStep | str, conv: Conversation | None = None) -> str:
    """A call step: why it exists, how to do it, wording side by side, the rules it serves."""
    conv = _conv(conv)
    step = _step(step_id, conv)
    how = "".join(f"<li>{escape(item)}</li>" for item in step.how)
    pairs = []
    for pair in step.wording:
        pairs.append(
            f"<div style='{_BOX}'>"
            f"<p style='margin:0 0 6px 0;'><b>{escape(pair.situation)}</b>"
            f"<span style='color:{MUTED};'>（对象：{escape(PARTY_LABELS[pair.party])}）</span></p>"
            f"<div style='{_GRID}'>"
            f"<div style='border-left:4px solid {_GOOD[0]};background:{_GOOD[1]};padding:6px 10px;'>"
            f"<b style='color:{_GOOD[0]};'>合规说法</b><br>{escape(pair.compliant)}</div>"
            f"<div style='border-left:4px solid {_BAD[0]};background:{_BAD[1]};padding:6px 10px;'>"
            f"<b style='color:{_BAD[0]};'>不合规说法</b><br>{escape(pair.violating)}</div>"
            f"</div>"
            f"<p style='margin:6px 0 0 0;'><b>问题在哪</b>：{escape(pair.why)}</p>"
            f"<p style='margin:4px 0 0 0;'><b>违反</b>：{_rules_html(pair.rules, conv)}</p>"
            f"</div>"
        )
    return (
        f"<div><p><b>为什么</b>：{escape(step.purpose)}</p>"
        f"<p><b>怎么做</b>：</p><ul>{how}</ul>"
        f"{''.join(pairs)}"
        f"<p><b>这一步服务的规则</b>：{_rules_html(step.rules, conv)}</p></div>"
    )


def rules_table(
    rule_ids: Iterable[str] | None = None, conv: Conversation | None = None
) -> pd.DataFrame:
    """The rules cited by the conversation content (or ``rule_ids``), with source and status."""
    conv = _conv(conv)
    if rule_ids is None:
        rule_ids = cited_rule_ids(conv)
    rows = []
    for rule_id in rule_ids:
        rule = conv.rule(rule_id)
        rows.append(
            {
                "规则编号": rule.id,
                "要求": rule.title,
                "来源": "通话规范" if rule.source == "call-standards" else f"规则包 {rule.source}",
                "核实状态": rule.status_label,
                "依据": rule.citation.short(),
            }
        )
    return pd.DataFrame(rows).set_index("规则编号")


def cited_rule_ids(conv: Conversation | None = None) -> list[str]:
    """Every rule id cited anywhere in the content, pack rules first, in a stable order."""
    conv = _conv(conv)
    found: set[str] = set()
    for step in conv.flow.steps:
        found |= set(step.rules)
        for pair in step.wording:
            found |= set(pair.rules)
    for scenario in conv.scenarios:
        for reply in scenario.replies:
            found |= set(reply.rules)
    for protocol in conv.protocols:
        found |= set(protocol.rules)
        for flow_step in protocol.flow:
            found |= set(flow_step.rules)
    for case in conv.cases:
        for turn in case.turns:
            found |= set(turn.rules)
    order = list(conv.rules)
    return sorted(found, key=lambda r: (conv.rule(r).source == "call-standards", order.index(r)))


def standards_table(conv: Conversation | None = None) -> pd.DataFrame:
    """The call standards by id: requirement, status and how it follows from its sources."""
    conv = _conv(conv)
    rows = [
        {
            "编号": s.id,
            "要求": s.title,
            "核实状态": conv.rule(s.id).status_label,
            "与法规的关系": s.basis,
        }
        for s in conv.standards
    ]
    return pd.DataFrame(rows).set_index("编号")


# --- objection bank -----------------------------------------------------------------------


def objection_summary(conv: Conversation | None = None) -> pd.DataFrame:
    """Scenarios per topic, in the order of the issue's topic list."""
    conv = _conv(conv)
    rows = []
    for topic in Topic:
        ids = [s.id for s in conv.scenarios if s.topic is topic]
        rows.append({"话题": TOPIC_LABELS[topic], "场景数": len(ids), "场景编号": "、".join(ids)})
    return pd.DataFrame(rows).set_index("话题")


def scenario_html(scenario: Scenario, conv: Conversation | None = None) -> str:
    """One objection: context and the debtor's line, replies and feedback in a fold."""
    conv = _conv(conv)
    replies = []
    for reply in scenario.replies:
        rules = f"<br><b>规则</b>：{_rules_html(reply.rules, conv)}" if reply.rules else ""
        replies.append(
            f"<li style='margin:6px 0;'>{_badge(reply.grade)} {escape(reply.text)}"
            f"<br><b>点评</b>：{escape(reply.feedback)}"
            f"{rules}<br><b>下一步</b>：{escape(NEXT_ACTION_LABELS[reply.next_action])}</li>"
        )
    return (
        f"<div style='{_BOX}' id='objection-{escape(scenario.id)}'>"
        f"<p style='margin:0;color:{MUTED};'><code>{escape(scenario.id)}</code> · "
        f"{escape(CALL_STEP_LABELS[scenario.step])} · 接听人：{escape(PARTY_LABELS[scenario.party])}</p>"
        f"<p style='margin:4px 0;'><b>情境</b>：{escape(scenario.context)}</p>"
        f"<p style='margin:4px 0;'><b>对方</b>：「{escape(scenario.debtor_line)}」</p>"
        f"<details><summary>先想一想你会怎么回应，再展开看 {len(scenario.replies)} 种回应和点评</summary>"
        f"<ol style='list-style-type:upper-alpha;'>{''.join(replies)}</ol></details></div>"
    )


def objections_html(
    topics: Iterable[Topic | str] | None = None, conv: Conversation | None = None
) -> str:
    """The scenarios of ``topics`` (default: all), grouped by topic with a small heading."""
    conv = _conv(conv)
    wanted = [Topic(t) for t in topics] if topics is not None else list(Topic)
    parts = []
    for topic in wanted:
        scenarios = [s for s in conv.scenarios if s.topic is topic]
        if not scenarios:
            continue
        parts.append(f"<p style='margin:16px 0 4px 0;'><b>{escape(TOPIC_LABELS[topic])}</b></p>")
        parts.extend(scenario_html(s, conv) for s in scenarios)
    return "".join(parts)


# --- protocols ----------------------------------------------------------------------------


def _flow_items(protocol: Protocol) -> list[str]:
    ids = [s.id for s in protocol.flow]
    number = {step_id: i for i, step_id in enumerate(ids, start=1)}
    items = []
    for i, step in enumerate(protocol.flow):
        following = ids[i + 1] if i + 1 < len(ids) else None
        items.append(_flow_item(step, following, number))
    return items


def _flow_item(step: FlowStep, following: str | None, number: dict[str, int]) -> str:
    if step.ask is not None:
        return (
            f"<b>问</b>：{escape(step.ask)}<br>"
            f"是 → 第 {number[step.if_yes]} 步；否 → 第 {number[step.if_no]} 步"  # type: ignore[index]
        )
    text = escape(step.do or "")
    if step.end:
        return f"{text}<b>（结束）</b>"
    target = step.next or following
    if step.next is not None and step.next != following:
        return f"{text} → 第 {number[target]} 步"  # type: ignore[index]
    return text


def protocol_flow_html(protocol_id: str, conv: Conversation | None = None) -> str:
    """A protocol's decision flow as a numbered list with its branches."""
    protocol = _conv(conv).protocol(protocol_id)
    items = "".join(f"<li style='margin:4px 0;'>{item}</li>" for item in _flow_items(protocol))
    return f"<ol>{items}</ol>"


def protocol_html(protocol_id: str, conv: Conversation | None = None) -> str:
    """When the protocol applies, why, the decision flow and the rules it serves."""
    conv = _conv(conv)
    protocol = conv.protocol(protocol_id)
    return (
        f"<div><p><b>什么时候用</b>：{escape(protocol.trigger)}</p>"
        f"<p><b>为什么</b>：{escape(protocol.why)}</p>"
        f"<p><b>决策流程</b>：</p>{protocol_flow_html(protocol_id, conv)}"
        f"<p><b>依据的规则</b>：{_rules_html(protocol.rules, conv)}</p></div>"
    )


def worked_case_html(case: WorkedCase, conv: Conversation | None = None) -> str:
    """A worked case as an annotated transcript, then what happens after the call."""
    conv = _conv(conv)
    turns = []
    for turn in case.turns:
        who = SPEAKER_LABELS[turn.speaker]
        if turn.speaker is Speaker.COLLECTOR:
            badge = f" {_badge(turn.grade)}" if turn.grade is not None else ""
            rules = f"<br><b>规则</b>：{_rules_html(turn.rules, conv)}" if turn.rules else ""
            note = (
                f"<div style='color:{MUTED};margin-top:4px;'><b>批注</b>：{escape(turn.note)}{rules}</div>"
                if turn.note or rules
                else ""
            )
            turns.append(
                f"<div style='border-left:4px solid {ACCENT};padding:4px 10px;margin:6px 0;'>"
                f"<b>{who}</b>{badge}：{escape(turn.text)}{note}</div>"
            )
        else:
            turns.append(
                f"<div style='padding:4px 10px;margin:6px 0;background:{CANVAS_SUBTLE};'>"
                f"<b>{who}</b>：{escape(turn.text)}</div>"
            )
    after = "".join(f"<li>{escape(item)}</li>" for item in case.after_call)
    return (
        f"<div style='{_BOX}'><p><b>案例 {escape(case.id)}：{escape(case.title)}</b></p>"
        f"<p><b>情况</b>：{escape(case.situation)}</p>{''.join(turns)}"
        f"<p><b>通话之后</b>：</p><ul>{after}</ul>"
        f"<p><b>要点</b>：{escape(case.lesson)}</p></div>"
    )


def protocol_cases_html(protocol_id: str, conv: Conversation | None = None) -> str:
    """The worked cases of a protocol."""
    conv = _conv(conv)
    return "".join(worked_case_html(c, conv) for c in conv.cases_for(protocol_id))


def drills_html(drill_ids: Sequence[str], seed: int = 0) -> str:
    """Drill items rendered for reading: question and options, the answer in a fold."""
    from casebook.drills import default_bank, render_item

    bank = default_bank()
    parts = []
    for number, drill_id in enumerate(drill_ids, start=1):
        question = render_item(bank.item(drill_id), seed=seed, number=number, bank=bank)
        options = "".join(
            f"<li style='list-style:none;'>{o.key}. {escape(o.text)}</li>" for o in question.options
        )
        answers = "".join(
            f"<li style='list-style:none;'>{o.key} {'✔ 正确' if o.correct else '✘ 不对'}："
            f"{escape(o.feedback)}"
            f"{'' if o.correct or not o.instead else '应当：' + escape(o.instead)}</li>"
            for o in question.options
        )
        facts = f"<p>{escape(question.facts)}</p>" if question.facts else ""
        multiple = "（多选）" if question.multiple else "（单选）"
        parts.append(
            f"<div style='{_BOX}'><p style='margin:0;color:{MUTED};'>练习 <code>{escape(drill_id)}</code> · "
            f"{escape(question.topic)}</p>{facts}<p><b>{escape(question.question)}</b>{multiple}</p>"
            f"<ul style='padding-left:0.5em;'>{options}</ul>"
            f"<details><summary>参考答案</summary><ul style='padding-left:0.5em;'>{answers}</ul>"
            f"<p><b>要点</b>：{escape(question.lesson)}</p></details></div>"
        )
    return "".join(parts)


def protocol_drills_html(protocol_id: str, conv: Conversation | None = None) -> str:
    """The drill items that practise a protocol."""
    return drills_html(_conv(conv).protocol(protocol_id).drills)


# --- personas -----------------------------------------------------------------------------


def personas_table(conv: Conversation | None = None, hidden: bool = False) -> pd.DataFrame:
    """The personas: title and summary (and, with ``hidden``, the trainer-only hidden state)."""
    conv = _conv(conv)
    rows = []
    for p in conv.personas:
        row: dict[str, str | float] = {"编号": p.id, "名称": p.title, "概要": p.summary}
        if hidden:
            h = p.hidden
            row |= {
                "还款能力": h.ability,
                "还款意愿": h.willingness,
                "信任": h.trust,
                "情绪": MOOD_LABELS[h.mood],
                "符合第七十条条件": "是" if h.instalment_eligible else "否",
                "需要发现的事实": "；".join(f.text for f in h.facts),
            }
        rows.append(row)
    return pd.DataFrame(rows).set_index("编号")
