"""Scoring of the strategy-design exercise: recovery, cost and compliance against a baseline.

The scoring rules are data (``exercise.yaml``, teaching settings, not an industry norm).
A strategy that the policy packs reject scores 0: compliance is the precondition, not a
trade-off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from casebook.io import read_data, validate_file
from casebook.policy.schema import Pack
from casebook.portfolio.strategy import (
    Strategy,
    StrategyIssue,
    builtin_strategy,
    check_strategy,
    limits_for,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Points(_Strict):
    recovery: float = Field(ge=0)
    cost: float = Field(ge=0)
    compliance: float = Field(ge=0)


class ExerciseRules(_Strict):
    """How a trainee's strategy is scored."""

    accounts: int = Field(ge=100, le=200_000)
    days: int = Field(ge=30, le=720)
    seeds: tuple[int, ...] = Field(min_length=1, max_length=10)
    baseline: str
    points: Points
    recovery_full: float = Field(gt=0)
    cost_zero: float = Field(gt=1)
    complaints_zero: float = Field(gt=1)

    @property
    def full_marks(self) -> float:
        return self.points.recovery + self.points.cost + self.points.compliance


@cache
def exercise_rules() -> ExerciseRules:
    """The shipped scoring rules."""
    path = Path(str(resources.files("casebook.portfolio") / "exercise.yaml"))
    return validate_file(ExerciseRules, read_data(path), path)


@dataclass(frozen=True)
class StrategyScore:
    """The score of one strategy, with the figures it was computed from."""

    accepted: bool
    issues: tuple[StrategyIssue, ...]
    recovery: float
    cost: float
    compliance: float
    figures: dict[str, float]

    @property
    def total(self) -> float:
        return round(self.recovery + self.cost + self.compliance, 1)


def _linear(value: float, full_at: float, zero_at: float) -> float:
    """1 at ``full_at``, 0 at ``zero_at``, linear in between, clipped to [0, 1]."""
    import numpy as np  # the simulator's libraries load when a score is computed, not on import

    return float(np.clip((value - zero_at) / (full_at - zero_at), 0.0, 1.0))


def _averages(strategy: Strategy, rules: ExerciseRules, packs) -> dict[str, float]:
    from casebook.portfolio.generate import make_portfolio
    from casebook.portfolio.simulate import simulate

    totals = {"recovered": 0.0, "cost": 0.0, "net": 0.0, "complaints": 0.0}
    for seed in rules.seeds:
        result = simulate(make_portfolio(rules.accounts, seed), strategy, rules.days, seed, packs)
        for key in totals:
            totals[key] += result.totals.figure(key) / len(rules.seeds)
    return totals


_BASELINES: dict[tuple, dict[str, float]] = {}


def _baseline(rules: ExerciseRules, packs: Sequence[Pack] | None) -> dict[str, float]:
    """Baseline averages, computed once per rules and policy limits."""
    key = (rules, limits_for(packs))
    if key not in _BASELINES:
        _BASELINES[key] = _averages(builtin_strategy(rules.baseline, packs), rules, packs)
    return _BASELINES[key]


def score_strategy(
    strategy: Strategy, packs: Sequence[Pack] | None = None, rules: ExerciseRules | None = None
) -> StrategyScore:
    """Score ``strategy`` against the baseline on the exercise portfolios."""
    rules = rules or exercise_rules()
    issues = tuple(check_strategy(strategy, limits_for(packs), source=f"strategy {strategy.id!r}"))
    if issues:
        return StrategyScore(False, issues, 0.0, 0.0, 0.0, {})
    mine = _averages(strategy, rules, packs)
    base = _baseline(rules, packs)
    gain = mine["net"] / base["net"] - 1.0
    ratio = (mine["cost"] / max(mine["recovered"], 1.0)) / (base["cost"] / base["recovered"])
    complaints = mine["complaints"] / max(base["complaints"], 1.0)
    p = rules.points
    figures = {
        **{f"{k}": round(v, 2) for k, v in mine.items()},
        **{f"baseline_{k}": round(v, 2) for k, v in base.items()},
        "net_gain": round(gain, 6),
        "cost_ratio_vs_baseline": round(ratio, 6),
        "complaints_vs_baseline": round(complaints, 6),
    }
    return StrategyScore(
        True,
        (),
        round(p.recovery * _linear(gain, rules.recovery_full, 0.0), 1),
        round(p.cost * _linear(ratio, 1.0, rules.cost_zero), 1),
        round(p.compliance * _linear(complaints, 1.0, rules.complaints_zero), 1),
        figures,
    )
