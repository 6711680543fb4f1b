"""Portfolio simulation: synthetic card portfolios, strategies as data, a vectorised simulator.

Engine code only (no ipywidgets). Typical use::

    from casebook.portfolio import make_portfolio, builtin_strategy, simulate
    portfolio = make_portfolio(20_000, seed=1)
    result = simulate(portfolio, builtin_strategy("champion"), days=180, seed=1)
    result.totals.recovered, result.roll_rates()

All behavioural figures are synthetic teaching assumptions (``assumptions.yaml``); legal
caps come from the policy packs.
"""

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
