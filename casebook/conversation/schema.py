"""Schema of the conversation content: call flow, objection bank, protocols, cases, personas.

Everything a trainee reads about *talking* to a debtor is data under
``casebook/data/conversation/`` and is validated against these models on load. Rule ids
named anywhere resolve either to a policy-pack rule or to a call standard
(``standards.yaml``), which uses the packs' citation model and status vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.policy.schema import (
    STATUS_LABELS,
    Category,
    Citation,
    Prose,
    Rule,
    Status,
    weakest,
)

RULE_ID = r"^[A-Z]+(-[A-Z0-9]+)+$"
SLUG = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CallStep(StrEnum):
    """The ten steps of a collection call, in order."""

    OPENING = "opening"
    RECORDING_NOTICE = "recording-notice"
    VERIFY_IDENTITY = "verify-identity"
    STATE_PURPOSE = "state-purpose"
    EXPLORE_REASON = "explore-reason"
    PROPOSE_PLAN = "propose-plan"
    HANDLE_OBJECTIONS = "handle-objections"
    CONFIRM_COMMITMENT = "confirm-commitment"
    SMS_CONFIRMATION = "sms-confirmation"
    RECORD = "record"


CALL_STEP_LABELS: dict[CallStep, str] = {
    CallStep.OPENING: "开场与自我介绍",
    CallStep.RECORDING_NOTICE: "告知录音",
    CallStep.VERIFY_IDENTITY: "核身",
    CallStep.STATE_PURPOSE: "说明事由",
    CallStep.EXPLORE_REASON: "了解原因",
    CallStep.PROPOSE_PLAN: "提出方案",
    CallStep.HANDLE_OBJECTIONS: "处理异议",
    CallStep.CONFIRM_COMMITMENT: "确认承诺",
    CallStep.SMS_CONFIRMATION: "短信确认",
    CallStep.RECORD: "记录",
}


class Party(StrEnum):
    """Who is on the line when the objection is raised."""

    DEBTOR = "debtor"
    UNVERIFIED = "unverified"
    FAMILY = "family"
    COLLEAGUE = "colleague"
    AGENT = "agent"
    HEIR = "heir"


PARTY_LABELS: dict[Party, str] = {
    Party.DEBTOR: "持卡人本人（已核身）",
    Party.UNVERIFIED: "接听人（尚未核身）",
    Party.FAMILY: "家属",
    Party.COLLEAGUE: "同事",
    Party.AGENT: "自称代理人",
    Party.HEIR: "继承人（身份已核实）",
}


def checker_recipient(party: Party) -> Literal["debtor", "third_party"]:
    """Recipient for the wording checker: only a verified debtor (or, after the death is
    verified, a verified heir) may hear account details; everyone else is a third party."""
    return "debtor" if party in (Party.DEBTOR, Party.HEIR) else "third_party"


class Grade(StrEnum):
    """How a reply is graded (the ``call objections --json`` contract uses these values)."""

    EFFECTIVE = "compliant_effective"
    INEFFECTIVE = "compliant_ineffective"
    VIOLATING = "violating"


GRADE_LABELS: dict[Grade, str] = {
    Grade.EFFECTIVE: "合规且有效",
    Grade.INEFFECTIVE: "合规但无效",
    Grade.VIOLATING: "违规",
}


class Topic(StrEnum):
    """Objection topics the bank must cover (issue 14)."""

    NO_MONEY = "no-money"
    INTEREST_FREEZE = "interest-freeze"
    PAYDAY = "payday"
    COMPLAINT = "complaint"
    DEBT_AGENT = "debt-agent"
    NOT_MY_CARD = "not-my-card"
    SCAM_SUSPICION = "scam-suspicion"
    FAMILY_ANSWERS = "family-answers"
    COLLEAGUE_ANSWERS = "colleague-answers"
    ABUSE = "abuse"
    SELF_HARM = "self-harm"
    DECEASED = "deceased"
    WAIVER = "waiver"
    MINIMUM_ONLY = "minimum-only"
    BROKEN_PROMISE = "broken-promise"
    WRITTEN_PROOF = "written-proof"
    FEES_DISPUTE = "fees-dispute"
    RECORDING_REQUEST = "recording-request"


TOPIC_LABELS: dict[Topic, str] = {
    Topic.NO_MONEY: "没钱还",
    Topic.INTEREST_FREEZE: "要求停息挂账",
    Topic.PAYDAY: "下月发工资再还",
    Topic.COMPLAINT: "要打 12378 投诉",
    Topic.DEBT_AGENT: "已委托代理机构（代理维权）",
    Topic.NOT_MY_CARD: "卡不是我办的（冒用/盗刷争议）",
    Topic.SCAM_SUSPICION: "你们是骗子吧",
    Topic.FAMILY_ANSWERS: "家属接听",
    Topic.COLLEAGUE_ANSWERS: "同事接听",
    Topic.ABUSE: "情绪激动或辱骂",
    Topic.SELF_HARM: "表达轻生念头",
    Topic.DECEASED: "持卡人已去世（继承人）",
    Topic.WAIVER: "要求减免",
    Topic.MINIMUM_ONLY: "只还最低",
    Topic.BROKEN_PROMISE: "承诺后又失约",
    Topic.WRITTEN_PROOF: "要求书面材料",
    Topic.FEES_DISPUTE: "质疑利息费用",
    Topic.RECORDING_REQUEST: "要求提供录音",
}


class NextAction(StrEnum):
    """What the collector does after the reply (for a violating reply: the remedy)."""

    VERIFY_IDENTITY = "verify-identity"
    EXPLORE_REASON = "explore-reason"
    ASSESS_CAPACITY = "assess-capacity"
    PROPOSE_PLAN = "propose-plan"
    CONFIRM_PROMISE = "confirm-promise"
    SEND_SMS_CONFIRMATION = "send-sms-confirmation"
    SCHEDULE_CALLBACK = "schedule-callback"
    RELAY_AND_END = "relay-and-end"
    FLAG_DISPUTE = "flag-dispute"
    REGISTER_COMPLAINT = "register-complaint"
    ESCALATE_CRISIS = "escalate-crisis"
    VERIFY_AUTHORISATION = "verify-authorisation"
    REQUEST_DOCUMENTS = "request-documents"
    REFER_FOR_APPROVAL = "refer-for-approval"
    SEND_WRITTEN_STATEMENT = "send-written-statement"
    END_CALL_POLITELY = "end-call-politely"
    CORRECT_AND_APOLOGISE = "correct-and-apologise"
    REPORT_TO_SUPERVISOR = "report-to-supervisor"


NEXT_ACTION_LABELS: dict[NextAction, str] = {
    NextAction.VERIFY_IDENTITY: "核实对方身份",
    NextAction.EXPLORE_REASON: "了解逾期原因",
    NextAction.ASSESS_CAPACITY: "了解收入支出，评估还款能力",
    NextAction.PROPOSE_PLAN: "提出可行的还款方案",
    NextAction.CONFIRM_PROMISE: "确认还款金额和日期",
    NextAction.SEND_SMS_CONFIRMATION: "发送短信确认",
    NextAction.SCHEDULE_CALLBACK: "约定下次联系时间",
    NextAction.RELAY_AND_END: "请对方转告回电，结束通话",
    NextAction.FLAG_DISPUTE: "备注异议、转核实，暂停该笔催收",
    NextAction.REGISTER_COMPLAINT: "登记投诉并告知处理渠道",
    NextAction.ESCALATE_CRISIS: "停止催收，危机干预，当日上报",
    NextAction.VERIFY_AUTHORISATION: "核验授权委托书",
    NextAction.REQUEST_DOCUMENTS: "请对方提供证明材料",
    NextAction.REFER_FOR_APPROVAL: "按权限提交审批",
    NextAction.SEND_WRITTEN_STATEMENT: "通过官方渠道寄送书面材料",
    NextAction.END_CALL_POLITELY: "礼貌结束通话",
    NextAction.CORRECT_AND_APOLOGISE: "当场更正说法并致歉",
    NextAction.REPORT_TO_SUPERVISOR: "报告主管，进入质检",
}


# --- call standards -----------------------------------------------------------------------


class CallStandard(_Strict):
    """A call-handling standard that no policy-pack checker enforces yet.

    Like a pack rule, its status is derived from its citations (the least verified one): a
    house policy derived from verified law cites the house policy itself as well as the law,
    and says in ``basis`` how it follows (the book's reading), never presenting itself as law.
    """

    id: str = Field(pattern=r"^CALL(-[A-Z0-9]+)+$")
    title: str = Field(min_length=1)
    category: Category
    basis: Prose = Field(min_length=1, description="How the standard follows from its sources")
    why: Prose = Field(min_length=1)
    instead: Prose = Field(min_length=1)
    citations: list[Citation] = Field(min_length=1)

    @property
    def status(self) -> Status:
        """The least verified status among the citations (as for pack rules)."""
        return weakest(c.status for c in self.citations)

    @model_validator(mode="after")
    def _house_policy_is_labelled(self) -> CallStandard:
        if self.status is Status.HOUSE_POLICY and not self.title.startswith("（行内政策）"):
            raise ValueError("a house-policy standard's title must start with （行内政策）")
        if self.status is not Status.HOUSE_POLICY and self.title.startswith("（行内政策）"):
            raise ValueError("only a house-policy standard may be titled （行内政策）")
        return self


class StandardFile(_Strict):
    standards: list[CallStandard] = Field(min_length=1)


#: Where a call standard comes from, as :attr:`RuleInfo.source` says it.
STANDARDS_SOURCE = "call-standards"


@dataclass(frozen=True)
class RuleInfo:
    """A rule as conversation and QA content cite it: a pack rule or a call standard."""

    id: str
    title: str
    status: Status
    source: str  # pack id, or STANDARDS_SOURCE
    citations: tuple[Citation, ...]
    why: str
    instead: str

    @classmethod
    def of(cls, rule: Rule | CallStandard, source: str) -> RuleInfo:
        """The cited view of a pack rule (``source``: its pack id) or of a call standard."""
        return cls(
            rule.id, rule.title, rule.status, source, tuple(rule.citations), rule.why, rule.instead
        )

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def citation(self) -> Citation:
        """The first (main) citation."""
        return self.citations[0]

    @property
    def citation_text(self) -> str:
        """Every citation with its status; a house-policy citation by its document alone."""
        return "；".join(
            c.document if c.status is Status.HOUSE_POLICY else c.labelled() for c in self.citations
        )


# --- call flow ----------------------------------------------------------------------------


class WordingPair(_Strict):
    """The same moment said compliantly and non-compliantly."""

    situation: str = Field(min_length=1)
    party: Party = Field(default=Party.DEBTOR, description="Who hears it")
    compliant: Prose = Field(min_length=1)
    violating: Prose = Field(min_length=1)
    why: Prose = Field(min_length=1, description="Why the violating wording fails")
    rules: list[str] = Field(min_length=1, description="Rules the violating wording breaks")


class StepGuide(_Strict):
    """One step of the call: why it exists, how to do it, wording, rules it serves."""

    id: CallStep
    purpose: Prose = Field(min_length=1)
    how: list[Prose] = Field(min_length=1)
    rules: list[str] = Field(min_length=1)
    wording: list[WordingPair] = Field(min_length=1)

    @property
    def title(self) -> str:
        return CALL_STEP_LABELS[self.id]


class CallFlow(_Strict):
    steps: list[StepGuide]

    @field_validator("steps")
    @classmethod
    def _all_steps_in_order(cls, steps: list[StepGuide]) -> list[StepGuide]:
        found = [s.id for s in steps]
        if found != list(CallStep):
            raise ValueError(
                f"steps must be exactly {[s.value for s in CallStep]} in this order, "
                f"found {[s.value for s in found]}"
            )
        return steps


# --- objection bank -----------------------------------------------------------------------


class Reply(_Strict):
    """One possible reply, graded, with feedback written for this reply."""

    id: str = Field(pattern=r"^[a-e]$")
    text: Prose = Field(min_length=1)
    grade: Grade
    feedback: Prose = Field(min_length=20, description="Why it works or fails; what to say")
    rules: list[str] = Field(default_factory=list)
    next_action: NextAction

    @model_validator(mode="after")
    def _violating_names_a_rule(self) -> Reply:
        if self.grade is Grade.VIOLATING and not self.rules:
            raise ValueError("a violating reply must name at least one rule id")
        return self


class Scenario(_Strict):
    """An objection: who says what, in which situation, and graded replies."""

    id: str = Field(pattern=r"^[a-z][a-z-]*-\d{2}$", description="<topic>-NN, e.g. no-money-01")
    topic: Topic
    step: CallStep = Field(description="The call step where this objection typically comes up")
    party: Party
    context: Prose = Field(min_length=1)
    debtor_line: Prose = Field(min_length=1)
    replies: list[Reply] = Field(min_length=3, max_length=5)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if not self.id.startswith(f"{self.topic.value}-"):
            raise ValueError(f"id must start with its topic {self.topic.value!r}")
        ids = [r.id for r in self.replies]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate reply ids: {ids}")
        missing = set(Grade) - {r.grade for r in self.replies}
        if missing:
            raise ValueError(
                f"replies must include every grade; missing {sorted(g.value for g in missing)}"
            )
        return self


class ObjectionFile(_Strict):
    scenarios: list[dict] = Field(min_length=1)


# --- protocols ----------------------------------------------------------------------------


class ProtocolId(StrEnum):
    COMPLAINT = "complaint"
    SELF_HARM = "self-harm"
    DECEASED = "deceased"
    DISPUTE = "dispute"
    DEBT_AGENT = "debt-agent"
    FIELD_VISIT = "field-visit"
    ANTI_FRAUD = "anti-fraud"


class FlowStep(_Strict):
    """A step of a decision flow: an action (``do``) or a yes/no question (``ask``).

    The branches are ``if_yes``/``if_no`` (bare ``yes``/``no`` keys are booleans in YAML 1.1).
    """

    id: str = Field(pattern=SLUG)
    do: Prose | None = None
    ask: Prose | None = None
    if_yes: str | None = None
    if_no: str | None = None
    next: str | None = Field(default=None, description="Step after a 'do'; default: the next one")
    end: bool = False
    rules: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> FlowStep:
        if (self.do is None) == (self.ask is None):
            raise ValueError("a step has exactly one of 'do' and 'ask'")
        if self.ask is not None:
            if self.if_yes is None or self.if_no is None:
                raise ValueError("an 'ask' step needs both 'if_yes' and 'if_no'")
            if self.next is not None or self.end:
                raise ValueError("an 'ask' step branches with 'if_yes'/'if_no', not 'next'/'end'")
        else:
            if self.if_yes is not None or self.if_no is not None:
                raise ValueError("only an 'ask' step may have 'if_yes'/'if_no'")
            if self.end and self.next is not None:
                raise ValueError("an 'end' step has no 'next'")
        return self

    def targets(self, following: str | None) -> list[str]:
        """Step ids reachable in one move (``following`` is the next step in the list)."""
        if self.ask is not None:
            return [self.if_yes, self.if_no]  # type: ignore[list-item]
        if self.end:
            return []
        target = self.next or following
        return [target] if target else []


class Protocol(_Strict):
    """What to do in a special situation, as a decision flow."""

    id: ProtocolId
    title: str = Field(min_length=1)
    trigger: Prose = Field(min_length=1, description="When the protocol applies")
    why: Prose = Field(min_length=1)
    rules: list[str] = Field(min_length=1)
    flow: list[FlowStep] = Field(min_length=3)
    drills: list[str] = Field(min_length=2, description="Drill item ids that practise it")

    @model_validator(mode="after")
    def _flow_is_sound(self) -> Protocol:
        ids = [s.id for s in self.flow]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate flow step ids: {ids}")
        edges: dict[str, list[str]] = {}
        for i, step in enumerate(self.flow):
            following = ids[i + 1] if i + 1 < len(ids) else None
            targets = step.targets(following)
            for target in targets:
                if target not in ids:
                    raise ValueError(f"flow step {step.id!r} points to unknown step {target!r}")
            if step.do is not None and not step.end and not targets:
                raise ValueError(f"flow step {step.id!r} is last but not marked 'end: true'")
            edges[step.id] = targets
        reached, todo = set(), [ids[0]]
        while todo:
            current = todo.pop()
            if current not in reached:
                reached.add(current)
                todo.extend(edges[current])
        unreachable = [i for i in ids if i not in reached]
        if unreachable:
            raise ValueError(f"flow steps not reachable from the first: {unreachable}")
        state: dict[str, int] = {}

        def visit(node: str) -> None:
            state[node] = 1
            for target in edges[node]:
                if state.get(target) == 1:
                    raise ValueError(f"the flow loops back to {target!r}; a flow must end")
                if target not in state:
                    visit(target)
            state[node] = 2

        visit(ids[0])
        return self


class ProtocolFile(_Strict):
    protocols: list[Protocol] = Field(min_length=1)


# --- worked cases -------------------------------------------------------------------------


class Speaker(StrEnum):
    COLLECTOR = "collector"
    DEBTOR = "debtor"
    THIRD_PARTY = "third_party"


SPEAKER_LABELS: dict[Speaker, str] = {
    Speaker.COLLECTOR: "催收员",
    Speaker.DEBTOR: "持卡人",
    Speaker.THIRD_PARTY: "对方",
}


class Turn(_Strict):
    """One turn of an annotated transcript."""

    speaker: Speaker
    text: Prose = Field(min_length=1)
    note: Prose = Field(default="", description="Annotation: what this turn does and why")
    grade: Grade | None = Field(default=None, description="Collector turns only")
    rules: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _collector_turns_are_graded(self) -> Turn:
        if self.speaker is Speaker.COLLECTOR and self.grade is None:
            raise ValueError("a collector turn needs a grade")
        if self.speaker is not Speaker.COLLECTOR and self.grade is not None:
            raise ValueError("only collector turns are graded")
        if self.grade is Grade.VIOLATING and not self.rules:
            raise ValueError("a violating turn must name at least one rule id")
        return self


class WorkedCase(_Strict):
    """A short scenario with its annotated handling."""

    id: str = Field(pattern=r"^WC-[A-Z0-9]+(-[A-Z0-9]+)*$")
    protocol: ProtocolId
    title: str = Field(min_length=1)
    situation: Prose = Field(min_length=1)
    turns: list[Turn] = Field(min_length=4)
    after_call: list[Prose] = Field(min_length=1, description="What happens after the call")
    lesson: Prose = Field(min_length=1)


class WorkedCaseFile(_Strict):
    cases: list[WorkedCase] = Field(min_length=1)


# --- personas -----------------------------------------------------------------------------


class Mood(StrEnum):
    CALM = "calm"
    WORRIED = "worried"
    IRRITATED = "irritated"
    HOSTILE = "hostile"
    DISTRESSED = "distressed"


MOOD_LABELS: dict[Mood, str] = {
    Mood.CALM: "平静",
    Mood.WORRIED: "焦虑",
    Mood.IRRITATED: "不耐烦",
    Mood.HOSTILE: "敌对",
    Mood.DISTRESSED: "情绪崩溃",
}

Share = float


class Fact(_Strict):
    """Something true about the debtor that the collector has to find out."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: Prose = Field(min_length=1)
    discovered_at: CallStep = Field(description="The step where a good collector learns it")
    how: Prose = Field(min_length=1, description="What question or check reveals it")


class HiddenState(_Strict):
    """The debtor's state at the start of a call (not shown to the trainee)."""

    ability: Share = Field(ge=0, le=1, description="Share of the balance payable within a month")
    willingness: Share = Field(ge=0, le=1)
    trust: Share = Field(ge=0, le=1, description="Trust in the caller at the start")
    mood: Mood
    facts: list[Fact] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique_facts(self) -> HiddenState:
        ids = [f.id for f in self.facts]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate fact ids: {ids}")
        return self

    @property
    def debt_beyond_capacity(self) -> bool:
        """Art. 70's first condition: the debt exceeds what the debtor can repay."""
        return self.ability < 1

    @property
    def willing_to_repay(self) -> bool:
        """Art. 70's second condition."""
        return self.willingness >= 0.5

    @property
    def instalment_eligible(self) -> bool:
        """Both Art. 70 conditions hold (the bank *may* then agree an instalment plan)."""
        return self.debt_beyond_capacity and self.willing_to_repay


class Persona(_Strict):
    """A debtor the call simulator will play (utterance trees come later)."""

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    summary: Prose = Field(min_length=1)
    archetype: str | None = Field(default=None, description="Campaign archetype id, if any")
    answers: Party = Field(default=Party.UNVERIFIED, description="Who picks up the phone")
    protocols: list[ProtocolId] = Field(default_factory=list)
    hidden: HiddenState


class PersonaFile(_Strict):
    personas: list[Persona] = Field(min_length=1)
