"""What a portfolio simulation returns: :class:`SimulationResult` and its typed totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from casebook.portfolio.assumptions import BUCKETS
from casebook.portfolio.generate import Portfolio
from casebook.portfolio.sim_tables import PATHS, PERIOD, PLAN, PROMISED, ROLL_COLUMNS
from casebook.portfolio.strategy import Strategy

if TYPE_CHECKING:
    from casebook.portfolio.simulate import PortfolioRun


class SimulationTotals(BaseModel):
    """Totals of one run: money in yuan (rounded to the fen), everything else counts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    opening_balance: float  # balance of every account on day 0 (yuan)
    opening_delinquent_balance: float  # balance of the accounts past due on day 0 (yuan)
    opening_delinquent_accounts: int  # accounts past due on day 0
    recovered: float  # cash collected (yuan)
    cost: float  # cost of every channel, court fees and the team (yuan)
    net: float  # recovered − cost (yuan)
    complaints: int
    conversations: int
    promises_made: int
    promises_kept: int
    promises_broken: int
    plans_signed: int
    plans_broken: int
    letters: int
    visits: int
    litigation_filed: int
    court_resolved: int
    court_queue_end: int  # accounts waiting for a court filing at the end
    cures: int
    settlements: int
    m0_payments: int
    written_off_accounts: int
    written_off_amount: float  # balance written off (yuan)
    in_plan_end: int  # accounts in an instalment plan at the end
    plan_balance_end: float  # balance of those accounts (yuan)
    in_court_end: int  # accounts with a court case pending at the end
    delinquent_balance_end: float  # balance still under collection and past due at the end (yuan)

    def figure(self, name: str) -> float:
        """The total called ``name`` (for code that picks figures by name)."""
        if name not in SimulationTotals.model_fields:
            raise KeyError(name)
        return float(getattr(self, name))


@dataclass
class SimulationResult:
    """Totals, roll rates and per-day series of one simulation run."""

    strategy_id: str
    strategy_title: str
    accounts: int
    days: int
    seed: int
    totals: SimulationTotals
    cost_by_channel: dict[str, float]
    recovered_by_path: dict[str, float]
    roll_counts: np.ndarray
    daily: pd.DataFrame
    by_segment: pd.DataFrame
    first_pay_day: np.ndarray  # int16 day of the first payment by a delinquent account, -1 none
    first_pay_path: np.ndarray  # int8 index into PATHS of that payment, -1 none
    final_status: np.ndarray
    final_balance: np.ndarray
    elapsed_seconds: float = field(default=0.0, compare=False)

    @property
    def account_days(self) -> int:
        """Accounts × days simulated."""
        return self.accounts * self.days

    @property
    def account_days_per_second(self) -> float:
        """Simulation speed of this run (varies from run to run)."""
        return self.account_days / self.elapsed_seconds if self.elapsed_seconds else 0.0

    def roll_matrix(self) -> pd.DataFrame:
        """Share of accounts in each bucket that are in each state 30 days later (rows sum to 1)."""
        counts = self.roll_counts.astype(np.float64)
        totals = counts.sum(axis=1, keepdims=True)
        shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
        frame = pd.DataFrame(shares, index=list(BUCKETS), columns=list(ROLL_COLUMNS))
        frame.index.name = "月初账龄"
        frame.columns.name = "30 天后"
        return frame

    def roll_rates(self) -> dict[str, float]:
        """Forward roll rates M0→M1 … M5→M6+ (share of a bucket that ages one bucket)."""
        m = self.roll_matrix().to_numpy()
        return {
            f"{BUCKETS[i]}→{BUCKETS[i + 1]}": round(float(m[i, i + 1]), 6)
            for i in range(len(BUCKETS) - 1)
        }

    def cure_rates(self) -> dict[str, float]:
        """Share of each delinquent bucket back to M0 thirty days later."""
        m = self.roll_matrix().to_numpy()
        return {f"{BUCKETS[i]}→M0": round(float(m[i, 0]), 6) for i in range(1, len(BUCKETS))}

    def monthly(self) -> pd.DataFrame:
        """Per-month sums of the daily series (month 1 = days 1–30)."""
        frame = self.daily.copy()
        frame["month"] = frame.index // PERIOD + 1
        return frame.groupby("month").sum()

    def to_json(self) -> dict[str, Any]:
        """The ``casebook simulate portfolio --json`` document (speed only under ``performance``)."""
        matrix = self.roll_matrix()
        return {
            "strategy": {"id": self.strategy_id, "title": self.strategy_title},
            "accounts": self.accounts,
            "days": self.days,
            "seed": self.seed,
            "account_days": self.account_days,
            "totals": self.totals.model_dump(),
            "cost_by_channel": self.cost_by_channel,
            "recovered_by_path": self.recovered_by_path,
            "roll_rates": self.roll_rates(),
            "cure_rates": self.cure_rates(),
            "roll_matrix": {
                row: {col: round(float(v), 6) for col, v in matrix.loc[row].items()}
                for row in matrix.index
            },
            "performance": {
                "seconds": round(self.elapsed_seconds, 4),
                "account_days_per_second": round(self.account_days_per_second),
            },
        }


def build_result(
    run: PortfolioRun,
    portfolio: Portfolio,
    strategy: Strategy,
    days: int,
    seed: int,
    elapsed: float,
) -> SimulationResult:
    """The result of a finished ``run``: totals, per-channel and per-path sums, series."""
    p = portfolio
    opening = p.dpd > 0
    recovered = float(run.tally.by_path.sum())
    cost = sum(run.tally.cost.values())
    c = run.tally.counts
    status = run.status
    totals = SimulationTotals(
        opening_balance=round(float(p.balance.sum(dtype=np.float64)), 2),
        opening_delinquent_balance=round(float(p.balance[opening].sum(dtype=np.float64)), 2),
        opening_delinquent_accounts=int(opening.sum()),
        recovered=round(recovered, 2),
        cost=round(cost, 2),
        net=round(recovered - cost, 2),
        complaints=c["complaints"],
        conversations=c["conversations"],
        promises_made=c["promises_made"],
        promises_kept=c["promises_kept"],
        promises_broken=c["promises_broken"],
        plans_signed=c["plans_signed"],
        plans_broken=c["plans_broken"],
        letters=c["letters"],
        visits=c["visits"],
        litigation_filed=c["litigation_filed"],
        court_resolved=c["court_resolved"],
        court_queue_end=int(run.queued.sum()),
        cures=c["cures"],
        settlements=c["settlements"],
        m0_payments=c["m0_payments"],
        written_off_accounts=c["written_off_accounts"],
        written_off_amount=round(run.tally.written_off_amount, 2),
        in_plan_end=int((status == PLAN).sum()),
        plan_balance_end=round(float(run.balance[status == PLAN].sum(dtype=np.float64)), 2),
        in_court_end=int(run.in_court.sum()),
        delinquent_balance_end=round(
            float(run.balance[(status <= PROMISED) & (run.dpd > 0)].sum(dtype=np.float64)), 2
        ),
    )
    labels = p.assumptions.segment_labels
    seg_counts = np.bincount(run.factors.seg, minlength=run.factors.n_seg)
    by_segment = pd.DataFrame(
        {
            "客群": list(labels),
            "账户数": seg_counts,
            "回收金额": np.round(run.tally.seg_recovered, 2),
            "投诉": run.tally.seg_complaints,
        }
    )
    daily = pd.DataFrame(run.tally.daily)
    daily.index.name = "day"
    return SimulationResult(
        strategy_id=strategy.id,
        strategy_title=strategy.title,
        accounts=p.n,
        days=days,
        seed=int(seed),
        totals=totals,
        cost_by_channel={k: round(float(v), 2) for k, v in run.tally.cost.items()},
        recovered_by_path={
            k: round(float(v), 2) for k, v in zip(PATHS, run.tally.by_path, strict=True)
        },
        roll_counts=run.tally.roll_counts,
        daily=daily,
        by_segment=by_segment,
        first_pay_day=run.first_pay_day,
        first_pay_path=run.first_pay_path,
        final_status=run.status.copy(),
        final_balance=run.balance.copy(),
        elapsed_seconds=elapsed,
    )
