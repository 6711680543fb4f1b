"""Question sheets: exercises written as data, with numbers filled in by the engine.

A question-style exercise is a YAML file in ``casebook/data/exercises/`` with
``kind: sheet``. Its ``data`` lists the questions (choice, number, date or a plan of
contacts), every option with its feedback, what to do instead and its legal bases (pack rule
ids ``CN-…`` or registry source ids ``REF-…``, never a retyped quote), a scorer per question
and the marking notes. The generic kind :mod:`casebook.grading.kinds.sheet` renders the
form, validates, grades and simulates every sheet; nothing about one exercise is in Python
except, when the questions depend on numbers, a *variant generator*.

A generator is a module ``casebook/grading/sheets/generators/<name>.py`` named by the
sheet's ``generator:`` field. It defines ``Params`` (a pydantic model of the sheet's
``params:``, which also holds the generator's prose templates) and
``generate(exercise, params, seed) -> Fill``: it draws the case from the seed, asks the
engine for the right answers (the court fee, the limitation date, the eligible procedures
…) and returns them with the values for the sheet's ``{placeholders}``. Engine imports go
inside ``generate`` so that grading, which only reads the stored key, stays fast.

See :mod:`casebook.grading.sheets.model` for the shapes and
:mod:`casebook.grading.sheets.scoring` for the scorers.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

GENERATORS = "casebook.grading.sheets.generators"


@cache
def generator(name: str) -> ModuleType:
    """The generator module called ``name`` (ModuleNotFoundError if there is none)."""
    module = importlib.import_module(f"{GENERATORS}.{name}")
    if not hasattr(module, "Params") or not hasattr(module, "generate"):
        raise ImportError(f"{module.__name__} must define Params and generate()")
    return module
