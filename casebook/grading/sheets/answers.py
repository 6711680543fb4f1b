"""Answers to question sheets: parsing and checking them, the reference answers, simulation.

Everything here reads the variant alone (its public questions and its key), so what is
graded is exactly what was shown.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from casebook.grading.kinds import AnswerError
from casebook.grading.schema import Variant
from casebook.grading.sheets.model import (
    ChoiceScorer,
    NumberScorer,
    PublicQuestion,
    QuestionKey,
)
from casebook.grading.sheets.scoring import number_text
from casebook.money_text import yuan

NOT_ANSWERED = "（未作答）"


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


def reference_answer(q: QuestionKey, unit: str = "") -> str:
    """The reference answer of one question, as shown to trainers."""
    if q.reference:
        return q.reference
    if q.type == "choice":
        if isinstance(q.scorer, ChoiceScorer) and q.scorer.mode == "judged":
            return "；".join(f"「{o.label}」" for o in q.options if o.correct) or "（都不选）"
        full = [f"「{o.label}」" for o in q.options if o.credit >= 1 or (q.multiple and o.correct)]
        half = [f"「{o.label}」（{o.credit:.0%}）" for o in q.options if 0 < o.credit < 1]
        return "；".join(full + half)
    if q.scorer.type == "range":
        return f"{q.scorer.minimum}–{q.scorer.maximum} {unit}".strip()
    if q.type == "number":
        money = getattr(q.scorer, "money", False)
        return yuan(Decimal(str(q.answer))) if money else f"{number_text(q.answer)} {unit}".strip()
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
        covers = next((c for c in q.scorer.checks if c.kind == "covers"), None)
        times = answers.get(covers.times or "") if covers else None
        if not covers or not times:
            return None
        return round(covers.limit / times * rng.uniform(0.9, 1.1), 2)
    roll = rng.random()
    exact = float(q.answer)
    if roll < 0.6:
        return exact
    if roll < 0.75:
        return round(exact + rng.choice([-0.01, 0.01, 0.5]), 2)
    traps = q.scorer.traps if isinstance(q.scorer, NumberScorer) else []
    if roll < 0.9 and traps:
        return traps[0].value
    return None if roll >= 0.9 else round(exact * 1.5, 2)


def schema(exercise, variant: Variant) -> dict[str, Any]:
    """``answers`` of this exercise: one property per question (all optional)."""
    properties: dict[str, dict[str, Any]] = {}
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
