"""``procedure``: a fact pattern, a wage and a claim amount drawn from the seed; the engine's advice.

The seed picks one of the sheet's fact patterns (a disputed small claim, a clear undisputed
debt, a debtor whose whereabouts are unknown …), the province's average wage and the claim
(a share of the wage within the pattern's band); the practice variant is the book's example.
:func:`casebook.judicial.procedure.choose_procedure` decides which procedures are eligible
and which one it recommends, with the reasons, blockers and articles of each.
"""

from __future__ import annotations

import random
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.grading.sheets.model import Fill, GenOption, render
from casebook.money_text import yuan


class FactFlags(BaseModel):
    """The :class:`~casebook.judicial.procedure.CaseFacts` flags a pattern sets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    servable: bool = True
    whereabouts_known: bool = True
    disputed: bool = False
    complex_facts: bool = False
    other_debt_disputes: bool = False
    willing_to_negotiate: bool = False
    parties_agree_small_claims: bool = False


class Scenario(BaseModel):
    """A fact pattern: the story, the flags and the claim as a share of the average wage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    story: str = Field(min_length=1)
    facts: FactFlags = FactFlags()
    amount_share: tuple[float, float]

    @model_validator(mode="after")
    def _band(self) -> Scenario:
        low, high = self.amount_share
        if not 0 < low <= high <= 10:
            raise ValueError(f"amount_share: expected 0 < low <= high <= 10, got {low}, {high}")
        return self


class Practice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    amount: int = Field(gt=0)
    wage: int = Field(gt=0)


class Params(BaseModel):
    """``params``: the fact patterns, the wages drawn, the practice case and the wage's label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenarios: list[Scenario] = Field(min_length=1)
    wage_range: tuple[int, int] = (80_000, 130_000)
    wage_source: str = Field(min_length=1, description="How the wage is labelled in the advice")
    eligible_text: str = Field(description="{why} of an eligible procedure; may use {reason}")
    blocked_text: str = Field(description="{why} of a blocked procedure; may use {blockers}")
    practice: Practice | None = None

    @model_validator(mode="after")
    def _known(self) -> Params:
        ids = [s.id for s in self.scenarios]
        if len(set(ids)) != len(ids):
            raise ValueError("scenarios: duplicate ids")
        if self.practice is not None and self.practice.scenario not in ids:
            raise ValueError(f"practice.scenario: unknown scenario {self.practice.scenario!r}")
        return self

    def scenario(self, scenario_id: str) -> Scenario:
        return next(s for s in self.scenarios if s.id == scenario_id)


def generate(exercise, params: Params, seed: int) -> Fill:
    """The facts of the variant and the engine's verdict on every procedure."""
    from casebook.judicial.procedure import PROCEDURE_KEYS, CaseFacts, choose_procedure
    from casebook.judicial.wages import limits_from_wage

    if seed == exercise.practice_seed and params.practice is not None:
        scenario = params.scenario(params.practice.scenario)
        wage, amount = params.practice.wage, params.practice.amount
    else:
        rng = random.Random(f"procedure:{exercise.id}:{seed}")
        scenario = rng.choice(params.scenarios)
        wage = rng.randrange(params.wage_range[0], params.wage_range[1] + 1, 100)
        amount = round(wage * rng.uniform(*scenario.amount_share) / 10) * 10
    facts = CaseFacts(
        amount=Decimal(amount),
        limits=limits_from_wage(Decimal(wage), params.wage_source),
        **scenario.facts.model_dump(),
    )
    advice = choose_procedure(facts)
    by_key = {o.key: o for o in advice.options}
    choose, exclude = [], []
    for key in PROCEDURE_KEYS:
        o = by_key[key]
        bases = [b.id for b in o.basis]
        blocked = "；".join(o.blockers)
        values = {"title": o.title, "blockers": blocked, "reason": (o.reasons or [""])[0]}
        values["why"] = render(params.blocked_text if o.blockers else params.eligible_text, values)
        credit = 1.0 if key == advice.recommended else (0.5 if o.eligible else 0.0)
        choose.append(GenOption(key, values, correct=credit == 1, credit=credit, bases=bases))
        exclude.append(GenOption(key, values, correct=o.eligible is False, bases=bases))
    recommended = by_key[advice.recommended]
    return Fill(
        values={
            "amount": yuan(amount),
            "wage": yuan(wage),
            "story": scenario.story,
            "summary": advice.summary,
            "recommended": recommended.title,
            "reasons": "；".join(recommended.reasons),
        },
        facts={
            "scenario": scenario.id,
            "facts": scenario.facts.model_dump(),
            "amount": str(amount),
            "wage": str(wage),
        },
        options={"procedures": choose, "exclusions": exclude},
    )
