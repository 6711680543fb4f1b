"""``fee_calc``: compute the court acceptance fee of a claim under several procedures.

The variant draws the claim amount from the seed (within the catalogue's range, so every
trainee crosses the same brackets of 《诉讼费用交纳办法》 Art. 13); the practice variant
uses the book's worked example. Each catalogue item is one procedure (普通程序, 简易程序,
支付令 …), scored by :func:`casebook.judicial.exercises.score_fee`: full marks for the exact
fee to the cent, half marks within ¥1 (a rounding slip), else 0. The feedback shows the
engine's computation and cites the articles; a reduced fee given in full (not halved, not
one third) is charged to the reduction's article.
"""

from __future__ import annotations

import random
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from casebook.grading.forms import Form, NumberField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result
from casebook.grading.kinds._judicial import (
    cents_between,
    charge,
    item_result,
    law_entry,
    money_text,
    number_text,
)
from casebook.grading.schema import ExerciseResult, Variant
from casebook.judicial.exercises import Score, score_fee
from casebook.judicial.fees import (
    ART_13,
    ART_14_3,
    ART_16,
    PROCEDURE_LABELS,
    Procedure,
    acceptance_fee,
    court_fee,
)
from casebook.judicial.money import AmountError, parse_amount
from casebook.sources import Citation

#: The article that reduces the fee for each procedure (None: the full Art. 13 fee).
REDUCTION: dict[Procedure, Citation | None] = {
    Procedure.ORDINARY: None,
    Procedure.SIMPLIFIED: ART_16,
    Procedure.PAYMENT_ORDER: ART_14_3,
}


class FeeQuestion(BaseModel):
    """One item: the fee under ``procedure``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    procedure: Procedure


class FeeData(BaseModel):
    """Catalogue ``data`` of a fee exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount_range: tuple[float, float] = Field(description="Claim amounts drawn (yuan)")
    questions: list[FeeQuestion] = Field(min_length=1)
    practice_amount: str | None = Field(
        default=None, description="The amount of the practice variant (the book's example)"
    )

    @model_validator(mode="after")
    def _range(self) -> FeeData:
        low, high = self.amount_range
        if not 0 < low <= high:
            raise ValueError(f"amount_range: expected 0 < low <= high, got {low}, {high}")
        if self.practice_amount is not None:
            parse_amount(self.practice_amount, "practice_amount")
        return self


class FeeAnswers(RootModel[dict[str, float | None]]):
    """``{item id: fee in yuan | null}``."""


def bases_for(procedure: Procedure) -> list[Citation]:
    """The articles a fee under ``procedure`` rests on."""
    reduction = REDUCTION[procedure]
    return [ART_13] if reduction is None else [ART_13, reduction]


def score_answer(amount: str, procedure: Procedure, value: float) -> Score:
    """Score one fee with :func:`score_fee`; more than two decimals is at best a rounding slip."""
    text = number_text(value)
    try:
        parse_amount(text, "answer")
    except AmountError:
        expected = court_fee(amount, procedure).fee
        diff = abs(Decimal(text) - expected)
        points = 50 if diff <= 1 else 0
        return Score(
            points,
            100,
            f"你的答案 {text} 没有保留两位小数（四舍五入到分）。正确答案：{money_text(expected)}。",
        )
    return score_fee(amount, procedure.value, text)


@register_kind
class FeeCalcKind(ExerciseKind):
    """Court fees for one claim amount under several procedures."""

    name = "fee_calc"
    label = "诉讼费计算"
    Data = FeeData
    Answers = FeeAnswers

    def check_exercise(self, exercise, params):
        return self.expect_items(exercise, [q.id for q in params.questions])

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        if seed == exercise.practice_seed and p.practice_amount is not None:
            amount = parse_amount(p.practice_amount)
        else:
            amount = cents_between(random.Random(f"fee:{exercise.id}:{seed}"), *p.amount_range)
        text = f"{amount:.2f}"
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "amount": text,
                "questions": [
                    {
                        "id": q.id,
                        "procedure": q.procedure.value,
                        "label": PROCEDURE_LABELS[q.procedure],
                    }
                    for q in p.questions
                ],
            },
            key={"fees": {q.id: f"{court_fee(text, q.procedure).fee:.2f}" for q in p.questions}},
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        intro = (
            f"<p>星河银行要起诉一位持卡人（合成案件），诉讼请求金额 <b>{money_text(v['amount'])}</b>。"
            "请按《诉讼费用交纳办法》分别计算下列情形应交纳的案件受理费（四舍五入到分，保留两位小数）。</p>"
        )
        return Form(
            intro_html=intro,
            fields=[
                NumberField(
                    key=q["id"],
                    label=f"{n}. 适用{q['label']}：案件受理费",
                    minimum=0,
                    maximum=10_000_000,
                    step=0.01,
                    unit="元",
                )
                for n, q in enumerate(v["questions"], start=1)
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        known = {q["id"] for q in variant.public["questions"]}
        values = answered.answers.root
        unknown = sorted(set(values) - known)
        problems = [f"field 'answers': unknown item(s) {unknown}"] if unknown else []
        problems += [
            f"field 'answers.{k}': {v} is not an amount between 0 and 100,000,000"
            for k, v in values.items()
            if v is not None and not 0 <= v <= 100_000_000
        ]
        if problems:
            raise AnswerError(problems)
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        v = variant.public
        amount = v["amount"]
        values = answered.answers.root
        questions = {q["id"]: Procedure(q["procedure"]) for q in v["questions"]}
        full = acceptance_fee(amount).fee
        ledger = RuleLedger()
        items, echo = [], []
        for spec in exercise.items:
            procedure = questions[spec.id]
            bases = bases_for(procedure)
            expected = court_fee(amount, procedure)
            value = values.get(spec.id)
            label = PROCEDURE_LABELS[procedure]
            if value is None:
                steps = "；".join(
                    f"{line.label} {money_text(line.amount)}" for line in expected.breakdown
                )
                score = Score(0, 100, f"未作答。正确答案：{money_text(expected.fee)}。{steps}。")
            else:
                score = score_answer(amount, procedure, value)
            share = score.points / score.full
            status = "ok" if share == 1 else ("partial" if share > 0 else "wrong")
            feedback = [law_entry(status, score.feedback, bases)]
            lost = spec.points * (1 - share)
            reduction = REDUCTION[procedure]
            if value is not None and reduction is not None and Decimal(number_text(value)) == full:
                hint = "你交的是全额受理费：" + (
                    "适用简易程序的减半交纳。"
                    if procedure is Procedure.SIMPLIFIED
                    else "申请支付令的按 1/3 交纳。"
                )
                feedback.append(law_entry("info", hint, [reduction]))
                charge(ledger, lost, [reduction], f"{label}的受理费")
            else:
                charge(ledger, lost, bases, f"{label}的受理费")
            items.append(item_result(spec, share, feedback))
            echo.append(
                (f"{label}受理费", "（未作答）" if value is None else f"{number_text(value)} 元")
            )
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        v = variant.public
        full = float(acceptance_fee(v["amount"]).fee)
        values: dict[str, float | None] = {}
        for q in v["questions"]:
            right = float(variant.key["fees"][q["id"]])
            roll = rng.random()
            if roll < 0.6:
                values[q["id"]] = right
            elif roll < 0.75:
                values[q["id"]] = round(right + rng.choice([-0.01, 0.01, 0.5]), 2)
            elif roll < 0.9:
                values[q["id"]] = full
            else:
                values[q["id"]] = None
        return Answered(FeeAnswers(values))
