"""HTML rendering of cases, plans and assessments (plain strings, no widget code).

Used by the widget layer, the notebooks' worked examples and the static site, so the
feedback a trainee sees live and the pre-computed examples on the site look the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from casebook.assess import Assessment
from casebook.model import (
    CHANNEL_LABELS,
    OUTCOME_LABELS,
    PURPOSE_LABELS,
    ROLE_LABELS,
    Action,
    Case,
)
from casebook.money_text import yuan
from casebook.palette import BORDER, DANGER, SUCCESS

_BOX = f"border:1px solid {BORDER};border-radius:6px;padding:8px 12px;margin:6px 0;"
# Inline styles so tables look the same in JupyterLab, Voila and the static site.
_CELL_STYLE = "<style>.casebook-t td,.casebook-t th{padding:3px 10px;text-align:left;}</style>"


def _fmt_dt(action: Action) -> str:
    return f"{action.time.month}月{action.time.day}日 {action.time:%H:%M}"


def case_html(case: Case) -> str:
    """A case card: debtor, account, contacts and the contact history."""
    acc = case.account
    d = case.debtor
    contacts = "".join(
        f"<tr><td>{escape(c.relation)}</td><td>{escape(c.name)}</td>"
        f"<td>{ROLE_LABELS[c.role]}{'（与债务相关）' if c.debt_related else ''}</td>"
        f"<td>{escape(c.phone or '—')}{'' if c.phone_valid else '（无效）'}</td>"
        f"<td>{'是' if c.pre_agreed_contact else '否'}</td></tr>"
        for c in case.contacts
    )
    history = "".join(
        f"<tr><td>{_fmt_dt(a)}</td><td>{CHANNEL_LABELS[a.channel]}</td>"
        f"<td>{escape(case.contact(a.target).relation)}</td><td>{OUTCOME_LABELS[a.outcome]}</td></tr>"
        for a in case.history
    )
    history_table = (
        '<table class="casebook-t" style="border-collapse:collapse;">'
        "<thead><tr><th>时间</th><th>方式</th><th>对象</th><th>结果</th></tr></thead>"
        f"<tbody>{history}</tbody></table>"
        if history
        else "<p>（无）</p>"
    )
    return (
        f'{_CELL_STYLE}<div style="{_BOX}">'
        f"<h4>案件 {escape(case.case_id)}：{escape(case.title)}</h4>"
        f"<p>{escape(case.background)}</p>"
        f"<p><b>持卡人</b>：{escape(d.name)}，{escape(d.gender)}，{d.age} 岁，{escape(d.city)}"
        f"{('，' + escape(d.occupation)) if d.occupation else ''}</p>"
        f"<p><b>账户</b>：卡号 {escape(acc.card_masked)}，额度 {yuan(acc.credit_limit)}，"
        f"未还本金 {yuan(acc.principal)}，利息 {yuan(acc.interest)}，费用 {yuan(acc.fees)}，"
        f"合计 {yuan(acc.balance)}；首次逾期 {acc.due_date:%Y-%m-%d}，"
        f"截至 {case.as_of:%Y-%m-%d %H:%M} 逾期 {case.days_past_due} 天（{case.bucket}）</p>"
        '<p><b>联系人</b></p><table class="casebook-t" style="border-collapse:collapse;">'
        "<thead><tr><th>关系</th><th>姓名</th><th>身份</th>"
        f"<th>电话</th><th>合同预留联系人</th></tr></thead><tbody>{contacts}</tbody></table>"
        f"<p><b>已有联系记录</b></p>{history_table}</div>"
    )


def plan_html(case: Case, actions: Sequence[Action]) -> str:
    """The trainee's plan as a numbered table."""
    if not actions:
        return "<p>计划为空：请先添加联系行动。</p>"
    rows = "".join(
        f"<tr><td>{i}</td><td>{_fmt_dt(a)}</td><td>{CHANNEL_LABELS[a.channel]}</td>"
        f"<td>{escape(case.contact(a.target).relation)}</td><td>{PURPOSE_LABELS[a.purpose]}</td>"
        f"<td>{'是' if a.recorded else '否'}</td><td>{escape(a.message)}</td></tr>"
        for i, a in enumerate(actions, start=1)
    )
    return (
        _CELL_STYLE + '<table class="casebook-t" style="border-collapse:collapse;">'
        "<thead><tr><th>#</th><th>时间</th><th>方式</th><th>对象</th><th>目的</th>"
        f"<th>录音</th><th>话术</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def assessment_html(assessment: Assessment) -> str:
    """Per-rule feedback with explanation, what to do instead and the citation."""
    s = assessment.score
    if assessment.compliant:
        head = f'<p style="color:{SUCCESS}"><b>✔ 未发现违规。</b></p>'
    else:
        head = (
            f'<p style="color:{DANGER}"><b>✘ 发现 {len(assessment.violations)} 处违规，'
            f"涉及 {len(assessment.violated_rule_ids())} 条规则。</b></p>"
        )
    score = (
        f"<p>合规分 <b>{s.compliance:g}</b> / 100，成效分 <b>{s.effectiveness:g}</b> / 100，"
        f"总分 <b>{s.total:g}</b>；估算成本 {yuan(s.cost)}</p>"
    )
    cards = []
    for v in assessment.violations:
        where = f"行动 #{v.action_index + 1}" if v.action_index is not None else "整体"
        quotes = "".join(
            f"<li>{escape(c.short())}"
            + (f"：「{escape(c.quote)}」" if c.quote else "")
            + f"<br><small>核实状态：{escape(c.status_label)}"
            + (f"。{escape(c.note)}" if c.note else "")
            + "</small></li>"
            for c in v.citations
        )
        cards.append(
            f'<div style="{_BOX}border-left:4px solid {DANGER};">'
            f"<p><b>[{escape(v.rule_id)}] {escape(v.title)}</b>（{where}，扣 {v.points} 分，"
            f"{escape(v.status_label)}）</p>"
            f"<p><b>情况</b>：{escape(v.detail)}</p>"
            f"<p><b>为什么</b>：{escape(v.why)}</p>"
            f"<p><b>应当怎么做</b>：{escape(v.instead)}</p>"
            f"<p><b>依据</b>：</p><ul>{quotes}</ul></div>"
        )
    return head + score + "".join(cards)
