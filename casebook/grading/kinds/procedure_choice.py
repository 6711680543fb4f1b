"""``procedure_choice``: choose the court procedure for a card-debt claim, and rule out the rest.

The variant draws one of the catalogue's fact patterns (a disputed small claim, a clear
undisputed debt, a debtor whose whereabouts are unknown …), the province's average wage
and the claim amount (a share of the wage within the pattern's band) from the seed. The
practice variant is the book's example. The engine decides:
:func:`casebook.judicial.procedure.choose_procedure`.

Items: ``procedure`` (:func:`casebook.judicial.exercises.score_procedure`: full marks for
the recommended procedure, half for another eligible one) and ``excluded`` (which
procedures cannot be used here: one share per procedure judged right). Feedback gives the
engine's reasons and blockers with the articles of 《民事诉讼法》 and its interpretation.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.grading.forms import ChoiceField, Form, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result
from casebook.grading.kinds._judicial import charge, item_result, law_entry, money_text
from casebook.grading.schema import ExerciseResult, FeedbackEntry, Variant
from casebook.judicial.exercises import score_procedure
from casebook.judicial.procedure import (
    PROCEDURE_KEYS,
    PROCEDURE_TITLES,
    CaseFacts,
    ProcedureAdvice,
    choose_procedure,
)
from casebook.judicial.wages import limits_from_wage

ITEMS = ("procedure", "excluded")
ProcedureKey = Literal[
    "pre_suit_mediation", "payment_order", "small_claims", "simplified", "ordinary"
]


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


class PracticeProcedure(BaseModel):
    """The book's example: a scenario with a fixed amount and wage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    amount: int = Field(gt=0)
    wage: int = Field(gt=0)


class ProcedureData(BaseModel):
    """Catalogue ``data`` of a procedure exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenarios: list[Scenario] = Field(min_length=1)
    wage_range: tuple[int, int] = (80_000, 130_000)
    practice: PracticeProcedure | None = None

    def scenario(self, scenario_id: str) -> Scenario:
        return next(s for s in self.scenarios if s.id == scenario_id)


class ProcedureAnswers(BaseModel):
    """The chosen procedure and the procedures judged not available."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    procedure: ProcedureKey | None = None
    excluded: list[ProcedureKey] = Field(default_factory=list, max_length=5)


def facts_of(public: dict) -> CaseFacts:
    """The engine's facts for a variant."""
    return CaseFacts(
        amount=Decimal(public["amount"]),
        limits=limits_from_wage(Decimal(public["wage"]), "题目给出的平均工资（教学用虚构数字）"),
        **public["facts"],
    )


def advice_of(public: dict) -> ProcedureAdvice:
    """The engine's advice for a variant."""
    return choose_procedure(facts_of(public))


@register_kind
class ProcedureChoiceKind(ExerciseKind):
    """Choose a procedure for a synthetic claim."""

    name = "procedure_choice"
    label = "诉讼程序选择"
    Data = ProcedureData
    Answers = ProcedureAnswers
    item_ids = ITEMS

    def check_exercise(self, exercise, params):
        problems = super().check_exercise(exercise, params)
        ids = [s.id for s in params.scenarios]
        if len(set(ids)) != len(ids):
            problems.append((("data", "scenarios"), "duplicate scenario ids"))
        if params.practice is not None and params.practice.scenario not in ids:
            problems.append(
                (("data", "practice", "scenario"), f"unknown scenario {params.practice.scenario!r}")
            )
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        if seed == exercise.practice_seed and p.practice is not None:
            scenario = p.scenario(p.practice.scenario)
            wage, amount = p.practice.wage, p.practice.amount
        else:
            rng = random.Random(f"procedure:{exercise.id}:{seed}")
            scenario = rng.choice(p.scenarios)
            wage = rng.randrange(p.wage_range[0], p.wage_range[1] + 1, 100)
            amount = round(wage * rng.uniform(*scenario.amount_share) / 10) * 10
        public = {
            "scenario": scenario.id,
            "story": scenario.story,
            "facts": scenario.facts.model_dump(),
            "amount": str(amount),
            "wage": str(wage),
        }
        advice = advice_of(public)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public=public,
            key={
                "recommended": advice.recommended,
                "excluded": [o.key for o in advice.options if o.eligible is False],
            },
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        intro = (
            f"<p>持卡人欠星河银行 <b>{money_text(v['amount'])}</b>（合成案件）。{v['story']}"
            f"本省上年度就业人员年平均工资按 <b>{money_text(v['wage'])}</b>（教学用虚构数字）计。</p>"
        )
        options = [Option(value=k, label=PROCEDURE_TITLES[k]) for k in PROCEDURE_KEYS]
        return Form(
            intro_html=intro,
            fields=[
                ChoiceField(key="procedure", label="1. 最合适的程序是哪一种？", options=options),
                ChoiceField(
                    key="excluded",
                    label="2. 本案中哪些程序不能适用？（多选）",
                    options=options,
                    multiple=True,
                ),
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        if len(set(answered.answers.excluded)) != len(answered.answers.excluded):
            raise AnswerError(["field 'answers.excluded': a procedure is listed twice"])
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        a: ProcedureAnswers = answered.answers
        facts = facts_of(variant.public)
        advice = choose_procedure(facts)
        options = {o.key: o for o in advice.options}
        recommended = options[advice.recommended]
        ledger = RuleLedger()

        spec = exercise.item("procedure")
        if a.procedure is None:
            text = f"未作答。建议{recommended.title}：{advice.summary}"
            share, bases = 0.0, recommended.basis
        else:
            score = score_procedure(facts, a.procedure)
            text, share = score.feedback, score.points / score.full
            chosen = options[a.procedure]
            bases = [*recommended.basis, *(chosen.basis if chosen is not recommended else [])]
        status = "ok" if share == 1 else ("partial" if share > 0 else "wrong")
        feedback = [law_entry(status, text, bases, quote=False)]
        feedback += [FeedbackEntry(status="info", text=r) for r in recommended.reasons]
        charge(ledger, spec.points * (1 - share), bases, "程序的适用条件")
        items = [item_result(spec, share, feedback)]

        spec = exercise.item("excluded")
        picked = set(a.excluded)
        feedback = []
        right = 0
        for key in PROCEDURE_KEYS:
            option = options[key]
            truth = option.eligible is False
            said = key in picked
            right += truth == said
            if truth:
                why = "不能适用：" + "；".join(option.blockers)
            else:
                why = "可以适用。" + (option.reasons[0] if option.reasons else "")
            text = f"{option.title}：你判断{'不能' if said else '可以'}适用，{'正确' if truth == said else '不对'}。{why}"
            feedback.append(
                law_entry("ok" if truth == said else "wrong", text, option.basis, quote=False)
            )
            if truth != said:
                charge(ledger, spec.points / len(PROCEDURE_KEYS), option.basis, "程序的适用条件")
        items.append(item_result(spec, right / len(PROCEDURE_KEYS), feedback))
        echo = [
            ("选择的程序", PROCEDURE_TITLES.get(a.procedure or "", "（未作答）")),
            ("不能适用的程序", "、".join(PROCEDURE_TITLES[k] for k in a.excluded) or "（未选）"),
        ]
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        key = variant.key
        procedure = key["recommended"] if rng.random() < 0.6 else rng.choice(PROCEDURE_KEYS)
        if rng.random() < 0.5:
            excluded = list(key["excluded"])
        else:
            excluded = sorted(rng.sample(PROCEDURE_KEYS, rng.randint(0, 3)))
        return Answered(ProcedureAnswers(procedure=procedure, excluded=excluded))
