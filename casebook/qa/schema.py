"""Schema of the call-quality review (录音质检) content: the QA form and annotated transcripts.

The form (``casebook/data/qa/form.yaml``) is the 100-point score sheet a bank's QA team fills
in for one recorded call; each item says what earns or loses its points and which rules it
serves (pack rules or call standards). A transcript (``casebook/data/qa/transcripts/*.yaml``)
reuses the conversation models: every turn is a :class:`~casebook.conversation.schema.Turn`
(speaker, text, grade, rules, note), extended with its number, the form items it loses points
on and, for a faulty turn, a better reply. The transcript's reference score must follow from
its marked turns (checked by the loader against the form).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.conversation.schema import CallStep, Grade, Speaker, Turn
from casebook.policy.schema import Prose

ITEM_ID = r"^[a-z][a-z_]*$"
TRANSCRIPT_ID = r"^qa-\d{2}-[a-z0-9]+(-[a-z0-9]+)*$"
#: ``{debtor}`` in a transcript's text: a surname or an amount filled in per variant.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z_]*$")
MIN_TURNS, MAX_TURNS = 15, 40

Level = Literal["入门", "进阶", "高级"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the form -----------------------------------------------------------------------------


class ItemGroup(StrEnum):
    """Compliance items (rules) and service items (how well the call was handled)."""

    COMPLIANCE = "compliance"
    SERVICE = "service"


GROUP_LABELS: dict[ItemGroup, str] = {
    ItemGroup.COMPLIANCE: "合规项",
    ItemGroup.SERVICE: "服务与沟通项",
}


class FormItem(_Strict):
    """One line of the score sheet."""

    id: str = Field(pattern=ITEM_ID)
    group: ItemGroup
    title: str = Field(min_length=1)
    short: str = Field(min_length=1, max_length=8, description="Short label for tables and menus")
    step: CallStep | None = Field(default=None, description="The call step it mostly concerns")
    points: int = Field(gt=0, le=100)
    per_fault: int = Field(gt=0, description="Points deducted per faulty turn (capped at points)")
    red_line: bool = Field(
        default=False, description="Red-line item: any fault sets the call's total to 0"
    )
    earns: Prose = Field(min_length=1, description="What earns the item's points")
    loses: list[Prose] = Field(min_length=1, description="Typical faults that lose points")
    rules: list[str] = Field(
        default_factory=list, description="Pack rules or call standards the item serves"
    )
    basis: Prose = Field(
        min_length=1,
        description="How the item follows from its rules; for an item without rules, why the "
        "house scores it (a house policy, never presented as law)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> FormItem:
        if self.per_fault > self.points:
            raise ValueError(
                f"per_fault ({self.per_fault}) cannot exceed the item's points ({self.points})"
            )
        if self.red_line and self.group is not ItemGroup.COMPLIANCE:
            raise ValueError("only a compliance item can be a red-line item")
        if self.red_line != self.title.endswith("（红线）"):
            raise ValueError(
                "a red-line item's title ends with （红线）, and only a red-line item's"
            )
        if not self.rules and not self.basis.startswith("行内政策"):
            raise ValueError(
                "an item without rules is a house policy: its basis must start with 行内政策"
            )
        return self

    def deduction(self, faults: int) -> int:
        """Points lost for ``faults`` faulty turns: ``per_fault`` each, at most ``points``."""
        return min(self.points, self.per_fault * max(0, faults))

    @property
    def allowed_deductions(self) -> list[int]:
        """Every deduction the item can carry: 0, per_fault, 2 × per_fault … up to points."""
        values = sorted({self.deduction(n) for n in range(0, self.points // self.per_fault + 2)})
        return values


class QAForm(_Strict):
    """The 100-point QA form."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    intro: Prose = Field(min_length=1)
    red_line_rule: Prose = Field(min_length=1, description="What a red-line fault does, in words")
    items: list[FormItem] = Field(min_length=2)

    @field_validator("items")
    @classmethod
    def _unique_and_100(cls, items: list[FormItem]) -> list[FormItem]:
        ids = [i.id for i in items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate item ids: {duplicates}")
        total = sum(i.points for i in items)
        if total != 100:
            raise ValueError(f"the items' points must sum to 100, found {total}")
        groups = {i.group for i in items}
        if groups != set(ItemGroup):
            raise ValueError("the form needs both compliance and service items")
        return items

    def item(self, item_id: str) -> FormItem:
        """The item with this id (KeyError if absent)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def item_ids(self) -> list[str]:
        return [i.id for i in self.items]


# --- transcripts --------------------------------------------------------------------------


class QATurn(Turn):
    """A numbered turn of a QA transcript with its reference marks.

    ``items`` are the form items this turn loses points on (the reference marks). A collector
    turn is annotated (``note``); a faulty one also carries a ``better`` reply.
    """

    n: int = Field(ge=1, description="Turn number, from 1")
    items: list[str] = Field(default_factory=list, description="Form items the turn loses")
    better: Prose = Field(default="", description="A better reply (faulty turns)")

    @model_validator(mode="after")
    def _annotated(self) -> QATurn:
        if self.speaker is not Speaker.COLLECTOR:
            if self.items or self.better or self.note:
                raise ValueError("only collector turns carry items, notes and better replies")
            return self
        if not self.note:
            raise ValueError("a collector turn needs a note (why it is fine, or what is wrong)")
        if len(set(self.items)) != len(self.items):
            raise ValueError(f"duplicate items: {self.items}")
        if (self.grade is Grade.EFFECTIVE) != (not self.items):
            raise ValueError(
                "a turn graded compliant_effective has no items; any other grade names the "
                "form items it loses"
            )
        if self.items and not self.better:
            raise ValueError("a faulty turn needs a better reply ('better')")
        return self


class Reference(_Strict):
    """The reference QA result: deductions per item and the total."""

    deductions: dict[str, int] = Field(
        default_factory=dict,
        description="Form item id → points deducted (items with none left out)",
    )
    score: int = Field(ge=0, le=100)
    summary: Prose = Field(min_length=1, description="The reviewer's conclusion (质检结论)")


class Transcript(_Strict):
    """A recorded call, transcribed and annotated with its reference QA review."""

    id: str = Field(pattern=TRANSCRIPT_ID)
    title: str = Field(min_length=1)
    level: Level = Field(description="Difficulty of reviewing it, as for exercises")
    faults: list[str] = Field(
        min_length=1, description="Fault types it shows (see FAULT_TYPES); ['clean'] for none"
    )
    situation: Prose = Field(min_length=1)
    names: dict[str, str] = Field(
        default_factory=dict,
        description="Placeholder → a one-character surname as written; varied per trainee",
    )
    amounts: dict[str, int] = Field(
        default_factory=dict, description="Placeholder → an amount in yuan; scaled per trainee"
    )
    turns: list[QATurn] = Field(min_length=MIN_TURNS, max_length=MAX_TURNS)
    reference: Reference

    @field_validator("faults")
    @classmethod
    def _known_faults(cls, faults: list[str]) -> list[str]:
        unknown = sorted(set(faults) - set(FAULT_TYPES))
        if unknown:
            raise ValueError(f"unknown fault type(s) {unknown}; known: {list(FAULT_TYPES)}")
        if "clean" in faults and len(faults) > 1:
            raise ValueError("'clean' cannot be combined with other fault types")
        return faults

    @field_validator("names")
    @classmethod
    def _surnames(cls, names: dict[str, str]) -> dict[str, str]:
        for key, value in names.items():
            if not PLACEHOLDER_NAME.match(key):
                raise ValueError(f"placeholder name {key!r}: lower-case letters and _ only")
            if len(value) != 1 or not "\u4e00" <= value <= "\u9fff":
                raise ValueError(
                    f"names.{key}: {value!r} must be one Chinese character (a surname)"
                )
        if len(set(names.values())) != len(names):
            raise ValueError("two placeholders have the same surname")
        return names

    @field_validator("amounts")
    @classmethod
    def _amounts(cls, amounts: dict[str, int]) -> dict[str, int]:
        for key, value in amounts.items():
            if not PLACEHOLDER_NAME.match(key):
                raise ValueError(f"placeholder name {key!r}: lower-case letters and _ only")
            if not 10 <= value <= 10_000_000:
                raise ValueError(f"amounts.{key}: {value} must be between 10 and 10,000,000 yuan")
        return amounts

    @model_validator(mode="after")
    def _consistent(self) -> Transcript:
        numbers = [t.n for t in self.turns]
        if numbers != list(range(1, len(self.turns) + 1)):
            raise ValueError(f"turns must be numbered 1, 2, 3 … in order; found {numbers}")
        clash = set(self.names) & set(self.amounts)
        if clash:
            raise ValueError(f"placeholder(s) {sorted(clash)} declared as a name and an amount")
        declared = set(self.names) | set(self.amounts)
        used = set(self.placeholders())
        if used - declared:
            raise ValueError(
                f"placeholder(s) {sorted('{' + p + '}' for p in used - declared)} are used but not "
                "declared under 'names' or 'amounts'"
            )
        if declared - used:
            raise ValueError(f"declared placeholder(s) {sorted(declared - used)} are never used")
        marked = any(t.items for t in self.turns)
        if ("clean" in self.faults) == marked:
            raise ValueError("a transcript is 'clean' exactly when no turn is marked")
        if not any(t.speaker is Speaker.COLLECTOR for t in self.turns):
            raise ValueError("a transcript needs collector turns")
        return self

    def texts(self) -> Iterator[str]:
        """Every text that may hold placeholders."""
        yield self.title
        yield self.situation
        yield self.reference.summary
        for turn in self.turns:
            yield turn.text
            yield turn.note
            yield turn.better

    def placeholders(self) -> list[str]:
        """Placeholder names used in the texts, in first-use order (``{a}`` → ``a``)."""
        seen: dict[str, None] = {}
        for text in self.texts():
            for name in PLACEHOLDER.findall(text):
                seen.setdefault(name, None)
        return list(seen)

    def turn(self, n: int) -> QATurn:
        """Turn number ``n`` (KeyError if absent)."""
        if 1 <= n <= len(self.turns):
            return self.turns[n - 1]
        raise KeyError(n)

    @property
    def collector_turns(self) -> list[int]:
        """Numbers of the collector's turns (the only ones that can be marked)."""
        return [t.n for t in self.turns if t.speaker is Speaker.COLLECTOR]

    def marks(self) -> list[tuple[int, str]]:
        """The reference marks: (turn number, form item id), in turn order."""
        return [(t.n, item) for t in self.turns for item in t.items]


#: Fault types a transcript can show (issue 15's list plus the clean call).
FAULT_TYPES: dict[str, str] = {
    "clean": "合格通话",
    "no-verify": "未核身即谈欠款",
    "disclosure": "向第三人透露欠款",
    "pressure": "施压、威胁、辱骂",
    "false-claims": "冒充机关或虚构后果",
    "overpromise": "越权承诺（减免、停息挂账）",
    "missed-dispute": "盗刷、冒用争议未处理",
    "poor-empathy": "缺乏共情",
    "crisis": "危机信号未处置",
    "complaint": "阻拦投诉",
    "soft-skills": "流程与沟通疏漏",
}


def placeholder_texts(values: Iterable[str]) -> list[str]:
    """Placeholder names found in ``values`` (for error messages and tests)."""
    return [name for value in values for name in PLACEHOLDER.findall(value)]


class SurfaceFile(_Strict):
    """``variants.yaml``: what a per-trainee variant may change on the surface."""

    surnames: list[str] = Field(min_length=10)
    amount_factors: list[float] = Field(min_length=2)

    @field_validator("surnames")
    @classmethod
    def _one_character(cls, surnames: list[str]) -> list[str]:
        bad = [s for s in surnames if len(s) != 1]
        if bad:
            raise ValueError(f"surnames must be one character each: {bad}")
        if len(set(surnames)) != len(surnames):
            raise ValueError("duplicate surnames")
        return surnames

    @field_validator("amount_factors")
    @classmethod
    def _factors(cls, factors: list[float]) -> list[float]:
        bad = [f for f in factors if not 0.5 <= f <= 2]
        if bad:
            raise ValueError(f"amount factors must be between 0.5 and 2: {bad}")
        return factors
