"""Data shapes of assignments, submissions, variants and grading results (pydantic).

Contracts (keep stable; bump the schema version for any incompatible change):

* **Submission** (``SUBMISSION_SCHEMA_VERSION``): one JSON file written by the 提交 button —
  ids of the assignment, exercise and trainee, the trainee's identity token from the
  handout, the variant seed, the answers, the action log and a timestamp. It never carries
  a score: the grader replays the answers through the engine. ``casebook schema
  submission`` prints its JSON Schema. Version 2 added ``token``; version 1 files are
  refused with a reason.
* **Assignment manifest** (``manifest.json`` in the assignment folder): who got which
  exercise with which variant seed, the exact policy packs to grade against, and the
  fingerprint of the folder's ``secret.key`` (see :mod:`casebook.grading.secret`).
* **Gradebook row**: one line of ``gradebook.csv`` per trainee.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_serializer

from casebook.course.schema import ExamOutcome, ExamPin
from casebook.grading.ids import SafeId
from casebook.grading.secret import TOKEN_HEX, TOKEN_PATTERN
from casebook.model import Action

SUBMISSION_SCHEMA_VERSION = 2
MANIFEST_SCHEMA_VERSION = 2
HANDOUT_SCHEMA_VERSION = 2
#: The assignment id written by the 提交 button when no handout was found (self-study).
PRACTICE_ASSIGNMENT = "practice"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Submission(_Strict):
    """One trainee's answers to one exercise, as written by the 提交 button."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="casebook submission",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://casebook.invalid/schema/submission-2.json",
            "description": "一次练习提交：答案和行动记录，不含分数（评分时由引擎重放）。",
        },
    )

    schema_version: Literal[2] = Field(description="Version of this schema; currently 2")
    assignment_id: SafeId = Field(description="Assignment id from the handout ('practice' if none)")
    exercise_id: SafeId = Field(description="Exercise id from the catalogue, e.g. 'ex40'")
    trainee_id: SafeId = Field(description="Trainee id from the roster")
    token: str = Field(
        pattern=rf"^([0-9a-f]{{{TOKEN_HEX}}})?$",
        description=(
            "The trainee's identity token from the handout (32 hexadecimal digits; empty for "
            "a self-study submission). The grader refuses a token that is not this trainee's"
        ),
    )
    variant_seed: int = Field(ge=0, lt=2**63, description="Seed of the personalised variant")
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="Answers, keyed by the exercise's form fields (validated by the exercise kind)",
    )
    action_log: list[Action] = Field(
        default_factory=list,
        max_length=200,
        description="Planned collection actions (the engine's Action records), replayed by the grader",
    )
    submitted_at: AwareDatetime = Field(description="When 提交 was pressed (ISO 8601 with offset)")
    client: str = Field(default="", max_length=100, description="Software that wrote the file")


class PackPin(_Strict):
    """A policy pack as loaded when the assignment was made."""

    name: str = Field(description="Name or directory passed to load_packs, e.g. 'cn'")
    id: str
    version: str


class ExerciseRef(_Strict):
    """An exercise in an assignment."""

    id: SafeId
    kind: str
    title: str
    max_points: float


class TraineeEntry(_Strict):
    """A trainee and the seed of each of their variants."""

    trainee_id: SafeId
    name: str
    variant_seeds: dict[str, int] = Field(description="exercise id → variant seed")


class AssignmentManifest(_Strict):
    """``manifest.json``: what was assigned to whom, reproducible from ``seed``."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="casebook assignment manifest")

    schema_version: Literal[2]
    assignment_id: SafeId
    title: str = ""
    seed: int
    key_id: str = Field(
        pattern=r"^[0-9a-f]{16}$", description="Fingerprint of secret.key (not the key itself)"
    )
    packs: list[PackPin] = Field(min_length=1)
    exercises: list[ExerciseRef] = Field(min_length=1)
    trainees: list[TraineeEntry] = Field(min_length=1)
    # issue 15 (course): an exam assigned by its id, pinned with its pass rule and red lines.
    exam: ExamPin | None = Field(
        default=None, description="The exam (上岗考核) its exercises make up, if one was assigned"
    )

    @model_serializer(mode="wrap")
    def _omit_absent_exam(self, handler: Any) -> Any:
        return _without_none(handler(self), "exam")

    def exercise(self, exercise_id: str) -> ExerciseRef | None:
        """The exercise with this id, or None."""
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def trainee(self, trainee_id: str) -> TraineeEntry | None:
        """The trainee with this id, or None."""
        return next((t for t in self.trainees if t.trainee_id == trainee_id), None)


class Variant(_Strict):
    """A personalised variant of an exercise: what the trainee sees, and the grader's key."""

    exercise_id: SafeId
    kind: str
    seed: int
    public: dict[str, Any] = Field(description="Shown to the trainee (case data, options …)")
    key: dict[str, Any] = Field(default_factory=dict, description="Grader only; never handed out")


class Handout(_Strict):
    """What one trainee receives for one exercise: ids, token, seed and the public variant."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="casebook handout")

    schema_version: Literal[2] = 2
    assignment_id: SafeId
    assignment_title: str = ""
    trainee_id: SafeId
    trainee_name: str
    token: str = Field(
        pattern=TOKEN_PATTERN,
        description="The trainee's identity token: personal, copied into every submission",
    )
    exercise_id: SafeId
    variant_seed: int
    public: dict[str, Any]


class FeedbackEntry(_Strict):
    """One line of feedback: what was right or wrong, with the rule behind it."""

    status: Literal["ok", "partial", "wrong", "info"]
    text: str
    rule_id: str | None = None
    rule_title: str = ""
    citation: str = ""
    why: str = ""
    instead: str = ""
    quote: str = Field(default="", description="The trainee's own words that triggered this")


class ItemResult(_Strict):
    """Points for one item of an exercise."""

    item_id: str
    title: str
    points: float
    max_points: float
    feedback: list[FeedbackEntry] = Field(default_factory=list)
    review: str = Field(
        default="",
        description="需人工复核: why a person should check this item's points (empty: no need)",
    )


class RuleLoss(_Strict):
    """Points lost to one rule across an exercise."""

    rule_id: str
    title: str
    count: int
    points_lost: float


class ExerciseResult(_Strict):
    """The grade of one submission."""

    exercise_id: str
    kind: str
    points: float
    max_points: float
    items: list[ItemResult]
    rules: list[RuleLoss] = Field(default_factory=list)
    checker: str = Field(default="", description="Text checker used, if any")
    answer_echo: list[tuple[str, str]] = Field(
        default_factory=list,
        description="(label, trainee's answer) pairs shown on the feedback page",
    )

    @property
    def needs_review(self) -> bool:
        """An item's points are marked 需人工复核 (e.g. the wording judge was uncertain)."""
        return any(item.review for item in self.items)


class GradebookRow(_Strict):
    """One row of ``gradebook.csv`` (exercise columns are added per assignment)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="casebook gradebook row")

    trainee_id: SafeId
    name: str
    scores: dict[str, float | None] = Field(
        description="exercise id → points (None: no submission)"
    )
    total: float
    max_total: float
    percent: float
    manual_override: str = Field(
        default="", description="Trainer's override of the total; kept on re-grade"
    )
    override_note: str = ""
    final: float
    status: str
    # issue 15 (course): the exam result when the assignment is an exam (None otherwise).
    exam: ExamOutcome | None = None

    @model_serializer(mode="wrap")
    def _omit_absent_exam(self, handler: Any) -> Any:
        return _without_none(handler(self), "exam")


def _without_none(data: Any, key: str) -> Any:
    """Leave an optional field added later out of the JSON when it is unset, so files
    written without it (manifests, results of assignments without an exam) do not change."""
    if isinstance(data, dict) and data.get(key, 0) is None:
        del data[key]
    return data


def now_with_offset() -> datetime:
    """The current local time with its UTC offset (used by the 提交 button)."""
    return datetime.now().astimezone().replace(microsecond=0)
