"""Schema and loader of the campaign parameters (``campaign.yaml``): archetypes, timing, rewards.

Errors name the file, the line and the field, like the policy packs.
"""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from casebook.model import Channel, Outcome
from casebook.policy.schema import Prose
from casebook.yamlnodes import compose, safe_load
from casebook.yamlnodes import line_of as _line_of

PARAMS_FILE = "campaign.yaml"
Probability = float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def parse_hhmm(value: str) -> time:
    """``"09:30"`` → ``time(9, 30)`` (ValueError otherwise)."""
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"expected HH:MM, got {value!r}") from exc


def _fraction_range(value: list[float]) -> list[float]:
    if len(value) != 2 or not 0 <= value[0] <= value[1] <= 1:
        raise ValueError("expected [low, high] with 0 ≤ low ≤ high ≤ 1")
    return value


class CampaignSettings(_Strict):
    max_days: int = Field(ge=1, le=365)
    complaint_escalation: int = Field(ge=1)
    day_start: str
    minutes: dict[Channel, int]
    approval_days: int = Field(
        ge=1,
        le=30,
        description="Days the bank takes to decide an instalment application after the "
        "verification call (a house assumption: Art. 70 sets no procedure)",
    )

    @field_validator("day_start")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        parse_hhmm(value)
        return value


class Rewards(_Strict):
    recovered_per_yuan: float = Field(ge=0)
    agreement_per_yuan: float = Field(ge=0)
    compliance_per_point: float = Field(ge=0)
    cost_per_yuan: float = Field(ge=0)
    complaint: float = Field(ge=0)


class Grade(_Strict):
    compliance_weight: float = Field(ge=0, le=1)
    resolution_weight: float = Field(ge=0, le=1)
    complaint_deduction: float = Field(ge=0)


class TimeBand(_Strict):
    start: str
    end: str
    factor: float = Field(ge=0)

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        parse_hhmm(value)
        return value

    def contains(self, moment: time) -> bool:
        start, end = parse_hhmm(self.start), parse_hhmm(self.end)
        if start <= end:
            return start <= moment < end
        return moment >= start or moment < end


class ThirdParty(_Strict):
    answer: Probability = Field(ge=0, le=1)
    refuse: Probability = Field(ge=0, le=1)
    complaint_base: Probability = Field(ge=0, le=1)
    complaint_per_point: float = Field(ge=0)


class Pressure(_Strict):
    fatigue: float = Field(gt=0, le=1)
    complaint_after_connected: int = Field(ge=0)
    complaint_step: float = Field(ge=0, le=1)


class OnConnect(_Strict):
    """What a debtor does on a connected collection contact (the rest: just talks)."""

    promise: Probability = Field(ge=0, le=1)
    partial: Probability = Field(ge=0, le=1)
    refuse: Probability = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _sums_to_at_most_one(self) -> OnConnect:
        if self.promise + self.partial + self.refuse > 1:
            raise ValueError("promise + partial + refuse must not exceed 1")
        return self


class PlanBehaviour(_Strict):
    eligible: bool = Field(description="Debt exceeds capacity and the debtor is willing (Art. 70)")
    reason: str = Field(default="", description="Why not eligible (Chinese)")
    monthly_capacity: float = Field(ge=0, le=1, description="Affordable instalment / balance")
    accept: Probability = Field(ge=0, le=1)
    willing: bool = Field(description="Says they will repay when asked on a verification call")
    essential_expenses: float = Field(
        ge=0, description="Necessary spending per month (yuan) the debtor reports"
    )
    evidence: list[str] = Field(
        default_factory=list, description="Documents the debtor provides when asked"
    )


class HistoryEntry(_Strict):
    days_ago: int = Field(ge=1)
    time: str
    channel: Channel
    target: str
    outcome: Outcome
    full_letter: bool = False

    @field_validator("time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        parse_hhmm(value)
        return value


class Archetype(_Strict):
    """How one kind of debtor responds (probabilities per contact)."""

    label: str
    cause: str
    description: str
    dpd: list[int] = Field(min_length=2, max_length=2)
    phone_valid: bool
    address_valid: bool
    email_valid: bool
    answer: Probability = Field(ge=0, le=1)
    answer_decay: float = Field(ge=0, le=1, description="Answer chance lost per earlier call")
    visit_meet: Probability = Field(ge=0, le=1)
    on_connect: OnConnect
    keep_promise: Probability = Field(ge=0, le=1)
    promise_fraction: list[float]
    partial_fraction: list[float]
    reminder_pays: dict[Channel, Probability]
    reminder_fraction: list[float]
    complaint_base: Probability = Field(ge=0, le=1)
    complaint_per_point: float = Field(ge=0)
    pressure_sensitive: bool
    locate_success: Probability = Field(ge=0, le=1)
    cash_capacity: float = Field(
        ge=0, le=1, description="Share of the starting balance payable without a plan"
    )
    plan: PlanBehaviour
    background: Prose
    history: list[HistoryEntry]
    lines: dict[Outcome, str]

    @field_validator("promise_fraction", "partial_fraction", "reminder_fraction")
    @classmethod
    def _ranges(cls, value: list[float]) -> list[float]:
        return _fraction_range(value)

    @field_validator("dpd")
    @classmethod
    def _dpd(cls, value: list[int]) -> list[int]:
        if not 1 <= value[0] <= value[1]:
            raise ValueError("expected [low, high] days past due with 1 ≤ low ≤ high")
        return value

    @model_validator(mode="after")
    def _eligibility_is_consistent(self) -> Archetype:
        """``plan.eligible`` must follow from the facts a verification call reveals."""
        shown = self.plan.willing and self.cash_capacity < 1 and bool(self.plan.evidence)
        if self.plan.eligible != shown:
            raise ValueError(
                "plan.eligible must be true exactly when the debtor is willing, cannot pay "
                "the whole balance (cash_capacity < 1) and provides evidence"
            )
        return self

    @model_validator(mode="after")
    def _history_after_due_date(self) -> Archetype:
        oldest = max((h.days_ago for h in self.history), default=0)
        if oldest >= self.dpd[0]:
            raise ValueError(
                f"history goes back {oldest} days but the account may be only {self.dpd[0]} "
                "days past due"
            )
        return self


class CampaignParams(_Strict):
    campaign: CampaignSettings
    rewards: Rewards
    grade: Grade
    timing: list[TimeBand] = Field(min_length=1)
    third_party: ThirdParty
    pressure: Pressure
    archetypes: dict[str, Archetype] = Field(min_length=1)

    def timing_factor(self, moment: time) -> float:
        """Answer-chance multiplier for a local time (1.0 if no band matches)."""
        for band in self.timing:
            if band.contains(moment):
                return band.factor
        return 1.0


class ParamsError(ValueError):
    """The campaign parameter file is invalid."""


def load_params(path: str | Path | None = None) -> CampaignParams:
    """Load and validate the campaign parameters (default: the built-in ``campaign.yaml``)."""
    path = Path(path) if path is not None else Path(str(resources.files(__package__) / PARAMS_FILE))
    try:
        text = path.read_text(encoding="utf-8")
        data, root = safe_load(text), compose(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ParamsError(f"{path}: cannot read campaign parameters: {exc}") from None
    try:
        return CampaignParams.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _line_of(root, loc)
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"  - {where}: field '{'.'.join(map(str, loc))}': {error['msg']}")
        raise ParamsError("invalid campaign parameters:\n" + "\n".join(problems)) from None


@lru_cache(maxsize=1)
def default_params() -> CampaignParams:
    """The built-in parameters, loaded once per process."""
    return load_params()
