"""``campaign``: work one account through the multi-day case campaign; graded from the action log.

The submission carries only the action log the trainee played in the campaign console
(:mod:`casebook.ui.campaign`). The grader trusts nothing else — not the outcomes written in
the log, not a scorecard: it starts :class:`casebook.campaign.CaseCampaign` with the
variant's archetype and seed and the pinned packs, replays every action (outcomes are
recomputed, as :func:`casebook.campaign.replay` does), lets the clock run to the end of
the campaign (no further contacts after the last action) and scores the
:func:`casebook.campaign.build_scorecard`. An action the console would refuse (a time
before the current one, an unknown contact) is skipped with a note, never a crash.

Items (catalogue ids): ``compliance`` (100 − the packs' violation points, scaled; every
violation with its rule, citation and what to do instead), ``resolution`` (share of the
balance recovered or secured by a signed instalment plan), ``complaints`` and ``cost``
(channel costs against a budget).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from casebook.grading.forms import Form, WidgetField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import (
    RuleLedger,
    describe_action,
    exercise_result,
    kind_text,
    placeholders,
    pts,
    violation_feedback,
)
from casebook.grading.kinds._samples import BAD_TO_DEBTOR, GOOD_TO_DEBTOR, fill
from casebook.grading.kinds.contact_plan import NoAnswers
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.model import (
    OUTCOME_LABELS,
    Action,
    Case,
    Channel,
    InstalmentPlan,
    Outcome,
    Purpose,
)
from casebook.money_text import yuan
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack

if TYPE_CHECKING:  # the campaign engine is imported when first used (it loads its parameters)
    from casebook.campaign import CaseCampaign, Scorecard, StepRecord

ITEMS = ("compliance", "resolution", "complaints", "cost")
#: The campaign console's seed box goes up to 999,999.
SEED_RANGE = 1_000_000


class CampaignData(BaseModel):
    """Catalogue ``data`` of a campaign exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    archetype: str = Field(
        description="Debtor archetype key or label, e.g. hardship / 财务状况恶化"
    )
    max_days: int | None = Field(default=None, ge=1, le=365, description="Default: campaign.yaml")
    cost_budget: float = Field(
        default=30.0, gt=0, description="Channel cost (yuan) within which the cost item is full"
    )
    complaint_share: float = Field(
        default=0.5, gt=0, le=1, description="Share of the complaints item each complaint costs"
    )


def campaign_seed(seed: int) -> int:
    """The campaign seed of a variant seed (the console's seed box holds 0–999,999)."""
    return seed % SEED_RANGE


def replay_log(
    archetype: str,
    seed: int,
    log: Sequence[Action],
    packs: Sequence[Pack],
    max_days: int | None = None,
) -> tuple[CaseCampaign, list[tuple[int, int]], list[tuple[int, str]]]:
    """Replay ``log`` from a fresh campaign and run the clock to the end.

    Returns the finished environment, ``(log index, record index)`` of every executed action
    and ``(log index, reason)`` of every action that was not executed.
    """
    from casebook.campaign import CaseCampaign

    env = CaseCampaign(archetype=archetype, packs=packs, max_days=max_days)
    env.reset(seed=seed)
    executed: list[tuple[int, int]] = []
    skipped: list[tuple[int, str]] = []
    for index, action in enumerate(log):
        if env.done:
            skipped.append((index, f"演练已结束（{env.observation().date}），此后的行动未执行"))
            continue
        try:
            env.step(action.model_copy(update={"outcome": Outcome.PENDING}))
        except ValueError as exc:
            skipped.append((index, f"无法执行：{exc}"))
            continue
        if env.records[-1].action is not None:
            executed.append((index, len(env.records) - 1))
        else:
            skipped.append((index, "演练在这一行动之前已经结束，未执行"))
    while not env.done:
        env.step(None)
    return env, executed, skipped


def initial_case(env: CaseCampaign) -> Case:
    """The case the campaign started from (``replay_log`` resets the environment)."""
    if env.initial_case is None:
        raise RuntimeError("the campaign has not been reset")
    return env.initial_case


def executed_action(record: StepRecord) -> Action:
    """The action of a step that executed one (``replay_log`` lists only those)."""
    if record.action is None:
        raise RuntimeError(f"step {record.index} executed no action")
    return record.action


def score_items(
    exercise: Any,
    env: CaseCampaign,
    card: Scorecard,
    executed: list[tuple[int, int]],
    skipped: list[tuple[int, str]],
    ledger: RuleLedger,
) -> list[ItemResult]:
    """The four items of a finished campaign."""
    p = exercise.params
    case = initial_case(env)

    def item(item_id: str, share: float, feedback: list[FeedbackEntry]) -> ItemResult:
        spec = exercise.item(item_id)
        return ItemResult(
            item_id=item_id,
            title=spec.title,
            points=pts(spec.points * max(0.0, min(1.0, share))),
            max_points=spec.points,
            feedback=feedback,
        )

    # compliance: the packs' points, as in the scorecard's compliance score
    spec = exercise.item("compliance")
    feedback: list[FeedbackEntry] = []
    for log_index, record_index in executed:
        record = env.records[record_index]
        for v in record.violations:
            ledger.add(v.rule_id, v.title, min(v.points * spec.points / 100, spec.points))
            where = f"第 {record.day} 天，行动 #{log_index + 1}："
            feedback.append(
                violation_feedback(v, where, describe_action(case, executed_action(record)))
            )
    if not executed:
        feedback.append(FeedbackEntry(status="wrong", text="没有执行任何联系行动。"))
    elif not feedback:
        feedback.append(FeedbackEntry(status="ok", text="全部行动都没有违反规则包。"))
    feedback += [
        FeedbackEntry(status="info", text=f"行动 #{i + 1}：{reason}") for i, reason in skipped
    ]
    compliance_share = card.compliance_score / 100 if executed else 0.0
    items = [item("compliance", compliance_share, feedback)]

    # resolution: recovered plus the amount secured by a signed plan
    text = kind_text(
        "campaign",
        "result",
        ended=card.ended_label,
        day=card.days_used,
        recovered=yuan(card.recovered),
        secured=yuan(card.secured),
        balance=yuan(card.balance),
        share=f"{100 * card.resolution_rate:.1f}%",
    )
    status = "ok" if card.resolution_rate >= 0.999 else "partial"
    items.append(
        item("resolution", card.resolution_rate, [FeedbackEntry(status=status, text=text)])
    )

    if not executed:
        idle = [FeedbackEntry(status="wrong", text="没有执行任何联系行动，本项不得分。")]
        items.append(item("complaints", 0.0, idle))
        items.append(item("cost", 0.0, idle))
        return items

    # complaints
    if card.complaints:
        percent = f"{p.complaint_share:.0%}"
        text = kind_text("campaign", "complaints", count=card.complaints, share=percent)
        fb = [FeedbackEntry(status="wrong", text=text)]
    else:
        fb = [FeedbackEntry(status="ok", text="没有收到投诉。")]
    items.append(item("complaints", 1 - p.complaint_share * card.complaints, fb))

    # cost
    within = card.cost <= p.cost_budget
    text = f"渠道成本 {yuan(card.cost)}（预算 {yuan(p.cost_budget)}）。" + (
        "" if within else kind_text("campaign", "over_budget")
    )
    share = 1.0 if within else p.cost_budget / card.cost
    items.append(
        item("cost", share, [FeedbackEntry(status="ok" if within else "partial", text=text)])
    )
    return items


@register_kind
class CampaignKind(ExerciseKind):
    """A campaign played in the console; the action log is replayed and scored."""

    name = "campaign"
    label = "完整案件演练"
    Data = CampaignData
    Answers = NoAnswers
    item_ids = ITEMS
    uses_action_log = True
    max_actions = 200

    def check_exercise(self, exercise, params):
        from casebook.campaign import resolve_archetype

        problems = super().check_exercise(exercise, params)
        try:
            resolve_archetype(params.archetype)
        except ValueError as exc:
            problems.append((("data", "archetype"), str(exc)))
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        from casebook.campaign import CaseCampaign, resolve_archetype

        p = exercise.params
        archetype = resolve_archetype(p.archetype)
        env = CaseCampaign(archetype=archetype, max_days=p.max_days)
        _, info = env.reset(seed=campaign_seed(seed))
        case = info["case"]
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "archetype": archetype,
                "archetype_label": info["archetype_label"],
                "campaign_seed": campaign_seed(seed),
                "max_days": env.max_days,
                "start": case.as_of.isoformat(),
                "contacts": [c.id for c in case.contacts],
                "balance": case.account.balance,
            },
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        p = exercise.params
        intro = kind_text(
            "campaign",
            "intro",
            archetype=escape(v["archetype_label"]),
            seed=v["campaign_seed"],
            days=v["max_days"],
            share=f"{p.complaint_share:.0%}",
            budget=yuan(p.cost_budget),
        )
        return Form(
            intro_html=intro,
            fields=[
                WidgetField(
                    key="action_log",
                    label="案件演练台",
                    widget="campaign",
                    config={"archetype": v["archetype"], "seed": v["campaign_seed"]},
                )
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        known = set(variant.public["contacts"])
        start = datetime.fromisoformat(variant.public["start"])
        end = datetime.combine(start.date() + timedelta(days=variant.public["max_days"]), time.min)
        problems = []
        for i, a in enumerate(answered.action_log):
            if a.target not in known:
                problems.append(
                    f"field 'action_log[{i}].target': unknown contact {a.target!r}; the case has {sorted(known)}"
                )
            if a.time < start:
                problems.append(
                    f"field 'action_log[{i}].time': {a.time:%Y-%m-%d %H:%M} is before the campaign starts "
                    f"({start:%Y-%m-%d %H:%M})"
                )
            elif a.time >= end:
                problems.append(
                    f"field 'action_log[{i}].time': {a.time:%Y-%m-%d %H:%M} is after the campaign's "
                    f"last day ({end - timedelta(days=1):%Y-%m-%d}, {variant.public['max_days']} days)"
                )
        if problems:
            raise AnswerError(problems)
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        from casebook.campaign import build_scorecard

        v = variant.public
        log = answered.action_log
        env, executed, skipped = replay_log(
            v["archetype"], v["campaign_seed"], log, ctx.packs, v["max_days"]
        )
        card = build_scorecard(env)
        ledger = RuleLedger()
        items = score_items(exercise, env, card, executed, skipped, ledger)
        case = initial_case(env)
        echo = []
        for i, r in executed:
            action = executed_action(env.records[r])
            echo.append(
                (
                    f"行动 #{i + 1}（第 {env.records[r].day} 天）",
                    f"{describe_action(case, action)} → {OUTCOME_LABELS[action.outcome]}",
                )
            )
        echo.append(
            (
                "演练结果",
                f"{card.ended_label}；回收 {yuan(card.recovered)}，分期落实 {yuan(card.secured)}；"
                f"违规 {card.violations} 处，投诉 {card.complaints} 次，成本 {yuan(card.cost)}",
            )
        )
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        from casebook.campaign import CaseCampaign

        v = variant.public
        env = CaseCampaign(archetype=v["archetype"], max_days=v["max_days"])
        env.reset(seed=v["campaign_seed"])
        values = placeholders(env.active_case)
        log: list[Action] = []
        for _ in range(rng.randint(1, min(6, env.max_days))):
            if env.done:
                break
            for _ in range(rng.randint(1, 3)):
                if env.done:
                    break
                hour = rng.choice([9, 10, 11, 14, 15, 19, 20, 22, 23])
                when = datetime.combine(env.now.date(), time(hour, rng.choice([0, 30])))
                if when < env.now:
                    continue
                good = rng.random() < 0.75
                channel = rng.choice([Channel.PHONE, Channel.PHONE, Channel.SMS])
                plan = None
                purpose = Purpose.COLLECT
                if channel is Channel.PHONE and rng.random() < 0.3:
                    purpose = Purpose.NEGOTIATE
                    owed = env.observation().outstanding
                    term = rng.choice([24, 36, 60, 72])
                    contents = list(
                        PackRegistry.of(env.packs).mapping("instalment_contents", "required_items")
                    )
                    plan = InstalmentPlan(
                        term_months=term,
                        monthly_amount=round(owed / term + 1, 2),
                        items=rng.sample(contents, rng.randint(len(contents) - 2, len(contents))),
                        signed=True,
                        oral=True,
                    )
                action = Action(
                    time=when,
                    channel=channel,
                    target="debtor" if rng.random() < 0.9 else "sibling",
                    purpose=purpose,
                    message=fill(rng.choice(GOOD_TO_DEBTOR if good else BAD_TO_DEBTOR), **values),
                    recorded=rng.random() < 0.9,
                    instalment=plan,
                )
                env.step(action)
                log.append(action)
            if not env.done:
                env.step(None)
        return Answered(NoAnswers(), log)
