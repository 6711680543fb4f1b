"""Personalised instalment agreements (个性化分期还款协议)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from casebook.checks.base import Context, Finding, Params, checker, fmt_time
from casebook.model import CHANNEL_LABELS, Outcome, Purpose

#: Outcomes of an action in which no agreement can have been concluded.
_NOT_CONCLUDED = frozenset(
    {
        Outcome.NO_ANSWER,
        Outcome.INVALID_NUMBER,
        Outcome.UNDELIVERED,
        Outcome.REFUSED,
        Outcome.COMPLAINT,
    }
)


class TermParams(Params):
    """The agreement may not run longer than ``max_months``."""

    max_months: int = Field(gt=0)


@checker("instalment_term", TermParams, "分期期限上限")
def instalment_term(params: TermParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        plan = item.action.instalment
        if plan is not None and plan.term_months > params.max_months:
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(item.action.time)} 提出的分期为 {plan.term_months} 个月，"
                    f"超过 {params.max_months} 个月",
                )
            )
    return findings


class ContentsParams(Params):
    """Items a signed agreement must state, as id → Chinese label."""

    required_items: dict[str, str] = Field(min_length=1)


@checker("instalment_contents", ContentsParams, "分期协议必备内容")
def instalment_contents(params: ContentsParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        plan = item.action.instalment
        if plan is None or not plan.signed:
            continue
        missing = [label for key, label in params.required_items.items() if key not in plan.items]
        if missing:
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(item.action.time)} 签署的分期协议缺少：" + "、".join(missing),
                )
            )
    return findings


class OralRecordingParams(Params):
    """An oral agreement must be recorded (no parameters)."""


@checker("instalment_oral_recording", OralRecordingParams, "口头分期协议录音")
def instalment_oral_recording(params: OralRecordingParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        plan = item.action.instalment
        if plan is not None and plan.oral and plan.signed and not item.action.recorded:
            findings.append(
                Finding(item.index, f"{fmt_time(item.action.time)} 达成的口头分期协议未录音")
            )
    return findings


class StopAfterAgreementParams(Params):
    """Once an agreement is signed, these purposes are no longer allowed unless it is breached."""

    stopped_purposes: list[Purpose] = Field(min_length=1)


def _agreement_start(ctx: Context) -> datetime | None:
    starts = []
    if ctx.case.agreement is not None:
        starts.append(datetime.combine(ctx.case.agreement.signed_on, datetime.min.time()))
    starts += [
        t.action.time
        for t in ctx.timeline
        if t.action.instalment is not None
        and t.action.instalment.signed
        and t.action.outcome not in _NOT_CONCLUDED
    ]
    return min(starts) if starts else None


@checker("no_collection_after_agreement", StopAfterAgreementParams, "签约后停止催收")
def no_collection_after_agreement(params: StopAfterAgreementParams, ctx: Context) -> list[Finding]:
    start = _agreement_start(ctx)
    if start is None:
        return []
    breached = ctx.case.agreement.breached_on if ctx.case.agreement else None
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if action.time <= start or action.purpose not in params.stopped_purposes:
            continue
        if breached is not None and action.time.date() >= breached:
            continue
        findings.append(
            Finding(
                item.index,
                f"分期协议已于 {fmt_time(start)} 生效且未违约，{fmt_time(action.time)} 仍进行"
                f"{CHANNEL_LABELS[action.channel]}催收",
            )
        )
    return findings
