"""HTML for the judicial calculators (plain strings shared by widgets and the book's examples)."""

from __future__ import annotations

from html import escape

from casebook.judicial.claim import Claim
from casebook.judicial.collections import CHANNEL_TEXT, CollectionsReport
from casebook.judicial.fees import FeeResult
from casebook.judicial.limitation import INTERRUPT_LABELS, LimitationResult
from casebook.judicial.money import yuan
from casebook.judicial.procedure import ProcedureAdvice
from casebook.palette import BORDER, DANGER, MUTED, SUCCESS

_BOX = f"border:1px solid {BORDER};border-radius:6px;padding:8px 12px;margin:6px 0;"
_OK, _BAD, _GREY = SUCCESS, DANGER, MUTED


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def fee_html(result: FeeResult, title: str = "案件受理费") -> str:
    """A fee and its steps."""
    rows = [
        [
            line.label,
            "" if line.portion is None else yuan(line.portion),
            "" if line.rate is None else f"{(line.rate * 100).normalize():f}%",
            yuan(line.amount),
            line.basis.labelled(),
        ]
        for line in result.breakdown
    ]
    return (
        f'<div style="{_BOX}"><p><b>{escape(title)}：{yuan(result.fee)}</b>'
        f"（标的额 {yuan(result.amount)}）</p>"
        + _table(["计算步骤", "分段金额", "费率", "金额", "依据"], rows)
        + "</div>"
    )


def limitation_html(result: LimitationResult) -> str:
    """The limitation clock: start, events and expiry."""
    rows = [
        [
            e.event.on.isoformat(),
            INTERRUPT_LABELS[e.event.kind],
            {"interrupted": "中断", "after_expiry": "已届满，不中断", "ignored": "无效"}[e.effect],
            e.explanation,
        ]
        for e in result.events
    ]
    events = _table(["日期", "事件", "效果", "说明"], rows) if rows else "<p>（无中断事件）</p>"
    notes = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
    return (
        f'<div style="{_BOX}"><p><b>诉讼时效届满日：{result.expires.isoformat()}</b>'
        f"（起算日 {result.start.isoformat()}，最后一次重新起算 {result.restarted_from.isoformat()}，"
        f"最长保护期至 {result.long_stop.isoformat()}）</p>{events}<ul>{notes}</ul>"
        f"<p><small>依据：{escape('；'.join(b.labelled() for b in result.basis))}</small></p></div>"
    )


def procedure_html(advice: ProcedureAdvice) -> str:
    """Every procedure with eligibility, reasons, fee and timeline."""
    cards = []
    for option in advice.options:
        colour = {True: _OK, False: _BAD, None: _GREY}[option.eligible]
        state = {True: "可以适用", False: "不能适用", None: "无法判断"}[option.eligible]
        if option.mandatory:
            state = "必须适用"
        star = "★ 建议 " if option.key == advice.recommended else ""
        fee = f"受理费 {yuan(option.fee.fee)}；" if option.fee is not None else ""
        items = "".join(f"<li>{escape(r)}</li>" for r in option.reasons)
        items += "".join(f"<li>障碍：{escape(b)}</li>" for b in option.blockers)
        timeline = "；".join(option.timeline)
        cards.append(
            f'<div style="{_BOX}border-left:4px solid {colour};">'
            f"<p><b>{star}{escape(option.title)}</b>："
            f'<span style="color:{colour}">{state}</span></p><ul>{items}</ul>'
            f"<p><small>{escape(fee + option.fee_note)}"
            + (f"<br>时限：{escape(timeline)}" if timeline else "")
            + f"<br>依据：{escape('；'.join(b.labelled() for b in option.basis))}</small></p></div>"
        )
    return f"<p><b>建议：{escape(advice.summary)}</b></p>" + "".join(cards)


def collections_html(report: CollectionsReport) -> str:
    """Each collection's verdict and the elements of 恶意透支."""
    rows = []
    for v in report.verdicts:
        failed = [c.condition for c in v.checks if not c.met]
        rows.append(
            [
                str(v.index + 1),
                v.record.date.isoformat(),
                CHANNEL_TEXT[v.record.channel],
                "有效" if v.qualifies else "无效",
                "；".join(c.explanation for c in v.checks if not c.met) or "第七条各项条件均满足",
                "、".join(failed),
            ]
        )
    table = _table(["#", "日期", "方式", "结论", "理由", "未满足的条件"], rows)
    labels = {"met": "满足", "not_met": "不满足", "not_assessed": "不由本工具判断"}
    colours = {"met": _OK, "not_met": _BAD, "not_assessed": _GREY}
    elements = "".join(
        f'<li><span style="color:{colours[e.status]}">[{labels[e.status]}]</span> '
        f"<b>{escape(e.title)}</b>：{escape(e.explanation)}"
        f"<br><small>证据：{escape('；'.join(e.evidence_needed))}</small></li>"
        for e in report.elements
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    return f'<div style="{_BOX}">{table}<p><b>要件</b></p><ul>{elements}</ul><ul>{notes}</ul></div>'


def claim_html(claim: Claim) -> str:
    """Claim lines, the Art. 2 factors and warnings."""
    rows = [
        [line.label, yuan(line.amount), "可请求调减" if line.reducible else ""]
        for line in claim.lines
    ]
    rows.append(["合计", yuan(claim.total), ""])
    factors = "".join(f"<li><b>{escape(f)}</b>：{escape(t)}</li>" for f, t in claim.factors)
    warnings = "".join(f"<li>{escape(w)}</li>" for w in claim.warnings)
    return (
        f'<div style="{_BOX}"><p><b>截至 {claim.as_of.isoformat()} 的诉讼请求金额：{yuan(claim.total)}</b></p>'
        + _table(["项目", "金额", "银行卡规定第二条"], rows)
        + f"<p>持卡人请求调减时，法院综合考虑：</p><ul>{factors}</ul><ul>{warnings}</ul></div>"
    )
