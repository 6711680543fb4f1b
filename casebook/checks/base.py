"""Checker registry and the evaluation context shared by all checkers.

A rule in a policy pack names a checker (``check: forbidden_window``) and gives its
parameters. Each checker declares a pydantic model for those parameters, so a pack is
validated against the code that will enforce it when it is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from casebook.model import (
    CONNECTED_OUTCOMES,
    FAILED_CALL_OUTCOMES,
    Action,
    Case,
    Channel,
    Contact,
    Role,
)
from casebook.policy.schema import Pack


def validate_patterns(patterns: list[str]) -> list[str]:
    """Raise ValueError naming the first pattern that is not a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return patterns


#: A non-empty list of regular expressions, each compiled when the pack is loaded.
Patterns = Annotated[list[str], Field(min_length=1), AfterValidator(validate_patterns)]


class Params(BaseModel):
    """Base class of checker parameters: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Finding:
    """One breach found by a checker, tied to an evaluated action (or to none)."""

    action_index: int | None
    detail: str


@dataclass(frozen=True)
class TimedAction:
    """An action on the timeline; ``index`` is set for evaluated (new) actions only."""

    action: Action
    index: int | None
    order: int

    @property
    def is_new(self) -> bool:
        return self.index is not None


CheckFunction = Callable[[BaseModel, "Context"], list[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """A registered checker: its parameter model and its function."""

    name: str
    params_model: type[Params]
    run: CheckFunction
    summary: str


REGISTRY: dict[str, CheckSpec] = {}


def checker(
    name: str, params_model: type[Params], summary: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``func`` as the checker called ``name``."""

    def register(func: CheckFunction) -> CheckFunction:
        if name in REGISTRY:
            raise ValueError(f"checker {name!r} registered twice")
        REGISTRY[name] = CheckSpec(name, params_model, func, summary)
        return func

    return register


@dataclass
class Context:
    """A case plus the actions under evaluation, with timeline helpers.

    ``packs`` are the packs being evaluated (checkers that report under several rules at
    once, such as ``wording``, need to know which rule they are running for).
    """

    case: Case
    actions: list[Action]
    packs: Sequence[Pack] = ()
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @cached_property
    def timeline(self) -> list[TimedAction]:
        """History and evaluated actions together, in time order (stable)."""
        items = [TimedAction(a, None, i) for i, a in enumerate(self.case.history)]
        offset = len(items)
        items += [TimedAction(a, i, offset + i) for i, a in enumerate(self.actions)]
        return sorted(items, key=lambda t: (t.action.time, t.order))

    def new_actions(self) -> Iterator[TimedAction]:
        """The evaluated actions, in time order."""
        return (t for t in self.timeline if t.is_new)

    def contact(self, contact_id: str) -> Contact | None:
        """The contact an action targets, or None if the id is unknown."""
        try:
            return self.case.contact(contact_id)
        except KeyError:
            return None

    def role(self, action: Action) -> Role | None:
        c = self.contact(action.target)
        return c.role if c else None

    def is_unrelated_third_party(self, action: Action) -> bool:
        """True if the action targets a third party not related to the debt."""
        c = self.contact(action.target)
        return c is not None and c.role is Role.THIRD_PARTY and not c.debt_related

    def is_debtor(self, action: Action) -> bool:
        return self.role(action) is Role.DEBTOR

    def rule_id_of(self, params: BaseModel) -> str | None:
        """The id of the rule whose validated ``params`` these are (None if not in ``packs``)."""
        for pack in self.packs:
            for rule_id, candidate in pack.params.items():
                if candidate is params:
                    return rule_id
        return None


def is_call(action: Action) -> bool:
    return action.channel is Channel.PHONE


def is_connected_call(action: Action) -> bool:
    return is_call(action) and action.outcome in CONNECTED_OUTCOMES


def is_failed_call(action: Action) -> bool:
    return is_call(action) and action.outcome in FAILED_CALL_OUTCOMES


def day_of(moment: datetime) -> date:
    return moment.date()


def fmt_time(moment: datetime) -> str:
    """Chinese short timestamp used in findings, e.g. 3月5日 22:30."""
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"
