"""Scenario drills: a bank of multiple-choice items as data, drawn by seed and graded.

>>> from casebook.drills import draw_drill
>>> questions = draw_drill(seed=1, difficulty="入门", n=5)
>>> result = questions[0].grade(["A"])
"""

from casebook.drills.draw import (
    DrillQuestion,
    DrillResult,
    ShownOption,
    draw_drill,
    drill_score,
    render_item,
)
from casebook.drills.loader import DrillBank, DrillError, DrillIssue, default_bank, load_bank
from casebook.drills.schema import Area, Difficulty, DrillItem

__all__ = [
    "Area",
    "Difficulty",
    "DrillBank",
    "DrillError",
    "DrillIssue",
    "DrillItem",
    "DrillQuestion",
    "DrillResult",
    "ShownOption",
    "default_bank",
    "draw_drill",
    "drill_score",
    "load_bank",
    "render_item",
]
