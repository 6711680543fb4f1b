"""When and how often a collector may make contact."""

from __future__ import annotations

from collections import defaultdict
from datetime import time
from typing import Literal

from pydantic import Field, field_validator

from casebook.checks.base import Context, Finding, Params, checker, fmt_time
from casebook.model import (
    CHANNEL_LABELS,
    CONNECTED_OUTCOMES,
    FAILED_CALL_OUTCOMES,
    Channel,
    Outcome,
)


def _parse_hhmm(value: str) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"expected HH:MM, got {value!r}") from exc


class WindowParams(Params):
    """Contact is forbidden from ``start`` (inclusive) to ``end`` (exclusive), wrapping midnight."""

    start: str = Field(description="Start of the forbidden window, HH:MM")
    end: str = Field(description="End of the forbidden window, HH:MM")
    channels: list[Channel] = Field(min_length=1)
    consent_overrides: bool = Field(
        description="The debtor's agreement to a time lifts the ban for that action"
    )

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        _parse_hhmm(value)
        return value

    def forbids(self, moment: time) -> bool:
        start, end = _parse_hhmm(self.start), _parse_hhmm(self.end)
        if start <= end:
            return start <= moment < end
        return moment >= start or moment < end


@checker("forbidden_window", WindowParams, "在禁止时段内的催收")
def forbidden_window(params: WindowParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if action.channel not in params.channels:
            continue
        if params.consent_overrides and action.debtor_consented_to_time:
            continue
        if params.forbids(action.time.time()):
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(action.time)} 的{CHANNEL_LABELS[action.channel]}落在禁止时段"
                    f" {params.start}–{params.end} 内",
                )
            )
    return findings


class DailyLimitParams(Params):
    """At most ``max`` counted actions per day, per debtor or per phone number."""

    max: int = Field(ge=0)
    counts: Literal["connected", "unanswered", "any"] = Field(
        description="connected calls, unanswered call attempts, or every action"
    )
    per: Literal["debtor", "number"]
    channels: list[Channel] = Field(min_length=1)
    pending: Literal["count", "after_cap"] = Field(
        description="Planned actions (outcome not known yet): 'count' them towards the cap "
        "(a planned call may go unanswered), or count only known outcomes and treat a planned "
        "action as a breach once the cap is already reached that day ('after_cap': a planned "
        "call may be answered, so stop dialling after the cap)"
    )
    agreement_overrides: bool = Field(
        description="Attempts on the debtor's own number that the debtor agreed to "
        "(Action.debtor_agreed_to_attempts, 「与债务人另有约定」) are outside the cap"
    )


def _counted(params: DailyLimitParams, outcome: Outcome) -> bool:
    if outcome is Outcome.PENDING:
        return params.pending == "count"
    if params.counts == "connected":
        return outcome in CONNECTED_OUTCOMES
    if params.counts == "unanswered":
        return outcome in FAILED_CALL_OUTCOMES
    return True


_COUNT_LABELS = {"connected": "接通的电话", "unanswered": "未接通的拨打"}


@checker("daily_count_limit", DailyLimitParams, "每日次数上限")
def daily_count_limit(params: DailyLimitParams, ctx: Context) -> list[Finding]:
    counters: dict[tuple[str, object], int] = defaultdict(int)
    findings = []
    for item in ctx.timeline:
        action = item.action
        if action.channel not in params.channels:
            continue
        planned_after_cap = action.outcome is Outcome.PENDING and params.pending == "after_cap"
        if not (planned_after_cap or _counted(params, action.outcome)):
            continue
        contact = ctx.contact(action.target)
        if contact is None:
            continue
        agreed = action.debtor_agreed_to_attempts and ctx.is_debtor(action)
        if params.agreement_overrides and agreed:
            continue
        if params.per == "debtor":
            if not ctx.is_debtor(action):
                continue
            key = ("debtor", action.time.date())
            who = "债务人"
        else:
            number = contact.phone or contact.id
            key = (number, action.time.date())
            who = f"号码 {number}"
        label = _COUNT_LABELS.get(params.counts, CHANNEL_LABELS[action.channel])
        if planned_after_cap:
            if counters[key] >= params.max and item.is_new:
                findings.append(
                    Finding(
                        item.index,
                        f"{fmt_time(action.time)} 计划的{CHANNEL_LABELS[action.channel]}：当天对{who}"
                        f"已有 {counters[key]} 次{label}，达到上限 {params.max} 次，应停止联系",
                    )
                )
            continue
        counters[key] += 1
        if counters[key] > params.max and item.is_new:
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(action.time)} 是当天对{who}的第 {counters[key]} 次{label}"
                    f"（上限 {params.max} 次）",
                )
            )
    return findings
