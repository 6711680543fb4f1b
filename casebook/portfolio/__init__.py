"""Portfolio simulation: synthetic card portfolios, strategies as data, a vectorised simulator.

Engine code only (no ipywidgets). Typical use::

    from casebook.portfolio import make_portfolio, builtin_strategy, simulate
    portfolio = make_portfolio(20_000, seed=1)
    result = simulate(portfolio, builtin_strategy("champion"), days=180, seed=1)
    result.totals.recovered, result.roll_rates()

All behavioural figures are synthetic teaching assumptions (``assumptions.yaml``); legal
caps come from the policy packs.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

#: Where each public name lives. Submodules load on first use, so that the light ones
#: (strategies, settings, assumptions, the exercise's rules) do not pull in pandas.
_EXPORTS = {
    "assumptions": ("BUCKETS", "Assumptions", "default_assumptions"),
    "compare": (
        "ChampionChallenger",
        "champion_challenger",
        "champion_challengers",
        "mean_interval",
    ),
    "court": ("acceptance_fee", "court_fee"),
    "generate": ("Portfolio", "make_portfolio", "portfolio_summary"),
    "score": ("PriorityModel", "auc", "fit_logistic", "fit_priority_model"),
    "simulate": ("PriorityScore", "SimulationResult", "simulate"),
    "strategy": (
        "PolicyLimits",
        "Strategy",
        "StrategyError",
        "Treatment",
        "builtin_strategy",
        "check_strategy",
        "limits_for",
        "load_strategy",
        "validate_strategy",
    ),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:
    from casebook.portfolio.assumptions import BUCKETS, Assumptions, default_assumptions
    from casebook.portfolio.compare import (
        ChampionChallenger,
        champion_challenger,
        champion_challengers,
        mean_interval,
    )
    from casebook.portfolio.court import acceptance_fee, court_fee
    from casebook.portfolio.generate import Portfolio, make_portfolio, portfolio_summary
    from casebook.portfolio.score import PriorityModel, auc, fit_logistic, fit_priority_model
    from casebook.portfolio.simulate import PriorityScore, SimulationResult, simulate
    from casebook.portfolio.strategy import (
        PolicyLimits,
        Strategy,
        StrategyError,
        Treatment,
        builtin_strategy,
        check_strategy,
        limits_for,
        load_strategy,
        validate_strategy,
    )


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    setattr(sys.modules[__name__], name, value)
    return value


class _Package(ModuleType):
    """Importing the submodule ``simulate`` binds the package attribute ``simulate``; keep
    it the function (as the eager ``from … import simulate`` of earlier versions did)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _WHERE and hasattr(value, name):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "BUCKETS",
    "Assumptions",
    "ChampionChallenger",
    "PolicyLimits",
    "Portfolio",
    "PriorityModel",
    "PriorityScore",
    "SimulationResult",
    "Strategy",
    "StrategyError",
    "Treatment",
    "acceptance_fee",
    "auc",
    "builtin_strategy",
    "champion_challenger",
    "champion_challengers",
    "check_strategy",
    "court_fee",
    "default_assumptions",
    "fit_logistic",
    "fit_priority_model",
    "limits_for",
    "load_strategy",
    "make_portfolio",
    "mean_interval",
    "portfolio_summary",
    "simulate",
    "validate_strategy",
]
