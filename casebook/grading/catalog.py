"""The exercise catalogue: one YAML file per exercise in ``casebook/data/exercises/``.

Each entry states the id, title, kind, learning objectives (mapped to the seed's points),
difficulty, estimated time, the points of each graded item, a practice seed and the
kind-specific ``data`` (validated by the kind's own pydantic model). Errors name the file,
the line and the field; a catalogue with any error is rejected whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from casebook.grading.ids import SafeId
from casebook.policy.schema import Prose
from casebook.yamlnodes import compose, safe_load
from casebook.yamlnodes import line_of as _line_of

try:  # The seed's 17 points, when the worked-cases package is installed.
    from casebook.cases.points import POINTS_BY_KEY as _SEED_POINTS

    SEED_POINT_KEYS: frozenset[str] = frozenset(_SEED_POINTS)
except ImportError:  # pragma: no cover - same keys, kept in step with casebook/cases/points.py
    SEED_POINT_KEYS = frozenset(
        f"{group}.{name}"
        for group, names in {
            "channels": ("phone", "sms", "mail", "visit", "legal"),
            "causes": ("contact_invalid", "evasion", "hardship", "weak_means"),
            "efficiency": ("process", "team", "technology", "court"),
            "compliance": ("law", "civility", "privacy", "excess"),
        }.items()
        for name in names
    )

Difficulty = Literal["入门", "进阶", "高级"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(_Strict):
    """A learning objective and the seed points it trains (e.g. ``compliance.privacy``)."""

    text: Prose = Field(min_length=1)
    seed_points: list[str] = Field(min_length=1)

    @field_validator("seed_points")
    @classmethod
    def _known_points(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - SEED_POINT_KEYS)
        if unknown:
            raise ValueError(f"unknown seed point(s) {unknown}; known: {sorted(SEED_POINT_KEYS)}")
        return value


class ItemSpec(_Strict):
    """A graded item and its points."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    points: float = Field(gt=0, le=1000)


class ReferenceRow(_Strict):
    """A reference answer of an engine-graded exercise, shown to trainers only.

    ``answer`` may use the variant's placeholders ({bank}, {hotline}, {name}, {honorific},
    {balance} of its case); ``note`` is the marking note.
    """

    item: str = Field(min_length=1)
    answer: Prose = Field(min_length=1)
    note: Prose = ""


class Exercise(_Strict):
    """One catalogue entry. ``params`` holds ``data`` as validated by the kind."""

    id: SafeId
    title: str = Field(min_length=1)
    kind: str
    notebook: str = ""
    difficulty: Difficulty
    minutes: int = Field(gt=0, le=600)
    objectives: list[Objective] = Field(min_length=1)
    practice_seed: int = Field(ge=0)
    items: list[ItemSpec] = Field(min_length=1)
    data: dict[str, Any] = Field(default_factory=dict)
    reference: list[ReferenceRow] = Field(
        default_factory=list, description="Reference answers of an engine-graded exercise"
    )

    _params: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _unique_items(self) -> Exercise:
        ids = [i.id for i in self.items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate item ids: {duplicates}")
        return self

    @property
    def params(self) -> Any:
        """``data`` validated by the kind's ``Data`` model."""
        if self._params is None:
            raise RuntimeError(f"exercise {self.id} was not validated by its kind")
        return self._params

    @property
    def max_points(self) -> float:
        """Full marks: the sum of the items' points."""
        return round(sum(i.points for i in self.items), 2)

    def item(self, item_id: str) -> ItemSpec:
        """The item with this id (KeyError if absent)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def seed_points(self) -> list[str]:
        """The seed points trained by the exercise, in first-mentioned order."""
        seen: dict[str, None] = {}
        for objective in self.objectives:
            seen.update(dict.fromkeys(objective.seed_points))
        return list(seen)


class CatalogError(ValueError):
    """The catalogue (or an assignment's snapshot of it) is invalid; lists every problem."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__(
            f"invalid exercise catalogue ({len(self.problems)} problem(s)):\n"
            + "\n".join(f"  - {p}" for p in self.problems)
        )


def default_catalog_dir() -> Path:
    """``casebook/data/exercises`` in the installed package."""
    return Path(str(resources.files("casebook") / "data" / "exercises"))


def _field(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validate_exercise(raw: Any, where: str, root: yaml.Node | None = None) -> Exercise:
    """Validate one entry and its kind-specific data; raise :class:`CatalogError`."""
    from casebook.grading.kinds import KINDS, get_kind

    def problem(loc: tuple[Any, ...], message: str) -> str:
        line = _line_of(root, loc)
        return f"{where}{f':{line}' if line else ''}: field '{_field(loc)}': {message}"

    try:
        exercise = Exercise.model_validate(raw)
    except ValidationError as exc:
        raise CatalogError([problem(tuple(e["loc"]), e["msg"]) for e in exc.errors()]) from None
    if exercise.kind not in KINDS:
        raise CatalogError(
            [problem(("kind",), f"unknown exercise kind {exercise.kind!r}; known: {sorted(KINDS)}")]
        )
    kind = get_kind(exercise.kind)
    try:
        params = kind.Data.model_validate(exercise.data)
    except ValidationError as exc:
        raise CatalogError([problem(("data", *e["loc"]), e["msg"]) for e in exc.errors()]) from None
    problems = [problem(loc, msg) for loc, msg in kind.check_exercise(exercise, params)]
    if problems:
        raise CatalogError(problems)
    exercise._params = params
    return exercise


def load_exercise_file(path: Path) -> Exercise:
    """Load and validate one catalogue file."""
    try:
        text = path.read_text(encoding="utf-8")
        data, root = safe_load(text), compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([f"{path}: cannot read file: {exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise CatalogError([f"{path}{line}: invalid YAML: {exc}"]) from None
    exercise = validate_exercise(data, str(path), root)
    if exercise.id != path.stem:
        raise CatalogError([f"{path}: field 'id': {exercise.id!r} must match the file name"])
    return exercise


def load_catalog(directory: str | Path | None = None) -> dict[str, Exercise]:
    """Every exercise in ``directory`` (default: the packaged catalogue), by id, sorted."""
    folder = Path(directory) if directory is not None else default_catalog_dir()
    problems: list[str] = []
    found: dict[str, Exercise] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            exercise = load_exercise_file(path)
        except CatalogError as exc:
            problems += exc.problems
            continue
        found[exercise.id] = exercise
    if problems:
        raise CatalogError(problems)
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def default_catalog() -> dict[str, Exercise]:
    """The packaged catalogue (loaded once)."""
    return load_catalog()


def get_exercise(exercise_id: str) -> Exercise:
    """An exercise from the packaged catalogue (KeyError naming the known ids)."""
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise KeyError(f"unknown exercise {exercise_id!r}; known: {', '.join(catalog)}")
    return catalog[exercise_id]
