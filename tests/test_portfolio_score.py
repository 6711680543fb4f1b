"""Priority score (numpy logistic regression), champion/challenger intervals, exercise score."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from casebook.portfolio import (
    auc,
    builtin_strategy,
    champion_challenger,
    fit_logistic,
    fit_priority_model,
    make_portfolio,
    mean_interval,
    simulate,
)
from casebook.portfolio.exercise import ExerciseRules, exercise_rules, score_strategy
from casebook.portfolio.score import design_matrix, feature_names

SMALL_RULES = ExerciseRules.model_validate(
    {
        **exercise_rules().model_dump(),
        "accounts": 1500,
        "days": 60,
        "seeds": (1, 2),
    }
)


def test_logistic_regression_recovers_known_coefficients():
    rng = np.random.default_rng(0)
    n = 40_000
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.random(n) < 0.3])
    beta = np.array([-1.0, 0.8, 1.5])
    y = rng.random(n) < 1 / (1 + np.exp(-(X @ beta)))
    fitted = fit_logistic(X, y, ridge=0.0)
    assert fitted == pytest.approx(beta, abs=0.06)


def test_auc_equals_the_pairwise_definition():
    rng = np.random.default_rng(1)
    score = rng.integers(0, 5, 60).astype(float)  # many ties
    y = rng.random(60) < 0.4
    pairs = [
        1.0 if s1 > s0 else 0.5 if s1 == s0 else 0.0
        for s1, s0 in itertools.product(score[y], score[~y])
    ]
    assert auc(score, y) == pytest.approx(np.mean(pairs))
    assert math.isnan(auc(score, np.zeros(60, bool)))


def test_priority_model_is_explainable_and_learns_from_call_history():
    portfolio = make_portfolio(20_000, 5)
    model = fit_priority_model(portfolio, builtin_strategy("champion"), seed=5)
    table = model.coefficients()
    assert list(table["特征"]) == [label for _, label in feature_names(portfolio)]
    assert list(table.columns) == ["特征", "系数", "优势比", "分值"]
    coef = dict(zip([k for k, _ in model.names], model.coef, strict=True))
    assert coef["contact_history"] > 0  # debtors who answered before answer again
    assert coef["phone_invalid"] < 0
    assert model.train_auc > 0.6
    # The dialler priority rebuilds the same log-odds from its static and bucket parts.
    prio = model.priority(portfolio, weight_by_balance=False)
    z = prio.static + prio.by_bucket[portfolio.bucket]
    assert np.allclose(z, model.log_odds(portfolio), atol=1e-4)
    assert design_matrix(portfolio).shape == (portfolio.n, len(model.coef))


def test_priority_dialling_beats_random_dialling_under_a_capacity_limit():
    train = make_portfolio(10_000, 21)
    model = fit_priority_model(train, builtin_strategy("champion"), seed=21)
    test = make_portfolio(10_000, 22)
    limited = builtin_strategy("champion").derive(
        "limited", "外呼能力受限", dialer={"capacity_share": 0.08}
    )
    random_order = simulate(test, limited, 90, 22)
    by_score = simulate(test, limited, 90, 22, priority=model.priority(test))
    assert by_score.totals.recovered > random_order.totals.recovered


def test_mean_interval_by_hand():
    mean, low, high = mean_interval([1.0, 2.0, 3.0, 4.0])
    half = 3.182 * np.std([1, 2, 3, 4], ddof=1) / 2  # t(0.975, 3) = 3.182
    assert (mean, low, high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))


def test_identical_strategies_differ_by_exactly_zero():
    champion = builtin_strategy("champion")
    twin = champion.derive("twin", "同一策略")
    cc = champion_challenger(champion, twin, accounts=1000, days=60, seeds=[1, 2, 3])
    summary = cc.summary()
    assert (summary["差值（挑战者−冠军）"] == 0).all()
    assert (summary["95% 置信区间下限"] == 0).all() and (summary["差异显著"] == "否").all()


def test_challenger_interval_and_seed_count():
    cc = champion_challenger(
        builtin_strategy("champion"), builtin_strategy("challenger"), 1500, 90, seeds=[1, 2, 3]
    )
    assert len(cc.runs) == 3
    row = cc.summary().set_index("指标").loc["成本"]
    assert row["95% 置信区间下限"] <= row["差值（挑战者−冠军）"] <= row["95% 置信区间上限"]
    with pytest.raises(ValueError, match="two seeds"):
        champion_challenger(
            builtin_strategy("champion"), builtin_strategy("challenger"), 100, 30, [1]
        )


def test_exercise_score_of_the_baseline_and_of_a_rejected_strategy():
    champion = builtin_strategy("champion")
    base = score_strategy(champion, rules=SMALL_RULES)
    # Against itself: no gain (0 of 40), same cost ratio (30 of 30), same complaints (30 of 30).
    assert (base.recovery, base.cost, base.compliance, base.total) == (0.0, 30.0, 30.0, 60.0)
    reckless = champion.derive("reckless", "狂拨", default={"call_attempts_per_day": 9})
    rejected = score_strategy(reckless, rules=SMALL_RULES)
    assert not rejected.accepted and rejected.total == 0
    assert rejected.issues[0].rule_id == "CN-CALL-UNANSWERED-DAILY"
