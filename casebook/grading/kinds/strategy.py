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
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from casebook.grading import helper
from casebook.grading.forms import Form, WidgetField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import (
    RuleLedger,
    exercise_result,
    kind_text,
    pts,
    rule_feedback,
)
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.money_text import yuan

if TYPE_CHECKING:  # the portfolio engine (numpy, pandas) is imported when first used
    from casebook.portfolio.exercise import ExerciseRules, StrategyScore
    from casebook.portfolio.settings import StrategySettings
    from casebook.portfolio.strategy import Strategy, StrategyIssue

ITEMS = ("recovery", "cost", "compliance")


class StrategyAnswers(BaseModel):
    """The submitted settings (``None``: nothing submitted). ``validate`` checks them as
    :class:`~casebook.portfolio.settings.StrategySettings`, imported when first needed (the
    portfolio package loads pandas)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strategy: dict[str, Any] | None = None


def parse_settings(value: Any) -> StrategySettings | None:
    """The submitted settings as :class:`~casebook.portfolio.settings.StrategySettings`;
    :class:`AnswerError` naming each bad field."""
    from casebook.portfolio.settings import StrategySettings

    if value is None or isinstance(value, StrategySettings):
        return value
    try:
        return StrategySettings.model_validate(value)
    except ValidationError as exc:
        raise AnswerError(
            [
                f"field 'answers.strategy.{'.'.join(str(p) for p in e['loc'])}': {e['msg']}"
                for e in exc.errors()
            ]
        ) from None


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
_PENDING: dict[tuple, Future] = {}
#: How many simulations were run and how many results came from the cache (for the bench).
CACHE_STATS = {"simulated": 0, "cached": 0, "in_worker": 0}
#: Fewer simulations than this are run in the grading process itself (no worker to start).
WORKER_THRESHOLD = 8


def fingerprint(strategy: Strategy) -> str:
    """What a strategy does, without its id and titles: equal designs share one simulation."""
    return strategy.model_dump_json(exclude={"id", "title", "description"})


def _cache_key(strategy: Strategy, rules: ExerciseRules, packs) -> tuple:
    from casebook.portfolio.strategy import limits_for

    return (rules, limits_for(packs), fingerprint(strategy))


def cached_score(strategy: Strategy, rules: ExerciseRules, packs) -> StrategyScore:
    """:func:`score_strategy`, cached by (rules, policy limits, strategy fingerprint); a
    simulation started by :meth:`StrategyKind.prepare` in the worker is waited for."""
    from casebook.portfolio.exercise import score_strategy

    key = _cache_key(strategy, rules, packs)
    if key in _SCORES:
        CACHE_STATS["cached"] += 1
    elif key in _PENDING:
        try:
            _SCORES[key] = _PENDING.pop(key).result()
            CACHE_STATS["in_worker"] += 1
        except Exception:  # a broken worker: simulate here (same seeds, same result)
            _SCORES[key] = score_strategy(strategy, packs, rules)
        CACHE_STATS["simulated"] += 1
    else:
        CACHE_STATS["simulated"] += 1
        _SCORES[key] = score_strategy(strategy, packs, rules)
    return _SCORES[key]


#: What the helper imports before its first simulation (numpy, pandas; about 0.4 s).
SIMULATOR_MODULES = (
    "casebook.portfolio.exercise",
    "casebook.portfolio.generate",
    "casebook.portfolio.simulate",
)


def settings_echo(settings: StrategySettings | None) -> list[tuple[str, str]]:
    """(label, value) pairs of the submitted settings for the feedback page."""
    from casebook.portfolio.settings import (
        BASE_LABELS,
        SETTING_LABELS,
        changed_settings,
        setting_text,
    )

    if settings is None:
        return [("策略", "（未提交）")]
    changed = changed_settings(settings)
    rows = [("基准策略", BASE_LABELS[settings.base])]
    rows += [(SETTING_LABELS[k], setting_text(k, v)) for k, v in changed.items()]
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
        from casebook.portfolio.settings import DELINQUENT

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
            kind_text(
                "strategy",
                "intro",
                seed=v["portfolio_seed"],
                accounts=f"{v['accounts']:,}",
                days=v["days"],
                recovery=f"{rules.points.recovery:g}",
                recovery_full=f"{rules.recovery_full:.0%}",
                cost=f"{rules.points.cost:g}",
                compliance=f"{rules.points.compliance:g}",
            )
            + summary
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
        from casebook.portfolio.settings import build_strategy

        answered = super().validate(exercise, variant, answers, action_log)
        settings = parse_settings(answered.answers_as(StrategyAnswers).strategy)
        if settings is not None:
            try:
                build_strategy(settings)
            except (ValidationError, ValueError) as exc:
                raise AnswerError([f"field 'answers.strategy': {exc}"]) from None
        return answered

    def answers_schema(self, exercise, variant) -> dict[str, Any]:
        from casebook.portfolio.settings import StrategySettings

        schema = StrategyAnswers.model_json_schema()
        schema["properties"]["strategy"] = {
            "anyOf": [StrategySettings.model_json_schema(), {"type": "null"}]
        }
        return schema

    def warm_up(self, expected: int) -> None:
        """Start the grading helper and its imports of the simulator when enough submissions
        are expected for simulations to run there (while the assignment is validated and the
        submissions read; a start that turns out unneeded costs the other core only)."""
        if expected >= WORKER_THRESHOLD:
            helper.start()
            helper.submit(helper.preload, *SIMULATOR_MODULES)

    def prepare(self, work, ctx) -> None:
        """Start the simulations these submissions need in the grading helper process
        (:mod:`casebook.grading.helper`), so that they run while the grader works through
        the other exercises (2 cores: about half the wall time). Strategies that break a cap
        need no simulation; equal designs share one."""
        from casebook.portfolio.settings import build_strategy
        from casebook.portfolio.strategy import check_strategy, limits_for

        jobs: dict[tuple, tuple] = {}
        for _exercise, variant, answered in work:
            try:
                settings = parse_settings(answered.answers.strategy)
                strategy = build_strategy(settings) if settings is not None else None
            except (AnswerError, ValueError):
                continue
            if strategy is None or check_strategy(strategy, limits_for(ctx.packs)):
                continue
            rules = variant_rules(variant.public)
            key = _cache_key(strategy, rules, ctx.packs)
            if key not in _SCORES and key not in _PENDING:
                jobs[key] = (strategy, list(ctx.packs), rules)
        if not jobs or (len(jobs) < WORKER_THRESHOLD and not helper.running()):
            return  # a few simulations: no helper process to start for them
        from casebook.portfolio.exercise import score_strategy

        helper.start()
        for key, job in jobs.items():
            # score_strategy itself is sent: the helper imports the simulator, not the grader
            future = helper.submit(score_strategy, *job)
            if future is None:  # no processes here: the rest are simulated in this process
                break
            _PENDING[key] = future

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
        from casebook.portfolio.settings import build_strategy

        settings = parse_settings(answered.answers.strategy)
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
            skipped = [FeedbackEntry(status="wrong", text=kind_text("strategy", "not_simulated"))]
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
                kind_text(
                    "strategy",
                    "compliance",
                    complaints=f"{f['complaints']:.0f}",
                    ratio=f"{f['complaints_vs_baseline']:.2f}",
                    zero=f"{rules.complaints_zero:g}",
                ),
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
            f"回款 {yuan(f['recovered'], 0)}（冠军 {yuan(f['baseline_recovered'], 0)}），"
            f"成本 {yuan(f['cost'], 0)}（冠军 {yuan(f['baseline_cost'], 0)}），投诉 {f['complaints']:.0f} 件（冠军 {f['baseline_complaints']:.0f} 件）；"
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
        return Answered(StrategyAnswers(strategy=values))
