"""Question sheets as data: the exercise YAML, what a generator fills in, and the built sheet.

Three shapes:

* :class:`SheetData` — the exercise's ``data:`` in YAML: the questions, their options with
  per-option feedback, legal bases and scorers, marking notes, and which variant generator
  (if any) fills in the numbers. Every string may contain ``{placeholders}``.
* :class:`Fill` — what a generator returns for one seed: the values for the placeholders,
  option lists computed by the engine, the right answers it computed, a case, a document.
* :class:`QuestionKey` / :class:`PublicQuestion` — one built question: the key (answer,
  options with feedback and bases, scorer, notes) stays with the trainer; the public part
  (label, options without the key) is handed to the trainee.

:func:`build_sheet` turns data and a fill into the variant's ``public`` and ``key``.
"""

from __future__ import annotations

import builtins
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.model import Case
from casebook.policy.schema import Prose

QuestionType = Literal["choice", "number", "date", "plan"]
ID = r"^\w+$"
#: A number, or in the YAML a placeholder the generator fills in (``"{full_fee}"``).
Num = float | Annotated[str, Field(pattern=r"^\{[A-Za-z_][A-Za-z0-9_]*\}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- scorers -------------------------------------------------------------------------------


class ChoiceScorer(_Strict):
    """How a choice is scored.

    ``single``: the picked option's credit (1 for a correct option unless ``credit`` says
    otherwise). ``net``: (right picks − wrong picks) ÷ right options, never below 0.
    ``judged``: the share of options judged right (picked if correct, left if not).
    ``all``: full marks only if the picks are exactly the correct options.
    """

    type: Literal["choice"] = "choice"
    mode: Literal["single", "net", "judged", "all"] = "single"
    verdicts: tuple[str, str] = Field(
        default=("是", "否"),
        description="judged: the verdict of a picked and of an unpicked option",
    )


class Tier(_Strict):
    """Within ``within`` of the answer (``relative``: as a share of it) earns ``credit``."""

    within: float = Field(ge=0)
    relative: bool = False
    credit: float = Field(gt=0, le=1)
    text: str = ""


class Trap(_Strict):
    """A known wrong value (e.g. the full fee where a reduced one is due) with its feedback."""

    value: Num
    text: str
    bases: list[str] = Field(default_factory=list)


class NumberScorer(_Strict):
    """A number scored by tolerance tiers (exact, to the cent, within ¥1 …)."""

    type: Literal["number"] = "number"
    tiers: list[Tier] = Field(min_length=1)
    money: bool = Field(default=False, description="Show amounts as ¥1,234.56")
    decimals: int | None = Field(default=None, ge=0, le=6)
    decimals_text: str = ""
    wrong_text: str = ""
    traps: list[Trap] = Field(default_factory=list)


class RangeScorer(_Strict):
    """A whole number accepted between ``minimum`` and ``maximum`` (e.g. at most 60 months)."""

    type: Literal["range"] = "range"
    minimum: int | Num
    maximum: int | Num
    ok_text: str = ""
    wrong_text: str = ""


class Near(_Strict):
    """A wrong date close to the answer (``days`` off, or in the same month), with a hint."""

    days: int | None = Field(default=None, ge=1)
    same_month: bool = False
    text: str
    bases: list[str] = Field(default_factory=list)


class DateScorer(_Strict):
    """A date (YYYY-MM-DD): full marks for the exact day; near misses get their own hint."""

    type: Literal["date"] = "date"
    near: list[Near] = Field(default_factory=list)
    ok_text: str = ""
    wrong_text: str = ""


class Check(_Strict):
    """One condition on a number answer, worth ``credit`` of the item.

    ``at_most``: the answer ≤ ``limit`` + ``tolerance``. ``covers``: the answer × the answer
    to question ``times`` ≥ ``limit`` − ``tolerance``. Texts may use {given}, {limit},
    {times}, {product} and {need} (the least answer that would cover the limit).
    """

    kind: Literal["at_most", "covers"]
    limit: Num
    tolerance: float = Field(default=0, ge=0)
    times: str | None = None
    credit: float = Field(gt=0, le=1)
    ok: str
    wrong: str
    bases: list[str] = Field(default_factory=list)


class ChecksScorer(_Strict):
    """A number answer scored by several conditions (e.g. affordable and enough to repay)."""

    type: Literal["checks"] = "checks"
    requires: list[str] = Field(default_factory=list, description="Other answers needed")
    missing_text: str
    money: bool = False
    checks: list[Check] = Field(min_length=1)


class PlanScorer(_Strict):
    """A plan of contacts graded by the engine (:func:`casebook.grading.kinds.contact_plan.grade_plan`)."""

    type: Literal["plan"] = "plan"


AnyScorer = TypeVar(
    "AnyScorer", ChoiceScorer, NumberScorer, RangeScorer, DateScorer, ChecksScorer, PlanScorer
)
Scorer = Annotated[
    ChoiceScorer | NumberScorer | RangeScorer | DateScorer | ChecksScorer | PlanScorer,
    Field(discriminator="type"),
]


# -- options and questions as written in YAML ----------------------------------------------


class SheetOption(_Strict):
    """An option, whether it is right, and what a trainee who picks it is told.

    ``feedback`` explains the choice; ``instead`` (for a wrong option) says what to do instead
    of that choice; ``bases`` are the pack rules (``CN-…``) and registry sources (``REF-…``)
    it rests on.
    """

    id: str = Field(pattern=ID)
    label: str = Field(min_length=1)
    correct: bool = False
    credit: float | None = Field(default=None, ge=0, le=1)
    feedback: Prose = ""
    instead: Prose = ""
    bases: list[str] = Field(default_factory=list)


class OptionsFrom(_Strict):
    """Options computed by the generator (``source`` names its list), with text templates."""

    source: str = Field(pattern=ID)
    label: str = Field(min_length=1)
    feedback: str = ""
    instead: str = ""


class QuestionSpec(_Strict):
    """A question as written in the exercise YAML (strings may hold ``{placeholders}``).

    ``id`` is the answer key of the submission; ``item`` the catalogue item it is graded as
    (default: the same id). ``explain`` is always shown in the feedback (the reasoning);
    ``note`` is the marking note, shown when the answer is not fully right and to trainers;
    ``ok`` is shown when it is fully right. ``bases`` are charged when points are lost.
    """

    id: str = Field(pattern=ID)
    item: str | None = None
    type: QuestionType
    label: str = Field(min_length=1)
    help: str = ""
    multiple: bool = False
    shuffle: bool = False
    options: list[SheetOption] = Field(default_factory=list)
    options_from: OptionsFrom | None = Field(
        default=None, description="Instead of options: the generator's option list"
    )
    scorer: Scorer | None = None
    bases: list[str] = Field(default_factory=list)
    explain: str = ""
    note: str = ""
    ok: str = ""
    reference: str = Field(default="", description="Reference answer shown to trainers")
    unit: str = ""
    minimum: float = 0
    maximum: float = 10_000_000
    step: float = 1
    integer: bool = False
    placeholder: str = ""
    days: int = Field(default=2, ge=1, le=14, description="plan: days the plan may cover")
    max_actions: int = Field(default=10, ge=1, le=30)

    @model_validator(mode="after")
    def _fits_type(self) -> QuestionSpec:
        if self.type == "choice" and self.scorer is not None and self.scorer.type != "choice":
            raise ValueError(f"a choice question takes a choice scorer, not {self.scorer.type!r}")
        if self.type == "plan" and self.scorer is not None and self.scorer.type != "plan":
            raise ValueError("a plan question takes the plan scorer")
        if self.type in ("number", "date") and self.scorer is None:
            raise ValueError(f"a {self.type} question needs a scorer")
        if self.options and self.options_from is not None:
            raise ValueError("give options or options_from, not both")
        return self


class SheetData(_Strict):
    """Catalogue ``data`` of a question-sheet exercise."""

    generator: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Module of casebook.grading.sheets.generators that fills the sheet",
    )
    params: dict[str, Any] = Field(default_factory=dict)
    intro: str = Field(default="", description="Trusted HTML template shown above the form")
    show_case: bool = Field(default=False, description="Show the generated case above the form")
    questions: list[QuestionSpec] = Field(default_factory=list)
    question_defaults: dict[str, Any] = Field(
        default_factory=dict, description="Fields of the questions the generator draws"
    )
    notes: list[Prose] = Field(default_factory=list, description="Marking notes for trainers")


# -- what a generator returns --------------------------------------------------------------


@dataclass
class GenOption:
    """An option computed by a generator; ``values`` fill its label and feedback templates."""

    id: str
    values: Mapping[str, Any] = field(default_factory=dict)
    correct: bool = False
    credit: float | None = None
    bases: list[str] = field(default_factory=list)


@dataclass
class Fill:
    """A generator's output for one seed.

    ``values`` fill the placeholders; ``facts`` are handed to the trainee with the sheet, as
    keys of the variant's ``public`` (the amounts and dates of the case, for notebooks); ``answers`` are the
    right answers the generator computed (option ids, a number or a date), by question id;
    ``options`` the computed option lists, by source; ``questions`` whole questions drawn by
    the generator (e.g. from the drill bank), completed by ``question_defaults``; ``local``
    placeholder values that hold for one question only, by question id.
    """

    values: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    options: dict[str, list[GenOption]] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)
    local: dict[str, dict[str, Any]] = field(default_factory=dict)
    case: Case | None = None
    html: str = ""


# -- built questions -----------------------------------------------------------------------


class KeyOption(_Strict):
    """An option as stored in the key."""

    id: str
    label: str
    correct: bool = False
    credit: float = 0.0
    feedback: str = ""
    instead: str = ""
    bases: list[str] = Field(default_factory=list)


class QuestionKey(_Strict):
    """The trainer's key of one question."""

    id: str
    item: str
    type: QuestionType
    label: str
    multiple: bool = False
    options: list[KeyOption] = Field(default_factory=list)
    scorer: Scorer
    answer: Any = None
    bases: list[str] = Field(default_factory=list)
    explain: str = ""
    note: str = ""
    ok: str = ""
    reference: str = ""

    def option(self, option_id: str) -> KeyOption:
        return next(o for o in self.options if o.id == option_id)

    def scorer_as(self, kind: builtins.type[AnyScorer]) -> AnyScorer:
        """The scorer, which the scoring of this question's type expects to be a ``kind``."""
        if not isinstance(self.scorer, kind):
            raise TypeError(f"{self.id}: scorer {self.scorer.type!r} is not a {kind.__name__}")
        return self.scorer

    @property
    def correct_ids(self) -> list[str]:
        return [o.id for o in self.options if o.correct]


class PublicOption(_Strict):
    id: str
    label: str


class PublicQuestion(_Strict):
    """What the trainee sees of one question (no key)."""

    id: str
    type: QuestionType
    label: str
    help: str = ""
    multiple: bool = False
    options: list[PublicOption] = Field(default_factory=list)
    unit: str = ""
    minimum: float = 0
    maximum: float = 10_000_000
    step: float = 1
    integer: bool = False
    placeholder: str = ""
    days: int = 2
    max_actions: int = 10


# -- templates -----------------------------------------------------------------------------

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with the ``{name}`` placeholders found in ``values`` filled in.

    Unknown placeholders are left as they are (grade-time values such as ``{given}`` are
    filled later); nothing else in the text is interpreted, so braces in prose are safe.
    """
    return _FIELD.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def render_all(data: Any, values: Mapping[str, Any]) -> Any:
    """Every string inside ``data`` (dicts, lists) rendered with ``values``."""
    if isinstance(data, str):
        return render(data, values)
    if isinstance(data, list):
        return [render_all(x, values) for x in data]
    if isinstance(data, dict):
        return {k: render_all(v, values) for k, v in data.items()}
    return data


# -- building ------------------------------------------------------------------------------


def _options(spec: dict[str, Any], fill: Fill, values: Mapping[str, Any]) -> list[dict]:
    raw = spec.pop("options_from", None)
    if raw is not None:
        found = []
        for gen in fill.options[raw["source"]]:
            local = {**values, **gen.values}
            found.append(
                {
                    "id": gen.id,
                    "label": render(raw["label"], local),
                    "correct": gen.correct,
                    "credit": gen.credit,
                    "feedback": render(raw.get("feedback", ""), local),
                    "instead": render(raw.get("instead", ""), local),
                    "bases": list(gen.bases),
                }
            )
        return found
    return [dict(o) for o in spec.get("options", [])]


def _key_options(spec: dict[str, Any], answer: Any) -> list[KeyOption]:
    options = spec["options"]
    if answer is not None and spec["type"] == "choice":
        right = {answer} if isinstance(answer, str) else set(answer)
        options = [{**o, "correct": o["id"] in right} for o in options]
    out = []
    for o in options:
        credit = o.get("credit")
        if credit is None:
            credit = 1.0 if o.get("correct") else 0.0
        out.append(KeyOption(**{**o, "credit": credit}))
    return out


def default_scorer(spec: dict[str, Any]) -> dict[str, Any]:
    """The scorer of a choice or plan question that names none."""
    if spec["type"] == "plan":
        return {"type": "plan"}
    return {"type": "choice", "mode": "net" if spec.get("multiple") else "single"}


def build_question(
    spec: dict[str, Any], fill: Fill, values: Mapping[str, Any], rng: random.Random
) -> tuple[PublicQuestion, QuestionKey]:
    """One question's public part and key from its (rendered) spec."""
    spec = dict(spec)
    spec["options"] = _options(spec, fill, values)
    if spec.get("shuffle"):
        rng.shuffle(spec["options"])
    spec = render_all(spec, values)
    answer = fill.answers.get(spec["id"])
    scorer = spec.get("scorer") or default_scorer(spec)
    key = QuestionKey(
        id=spec["id"],
        item=spec.get("item") or spec["id"],
        type=spec["type"],
        label=spec["label"],
        multiple=spec.get("multiple", False),
        options=_key_options(spec, answer),
        scorer=scorer,
        answer=answer if spec["type"] != "choice" else None,
        bases=spec.get("bases", []),
        explain=spec.get("explain", ""),
        note=spec.get("note", ""),
        ok=spec.get("ok", ""),
        reference=spec.get("reference", ""),
    )
    public = PublicQuestion(
        **{k: v for k, v in spec.items() if k in PublicQuestion.model_fields and k != "options"},
        options=[PublicOption(id=o.id, label=o.label) for o in key.options],
    )
    return public, key


def build_sheet(
    data: SheetData, fill: Fill, rng: random.Random, intro: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The variant's ``public`` and ``key`` for ``data`` filled by ``fill``."""
    values = {**fill.values}
    specs = [q.model_dump(exclude_unset=True, exclude_none=True) for q in data.questions]
    specs += [{**data.question_defaults, **q} for q in fill.questions]
    for spec in specs:
        spec.setdefault("type", "choice")
    built = [
        build_question(spec, fill, {**values, **fill.local.get(spec["id"], {})}, rng)
        for spec in specs
    ]
    reserved = sorted({"intro", "questions", "case"} & set(fill.facts))
    if reserved:
        raise ValueError(f"facts may not be called {reserved}")
    public: dict[str, Any] = {
        **fill.facts,
        "intro": intro,
        "questions": [p.model_dump(mode="json") for p, _ in built],
    }
    if fill.case is not None:
        public["case"] = fill.case.model_dump(mode="json")
    key = {"questions": [k.model_dump(mode="json") for _, k in built]}
    return public, key
