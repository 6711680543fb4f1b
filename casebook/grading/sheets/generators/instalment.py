"""``instalment``: a hardship case whose income, expenses and balance are drawn from the seed.

The debtor called yesterday, explained the hardship and sent proof of income; the collector
verified the two conditions of 2011 Measures Art. 70 (recorded on the case as a
:class:`~casebook.model.RepaymentAssessment`). The balance amounts to a drawn number of
months of disposable income, so a sound plan fits within the 60-month limit. The agreement
contents offered are the packs' ``instalment_contents`` items plus the sheet's distractors;
the term limit is the pack's ``instalment_term`` parameter.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.grading.sheets.model import Fill, GenOption, SheetOption, render
from casebook.money_text import yuan


class Params(BaseModel):
    """``params``: the ranges drawn, the hardship stories and the distracting agreement items."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    income_range: tuple[int, int] = (4_000, 9_000)
    expense_share: tuple[float, float] = (0.5, 0.7)
    cover_months: tuple[int, int] = Field(
        default=(24, 48), description="Months of disposable income the balance amounts to"
    )
    affordability_share: float = Field(default=1.0, gt=0, le=1)
    hardships: list[str] = Field(min_length=1)
    evidence: list[str] = Field(min_length=1, description="Documents the debtor provided")
    title: str
    background: str = Field(
        description="May use {overdue} {hardship} {income} {expenses} {evidence}"
    )
    required_feedback: str = Field(description="Feedback of a required agreement item")
    distractors: list[SheetOption] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ranges(self) -> Params:
        for name in ("income_range", "expense_share", "cover_months"):
            low, high = getattr(self, name)
            if not 0 < low <= high:
                raise ValueError(f"{name}: expected 0 < low <= high, got {low}, {high}")
        if self.cover_months[1] > 60:
            raise ValueError("cover_months must stay within the 60-month limit")
        return self


def generate(exercise, params: Params, seed: int) -> Fill:
    """The case of the variant, the affordability figures and the agreement items offered."""
    from casebook.model import Action, Channel, Outcome, Purpose, RepaymentAssessment
    from casebook.policy.loader import DEFAULT_PACKS, builtin_packs
    from casebook.synth import make_case

    packs = builtin_packs(DEFAULT_PACKS)
    rng = random.Random(f"instalment:{exercise.id}:{seed}")
    base = make_case(seed, "reachable")
    income = rng.randrange(params.income_range[0], params.income_range[1] + 1, 100)
    expenses = int(round(income * rng.uniform(*params.expense_share), -1))
    disposable = income - expenses
    months = rng.randint(*params.cover_months)
    balance = round(disposable * months * rng.uniform(0.93, 0.99), 2)
    principal = round(balance * 0.9, 2)
    interest = round(balance * 0.08, 2)
    fees = round(balance - principal - interest, 2)
    limit = max(base.account.credit_limit, math.ceil(principal / 10_000) * 10_000)
    hardship = rng.choice(params.hardships)
    account = base.account.model_copy(
        update={"principal": principal, "interest": interest, "fees": fees, "credit_limit": limit}
    )
    # The debtor's call yesterday, in which the collector verified Art. 70's two conditions.
    verified = Action(
        time=datetime.combine(base.as_of.date() - timedelta(days=1), time(10, 30)),
        channel=Channel.PHONE,
        target="debtor",
        purpose=Purpose.VERIFY,
        outcome=Outcome.CONNECTED,
        assessment=RepaymentAssessment(
            monthly_income=income,
            essential_expenses=expenses,
            available_funds=round(disposable * 0.5, 2),
            evidence=list(params.evidence),
            willing_to_repay=True,
        ),
    )
    story = {
        "overdue": base.days_past_due,
        "hardship": hardship,
        "income": yuan(income),
        "expenses": yuan(expenses),
        "evidence": "、".join(params.evidence),
    }
    case = base.model_copy(
        update={
            "case_id": base.case_id.replace("-REA", "-INS"),
            "title": params.title,
            "account": account,
            "history": [verified],
            "background": render(params.background, story),
        }
    )
    required = packs.mapping("instalment_contents", "required_items")
    items = [
        GenOption(k, {"label": v, "feedback": params.required_feedback}, correct=True)
        for k, v in required.items()
    ]
    items += [
        GenOption(
            d.id, {"label": d.label, "feedback": d.feedback, "instead": d.instead}, bases=d.bases
        )
        for d in params.distractors
    ]
    term = packs.params_for("instalment_term")
    cap = round(disposable * params.affordability_share, 2)
    # A reference proposal: the fewest months the disposable income allows, then the
    # monthly amount that repays the balance in that many months (rounded up to the cent).
    months_needed = math.ceil(account.balance / cap)
    monthly = math.ceil(account.balance / months_needed * 100) / 100
    return Fill(
        values={
            "income": yuan(income),
            "expenses": yuan(expenses),
            "disposable": yuan(disposable),
            "balance": yuan(account.balance),
            "balance_num": account.balance,
            "cap": cap,
            "cap_text": yuan(cap),
            "max_term": term.max_months if term is not None else 600,
            "term_ref": months_needed,
            "monthly_ref": yuan(monthly),
        },
        facts={
            "income": income,
            "expenses": expenses,
            "disposable": disposable,
            "balance": account.balance,
        },
        answers={"term_months": months_needed, "monthly_amount": monthly},
        options={"contents": items},
        case=case,
    )
