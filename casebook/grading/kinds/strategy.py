"""``strategy``: design a collection strategy for a synthetic portfolio; graded by simulation.

The submission carries the strategy settings of the strategy lab (:mod:`casebook.ui.portfolio`)
as data: the base strategy and the value of each control. :func:`build_strategy` turns them
into a :class:`~casebook.portfolio.Strategy` exactly as the lab does (only settings that
differ from the base are applied). The strategy is checked against the caps of the pinned
packs: a strategy that breaks a cap is graded as a violation of that rule (0 points, the
rule id, its citation and what to do instead), never a crash. Otherwise
:func:`casebook.portfolio.exercise.score_strategy` runs the seeded simulation on the
variant's portfolio and compares it with the champion strategy on the same portfolio.

Variants: the seed picks one of the catalogue's portfolio seeds, so trainees work on
different portfolios of the same size. To keep grading fast the grading portfolio is small
(the catalogue's ``accounts`` × ``days``, one seed; about 35 ms per simulation) and results
are cached by (portfolio seed, settings, packs) for the life of the process; the champion's
baseline is computed once per portfolio.

Items: ``recovery``, ``cost`` and ``compliance`` (the three parts of the exercise score in
``casebook/portfolio/exercise.yaml``, scaled to the catalogue's points).
"""

from __future__ import annotations

import random
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from casebook.grading.forms import Form, WidgetField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result, pts, rule_feedback
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant

if TYPE_CHECKING:  # the portfolio engine (numpy, pandas) is imported when first used
    from casebook.portfolio.exercise import ExerciseRules, StrategyScore
    from casebook.portfolio.strategy import Strategy, StrategyIssue

ITEMS = ("recovery", "cost", "compliance")
#: The buckets after M0 (casebook.portfolio.assumptions.BUCKETS[1:]; checked in check_exercise).
DELINQUENT = ["M1", "M2", "M3", "M4", "M5", "M6+"]
NONE = "none"
BASE_LABELS = {"champion": "冠军策略（现行做法）", "challenger": "挑战者策略"}
Bucket = Literal["M1", "M2", "M3", "M4", "M5", "M6+"]
LitigationBucket = Literal["M2", "M3", "M4", "M5", "M6+"]
SETTING_LABELS = {
    "m0_sms_per_week": "M0 到期前短信/周",
    "sms_per_week": "逾期后短信/周",
    "call_days_per_week": "每周外呼天数",
    "call_attempts_per_day": "每日最多拨打次数",
    "connected_calls_per_day": "每日最多接通次数",
    "contact_hours": "联系时段",
    "letter_from": "从哪个账龄起寄催收函",
    "visit_at": "在哪个账龄上门",
    "litigate_from": "从哪个账龄起起诉",
    "instalment_months": "M3 起分期最长（月）",
    "court_procedure": "诉讼程序",
    "court_capacity": "每万户每月可起诉",
    "training": "团队培训",
}
#: The team of an untrained base (as in the strategy lab).
NEUTRAL_TEAM = {
    "contact": 1.0,
    "promise": 1.0,
    "keep": 1.0,
    "complaint": 1.0,
    "monthly_cost_per_1000_accounts": 0.0,
}


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError
    return int(hours) * 60 + int(minutes)


class Hours(BaseModel):
    """Contact hours ``HH:MM``–``HH:MM`` on one day (as the strategy's ``contact_hours``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        try:
            _minutes(value)
        except ValueError:
            raise ValueError(f"expected HH:MM, got {value!r}") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        if _minutes(self.end) <= _minutes(self.start):
            raise ValueError(f"end {self.end} must be later than start {self.start}")
        return self


class StrategySettings(BaseModel):
    """The strategy lab's controls. ``None`` (or the base's own value) keeps the base's design.

    Ranges are the strategy schema's own limits, so that a setting beyond a legal cap (e.g.
    9 calls a day) is graded as a violation of the pack rule rather than refused here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: Literal["champion", "challenger"] = "champion"
    m0_sms_per_week: int | None = Field(default=None, ge=0, le=7)
    sms_per_week: int | None = Field(default=None, ge=0, le=7)
    call_days_per_week: int | None = Field(default=None, ge=0, le=7)
    call_attempts_per_day: int | None = Field(default=None, ge=0, le=24)
    connected_calls_per_day: int | None = Field(default=None, ge=0, le=24)
    contact_hours: Hours | None = None
    letter_from: Bucket | Literal["none"] | None = None
    visit_at: Bucket | Literal["none"] | None = None
    litigate_from: LitigationBucket | Literal["none"] | None = None
    instalment_months: int | None = Field(default=None, ge=0, le=600)
    court_procedure: Literal["ordinary", "simplified"] | None = None
    court_capacity: float | None = Field(default=None, ge=0, le=10_000)
    training: bool | None = None


class StrategyAnswers(BaseModel):
    """The submitted settings (``None``: nothing submitted)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strategy: StrategySettings | None = None


class StrategyData(BaseModel):
    """Catalogue ``data``: the grading portfolio."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accounts: int = Field(ge=100, le=200_000)
    days: int = Field(ge=30, le=720)
    portfolio_seeds: list[int] = Field(min_length=1, max_length=64)

    @model_validator(mode="after")
    def _distinct(self) -> StrategyData:
        if len(set(self.portfolio_seeds)) != len(self.portfolio_seeds):
            raise ValueError("portfolio_seeds: duplicate seeds")
        return self


@cache
def base_strategy(name: str) -> Strategy:
    """A shipped base strategy (loaded once)."""
    from casebook.portfolio.strategy import builtin_strategy

    return builtin_strategy(name)


@cache
def trained_team() -> dict[str, float]:
    """The team of the challenger strategy (the lab's 团队培训 setting)."""
    return base_strategy("challenger").team.model_dump()


def _first_bucket(grid: dict, segment: str, flag: str, options: list[str]) -> str:
    hits = [b for b in options if getattr(grid[(segment, b)], flag)]
    return hits[0] if hits else NONE


@cache
def base_settings(name: str) -> dict[str, Any]:
    """The lab's control values for a base strategy (what its reset shows)."""
    from casebook.portfolio.assumptions import default_assumptions

    base = base_strategy(name)
    segments = default_assumptions().segment_keys
    grid = base.grid(list(segments))
    first = segments[0]
    m0, m2 = grid[(first, "M0")], grid[(first, "M2")]
    return {
        "m0_sms_per_week": m0.sms_per_week,
        "sms_per_week": m2.sms_per_week,
        "call_days_per_week": m2.call_days_per_week,
        "call_attempts_per_day": m2.call_attempts_per_day,
        "connected_calls_per_day": m2.connected_calls_per_day,
        "contact_hours": m2.contact_hours.model_dump(),
        "letter_from": _first_bucket(grid, first, "letter", DELINQUENT),
        "visit_at": _first_bucket(grid, first, "visit", DELINQUENT),
        "litigate_from": _first_bucket(grid, first, "litigate", DELINQUENT[1:]),
        "instalment_months": grid[(first, "M3")].instalment_months,
        "court_procedure": base.court.procedure,
        "court_capacity": float(int(base.court.capacity_per_month_per_10k)),
        "training": base.team.monthly_cost_per_1000_accounts > 0,
    }


def changed_settings(settings: StrategySettings) -> dict[str, Any]:
    """The settings that differ from the base's own values (what gets applied)."""
    base = base_settings(settings.base)
    values = settings.model_dump(exclude={"base"})
    return {k: v for k, v in values.items() if v is not None and v != base[k]}


def _from(bucket: str) -> list[str]:
    return DELINQUENT[DELINQUENT.index(bucket) :]


def build_strategy(settings: StrategySettings) -> Strategy:
    """The base strategy with the changed settings applied, as the strategy lab builds it.

    Raises ``ValueError`` (pydantic) for a combination the strategy schema refuses.
    """
    changed = changed_settings(settings)
    cells: list[dict[str, Any]] = []
    late = {
        name: changed[name]
        for name in (
            "sms_per_week",
            "call_days_per_week",
            "call_attempts_per_day",
            "connected_calls_per_day",
        )
        if name in changed
    }
    if "contact_hours" in changed:
        late["contact_hours"] = changed["contact_hours"]
    if late:
        cells.append({"buckets": DELINQUENT, "set": late})
    if "m0_sms_per_week" in changed:
        cells.append({"buckets": ["M0"], "set": {"sms_per_week": changed["m0_sms_per_week"]}})
    for name, flag in (("letter_from", "letter"), ("litigate_from", "litigate")):
        if name in changed:
            cells.append({"buckets": DELINQUENT, "set": {flag: False}})
            if changed[name] != NONE:
                cells.append({"buckets": _from(changed[name]), "set": {flag: True}})
    if "visit_at" in changed:
        cells.append({"buckets": DELINQUENT, "set": {"visit": False}})
        if changed["visit_at"] != NONE:
            cells.append({"buckets": [changed["visit_at"]], "set": {"visit": True}})
    if "instalment_months" in changed:
        cells.append(
            {"buckets": _from("M3"), "set": {"instalment_months": changed["instalment_months"]}}
        )
    court: dict[str, Any] = {}
    if "court_procedure" in changed:
        court["procedure"] = changed["court_procedure"]
    if "court_capacity" in changed:
        court["capacity_per_month_per_10k"] = float(changed["court_capacity"])
    team = None
    if "training" in changed:
        team = trained_team() if changed["training"] else dict(NEUTRAL_TEAM)
    return base_strategy(settings.base).derive(
        "my_strategy", "我的策略", cells=cells, court=court or None, team=team
    )


def variant_rules(public: dict[str, Any]) -> ExerciseRules:
    """The exercise's scoring rules on the variant's grading portfolio."""
    from casebook.portfolio.exercise import exercise_rules

    return exercise_rules().model_copy(
        update={
            "accounts": public["accounts"],
            "days": public["days"],
            "seeds": (public["portfolio_seed"],),
        }
    )


_SCORES: dict[tuple, StrategyScore] = {}
#: How many simulations were run and how many results came from the cache (for the bench).
CACHE_STATS = {"simulated": 0, "cached": 0}


def cached_score(strategy: Strategy, rules: ExerciseRules, packs) -> StrategyScore:
    """:func:`score_strategy`, cached by (rules, policy limits, strategy)."""
    from casebook.portfolio.exercise import score_strategy
    from casebook.portfolio.strategy import limits_for

    key = (rules, limits_for(packs), strategy.model_dump_json())
    if key in _SCORES:
        CACHE_STATS["cached"] += 1
    else:
        CACHE_STATS["simulated"] += 1
        _SCORES[key] = score_strategy(strategy, packs, rules)
    return _SCORES[key]


def _setting_text(name: str, value: Any) -> str:
    if name == "contact_hours":
        return f"{value['start']}–{value['end']}"
    if name == "training":
        return "是" if value else "否"
    if name == "court_procedure":
        return {"ordinary": "普通程序", "simplified": "简易程序"}[value]
    if value == NONE:
        return "不安排"
    return f"{value:g}" if isinstance(value, float) else str(value)


def settings_echo(settings: StrategySettings | None) -> list[tuple[str, str]]:
    """(label, value) pairs of the submitted settings for the feedback page."""
    if settings is None:
        return [("策略", "（未提交）")]
    changed = changed_settings(settings)
    rows = [("基准策略", BASE_LABELS[settings.base])]
    rows += [(SETTING_LABELS[k], _setting_text(k, v)) for k, v in changed.items()]
    if not changed:
        rows.append(("改动", "（未改动，沿用基准策略）"))
    return rows


def _issue_entry(issue: StrategyIssue, ctx) -> FeedbackEntry:
    segs = "、".join(s.split("（")[-1].rstrip("）") for s in issue.segments)
    text = f"{issue.message_zh or issue.message}（客群：{segs}；账龄：{'、'.join(issue.buckets)}）"
    if issue.rule_id:
        return rule_feedback(ctx, issue.rule_id, text)
    return FeedbackEntry(status="wrong", text=text)


@register_kind
class StrategyKind(ExerciseKind):
    """A strategy designed in the lab, simulated on the variant's portfolio."""

    name = "strategy"
    label = "催收策略设计"
    Data = StrategyData
    Answers = StrategyAnswers
    item_ids = ITEMS

    def check_exercise(self, exercise, params):
        from casebook.portfolio.assumptions import BUCKETS
        from casebook.portfolio.exercise import exercise_rules

        problems = super().check_exercise(exercise, params)
        if list(BUCKETS[1:]) != DELINQUENT:  # pragma: no cover - kept in step with the engine
            problems.append((("kind",), f"strategy kind expects buckets {DELINQUENT}"))
        points = exercise_rules().points
        for item in exercise.items:
            if item.id in ITEMS and getattr(points, item.id) <= 0:
                problems.append((("items",), f"{item.id} has no points in exercise.yaml"))
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        rng = random.Random(f"strategy:{exercise.id}:{seed}")
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "portfolio_seed": rng.choice(p.portfolio_seeds),
                "accounts": p.accounts,
                "days": p.days,
            },
        )

    def form(self, exercise, variant: Variant) -> Form:
        from casebook.portfolio.generate import make_portfolio, portfolio_summary

        v = variant.public
        rules = variant_rules(v)
        summary = portfolio_summary(make_portfolio(v["accounts"], v["portfolio_seed"])).to_html()
        intro = (
            f"<p>你的组合：种子 <b>{v['portfolio_seed']}</b>，{v['accounts']:,} 户（合成数据）。"
            f"评分时在这个组合上把你的策略和冠军策略各模拟 {v['days']} 天，同一组随机数："
            f"回收 {rules.points.recovery:g} 分（净回款比冠军多 {rules.recovery_full:.0%} 得满分）、"
            f"成本 {rules.points.cost:g} 分、合规 {rules.points.compliance:g} 分（投诉不多于冠军得满分）；"
            "策略违反规则包的上限时总分为 0。下面的策略实验室可以先试算（用实验室自己的组合设置）。</p>"
            f"{summary}"
        )
        return Form(
            intro_html=intro,
            fields=[
                WidgetField(
                    key="strategy",
                    label="策略实验室",
                    widget="strategy_lab",
                    config={"portfolio_seed": v["portfolio_seed"]},
                )
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        settings = answered.answers.strategy
        if settings is not None:
            try:
                build_strategy(settings)
            except (ValidationError, ValueError) as exc:
                raise AnswerError([f"field 'answers.strategy': {exc}"]) from None
        return answered

    def _item(self, exercise, item_id: str, points: float, feedback) -> ItemResult:
        spec = exercise.item(item_id)
        return ItemResult(
            item_id=item_id,
            title=spec.title,
            points=pts(max(0.0, min(spec.points, points))),
            max_points=spec.points,
            feedback=feedback,
        )

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        settings: StrategySettings | None = answered.answers.strategy
        ledger = RuleLedger()
        echo = settings_echo(settings)
        if settings is None:
            none = [FeedbackEntry(status="wrong", text="未提交策略。")]
            items = [self._item(exercise, i, 0, none) for i in ITEMS]
            return self._result(exercise, items, ledger, echo)
        from casebook.portfolio.strategy import check_strategy, limits_for

        strategy = build_strategy(settings)
        issues = check_strategy(strategy, limits_for(ctx.packs), source="你的策略")
        if issues:
            feedback = [_issue_entry(issue, ctx) for issue in issues]
            skipped = [
                FeedbackEntry(
                    status="wrong", text="策略未通过规则包核对，没有运行模拟，本项 0 分。"
                )
            ]
            items = [
                self._item(exercise, "recovery", 0, skipped),
                self._item(exercise, "cost", 0, skipped),
                self._item(exercise, "compliance", 0, feedback),
            ]
            charged = [(i.rule_id or "策略设置", i.rule_id) for i in issues]
            for rule_id, real in charged:
                rule = ctx.rule(real) if real else None
                ledger.add(
                    rule_id,
                    rule.title if rule else "策略设置无效",
                    exercise.max_points / len(charged),
                )
            return self._result(exercise, items, ledger, echo)
        rules = variant_rules(variant.public)
        score = cached_score(strategy, rules, ctx.packs)
        f = score.figures
        p = rules.points
        parts = {
            "recovery": (
                score.recovery / p.recovery,
                f"净回款比冠军策略 {f['net_gain']:+.2%}（达到 +{rules.recovery_full:.0%} 得满分，不高于冠军得 0 分）。",
            ),
            "cost": (
                score.cost / p.cost,
                f"每回收 100 元的成本是冠军策略的 {f['cost_ratio_vs_baseline']:.2f} 倍"
                f"（≤1 倍满分，≥{rules.cost_zero:g} 倍 0 分）。",
            ),
            "compliance": (
                score.compliance / p.compliance,
                f"策略通过规则包核对。投诉 {f['complaints']:.0f} 件，是冠军策略的 {f['complaints_vs_baseline']:.2f} 倍"
                f"（≤1 倍满分，≥{rules.complaints_zero:g} 倍 0 分）。",
            ),
        }
        items = []
        for item_id in ITEMS:
            share, text = parts[item_id]
            status = "ok" if share >= 0.999 else ("partial" if share > 0 else "wrong")
            spec = exercise.item(item_id)
            items.append(
                self._item(
                    exercise,
                    item_id,
                    spec.points * share,
                    [FeedbackEntry(status=status, text=text)],
                )
            )
        figures = (
            f"回款 ¥{f['recovered']:,.0f}（冠军 ¥{f['baseline_recovered']:,.0f}），成本 ¥{f['cost']:,.0f}"
            f"（冠军 ¥{f['baseline_cost']:,.0f}），投诉 {f['complaints']:.0f} 件（冠军 {f['baseline_complaints']:.0f} 件）；"
            f"组合种子 {variant.public['portfolio_seed']}，{rules.accounts:,} 户 × {rules.days} 天。"
        )
        items[0] = items[0].model_copy(
            update={"feedback": [*items[0].feedback, FeedbackEntry(status="info", text=figures)]}
        )
        return self._result(exercise, items, ledger, echo)

    def _result(self, exercise, items, ledger, echo) -> ExerciseResult:
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        moves: dict[str, list[Any]] = {
            "m0_sms_per_week": [2, 3],
            "sms_per_week": [2, 3, 7],
            "call_attempts_per_day": [2, 6, 9],
            "connected_calls_per_day": [2, 4],
            "letter_from": ["M2", "M1"],
            "litigate_from": ["M3", "M4"],
            "instalment_months": [24, 36, 72],
            "training": [True],
            "contact_hours": [
                {"start": "08:00", "end": "21:00"},
                {"start": "07:00", "end": "22:30"},
            ],
            "court_procedure": ["simplified"],
            "court_capacity": [50.0],
        }
        values: dict[str, Any] = {"base": "champion" if rng.random() < 0.8 else "challenger"}
        for name, choices in moves.items():
            if rng.random() < 0.2:
                values[name] = rng.choice(choices)
        return Answered(StrategyAnswers(strategy=StrategySettings.model_validate(values)))
