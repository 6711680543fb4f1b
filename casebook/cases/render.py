"""HTML for the case pages: the collector's actions, 有效催收 evidence and the limitation clock.

Plain strings, no widget code; the case card and the assessment come from
:mod:`casebook.render` and the limitation clock from :mod:`casebook.judicial.render`, so case
pages look like the simulators' and the judicial toolkit's output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from casebook.assess import Assessment
from casebook.cases.evidence import CollectionsReview
from casebook.judicial.collections import CHANNEL_TEXT
from casebook.judicial.limitation import LimitationResult
from casebook.judicial.render import limitation_html as clock_html
from casebook.model import (
    CHANNEL_LABELS,
    OUTCOME_LABELS,
    PURPOSE_LABELS,
    Action,
    Case,
    Channel,
)
from casebook.money_text import yuan
from casebook.palette import DANGER, MUTED, SUCCESS

#: Table style shared with :mod:`casebook.render` (class ``casebook-t``); short columns stay on one line.
_STYLE = (
    "<style>.casebook-t td,.casebook-t th{padding:3px 8px;text-align:left;vertical-align:top;}"
    ".casebook-t .nw{white-space:nowrap;}</style>"
)
_TABLE = (
    '<div style="overflow-x:auto;"><table class="casebook-t" style="border-collapse:collapse;">'
)
_RECORDED_CHANNELS = (Channel.PHONE, Channel.VISIT)
_STATUS = {"met": "满足", "not_met": "不满足", "not_assessed": "不由本工具判断"}
_COLOUR = {"met": SUCCESS, "not_met": DANGER, "not_assessed": MUTED}


def actions_html(
    case: Case, actions: Sequence[Action], assessment: Assessment | None = None
) -> str:
    """The actions as a numbered table, with the rules each one broke (if assessed)."""
    broken: dict[int, list[str]] = {}
    if assessment is not None:
        for v in assessment.violations:
            if v.action_index is not None and v.rule_id not in broken.get(v.action_index, []):
                broken.setdefault(v.action_index, []).append(v.rule_id)
    rows = []
    for i, a in enumerate(actions):
        contact = case.contact(a.target)
        content = escape(a.message)
        if a.letter_fields:
            content += f"（信函载明 {len(a.letter_fields)} 项要素）"
        if a.instalment is not None:
            plan = a.instalment
            kind = "口头" if plan.oral else "书面"
            state = "已达成" if plan.signed else "提议"
            content += (
                f"（{kind}分期{state}：{plan.term_months} 期，每期 {yuan(plan.monthly_amount)}，"
                f"载明 {len(plan.items)} 项内容）"
            )
        if a.assessment is not None:
            content += f"（{escape(a.assessment.summary())}）"
        if a.note:
            content += f'<br><small style="color:{MUTED}">备注：{escape(a.note)}</small>'
        facts = [PURPOSE_LABELS[a.purpose]]
        if a.channel is not Channel.LITIGATION:
            facts.append(OUTCOME_LABELS[a.outcome])
        if a.channel in _RECORDED_CHANNELS:
            facts.append("有录音" if a.recorded else "<b>无录音</b>")
        rules = "<br>".join(escape(r) for r in broken.get(i, [])) or (
            "—" if assessment is not None else ""
        )
        rows.append(
            f'<tr><td>{i + 1}</td><td class="nw">{a.time:%Y-%m-%d}<br>{a.time:%H:%M}</td>'
            f"<td>{CHANNEL_LABELS[a.channel]} → {escape(contact.relation)}（{escape(contact.name)}）"
            f"<br><small>{' · '.join(facts)}</small></td>"
            f"<td>{content}</td><td><small>{rules}</small></td></tr>"
        )
    head = "<tr><th>#</th><th>时间</th><th>行动</th><th>话术、内容与备注</th><th>触犯规则</th></tr>"
    return f"{_STYLE}{_TABLE}<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"


def collections_html(review: CollectionsReview) -> str:
    """Each collection to the debtor as 有效催收 evidence, then the elements of 恶意透支."""
    rows = []
    for verdict, action_index in zip(review.report.verdicts, review.action_index, strict=True):
        failed = [c.explanation for c in verdict.checks if not c.met]
        rows.append(
            f'<tr><td>{action_index + 1}</td><td class="nw">{verdict.record.date.isoformat()}</td>'
            f'<td class="nw">{CHANNEL_TEXT[verdict.record.channel]}</td>'
            f'<td class="nw">{"有效" if verdict.qualifies else "无效"}</td>'
            f"<td>{escape('；'.join(failed) or '第七条各项条件均满足')}</td></tr>"
        )
    table = (
        f"{_STYLE}{_TABLE}<thead><tr><th>行动</th><th>日期</th><th>方式</th><th>结论</th><th>理由</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    elements = "".join(
        f'<li><span style="color:{_COLOUR[e.status]}">[{_STATUS[e.status]}]</span> '
        f"<b>{escape(e.title)}</b>：{escape(e.explanation)}</li>"
        for e in review.report.elements
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in review.report.notes)
    return (
        f"{table}<p><b>恶意透支的要件（截至 {review.report.facts.as_of.isoformat()}）</b></p>"
        f"<ul>{elements}</ul><ul>{notes}</ul>"
    )


def limitation_html(result: LimitationResult, on: date) -> str:
    """Whether the limitation period had run out on ``on``, then the clock itself."""
    state = (
        f"已于 {result.expires.isoformat()} 届满"
        if result.expired_on(on)
        else f"尚未届满（至 {result.expires.isoformat()}）"
    )
    return (
        f"<p>以首次逾期日 {result.start.isoformat()} 起算（本书计算口径），"
        f"截至 {on.isoformat()}，三年诉讼时效<b>{state}</b>。</p>" + clock_html(result)
    )
