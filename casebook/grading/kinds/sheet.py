"""``sheet``: the one kind for question-style exercises (see :mod:`casebook.grading.sheets`).

``make_variant`` builds a question sheet from the exercise's YAML and, if it names one, a
variant generator; the key (answers, per-option feedback, legal bases, scorers, marking
notes) is stored with the variant, so what is graded is exactly what was shown. A plan
question is graded by the contact-plan engine (:func:`~casebook.grading.kinds.contact_plan.grade_plan`).
"""

from __future__ import annotations

import random
from html import escape
from typing import Any

from pydantic import RootModel

from casebook.grading.forms import ChoiceField, Form, NumberField, Option, PlanField, TextField
from casebook.grading.kinds import Answered, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, case_of, exercise_result, pts
from casebook.grading.schema import ExerciseResult, ItemResult, Variant
from casebook.grading.sheets import answers as sheet_answers
from casebook.grading.sheets import generator
from casebook.grading.sheets.model import Fill, PublicQuestion, SheetData, build_sheet, render
from casebook.grading.sheets.scoring import basis_title, score


class SheetAnswers(RootModel[dict[str, Any]]):
    """``{question id: option id | [option ids] | number | "YYYY-MM-DD" | null}``."""


def _plan(variant: Variant) -> PublicQuestion | None:
    return next((q for q in sheet_answers.questions(variant) if q.type == "plan"), None)


@register_kind
class SheetKind(ExerciseKind):
    """A question sheet written in YAML, its numbers filled in by a variant generator."""

    name = "sheet"
    label = "题目"
    Data = SheetData
    Answers = SheetAnswers

    def check_exercise(self, exercise, params: SheetData):
        problems: list[tuple[tuple, str]] = []
        ids = [q.id for q in params.questions]
        if len(set(ids)) != len(ids):
            problems.append((("data", "questions"), f"duplicate question ids in {ids}"))
        if params.generator is not None:
            try:
                module = generator(params.generator)
                drawn = module.Params.model_validate(params.params)
            except ImportError as exc:
                problems.append((("data", "generator"), f"unknown generator: {exc}"))
            except ValueError as exc:  # pydantic's ValidationError
                problems.append((("data", "params"), str(exc)))
            else:
                if not params.questions and hasattr(module, "item_ids"):
                    problems += self.expect_items(exercise, module.item_ids(drawn))
        elif params.params or not params.questions:
            problems.append((("data", "generator"), "params and drawn questions need a generator"))
        items = [q.item or q.id for q in params.questions]
        if params.questions and sorted(items) != sorted(i.id for i in exercise.items):
            problems.append(
                (("items",), f"items must be the questions' items {items}, got "
                 f"{[i.id for i in exercise.items]}")
            )  # fmt: skip
        if sum(q.type == "plan" for q in params.questions) > 1:
            problems.append((("data", "questions"), "at most one plan question"))
        for n, q in enumerate(params.questions):
            problems += _check_options(q, ("data", "questions", n), params.generator is not None)
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        p: SheetData = exercise.params
        fill = Fill()
        if p.generator is not None:
            module = generator(p.generator)
            fill = module.generate(exercise, module.Params.model_validate(p.params), seed)
        safe = {k: v if k.endswith("_html") else escape(str(v)) for k, v in fill.values.items()}
        intro = render(p.intro, safe) + fill.html
        rng = random.Random(f"sheet:{exercise.id}:{seed}")
        public, key = build_sheet(p, fill, rng, intro)
        return Variant(exercise_id=exercise.id, kind=self.name, seed=seed, public=public, key=key)

    def form(self, exercise, variant: Variant) -> Form:
        intro = variant.public.get("intro", "")
        if exercise.params.show_case and "case" in variant.public:
            from casebook.render import case_html

            intro = case_html(case_of(variant)) + intro
        return Form(
            intro_html=intro, fields=[_field(q, variant) for q in sheet_answers.questions(variant)]
        )

    def takes_action_log(self, exercise, variant: Variant) -> bool:
        return _plan(variant) is not None

    def action_limit(self, exercise, variant: Variant) -> int:
        plan = _plan(variant)
        return plan.max_actions if plan is not None else 0

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        sheet_answers.parse(variant, answered.answers_as(SheetAnswers).root)
        plan = _plan(variant)
        if plan is not None:
            from casebook.grading.kinds.contact_plan import check_targets, check_window

            check_targets(case_of(variant), answered.action_log)
            check_window(case_of(variant), answered.action_log, plan.days)
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        values = sheet_answers.parse(variant, answered.answers.root)
        units = {q.id: q.unit for q in sheet_answers.questions(variant)}
        ledger = RuleLedger()
        items: dict[str, ItemResult] = {}
        echo: list[tuple[str, str]] = []
        for q in sheet_answers.keys(variant).values():
            spec = exercise.item(q.item)
            if q.type == "plan":
                from casebook.grading.kinds.contact_plan import grade_plan, plan_rows

                case = case_of(variant)
                item, _, _ = grade_plan(exercise, case, answered.action_log, ctx, ledger, q.item)
                items[q.item] = item
                echo += plan_rows(case, answered.action_log)
                continue
            scored = score(q, values[q.id], values, ctx)
            lost = spec.points * (1 - scored.share)
            charged = [basis_title(ctx, b) for b in scored.charged]
            for basis_id, title in charged if lost > 0 else ():
                ledger.add(basis_id, title, lost / len(charged))
            items[q.item] = ItemResult(
                item_id=spec.id,
                title=spec.title,
                points=pts(spec.points * scored.share),
                max_points=spec.points,
                feedback=scored.feedback,
            )
            echo.append(
                (spec.title, sheet_answers.answer_text(q, values[q.id], units.get(q.id, "")))
            )
        ordered = [items[i.id] for i in exercise.items]
        return exercise_result(self.name, exercise, ordered, ledger, answer_echo=echo)

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        answers: dict[str, Any] = {}
        log = []
        for q in sheet_answers.keys(variant).values():
            if q.type == "plan":
                from casebook.grading.kinds.contact_plan import simulate_plan

                plan = _plan(variant)
                if plan is None:
                    raise ValueError(
                        f"{variant.exercise_id}: the key has a plan, the sheet has none"
                    )
                size = rng.randint(1, 3)
                log = simulate_plan(case_of(variant), plan.days, rng, size=size)
            else:
                answers[q.id] = sheet_answers.simulate_answer(q, answers, rng)
        return Answered(SheetAnswers(answers), log)

    def answers_schema(self, exercise, variant: Variant) -> dict[str, Any]:
        """``answers`` of this exercise: one property per question (all optional)."""
        return sheet_answers.schema(exercise, variant)

    def reference(self, exercise, variant: Variant) -> list[tuple[str, str, str]]:
        """(item title, reference answer, marking note) for every question."""
        units = {q.id: q.unit for q in sheet_answers.questions(variant)}
        rows = []
        for q in sheet_answers.keys(variant).values():
            title = exercise.item(q.item).title
            rows.append((title, sheet_answers.reference_answer(q, units.get(q.id, "")), q.note))
        return rows


def _check_options(q, where: tuple, generated: bool) -> list[tuple[tuple, str]]:
    """Problems with a question's written options (generated ones are checked by tests)."""
    if q.type != "choice" or q.options_from is not None:
        return []
    problems = []
    ids = [o.id for o in q.options]
    if len(ids) < 2 or len(set(ids)) != len(ids):
        problems.append(((*where, "options"), f"at least two distinct option ids, got {ids}"))
    right = sum(o.correct for o in q.options)
    if right == 0 and not generated:
        problems.append(((*where, "options"), "no correct option"))
    for n, o in enumerate(q.options):
        if o.correct is False and (o.credit or 0) < 1 and right and not o.instead:
            problems.append(
                ((*where, "options", n, "instead"), "a wrong option says what to do instead")
            )
    return problems


def _field(q: PublicQuestion, variant: Variant):
    if q.type == "choice":
        options = [Option(value=o.id, label=o.label) for o in q.options]
        return ChoiceField(
            key=q.id, label=q.label, options=options, multiple=q.multiple, help=q.help
        )
    if q.type == "number":
        return NumberField(
            key=q.id,
            label=q.label,
            minimum=q.minimum,
            maximum=q.maximum,
            step=q.step,
            integer=q.integer,
            unit=q.unit,
            help=q.help,
        )
    if q.type == "date":
        return TextField(
            key=q.id, label=q.label, placeholder=q.placeholder, rows=1, max_chars=10, help=q.help
        )
    return PlanField(case=case_of(variant), label=q.label, help=q.help)
