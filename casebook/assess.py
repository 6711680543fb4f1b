"""Evaluate actions on a case against policy packs: violations, feedback and scores."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from casebook.checks import REGISTRY, Context
from casebook.model import Action, Case, Role
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.sources import Citation


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Violation(_Frozen):
    """One breach of one rule by one action (or by the plan as a whole)."""

    rule_id: str
    title: str
    category: str
    status: str = Field(description="The rule's status, derived from its citations (the weakest)")
    status_label: str
    pack: str
    action_index: int | None = Field(description="Index into the evaluated actions")
    action_time: datetime | None
    detail: str
    why: str
    instead: str
    citation: str = Field(description="Short reference of the primary citation")
    citations: list[Citation] = Field(description="Every citation, each with its own status")
    points: int


class ScoreBreakdown(_Frozen):
    compliance: float
    effectiveness: float
    cost: float = Field(description="Estimated cost of the actions in yuan")
    total: float


class PackRef(_Frozen):
    id: str
    version: str


class Assessment(_Frozen):
    """The result of :func:`evaluate`: pure data, JSON-serialisable."""

    case_id: str
    compliant: bool
    actions_evaluated: int
    violations: list[Violation]
    score: ScoreBreakdown
    packs: list[PackRef]

    def violated_rule_ids(self) -> list[str]:
        """Sorted, distinct ids of the rules that were broken."""
        return sorted({v.rule_id for v in self.violations})

    def to_json_dict(self) -> dict[str, Any]:
        """A plain dict for ``json.dumps`` (datetimes as ISO strings)."""
        return self.model_dump(mode="json")


@lru_cache(maxsize=1)
def scoring_config() -> dict[str, Any]:
    """The scoring assumptions shipped in ``casebook/data/scoring.yaml``."""
    text = (resources.files("casebook") / "data" / "scoring.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _score(case: Case, actions: Sequence[Action], violations: list[Violation]) -> ScoreBreakdown:
    config = scoring_config()
    deducted = sum(v.points for v in violations)
    compliance = max(0.0, float(config["compliance"]["start"]) - deducted)
    outcome_points = config["effectiveness"]["outcome_points"]
    gained = 0.0
    for action in actions:
        try:
            role = case.contact(action.target).role
        except KeyError:
            continue
        if role in (Role.DEBTOR, Role.GUARANTOR):
            gained += outcome_points.get(action.outcome.value, 0)
    effectiveness = min(float(config["effectiveness"]["cap"]), gained)
    costs = config["cost"]["channel_cost"]
    cost = round(sum(costs.get(a.channel.value, 0.0) for a in actions), 2)
    weights = config["weights"]
    total = round(compliance * weights["compliance"] + effectiveness * weights["effectiveness"], 1)
    return ScoreBreakdown(
        compliance=compliance, effectiveness=effectiveness, cost=cost, total=total
    )


def evaluate(
    case: Case,
    actions: Sequence[Action],
    packs: Sequence[Pack],
    context: Context | None = None,
) -> Assessment:
    """Check ``actions`` (planned or taken) on ``case`` against every rule of ``packs``.

    The case's own history is taken into account (e.g. earlier calls count towards daily
    caps and unreachability) but only the evaluated actions can be found in breach.
    Pure and deterministic: the same inputs always give the same assessment.

    ``context`` is a :class:`~casebook.checks.Context` subclass built on the same case and
    actions that gives checkers more to look at (the call simulator passes a
    :class:`~casebook.checks.call.CallContext` with the call's turns); default: a plain one.
    """
    actions = list(actions)
    if context is not None and (context.case is not case or list(context.actions) != actions):
        raise ValueError("the context must be built on the same case and actions")
    ctx = (
        Context(case, actions, packs=tuple(packs))
        if context is None
        else dataclasses.replace(context, packs=tuple(packs), _cache={})
    )
    violations: list[Violation] = []
    registry = PackRegistry.of(packs)
    for pack, rule, params in registry.entries():
        for finding in REGISTRY[rule.check].run(params, ctx):
            index = finding.action_index
            violations.append(
                Violation(
                    rule_id=rule.id,
                    title=rule.title,
                    category=rule.category.value,
                    status=rule.status.value,
                    status_label=rule.status_label,
                    pack=pack.meta.id,
                    action_index=index,
                    action_time=actions[index].time if index is not None else None,
                    detail=finding.detail,
                    why=rule.why.strip(),
                    instead=rule.instead.strip(),
                    citation=rule.citation.short(),
                    citations=list(rule.citations),
                    points=rule.points,
                )
            )
    violations.sort(key=lambda v: (v.action_index if v.action_index is not None else -1, v.rule_id))
    return Assessment(
        case_id=case.case_id,
        compliant=not violations,
        actions_evaluated=len(actions),
        violations=violations,
        score=_score(case, actions, violations),
        packs=[PackRef(id=p.meta.id, version=p.meta.version) for p in registry],
    )
