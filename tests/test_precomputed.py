"""Results stored with the package (casebook/portfolio/precomputed.py) and their three modes."""

from __future__ import annotations

import pandas as pd
import pytest

from casebook.portfolio import precomputed
from casebook.portfolio.compare import ChampionChallenger


def _frame(value: float = 0.1) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"净回收（万元）": [value, 2 / 3], "件": [3, 4], "标签": ["是", "否"]},
        index=pd.Index([15, 30], name="产能"),
    )
    return frame


def _compute(value: float = 0.1, calls: list | None = None):
    def compute():
        if calls is not None:
            calls.append(1)
        return {"capacity": _frame(value)}

    return compute


def test_write_then_use_gives_the_same_frame_without_computing(tmp_path, monkeypatch):
    monkeypatch.setenv(precomputed.ENV, "write")
    written = precomputed.frames("demo", _compute(), directory=tmp_path)
    monkeypatch.setenv(precomputed.ENV, "use")
    calls: list = []
    read = precomputed.frames("demo", _compute(calls=calls), directory=tmp_path)
    assert calls == []  # read back, not recomputed
    pd.testing.assert_frame_equal(read["capacity"], written["capacity"], check_exact=True)


def test_use_computes_when_nothing_is_stored(tmp_path, monkeypatch):
    monkeypatch.delenv(precomputed.ENV, raising=False)
    calls: list = []
    result = precomputed.frames("missing", _compute(calls=calls), directory=tmp_path)
    assert calls == [1] and list(result) == ["capacity"]
    assert not (tmp_path / "missing.json").exists()


def test_check_fails_on_a_stale_result_and_names_the_file_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv(precomputed.ENV, "write")
    precomputed.frames("demo", _compute(0.1), directory=tmp_path)
    monkeypatch.setenv(precomputed.ENV, "check")
    precomputed.frames("demo", _compute(0.1), directory=tmp_path)  # unchanged: passes
    with pytest.raises(precomputed.StaleResultError) as caught:
        precomputed.frames("demo", _compute(0.2), directory=tmp_path)
    message = str(caught.value)
    assert "demo.json" in message and "capacity" in message and "=write" in message
    with pytest.raises(precomputed.StaleResultError, match="no stored result"):
        precomputed.frames("absent", _compute(), directory=tmp_path)


def test_comparisons_round_trip(tmp_path, monkeypatch):
    runs = pd.DataFrame({"net_champion": [1.0, 2.0], "net_challenger": [1.5, 2.5]})
    cc = ChampionChallenger("champion", "process", runs, ("net",))
    monkeypatch.setenv(precomputed.ENV, "write")
    precomputed.comparisons("cc", lambda: {"process": cc}, directory=tmp_path)
    monkeypatch.setenv(precomputed.ENV, "use")
    read = precomputed.comparisons("cc", lambda: {}, directory=tmp_path)["process"]
    assert (read.champion, read.challenger, read.metrics) == ("champion", "process", ("net",))
    pd.testing.assert_frame_equal(read.runs, runs, check_exact=True)
    pd.testing.assert_frame_equal(read.summary(), cc.summary(), check_exact=True)


def test_an_unknown_mode_is_refused(monkeypatch):
    monkeypatch.setenv(precomputed.ENV, "sometimes")
    with pytest.raises(ValueError, match="CASEBOOK_PRECOMPUTED"):
        precomputed.mode()


def test_the_shipped_results_of_the_efficiency_chapter_load(monkeypatch):
    monkeypatch.setenv(precomputed.ENV, "use")

    def never():
        raise AssertionError("a shipped result was recomputed")

    compare = precomputed.comparisons("efficiency-compare", never)
    assert {"process", "team", "court", "challenger"} <= set(compare)
    assert len(compare["process"].runs) == 6  # six seeds
    orders = precomputed.frames("efficiency-orders", never)
    assert all(list(frame.columns) == ["随机", "按余额", "按评分"] for frame in orders.values())
    capacity = precomputed.frames("efficiency-capacity", never)["capacity"]
    assert capacity.index.tolist() == [15, 30, 60, 120]
