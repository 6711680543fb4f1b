"""Schema of a worked-case file: a case, the collector's actions, what happened and the lesson.

A worked case is teaching material whose claims are checked: ``expected.violations`` states
which rules the collector's actions break, and the tests (and a hidden cell in each case
notebook) assert that :func:`casebook.assess.evaluate` finds exactly those.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.cases.points import (
    GROUP_LABELS,
    SEED_POINTS,
    CausePoint,
    ChannelPoint,
    CompliancePoint,
    EfficiencyPoint,
)
from casebook.model import Action, Case
from casebook.policy.schema import Prose

Theme = Literal[
    "personalised_instalment",
    "effective_collection_to_court",
    "third_party_complaint",
    "payment_order_to_litigation",
    "limitation_expired",
]

GROUPS = tuple(GROUP_LABELS)

THEME_LABELS: dict[str, str] = {
    "personalised_instalment": "财务困难经个性化分期解决",
    "effective_collection_to_court": "逃避催收的债务人：有效催收到起诉",
    "third_party_complaint": "向第三人泄露欠款引发投诉",
    "payment_order_to_litigation": "支付令因异议转入诉讼",
    "limitation_expired": "诉讼时效已过",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Covers(_Strict):
    """Which of the seed's 17 points the case illustrates."""

    channels: list[ChannelPoint] = Field(default_factory=list)
    causes: list[CausePoint] = Field(default_factory=list)
    efficiency: list[EfficiencyPoint] = Field(default_factory=list)
    compliance: list[CompliancePoint] = Field(default_factory=list)

    def point_keys(self) -> list[str]:
        """Point keys such as ``channels.phone``, in the seed's order."""
        declared = {f"{group}.{name}" for group in GROUPS for name in getattr(self, group)}
        return [point.key for point in SEED_POINTS if point.key in declared]


class NarrativeEvent(_Strict):
    """Something that happened outside the collector's actions (court, debtor, bank)."""

    date: date
    actor: str = Field(min_length=1, description="Who acted, e.g. 法院、债务人、星河银行法务部")
    text: Prose = Field(min_length=1)


class Analysis(_Strict):
    """Optional judicial readings of the timeline shown on the case page."""

    collections_on: date | None = Field(
        default=None,
        description="Review the actions as 有效催收 evidence and the 恶意透支 elements on this date",
    )
    evidence_signed_and_sealed: bool = Field(
        default=False,
        description="The bank's evidence bears an employee's signature and the bank seal",
    )
    limitation_on: date | None = Field(
        default=None, description="Read the limitation clock on this date"
    )


class ExpectedLimitation(_Strict):
    expired: bool
    last_interruption: date
    expires: date


class Expected(_Strict):
    """What the case text claims; the tests hold the engine to it."""

    violations: list[str] = Field(description="Sorted, distinct rule ids the actions break")
    better_violations: list[str] = Field(
        default_factory=list, description="Rule ids the corrected actions break (normally none)"
    )
    effective_pair: list[date] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="Dates of the first two effective collections at least 30 days apart",
    )
    objective_elements_met: bool | None = Field(
        default=None,
        description="Whether the objective elements of 恶意透支 are all present (intent never is)",
    )
    limitation: ExpectedLimitation | None = None

    @model_validator(mode="after")
    def _sorted_distinct(self) -> Expected:
        for name in ("violations", "better_violations"):
            ids = getattr(self, name)
            if ids != sorted(set(ids)):
                raise ValueError(f"{name} must be sorted and distinct, e.g. {sorted(set(ids))}")
        return self


class WorkedCase(_Strict):
    """One worked case of the casebook (``casebook/data/cases/caseNN.yaml``)."""

    id: str = Field(pattern=r"^case\d{2}$", description="caseNN, also the file name")
    slug: str = Field(pattern=r"^[a-z0-9_]+$", description="Notebook name part")
    title: str = Field(min_length=1)
    summary: Prose = Field(min_length=1, description="One or two sentences for the index")
    covers: Covers
    themes: list[Theme] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list, description="Glossary terms the case uses")
    packs: list[str] = Field(default_factory=lambda: ["cn"])
    case: Case
    actions: list[Action] = Field(min_length=1, description="The collector's actions, evaluated")
    events: list[NarrativeEvent] = Field(default_factory=list)
    what_happened: Prose = Field(min_length=1)
    lesson: list[Prose] = Field(min_length=1)
    better_actions: list[Action] = Field(default_factory=list)
    better_note: Prose = ""
    analysis: Analysis = Field(default_factory=Analysis)
    expected: Expected

    @model_validator(mode="after")
    def _consistent(self) -> WorkedCase:
        ids = {c.id for c in self.case.contacts}
        for name in ("actions", "better_actions"):
            unknown = sorted({a.target for a in getattr(self, name)} - ids)
            if unknown:
                raise ValueError(f"{name} name unknown contacts: {unknown}")
        if self.better_actions and not self.better_note:
            raise ValueError("better_actions need a better_note explaining the correction")
        reviewed = self.analysis.collections_on is not None
        if (self.expected.objective_elements_met is not None) != reviewed:
            raise ValueError("expected.objective_elements_met goes with analysis.collections_on")
        if self.expected.effective_pair is not None and not reviewed:
            raise ValueError("expected.effective_pair needs analysis.collections_on")
        if (self.expected.limitation is not None) != (self.analysis.limitation_on is not None):
            raise ValueError("expected.limitation goes with analysis.limitation_on")
        dates = [e.date for e in self.events]
        if dates != sorted(dates):
            raise ValueError("events must be in date order")
        return self

    @property
    def number(self) -> int:
        """The case number, e.g. 3 for ``case03``."""
        return int(self.id.removeprefix("case"))

    @property
    def notebook_name(self) -> str:
        """File stem of the case page, e.g. ``case_03_job_loss_instalment``."""
        return f"case_{self.number:02d}_{self.slug}"
