"""Whom a collector may contact, and for what."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import Field

from casebook.checks.base import (
    Context,
    Finding,
    Params,
    checker,
    fmt_time,
    is_call,
    is_connected_call,
    is_failed_call,
)
from casebook.model import CHANNEL_LABELS, PURPOSE_LABELS, Outcome, Purpose, Role


class AllowedTargetsParams(Params):
    """Collection (asking for payment, negotiating) is allowed only towards these roles."""

    allowed_roles: list[Role] = Field(min_length=1)
    allow_debt_related_third_party: bool
    collection_purposes: list[Purpose] = Field(min_length=1)


@checker("allowed_targets", AllowedTargetsParams, "催收对象范围")
def allowed_targets(params: AllowedTargetsParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        action = item.action
        contact = ctx.contact(action.target)
        if contact is None:
            findings.append(Finding(item.index, f"联系对象 {action.target!r} 不在案件联系人名单中"))
            continue
        if action.purpose not in params.collection_purposes or contact.role in params.allowed_roles:
            continue
        if contact.debt_related and params.allow_debt_related_third_party:
            continue
        findings.append(
            Finding(
                item.index,
                f"{fmt_time(action.time)} 向{contact.relation}（{contact.name}）"
                f"进行「{PURPOSE_LABELS[action.purpose]}」",
            )
        )
    return findings


class ThirdPartyTriggerParams(Params):
    """When the debtor counts as unreachable, so that a third party may be contacted."""

    number_invalid: bool = Field(description="The debtor's own number is invalid")
    consecutive_failed_calls: int = Field(ge=1)
    failed_calls_allow_from_next_day: bool
    consecutive_unreachable_days: int = Field(
        ge=1,
        description="Whole calendar days in a row, each with a failed call to the debtor and no "
        "connected one; met when the last of them ends, i.e. from the next day (the book's "
        "reading, see the rule's citation note)",
    )


def _start_of_next_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min)


def unreachable_since(
    params: ThirdPartyTriggerParams, ctx: Context, before: datetime
) -> datetime | None:
    """The moment from which the debtor counts as unreachable, judged from calls before ``before``.

    Three routes (the pack's rule): the debtor's number is invalid (from the failed call that
    showed it); ``consecutive_failed_calls`` failed calls in a row (from the next day when
    ``failed_calls_allow_from_next_day``); ``consecutive_unreachable_days`` calendar days in a
    row on which calls failed and none connected. A day is known to be unreachable only once it
    is over, so the days route is met from the day after the last of them — never earlier than
    the failed-calls route, which those days' failed calls already satisfy.

    A connected call to the debtor ends any run of failures: the debtor is reachable again.
    """
    if params.number_invalid and not ctx.case.debtor_contact.phone_valid:
        return datetime.min
    debtor_calls = [
        t.action
        for t in ctx.timeline
        if t.action.time < before and is_call(t.action) and ctx.is_debtor(t.action)
    ]
    run = []
    for call in debtor_calls:
        if is_connected_call(call):
            run = []
        elif is_failed_call(call):
            run.append(call)
    candidates: list[datetime] = []
    if params.number_invalid:
        invalid = [c.time for c in run if c.outcome is Outcome.INVALID_NUMBER]
        if invalid:
            candidates.append(invalid[0])
    if len(run) >= params.consecutive_failed_calls:
        nth = run[params.consecutive_failed_calls - 1].time
        candidates.append(
            _start_of_next_day(nth.date()) if params.failed_calls_allow_from_next_day else nth
        )
    streak, previous = 0, None
    for day in sorted({c.time.date() for c in run}):
        streak = streak + 1 if previous is not None and (day - previous).days == 1 else 1
        previous = day
        if streak >= params.consecutive_unreachable_days:
            candidates.append(_start_of_next_day(day))
            break
    return min(candidates) if candidates else None


def fmt_since(moment: datetime) -> str:
    """When the condition is met: a date for a whole day (「3月11日起」), else a date and time.

    A condition met at midnight is stated as a date, never as 00:00: contact still has to
    respect the contact-hours rule on that day.
    """
    if moment.time() == time.min:
        return f"{moment.month}月{moment.day}日起"
    return f"{fmt_time(moment)} 起"


@checker("third_party_trigger", ThirdPartyTriggerParams, "联系第三人的前提")
def third_party_trigger(params: ThirdPartyTriggerParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if not ctx.is_unrelated_third_party(action):
            continue
        since = unreachable_since(params, ctx, action.time)
        if since is None or since > action.time:
            contact = ctx.case.contact(action.target)
            when = (
                "" if since is None else f"（{fmt_since(since)}才满足，且仍须在允许的联系时段内）"
            )
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(action.time)} 联系{contact.relation}（{contact.name}）时，"
                    f"债务人尚未达到「联系不上」的条件{when}",
                )
            )
    return findings


class StopOnRefusalParams(Params):
    """After a third party refuses, no further contact with that person."""

    refusal_outcomes: list[Outcome] = Field(min_length=1)


@checker("third_party_stop_on_refusal", StopOnRefusalParams, "第三人拒绝后停止联系")
def third_party_stop_on_refusal(params: StopOnRefusalParams, ctx: Context) -> list[Finding]:
    refused_at: dict[str, datetime] = {}
    findings = []
    for item in ctx.timeline:
        action = item.action
        if not ctx.is_unrelated_third_party(action):
            continue
        if action.target in refused_at and item.is_new:
            contact = ctx.case.contact(action.target)
            findings.append(
                Finding(
                    item.index,
                    f"{contact.relation}（{contact.name}）已于 {fmt_time(refused_at[action.target])}"
                    f" 拒绝，{fmt_time(action.time)} 仍再次{CHANNEL_LABELS[action.channel]}联系",
                )
            )
        if action.outcome in params.refusal_outcomes:
            refused_at.setdefault(action.target, action.time)
    return findings
