"""Shapes of the course data (``casebook/data/course/``): the plan, the debriefs, the exams.

Structure is checked here (pydantic); whether the resources a plan names exist (exercise
ids, case ids, book pages) is checked against the content by :mod:`casebook.course.loader`.
This module imports nothing from the grading package, so :mod:`casebook.grading.schema` can
use :class:`ExamPin` and :class:`ExamOutcome` in the manifest and the gradebook.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.prose import Prose

#: A book page as named in ``_toc.yml``: ``book/compliance``, ``notebooks/drills``.
PAGE_PATTERN = r"^(book|notebooks|exercises)/[a-z0-9_]+$"
#: A MyST target in a chapter: ``compliance-privacy``.
LABEL_PATTERN = r"^[a-z][a-z0-9-]*$"
#: Minutes of teaching per day the plan must stay within (6 to 7 hours).
DAY_MINUTES = (360, 420)
#: Longest half-day session, in minutes.
SESSION_MINUTES = 210


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BlockType(StrEnum):
    """What a block of the day is for."""

    READING = "reading"
    DRILLS = "drills"
    CALLS = "calls"
    QA = "qa"
    CASES = "cases"
    ASSESSMENT = "assessment"
    DEBRIEF = "debrief"


BLOCK_LABELS: dict[BlockType, str] = {
    BlockType.READING: "阅读",
    BlockType.DRILLS: "模拟练习",
    BlockType.CALLS: "通话演练",
    BlockType.QA: "录音质检",
    BlockType.CASES: "案例研讨",
    BlockType.ASSESSMENT: "考核",
    BlockType.DEBRIEF: "复盘讲评",
}

SESSION_LABELS = {"am": "上午", "pm": "下午"}

DrillLevel = Literal["入门", "进阶", "高级"]


class Resources(_Strict):
    """What of the casebook a block uses. Every id is checked against the content on load."""

    pages: list[str] = Field(default_factory=list, description="Pages of _toc.yml")
    sections: list[str] = Field(default_factory=list, description="MyST targets in chapters")
    exercises: list[str] = Field(default_factory=list, description="Exercise ids")
    drill_levels: list[DrillLevel] = Field(default_factory=list)
    cases: list[str] = Field(
        default_factory=list, description="Worked case ids (case01…) or call cases (WC-…)"
    )
    exam: str | None = Field(default=None, description="Exam id (casebook/data/course/exams.yaml)")

    @field_validator("pages")
    @classmethod
    def _page_names(cls, pages: list[str]) -> list[str]:
        import re

        bad = [p for p in pages if not re.fullmatch(PAGE_PATTERN, p)]
        if bad:
            raise ValueError(f"page(s) {bad} must be named as in _toc.yml, e.g. book/compliance")
        return pages

    @field_validator("sections")
    @classmethod
    def _labels(cls, labels: list[str]) -> list[str]:
        import re

        bad = [s for s in labels if not re.fullmatch(LABEL_PATTERN, s)]
        if bad:
            raise ValueError(f"section label(s) {bad} must look like compliance-privacy")
        return labels

    @property
    def empty(self) -> bool:
        return not (
            self.pages
            or self.sections
            or self.exercises
            or self.drill_levels
            or self.cases
            or self.exam
        )


class Block(_Strict):
    """One block of a training day."""

    title: str = Field(min_length=1)
    type: BlockType
    session: Literal["am", "pm"]
    minutes: int = Field(ge=5, le=SESSION_MINUTES)
    objectives: list[Prose] = Field(min_length=1, description="What trainees can do afterwards")
    how: Prose = Field(min_length=1, description="What the trainer does (trainer edition only)")
    resources: Resources

    @model_validator(mode="after")
    def _uses_the_casebook(self) -> Block:
        if self.resources.empty:
            raise ValueError("a block must name at least one casebook resource it uses")
        if self.type is BlockType.ASSESSMENT and not (
            self.resources.exam or self.resources.exercises
        ):
            raise ValueError("an assessment block names the exam or the exercises it assesses")
        return self


class Day(_Strict):
    """One day of the course."""

    day: int = Field(ge=1, le=5)
    title: str = Field(min_length=1)
    goal: Prose = Field(min_length=1)
    blocks: list[Block] = Field(min_length=2)

    @property
    def minutes(self) -> int:
        return sum(b.minutes for b in self.blocks)

    def session_minutes(self, session: str) -> int:
        return sum(b.minutes for b in self.blocks if b.session == session)

    @model_validator(mode="after")
    def _fits_a_day(self) -> Day:
        low, high = DAY_MINUTES
        if not low <= self.minutes <= high:
            raise ValueError(
                f"day {self.day} has {self.minutes} minutes of blocks; a training day has "
                f"{low}–{high} (6 to 7 hours)"
            )
        sessions = [b.session for b in self.blocks]
        if sessions != sorted(sessions):  # "am" < "pm"
            raise ValueError(f"day {self.day}: morning blocks come before afternoon blocks")
        for session in ("am", "pm"):
            if self.session_minutes(session) > SESSION_MINUTES:
                raise ValueError(
                    f"day {self.day}: the {SESSION_LABELS[session]} has "
                    f"{self.session_minutes(session)} minutes, more than {SESSION_MINUTES}"
                )
        return self


class CoursePlan(_Strict):
    """The five-day course (``casebook/data/course/plan.yaml``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    intro: Prose = Field(min_length=1)
    audience: Prose = Field(min_length=1)
    morning_start: str = Field(default="09:00", pattern=r"^[0-2]\d:[0-5]\d$")
    afternoon_start: str = Field(default="13:30", pattern=r"^[0-2]\d:[0-5]\d$")
    days: list[Day] = Field(min_length=5, max_length=5)

    @field_validator("days")
    @classmethod
    def _numbered(cls, days: list[Day]) -> list[Day]:
        numbers = [d.day for d in days]
        if numbers != list(range(1, len(days) + 1)):
            raise ValueError(f"days must be numbered 1, 2, 3 … in order; found {numbers}")
        return days

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    def blocks(self) -> list[tuple[Day, Block]]:
        """Every block with its day, in order."""
        return [(day, block) for day in self.days for block in day.blocks]


# --- debriefs -----------------------------------------------------------------------------


class DebriefQuestion(_Strict):
    """A question for the debrief and what a good answer contains."""

    ask: Prose = Field(min_length=1)
    expect: list[Prose] = Field(min_length=1, description="Points a good answer makes")
    note: Prose = Field(default="", description="Marking note for the trainer")


class Debrief(_Strict):
    """Debrief of one worked case: questions with expected points, and common mistakes."""

    minutes: int = Field(ge=5, le=60)
    focus: Prose = Field(min_length=1, description="What the debrief is about, in one sentence")
    questions: list[DebriefQuestion] = Field(min_length=3, max_length=5)
    mistakes: list[Prose] = Field(min_length=1, description="Common mistakes of trainees")


class DebriefFile(_Strict):
    """``casebook/data/course/debriefs.yaml``: one debrief per worked case id."""

    debriefs: dict[str, Debrief] = Field(min_length=1)


# --- exams --------------------------------------------------------------------------------


class ExamPart(_Strict):
    """One exercise of an exam, its weight, and the condition it must meet on its own."""

    exercise: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    label: str = Field(min_length=1, description="What the part tests, e.g. 模拟通话")
    weight: float = Field(gt=0, le=100, description="Share of the exam's 100 points")
    min_percent: float | None = Field(
        default=None, ge=0, le=100, description="The part must reach this percentage on its own"
    )
    no_red_line: bool = Field(
        default=False,
        description="Any red-line fault in this part fails the exam (red lines: the QA form's)",
    )


class Exam(_Strict):
    """An exam: existing exercises with weights and pass marks, assignable by its id."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    title: str = Field(min_length=1)
    intro: Prose = Field(min_length=1)
    pass_total: float = Field(gt=0, le=100, description="Weighted total needed to pass")
    parts: list[ExamPart] = Field(min_length=1)

    @model_validator(mode="after")
    def _parts(self) -> Exam:
        ids = [p.exercise for p in self.parts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"exercise(s) {duplicates} appear in more than one part")
        total = round(sum(p.weight for p in self.parts), 6)
        if total != 100:
            raise ValueError(f"the parts' weights must sum to 100, found {total:g}")
        return self

    def rule_text(self) -> str:
        """The pass rule in words (Chinese)."""
        parts = [f"加权总分不低于 {self.pass_total:g} 分"]
        for part in self.parts:
            if part.no_red_line:
                parts.append(f"{part.label}（{part.exercise}）没有任何红线违规")
            if part.min_percent is not None:
                parts.append(
                    f"{part.label}（{part.exercise}）单项得分率不低于 {part.min_percent:g}%"
                )
        return "，且".join(parts)


class ExamFile(_Strict):
    exams: list[Exam] = Field(min_length=1)


class ExamPin(Exam):
    """An exam as assigned: pinned in the manifest together with what counts as a red line.

    The red lines are the QA form's red-line items and the rules they serve, taken when
    the assignment is made, so a later edit of the form cannot change how it is graded.
    """

    red_line_items: list[str] = Field(default_factory=list)
    red_line_rules: list[str] = Field(default_factory=list)


class PartOutcome(_Strict):
    """How one trainee did in one part of an exam."""

    exercise: str
    label: str
    weight: float
    percent: float | None = Field(description="Points as a percentage (None: not submitted)")
    red_lines: list[str] = Field(default_factory=list, description="Red-line faults found")


class ExamOutcome(_Strict):
    """The exam result of one trainee: 通过 or 未通过, with the reasons."""

    exam_id: str
    score: float = Field(description="Weighted total out of 100")
    passed: bool
    reasons: list[str] = Field(default_factory=list, description="Why the exam was not passed")
    parts: list[PartOutcome]

    @property
    def label(self) -> str:
        return "通过" if self.passed else "未通过"
