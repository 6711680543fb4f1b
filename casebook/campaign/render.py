"""HTML views and the timeline chart of a campaign (plain strings and matplotlib figures).

Shared by the widget layer and the book's pre-computed examples, so both look the same.
"""

from __future__ import annotations

import io
from html import escape
from typing import TYPE_CHECKING

from casebook.campaign.env import APPLICATION_LABELS, CaseCampaign, Observation, StepRecord
from casebook.campaign.scorecard import Scorecard
from casebook.model import (
    CHANNEL_LABELS,
    OUTCOME_LABELS,
    PURPOSE_LABELS,
    Case,
    Channel,
    Outcome,
)
from casebook.money_text import yuan
from casebook.palette import (
    ACCENT,
    ACCENT_LIGHT,
    ATTENTION_EMPHASIS,
    BLACK,
    BORDER,
    CANVAS_SUBTLE,
    DANGER,
    DONE,
    MUTED,
    NEUTRAL_EMPHASIS,
    NEUTRAL_MUTED,
    SUCCESS,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_BOX = f"border:1px solid {BORDER};border-radius:6px;padding:8px 12px;margin:6px 0;"
_GOOD, _BAD, _INFO = SUCCESS, DANGER, ACCENT


def state_html(obs: Observation, case: Case | None = None) -> str:
    """The account's state bar: day, bucket, money, today's calls, 有效催收, limitation."""
    promise = (
        f"承诺 {obs.promise_due.month}月{obs.promise_due.day}日前还 {yuan(obs.promise_amount)}"
        if obs.promise_due and obs.promise_amount is not None
        else "无未到期承诺"
    )
    number = f"{obs.debtor_phone}" + ("（已确认空号）" if obs.debtor_number_invalid else "")
    pair = "已有两次间隔 ≥30 日" if obs.effective_pair_30d else "尚无间隔 ≥30 日的两次"
    refused = "、".join(_who(case, c) for c in obs.refused_contacts) or "无"
    application = APPLICATION_LABELS[obs.instalment_application]
    if obs.instalment_application_note:
        application += f"（{escape(obs.instalment_application_note)}）"
    return (
        f'<div style="{_BOX}background:{CANVAS_SUBTLE};">'
        f"<b>第 {obs.day} / {obs.max_days} 天</b>　{obs.date.month}月{obs.date.day}日 {obs.time}　"
        f"逾期 {obs.days_past_due} 天（<b>{obs.bucket}</b>）<br>"
        f"欠款 {yuan(obs.balance)}，已回收 <b>{yuan(obs.recovered)}</b>，待还 {yuan(obs.outstanding)}；"
        f"{promise}<br>"
        f"今日与本人接通 {obs.connected_calls_today} 次（上限 3 次），今日致电/上门本人 "
        f"{obs.debtor_attempts_today} 次；本人号码 {escape(number)}<br>"
        f"有效催收 {obs.effective_collections} 次（{pair}；须能确认收悉、合规，且与上一次相隔至少 30 日）；诉讼时效届满日 "
        f"{obs.limitation_expires:%Y-%m-%d}（简化计算）<br>"
        f"违规 {obs.violations} 处，投诉 {obs.complaints} 次；已拒绝联系的第三人：{escape(refused)}"
        f"<br>个性化分期申请：{application}"
        f"{'；<b>已签署个性化分期协议</b>' if obs.agreement_signed else ''}</div>"
    )


def _violation_cards(record: StepRecord) -> str:
    cards = []
    for v in record.violations:
        cited = "；".join(c.labelled() for c in v.citations)
        cards.append(
            f'<div style="{_BOX}border-left:4px solid {_BAD};">'
            f"<p><b>[{escape(v.rule_id)}] {escape(v.title)}</b>（扣 {v.points} 分，"
            f"{escape(v.status_label)}）</p>"
            f"<p><b>情况</b>：{escape(v.detail)}</p>"
            f"<p><b>为什么</b>：{escape(v.why)}</p>"
            f"<p><b>应当怎么做</b>：{escape(v.instead)}</p>"
            f"<p><b>依据</b>：{escape(cited)}</p></div>"
        )
    return "".join(cards)


def _who(case: Case | None, contact_id: str) -> str:
    if case is None:
        return contact_id
    try:
        contact = case.contact(contact_id)
    except KeyError:
        return contact_id
    return f"{contact.relation} {contact.name}"


def step_html(record: StepRecord, ended_label: str | None = None, case: Case | None = None) -> str:
    """Feedback on one step: outcome, debtor's reaction, events, rule findings, and the step's
    performance points (the environment's reward, in a collector's words) term by term."""
    parts = []
    if record.action is not None:
        a = record.action
        colour = _BAD if a.outcome is Outcome.COMPLAINT else _INFO
        parts.append(
            f'<p style="color:{colour}"><b>{a.time.month}月{a.time.day}日 {a.time:%H:%M} '
            f"{CHANNEL_LABELS[a.channel]} → {escape(_who(case, a.target))}："
            f"{OUTCOME_LABELS[a.outcome]}</b></p>"
        )
    parts.append(f"<p>{escape(record.note)}</p>")
    extras = []
    if record.effective:
        extras.append("计入一次「有效催收」")
    if record.interrupted:
        extras.append("诉讼时效中断、重新起算")
    if extras:
        parts.append(f'<p style="color:{_GOOD}">' + "；".join(extras) + "。</p>")
    if record.events:
        parts.append("<ul>" + "".join(f"<li>{escape(e)}</li>" for e in record.events) + "</ul>")
    if record.violations:
        parts.append(
            f'<p style="color:{_BAD}"><b>✘ 这一步违反了 {len(record.violations)} 条规则：</b></p>'
        )
        parts.append(_violation_cards(record))
    elif record.action is not None:
        parts.append(f'<p style="color:{_GOOD}">✔ 这一步合规。</p>')
    terms = "，".join(f"{_TERM_LABELS[k]} {v:+.2f}" for k, v in record.reward_terms.items() if v)
    parts.append(
        f"<p><small>这一步的绩效分 {record.reward:+.2f}{'（' + terms + '）' if terms else ''}"
        "</small></p>"
    )
    if ended_label:
        parts.append(f"<p><b>演练结束：{escape(ended_label)}。</b></p>")
    return "".join(parts)


_TERM_LABELS = {
    "recovered": "回收",
    "agreement": "分期协议",
    "compliance": "合规扣分",
    "cost": "成本",
    "complaint": "投诉",
}


def timeline_html(env: CaseCampaign) -> str:
    """All steps so far as a table."""
    rows = []
    for r in env.records:
        if r.action is None:
            if r.events:
                rows.append(
                    f"<tr><td>{r.day}</td><td colspan='5'>{escape('；'.join(r.events))}</td></tr>"
                )
            continue
        a = r.action
        rules = "、".join(sorted({v.rule_id for v in r.violations})) or "—"
        detail = "；".join([r.note, *r.events])
        rows.append(
            f"<tr><td>{r.day}</td><td>{a.time:%H:%M}</td><td>{CHANNEL_LABELS[a.channel]}·"
            f"{escape(_who(env.case, a.target))}·{PURPOSE_LABELS[a.purpose]}</td>"
            f"<td>{OUTCOME_LABELS[a.outcome]}{'（有效催收）' if r.effective else ''}</td>"
            f"<td>{escape(detail)}</td><td>{escape(rules)}</td></tr>"
        )
    if not rows:
        return "<p>（还没有行动）</p>"
    return (
        "<table><thead><tr><th>天</th><th>时间</th><th>行动</th><th>结果</th><th>情况</th>"
        f"<th>违规</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def scorecard_html(card: Scorecard) -> str:
    """The scorecard as an HTML table with the grade."""
    rules = "、".join(f"{k}×{n}" for k, n in card.violated_rules.items()) or "无"
    rows = [
        ("持卡人类型", f"{card.archetype_label}"),
        ("结束方式", f"{card.ended_label}（第 {card.days_used} 天，共 {card.actions} 个行动）"),
        ("回收金额", f"{yuan(card.recovered)} / {yuan(card.balance)}（{card.recovery_rate:.1%}）"),
        ("分期协议落实金额", f"{yuan(card.secured)}"),
        ("违规", f"{card.violations} 处，扣 {card.violation_points} 分（{rules}）"),
        ("合规分", f"{card.compliance_score:g} / 100"),
        ("成本", f"{yuan(card.cost)}"),
        ("投诉", f"{card.complaints} 次；投诉风险 {card.complaint_risk:.1%}"),
        (
            "有效催收",
            f"{card.effective_collections} 次"
            + ("（已有两次间隔 ≥30 日）" if card.effective_pair_30d else ""),
        ),
        ("诉讼时效届满日（简化计算）", f"{card.limitation_expires:%Y-%m-%d}"),
        ("累计绩效分", f"{card.total_reward:+.2f}"),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return (
        f'<div style="{_BOX}"><h4>成绩单：{escape(card.case_id)}　得分 {card.grade:g} / 100</h4>'
        f"<table><tbody>{body}</tbody></table>"
        "<p><small>得分 = 合规分 × 60% + 落实率（已回收 + 分期协议落实金额）× 40% − 每次投诉 10 分。"
        "绩效分把每一步的回收、分期协议、合规扣分、成本和投诉折算成一个数，用来比较不同做法；"
        "成绩以得分为准。</small></p></div>"
    )


_LANES = (
    Channel.PHONE,
    Channel.SMS,
    Channel.EMAIL,
    Channel.LETTER,
    Channel.VISIT,
    Channel.LITIGATION,
)
_OUTCOME_COLOURS = {
    Outcome.CONNECTED: ACCENT,
    Outcome.PROMISE_TO_PAY: DONE,
    Outcome.PARTIAL_PAYMENT: SUCCESS,
    Outcome.REFUSED: ATTENTION_EMPHASIS,
    Outcome.COMPLAINT: DANGER,
    Outcome.NO_ANSWER: NEUTRAL_EMPHASIS,
    Outcome.INVALID_NUMBER: MUTED,
    Outcome.DELIVERED: ACCENT_LIGHT,
    Outcome.UNDELIVERED: BORDER,
}


def timeline_figure(env: CaseCampaign) -> Figure:
    """Actions by day and channel (coloured by outcome, violations marked) over money recovered."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from casebook.plotting import use_cjk_font

    first, case = env.initial_case, env.active_case
    if first is None:
        raise RuntimeError("call reset() first")
    use_cjk_font()
    fig = Figure(figsize=(9, 5.2), dpi=100)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    start = first.as_of.date()
    seen: set[Outcome] = set()
    for r in env.records:
        a = r.action
        if a is None:
            continue
        x = (a.time.date() - start).days + 1 + (a.time.hour + a.time.minute / 60) / 24
        y = _LANES.index(a.channel)
        colour = _OUTCOME_COLOURS.get(a.outcome, BLACK)
        marker = "o" if a.target == "debtor" else "s"
        top.scatter([x], [y], color=colour, marker=marker, s=46, zorder=3)
        seen.add(a.outcome)
        if r.violations:
            top.scatter([x], [y], color=_BAD, marker="x", s=120, linewidths=2, zorder=4)
    top.set_yticks(range(len(_LANES)), [CHANNEL_LABELS[c] for c in _LANES])
    top.set_ylim(-0.6, len(_LANES) - 0.4)
    top.grid(axis="x", color=NEUTRAL_MUTED)
    top.set_title(f"案件时间线：{case.case_id}（{env.archetype.label}）")
    handles = [
        Line2D([], [], color=_OUTCOME_COLOURS[o], marker="o", linestyle="", label=OUTCOME_LABELS[o])
        for o in _OUTCOME_COLOURS
        if o in seen
    ]
    handles.append(Line2D([], [], color=_BAD, marker="x", linestyle="", label="违规"))
    handles.append(Line2D([], [], color=MUTED, marker="s", linestyle="", label="联系第三人"))
    top.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)

    balance = first.account.balance
    xs, ys, total = [1.0], [0.0], 0.0
    for p in env.payments:
        x = (p.when.date() - start).days + 1 + p.when.hour / 24
        xs += [x, x]
        ys += [total, total + p.amount]
        total += p.amount
    end = min(env.observation().day, env.max_days) + 1
    xs.append(float(end))
    ys.append(total)
    bottom.plot(xs, ys, color=_GOOD, linewidth=2, label="累计回收")
    bottom.axhline(balance, color=MUTED, linestyle="--", linewidth=1, label="欠款合计")
    if env.state.secured:
        bottom.axhline(total + env.state.secured, color=DONE, linestyle=":", label="含分期协议")
    bottom.set_ylabel("金额（元）")
    bottom.set_xlabel("演练第几天")
    shown_days = min(env.max_days, max(end, 7))
    bottom.set_xlim(0.8, shown_days + 1.2)
    bottom.set_ylim(0, balance * 1.1)
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.subplots_adjust(left=0.09, right=0.8, top=0.93, bottom=0.1, hspace=0.12)
    return fig


def figure_png(fig: Figure) -> bytes:
    """PNG bytes of a figure (for an ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
