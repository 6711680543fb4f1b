"""Champion/challenger: two strategies on the same portfolios and random streams, many seeds.

For each seed a fresh synthetic portfolio is drawn and both strategies run on it with the
same simulation seed (common random numbers), so the per-seed difference isolates the
strategy. The confidence interval of the mean difference uses Student's t.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casebook.policy.schema import Pack
from casebook.portfolio.generate import make_portfolio
from casebook.portfolio.simulate import SimulationResult, SimulationTotals, simulate
from casebook.portfolio.strategy import Strategy

#: Two-sided 97.5% quantiles of Student's t by degrees of freedom (standard table values).
_T975 = {
    1: 12.706,
    2: 4.303,
    3: 3.182,
    4: 2.776,
    5: 2.571,
    6: 2.447,
    7: 2.365,
    8: 2.306,
    9: 2.262,
    10: 2.228,
    11: 2.201,
    12: 2.179,
    13: 2.160,
    14: 2.145,
    15: 2.131,
    16: 2.120,
    17: 2.110,
    18: 2.101,
    19: 2.093,
    20: 2.086,
    25: 2.060,
    30: 2.042,
    40: 2.021,
    60: 2.000,
    120: 1.980,
}

#: Metrics compared by default, with Chinese labels.
METRICS = {
    "recovered": "回收金额",
    "cost": "成本",
    "net": "净回收",
    "complaints": "投诉",
    "written_off_amount": "核销金额",
    "M1→M2": "M1→M2 滚动率",
}


def t_quantile(df: int) -> float:
    """The 97.5% t quantile for ``df`` degrees of freedom (table value; conservative between)."""
    if df < 1:
        raise ValueError("need at least two runs for an interval")
    eligible = [k for k in _T975 if k <= df]
    return _T975[max(eligible)] if df <= 120 else 1.960


def mean_interval(values: Iterable[float]) -> tuple[float, float, float]:
    """Mean and 95% confidence interval ``(mean, low, high)`` of independent values."""
    x = np.asarray(list(values), dtype=np.float64)
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    half = t_quantile(x.size - 1) * float(x.std(ddof=1)) / math.sqrt(x.size)
    return mean, mean - half, mean + half


def _metric(result: SimulationResult, name: str) -> float:
    if name in SimulationTotals.model_fields:
        return result.totals.figure(name)
    rates = result.roll_rates()
    if name in rates:
        return rates[name]
    raise KeyError(f"unknown metric {name!r}")


@dataclass(frozen=True)
class ChampionChallenger:
    """Per-seed metrics of both strategies and their comparison."""

    champion: str
    challenger: str
    runs: pd.DataFrame  # one row per seed: <metric>_champion, <metric>_challenger
    metrics: tuple[str, ...]

    def summary(self) -> pd.DataFrame:
        """Means, mean difference (challenger − champion) and its 95% CI, per metric."""
        rows = []
        for m in self.metrics:
            a = self.runs[f"{m}_champion"]
            b = self.runs[f"{m}_challenger"]
            diff, low, high = mean_interval(b - a)
            rows.append(
                {
                    "指标": METRICS.get(m, m),
                    "冠军均值": a.mean(),
                    "挑战者均值": b.mean(),
                    "差值（挑战者−冠军）": diff,
                    "95% 置信区间下限": low,
                    "95% 置信区间上限": high,
                    "差异显著": "是" if (low > 0 or high < 0) else "否",
                }
            )
        return pd.DataFrame(rows)


def champion_challenger(
    champion: Strategy,
    challenger: Strategy,
    accounts: int,
    days: int,
    seeds: Sequence[int],
    metrics: Sequence[str] = tuple(METRICS),
    packs: Sequence[Pack] | None = None,
) -> ChampionChallenger:
    """Run both strategies on ``len(seeds)`` seeded portfolios and collect ``metrics``."""
    return champion_challengers(champion, [challenger], accounts, days, seeds, metrics, packs)[
        challenger.id
    ]


def champion_challengers(
    champion: Strategy,
    challengers: Sequence[Strategy],
    accounts: int,
    days: int,
    seeds: Sequence[int],
    metrics: Sequence[str] = tuple(METRICS),
    packs: Sequence[Pack] | None = None,
) -> dict[str, ChampionChallenger]:
    """Compare several challengers with one champion (run once per seed), keyed by id."""
    if len(seeds) < 2:
        raise ValueError("champion/challenger needs at least two seeds for an interval")
    ids = [c.id for c in challengers]
    if len(set(ids)) != len(ids):
        raise ValueError(f"challenger ids must be distinct, got {ids}")
    rows: dict[str, list[dict[str, float]]] = {i: [] for i in ids}
    for seed in seeds:
        portfolio = make_portfolio(accounts, seed)
        base = simulate(portfolio, champion, days, seed, packs)
        base_row = {f"{m}_champion": _metric(base, m) for m in metrics}
        for strategy in challengers:
            result = simulate(portfolio, strategy, days, seed, packs)
            row = {"seed": seed, **base_row}
            row.update({f"{m}_challenger": _metric(result, m) for m in metrics})
            rows[strategy.id].append(row)
    return {
        c.id: ChampionChallenger(champion.id, c.id, pd.DataFrame(rows[c.id]), tuple(metrics))
        for c in challengers
    }
