"""A simple, explainable priority score fitted on the synthetic data with numpy only.

Logistic regression (Newton's method with a small ridge penalty) on columns a bank can
observe: bucket, balance, utilisation, recent call history, an invalid number flag and the
segment. The label is "paid after a promise within 30 days" under the current strategy,
i.e. how likely a call today turns into money. The fitted coefficients are shown as a
points table (every ``PDO`` points doubles the odds), the usual form of a scorecard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casebook.portfolio.assumptions import BUCKETS
from casebook.portfolio.generate import HISTORY_ATTEMPTS, Portfolio
from casebook.portfolio.simulate import NB, PATHS, PriorityScore, simulate
from casebook.portfolio.strategy import Strategy

#: Points that double the odds in the points table.
PDO = 20.0


def feature_names(portfolio: Portfolio) -> list[tuple[str, str]]:
    """``(key, Chinese label)`` of every column of the design matrix, intercept first."""
    a = portfolio.assumptions
    names = [("intercept", "截距")]
    names += [(f"bucket_{b}", f"账龄 {b}（相对 M1）") for b in BUCKETS[2:]]
    names += [
        ("log_balance", "ln(余额 / 1 万元)"),
        ("utilization", "额度使用率"),
        ("contact_history", f"近 {HISTORY_ATTEMPTS} 次外呼接通率"),
        ("phone_invalid", "号码已失效"),
    ]
    names += [(f"segment_{k}", f"客群：{a.segments[k].label}") for k in a.segment_keys[1:]]
    return names


def design_matrix(portfolio: Portfolio, bucket: np.ndarray | None = None) -> np.ndarray:
    """Observable features of every account (float64, intercept column first)."""
    p = portfolio
    b = p.bucket if bucket is None else np.asarray(bucket)
    cols = [np.ones(p.n)]
    cols += [(b == i).astype(np.float64) for i in range(2, len(BUCKETS))]
    cols += [
        np.log(p.balance.astype(np.float64) / 10_000.0),
        p.utilization.astype(np.float64),
        p.contact_history.astype(np.float64) / HISTORY_ATTEMPTS,
        (~p.phone_valid).astype(np.float64),
    ]
    cols += [(p.segment == i).astype(np.float64) for i in range(1, len(p.assumptions.segments))]
    return np.column_stack(cols)


def fit_logistic(
    X: np.ndarray, y: np.ndarray, ridge: float = 1e-3, iterations: int = 50
) -> np.ndarray:
    """Coefficients of a logistic regression by Newton's method (intercept not penalised)."""
    X = np.asarray(X, np.float64)
    y = np.asarray(y, np.float64)
    beta = np.zeros(X.shape[1])
    penalty = np.full(X.shape[1], ridge * X.shape[0])
    penalty[0] = 0.0
    for _ in range(iterations):
        z = X @ beta
        prob = 1.0 / (1.0 + np.exp(-z))
        grad = X.T @ (y - prob) - penalty * beta
        hess = (X * (prob * (1 - prob))[:, None]).T @ X + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.max(np.abs(step)) < 1e-9:
            break
    return beta


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (Mann–Whitney, ties averaged)."""
    score = np.asarray(score, np.float64)
    y = np.asarray(y, bool)
    n1 = int(y.sum())
    n0 = y.size - n1
    if n1 == 0 or n0 == 0:
        return math.nan
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(score.size)
    _, first, counts = np.unique(score[order], return_index=True, return_counts=True)
    ranks[order] = np.repeat(first + (counts - 1) / 2.0 + 1.0, counts)
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


@dataclass(frozen=True)
class PriorityModel:
    """A fitted score: coefficients on :func:`design_matrix` columns."""

    names: tuple[tuple[str, str], ...]
    coef: np.ndarray
    train_auc: float
    train_rows: int
    train_rate: float

    def log_odds(self, portfolio: Portfolio, bucket: np.ndarray | None = None) -> np.ndarray:
        """Log-odds of the label for every account."""
        return design_matrix(portfolio, bucket) @ self.coef

    def probability(self, portfolio: Portfolio, bucket: np.ndarray | None = None) -> np.ndarray:
        """Predicted probability of the label for every account."""
        return 1.0 / (1.0 + np.exp(-self.log_odds(portfolio, bucket)))

    def priority(self, portfolio: Portfolio, weight_by_balance: bool = True) -> PriorityScore:
        """The score as a dialler priority: probability × current balance (or probability)."""
        keys = [k for k, _ in self.names]
        coef = dict(zip(keys, self.coef, strict=True))
        by_bucket = np.zeros(NB, np.float32)
        for i, b in enumerate(BUCKETS[2:], start=2):
            by_bucket[i] = coef[f"bucket_{b}"]
        bucket_part = (
            design_matrix(portfolio)[:, 1 : len(BUCKETS) - 1] @ self.coef[1 : len(BUCKETS) - 1]
        )
        # Rounded so that the last bits of the matrix product (which depend on the CPU's
        # BLAS kernel) cannot change the dialling order.
        static = np.round(self.log_odds(portfolio) - bucket_part, 6).astype(np.float32)
        by_bucket = np.round(by_bucket, 6).astype(np.float32)
        return PriorityScore(
            static=static, by_bucket=by_bucket, weight_by_balance=weight_by_balance
        )

    def coefficients(self) -> pd.DataFrame:
        """The points table: coefficient, odds ratio and points per feature (Chinese labels)."""
        factor = PDO / math.log(2.0)
        return pd.DataFrame(
            {
                "特征": [label for _, label in self.names],
                "系数": np.round(self.coef, 3),
                "优势比": np.round(np.exp(self.coef), 3),
                "分值": np.round(self.coef * factor).astype(int),
            }
        )


def promise_label(result, days: int = 30) -> np.ndarray:
    """1 where an account's first payment came from a kept promise within ``days`` days."""
    path = PATHS.index("promise")
    return (
        (result.first_pay_path == path)
        & (result.first_pay_day >= 0)
        & (result.first_pay_day < days)
    )


def fit_priority_model(
    portfolio: Portfolio, strategy: Strategy, seed: int, days: int = 30, ridge: float = 1e-3
) -> PriorityModel:
    """Simulate ``days`` of ``strategy`` and fit the score on the accounts delinquent at start."""
    result = simulate(portfolio, strategy, days, seed)
    rows = portfolio.dpd > 0
    X = design_matrix(portfolio)[rows]
    y = promise_label(result, days)[rows]
    coef = fit_logistic(X, y, ridge=ridge)
    return PriorityModel(
        names=tuple(feature_names(portfolio)),
        coef=coef,
        train_auc=auc(X @ coef, y),
        train_rows=int(rows.sum()),
        train_rate=float(y.mean()),
    )
