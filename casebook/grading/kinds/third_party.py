"""``third_party``: may a third party be contacted now, and how? A judgement plus a plan.

The variant picks one of the catalogue's scenarios from the seed (the debtor unreachable
after three failed calls, reachable yesterday, or the number invalid), so every trainee
answers the same question on a different case. Items:

* ``judgement`` — the right answer is computed by the engine's own "联系不上" test
  (:func:`casebook.checks.targets.unreachable_since` with the pack's parameters);
* ``plan`` — the next contacts, replayed through :func:`casebook.assess.evaluate`
  (trigger, scope, disclosure, hours, recording …), deductions scaled to the item.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.checks.base import Context
from casebook.checks.targets import unreachable_since
from casebook.grading.forms import ChoiceField, Form, Option, PlanField
from casebook.grading.kinds import Answered, ExerciseKind, GradingContext, register_kind
from casebook.grading.kinds._common import (
    RuleLedger,
    case_of,
    exercise_result,
    rule_feedback,
)
from casebook.grading.kinds.contact_plan import (
    check_targets,
    check_window,
    grade_plan,
    plan_rows,
    simulate_plan,
)
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.model import Action, Case, Channel, Outcome
from casebook.synth import make_case

ThirdPartyScenario = Literal["unreachable", "reachable", "invalid_number"]
Judgement = Literal["not_yet", "locate_only", "collect", "never"]
ITEMS = ("judgement", "plan")

JUDGEMENT_LABELS: dict[str, str] = {
    "not_yet": "现在还不能联系第三人：债务人尚未达到「联系不上」的条件，应继续联系本人",
    "locate_only": "可以联系第三人，但只能询问债务人的联系方式或请其转告回电，不能透露欠款",
    "collect": "可以联系第三人，请其代为还款或督促债务人还款",
    "never": "任何情况下都不能联系第三人",
}


class ThirdPartyData(BaseModel):
    """Catalogue ``data``: the scenarios variants are drawn from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenarios: list[ThirdPartyScenario] = Field(min_length=1)
    days: int = Field(default=2, ge=1, le=7)


class ThirdPartyAnswers(BaseModel):
    """The judgement (the plan is the action log)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    judgement: Judgement | None = None


def scenario_case(seed: int, scenario: ThirdPartyScenario) -> Case:
    """The case of a variant: make_case plus, for ``invalid_number``, a dead number."""
    if scenario != "invalid_number":
        return make_case(seed, scenario)
    base = make_case(seed, "unreachable")
    yesterday = base.as_of.date() - timedelta(days=1)
    debtor = base.debtor_contact.model_copy(update={"phone_valid": False})
    sibling = base.contact("sibling")
    call = Action(
        time=datetime.combine(yesterday, datetime.min.time()) + timedelta(hours=10, minutes=15),
        channel=Channel.PHONE,
        target="debtor",
        outcome=Outcome.INVALID_NUMBER,
    )
    overdue = base.days_past_due
    return base.model_copy(
        update={
            "case_id": base.case_id.replace("-UNR", "-INV"),
            "title": "本人号码空号",
            "contacts": [debtor, *base.contacts[1:]],
            "history": [call],
            "background": (
                f"持卡人逾期 {overdue} 天。昨天拨打本人手机，提示空号/停机，短信也无法送达。"
                f"合同中预留的联系人是其{sibling.relation}。请判断今天能否联系第三人，并安排下一步。"
            ),
        }
    )


def third_party_allowed(case: Case, ctx: GradingContext) -> bool:
    """True if, at the case date, the debtor counts as unreachable under the pack's rule."""
    params = ctx.params_for_check("third_party_trigger")
    if params is None:
        return True
    since = unreachable_since(params, Context(case, []), case.as_of + timedelta(minutes=1))
    return since is not None and since <= case.as_of


@register_kind
class ThirdPartyKind(ExerciseKind):
    """Judge whether and how a third party may be contacted, then plan the next contacts."""

    name = "third_party"
    label = "第三人联系判断"
    Data = ThirdPartyData
    Answers = ThirdPartyAnswers
    item_ids = ITEMS
    uses_action_log = True
    max_actions = 10

    def make_variant(self, exercise, seed: int) -> Variant:
        rng = random.Random(f"third_party:{exercise.id}:{seed}")
        scenario = rng.choice(exercise.params.scenarios)
        case = scenario_case(seed, scenario)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={"case": case.model_dump(mode="json"), "days": exercise.params.days},
            key={"scenario": scenario},
        )

    def form(self, exercise, variant: Variant) -> Form:
        return Form(
            intro_html="<p>先判断今天能否联系第三人，再安排接下来的一到三条联系行动。</p>",
            fields=[
                ChoiceField(
                    key="judgement",
                    label="1. 今天能否联系债务人的亲友、同事等第三人？",
                    options=[Option(value=k, label=v) for k, v in JUDGEMENT_LABELS.items()],
                ),
                PlanField(case=case_of(variant), label="2. 接下来的联系行动"),
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        check_targets(case_of(variant), answered.action_log)
        check_window(case_of(variant), answered.action_log, exercise.params.days)
        return answered

    def _judgement_item(self, exercise, case, answer, ctx, ledger) -> ItemResult:
        spec = exercise.item("judgement")
        allowed = third_party_allowed(case, ctx)
        right = "locate_only" if allowed else "not_yet"
        reason = (
            "债务人已达到「联系不上」的条件（本人号码无效；或连续 3 次拨打未接通，次日起；或连续 3 天联系不上，次日起），"
            "可以联系第三人，但只能为了找到债务人：询问联系方式或请其转告回电，不透露任何欠款信息。"
            if allowed
            else "债务人最近一次电话已经接通，不满足「联系不上」的任何一个条件，今天不能联系与债务无关的第三人，"
            "应继续按频次上限联系本人，并发送短信、信函。"
        )
        if answer is None:
            feedback = [
                FeedbackEntry(status="wrong", text="未作答。"),
                FeedbackEntry(status="info", text=reason),
            ]
            points = 0.0
        elif answer == right:
            feedback = [FeedbackEntry(status="ok", text=f"判断正确。{reason}")]
            points = spec.points
        else:
            rule = {
                "collect": "CN-TARGET-SCOPE",
                "never": "CN-THIRD-PARTY-TRIGGER",
                "not_yet": "CN-THIRD-PARTY-TRIGGER",
                "locate_only": "CN-THIRD-PARTY-TRIGGER",
            }[answer]
            text = f"你的判断：「{JUDGEMENT_LABELS[answer]}」。这不对：{reason}"
            feedback = [rule_feedback(ctx, rule, text)]
            points = 0.0
            found = ctx.rule(rule)
            ledger.add(rule, found.title if found else rule, spec.points)
        return ItemResult(
            item_id=spec.id,
            title=spec.title,
            points=points,
            max_points=spec.points,
            feedback=feedback,
        )

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        case = case_of(variant)
        ledger = RuleLedger()
        judgement = self._judgement_item(exercise, case, answered.answers.judgement, ctx, ledger)
        plan, _, _ = grade_plan(exercise, case, answered.action_log, ctx, ledger, "plan")
        items = [judgement, plan]
        answer = answered.answers.judgement
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=[
                ("判断", JUDGEMENT_LABELS.get(answer, "（未作答）") if answer else "（未作答）"),
                *plan_rows(case, answered.action_log),
            ],
        )

    def simulate(self, exercise, variant, rng) -> Answered:
        case = case_of(variant)
        judgement = rng.choice(list(JUDGEMENT_LABELS))
        plan = simulate_plan(case, exercise.params.days, rng, size=rng.randint(1, 3))
        return Answered(ThirdPartyAnswers(judgement=judgement), plan)
