"""Strategy lab: change a strategy's main settings, run it on a synthetic portfolio, compare.

A thin ipywidgets layer: the controls build a :class:`~casebook.portfolio.Strategy` with
:meth:`~casebook.portfolio.Strategy.derive`, the engine checks it against the policy packs
and simulates it, and callbacks only write into HTML widgets (never ``print``), so the
same instance can be driven from tests with ``.value = …`` and ``.click()``.

The controls are a :class:`~casebook.portfolio.settings.StrategySettings`; the engine's
:func:`~casebook.portfolio.settings.build_strategy` (the same function the grader of the
strategy exercise uses) applies the settings that differ from the base strategy's own (to
every segment in M1–M6+, or to M0 for the reminder SMS); everything else keeps the base
strategy's per-segment design.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from casebook.palette import DANGER, MUTED
from casebook.policy.loader import DEFAULT_PACKS, load_packs
from casebook.policy.schema import Pack
from casebook.portfolio.exercise import StrategyScore, score_strategy
from casebook.portfolio.generate import make_portfolio
from casebook.portfolio.render import comparison_frame, issues_html, score_html
from casebook.portfolio.settings import (
    BASE_LABELS,
    DELINQUENT,
    NONE,
    StrategySettings,
    base_settings,
    base_strategy,
    build_strategy,
)
from casebook.portfolio.simulate import SimulationResult, simulate
from casebook.portfolio.strategy import Strategy, StrategyIssue, check_strategy, limits_for
from casebook.table_html import dataframe_to_html

TIME_SLOTS = tuple(f"{h:02d}:{m:02d}" for h in range(5, 24) for m in (0, 30))
_NONE = "—"  # the dropdowns' "none" option


class StrategyLab:
    """Widgets and state of one strategy-design session."""

    def __init__(
        self,
        packs: Sequence[Pack] | None = None,
        base: str = "champion",
        accounts: int = 20_000,
        days: int = 180,
        seed: int = 1,
        exercise: bool = False,
    ):
        self.packs = list(packs) if packs is not None else load_packs(DEFAULT_PACKS)
        self.limits = limits_for(self.packs)
        self.exercise = exercise
        self.strategy: Strategy | None = None
        self.issues: list[StrategyIssue] = []
        self.results: dict[str, SimulationResult] = {}
        self.score: StrategyScore | None = None

        style = {"description_width": "150px"}
        wide = widgets.Layout(width="420px")

        def slider(description: str, low: int, high: int, step: int = 1) -> widgets.IntSlider:
            return widgets.IntSlider(
                description=description, min=low, max=high, step=step, style=style, layout=wide
            )

        self.base = widgets.Dropdown(
            description="基准策略",
            options=[(label, key) for key, label in BASE_LABELS.items()],
            value=base,
            style=style,
        )
        self.m0_sms = slider("M0 到期前短信/周", 0, 7)
        self.sms = slider("逾期后短信/周", 0, 7)
        self.call_days = slider("每周外呼天数", 0, 7)
        self.attempts = slider("每日最多拨打次数", 0, 10)
        self.connected = slider("每日最多接通次数", 0, 5)
        self.start = widgets.Dropdown(description="联系开始", options=TIME_SLOTS, style=style)
        self.end = widgets.Dropdown(description="联系结束", options=TIME_SLOTS, style=style)
        self.letter_from = widgets.Dropdown(
            description="从哪个账龄起寄催收函", options=[_NONE, *DELINQUENT], style=style
        )
        self.visit_at = widgets.Dropdown(
            description="在哪个账龄上门", options=[_NONE, *DELINQUENT], style=style
        )
        self.litigate_from = widgets.Dropdown(
            description="从哪个账龄起起诉", options=[_NONE, *DELINQUENT[1:]], style=style
        )
        self.instalment = slider("M3 起分期最长（月）", 0, 84, 6)
        self.procedure = widgets.Dropdown(
            description="诉讼程序",
            options=[
                ("普通程序（全额受理费）", "ordinary"),
                ("简易程序（受理费减半）", "simplified"),
            ],
            style=style,
        )
        self.court_capacity = slider("每万户每月可起诉", 0, 200, 5)
        self.training = widgets.Checkbox(description="团队培训（按挑战者策略的假设）", indent=False)
        self.accounts = widgets.Dropdown(
            description="账户数", options=[5_000, 20_000, 50_000], value=accounts, style=style
        )
        self.days = widgets.Dropdown(
            description="模拟天数", options=[90, 180, 360], value=days, style=style
        )
        self.seed = widgets.BoundedIntText(
            description="随机种子", value=seed, min=0, max=10**6, style=style
        )
        self.run_button = widgets.Button(description="运行模拟", button_style="primary")
        self.reset_button = widgets.Button(description="恢复为基准策略")
        self.status = widgets.HTML("")
        self.output = widgets.HTML("")

        self.base.observe(lambda _: self.reset(), names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.run_button.on_click(lambda _: self.run())

        caps = "；".join(f"{c.rule_id} 上限 {c.limit}" for c in self.limits.daily)
        self.widget = widgets.VBox(
            [
                self.base,
                widgets.HTML("<h4>渠道与强度（M1 及以后，所有客群）</h4>"),
                self.m0_sms,
                self.sms,
                self.call_days,
                self.attempts,
                self.connected,
                widgets.HBox([self.start, self.end]),
                widgets.HTML(f"<p style='color:{MUTED}'>规则包中的每日上限：{caps}</p>"),
                widgets.HTML("<h4>升级日程、分期与诉讼</h4>"),
                self.letter_from,
                self.visit_at,
                self.litigate_from,
                self.instalment,
                self.procedure,
                self.court_capacity,
                self.training,
                widgets.HTML("<h4>模拟设置</h4>"),
                widgets.HBox([self.accounts, self.days, self.seed]),
                widgets.HBox([self.run_button, self.reset_button]),
                self.status,
                self.output,
            ]
        )
        self.reset()

    # ------------------------------------------------------------------ state

    def _base_strategy(self) -> Strategy:
        return base_strategy(self.base.value)

    def reset(self) -> None:
        """Set every control to the base strategy's own settings."""
        v = base_settings(self.base.value)

        def bucket(value: str) -> str:
            return _NONE if value == NONE else value

        self.m0_sms.value = v["m0_sms_per_week"]
        self.sms.value = v["sms_per_week"]
        self.call_days.value = v["call_days_per_week"]
        self.attempts.value = v["call_attempts_per_day"]
        self.connected.value = v["connected_calls_per_day"]
        self.start.value = v["contact_hours"]["start"]
        self.end.value = v["contact_hours"]["end"]
        self.letter_from.value = bucket(v["letter_from"])
        self.visit_at.value = bucket(v["visit_at"])
        self.litigate_from.value = bucket(v["litigate_from"])
        self.instalment.value = v["instalment_months"]
        self.procedure.value = v["court_procedure"]
        self.court_capacity.value = int(v["court_capacity"])
        self.training.value = v["training"]
        self.status.value = (
            f"已载入「{BASE_LABELS[self.base.value]}」。调整设置后按 <b>运行模拟</b>。"
        )
        self.output.value = ""

    def settings(self) -> dict[str, Any]:
        """Every control as :class:`~casebook.portfolio.settings.StrategySettings` data (what
        the strategy exercise submits)."""

        def bucket(value: str) -> str:
            return NONE if value == _NONE else value

        return {
            "base": self.base.value,
            "m0_sms_per_week": self.m0_sms.value,
            "sms_per_week": self.sms.value,
            "call_days_per_week": self.call_days.value,
            "call_attempts_per_day": self.attempts.value,
            "connected_calls_per_day": self.connected.value,
            "contact_hours": {"start": self.start.value, "end": self.end.value},
            "letter_from": bucket(self.letter_from.value),
            "visit_at": bucket(self.visit_at.value),
            "litigate_from": bucket(self.litigate_from.value),
            "instalment_months": self.instalment.value,
            "court_procedure": self.procedure.value,
            "court_capacity": float(self.court_capacity.value),
            "training": self.training.value,
        }

    def build_strategy(self) -> Strategy:
        """The base strategy with the moved controls applied (ValueError if the schema refuses)."""
        return build_strategy(StrategySettings.model_validate(self.settings()))

    # ------------------------------------------------------------------ actions

    def run(self) -> None:
        """Check the strategy against the packs; if allowed, simulate it and the base."""
        self.results = {}
        self.score = None
        try:
            self.strategy = self.build_strategy()
        except ValueError as exc:  # a setting the schema refuses (e.g. end before start)
            self.strategy = None
            self.status.value = f"<span style='color:{DANGER}'>设置无效：{exc}</span>"
            self.output.value = ""
            return
        self.issues = check_strategy(self.strategy, self.limits, source="我的策略")
        if self.issues:
            self.status.value = "策略被规则包拒绝。"
            self.output.value = issues_html(self.issues, self.packs)
            return
        if self.exercise:
            self.score = score_strategy(self.strategy, self.packs)
            self.status.value = "已按练习规则评分。"
            self.output.value = score_html(self.score)
            return
        portfolio = make_portfolio(self.accounts.value, self.seed.value)
        days, seed = self.days.value, self.seed.value
        self.results = {
            BASE_LABELS[self.base.value]: simulate(
                portfolio, self._base_strategy(), days, seed, self.packs
            ),
            "我的策略": simulate(portfolio, self.strategy, days, seed, self.packs),
        }
        self.status.value = (
            f"同一组合（{portfolio.n:,} 户、种子 {seed}）、同一随机数，模拟 {days} 天。"
            "数字为合成的教学假设，不是行业统计。"
        )
        self.output.value = dataframe_to_html(comparison_frame(self.results))

    def close(self) -> None:
        """Close every widget of this lab."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()


def base_segments() -> tuple[str, ...]:
    """Segment keys of the shipped assumptions."""
    from casebook.portfolio.assumptions import default_assumptions

    return default_assumptions().segment_keys


def build_strategy_lab(
    packs: Sequence[Pack] | None = None, exercise: bool = False, **settings: Any
) -> StrategyLab:
    """Factory used by the notebooks: a fresh, independent strategy lab."""
    return StrategyLab(packs, exercise=exercise, **settings)
