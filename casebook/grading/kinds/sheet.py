"""``sheet``: the one kind for question-style exercises (see :mod:`casebook.grading.sheets`).

``make_variant`` builds a question sheet from the exercise's YAML and, if it names one, a
variant generator; the key (answers, per-option feedback, legal bases, scorers, marking
notes) is stored with the variant, so what is graded is exactly what was shown. A plan
question is graded by the contact-plan engine (:func:`~casebook.grading.kinds.contact_plan.grade_plan`).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from html import escape
from typing import Any

from pydantic import RootModel

from casebook.grading.forms import ChoiceField, Form, NumberField, Option, PlanField, TextField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, case_of, exercise_result, pts
from casebook.grading.schema import ExerciseResult, ItemResult, Variant
from casebook.grading.sheets import generator
from casebook.grading.sheets.model import (
    Fill,
    PublicQuestion,
    QuestionKey,
    SheetData,
    build_sheet,
    render,
)
from casebook.grading.sheets.scoring import (
    Scored,
    basis_title,
    number_text,
    score_checks,
    score_choice,
    score_date,
    score_number,
    score_range,
    yuan,
)

NOT_ANSWERED = "（未作答）"


class SheetAnswers(RootModel[dict[str, Any]]):
    """``{question id: option id | [option ids] | number | "YYYY-MM-DD" | null}``."""


def questions(variant: Variant) -> list[PublicQuestion]:
    """The public questions of a variant."""
    return [PublicQuestion.model_validate(q) for q in variant.public["questions"]]


def keys(variant: Variant) -> dict[str, QuestionKey]:
    """The key of every question of a variant, by question id."""
    return {q["id"]: QuestionKey.model_validate(q) for q in variant.key["questions"]}


def key_answers(variant: Variant) -> dict[str, Any]:
    """The reference answers of a variant, shaped as a submission's ``answers``."""
    found: dict[str, Any] = {}
    for q in keys(variant).values():
        if q.type == "choice":
            best = [o.id for o in q.options if o.credit >= 1 or (q.multiple and o.correct)]
            found[q.id] = best if q.multiple else best[0]
        elif q.type != "plan":
            found[q.id] = q.answer
    return found


def _plan(variant: Variant) -> PublicQuestion | None:
    return next((q for q in questions(variant) if q.type == "plan"), None)


# -- answers -------------------------------------------------------------------------------


def picked_ids(q: PublicQuestion, value: Any, where: str) -> list[str]:
    """A choice as a list of option ids (matched ignoring case); AnswerError if invalid."""
    if value is None:
        return []
    picked = [value] if isinstance(value, str) else value
    if not isinstance(picked, list) or not all(isinstance(p, str) for p in picked):
        raise AnswerError([f"field '{where}': expected an option id or a list of option ids"])
    known = {o.id.casefold(): o.id for o in q.options}
    unknown = [p for p in picked if p.strip().casefold() not in known]
    if unknown:
        raise AnswerError(
            [f"field '{where}': unknown option(s) {unknown}; options are {sorted(known.values())}"]
        )
    ids = [known[p.strip().casefold()] for p in picked]
    if not q.multiple and len(ids) > 1:
        raise AnswerError([f"field '{where}': single-answer question, {len(ids)} options picked"])
    if len(set(ids)) != len(ids):
        raise AnswerError([f"field '{where}': an option is picked twice"])
    return ids


def number_value(q: PublicQuestion, value: Any, where: str) -> float | None:
    """A number answer (None if unanswered); AnswerError if it is not a number in range."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise AnswerError([f"field '{where}': expected a number, got {value!r}"])
    if q.integer and value != int(value):
        raise AnswerError([f"field '{where}': expected a whole number, got {value!r}"])
    if not q.minimum <= value <= q.maximum:
        raise AnswerError(
            [f"field '{where}': {value} is not between {q.minimum:g} and {q.maximum:g}"]
        )
    return float(value)


def date_value(value: Any, where: str) -> str | None:
    """A date answer ``YYYY-MM-DD`` (None if empty); AnswerError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else ""
    try:
        if len(text) != 10:
            raise ValueError
        date.fromisoformat(text)
    except ValueError:
        raise AnswerError(
            [f"field '{where}': {str(value)[:40]!r} is not a date written as YYYY-MM-DD"]
        ) from None
    return text


def parse(variant: Variant, answers: dict[str, Any]) -> dict[str, Any]:
    """Every answer normalised (option ids as lists, numbers, dates, None if unanswered)."""
    qs = [q for q in questions(variant) if q.type != "plan"]
    unknown = sorted(set(answers) - {q.id for q in qs})
    if unknown:
        raise AnswerError([f"field 'answers': unknown question(s) {unknown}"])
    found: dict[str, Any] = {}
    for q in qs:
        value, where = answers.get(q.id), f"answers.{q.id}"
        if q.type == "choice":
            found[q.id] = picked_ids(q, value, where)
        elif q.type == "number":
            found[q.id] = number_value(q, value, where)
        else:
            found[q.id] = date_value(value, where)
    return found


def answer_text(q: QuestionKey, value: Any, unit: str = "") -> str:
    """The trainee's answer as shown on the feedback page."""
    if q.type == "choice":
        return "；".join(q.option(i).label for i in value) or NOT_ANSWERED
    if value is None or (q.type == "number" and value == 0):
        return NOT_ANSWERED
    if q.type == "number":
        return f"{number_text(value)} {unit}".strip()
    return str(value)


# -- the kind ------------------------------------------------------------------------------


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
            from casebook.report import case_html

            intro = case_html(case_of(variant)) + intro
        return Form(intro_html=intro, fields=[_field(q, variant) for q in questions(variant)])

    def takes_action_log(self, exercise, variant: Variant) -> bool:
        return _plan(variant) is not None

    def action_limit(self, exercise, variant: Variant) -> int:
        plan = _plan(variant)
        return plan.max_actions if plan is not None else 0

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        parse(variant, answered.answers.root)
        plan = _plan(variant)
        if plan is not None:
            from casebook.grading.kinds.contact_plan import check_targets, check_window

            check_targets(case_of(variant), answered.action_log)
            check_window(case_of(variant), answered.action_log, plan.days)
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        values = parse(variant, answered.answers.root)
        units = {q.id: q.unit for q in questions(variant)}
        ledger = RuleLedger()
        items: dict[str, ItemResult] = {}
        echo: list[tuple[str, str]] = []
        for q in keys(variant).values():
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
            echo.append((spec.title, answer_text(q, values[q.id], units.get(q.id, ""))))
        ordered = [items[i.id] for i in exercise.items]
        return exercise_result(self.name, exercise, ordered, ledger, answer_echo=echo)

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        answers: dict[str, Any] = {}
        log = []
        for q in keys(variant).values():
            if q.type == "plan":
                from casebook.grading.kinds.contact_plan import simulate_plan

                plan = _plan(variant)
                size = rng.randint(1, 3)
                log = simulate_plan(case_of(variant), plan.days, rng, size=size)  # type: ignore[union-attr]
            else:
                answers[q.id] = simulate_answer(q, answers, rng)
        return Answered(SheetAnswers(answers), log)

    def answers_schema(self, exercise, variant: Variant) -> dict[str, Any]:
        """``answers`` of this exercise: one property per question (all optional)."""
        properties = {}
        for q in questions(variant):
            if q.type == "choice":
                ids = {"enum": [o.id for o in q.options]}
                one = {"anyOf": [ids, {"type": "null"}]}
                many = {"type": "array", "items": ids, "uniqueItems": True}
                properties[q.id] = {"anyOf": [many, {"type": "null"}]} if q.multiple else one
            elif q.type == "number":
                number = {"type": "integer" if q.integer else "number"}
                bounds = {"minimum": q.minimum, "maximum": q.maximum}
                properties[q.id] = {"anyOf": [{**number, **bounds}, {"type": "null"}]}
            elif q.type == "date":
                day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
                properties[q.id] = {"anyOf": [day, {"type": "null"}]}
            properties[q.id]["title"] = q.label
        return {
            "title": f"answers of {exercise.id}",
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }

    def reference(self, exercise, variant: Variant) -> list[tuple[str, str, str]]:
        """(item title, reference answer, marking note) for every question."""
        units = {q.id: q.unit for q in questions(variant)}
        rows = []
        for q in keys(variant).values():
            title = exercise.item(q.item).title
            rows.append((title, reference_answer(q, units.get(q.id, "")), q.note))
        return rows


def score(q: QuestionKey, value: Any, answers: dict[str, Any], ctx) -> Scored:
    """Score one normalised answer against its key."""
    kind = q.scorer.type
    if kind == "choice":
        return score_choice(q, value, ctx)
    if kind == "number":
        return score_number(q, value, ctx)
    if kind == "range":
        return score_range(q, value, ctx)
    if kind == "date":
        return score_date(q, value, ctx)
    return score_checks(q, value, answers, ctx)


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


def reference_answer(q: QuestionKey, unit: str = "") -> str:
    """The reference answer of one question, as shown to trainers."""
    if q.reference:
        return q.reference
    if q.type == "choice":
        if q.scorer.mode == "judged":  # type: ignore[union-attr]
            return "；".join(f"「{o.label}」" for o in q.options if o.correct) or "（都不选）"
        full = [f"「{o.label}」" for o in q.options if o.credit >= 1 or (q.multiple and o.correct)]
        half = [f"「{o.label}」（{o.credit:.0%}）" for o in q.options if 0 < o.credit < 1]
        return "；".join(full + half)
    if q.scorer.type == "range":
        return f"{q.scorer.minimum}–{q.scorer.maximum} {unit}".strip()  # type: ignore[union-attr]
    if q.type == "number":
        money = getattr(q.scorer, "money", False)
        return yuan(q.answer) if money else f"{number_text(q.answer)} {unit}".strip()
    return str(q.answer)


def simulate_answer(q: QuestionKey, answers: dict[str, Any], rng: random.Random) -> Any:
    """A plausible answer of mixed quality (benchmark, tests)."""
    if q.type == "choice":
        right = [o.id for o in q.options if o.credit >= 1 or (q.multiple and o.correct)]
        picked = right if rng.random() < 0.6 else [rng.choice(q.options).id]
        if q.multiple:
            return sorted(picked)
        return picked[0] if picked else None
    if q.type == "date":
        day = date.fromisoformat(q.answer)
        roll = rng.random()
        return None if roll > 0.9 else (day + timedelta(days=int(roll > 0.6))).isoformat()
    if q.scorer.type == "range":
        return rng.choice([12, 24, 36, 48, 60, 72])
    if q.scorer.type == "checks":
        covers = next((c for c in q.scorer.checks if c.kind == "covers"), None)  # type: ignore[union-attr]
        times = answers.get(covers.times or "") if covers else None
        if not covers or not times:
            return None
        return round(covers.limit / times * rng.uniform(0.9, 1.1), 2)
    roll = rng.random()
    right = float(q.answer)
    if roll < 0.6:
        return right
    if roll < 0.75:
        return round(right + rng.choice([-0.01, 0.01, 0.5]), 2)
    traps = q.scorer.traps  # type: ignore[union-attr]
    if roll < 0.9 and traps:
        return traps[0].value
    return None if roll >= 0.9 else round(right * 1.5, 2)
