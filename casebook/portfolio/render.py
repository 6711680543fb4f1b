"""Tables and HTML for portfolio results (plain pandas and strings; no widgets).

Shared by the strategy lab widget and the book's pre-computed examples, so what a trainee
sees after pressing a button is exactly what the static page shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd

from casebook.palette import DANGER
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.portfolio.compare import METRICS, ChampionChallenger, mean_interval
from casebook.portfolio.exercise import StrategyScore, exercise_rules
from casebook.portfolio.simulate import SimulationResult, SimulationTotals
from casebook.portfolio.strategy import StrategyIssue
from casebook.table_html import dataframe_to_html

#: Rows of the comparison table: (label, how to get the value, format).
_ROWS: tuple[tuple[str, str, str], ...] = (
    ("回款（万元）", "recovered", "money"),
    ("成本（万元）", "cost", "money"),
    ("净回款（万元）", "net", "money"),
    ("每回收 100 元的成本（元）", "cost_per_100", "ratio"),
    ("投诉（件）", "complaints", "count"),
    ("承诺还款（次）", "promises_made", "count"),
    ("承诺兑现率", "keep_rate", "share"),
    ("个性化分期（笔）", "plans_signed", "count"),
    ("起诉（件）", "litigation_filed", "count"),
    ("核销金额（万元）", "written_off_amount", "money"),
    ("期末逾期余额（万元）", "delinquent_balance_end", "money"),
    ("M1→M2 滚动率", "M1→M2", "share"),
    ("M3→M4 滚动率", "M3→M4", "share"),
)


def metric(result: SimulationResult, key: str) -> float:
    """A headline figure of a result by key (totals, derived ratios or roll rates)."""
    t = result.totals
    if key == "cost_per_100":
        return 100.0 * t.cost / t.recovered if t.recovered else float("nan")
    if key == "keep_rate":
        settled = t.promises_kept + t.promises_broken
        return t.promises_kept / settled if settled else float("nan")
    if key in SimulationTotals.model_fields:
        return t.figure(key)
    return result.roll_rates()[key]


def _fmt(value: float, kind: str) -> str:
    if value != value:  # NaN
        return "—"
    if kind == "money":
        return f"{value / 10_000:,.1f}"
    if kind == "share":
        return f"{value:.1%}"
    if kind == "ratio":
        return f"{value:.2f}"
    return f"{value:,.0f}"


def comparison_frame(
    results: Mapping[str, SimulationResult], numeric: bool = False
) -> pd.DataFrame:
    """One column per labelled result, one row per headline figure (Chinese labels).

    ``numeric=False`` formats the figures as strings (万元, percentages) for display.
    """
    data = {
        label: [metric(result, key) for _, key, _ in _ROWS] for label, result in results.items()
    }
    frame = pd.DataFrame(data, index=[label for label, _, _ in _ROWS])
    return frame if numeric else format_comparison(frame)


def format_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """The display form (strings: 万元, percentages) of ``comparison_frame(…, numeric=True)``."""
    kinds = {label: kind for label, _, kind in _ROWS}
    return frame.apply(lambda row: row.map(lambda v: _fmt(v, kinds[row.name])), axis=1)


def issues_html(issues: Sequence[StrategyIssue], packs: Sequence[Pack] = ()) -> str:
    """Why a strategy was rejected: every problem, and for legal caps the rule's reason."""
    rules = PackRegistry.of(packs)
    items = []
    for issue in issues:
        rule = rules.get(issue.rule_id or "")
        extra = ""
        if rule is not None:
            extra = (
                f"<br><b>为什么：</b>{escape(rule.why)}<br><b>应当怎么做：</b>{escape(rule.instead)}"
                f"<br><b>依据：</b>{escape(rule.citation.short())}"
            )
        segs = "、".join(s.split("（")[-1].rstrip("）") for s in issue.segments)
        where = "、".join(issue.buckets)
        items.append(
            f"<li><b>{escape(issue.rule_id or '策略设置')}</b>（客群：{escape(segs)}；账龄：{escape(where)}；"
            f"字段 <code>{escape(issue.field)}</code>）：{escape(issue.message_zh or issue.message)}"
            f"{extra}</li>"
        )
    return (
        f"<div style='color:{DANGER}'><p><b>✘ 策略未通过规则包核对，不能运行。</b></p>"
        f"<ul>{''.join(items)}</ul></div>"
    )


def score_html(score: StrategyScore) -> str:
    """The exercise score with its three parts and the figures behind them."""
    rules = exercise_rules()
    p = rules.points
    if not score.accepted:
        return f"<p><b>得分：0 / {rules.full_marks:g}</b>（策略违反规则包，先改正再评分）</p>"
    f = score.figures
    rows = pd.DataFrame(
        {
            "得分": [score.recovery, score.cost, score.compliance, score.total],
            "满分": [p.recovery, p.cost, p.compliance, rules.full_marks],
            "依据": [
                f"净回款比冠军策略 {f['net_gain']:+.2%}（达到 +{rules.recovery_full:.0%} 得满分）",
                f"每回收 100 元的成本是冠军策略的 {f['cost_ratio_vs_baseline']:.2f} 倍"
                f"（≤1 倍满分，≥{rules.cost_zero:g} 倍 0 分）",
                f"投诉是冠军策略的 {f['complaints_vs_baseline']:.2f} 倍"
                f"（≤1 倍满分，≥{rules.complaints_zero:g} 倍 0 分）",
                f"{len(rules.seeds)} 个随机种子、每个 {rules.accounts:,} 户 × {rules.days} 天的平均",
            ],
        },
        index=["回收", "成本", "合规（投诉）", "总分"],
    )
    return f"<p><b>得分：{score.total:g} / {rules.full_marks:g}</b></p>" + dataframe_to_html(rows)


_KINDS = {
    "recovered": "money",
    "cost": "money",
    "net": "money",
    "written_off_amount": "money",
    "delinquent_balance_end": "money",
    "plan_balance_end": "money",
    "complaints": "count",
}


def _signed(value: float, kind: str) -> str:
    if kind == "money":
        return f"{value / 10_000:+,.1f}"
    if kind == "share":
        return f"{value * 100:+.2f}"
    return f"{value:+,.1f}"


def interval_frame(
    cc: ChampionChallenger, champion: str = "冠军策略", challenger: str = "对比方案"
) -> pd.DataFrame:
    """Champion/challenger means and the 95% interval of the difference, formatted.

    Money in 万元, roll rates in percent (differences in percentage points).
    """
    rows = []
    for m in cc.metrics:
        kind = _KINDS.get(m, "share" if "→" in m else "count")
        a = cc.runs[f"{m}_champion"]
        b = cc.runs[f"{m}_challenger"]
        diff, low, high = mean_interval(b - a)
        unit = {"money": "（万元）", "share": "（%）", "count": ""}[kind]
        label = METRICS.get(m, m) + unit
        rows.append(
            {
                "指标": label,
                champion: _fmt(a.mean(), kind),
                challenger: _fmt(b.mean(), kind),
                "差值": _signed(diff, kind),
                "95% 置信区间": f"[{_signed(low, kind)}, {_signed(high, kind)}]",
                "相对变化": f"{diff / a.mean():+.1%}" if a.mean() else "—",
                "差异显著": "是" if (low > 0 or high < 0) else "否",
            }
        )
    return pd.DataFrame(rows).set_index("指标")
