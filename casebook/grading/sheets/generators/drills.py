"""``drills``: a set of scenario drills drawn from the drill bank (:mod:`casebook.drills`).

:func:`casebook.drills.draw_drill` draws the questions from the variant seed (difficulty,
number and area from ``params``), on different synthetic people, with the options in a
seeded order; every option carries the bank's feedback, what to do instead and its basis
(the pack rule and/or the registry source). Questions ``q1 … qN`` are completed by the
sheet's ``question_defaults``.
"""

from __future__ import annotations

import re
from html import unescape

from pydantic import BaseModel, ConfigDict, Field

from casebook.drills.schema import Area, Difficulty
from casebook.grading.sheets.model import Fill


class Params(BaseModel):
    """``params``: which drills to draw and the hints shown after a question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    difficulty: Difficulty
    n: int = Field(ge=1, le=30, description="Questions per set (items q1 … qN)")
    area: Area | None = Field(default=None, description="Only this area (e.g. 司法途径)")
    hint_single: str = ""
    hint_multiple: str = ""


def plain(html: str) -> str:
    """Text of the drills' HTML context: one line per paragraph, no tags."""
    text = re.sub(r"</p>\s*", "\n", html)
    return unescape(re.sub(r"<[^>]+>", "", text)).strip()


def generate(exercise, params: Params, seed: int) -> Fill:
    """The drawn questions with their keys."""
    from casebook.drills import draw_drill
    from casebook.drills.render import context_html

    fill = Fill()
    for n, q in enumerate(draw_drill(seed, params.difficulty, params.n, params.area), start=1):
        qid = f"q{n}"
        fill.questions.append(
            {
                "id": qid,
                "multiple": q.multiple,
                "options": [
                    {
                        "id": o.key,
                        "label": f"{o.key}. {o.text}",
                        "correct": o.correct,
                        "feedback": o.feedback,
                        "instead": "" if o.correct else o.instead,
                        "bases": [b for b in (o.rule and o.rule.id, o.source and o.source.id) if b],
                    }
                    for o in q.options
                ],
            }
        )
        fill.local[qid] = {
            "n": n,
            "area": q.area.value,
            "topic": q.topic,
            "question": q.question,
            "hint": params.hint_multiple if q.multiple else params.hint_single,
            "context": plain(context_html(q)),
            "lesson": q.lesson,
            "item_id": q.item_id,
        }
    return fill


def item_ids(params: Params) -> list[str]:
    """The catalogue items of a drawn set: ``q1 … qN``."""
    return [f"q{n}" for n in range(1, params.n + 1)]
