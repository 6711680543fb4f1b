"""HTML for drills (plain strings): the widget layer and the book's worked examples share it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from casebook.drills.draw import DrillQuestion, DrillResult, ShownOption, drill_score
from casebook.model import CHANNEL_LABELS, OUTCOME_LABELS, ROLE_LABELS
from casebook.money_text import yuan
from casebook.palette import BORDER, CANVAS_SUBTLE, DANGER, SUCCESS
from casebook.sources import Citation

_BOX = f"border:1px solid {BORDER};border-radius:6px;padding:8px 12px;margin:6px 0;"
_GOOD = SUCCESS
_BAD = DANGER


def context_html(question: DrillQuestion) -> str:
    """The case context of a question: account, contacts, recent contacts and extra facts."""
    facts = f"<p><b>情况</b>：{escape(question.facts)}</p>" if question.facts else ""
    if not question.show_case:
        return f'<div style="{_BOX}background:{CANVAS_SUBTLE};">{facts or "<p>（无案件资料）</p>"}</div>'
    case = question.case
    acc = case.account
    contacts = "、".join(
        f"{escape(c.relation)} {escape(c.name)}（{ROLE_LABELS[c.role]}"
        f"{'，合同预留联系人' if c.pre_agreed_contact else ''}）"
        for c in case.contacts
    )
    history = "；".join(
        f"{a.time.month}月{a.time.day}日 {a.time:%H:%M} {CHANNEL_LABELS[a.channel]}"
        f"{escape(case.contact(a.target).relation)}：{OUTCOME_LABELS[a.outcome]}"
        for a in case.history
    )
    if case.agreement is not None:
        history = (history + "；" if history else "") + (
            f"{case.agreement.signed_on.month}月{case.agreement.signed_on.day}日签署 "
            f"{case.agreement.term_months} 期个性化分期还款协议，按约履行中"
        )
    facts = facts.replace("<b>情况</b>", "<b>补充情况</b>")
    return (
        f'<div style="{_BOX}background:{CANVAS_SUBTLE};">'
        f"<p><b>案件</b>：{escape(case.debtor.name)}，{escape(case.debtor.city)}，"
        f"{escape(case.debtor.occupation)}；卡号 {escape(acc.card_masked)}，欠款合计 "
        f"{yuan(acc.balance)}（本金 {yuan(acc.principal)}），逾期 {case.days_past_due} 天"
        f"（{case.bucket}）；今天是 {case.as_of.month}月{case.as_of.day}日。</p>"
        f"<p><b>联系人</b>：{contacts}</p>"
        f"<p><b>最近联系</b>：{history or '（无）'}</p>{facts}</div>"
    )


def question_html(question: DrillQuestion, total: int | None = None) -> str:
    """The question with its context and lettered options."""
    of = f" / {total}" if total else ""
    hint = "（多选：选出全部正确项）" if question.multiple else "（单选）"
    options = "".join(f"<li><b>{o.key}.</b> {escape(o.text)}</li>" for o in question.options)
    return (
        f"<h4>第 {question.number}{of} 题 · {question.area.value} · {question.difficulty.value}"
        f" · {escape(question.topic)}</h4>"
        + context_html(question)
        + f"<p><b>{escape(question.question)}</b>{hint}</p>"
        f'<ul style="list-style:none;padding-left:0">{options}</ul>'
    )


def _citation_html(citation: Citation) -> str:
    quote = f"：「{escape(citation.quote)}」" if citation.quote else ""
    note = f"<br><small>{escape(citation.note)}</small>" if citation.note else ""
    return f"{escape(citation.short())}{quote}（{escape(citation.status_label)}）{note}"


def _basis_html(option: ShownOption) -> str:
    items = []
    if option.rule is not None:
        rule = option.rule
        label = f"规则 {escape(rule.id)}「{escape(rule.title)}」："
        items.append(f"<li>{label}{_citation_html(rule.citation)}</li>")
    if option.source is not None:
        items.append(f"<li>{_citation_html(option.source)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def option_feedback_html(option: ShownOption, chosen: bool) -> str:
    """Feedback card for one option: verdict, why, what to do instead, basis."""
    colour = _GOOD if option.correct else _BAD
    verdict = "正确选项" if option.correct else "错误选项"
    mark = "（你的选择）" if chosen else ""
    instead = (
        f"<p><b>应当怎么做</b>：{escape(option.instead)}</p>"
        if option.instead and not option.correct
        else ""
    )
    return (
        f'<div style="{_BOX}border-left:4px solid {colour};">'
        f"<p><b>{option.key}. {verdict}</b>{mark}：{escape(option.text)}</p>"
        f"<p><b>为什么</b>：{escape(option.feedback)}</p>{instead}"
        f"<p><b>依据</b>：</p>{_basis_html(option)}</div>"
    )


def result_html(result: DrillResult) -> str:
    """Verdict on an answer, then feedback on every option (chosen ones first)."""
    q = result.question
    correct = "、".join(sorted(q.correct_keys))
    if result.correct:
        head = f'<p style="color:{_GOOD}"><b>✔ 回答正确（+10 分）。</b></p>'
    else:
        picked = "、".join(sorted(result.selected)) or "未选择"
        head = (
            f'<p style="color:{_BAD}"><b>✘ 回答错误：你选了 {picked}，'
            f"正确答案是 {correct}。</b></p>"
        )
    ordered = sorted(q.options, key=lambda o: (o.key not in result.selected, o.key))
    cards = "".join(option_feedback_html(o, o.key in result.selected) for o in ordered)
    return head + cards + f"<p><b>要点</b>：{escape(q.lesson)}</p>"


def summary_html(results: Sequence[DrillResult]) -> str:
    """Score of a finished drill set, with the items to review."""
    earned, possible = drill_score(results)
    rows = "".join(
        f"<tr><td>{r.question.number}</td><td>{r.question.area.value}</td>"
        f"<td>{escape(r.question.topic)}</td><td>{'✔' if r.correct else '✘'}</td></tr>"
        for r in results
    )
    return (
        f"<p><b>本组得分：{earned} / {possible}</b></p>"
        "<table><thead><tr><th>题号</th><th>领域</th><th>考点</th><th>结果</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
