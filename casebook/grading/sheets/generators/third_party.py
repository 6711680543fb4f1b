"""``third_party``: a case where a third party may or may not be contacted yet.

The seed picks one of the sheet's scenarios (the debtor unreachable after three failed
calls, reachable yesterday, or the number invalid) and the case; whether a third party may
be contacted today is decided by the engine's own "联系不上" test
(:func:`casebook.checks.targets.unreachable_since` with the pack's parameters).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.grading.sheets.model import Fill, render
from casebook.model import Case
from casebook.policy.schema import Pack

Scenario = Literal["unreachable", "reachable", "invalid_number"]


class Params(BaseModel):
    """``params``: the scenarios drawn, the invalid-number story and the reasons given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenarios: list[Scenario] = Field(min_length=1)
    invalid_title: str
    invalid_background: str = Field(description="May use {overdue} and {relation}")
    allowed_reason: str
    not_allowed_reason: str


def scenario_case(seed: int, scenario: Scenario, params: Params) -> Case:
    """The case of a variant: make_case plus, for ``invalid_number``, a dead number."""
    from casebook.model import Action, Channel, Outcome
    from casebook.synth import make_case

    if scenario != "invalid_number":
        return make_case(seed, scenario)
    base = make_case(seed, "unreachable")
    yesterday = base.as_of.date() - timedelta(days=1)
    debtor = base.debtor_contact.model_copy(update={"phone_valid": False})
    call = Action(
        time=datetime.combine(yesterday, datetime.min.time()) + timedelta(hours=10, minutes=15),
        channel=Channel.PHONE,
        target="debtor",
        outcome=Outcome.INVALID_NUMBER,
    )
    values = {"overdue": base.days_past_due, "relation": base.contact("sibling").relation}
    return base.model_copy(
        update={
            "case_id": base.case_id.replace("-UNR", "-INV"),
            "title": params.invalid_title,
            "contacts": [debtor, *base.contacts[1:]],
            "history": [call],
            "background": render(params.invalid_background, values),
        }
    )


def third_party_allowed(case: Case, packs: Sequence[Pack]) -> bool:
    """True if, at the case date, the debtor counts as unreachable under the packs' rule."""
    from casebook.checks.base import Context
    from casebook.checks.targets import unreachable_since
    from casebook.policy.registry import PackRegistry

    params = PackRegistry.of(packs).params_for("third_party_trigger")
    if params is None:
        return True
    since = unreachable_since(params, Context(case, []), case.as_of + timedelta(minutes=1))
    return since is not None and since <= case.as_of


def generate(exercise, params: Params, seed: int) -> Fill:
    """The case of the variant and the right judgement under the built-in packs."""
    from casebook.policy.loader import DEFAULT_PACKS, builtin_packs

    rng = random.Random(f"third_party:{exercise.id}:{seed}")
    scenario = rng.choice(params.scenarios)
    case = scenario_case(seed, scenario, params)
    allowed = third_party_allowed(case, builtin_packs(DEFAULT_PACKS))
    return Fill(
        values={"reason": params.allowed_reason if allowed else params.not_allowed_reason},
        facts={"scenario": scenario},
        answers={"judgement": "locate_only" if allowed else "not_yet"},
        case=case,
    )
