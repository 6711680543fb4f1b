"""The strategy lab's wiring, driven like a trainee would (no kernel needed)."""

from __future__ import annotations

from casebook.portfolio import builtin_strategy, default_assumptions
from casebook.ui.portfolio import build_strategy_lab


def test_untouched_controls_keep_the_base_strategy(law_packs):
    lab = build_strategy_lab(law_packs, base="challenger", accounts=5_000, days=90)
    segments = default_assumptions().segment_keys
    assert lab.build_strategy().grid(segments) == builtin_strategy("challenger").grid(segments)
    lab.close()


def test_run_compares_with_the_base(law_packs):
    lab = build_strategy_lab(law_packs, accounts=5_000, days=90)
    lab.m0_sms.value = 2
    lab.letter_from.value = "M2"
    lab.run_button.click()
    assert list(lab.results) == ["冠军策略（现行做法）", "我的策略"]
    assert "回款（万元）" in lab.output.value and "M1→M2 滚动率" in lab.output.value
    grid = lab.strategy.grid(default_assumptions().segment_keys)
    assert grid[("young", "M0")].sms_per_week == 2
    assert not grid[("young", "M1")].letter and grid[("young", "M4")].letter
    assert "同一组合" in lab.status.value
    lab.close()


def test_over_the_cap_is_refused_with_the_rule_and_its_reason(law_packs):
    lab = build_strategy_lab(law_packs, accounts=5_000, days=90)
    lab.attempts.value = 8
    lab.end.value = "22:30"
    lab.run_button.click()
    assert lab.results == {}
    assert {i.rule_id for i in lab.issues} == {"CN-CALL-UNANSWERED-DAILY", "CN-CONTACT-HOURS"}
    assert "不能运行" in lab.output.value and "为什么" in lab.output.value
    assert "应当怎么做" in lab.output.value
    lab.end.value = "08:00"  # before the start: the schema refuses it
    lab.attempts.value = 3
    lab.run_button.click()
    assert "设置无效" in lab.status.value and lab.strategy is None
    lab.close()


def test_changing_the_base_resets_the_controls(law_packs):
    lab = build_strategy_lab(law_packs, accounts=5_000, days=90)
    lab.attempts.value = 5
    lab.base.value = "challenger"
    assert lab.attempts.value == 3 and lab.m0_sms.value == 3 and lab.litigate_from.value == "M4"
    assert lab.training.value and lab.procedure.value == "simplified"
    assert "挑战者策略" in lab.status.value and lab.output.value == ""
    lab.close()


def test_exercise_mode_scores(law_packs):
    lab = build_strategy_lab(law_packs, exercise=True)
    lab.attempts.value = 9
    lab.run_button.click()
    assert lab.score is None and "不能运行" in lab.output.value
    lab.attempts.value = 3
    lab.run_button.click()
    assert lab.score is not None and lab.score.total == 60.0  # unchanged champion
    assert "得分：60 / 100" in lab.output.value
    lab.close()


def test_independent_instances(law_packs):
    first, second = build_strategy_lab(law_packs), build_strategy_lab(law_packs)
    champion_sms = builtin_strategy("champion").default.sms_per_week
    first.sms.value = champion_sms + 4
    first.run_button.click()
    assert second.sms.value == champion_sms and second.results == {} and second.output.value == ""
    first.close()
    second.close()
