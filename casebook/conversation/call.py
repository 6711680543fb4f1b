"""The call simulator: one phone call with a debtor persona, in the shape of a Gymnasium env.

>>> sim = CallSimulator("forgetful")
>>> obs, info = sim.reset(seed=7)
>>> obs.line, [o.id for o in obs.options]          # who answered, what they said, the offers
>>> obs, reward, terminated, truncated, info = sim.step(Choice("open-intro"))   # an offer
>>> obs, reward, terminated, truncated, info = sim.step("请问您最近是遇到什么情况了？")  # free text

A reply is an offered reply (:class:`Choice`, or ``{"option": id}``) or free text (``str``).
Every collector turn is judged by the policy engine (:func:`casebook.assess.evaluate` with a
:class:`~casebook.checks.call.CallContext`: the call checkers and every pack rule that reads a
phone action) and by the wording judge (:func:`casebook.conversation.wording.judge_wording`).
The other side then reacts to what was said, following the persona's dialogue
(``casebook/data/conversation/dialogues/``): trust, mood and complaint risk change, facts come
out, the call moves on or ends (promise to pay, instalment application, dispute flagged,
escalation, message relayed, complaint, hang-up).

**A violating turn makes no progress**: the other side reacts to the violation (trust and
complaint risk move by the rule's points) and nothing is revealed; if the call ends on that
turn, the ending is worth nothing. The score (:class:`CallScore`) is the weighted mean of
compliance (100 minus the points of every violation), the ending's value for this persona
and the share of the persona's facts discovered, so a violating turn never raises the score:
compliance falls and the other two cannot rise. ``reward`` is the change of the score and
``info["reward_terms"]`` its parts.

Deterministic: who answers, the other side's wording and the order of the offered replies
come from the seed, so the same seed and replies always give the same transcript
(:func:`replay`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Literal

from faker import Faker
from pydantic import BaseModel, ConfigDict

from casebook.assess import evaluate
from casebook.checks.call import CallContext, CallFacts, CallTurn
from casebook.conversation.dialogue import (
    CALL_EVENT_LABELS,
    CALL_OUTCOME_LABELS,
    Answerer,
    CallData,
    CallEvent,
    CallOutcome,
    Dialogue,
    Ending,
    Node,
    Option,
    Response,
    default_call_data,
    format_text,
)
from casebook.conversation.schema import (
    MOOD_LABELS,
    PARTY_LABELS,
    Grade,
    Mood,
    Party,
    Persona,
)
from casebook.conversation.wording import judge_wording
from casebook.model import Action, Case, Channel, Outcome, Purpose, RepaymentAssessment
from casebook.policy.loader import builtin_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack, Rule, Status
from casebook.synth import given_name, make_case

#: Packs a call is judged by unless others are given: the law pack and the house pack with
#: the call-handling rules.
DEFAULT_CALL_PACKS = ("cn", "house")
#: The checker every set of packs used on a call must hold (else the house pack is added).
CALL_CHECK = "call_identity_first"
#: Willingness from which the debtor counts as willing to repay (as HiddenState.willing_to_repay).
WILLING = 0.5
#: Longest free-text reply accepted.
MAX_REPLY_CHARS = 500

Speaker = Literal["collector", "debtor"]


class ReplyError(ValueError):
    """A reply the call cannot take; ``position`` is its index in a list of replies."""

    def __init__(self, message: str, position: int | None = None):
        self.position = position
        super().__init__(message)


@dataclass(frozen=True)
class Choice:
    """An offered reply, by its id."""

    option: str


Reply = str | Choice | Mapping[str, Any]


def parse_reply(item: Any, where: str = "回复") -> str | Choice:
    """A free-text string or ``{"option": id}`` as a reply; ValueError (Chinese) otherwise."""
    if isinstance(item, Choice):
        return item
    if isinstance(item, str):
        if not item.strip():
            raise ValueError(f"{where}：自由回复不能为空")
        if len(item) > MAX_REPLY_CHARS:
            raise ValueError(f"{where}：自由回复有 {len(item)} 个字符，上限 {MAX_REPLY_CHARS}")
        return item
    if isinstance(item, Mapping):
        keys = sorted(map(str, item))
        if keys != ["option"]:
            raise ValueError(f"{where}：对象只能有一个键 option（选项编号），实际是 {keys}")
        option = item["option"]
        if not isinstance(option, str) or not option.strip():
            raise ValueError(f"{where}：option 必须是非空的选项编号字符串")
        return Choice(option.strip())
    raise ValueError(
        f'{where}：应当是一段文字（自由回复）或 {{"option": 选项编号}}，'
        f"实际是 {type(item).__name__}"
    )


def call_packs(packs: Sequence[Pack] | None = None) -> PackRegistry:
    """The packs a call is judged by: ``packs`` (default: cn + house), with the built-in
    house pack added when they hold no call checker (the call rules are house policies)."""
    if packs is None:
        return builtin_packs(DEFAULT_CALL_PACKS)
    registry = PackRegistry.of(packs)
    if registry.rules_for(CALL_CHECK):
        return registry
    return PackRegistry([*registry, *builtin_packs(("house",))])


def cite(rule: Rule) -> str:
    """Status and sources of a rule in one line: the status label, then the non-house sources."""
    sources = [c.short() for c in rule.citations if c.status is not Status.HOUSE_POLICY]
    if rule.status is Status.HOUSE_POLICY:
        return (
            (f"{rule.status_label}，参照：" + "；".join(sources)) if sources else rule.status_label
        )
    return f"{rule.status_label}：" + "；".join(sources)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnFinding:
    """An annotation of a transcript turn.

    ``kind``: ``violation`` (a rule broken; ``rule``, ``citation``, ``instead``, ``points``),
    ``advice`` (compliant but no progress), ``fact`` (a fact the other side revealed),
    ``event`` (核身通过, a dispute, self-harm) or ``outcome`` (how the call ended). ``better``
    is a better reply at that moment (from the dialogue data or the objection bank).
    """

    kind: Literal["violation", "advice", "fact", "event", "outcome"]
    text: str
    why: str = ""  # violations: why the rule exists
    rule: str = ""
    title: str = ""
    citation: str = ""
    instead: str = ""
    quote: str = ""
    better: str = ""
    points: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.kind == "violation":
            data |= {
                "why": self.why,
                "rule": self.rule,
                "title": self.title,
                "citation": self.citation,
                "instead": self.instead,
                "points": self.points,
            }
        if self.quote:
            data["quote"] = self.quote
        if self.better:
            data["better"] = self.better
        return data


@dataclass(frozen=True)
class TranscriptTurn:
    """One turn of the call: who spoke, what, and its annotations."""

    speaker: Speaker
    text: str
    findings: tuple[TurnFinding, ...] = ()
    node: str = ""
    option: str | None = None
    grade: Grade | None = None
    intents: tuple[str, ...] = ()

    @property
    def violations(self) -> list[TurnFinding]:
        return [f for f in self.findings if f.kind == "violation"]


@dataclass(frozen=True)
class CallScore:
    """The call's score (0–100) and its terms."""

    compliance: float
    outcome: float
    discovery: float | None
    total: float
    points_lost: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "compliance": self.compliance,
            "outcome": self.outcome,
            "discovery": self.discovery,
            "points_lost": self.points_lost,
        }


@dataclass(frozen=True)
class CallResult:
    """How the call ended."""

    outcome: CallOutcome
    value: int
    amount: float | None = None
    date: date | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return CALL_OUTCOME_LABELS[self.outcome]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.outcome.value,
            "label": self.label,
            "amount": self.amount,
            "date": self.date.isoformat() if self.date else None,
            "note": self.note,
        }


class OfferedReply(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    text: str


class CallObservation(BaseModel):
    """What the collector knows after each step."""

    model_config = ConfigDict(frozen=True)

    persona: str
    turn: int
    max_turns: int
    answered_by: Party
    answered_label: str
    line: str
    options: list[OfferedReply]
    verified: bool
    mood: Mood
    mood_label: str
    facts: list[str]
    ended: bool
    outcome: CallOutcome | None


@dataclass
class CallState:
    """The other side's hidden state and the call's progress (trainers' view)."""

    node: str
    trust: float
    willingness: float
    mood: Mood
    complaint: float = 0.0
    verified: bool = False
    revealed: list[str] = field(default_factory=list)
    self_harm_after: int | None = None
    dispute_after: int | None = None
    stalls: int = 0
    result: CallResult | None = None
    truncated: bool = False


def compute_score(
    points_lost: int,
    outcome_value: float,
    discovered: int,
    discoverable: int,
    weights: Mapping[str, float],
) -> CallScore:
    """The weighted score: compliance = max(0, 100 − points lost), outcome = the ending's
    value (0 until the call ends), discovery = share of the discoverable facts found (left
    out when there are none). Monotone in each term."""
    compliance = float(max(0, 100 - points_lost))
    discovery = None if discoverable == 0 else round(100 * discovered / discoverable, 1)
    parts = [(weights["compliance"], compliance), (weights["outcome"], float(outcome_value))]
    if discovery is not None:
        parts.append((weights["discovery"], discovery))
    total = round(sum(w * v for w, v in parts) / sum(w for w, _ in parts), 1)
    return CallScore(compliance, float(outcome_value), discovery, total, points_lost)


# --- the simulator ------------------------------------------------------------------------


class CallSimulator:
    """One call with a persona; see the module docstring."""

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["ansi"]}

    def __init__(
        self,
        persona: str,
        packs: Sequence[Pack] | None = None,
        data: CallData | None = None,
    ):
        self.data = data if data is not None else default_call_data()
        if persona not in self.data.dialogues:
            known = "、".join(self.data.dialogues)
            raise KeyError(f"未知的持卡人角色「{persona}」；可选：{known}")
        self.persona_id = persona
        self.persona: Persona = self.data.persona(persona)
        self.dialogue: Dialogue = self.data.dialogue(persona)
        self.settings = self.data.settings
        self.packs = call_packs(packs)
        self.seed: int | None = None
        self.case: Case | None = None
        self.answerer: Answerer | None = None
        self.turns: list[TranscriptTurn] = []
        self.replies: list[str | Choice] = []
        self._call_turns: list[CallTurn] = []
        self._points_lost = 0
        self._options: list[Option] = []
        self._promise: tuple[float, date] | None = None

    # --- set-up --------------------------------------------------------------------------

    def _build_case(self, seed: int, answerer: Answerer) -> Case:
        scenario = "unreachable" if answerer.dialled == "sibling" else "reachable"
        base = make_case(seed, scenario)
        fake = Faker("zh_CN")
        fake.seed_instance(f"call:{self.persona_id}:{seed}")
        debtor = base.debtor
        if self.dialogue.gender and self.dialogue.gender != debtor.gender:
            name = debtor.name[0] + given_name(fake, self.dialogue.gender)
            debtor = debtor.model_copy(update={"gender": self.dialogue.gender, "name": name})
        contacts = []
        for contact in base.contacts:
            if contact.id == "debtor":
                contact = contact.model_copy(update={"name": debtor.name})
            elif contact.id == "sibling" and answerer.dialled == "sibling":
                female = answerer.relation in ("姐姐", "妹妹", "妻子", "母亲", "女儿")
                name = debtor.name[0] + given_name(fake, "女" if female else "男")
                contact = contact.model_copy(update={"relation": answerer.relation, "name": name})
            contacts.append(contact)
        return base.model_copy(
            update={
                "case_id": f"CALL-{seed:05d}-{self.persona_id.upper()}",
                "title": "通话演练",
                "debtor": debtor,
                "contacts": contacts,
            }
        )

    def _values(self) -> dict[str, Any]:
        case = self.case
        debtor = case.debtor
        female = debtor.gender == "女"
        values = {
            "bank": self.settings.bank,
            "hotline": self.settings.hotline,
            "agent_id": self.settings.agent_id,
            "name": debtor.name,
            "surname": debtor.name[0],
            "honorific": debtor.name[0] + ("女士" if female else "先生"),
            "ta": "她" if female else "他",
            "balance": f"{case.account.balance:,.2f} 元",
            "principal": f"{case.account.principal:,.2f} 元",
            "dpd": str(case.days_past_due),
            "card_tail": case.account.card_masked.replace(" ", "")[-4:],
            "id_tail": self._id_tail,
            "city": debtor.city,
            "relation": self.answerer.relation,
            "promise_amount": "",
            "promise_date": "",
        }
        promise = self._promise
        if promise is not None:
            values["promise_amount"] = f"{promise[0]:,.2f} 元"
            values["promise_date"] = f"{promise[1].month}月{promise[1].day}日"
        return values

    def _text(self, text: str) -> str:
        return format_text(text, self._values())

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[CallObservation, dict[str, Any]]:
        """Start a call; the same seed always gives the same answerer, case and wording."""
        self.seed = 0 if seed is None else int(seed)
        self._rng = random.Random(f"call:{self.persona_id}:{self.seed}")
        answerers = self.dialogue.answerers
        self.answerer = self._rng.choices(answerers, weights=[a.weight for a in answerers])[0]
        self.case = self._build_case(self.seed, self.answerer)
        self._id_tail = f"{self._rng.randrange(0, 10_000):04d}"
        hidden = self.persona.hidden
        self._state = CallState(
            node=self.answerer.start,
            trust=hidden.trust,
            willingness=hidden.willingness,
            mood=hidden.mood,
        )
        start = datetime.combine(self.case.as_of.date(), datetime.min.time())
        hour, minute = map(int, self.settings.call_time.split(":"))
        self._call_start = start + timedelta(hours=hour, minutes=minute)
        self.turns = []
        self.replies = []
        self._call_turns = []
        self._points_lost = 0
        self._promise = None
        line = self._arrive(self.dialogue.node(self._state.node))
        self.turns.append(TranscriptTurn("debtor", line, node=self._state.node))
        info = {
            "case": self.case,
            "persona": self.persona_id,
            "answered_by": self.answerer.party.value,
            "seed": self.seed,
            "score": self.score.to_json_dict(),
        }
        return self.observation(), info

    def _arrive(self, node: Node, say: Sequence[str] = ()) -> str:
        """Move to ``node``: draw the line said and the order of the offered replies."""
        line = self._rng.choice(list(say) or node.say)
        self._options = list(node.options)
        self._rng.shuffle(self._options)
        return self._text(line)

    # --- views ---------------------------------------------------------------------------

    @property
    def node(self) -> Node:
        return self.dialogue.node(self._state.node)

    @property
    def state(self) -> CallState:
        """The hidden state (trainers and scorecards; trainees see :meth:`observation`)."""
        return self._state

    @property
    def done(self) -> bool:
        return self.case is not None and (self._state.result is not None or self._state.truncated)

    @property
    def result(self) -> CallResult | None:
        """How the call ended (None while it runs)."""
        if self.case is None:
            return None
        if self._state.truncated and self._state.result is None:
            return CallResult(CallOutcome.NONE, 0, note="通话轮数到达上限，没有结果。")
        return self._state.result

    @property
    def discoverable(self) -> list[str]:
        return list(self.answerer.facts) if self.answerer else []

    @property
    def score(self) -> CallScore:
        found = [f for f in self._state.revealed if f in self.discoverable]
        result = self.result
        return compute_score(
            self._points_lost,
            result.value if result else 0,
            len(found),
            len(self.discoverable),
            self.settings.weights.model_dump(),
        )

    def _fact_text(self, fact_id: str) -> str:
        return next(f.text for f in self.persona.hidden.facts if f.id == fact_id)

    def observation(self) -> CallObservation:
        """The collector's view: who answered, the last line, the offered replies."""
        s = self._state
        party = self.answerer.party
        if party is Party.DEBTOR:
            label = "持卡人本人（已核身）" if s.verified else "接听人（自称本人，尚未核身）"
        else:
            label = f"{PARTY_LABELS[party]}（{self.answerer.relation}）"
        ended = self.done
        return CallObservation(
            persona=self.persona_id,
            turn=len(self._call_turns),
            max_turns=self.settings.max_turns,
            answered_by=party,
            answered_label=label,
            line=self.turns[-1].text,
            options=[]
            if ended
            else [OfferedReply(id=o.id, text=self._text(o.text)) for o in self._options],
            verified=s.verified,
            mood=s.mood,
            mood_label=MOOD_LABELS[s.mood],
            facts=[self._fact_text(f) for f in s.revealed],
            ended=ended,
            outcome=self.result.outcome if ended else None,
        )

    def render(self) -> str:
        o = self.observation()
        return f"第 {o.turn}/{o.max_turns} 轮｜{o.answered_label}｜情绪：{o.mood_label}｜对方：{o.line}"

    # --- judging -------------------------------------------------------------------------

    def _purpose(self, intents: frozenset[str]) -> Purpose:
        if intents & {"demand_payment", "ask_commitment"}:
            return Purpose.COLLECT
        if "offer_instalment" in intents:
            return Purpose.NEGOTIATE
        if intents & {"explore_reason", "ask_capacity"}:
            return Purpose.VERIFY
        return Purpose.RELAY if self.answerer.dialled != "debtor" else Purpose.VERIFY

    def _assessment(self) -> RepaymentAssessment | None:
        capacity = self.dialogue.capacity
        if capacity is None or not set(capacity.facts) <= set(self._state.revealed):
            return None
        hidden = self.persona.hidden
        balance = self.case.account.balance
        return RepaymentAssessment(
            monthly_income=capacity.monthly_income,
            essential_expenses=capacity.essential_expenses,
            available_funds=round(hidden.ability * balance, 2),
            willing_to_repay=self._state.willingness >= WILLING,
        )

    def _case_now(self) -> Case:
        """The case with the dispute raised on this call (if any) on its history."""
        s = self._state
        if s.dispute_after is None:
            return self.case
        marker = Action(
            time=self._turn_time(s.dispute_after) + timedelta(seconds=30),
            channel=Channel.PHONE,
            target=self.answerer.dialled,
            purpose=Purpose.VERIFY,
            outcome=Outcome.DISPUTED,
        )
        return self.case.model_copy(update={"history": [*self.case.history, marker]})

    def _turn_time(self, number: int) -> datetime:
        return self._call_start + timedelta(minutes=number - 1)

    def _judge(self, final: bool) -> list[TurnFinding]:
        """Violations of the current (last) collector turn; with ``final``, the call-level
        checks that run when the call ends."""
        s = self._state
        turn = self._call_turns[-1]
        facts = CallFacts(
            turns=tuple(self._call_turns),
            on_line=self.answerer.relation,
            debtor_on_line=self.answerer.party is Party.DEBTOR,
            verified_before=s.verified,
            self_harm_after=s.self_harm_after,
            dispute_after=s.dispute_after,
            assessment=self._assessment(),
            balance=self.case.account.balance,
            final=final,
            intent_labels=self.data.reader.labels,
        )
        action = Action(
            time=self._turn_time(turn.number),
            channel=Channel.PHONE,
            target=self.answerer.dialled,
            purpose=self._purpose(turn.intents),
            message=turn.text,
            outcome=Outcome.CONNECTED,
            recorded=True,
        )
        case = self._case_now()
        ctx = CallContext(case, [action], call=facts)
        found: dict[str, TurnFinding] = {}
        if not final:  # the wording judge's finding names the words; it comes first
            recipient = "debtor" if self.answerer.party is Party.DEBTOR else "third_party"
            for hit in judge_wording(turn.text, recipient, self.packs):
                rule = self.packs.get(hit.rule)
                if rule is None or hit.rule in found:
                    continue
                found[hit.rule] = TurnFinding(
                    "violation",
                    f"第 {turn.number} 轮：「{hit.span}」——{hit.explanation}",
                    why=rule.why.strip(),
                    rule=rule.id,
                    title=rule.title,
                    citation=cite(rule),
                    instead=hit.hint or rule.instead.strip(),
                    quote=hit.span,
                    points=rule.points,
                )
        for v in evaluate(case, [action], self.packs, context=ctx).violations:
            rule = self.packs.rule(v.rule_id)
            found.setdefault(
                v.rule_id,
                TurnFinding(
                    "violation",
                    _numbered(v.detail, turn.number),
                    why=rule.why.strip(),
                    rule=rule.id,
                    title=rule.title,
                    citation=cite(rule),
                    instead=rule.instead.strip(),
                    points=rule.points,
                ),
            )
        return list(found.values())

    # --- the step ------------------------------------------------------------------------

    def _resolve(self, reply: Reply) -> tuple[str, Option | None]:
        parsed = parse_reply(reply)
        if isinstance(parsed, Choice):
            option = self.node.option(parsed.option)
            if option is None:
                offered = "、".join(o.id for o in self._options)
                raise ReplyError(
                    f"选项「{parsed.option}」不在这一轮的可选回复中（可选：{offered}）"
                )
            return self._text(option.text), option
        return parsed.strip(), None

    def _response(self, node: Node, intents: frozenset[str]) -> Response:
        for response in node.responses:
            if not set(response.when) <= intents:
                continue
            if response.any and not intents & set(response.any):
                continue
            if intents & set(response.unless):
                continue
            if response.min_trust is not None and self._state.trust < response.min_trust:
                continue
            if response.chance is not None and self._rng.random() >= response.chance:
                continue
            return response
        return node.otherwise

    def step(self, reply: Reply) -> tuple[CallObservation, float, bool, bool, dict[str, Any]]:
        """Say ``reply``; see the module docstring."""
        if self.case is None:
            raise RuntimeError("call reset() before step()")
        if self.done:
            raise RuntimeError("the call is over; call reset() to start again")
        text, option = self._resolve(reply)
        before = self.score
        s = self._state
        node = self.node
        if option is not None:
            intents = frozenset(option.tags)
            _, quotes = self.data.reader.read(text)
            quotes = {k: v for k, v in quotes.items() if k in intents}
        else:
            intents, quotes = self.data.reader.read(text)
        number = len(self._call_turns) + 1
        self._call_turns.append(CallTurn(number, text, intents, quotes))
        self.replies.append(Choice(option.id) if option else text)
        violations = self._judge(final=False)

        # The other side reacts.
        settings = self.settings
        if violations:
            response = node.on_violation
            points = sum(v.points for v in violations)
            worst = max(violations, key=lambda v: v.points)
            category = self.packs.rule(worst.rule).category
            say = list(response.say) if response and response.say else []
            if not say:
                say = list(settings.violation.lines[category])
            s.trust -= points * settings.violation.trust_per_point
            s.complaint += points * settings.violation.complaint_per_point
            if response is None:
                response = Response(say=say)
            else:
                response = response.model_copy(update={"say": say})
            s.mood = response.react.mood or (Mood.HOSTILE if points >= 20 else Mood.IRRITATED)
        else:
            response = self._response(node, intents)
            if response.react.mood is not None:
                s.mood = response.react.mood
        react = response.react
        if violations:  # a violating turn can only lose the other side's trust
            react = react.model_copy(
                update={
                    "trust": min(0.0, react.trust),
                    "willingness": min(0.0, react.willingness),
                    "complaint": max(0.0, react.complaint),
                }
            )
        s.trust = min(1.0, max(0.0, s.trust + react.trust))
        s.willingness = min(1.0, max(0.0, s.willingness + react.willingness))
        s.complaint = max(0.0, s.complaint + react.complaint)
        revealed = [] if violations else [f for f in response.reveal if f not in s.revealed]
        event = None if violations else response.event
        progressed = bool(not violations and (response.next or response.end or revealed or event))
        s.stalls = 0 if progressed else s.stalls + 1

        ending = response.end
        line_source: Sequence[str] = response.say
        if ending is None and s.complaint >= settings.complaint_at:
            ending = Ending(
                outcome=CallOutcome.COMPLAINT,
                value=0,
                note="通话中的不当言行让对方决定投诉；投诉要登记、转交，并在记录中如实写明。",
            )
            line_source = settings.complaint_lines
        elif ending is None and (
            s.trust <= settings.hang_up_trust or s.stalls >= settings.patience
        ):
            ending = Ending(
                outcome=CallOutcome.HANG_UP,
                value=0,
                note="对方失去了信任或耐心，挂断了电话；下一次联系要从头建立信任。",
            )
            line_source = settings.hang_up_lines
        truncated = ending is None and number >= settings.max_turns

        # Tentatively apply; a call-level violation at the end takes the gains back.
        final_violations: list[TurnFinding] = []
        if ending is not None or truncated:
            final_violations = [
                v for v in self._judge(final=True) if v.rule not in {x.rule for x in violations}
            ]
        all_violations = violations + final_violations
        if all_violations:
            revealed, event = [], None
        s.revealed += revealed
        if event is CallEvent.VERIFIED:
            s.verified = True
        elif event is CallEvent.DISPUTE and s.dispute_after is None:
            s.dispute_after = number
        elif event is CallEvent.SELF_HARM and s.self_harm_after is None:
            s.self_harm_after = number
        self._points_lost += sum(v.points for v in all_violations)
        if ending is not None:
            s.result = self._result(ending, worthless=bool(all_violations))
        elif truncated:
            s.truncated = True
        if response.next is not None and ending is None:
            s.node = response.next
            line = self._arrive(self.node, line_source)
        else:
            line = self._text(self._rng.choice(list(line_source) or node.say))
            if ending is None:
                self._rng.shuffle(self._options)

        better = self._better(node)
        collector_findings = list(all_violations)
        if all_violations:
            collector_findings = [
                TurnFinding(**{**v.__dict__, "better": better}) for v in all_violations
            ]
        elif option is not None and option.grade is Grade.INEFFECTIVE:
            collector_findings.append(TurnFinding("advice", self._text(option.note), better=better))
        elif option is None and response is node.otherwise:
            collector_findings.append(
                TurnFinding(
                    "advice", "这句话没有让通话往前走：对方没有得到需要回应的内容。", better=better
                )
            )
        self.turns.append(
            TranscriptTurn(
                "collector",
                text,
                tuple(collector_findings),
                node=node.id,
                option=option.id if option else None,
                grade=option.grade if option else None,
                intents=tuple(sorted(intents)),
            )
        )
        debtor_findings = [TurnFinding("fact", self._fact_text(f)) for f in revealed]
        if event is not None:
            debtor_findings.append(TurnFinding("event", CALL_EVENT_LABELS[event]))
        if self.done:
            r = self.result
            debtor_findings.append(TurnFinding("outcome", f"{r.label}：{r.note}"))
        self.turns.append(
            TranscriptTurn("debtor", line, tuple(debtor_findings), node=self._state.node)
        )

        after = self.score
        weights = settings.weights.model_dump()
        terms = _terms(before, after, weights)
        reward = round(after.total - before.total, 4)
        info = {
            "findings": [f.to_json_dict() for f in collector_findings],
            "violations": sorted({v.rule for v in all_violations}),
            "intents": sorted(intents),
            "revealed": [self._fact_text(f) for f in revealed],
            "event": event.value if event else None,
            "node": self._state.node,
            "reward_terms": terms,
            "score": after.to_json_dict(),
            "outcome": self.result.to_json_dict() if self.done else None,
        }
        terminated = s.result is not None
        return self.observation(), reward, terminated, s.truncated, info

    def _result(self, ending: Ending, worthless: bool) -> CallResult:
        """The result of ``ending``; worth nothing when the last turn broke a rule."""
        amount = when = None
        if ending.outcome is CallOutcome.PROMISE:
            balance = self.case.account.balance
            amount = ending.amount if ending.amount is not None else balance * ending.amount_share
            amount = round(min(amount, balance), 2)
            when = self.case.as_of.date() + timedelta(days=ending.in_days)
            self._promise = (amount, when)
        value = 0 if worthless else ending.value
        return CallResult(ending.outcome, value, amount, when, self._text(ending.note))

    def _better(self, node: Node) -> str:
        """The better reply at ``node``: its compliant-and-effective option, plus the objection
        bank's scenario for this moment when there is one."""
        text = self._text(node.best.text)
        if node.bank:
            text += f"（另见异议库 {node.bank}）"
        return text

    # --- the record ----------------------------------------------------------------------

    def violations(self) -> list[tuple[int, TurnFinding]]:
        """``(index in turns, finding)`` of every violation, in order."""
        return [(i, f) for i, t in enumerate(self.turns) for f in t.violations]

    def to_json_dict(self) -> dict[str, Any]:
        """The ``casebook call replay --json`` contract."""
        result = self.result
        return {
            "persona": self.persona_id,
            "seed": self.seed,
            "turns": [
                {
                    "speaker": t.speaker,
                    "text": t.text,
                    "findings": [f.to_json_dict() for f in t.findings],
                }
                for t in self.turns
            ],
            "outcome": result.to_json_dict() if result else None,
            "violations": [
                {
                    "rule": f.rule,
                    "turn": index,
                    "explanation": f"{f.text}。{f.why}" if f.why else f.text,
                    "citation": f.citation,
                }
                for index, f in self.violations()
            ],
            "score": self.score.to_json_dict(),
        }


def _numbered(detail: str, number: int) -> str:
    """A checker's finding, prefixed with the turn unless it names one already."""
    return detail if detail.startswith("第 ") else f"第 {number} 轮：{detail}"


def _terms(before: CallScore, after: CallScore, weights: Mapping[str, float]) -> dict[str, float]:
    """The change of each weighted term of the score."""

    def parts(score: CallScore) -> dict[str, float]:
        used = {"compliance": score.compliance, "outcome": score.outcome}
        if score.discovery is not None:
            used["discovery"] = score.discovery
        total = sum(weights[k] for k in used)
        return {k: weights[k] * v / total for k, v in used.items()}

    a, b = parts(before), parts(after)
    return {
        k: round(b.get(k, 0.0) - a.get(k, 0.0), 4) for k in ("compliance", "outcome", "discovery")
    }


def replay(
    persona: str,
    seed: int,
    replies: Sequence[Reply],
    packs: Sequence[Pack] | None = None,
    strict: bool = True,
    data: CallData | None = None,
) -> CallSimulator:
    """Play ``replies`` from a fresh call. With ``strict``, a reply the call cannot take (bad
    shape, an option not offered at that point, a reply after the call ended) raises
    :class:`ReplyError` naming its position; otherwise it is skipped and listed in
    ``sim.skipped`` as ``(position, reason)``."""
    sim = CallSimulator(persona, packs=packs, data=data)
    sim.reset(seed=seed)
    sim.skipped = []
    for position, reply in enumerate(replies):
        where = f"replies[{position}]"
        try:
            if sim.done:
                raise ReplyError(f"{where}：通话已经结束（{sim.result.label}），这条回复不会被说出")
            sim.step(parse_reply(reply, where))
        except ReplyError as exc:
            message = str(exc) if str(exc).startswith(where) else f"{where}：{exc}"
            if strict:
                raise ReplyError(message, position) from None
            sim.skipped.append((position, message))
        except ValueError as exc:
            if strict:
                raise ReplyError(str(exc), position) from None
            sim.skipped.append((position, str(exc)))
    return sim


__all__ = [
    "DEFAULT_CALL_PACKS",
    "CallObservation",
    "CallResult",
    "CallScore",
    "CallSimulator",
    "CallState",
    "Choice",
    "OfferedReply",
    "ReplyError",
    "TranscriptTurn",
    "TurnFinding",
    "call_packs",
    "cite",
    "compute_score",
    "parse_reply",
    "replay",
]
