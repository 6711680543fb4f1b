"""The call simulator's data: intents, simulator settings and one branching dialogue per persona.

``casebook/data/conversation/``

* ``intents.yaml`` — what a collector's turn does (introduce, give the recording notice, talk
  about the debt, ask about income, promise a waiver …), each with small, explicit regular
  expressions. Free text is read with them; an offered reply carries its intents as data
  (``tags``). The policy packs name intents in the parameters of the call checkers.
* ``call_simulator.yaml`` — the bank's synthetic name and hotline, the call time, limits
  (turns, patience), how violations move the debtor, and the weights of the score.
* ``dialogues/<persona>.yaml`` — who picks up the phone (drawn with the seed), the nodes of
  the conversation: what the other side says on arriving at a node (variants drawn with the
  seed), the replies offered there (id, text, intents, intended grade), and how the other side
  reacts to the intents of the collector's turn (trust, mood and complaint-risk changes,
  facts revealed, events such as 核身通过, a dispute or a statement of self-harm, and the
  endings of the call).

Everything is validated on load against the schema, the personas, the objection bank and
the packs; every problem is reported with its file, line, item and field, like the rest of
the conversation content.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from casebook.checks.base import Patterns
from casebook.conversation.loader import (
    Conversation,
    ConversationError,
    ConversationIssue,
    _File,
    builtin_conversation_dir,
    default_conversation,
)
from casebook.conversation.schema import (
    SLUG,
    CallStep,
    Grade,
    Mood,
    Party,
    Persona,
    Prose,
    _Strict,
)
from casebook.msgcheck.lexicon import default_lexicon
from casebook.policy.schema import Category, Pack

INTENTS_FILE = "intents.yaml"
SIMULATOR_FILE = "call_simulator.yaml"
DIALOGUES_DIR = "dialogues"

#: Placeholders a dialogue text may use (filled from the seeded case and the settings).
PLACEHOLDERS = frozenset(
    {
        "bank",
        "hotline",
        "agent_id",
        "name",
        "honorific",
        "surname",
        "ta",
        "balance",
        "principal",
        "dpd",
        "card_tail",
        "id_tail",
        "city",
        "relation",
        "promise_amount",
        "promise_date",
    }
)


class CallOutcome(StrEnum):
    """How a call ends."""

    PROMISE = "promise_to_pay"
    INSTALMENT = "instalment_application"
    DISPUTE = "dispute_flagged"
    ESCALATION = "escalation"
    RELAYED = "relayed"
    COMPLAINT = "complaint"
    HANG_UP = "hang_up"
    NONE = "none"


CALL_OUTCOME_LABELS: dict[CallOutcome, str] = {
    CallOutcome.PROMISE: "承诺还款",
    CallOutcome.INSTALMENT: "提交个性化分期申请",
    CallOutcome.DISPUTE: "异议已登记，转核实",
    CallOutcome.ESCALATION: "危机上报，暂停催收",
    CallOutcome.RELAYED: "请对方转告回电",
    CallOutcome.COMPLAINT: "对方投诉",
    CallOutcome.HANG_UP: "对方挂断",
    CallOutcome.NONE: "通话没有结果",
}


class CallEvent(StrEnum):
    """Something the other side does that changes what the collector may say next."""

    VERIFIED = "verified"
    DISPUTE = "dispute"
    SELF_HARM = "self_harm"


CALL_EVENT_LABELS: dict[CallEvent, str] = {
    CallEvent.VERIFIED: "核身通过",
    CallEvent.DISPUTE: "对方对欠款提出异议",
    CallEvent.SELF_HARM: "对方流露轻生念头",
}

INTENT_ID = r"^[a-z][a-z_]*$"


# --- intents ------------------------------------------------------------------------------


class Intent(_Strict):
    """What a collector's turn does, and the words that show it.

    A turn has the intent when one of ``patterns`` matches a clause of it (text between
    commas or sentence ends; matched after normalisation: no spaces or punctuation, lower
    case) and none of ``unless`` matches the same clause ("减免需要审批" is not a promise of
    a waiver).
    """

    id: str = Field(pattern=INTENT_ID)
    label: str = Field(min_length=1)
    patterns: Patterns
    unless: list[str] = Field(default_factory=list)

    @field_validator("unless")
    @classmethod
    def _compile_unless(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return value


class IntentFile(_Strict):
    intents: list[Intent] = Field(min_length=1)


#: Intents are read clause by clause: an ``unless`` pattern excuses only its own clause.
_CLAUSE_END = re.compile(r"(?:[。！？!?；;，\n]|,(?!\d{3}))+")


@dataclass(frozen=True)
class IntentReader:
    """Reads the intents of a collector's free text with the matchers of ``intents.yaml``."""

    intents: tuple[Intent, ...]
    #: Texts already read (the same offered replies come back in every graded call).
    _read: dict[str, tuple[frozenset[str], dict[str, str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def labels(self) -> dict[str, str]:
        return {i.id: i.label for i in self.intents}

    def read(self, text: str) -> tuple[frozenset[str], dict[str, str]]:
        """The intents of ``text`` and, for each, the words that showed it (as written)."""
        remembered = self._read.get(text)
        if remembered is None:
            if len(self._read) >= 4096:
                self._read.clear()
            remembered = self._read[text] = self._read_uncached(text)
        intents, words = remembered
        return intents, dict(words)

    def _read_uncached(self, text: str) -> tuple[frozenset[str], dict[str, str]]:
        found: dict[str, str] = {}
        for sentence in (s for s in _CLAUSE_END.split(text) if s.strip()):
            folded = default_lexicon().normalise(sentence)
            plain = folded.text
            for intent in self.intents:
                if intent.id in found:
                    continue
                if any(re.search(p, plain) for p in intent.unless):
                    continue
                for pattern in intent.patterns:
                    match = re.search(pattern, plain)
                    if match and match.end() > match.start():
                        start, end = folded.original_span(match.start(), match.end())
                        found[intent.id] = sentence[start:end]
                        break
        return frozenset(found), found


# --- simulator settings -------------------------------------------------------------------


class ViolationReaction(_Strict):
    """How the other side reacts to a turn that breaks a rule (the turn makes no progress)."""

    trust_per_point: float = Field(ge=0, le=0.1)
    complaint_per_point: float = Field(ge=0, le=0.1)
    lines: dict[Category, list[Prose]] = Field(description="What they say, by rule category")

    @field_validator("lines")
    @classmethod
    def _every_category(cls, value: dict[Category, list[Prose]]) -> dict[Category, list[Prose]]:
        missing = [c.value for c in Category if not value.get(c)]
        if missing:
            raise ValueError(f"lines needed for every rule category; missing {missing}")
        return value


class ScoreWeights(_Strict):
    """Weights of the three score terms (normalised; discovery drops out when there is
    nothing to discover)."""

    compliance: float = Field(gt=0)
    outcome: float = Field(gt=0)
    discovery: float = Field(ge=0)


class SimulatorSettings(_Strict):
    bank: str = Field(min_length=1, description="The synthetic bank's name")
    hotline: str = Field(min_length=1, description="Its official (synthetic) hotline")
    agent_id: str = Field(min_length=1, description="The collector's staff number")
    call_time: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    max_turns: int = Field(ge=4, le=40)
    patience: int = Field(ge=1, le=10, description="Turns without progress before a hang-up")
    hang_up_trust: float = Field(ge=0, le=0.5)
    complaint_at: float = Field(gt=0, le=2)
    violation: ViolationReaction
    hang_up_lines: list[Prose] = Field(min_length=1)
    complaint_lines: list[Prose] = Field(min_length=1)
    weights: ScoreWeights


# --- dialogues ----------------------------------------------------------------------------


class Reaction(_Strict):
    """Changes to the other side's state: trust, willingness and complaint risk are added,
    mood is set."""

    trust: float = Field(default=0.0, ge=-1, le=1)
    willingness: float = Field(default=0.0, ge=-1, le=1)
    complaint: float = Field(default=0.0, ge=-1, le=1)
    mood: Mood | None = None


class Ending(_Strict):
    """How the call ends, and how good that is for this persona (0–100)."""

    outcome: CallOutcome
    value: int = Field(ge=0, le=100)
    amount_share: float | None = Field(default=None, gt=0, le=1, description="Of the balance")
    amount: float | None = Field(default=None, gt=0)
    in_days: int | None = Field(default=None, ge=0, le=60, description="Promised date")
    note: Prose = Field(min_length=1, description="What happens after the call")

    @model_validator(mode="after")
    def _promise_has_amount_and_date(self) -> Ending:
        promise = self.outcome is CallOutcome.PROMISE
        has_amount = self.amount_share is not None or self.amount is not None
        if promise and (not has_amount or self.in_days is None):
            raise ValueError(
                "a promise to pay needs an amount (amount or amount_share) and in_days"
            )
        if not promise and (has_amount or self.in_days is not None):
            raise ValueError("only a promise to pay has an amount and a date")
        if self.amount_share is not None and self.amount is not None:
            raise ValueError("give amount or amount_share, not both")
        return self


class Response(_Strict):
    """How the other side reacts to a collector's turn at a node.

    The first response whose conditions hold is used: every intent of ``when``, at least one
    of ``any`` (if given), none of ``unless``, trust at least ``min_trust``, and — when
    ``chance`` is given — a draw from the call's seeded generator below it. ``say`` is
    what they answer (default: the lines of the ``next`` node); ``next`` is where the call
    goes (default: it stays at this node).
    """

    when: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    min_trust: float | None = Field(default=None, ge=0, le=1)
    chance: float | None = Field(
        default=None, gt=0, lt=1, description="Holds only this often (drawn with the seed)"
    )
    say: list[Prose] = Field(default_factory=list)
    next: str | None = None
    react: Reaction = Reaction()
    reveal: list[str] = Field(default_factory=list)
    event: CallEvent | None = None
    end: Ending | None = None

    @property
    def conditional(self) -> bool:
        return bool(
            self.when
            or self.any
            or self.unless
            or self.min_trust is not None
            or self.chance is not None
        )

    @model_validator(mode="after")
    def _says_something(self) -> Response:
        if self.end is not None and self.next is not None:
            raise ValueError("a response ends the call or goes to a node, not both")
        if self.end is not None and not self.say:
            raise ValueError("a response that ends the call needs 'say' (the last words)")
        if self.next is None and self.end is None and not self.say:
            raise ValueError("a response that stays at the node needs 'say'")
        return self


class Option(_Strict):
    """A reply offered at a node: its text, its intents (data, not matched) and its intended
    grade (checked against the engine by the tests)."""

    id: str = Field(pattern=SLUG)
    text: Prose = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    grade: Grade
    note: Prose = Field(default="", description="Why it works or does not (annotations)")

    @model_validator(mode="after")
    def _ineffective_says_why(self) -> Option:
        if self.grade is Grade.INEFFECTIVE and len(self.note) < 10:
            raise ValueError("a compliant-but-ineffective option needs a note saying why")
        return self


class Node(_Strict):
    """A point of the conversation."""

    id: str = Field(pattern=SLUG)
    step: CallStep
    say: list[Prose] = Field(min_length=1, description="What the other side says on arrival")
    options: list[Option] = Field(min_length=3, max_length=4)
    responses: list[Response] = Field(default_factory=list)
    otherwise: Response = Field(description="When no response fits (no conditions)")
    on_violation: Response | None = Field(
        default=None, description="Instead of the default reaction to a violating turn"
    )
    bank: str | None = Field(default=None, description="Objection-bank scenario of this moment")

    @model_validator(mode="after")
    def _consistent(self) -> Node:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate option ids: {ids}")
        grades = [o.grade for o in self.options]
        if grades.count(Grade.EFFECTIVE) != 1:
            raise ValueError("exactly one option must be graded compliant_effective")
        if Grade.VIOLATING not in grades:
            raise ValueError("at least one option must be graded violating")
        if self.otherwise.conditional:
            raise ValueError("'otherwise' takes no conditions")
        if self.on_violation is not None and self.on_violation.conditional:
            raise ValueError("'on_violation' takes no conditions")
        return self

    @property
    def best(self) -> Option:
        """The compliant-and-effective option."""
        return next(o for o in self.options if o.grade is Grade.EFFECTIVE)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Answerer(_Strict):
    """Who picks up the phone (one is drawn with the seed, by weight)."""

    party: Literal[Party.DEBTOR, Party.FAMILY, Party.COLLEAGUE]
    relation: str = Field(min_length=1, description="本人, or e.g. 妻子、同事、姐姐")
    weight: float = Field(gt=0)
    start: str
    dialled: Literal["debtor", "sibling"] = Field(
        default="debtor", description="The case contact whose number was called"
    )
    facts: list[str] = Field(default_factory=list, description="Facts this call can reveal")

    @model_validator(mode="after")
    def _debtor_is_self(self) -> Answerer:
        if (self.party is Party.DEBTOR) != (self.relation == "本人"):
            raise ValueError("relation is 本人 exactly when the debtor answers")
        if self.party is Party.DEBTOR and self.dialled != "debtor":
            raise ValueError("the debtor answers the debtor's own number")
        return self


class Capacity(_Strict):
    """Once ``facts`` are all revealed, the collector knows capacity and willingness (Art. 70)."""

    facts: list[str] = Field(min_length=1)
    monthly_income: float = Field(ge=0)
    essential_expenses: float = Field(ge=0)


class Dialogue(_Strict):
    """One persona's branching conversation."""

    persona: str = Field(pattern=SLUG)
    gender: Literal["男", "女"] | None = None
    answerers: list[Answerer] = Field(min_length=1)
    capacity: Capacity | None = None
    nodes: list[Node] = Field(min_length=3)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)


# --- loading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallData:
    """Everything the call simulator reads: content, intents, settings and dialogues."""

    conversation: Conversation
    reader: IntentReader
    settings: SimulatorSettings
    dialogues: dict[str, Dialogue]

    def dialogue(self, persona_id: str) -> Dialogue:
        return self.dialogues[persona_id]

    def persona(self, persona_id: str) -> Persona:
        return self.conversation.persona(persona_id)


def placeholders_in(text: str) -> set[str]:
    """The ``{name}`` fields of a text (ValueError for a broken brace)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _texts(model: BaseModel, loc: tuple = ()):
    """Every prose string in ``model`` with its location (for the placeholder check)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _texts(value, (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _texts(item, (*loc, name, i))
                elif isinstance(item, str) and name in ("say", "hang_up_lines", "complaint_lines"):
                    yield (*loc, name, i), item
        elif isinstance(value, str) and name in ("text", "note"):
            yield (*loc, name), value


def _intent_refs(dialogue: Dialogue):
    for n, node in enumerate(dialogue.nodes):
        for o, option in enumerate(node.options):
            for t, tag in enumerate(option.tags):
                yield ("nodes", n, "options", o, "tags", t), node.id, tag
        responses: list[tuple[str, int | None, Response]] = [
            ("responses", r, resp) for r, resp in enumerate(node.responses)
        ]
        responses.append(("otherwise", None, node.otherwise))
        for key, r, resp in responses:
            base = ("nodes", n, key) if r is None else ("nodes", n, key, r)
            for name in ("when", "any", "unless"):
                for i, intent in enumerate(getattr(resp, name)):
                    yield (*base, name, i), node.id, intent


def _check_dialogue(
    f: _File,
    dialogue: Dialogue,
    persona: Persona,
    intents: Collection[str],
    scenarios: Collection[str],
) -> None:
    ids = [n.id for n in dialogue.nodes]
    seen: set[str] = set()
    for n, node_id in enumerate(ids):
        if node_id in seen:
            f.add(("nodes", n, "id"), node_id, "id", "duplicate node id")
        seen.add(node_id)
    facts = {fact.id for fact in persona.hidden.facts}

    def need_node(loc: tuple, item: str | None, field: str, target: str | None) -> None:
        if target is not None and target not in seen:
            f.add(loc, item, field, f"unknown node {target!r}; nodes: {', '.join(ids)}")

    for a, answerer in enumerate(dialogue.answerers):
        need_node(("answerers", a, "start"), None, f"answerers.{a}.start", answerer.start)
        for i, fact in enumerate(answerer.facts):
            if fact not in facts:
                f.add(
                    ("answerers", a, "facts", i),
                    None,
                    f"answerers.{a}.facts.{i}",
                    f"unknown fact {fact!r} of persona {persona.id!r}",
                )
    if dialogue.capacity is not None:
        for i, fact in enumerate(dialogue.capacity.facts):
            if fact not in facts:
                f.add(
                    ("capacity", "facts", i), None, f"capacity.facts.{i}", f"unknown fact {fact!r}"
                )
    for n, node in enumerate(dialogue.nodes):
        if node.bank is not None and node.bank not in scenarios:
            f.add(
                ("nodes", n, "bank"), node.id, "bank", f"unknown objection scenario {node.bank!r}"
            )
        named: list[tuple[str, int | None, Response]] = [
            ("responses", r, resp) for r, resp in enumerate(node.responses)
        ]
        named.append(("otherwise", None, node.otherwise))
        if node.on_violation is not None:
            named.append(("on_violation", None, node.on_violation))
        for key, r, resp in named:
            base = ("nodes", n, key) if r is None else ("nodes", n, key, r)
            field = key if r is None else f"{key}.{r}"
            need_node((*base, "next"), node.id, f"{field}.next", resp.next)
            for i, fact in enumerate(resp.reveal):
                if fact not in facts:
                    f.add(
                        (*base, "reveal", i),
                        node.id,
                        f"{field}.reveal.{i}",
                        f"unknown fact {fact!r}; persona {persona.id!r} has {sorted(facts)}",
                    )
    for loc, item, intent in _intent_refs(dialogue):
        if intent not in intents:
            f.add(loc, item, ".".join(str(p) for p in loc[2:]), f"unknown intent {intent!r}")
    for loc, text in _texts(dialogue):
        try:
            unknown = placeholders_in(text) - PLACEHOLDERS
        except ValueError as exc:
            f.add(loc, None, ".".join(str(p) for p in loc), f"broken placeholder: {exc}")
            continue
        if unknown:
            f.add(
                loc,
                None,
                ".".join(str(p) for p in loc),
                f"unknown placeholder(s) {sorted(unknown)}; known: {sorted(PLACEHOLDERS)}",
            )
    # Every node is reachable from a start, and every node can reach an ending.
    edges = {
        node.id: {r.next for r in (*node.responses, node.otherwise) if r.next in seen} | {node.id}
        for node in dialogue.nodes
    }
    ends = {
        node.id
        for node in dialogue.nodes
        if any(r.end is not None for r in (*node.responses, node.otherwise))
    }
    reached, todo = set(), [a.start for a in dialogue.answerers if a.start in edges]
    while todo:
        current = todo.pop()
        if current not in reached:
            reached.add(current)
            todo.extend(edges[current])
    for n, node in enumerate(dialogue.nodes):
        if node.id not in reached:
            f.add(("nodes", n, "id"), node.id, "id", "node not reachable from any answerer's start")
    can_end = set(ends)
    changed = True
    while changed:
        changed = False
        for node_id, targets in edges.items():
            if node_id not in can_end and targets & can_end:
                can_end.add(node_id)
                changed = True
    for n, node in enumerate(dialogue.nodes):
        if node.id in reached and node.id not in can_end:
            f.add(("nodes", n, "id"), node.id, "id", "no ending can be reached from this node")


#: Parameters of the call checkers that name intents (checked against intents.yaml).
_INTENT_PARAMS = (
    "intents",
    "debt_intents",
    "notice_intents",
    "before_intents",
    "collection_intents",
    "care_intents",
    "escalate_intents",
    "flag_intents",
    "offer_intents",
)


def _check_pack_intents(packs: Sequence[Pack], intents: Collection[str], issues: list) -> None:
    for pack in packs:
        for rule in pack.rules:
            for name in _INTENT_PARAMS:
                for intent in rule.params.get(name, []) or []:
                    if intent not in intents:
                        issues.append(
                            ConversationIssue(
                                f"pack {pack.meta.id}",
                                None,
                                rule.id,
                                f"params.{name}",
                                f"unknown intent {intent!r} (see {INTENTS_FILE})",
                            )
                        )


def load_call_data(
    directory: str | Path | None = None,
    conversation: Conversation | None = None,
    packs: Sequence[Pack] | None = None,
) -> CallData:
    """Load and validate the simulator's data in ``directory`` (default: built-in data).

    Personas and objection scenarios resolve against ``conversation`` (default: the built-in
    content); the intents the packs' call checkers name against ``intents.yaml``. Raises
    :class:`ConversationError` listing every problem.
    """
    directory = Path(directory) if directory is not None else builtin_conversation_dir()
    conv = conversation if conversation is not None else default_conversation()
    issues: list[ConversationIssue] = []

    reader = None
    f = _File(directory / INTENTS_FILE, issues)
    if f.ok:
        parsed = f.validate(IntentFile, f.data if isinstance(f.data, dict) else {})
        if parsed is not None:
            ids = [i.id for i in parsed.intents]
            for i, intent_id in enumerate(ids):
                if intent_id in ids[:i]:
                    f.add(("intents", i, "id"), intent_id, "id", "duplicate intent id")
            reader = IntentReader(tuple(parsed.intents))
    known_intents = {i.id for i in reader.intents} if reader else set()

    settings = None
    f = _File(directory / SIMULATOR_FILE, issues)
    if f.ok:
        settings = f.validate(SimulatorSettings, f.data if isinstance(f.data, dict) else {})

    dialogues: dict[str, Dialogue] = {}
    folder = directory / DIALOGUES_DIR
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    scenarios = {s.id for s in conv.scenarios}
    personas = {p.id: p for p in conv.personas}
    for path in paths:
        f = _File(path, issues)
        if not f.ok:
            continue
        dialogue = f.validate(Dialogue, f.data if isinstance(f.data, dict) else {})
        if dialogue is None:
            continue
        persona = personas.get(dialogue.persona)
        if persona is None:
            f.add(("persona",), None, "persona", f"unknown persona {dialogue.persona!r}")
            continue
        if path.stem != dialogue.persona:
            f.add(("persona",), None, "persona", f"file name must be {dialogue.persona}.yaml")
        if dialogue.persona in dialogues:
            f.add(("persona",), None, "persona", "a second dialogue for this persona")
            continue
        if reader is not None:
            _check_dialogue(f, dialogue, persona, known_intents, scenarios)
        dialogues[dialogue.persona] = dialogue
    missing = [p for p in personas if p not in dialogues]
    if missing:
        issues.append(
            ConversationIssue(
                str(folder), None, None, None, f"no dialogue for persona(s) {missing}"
            )
        )
    if reader is not None:
        if packs is None:
            from casebook.policy.loader import builtin_packs

            packs = builtin_packs(("cn", "house"))
        _check_pack_intents(packs, known_intents, issues)
    if issues or reader is None or settings is None:
        raise ConversationError(issues)
    return CallData(conversation=conv, reader=reader, settings=settings, dialogues=dialogues)


@lru_cache(maxsize=1)
def default_call_data() -> CallData:
    """The built-in simulator data, loaded once per process."""
    return load_call_data()


def format_text(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with its placeholders filled."""
    return text.format_map(values)
