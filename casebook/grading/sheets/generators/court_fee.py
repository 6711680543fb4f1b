"""``court_fee``: a claim amount drawn from the seed, and its fee under each procedure.

Every trainee's amount lies in the same range, so all cross the same brackets of
《诉讼费用交纳办法》 Art. 13; the practice variant is the book's example. The engine
(:func:`casebook.judicial.fees.court_fee`) computes each fee and its steps.
"""

from __future__ import annotations

import random
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.grading.sheets.model import Fill
from casebook.money_text import yuan


class Params(BaseModel):
    """``params`` of a fee sheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount_range: tuple[float, float] = Field(description="Claim amounts drawn (yuan)")
    practice_amount: str | None = Field(default=None, description="The book's example amount")
    procedures: dict[str, str] = Field(
        min_length=1, description="Question id → procedure (ordinary, simplified, payment-order)"
    )

    @model_validator(mode="after")
    def _valid(self) -> Params:
        from casebook.judicial.fees import Procedure
        from casebook.judicial.money import parse_amount

        low, high = self.amount_range
        if not 0 < low <= high:
            raise ValueError(f"amount_range: expected 0 < low <= high, got {low}, {high}")
        if self.practice_amount is not None:
            parse_amount(self.practice_amount, "practice_amount")
        for procedure in self.procedures.values():
            Procedure(procedure)
        return self


def generate(exercise, params: Params, seed: int) -> Fill:
    """The amount of the variant and the fee of every question."""
    from casebook.judicial.fees import acceptance_fee, court_fee
    from casebook.judicial.money import parse_amount

    if seed == exercise.practice_seed and params.practice_amount is not None:
        amount = parse_amount(params.practice_amount)
    else:
        rng = random.Random(f"fee:{exercise.id}:{seed}")
        low, high = params.amount_range
        amount = Decimal(rng.randint(round(low * 100), round(high * 100))) / 100
    text = f"{amount:.2f}"
    full = acceptance_fee(text).fee
    fill = Fill(
        values={"amount": yuan(amount), "full_fee": f"{full:.2f}"},
        facts={"amount": text},
    )
    for question, procedure in params.procedures.items():
        fee = court_fee(text, procedure)
        steps = "；".join(f"{line.label} {yuan(line.amount)}" for line in fee.breakdown)
        fill.answers[question] = float(fee.fee)
        fill.local[question] = {"steps": steps, "fee": yuan(fee.fee)}
    return fill
