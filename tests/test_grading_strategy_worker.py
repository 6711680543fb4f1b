"""The strategy kind's worker process gives exactly the grades of grading in-process."""

from __future__ import annotations

import pytest

from casebook.grading import helper
from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import GradingContext, get_kind
from casebook.grading.kinds import strategy as strategy_kind

DESIGNS = [
    {"base": "champion", "m0_sms_per_week": 3, "training": True},
    {"base": "challenger", "letter_from": "M2"},
    {"base": "champion", "call_attempts_per_day": 9},  # over a cap: no simulation at all
    {"base": "challenger", "letter_from": "M2"},  # the same design again: one simulation
]


def grade_all(monkeypatch, ctx, threshold):
    monkeypatch.setattr(strategy_kind, "_SCORES", {})
    monkeypatch.setattr(strategy_kind, "_PENDING", {})
    monkeypatch.setattr(strategy_kind, "WORKER_THRESHOLD", threshold)
    monkeypatch.setattr(helper, "_POOL", [])  # a helper started by another test is used
    monkeypatch.setattr(helper, "_REPORT_LOADING", [])
    exercise, kind = get_exercise("ex30"), get_kind("strategy")
    work = []
    for n, design in enumerate(DESIGNS):
        variant = kind.make_variant(exercise, 30 + n % 2)
        work.append((exercise, variant, kind.validate(exercise, variant, {"strategy": design}, [])))
    before = dict(strategy_kind.CACHE_STATS)
    kind.prepare(work, ctx)
    pending = len(strategy_kind._PENDING)
    results = [kind.grade(e, v, a, ctx) for e, v, a in work]
    in_worker = strategy_kind.CACHE_STATS["in_worker"] - before["in_worker"]
    return results, pending, in_worker


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_worker_and_in_process_grades_are_identical(monkeypatch, law_packs):
    ctx = GradingContext(law_packs)
    inline, pending, in_worker = grade_all(monkeypatch, ctx, threshold=10**6)
    assert pending == 0 and in_worker == 0
    worker, pending, in_worker = grade_all(monkeypatch, ctx, threshold=1)
    assert pending == 2 and in_worker == 2  # two designs to simulate; the capped one needs none
    assert [r.model_dump() for r in worker] == [r.model_dump() for r in inline]
    assert inline[2].points == 0 and inline[0].points > 0
