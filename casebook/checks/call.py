"""What is said on a call: checkers that judge the collector's turns in the call simulator.

A plan of actions has no transcript, so these checkers find nothing in a plain
:class:`~casebook.checks.base.Context`. The call simulator
(:mod:`casebook.conversation.call`) evaluates every collector turn as one phone action with a
:class:`CallContext`, whose :class:`CallFacts` say what the engine knows at that moment: the
intents of every collector turn so far (from the option's data tags or the intent matchers of
``casebook/data/conversation/intents.yaml``), who is on the line, whether 核身 has passed,
whether the cardholder has disputed the debt or spoken of self-harm, and whether the call
ends with this turn. Intents are named by id in the checkers' parameters, so a pack says
which intents count as "debt detail", "collection" or "care".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import Field

from casebook.checks.base import Context, Finding, Params, checker
from casebook.model import RepaymentAssessment

IntentIds = list[str]


@dataclass(frozen=True)
class CallTurn:
    """One collector turn: its number (from 1), what was said and the intents found in it."""

    number: int
    text: str
    intents: frozenset[str]
    quotes: Mapping[str, str] = field(default_factory=dict)  # intent → the words that showed it


@dataclass(frozen=True)
class CallFacts:
    """What the call engine knows when the last of ``turns`` is judged."""

    turns: tuple[CallTurn, ...]
    on_line: str = "本人"  # who is on the line: 本人, or a relation such as 妻子
    debtor_on_line: bool = True
    verified_before: bool = False
    self_harm_after: int | None = None  # collector turn after which self-harm was spoken of
    dispute_after: int | None = None  # collector turn after which the debt was disputed
    assessment: RepaymentAssessment | None = None  # capacity and willingness learned so far
    balance: float = 0.0
    final: bool = False  # the call ends with this turn
    intent_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def current(self) -> CallTurn:
        """The turn being judged."""
        return self.turns[-1]

    @property
    def earlier(self) -> tuple[CallTurn, ...]:
        """The turns before it."""
        return self.turns[:-1]

    def labels(self, intents: Iterable[str]) -> str:
        """Chinese labels of ``intents`` joined with 、 (ids when no label is known)."""
        return "、".join(self.intent_labels.get(i, i) for i in sorted(intents))

    def quoted(self, intents: Iterable[str]) -> str:
        """「…」 of the first quoted words of ``intents`` in the current turn, or ''."""
        for intent in sorted(intents):
            quote = self.current.quotes.get(intent)
            if quote:
                return f"「{quote}」"
        return ""


@dataclass
class CallContext(Context):
    """A context for one collector turn of a call (a single phone action) and the call so far."""

    call: CallFacts | None = None


def call_facts(ctx: Context) -> CallFacts | None:
    """The call facts of ``ctx``, or None outside a call."""
    return ctx.call if isinstance(ctx, CallContext) else None


def _turn(number: int) -> str:
    return f"第 {number} 轮"


class IdentityFirstParams(Params):
    """Intents that reveal or pursue the debt: allowed only once 核身 has passed."""

    debt_intents: IntentIds = Field(min_length=1)


@checker("call_identity_first", IdentityFirstParams, "核身之前不谈欠款")
def call_identity_first(params: IdentityFirstParams, ctx: Context) -> list[Finding]:
    call = call_facts(ctx)
    if call is None or call.verified_before:
        return []
    hit = call.current.intents & set(params.debt_intents)
    if not hit:
        return []
    who = (
        "对方还没有通过核身"
        if call.debtor_on_line
        else f"接电话的是{call.on_line}，不是持卡人本人，也不能核身"
    )
    return [
        Finding(
            0,
            f"{_turn(call.current.number)}：{who}，却谈到了{call.labels(hit)}"
            + (f"（{call.quoted(hit)}）" if call.quoted(hit) else ""),
        )
    ]


class RecordingNoticeParams(Params):
    """The recording notice comes before the purpose and within the first turns."""

    notice_intents: IntentIds = Field(min_length=1)
    before_intents: IntentIds = Field(min_length=1)
    within_turns: int = Field(ge=1)


@checker("call_recording_notice", RecordingNoticeParams, "开场告知录音")
def call_recording_notice(params: RecordingNoticeParams, ctx: Context) -> list[Finding]:
    call = call_facts(ctx)
    if call is None:
        return []
    notice, before = set(params.notice_intents), set(params.before_intents)
    if any(t.intents & notice for t in call.turns):
        return []

    def due(turn: CallTurn) -> bool:
        return bool(turn.intents & before) or turn.number >= params.within_turns

    if any(due(t) for t in call.earlier) or not due(call.current):
        return []  # found once, at the first turn where it was due
    hit = call.current.intents & before
    what = f"就谈到了{call.labels(hit)}" if hit else "开场已经结束"
    return [Finding(0, f"{_turn(call.current.number)}：还没有告知本次通话录音，{what}")]


class ForbiddenParams(Params):
    """Intents a collector must never voice on a call, and what that does (Chinese), e.g.
    「作出了需要银行审批的承诺」."""

    intents: IntentIds = Field(min_length=1)
    finding: str = Field(min_length=1, description="What the turn did, completing 「这句话…」")


@checker("call_forbidden_intent", ForbiddenParams, "通话中不得说的话")
def call_forbidden_intent(params: ForbiddenParams, ctx: Context) -> list[Finding]:
    call = call_facts(ctx)
    if call is None:
        return []
    hit = call.current.intents & set(params.intents)
    if not hit:
        return []
    return [
        Finding(
            0,
            f"{_turn(call.current.number)}：{call.quoted(hit) or '这句话'}{params.finding}"
            f"（{call.labels(hit)}）",
        )
    ]


class CrisisParams(Params):
    """After a statement of self-harm: no collection; care and escalation before the call ends."""

    collection_intents: IntentIds = Field(min_length=1)
    care_intents: IntentIds = Field(min_length=1)
    escalate_intents: IntentIds = Field(min_length=1)


@checker("call_crisis_stop", CrisisParams, "轻生表述后停止催收并上报")
def call_crisis_stop(params: CrisisParams, ctx: Context) -> list[Finding]:
    call = call_facts(ctx)
    if call is None or call.self_harm_after is None:
        return []
    since = _turn(call.self_harm_after)
    findings = []
    hit = call.current.intents & set(params.collection_intents)
    if hit:
        findings.append(
            Finding(
                0,
                f"{_turn(call.current.number)}：对方在{since}之后流露了轻生念头，"
                f"这句话{call.quoted(hit)}仍在谈{call.labels(hit)}",
            )
        )
    if call.final:
        after = [t for t in call.turns if t.number > call.self_harm_after]
        missing = []
        if not any(t.intents & set(params.care_intents) for t in after):
            missing.append("询问对方是否安全、身边有没有人")
        if not any(t.intents & set(params.escalate_intents) for t in after):
            missing.append("告知会有专人跟进（并在当日上报）")
        if missing:
            findings.append(
                Finding(
                    0,
                    f"对方在{since}之后流露了轻生念头，通话结束前没有" + "，也没有".join(missing),
                )
            )
    return findings


class DisputeFlagParams(Params):
    """Once the cardholder disputes the debt, the collector says it is noted and checked."""

    flag_intents: IntentIds = Field(min_length=1)


@checker("call_dispute_flag", DisputeFlagParams, "异议当场登记备注")
def call_dispute_flag(params: DisputeFlagParams, ctx: Context) -> list[Finding]:
    call = call_facts(ctx)
    if call is None or call.dispute_after is None or not call.final:
        return []
    after = [t for t in call.turns if t.number > call.dispute_after]
    if any(t.intents & set(params.flag_intents) for t in after):
        return []
    return [
        Finding(
            0,
            f"持卡人在{_turn(call.dispute_after)}之后对欠款提出了异议，通话结束前没有告诉对方"
            "异议已登记、账户会备注并转核实",
        )
    ]
