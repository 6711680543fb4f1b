"""``contact_plan``: plan the next contacts on a synthetic case; graded by replaying the plan.

Items (catalogue ids): ``compliance`` (the law pack's deductions, scaled to the item),
``reach`` (compliant contacts with the debtor or guarantor, towards a minimum) and
``channels`` (compliant use of more than one channel).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from casebook.assess import evaluate
from casebook.grading.forms import Form, PlanField
from casebook.grading.kinds import (
    Answered,
    AnswerError,
    ExerciseKind,
    GradingContext,
    register_kind,
)
from casebook.grading.kinds._common import (
    RuleLedger,
    case_of,
    compliance_item,
    describe_action,
    exercise_result,
    kind_text,
    placeholders,
    proportional_item,
)
from casebook.grading.kinds._samples import (
    BAD_TO_DEBTOR,
    BAD_TO_THIRD_PARTY,
    GOOD_TO_DEBTOR,
    GOOD_TO_THIRD_PARTY,
    fill,
)
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.model import CHANNEL_LABELS, Action, Case, Channel, Purpose, Role, window_problems
from casebook.synth import SCENARIOS, Scenario, make_case

ITEMS = ("compliance", "reach", "channels")


class ContactPlanData(BaseModel):
    """Catalogue ``data`` of a contact-plan exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: Scenario
    days: int = Field(default=3, ge=1, le=14, description="Days the plan may cover")
    min_debtor_contacts: int = Field(default=3, ge=1, le=20)
    min_channels: int = Field(default=2, ge=1, le=5)


class NoAnswers(BaseModel):
    """The plan is the whole answer: ``answers`` stays empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def plan_rows(case: Case, actions: Sequence[Action]) -> list[tuple[str, str]]:
    """(label, text) pairs echoing the trainee's plan on the feedback page."""
    return [(f"行动 #{i}", describe_action(case, a)) for i, a in enumerate(actions, start=1)]


def check_targets(case: Case, actions: Sequence[Action]) -> None:
    """Raise :class:`AnswerError` if an action names a contact the case does not have."""
    known = {c.id for c in case.contacts}
    bad = [
        f"field 'action_log[{i}].target': unknown contact {a.target!r}; the case has {sorted(known)}"
        for i, a in enumerate(actions)
        if a.target not in known
    ]
    if bad:
        raise AnswerError(bad)


def check_window(case: Case, actions: Sequence[Action], days: int) -> None:
    """Raise :class:`AnswerError` if an action falls outside the plan's ``days``-day window
    (from 00:00 of the case date; :func:`casebook.model.plan_window`)."""
    problems = window_problems(case, actions, days, field="action_log")
    if problems:
        raise AnswerError(problems)


def debtor_side(case: Case, action: Action) -> bool:
    """True if the action reaches the debtor or the guarantor."""
    try:
        return case.contact(action.target).role in (Role.DEBTOR, Role.GUARANTOR)
    except KeyError:
        return False


def simulate_plan(
    case: Case, days: int, rng: random.Random, size: int | None = None
) -> list[Action]:
    """A plausible plan of mixed quality on ``case``."""
    values = placeholders(case)
    plan = []
    for _ in range(size if size is not None else rng.randint(1, 5)):
        target = rng.choices(["debtor", "sibling", "colleague"], weights=[7, 2, 1])[0]
        good = rng.random() < 0.7
        if target == "debtor":
            bank = GOOD_TO_DEBTOR if good else BAD_TO_DEBTOR
            purpose = rng.choice([Purpose.COLLECT, Purpose.NEGOTIATE])
        else:
            bank = GOOD_TO_THIRD_PARTY if good else BAD_TO_THIRD_PARTY
            purpose = rng.choice([Purpose.LOCATE, Purpose.RELAY, Purpose.COLLECT])
        hour = rng.choice([7, 9, 9, 10, 11, 14, 15, 16, 19, 21, 22])
        day = datetime.combine(case.as_of.date(), datetime.min.time())
        plan.append(
            Action(
                time=day
                + timedelta(days=rng.randrange(days), hours=hour, minutes=rng.choice([0, 30])),
                channel=rng.choice([Channel.PHONE, Channel.PHONE, Channel.SMS, Channel.LETTER]),
                target=target,
                purpose=purpose,
                message=fill(rng.choice(bank), **values),
                recorded=rng.random() < 0.9,
            )
        )
    return sorted(plan, key=lambda a: a.time)


def grade_plan(
    exercise: Any,
    case: Case,
    actions: Sequence[Action],
    ctx: GradingContext,
    ledger: RuleLedger,
    compliance_id: str = "compliance",
) -> tuple[ItemResult, set[int], Any]:
    """The compliance item of a plan, the indices of actions without violations, and the assessment."""
    item = exercise.item(compliance_id)
    if not actions:
        empty = ItemResult(
            item_id=item.id,
            title=item.title,
            points=0.0,
            max_points=item.points,
            feedback=[FeedbackEntry(status="wrong", text="计划为空：没有可评估的联系行动。")],
        )
        return empty, set(), None
    assessment = evaluate(case, actions, ctx.packs)
    result = compliance_item(item, assessment, ledger, lambda i: describe_action(case, actions[i]))
    flagged = {v.action_index for v in assessment.violations if v.action_index is not None}
    plan_wide = any(v.action_index is None for v in assessment.violations)
    clean = set() if plan_wide else set(range(len(actions))) - flagged
    return result, clean, assessment


@register_kind
class ContactPlanKind(ExerciseKind):
    """A plan of actions on a case from :func:`casebook.synth.make_case`."""

    name = "contact_plan"
    label = "联系计划"
    Data = ContactPlanData
    Answers = NoAnswers
    item_ids = ITEMS
    uses_action_log = True

    def check_exercise(self, exercise, params):
        problems = super().check_exercise(exercise, params)
        if params.scenario not in SCENARIOS:  # pragma: no cover - Literal already checks
            problems.append((("data", "scenario"), f"unknown scenario {params.scenario!r}"))
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        case = make_case(seed, exercise.params.scenario)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={"case": case.model_dump(mode="json"), "days": exercise.params.days},
            key={"scenario": exercise.params.scenario},
        )

    def form(self, exercise, variant: Variant) -> Form:
        p = exercise.params
        return Form(
            intro_html=kind_text(
                "contact_plan",
                "intro",
                days=p.days,
                contacts=p.min_debtor_contacts,
                channels=p.min_channels,
            ),
            fields=[PlanField(case=case_of(variant))],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        check_targets(case_of(variant), answered.action_log)
        check_window(case_of(variant), answered.action_log, exercise.params.days)
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        p = exercise.params
        case = case_of(variant)
        actions = answered.action_log
        ledger = RuleLedger()
        compliance, clean, _ = grade_plan(exercise, case, actions, ctx, ledger)
        reaching = [actions[i] for i in sorted(clean) if debtor_side(case, actions[i])]
        reach_item = exercise.item("reach")
        reach = proportional_item(
            reach_item,
            len(reaching),
            p.min_debtor_contacts,
            [
                FeedbackEntry(
                    status="ok" if len(reaching) >= p.min_debtor_contacts else "partial",
                    text=kind_text(
                        "contact_plan", "reach", count=len(reaching), minimum=p.min_debtor_contacts
                    ),
                )
            ],
        )
        channels = sorted({a.channel for a in reaching}, key=list(Channel).index)
        labels = "、".join(CHANNEL_LABELS[c] for c in channels) or "无"
        channel_item = exercise.item("channels")
        channel_result = proportional_item(
            channel_item,
            len(channels),
            p.min_channels,
            [
                FeedbackEntry(
                    status="ok" if len(channels) >= p.min_channels else "partial",
                    text=kind_text(
                        "contact_plan", "channels", labels=labels, minimum=p.min_channels
                    ),
                )
            ],
        )
        items = [compliance, reach, channel_result]
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=plan_rows(case, actions),
        )

    def simulate(self, exercise, variant, rng) -> Answered:
        case = case_of(variant)
        return Answered(NoAnswers(), simulate_plan(case, exercise.params.days, rng))


def action_at(case: Case, hh_mm: str, day: int = 0, **fields: Any) -> Action:
    """An action on the case's date (plus ``day`` days) at ``hh_mm``, e.g. for worked examples."""
    hours, minutes = (int(x) for x in hh_mm.split(":"))
    start = datetime.combine(case.as_of.date(), datetime.min.time())
    return Action(time=start + timedelta(days=day, hours=hours, minutes=minutes), **fields)
