"""Personalised instalment agreements (个性化分期还款协议)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from casebook.checks.base import Context, Finding, Params, checker, fmt_time
from casebook.checks.call import call_facts
from casebook.model import CHANNEL_LABELS, Outcome, Purpose, RepaymentAssessment
from casebook.money_text import yuan

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


class EligibilityParams(Params):
    """Art. 70's two conditions, confirmed before an agreement is concluded (or, on a call,
    before an instalment is offered)."""

    min_evidence: int = Field(
        ge=0,
        description="Documents that must back the capacity figures (收入证明、银行流水 …)",
    )
    offer_intents: list[str] = Field(
        default_factory=list,
        description="Call intents that offer an instalment plan (see casebook.checks.call)",
    )


def latest_assessment(
    ctx: Context, before: datetime
) -> tuple[datetime, RepaymentAssessment] | None:
    """The last repayment assessment recorded on the timeline strictly before ``before``."""
    found = [
        (t.action.time, t.action.assessment)
        for t in ctx.timeline
        if t.action.assessment is not None and t.action.time < before
    ]
    return found[-1] if found else None


def eligibility_gaps(
    assessment: RepaymentAssessment | None, balance: float, min_evidence: int
) -> list[str]:
    """Why Art. 70's conditions are not confirmed (empty when they are), in Chinese."""
    if assessment is None:
        return ["签约前没有核实并记录持卡人的还款能力和还款意愿"]
    gaps = []
    if not assessment.willing_to_repay:
        gaps.append("核实结果是持卡人没有还款意愿")
    if not assessment.exceeds_capacity(balance):
        gaps.append(
            f"持卡人可动用资金 {yuan(assessment.available_funds)} 足以一次还清欠款 "
            f"{yuan(balance)}，不属于「欠款超出还款能力」"
        )
    if len(assessment.evidence) < min_evidence:
        gaps.append("还款能力只凭口头陈述，没有收入证明、银行流水等材料佐证")
    return gaps


def call_offer_findings(params: EligibilityParams, ctx: Context) -> list[Finding]:
    """On a call: an instalment offered before capacity and willingness are known to meet
    Art. 70 (documents come with the application, so none are required yet)."""
    call = call_facts(ctx)
    if call is None or not call.current.intents & set(params.offer_intents):
        return []
    if call.assessment is None:
        gaps = ["还没有了解对方的收入、必要支出和还款意愿"]
    else:
        gaps = eligibility_gaps(call.assessment, call.balance, 0)
    if not gaps:
        return []
    return [Finding(0, f"第 {call.current.number} 轮提出个性化分期，但" + "；".join(gaps))]


@checker("instalment_eligibility", EligibilityParams, "个性化分期的适用条件")
def instalment_eligibility(params: EligibilityParams, ctx: Context) -> list[Finding]:
    findings = call_offer_findings(params, ctx)
    for item in ctx.new_actions():
        action = item.action
        plan = action.instalment
        if plan is None or not plan.signed or action.outcome in _NOT_CONCLUDED:
            continue
        found = latest_assessment(ctx, action.time)
        gaps = eligibility_gaps(
            found[1] if found else None, ctx.case.account.balance, params.min_evidence
        )
        if gaps:
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(action.time)} 签署个性化分期协议，但" + "；".join(gaps),
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
