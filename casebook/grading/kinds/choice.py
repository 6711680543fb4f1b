"""``choice``: multiple-choice questions with answer keys and per-option feedback as data.

Each catalogue item is one question (same id). A single-answer question scores all or
nothing; a multiple-answer question scores ``(right picks − wrong picks) / right options``
of its points, never below zero. Every picked option explains itself; missed options are
named; an option or question may cite a pack rule, whose citation and "what to do instead"
appear in the feedback. Variants shuffle the options (seeded).
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from casebook.grading.forms import ChoiceField, Form, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result, pts, rule_feedback
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.policy.schema import Prose


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChoiceOption(_Strict):
    """An option, whether it is right, and the feedback a trainee who picks it gets."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=1)
    correct: bool = False
    feedback: Prose = Field(min_length=1)
    rule: str | None = Field(default=None, description="Pack rule the option is about")


class Question(_Strict):
    """A question (its id is the catalogue item id)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    stem: Prose = Field(min_length=1)
    multiple: bool = False
    shuffle: bool = True
    options: list[ChoiceOption] = Field(min_length=2, max_length=8)
    explanation: Prose = Field(min_length=1, description="Shown when the answer is not fully right")
    rule: str | None = None

    def option(self, option_id: str) -> ChoiceOption:
        return next(o for o in self.options if o.id == option_id)

    @property
    def correct_ids(self) -> set[str]:
        return {o.id for o in self.options if o.correct}


class ChoiceData(_Strict):
    """Catalogue ``data`` of a choice exercise."""

    questions: list[Question] = Field(min_length=1)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


class ChoiceAnswers(RootModel[dict[str, str | list[str] | None]]):
    """``{question id: option id | [option ids] | null}``."""


@lru_cache(maxsize=1)
def known_rule_ids() -> frozenset[str]:
    """Rule ids of the built-in packs (for validating the catalogue)."""
    from casebook.policy.loader import BUILTIN_PACKS, builtin_packs

    return frozenset(r.id for r in builtin_packs(BUILTIN_PACKS).rules)


def check_questions(
    questions: list[Question], item_ids: list[str], where: tuple = ("data", "questions")
):
    """Problems with a list of questions (used by every kind that embeds questions)."""
    problems: list[tuple[tuple, str]] = []
    if sorted(q.id for q in questions) != sorted(item_ids):
        problems.append(
            (where, f"question ids {[q.id for q in questions]} must equal the item ids {item_ids}")
        )
    for n, q in enumerate(questions):
        ids = [o.id for o in q.options]
        if len(set(ids)) != len(ids):
            problems.append(((*where, n, "options"), "duplicate option ids"))
        right = len(q.correct_ids)
        if right == 0 or (not q.multiple and right != 1):
            problems.append(
                (
                    (*where, n, "options"),
                    f"{right} correct option(s); a single-answer question needs exactly 1",
                )
            )
        for rule in [q.rule, *(o.rule for o in q.options)]:
            if rule is not None and rule not in known_rule_ids():
                problems.append(((*where, n), f"unknown rule id {rule!r}"))
    return problems


def shuffled_questions(questions: list[Question], rng: random.Random) -> list[dict[str, Any]]:
    """Public view of the questions: options in a seeded order, no key."""
    out = []
    for q in questions:
        options = list(q.options)
        if q.shuffle:
            rng.shuffle(options)
        out.append(
            {
                "id": q.id,
                "stem": q.stem,
                "multiple": q.multiple,
                "options": [{"id": o.id, "text": o.text} for o in options],
            }
        )
    return out


def choice_fields(public_questions: list[dict[str, Any]], start: int = 1) -> list[ChoiceField]:
    """Form fields for the public questions."""
    return [
        ChoiceField(
            key=q["id"],
            label=f"{n}. {q['stem']}" + ("（多选）" if q["multiple"] else ""),
            options=[Option(value=o["id"], label=o["text"]) for o in q["options"]],
            multiple=q["multiple"],
        )
        for n, q in enumerate(public_questions, start=start)
    ]


def normalise_choice(question: Question, value: Any, field: str) -> list[str]:
    """The picked option ids as a list; raise :class:`AnswerError` for unknown ids."""
    if value is None:
        return []
    picked = [value] if isinstance(value, str) else list(value)
    known = {o.id for o in question.options}
    unknown = [p for p in picked if p not in known]
    if unknown:
        raise AnswerError(
            [f"field '{field}': unknown option(s) {unknown}; options are {sorted(known)}"]
        )
    if not question.multiple and len(picked) > 1:
        raise AnswerError(
            [f"field '{field}': single-answer question, {len(picked)} options picked"]
        )
    if len(set(picked)) != len(picked):
        raise AnswerError([f"field '{field}': an option is picked twice"])
    return picked


def grade_question(
    question: Question, points: float, title: str, picked: list[str], ctx, ledger
) -> ItemResult:
    """Score one question with feedback for every pick and every missed right option."""
    right = question.correct_ids
    hits = len(right & set(picked))
    wrong = len(set(picked) - right)
    if question.multiple:
        share = max(0.0, (hits - wrong) / len(right))
    else:
        share = 1.0 if set(picked) == right else 0.0
    feedback: list[FeedbackEntry] = []
    if not picked:
        feedback.append(FeedbackEntry(status="wrong", text="未作答。"))
    for option_id in picked:
        option = question.option(option_id)
        status = "ok" if option.correct else "wrong"
        text = f"你选了「{option.text}」：{option.feedback}"
        rule = option.rule or (question.rule if not option.correct else None)
        feedback.append(
            rule_feedback(ctx, rule, text, status)
            if rule
            else FeedbackEntry(status=status, text=text)
        )
    for option in question.options:
        if option.correct and option.id not in picked and picked:
            text = f"漏选「{option.text}」：{option.feedback}"
            feedback.append(
                rule_feedback(ctx, option.rule, text, "partial")
                if option.rule
                else FeedbackEntry(status="partial", text=text)
            )
    if share < 1:
        feedback.append(FeedbackEntry(status="info", text=question.explanation))
        lost = points * (1 - share)
        charged = {question.rule}
        charged |= {question.option(p).rule for p in set(picked) - right}
        charged |= {o.rule for o in question.options if o.correct and o.id not in picked}
        rules = sorted(r for r in charged if r is not None)
        for rule in rules:
            found = ctx.rule(rule)
            ledger.add(rule, found.title if found else rule, lost / len(rules))
    return ItemResult(
        item_id=question.id,
        title=title,
        points=pts(points * share),
        max_points=points,
        feedback=feedback,
    )


@register_kind
class ChoiceKind(ExerciseKind):
    """Multiple-choice questions defined in the catalogue."""

    name = "choice"
    label = "选择题"
    Data = ChoiceData
    Answers = ChoiceAnswers

    def check_exercise(self, exercise, params):
        return check_questions(params.questions, [i.id for i in exercise.items])

    def make_variant(self, exercise, seed: int) -> Variant:
        rng = random.Random(f"choice:{exercise.id}:{seed}")
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={"questions": shuffled_questions(exercise.params.questions, rng)},
        )

    def form(self, exercise, variant: Variant) -> Form:
        return Form(fields=choice_fields(variant.public["questions"]))

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        values = answered.answers.root
        known = {q.id for q in exercise.params.questions}
        unknown = sorted(set(values) - known)
        if unknown:
            raise AnswerError([f"field 'answers': unknown question(s) {unknown}"])
        for q in exercise.params.questions:
            normalise_choice(q, values.get(q.id), f"answers.{q.id}")
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        ledger = RuleLedger()
        values = answered.answers.root
        items = []
        echo = []
        for n, spec in enumerate(exercise.items, start=1):
            question = exercise.params.question(spec.id)
            picked = normalise_choice(question, values.get(spec.id), spec.id)
            items.append(grade_question(question, spec.points, spec.title, picked, ctx, ledger))
            echo.append(
                (f"第 {n} 题", "、".join(question.option(p).text for p in picked) or "（未作答）")
            )
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng) -> Answered:
        values: dict[str, Any] = {}
        for q in exercise.params.questions:
            ids = sorted(q.correct_ids) if rng.random() < 0.6 else [rng.choice(q.options).id]
            values[q.id] = ids if q.multiple else ids[0]
        return Answered(ChoiceAnswers(values))
