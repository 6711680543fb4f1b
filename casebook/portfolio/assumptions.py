"""The simulator's behavioural assumptions (synthetic teaching figures), validated on load.

Legal caps never live here: they are read from the policy packs (see
:mod:`casebook.portfolio.strategy`). These numbers only describe how the synthetic
cardholders react, and every chart built from them says so.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from casebook.io import read_data, validate_file

#: Days-past-due buckets, as shown to readers. M0 is current (a payment falls due within
#: 30 days); M1 is 1–30 days past due, …, M6+ is 151 days or more.
BUCKETS: tuple[str, ...] = ("M0", "M1", "M2", "M3", "M4", "M5", "M6+")

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
BetaParams = tuple[Annotated[float, Field(gt=0)], Annotated[float, Field(gt=0)]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_buckets(value: dict[str, float]) -> dict[str, float]:
    if tuple(value) != BUCKETS:
        raise ValueError(f"expected the buckets {list(BUCKETS)} in this order, got {list(value)}")
    return value


ByBucket = Annotated[dict[str, Probability], Field(min_length=len(BUCKETS))]


class SegmentAssumptions(_Strict):
    """How accounts of one segment are drawn."""

    label: str = Field(min_length=1, description="Chinese name shown to readers")
    share: Probability
    balance_median: float = Field(gt=0)
    balance_sigma: float = Field(gt=0, le=3)
    utilization: BetaParams
    contactability: BetaParams
    evasiveness: BetaParams
    propensity: BetaParams
    hardship: Probability
    phone_invalid: Probability


class Behaviour(_Strict):
    """How synthetic cardholders respond to reminders, calls, letters and visits."""

    self_pay_monthly: ByBucket
    sms_uplift: dict[str, Annotated[float, Field(ge=0, le=5)]]
    hardship_pay_factor: Probability
    promise_given_conversation: ByBucket
    promise_keep: Probability
    hardship_promise_factor: Probability
    evasive_promise_factor: Probability
    settle_share: ByBucket
    letter_cure: ByBucket
    visit_contact: Probability
    visit_promise_uplift: float = Field(ge=0, le=3)
    court_promise_uplift: float = Field(ge=0, le=3)
    complaint_per_conversation: Probability
    complaint_per_visit: Probability
    complaint_extra_attempt: float = Field(ge=0, le=5)
    complaint_extra_day: float = Field(ge=0, le=5)
    complaint_edge_hours: float = Field(ge=1, le=5)
    plan_willing_propensity: Probability
    plan_accept: Probability
    plan_keep_monthly_base: Probability
    plan_keep_monthly_term: Probability
    plan_term_reference_months: int = Field(ge=1, le=600)

    _buckets = field_validator(
        "self_pay_monthly",
        "sms_uplift",
        "promise_given_conversation",
        "settle_share",
        "letter_cure",
    )(_check_buckets)


class CourtAssumptions(_Strict):
    """Outcomes of a filed case when it is resolved."""

    pay_in_full: Probability
    court_plan: Probability


class Assumptions(_Strict):
    """Everything the simulator assumes about the synthetic portfolio."""

    write_off_dpd: int = Field(ge=60, le=360)
    min_payment_rate: float = Field(gt=0, le=1)
    promise_days: int = Field(ge=1, le=30)
    segments: dict[str, SegmentAssumptions] = Field(min_length=1, max_length=16)
    initial_buckets: dict[str, Probability]
    behaviour: Behaviour
    court: CourtAssumptions

    _buckets = field_validator("initial_buckets")(_check_buckets)

    @field_validator("segments")
    @classmethod
    def _segment_shares(cls, value: dict[str, SegmentAssumptions]) -> dict[str, SegmentAssumptions]:
        total = sum(s.share for s in value.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"segment shares must add up to 1, got {total:g}")
        for key in value:
            if not key.isidentifier() or not key.isascii():
                raise ValueError(f"segment key {key!r} must be an ASCII identifier")
        return value

    @field_validator("initial_buckets")
    @classmethod
    def _bucket_shares(cls, value: dict[str, float]) -> dict[str, float]:
        total = sum(value.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"bucket shares must add up to 1, got {total:g}")
        return value

    @property
    def segment_keys(self) -> tuple[str, ...]:
        """Segment ids in file order (their position is the segment code)."""
        return tuple(self.segments)

    @property
    def segment_labels(self) -> tuple[str, ...]:
        """Chinese segment names in code order."""
        return tuple(s.label for s in self.segments.values())


def load_assumptions(path: str | Path | None = None) -> Assumptions:
    """Load and validate an assumptions file (default: the one shipped with the engine)."""
    if path is None:
        return default_assumptions()
    return validate_file(Assumptions, read_data(path), path)


@cache
def default_assumptions() -> Assumptions:
    """The shipped assumptions (cached; the model is frozen)."""
    path = Path(str(resources.files("casebook.portfolio") / "assumptions.yaml"))
    return validate_file(Assumptions, read_data(path), path)
