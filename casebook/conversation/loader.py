"""Load the conversation content from YAML, validating it against the schema, the packs and the
drill bank.

Every problem is collected and reported together; each names the file, the line, the id of
the item and the field (``file:line: item ID: field 'replies.2.rules.0': …``), like the policy
packs and the drill bank. Content with any problem is rejected whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from casebook.conversation.schema import (
    STANDARDS_SOURCE,
    CallFlow,
    CallStandard,
    Persona,
    PersonaFile,
    Protocol,
    ProtocolFile,
    ProtocolId,
    RuleInfo,
    Scenario,
    StandardFile,
    WorkedCase,
    WorkedCaseFile,
)
from casebook.issues import DataError, DataIssue
from casebook.policy.loader import load_packs
from casebook.policy.schema import Pack
from casebook.yamlnodes import load_with_nodes, node_at, node_line

#: Packs whose rules the conversation content may name (law pack and example house pack).
CONVERSATION_PACKS = ("cn", "house")
STANDARDS_FILE = "standards.yaml"
CALL_FLOW_FILE = "call_flow.yaml"
PROTOCOLS_FILE = "protocols.yaml"
CASES_FILE = "cases.yaml"
PERSONAS_FILE = "personas.yaml"
OBJECTIONS_DIR = "objections"


class ConversationIssue(DataIssue):
    """One problem found in a conversation content file."""


class ConversationError(DataError):
    """The conversation content failed validation; ``issues`` lists every problem."""

    what = "conversation content"


@dataclass(frozen=True)
class Conversation:
    """The validated conversation content."""

    flow: CallFlow
    scenarios: tuple[Scenario, ...]
    protocols: tuple[Protocol, ...]
    cases: tuple[WorkedCase, ...]
    personas: tuple[Persona, ...]
    standards: tuple[CallStandard, ...]
    rules: dict[str, RuleInfo]
    files: dict[str, str]

    def scenario(self, scenario_id: str) -> Scenario:
        """A scenario by id (KeyError if absent)."""
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise KeyError(scenario_id)

    def protocol(self, protocol_id: ProtocolId | str) -> Protocol:
        """A protocol by id (KeyError if absent)."""
        for p in self.protocols:
            if p.id.value == str(protocol_id):
                return p
        raise KeyError(protocol_id)

    def cases_for(self, protocol_id: ProtocolId | str) -> list[WorkedCase]:
        """The worked cases of a protocol."""
        return [c for c in self.cases if c.protocol.value == str(protocol_id)]

    def persona(self, persona_id: str) -> Persona:
        """A persona by id (KeyError if absent)."""
        for p in self.personas:
            if p.id == persona_id:
                return p
        raise KeyError(persona_id)

    def rule(self, rule_id: str) -> RuleInfo:
        """A cited rule by id (KeyError if absent)."""
        return self.rules[rule_id]


def builtin_conversation_dir() -> Path:
    """Directory of the conversation data shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "conversation"))


class _File:
    """A parsed YAML file with its node tree, collecting issues against it."""

    def __init__(self, path: Path, issues: list[ConversationIssue]):
        self.display = str(path)
        self.issues = issues
        self.data: Any = None
        self.root: yaml.Node | None = None
        self.ok = False
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(None, None, None, "file not found")
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.add(None, None, None, f"cannot read file: {exc}")
            return
        try:
            self.data, self.root = load_with_nodes(text)  # one parse, libyaml
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            self.issues.append(
                ConversationIssue(self.display, line, None, None, f"YAML syntax error: {exc}")
            )
            return
        self.ok = True

    def line(self, loc: Sequence[Any]) -> int | None:
        return node_line(node_at(self.root, loc))

    def add(self, loc: Sequence[Any] | None, item_id: str | None, field: str | None, msg: str):
        line = self.line(loc) if loc is not None and self.root is not None else None
        self.issues.append(ConversationIssue(self.display, line, item_id, field, msg))

    def item_id(self, loc: Sequence[Any]) -> str | None:
        """The ``id`` of the list item that ``loc`` points into (e.g. ``scenarios[3]``)."""
        if len(loc) >= 2 and isinstance(loc[1], int):
            try:
                value = self.data[loc[0]][loc[1]].get("id")
            except (KeyError, IndexError, TypeError, AttributeError):
                return None
            return None if value is None else str(value)
        return None

    def validate(self, model: type[BaseModel], data: Any, prefix: tuple = ()) -> Any:
        """Validate ``data`` (found at ``prefix``); record located issues and return None."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = prefix + tuple(error["loc"])
                item = self.item_id(loc)
                rel = loc[2:] if item is not None else loc
                self.add(loc, item, ".".join(str(p) for p in rel) or None, error["msg"])
            return None


def _rule_index(packs: Sequence[Pack]) -> dict[str, RuleInfo]:
    return {rule.id: RuleInfo.of(rule, pack.meta.id) for pack in packs for rule in pack.rules}


def _rule_refs(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every ``rules`` entry inside ``model``, with its location."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "rules" and isinstance(value, list):
            for i, rule_id in enumerate(value):
                yield (*loc, name, i), rule_id
        elif isinstance(value, BaseModel):
            yield from _rule_refs(value, (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _rule_refs(item, (*loc, name, i))


def _check_rules(
    f: _File, model: BaseModel, prefix: tuple, item_id: str | None, rules: Collection[str]
) -> None:
    for loc, rule_id in _rule_refs(model):
        if rule_id not in rules:
            f.add(
                prefix + loc,
                item_id,
                ".".join(str(p) for p in loc),
                f"unknown rule id {rule_id!r}: not in the packs {list(CONVERSATION_PACKS)} "
                f"nor in {STANDARDS_FILE}",
            )


def _default_drill_ids() -> set[str]:
    from casebook.drills import default_bank

    return {item.id for item in default_bank().items}


def _default_archetypes() -> set[str]:
    from casebook.campaign.params import default_params

    return set(default_params().archetypes)


def load_conversation(
    directory: str | Path | None = None,
    packs: Sequence[Pack] | None = None,
    drill_ids: Collection[str] | None = None,
    archetypes: Collection[str] | None = None,
) -> Conversation:
    """Load and validate the conversation content of ``directory`` (default: built-in data).

    Rule ids resolve against ``packs`` (default: the ``cn`` and ``house`` packs) and the call
    standards of ``standards.yaml``; protocol drills against ``drill_ids`` (default: the
    built-in drill bank); persona archetypes against ``archetypes`` (default: the campaign's).
    Raises :class:`ConversationError` listing every problem.
    """
    directory = Path(directory) if directory is not None else builtin_conversation_dir()
    packs = list(packs) if packs is not None else load_packs(CONVERSATION_PACKS)
    issues: list[ConversationIssue] = []
    rules = _rule_index(packs)

    # Call standards: ids must not clash with pack rules.
    standards: list[CallStandard] = []
    f = _File(directory / STANDARDS_FILE, issues)
    if f.ok:
        parsed = f.validate(StandardFile, f.data if isinstance(f.data, dict) else {})
        for i, standard in enumerate(parsed.standards if parsed else []):
            loc = ("standards", i, "id")
            if standard.id in rules:
                where = rules[standard.id].source
                f.add(loc, standard.id, "id", f"duplicate rule id (also in pack {where!r})")
                continue
            rules[standard.id] = RuleInfo.of(standard, STANDARDS_SOURCE)
            standards.append(standard)
        for i, standard in enumerate(standards):
            _check_rules(f, standard, ("standards", i), standard.id, rules)

    # Call flow.
    flow = None
    f = _File(directory / CALL_FLOW_FILE, issues)
    if f.ok:
        flow = f.validate(CallFlow, f.data if isinstance(f.data, dict) else {})
        if flow is not None:
            for i, step in enumerate(flow.steps):
                _check_rules(f, step, ("steps", i), step.id.value, rules)

    # Objection bank: every file of the objections folder.
    scenarios: list[Scenario] = []
    files: dict[str, str] = {}
    feedback_seen: dict[str, str] = {}
    objection_dir = directory / OBJECTIONS_DIR
    paths = sorted(objection_dir.glob("*.yaml")) if objection_dir.is_dir() else []
    if not paths:
        issues.append(ConversationIssue(str(objection_dir), None, None, None, "no *.yaml files"))
    for path in paths:
        f = _File(path, issues)
        if not f.ok:
            continue
        if not isinstance(f.data, dict) or not isinstance(f.data.get("scenarios"), list):
            f.add(None, None, "scenarios", "expected a mapping with a 'scenarios' list")
            continue
        for i, raw in enumerate(f.data["scenarios"]):
            scenario = f.validate(Scenario, raw, ("scenarios", i))
            if scenario is None:
                continue
            if scenario.id in files:
                f.add(
                    ("scenarios", i, "id"),
                    scenario.id,
                    "id",
                    f"duplicate scenario id (first defined in {files[scenario.id]})",
                )
                continue
            _check_rules(f, scenario, ("scenarios", i), scenario.id, rules)
            for r, reply in enumerate(scenario.replies):
                key = f"{scenario.id}/{reply.id}"
                if reply.feedback in feedback_seen:
                    f.add(
                        ("scenarios", i, "replies", r, "feedback"),
                        scenario.id,
                        f"replies.{r}.feedback",
                        f"same feedback as {feedback_seen[reply.feedback]}; "
                        "write feedback for this reply",
                    )
                feedback_seen.setdefault(reply.feedback, key)
            files[scenario.id] = f.display
            scenarios.append(scenario)

    # Protocols, their drills and their worked cases.
    protocols: list[Protocol] = []
    protocol_lines: dict[str, tuple] = {}
    f_protocols = _File(directory / PROTOCOLS_FILE, issues)
    protocols_known = False  # cross-checks against protocols.yaml only once it is valid
    if f_protocols.ok:
        parsed = f_protocols.validate(
            ProtocolFile, f_protocols.data if isinstance(f_protocols.data, dict) else {}
        )
        protocols_known = parsed is not None
        known_drills = set(drill_ids) if drill_ids is not None else _default_drill_ids()
        seen: set[str] = set()
        for i, protocol in enumerate(parsed.protocols if parsed else []):
            pid = protocol.id.value
            if pid in seen:
                f_protocols.add(("protocols", i, "id"), pid, "id", "duplicate protocol id")
                continue
            seen.add(pid)
            protocol_lines[pid] = ("protocols", i, "id")
            _check_rules(f_protocols, protocol, ("protocols", i), pid, rules)
            for d, drill in enumerate(protocol.drills):
                if drill not in known_drills:
                    f_protocols.add(
                        ("protocols", i, "drills", d),
                        pid,
                        f"drills.{d}",
                        f"unknown drill item {drill!r}",
                    )
            protocols.append(protocol)

    cases: list[WorkedCase] = []
    f = _File(directory / CASES_FILE, issues)
    parsed_cases = None
    if f.ok:
        parsed_cases = f.validate(WorkedCaseFile, f.data if isinstance(f.data, dict) else {})
        seen_cases: set[str] = set()
        for i, case in enumerate(parsed_cases.cases if parsed_cases else []):
            if case.id in seen_cases:
                f.add(("cases", i, "id"), case.id, "id", "duplicate case id")
                continue
            seen_cases.add(case.id)
            _check_rules(f, case, ("cases", i), case.id, rules)
            if protocols_known and case.protocol.value not in protocol_lines:
                f.add(
                    ("cases", i, "protocol"),
                    case.id,
                    "protocol",
                    f"protocol {case.protocol.value!r} is not in {PROTOCOLS_FILE}",
                )
            cases.append(case)
    with_case = {c.protocol.value for c in cases}
    for pid, loc in protocol_lines.items():
        if parsed_cases is not None and pid not in with_case:
            f_protocols.add(loc, pid, "id", f"protocol has no worked case in {CASES_FILE}")

    # Personas.
    personas: list[Persona] = []
    f = _File(directory / PERSONAS_FILE, issues)
    if f.ok:
        parsed = f.validate(PersonaFile, f.data if isinstance(f.data, dict) else {})
        known_archetypes = set(archetypes) if archetypes is not None else _default_archetypes()
        seen_personas: set[str] = set()
        for i, persona in enumerate(parsed.personas if parsed else []):
            if persona.id in seen_personas:
                f.add(("personas", i, "id"), persona.id, "id", "duplicate persona id")
                continue
            seen_personas.add(persona.id)
            if persona.archetype is not None and persona.archetype not in known_archetypes:
                f.add(
                    ("personas", i, "archetype"),
                    persona.id,
                    "archetype",
                    f"unknown campaign archetype {persona.archetype!r}; "
                    f"known: {', '.join(sorted(known_archetypes))}",
                )
            for p, pid in enumerate(persona.protocols):
                if protocols_known and pid.value not in protocol_lines:
                    f.add(
                        ("personas", i, "protocols", p),
                        persona.id,
                        f"protocols.{p}",
                        f"protocol {pid.value!r} is not in {PROTOCOLS_FILE}",
                    )
            personas.append(persona)

    if issues or flow is None:
        raise ConversationError(issues)
    return Conversation(
        flow=flow,
        scenarios=tuple(scenarios),
        protocols=tuple(protocols),
        cases=tuple(cases),
        personas=tuple(personas),
        standards=tuple(standards),
        rules=rules,
        files=files,
    )


@lru_cache(maxsize=1)
def default_conversation() -> Conversation:
    """The built-in content, loaded once per process."""
    return load_conversation()
