"""Exercise kinds: plug-ins that make variants, validate answers and grade them.

Adding a question-style exercise (no Python kind)
=================================================

Most exercises are *question sheets* (kind ``sheet``, :mod:`casebook.grading.kinds.sheet`):
write ``casebook/data/exercises/<id>.yaml`` with ``kind: sheet`` and, under ``data:``, the
questions (``choice``, ``number``, ``date`` or a ``plan`` of contacts), each option with its
``feedback``, what to do ``instead`` and its legal ``bases`` (pack rule ids or ``REF-…``
source ids), a ``scorer`` per question (single / net / judged / all-or-nothing choices,
number tolerance tiers and traps, whole-number ranges, dates with near-miss hints, checks
over several answers, the contact-plan engine) and the marking ``note`` s. The one generic
kind renders the form, validates, grades, simulates and shows the reference answers of
every sheet. If the questions depend on numbers, add a *variant generator*
``casebook/grading/sheets/generators/<name>.py`` (``Params`` + ``generate(exercise, params,
seed) -> Fill``) that draws the case from the seed and asks the engine for the answers; its
prose templates live in the YAML's ``params``. See :mod:`casebook.grading.sheets`. Then add
the notebook (it calls ``casebook.ui.submit.build_exercise("<id>")``) and tests.

Adding a kind (for exercises graded by replaying an engine)
===========================================================

Only exercises whose answer must be replayed through an engine have their own kind
(``contact_plan``, ``message``, ``campaign``, ``strategy``). Create
``casebook/grading/kinds/<kind>.py`` (no edit anywhere else: modules in this package are
discovered and imported, like the checkers). Define a subclass of :class:`ExerciseKind`
decorated with :func:`register_kind`::

    @register_kind
    class DrillKind(ExerciseKind):
        name = "drill"                 # the catalogue's `kind:` value
        label = "情景演练"
        Data = DrillData               # pydantic model of the catalogue entry's `data:`
        Answers = DrillAnswers         # pydantic model of a submission's `answers` (extra="forbid")
        uses_action_log = False        # True if the submission's `action_log` is graded

        def check_exercise(self, exercise, params): ...   # optional: [(loc, message)] problems
        def make_variant(self, exercise, seed) -> Variant: ...
        def form(self, exercise, variant) -> Form: ...
        def validate(self, exercise, variant, answers, action_log) -> Answered: ...  # optional
        def grade(self, exercise, variant, answered, ctx) -> ExerciseResult: ...
        def simulate(self, exercise, variant, rng) -> Answered: ...

The contract of each method:

``make_variant(exercise, seed)``
    A personalised variant from ``seed``: different case data and amounts, the same
    difficulty. Deterministic (same seed → same variant; use ``random.Random(seed)`` or the
    engine's seeded generators). ``public`` is handed to the trainee (JSON-safe, no answer
    key); ``key`` stays with the trainer. The catalogue's ``practice_seed`` gives the
    variant shown in the book.

``form(exercise, variant)``
    What the trainee fills in, as :mod:`casebook.grading.forms` descriptors. Field keys
    are the keys of ``answers``; a :class:`~casebook.grading.forms.PlanField` fills the
    ``action_log``. The generic widget factory (:func:`casebook.ui.submit.build_exercise`)
    renders it, so a new kind needs no widget code. A
    :class:`~casebook.grading.forms.WidgetField` embeds an existing simulator instead (the
    campaign console, the strategy lab: factories in :mod:`casebook.ui.field_widgets`).

``Answers`` and ``validate(exercise, variant, answers, action_log)``
    ``Answers`` validates the shape (unanswered fields are ``None``: partial work is graded,
    not rejected). Override ``validate`` for checks against the variant (an option id or a
    contact that does not exist); raise :class:`AnswerError` with one message per problem.
    ``takes_action_log`` and ``action_limit`` say whether (and how many) actions a variant
    accepts.

``grade(exercise, variant, answered, ctx)``
    Replay the answers through the engine (``casebook.assess.evaluate`` with ``ctx.packs``,
    ``ctx.text_checker`` for wording, the kind's own calculations). Return an
    :class:`~casebook.grading.schema.ExerciseResult` with one ``ItemResult`` per catalogue
    item (same ids, points between 0 and the item's points, partial credit allowed) and
    ``rules`` listing the points lost to each rule. Every wrong answer gets feedback: the
    rule id, its citation and what to do instead (:func:`violation_feedback` does this for
    engine violations). Never execute anything the trainee wrote; treat all text as data.

``simulate(exercise, variant, rng)``
    Plausible answers of mixed quality, for the benchmark and tests.

``reference(exercise, variant)``
    The reference answers and marking notes shown to trainers (never in the trainee
    edition): by default the catalogue entry's ``reference`` rows.

``check_exercise(exercise, params)`` (optional)
    Cross-checks on the catalogue entry, e.g. that its ``items`` are the ones the kind
    grades; return ``[(location tuple, message)]``.

Feedback prose of the engine kinds lives in ``casebook/data/grading/texts.yaml``, not in
Python (a test allows no long Chinese string literal in this package).

Helpers for kinds (modules starting with ``_`` are not discovered as kinds):
:mod:`casebook.grading.kinds._common` (``compliance_item`` scales a pack's deductions to an
item, ``text_compliance_item`` does the same for wording, ``violation_feedback`` and
``rule_feedback`` turn rules into feedback, ``RuleLedger`` collects points lost per rule);
:func:`casebook.grading.kinds.contact_plan.grade_plan` grades any plan of actions on a case
(a question sheet's plan question uses it).
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydantic import BaseModel, ValidationError

from casebook.grading.forms import Form
from casebook.grading.schema import ExerciseResult, Variant
from casebook.grading.textcheck import TextChecker, default_text_checker
from casebook.model import Action
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack, Rule

if TYPE_CHECKING:
    from casebook.grading.catalog import Exercise


#: Longest message text accepted in one planned action (a call script, an SMS, a letter).
MAX_MESSAGE_CHARS = 3000


class AnswerError(ValueError):
    """Answers that do not fit the exercise; ``problems`` has one message per field."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


AnswersModel = TypeVar("AnswersModel", bound=BaseModel)


@dataclass(frozen=True)
class Answered:
    """Validated answers plus the action log."""

    answers: BaseModel
    action_log: list[Action] = field(default_factory=list)

    def answers_as(self, model: type[AnswersModel]) -> AnswersModel:
        """``answers`` as the kind's ``Answers`` model, which ``validate`` produced."""
        if not isinstance(self.answers, model):
            raise TypeError(f"answers are a {type(self.answers).__name__}, not a {model.__name__}")
        return self.answers


@dataclass
class GradingContext:
    """What the grader provides to every kind: the pinned packs and the text checker."""

    packs: Sequence[Pack]
    text_checker: TextChecker = field(default_factory=default_text_checker)

    def __post_init__(self) -> None:
        self.packs = PackRegistry.of(self.packs)

    def rule(self, rule_id: str) -> Rule | None:
        """A rule of the loaded packs by id, or None."""
        return PackRegistry.of(self.packs).get(rule_id)

    def params_for_check(self, check: str) -> Any:
        """Validated params of the first rule enforced by checker ``check`` (None if absent)."""
        return PackRegistry.of(self.packs).params_for(check)


class ExerciseKind(ABC):
    """Base class of exercise kinds (see the module docstring for the contract)."""

    name: ClassVar[str]
    label: ClassVar[str]
    Data: ClassVar[type[BaseModel]]
    Answers: ClassVar[type[BaseModel]]
    uses_action_log: ClassVar[bool] = False
    max_actions: ClassVar[int] = 30

    #: Item ids a catalogue entry of this kind must have (checked by the default
    #: ``check_exercise``); empty when the items depend on the entry's data.
    item_ids: ClassVar[tuple[str, ...]] = ()

    def check_exercise(self, exercise: Exercise, params: Any) -> list[tuple[tuple, str]]:
        """Problems in a catalogue entry beyond ``Data`` validation: the item ids by default."""
        return self.expect_items(exercise, self.item_ids) if self.item_ids else []

    @staticmethod
    def expect_items(exercise: Exercise, expected: Sequence[str]) -> list[tuple[tuple, str]]:
        """A problem if the entry's item ids are not exactly ``expected`` (in any order)."""
        have = [i.id for i in exercise.items]
        if sorted(have) != sorted(expected):
            return [(("items",), f"items must be exactly {list(expected)}, got {have}")]
        return []

    @abstractmethod
    def make_variant(self, exercise: Exercise, seed: int) -> Variant:
        """A personalised, deterministic variant."""

    @abstractmethod
    def form(self, exercise: Exercise, variant: Variant) -> Form:
        """The fields the trainee fills in."""

    def validate(
        self,
        exercise: Exercise,
        variant: Variant,
        answers: dict[str, Any],
        action_log: Sequence[Action],
    ) -> Answered:
        """Validate answers against ``Answers`` and the variant; raise :class:`AnswerError`."""
        try:
            parsed = self.Answers.model_validate(answers)
        except ValidationError as exc:
            raise AnswerError(
                [
                    f"field 'answers.{'.'.join(str(p) for p in e['loc'])}': {e['msg']}"
                    for e in exc.errors()
                ]
            ) from None
        if action_log and not self.takes_action_log(exercise, variant):
            raise AnswerError(["field 'action_log': this exercise takes no action log"])
        limit = self.action_limit(exercise, variant)
        if len(action_log) > limit:
            raise AnswerError([f"field 'action_log': {len(action_log)} actions (at most {limit})"])
        long = [
            f"field 'action_log[{i}].message': {len(a.message)} characters (at most {MAX_MESSAGE_CHARS})"
            for i, a in enumerate(action_log)
            if len(a.message) > MAX_MESSAGE_CHARS
        ]
        if long:
            raise AnswerError(long)
        return Answered(parsed, list(action_log))

    def takes_action_log(self, exercise: Exercise, variant: Variant) -> bool:
        """Whether a submission of this variant carries an action log."""
        return self.uses_action_log

    def action_limit(self, exercise: Exercise, variant: Variant) -> int:
        """The most actions a submission of this variant may carry."""
        return self.max_actions

    def warm_up(self, expected: int) -> None:
        """Optional: about ``expected`` submissions of this kind are coming (an estimate made
        before any is read); start what is slow to start (the strategy kind's worker process)
        while the assignment is validated and the submissions are read. Must not change any
        grade."""
        return None

    def prepare(
        self, work: Sequence[tuple[Exercise, Variant, Answered]], ctx: GradingContext
    ) -> None:
        """Optional: start expensive work for these submissions before any is graded (the
        strategy kind simulates in a worker process meanwhile). ``grade`` must give the same
        result whether or not ``prepare`` ran."""
        return None

    def answers_schema(self, exercise: Exercise, variant: Variant) -> dict[str, Any]:
        """The JSON Schema of a submission's ``answers`` for this exercise."""
        return self.Answers.model_json_schema()

    def reference(self, exercise: Exercise, variant: Variant) -> list[tuple[str, str, str]]:
        """(item, reference answer, marking note) rows shown to trainers, for ``variant``.

        Question sheets derive them from their key; an engine kind reads them from the
        exercise's ``reference`` in the catalogue (its reference solution and notes).
        """
        from casebook.grading.kinds._common import render_reference

        return [(r.item, render_reference(r.answer, variant), r.note) for r in exercise.reference]

    def shown_to_trainees(self, exercise: Exercise, variant: Variant) -> str:
        """Everything a trainee sees while answering ``variant`` (the form: intro, labels,
        options). A reference answer found in it gives nothing away by itself."""
        import json

        form = self.form(exercise, variant)
        return json.dumps(form.model_dump(mode="python"), ensure_ascii=False, default=str)

    def trainer_notes(self, exercise: Exercise) -> list[str]:
        """General marking notes shown to trainers under the reference rows."""
        return list(getattr(exercise.params, "notes", []))

    @abstractmethod
    def grade(
        self, exercise: Exercise, variant: Variant, answered: Answered, ctx: GradingContext
    ) -> ExerciseResult:
        """Replay the answers through the engine and score every item."""

    @abstractmethod
    def simulate(self, exercise: Exercise, variant: Variant, rng: random.Random) -> Answered:
        """Plausible answers of mixed quality (benchmark, tests)."""


KINDS: dict[str, ExerciseKind] = {}


def register_kind(cls: type[ExerciseKind]) -> type[ExerciseKind]:
    """Class decorator: register one instance of ``cls`` under ``cls.name``."""
    if cls.name in KINDS:
        raise ValueError(f"exercise kind {cls.name!r} registered twice")
    KINDS[cls.name] = cls()
    return cls


def get_kind(name: str) -> ExerciseKind:
    """The registered kind called ``name`` (KeyError listing the known kinds)."""
    if name not in KINDS:
        raise KeyError(f"unknown exercise kind {name!r}; known: {sorted(KINDS)}")
    return KINDS[name]


for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = [
    "KINDS",
    "AnswerError",
    "Answered",
    "ExerciseKind",
    "GradingContext",
    "get_kind",
    "register_kind",
]
