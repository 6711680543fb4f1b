"""A cardholder's dispute: flag the account and investigate before collecting again
(2011 Measures Art. 69 para. 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import Field

from casebook.checks.base import Context, Finding, Params, checker, fmt_time
from casebook.model import CHANNEL_LABELS, Outcome, Purpose


class DisputeHoldParams(Params):
    """After a dispute, these purposes wait until the investigation is finished."""

    stopped_purposes: list[Purpose] = Field(min_length=1)
    dispute_outcomes: list[Outcome] = Field(
        min_length=1, description="Outcomes of a contact in which the cardholder disputes the debt"
    )


@dataclass(frozen=True)
class OpenDispute:
    """A dispute as the engine sees it on the timeline."""

    raised_at: datetime
    summary: str
    flagged_at: datetime | None
    resolved_at: datetime | None

    def open_at(self, moment: datetime) -> bool:
        """Raised before ``moment`` and not yet resolved by then."""
        return self.raised_at < moment and (self.resolved_at is None or moment < self.resolved_at)

    def state_at(self, moment: datetime) -> str:
        """What has been done about it by ``moment`` (Chinese)."""
        if self.flagged_at is None or moment < self.flagged_at:
            return "账户尚未备注，核实也未完成"
        return f"账户已于 {fmt_time(self.flagged_at)} 备注，但核实处理尚未完成"


def disputes_on_timeline(params: DisputeHoldParams, ctx: Context) -> list[OpenDispute]:
    """The case's disputes plus every contact in which the cardholder disputed the debt.

    A dispute raised during a contact has no recorded flag or investigation: a plan cannot
    claim that work was done, so it stays open for the rest of the plan.
    """
    found = [
        OpenDispute(d.raised_at, d.summary, d.flagged_at, d.resolved_at) for d in ctx.case.disputes
    ]
    found += [
        OpenDispute(t.action.time, "", None, None)
        for t in ctx.timeline
        if t.action.outcome in params.dispute_outcomes and ctx.is_debtor(t.action)
    ]
    return sorted(found, key=lambda d: d.raised_at)


@checker("dispute_hold", DisputeHoldParams, "异议核实完成前暂停催收")
def dispute_hold(params: DisputeHoldParams, ctx: Context) -> list[Finding]:
    disputes = disputes_on_timeline(params, ctx)
    if not disputes:
        return []
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if action.purpose not in params.stopped_purposes:
            continue
        open_now = [d for d in disputes if d.open_at(action.time)]
        if not open_now:
            continue
        dispute = open_now[0]
        what = f"（{dispute.summary}）" if dispute.summary else ""
        findings.append(
            Finding(
                item.index,
                f"持卡人已于 {fmt_time(dispute.raised_at)} 提出异议{what}，"
                f"{dispute.state_at(action.time)}；{fmt_time(action.time)} 仍进行"
                f"{CHANNEL_LABELS[action.channel]}催收",
            )
        )
    return findings
