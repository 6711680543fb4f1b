"""``instalment_terms``: propose 个性化分期 terms for a hardship case.

The trainee judges whether Art. 70 of the 2011 Measures applies, proposes the term and the
monthly amount, ticks what the agreement states, says how it is concluded and what happens
after signing. The grader replays the proposal as engine actions — the negotiation call
carrying an :class:`~casebook.model.InstalmentPlan`, and any follow-up — through
:func:`casebook.assess.evaluate`, so the pack's ``CN-INSTALMENT-*`` rules decide; an
affordability check compares the monthly amount with the debtor's disposable income.

Items: ``eligibility``, ``term``, ``affordability``, ``contents``, ``recording``,
``after_signing``.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.assess import evaluate
from casebook.grading.forms import ChoiceField, Form, NumberField, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import (
    RuleLedger,
    case_of,
    exercise_result,
    pts,
    rule_feedback,
    violation_feedback,
    yuan,
)
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.model import (
    Action,
    Channel,
    InstalmentPlan,
    Outcome,
    Purpose,
    RepaymentAssessment,
)
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Prose
from casebook.report import case_html
from casebook.sources import source
from casebook.synth import make_case

ITEMS = ("eligibility", "term", "affordability", "contents", "recording", "after_signing")
#: 2011 Measures Art. 70, first sentence (the conditions for a personalised instalment plan).
ART70 = source("REF-MEASURES-70-ELIGIBILITY")

ELIGIBILITY = {
    "eligible": "可以协商：已确认欠款超出其还款能力，且持卡人仍有还款意愿",
    "must_agree": "必须同意：持卡人提出分期，银行就必须按其方案签约",
    "not_allowed": "不能分期：逾期后只能起诉，不能再协商分期",
}
ELIGIBILITY_WRONG = {
    "must_agree": "第七十条用的是「可以」：银行可以平等协商，但没有义务接受持卡人提出的任何方案。",
    "not_allowed": "法规没有「逾期后不能分期」的限制；个性化分期正是为逾期后无力一次还清、仍愿意还款的持卡人准备的。",
}
FORMS = {
    "written": "书面协议，双方签署",
    "oral_recorded": "电话中口头达成，全程录音，随后补签书面协议",
    "oral_unrecorded": "电话中口头达成，为节省时间未录音",
}
AFTER = {
    "stop": "停止催收，只在还款日前做服务性提醒；持卡人违约时先核实，再按约定恢复催收",
    "weekly_collect": "继续每周电话催收一次，督促其按时还款",
    "outsource": "移交外包催收机构继续催收",
}
#: Documents the debtor of every variant has provided (they back the verified figures).
EVIDENCE = ("近六个月工资流水", "收入证明")
HARDSHIPS = (
    "失业三个月后重新就业，收入比原来低了近一半",
    "家人患病住院，医疗支出大增",
    "经营的小店亏损后关店，转为打零工",
)


class Distractor(BaseModel):
    """A tempting agreement item that does not belong, with why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Prose
    feedback: Prose
    rule: str | None = None


class InstalmentData(BaseModel):
    """Catalogue ``data``: the ranges variants are drawn from, and the distractors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    income_range: tuple[int, int] = (4_000, 9_000)
    expense_share: tuple[float, float] = (0.5, 0.7)
    cover_months: tuple[int, int] = Field(
        default=(24, 48), description="Months of disposable income the balance amounts to"
    )
    affordability_share: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="Monthly amount may be at most this share of disposable income",
    )
    distractors: list[Distractor] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ranges(self) -> InstalmentData:
        for name in ("income_range", "expense_share", "cover_months"):
            low, high = getattr(self, name)
            if not 0 < low <= high:
                raise ValueError(f"{name}: expected 0 < low <= high, got {low}, {high}")
        if self.cover_months[1] > 60:
            raise ValueError("cover_months must stay within the 60-month limit")
        return self


class InstalmentAnswers(BaseModel):
    """The proposal. Unanswered fields are ``None`` (0 for numbers counts as unanswered)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    eligibility: Literal["eligible", "must_agree", "not_allowed"] | None = None
    term_months: int | None = Field(default=None, ge=0, le=600)
    monthly_amount: float | None = Field(default=None, ge=0, le=10_000_000)
    items: list[str] = Field(default_factory=list, max_length=20)
    agreement_form: Literal["written", "oral_recorded", "oral_unrecorded"] | None = None
    after_signing: Literal["stop", "weekly_collect", "outsource"] | None = None


def required_items_from(packs) -> dict[str, str]:
    """The agreement contents required by the packs' ``instalment_contents`` rule."""
    return PackRegistry.of(packs).mapping("instalment_contents", "required_items")


@lru_cache(maxsize=1)
def _default_required_items() -> dict[str, str]:
    from casebook.policy.loader import builtin_packs

    return required_items_from(builtin_packs(("cn",)))


@register_kind
class InstalmentTermsKind(ExerciseKind):
    """Propose personalised instalment terms; graded by replaying them through the engine."""

    name = "instalment_terms"
    label = "个性化分期方案"
    Data = InstalmentData
    Answers = InstalmentAnswers
    item_ids = ITEMS

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        rng = random.Random(f"instalment:{exercise.id}:{seed}")
        base = make_case(seed, "reachable")
        income = rng.randrange(p.income_range[0], p.income_range[1] + 1, 100)
        expenses = int(round(income * rng.uniform(*p.expense_share), -1))
        disposable = income - expenses
        months = rng.randint(*p.cover_months)
        balance = round(disposable * months * rng.uniform(0.93, 0.99), 2)
        principal = round(balance * 0.9, 2)
        interest = round(balance * 0.08, 2)
        fees = round(balance - principal - interest, 2)
        limit = max(base.account.credit_limit, math.ceil(principal / 10_000) * 10_000)
        hardship = rng.choice(HARDSHIPS)
        account = base.account.model_copy(
            update={
                "principal": principal,
                "interest": interest,
                "fees": fees,
                "credit_limit": limit,
            }
        )
        # The debtor's call yesterday, in which the collector verified Art. 70's two conditions.
        verified = Action(
            time=datetime.combine(base.as_of.date() - timedelta(days=1), time(10, 30)),
            channel=Channel.PHONE,
            target="debtor",
            purpose=Purpose.VERIFY,
            outcome=Outcome.CONNECTED,
            assessment=RepaymentAssessment(
                monthly_income=income,
                essential_expenses=expenses,
                available_funds=round(disposable * 0.5, 2),
                evidence=list(EVIDENCE),
                willing_to_repay=True,
            ),
        )
        case = base.model_copy(
            update={
                "case_id": base.case_id.replace("-REA", "-INS"),
                "title": "收入下降、愿意还款",
                "account": account,
                "history": [verified],
                "background": (
                    f"持卡人逾期 {base.days_past_due} 天。昨天本人主动来电说明：{hardship}，"
                    f"目前每月税后收入约 {yuan(income)}，房租、伙食、交通等必要支出约 {yuan(expenses)}；"
                    f"表示愿意还款，但无力一次还清，希望分期，并已上传{'、'.join(EVIDENCE)}。"
                    "请设计个性化分期方案。"
                ),
            }
        )
        options = [{"id": k, "label": v} for k, v in _default_required_items().items()]
        options += [{"id": d.id, "label": d.label} for d in p.distractors]
        rng.shuffle(options)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "case": case.model_dump(mode="json"),
                "income": income,
                "expenses": expenses,
                "disposable": disposable,
                "balance": account.balance,
                "item_options": options,
            },
            key={"cover_months": months},
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        intro = case_html(case_of(variant)) + (
            f"<p><b>还款能力</b>：月收入 {yuan(v['income'])}，必要支出 {yuan(v['expenses'])}，"
            f"每月可用于还款 <b>{yuan(v['disposable'])}</b>；欠款合计 <b>{yuan(v['balance'])}</b>。"
            "（教学简化：按当前欠款计算，不另计分期期间的利息和费用。）</p>"
        )
        return Form(
            intro_html=intro,
            fields=[
                ChoiceField(
                    key="eligibility",
                    label="1. 能否与持卡人协商个性化分期？",
                    options=[Option(value=k, label=t) for k, t in ELIGIBILITY.items()],
                ),
                NumberField(
                    key="term_months",
                    label="2. 分期期数",
                    minimum=0,
                    maximum=120,
                    integer=True,
                    unit="个月",
                ),
                NumberField(
                    key="monthly_amount",
                    label="3. 每期还款",
                    minimum=0,
                    maximum=1_000_000,
                    step=0.01,
                    unit="元",
                ),
                ChoiceField(
                    key="items",
                    label="4. 协议中要写明的内容（多选）",
                    options=[Option(value=o["id"], label=o["label"]) for o in v["item_options"]],
                    multiple=True,
                ),
                ChoiceField(
                    key="agreement_form",
                    label="5. 协议如何达成？",
                    options=[Option(value=k, label=t) for k, t in FORMS.items()],
                ),
                ChoiceField(
                    key="after_signing",
                    label="6. 签约后、持卡人按约还款期间怎么做？",
                    options=[Option(value=k, label=t) for k, t in AFTER.items()],
                ),
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        known = {o["id"] for o in variant.public["item_options"]}
        picked = answered.answers.items
        unknown = sorted(set(picked) - known)
        if unknown:
            raise AnswerError([f"field 'answers.items': unknown item(s) {unknown}"])
        if len(set(picked)) != len(picked):
            raise AnswerError(["field 'answers.items': an item is listed twice"])
        return answered

    # -- grading -------------------------------------------------------------------------

    def replay(self, case, a: InstalmentAnswers, required: dict[str, str]) -> list[Action]:
        """The engine actions the proposal amounts to (negotiation call, follow-up)."""
        oral = a.agreement_form in ("oral_recorded", "oral_unrecorded")
        plan = InstalmentPlan(
            term_months=a.term_months or 1,
            monthly_amount=a.monthly_amount or 0,
            items=[i for i in a.items if i in required],
            signed=a.agreement_form is not None,
            oral=oral,
        )
        call = Action(
            time=case.as_of + timedelta(hours=1),
            channel=Channel.PHONE,
            target="debtor",
            purpose=Purpose.NEGOTIATE,
            message="（协商个性化分期还款协议）",
            recorded=a.agreement_form != "oral_unrecorded",
            instalment=plan,
        )
        actions = [call]
        if a.after_signing in ("weekly_collect", "outsource"):
            actions.append(
                Action(
                    time=case.as_of + timedelta(days=7, hours=1),
                    channel=Channel.PHONE,
                    target="debtor",
                    purpose=Purpose.COLLECT,
                    message="（签约后继续催收）",
                )
            )
        return actions

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        a: InstalmentAnswers = answered.answers
        case = case_of(variant)
        v = variant.public
        required = required_items_from(ctx.packs)
        ledger = RuleLedger()
        violations = evaluate(case, self.replay(case, a, required), ctx.packs).violations
        by_rule: dict[str, list] = {}
        for violation in violations:
            by_rule.setdefault(violation.rule_id, []).append(violation)

        def item(item_id: str, points: float, feedback: list[FeedbackEntry]) -> ItemResult:
            spec = exercise.item(item_id)
            return ItemResult(
                item_id=item_id,
                title=spec.title,
                points=pts(points),
                max_points=spec.points,
                feedback=feedback,
            )

        def charge(item_id: str, rule_ids: tuple[str, ...]) -> tuple[float, list[FeedbackEntry]]:
            spec = exercise.item(item_id)
            found = [x for r in rule_ids for x in by_rule.get(r, [])]
            for x in found:
                ledger.add(x.rule_id, x.title, spec.points / len(found))
            return (0.0 if found else spec.points), [violation_feedback(x) for x in found]

        items: list[ItemResult] = []
        # 1. eligibility
        spec = exercise.item("eligibility")
        if a.eligibility == "eligible":
            fb = [
                FeedbackEntry(
                    status="ok",
                    text="判断正确：收入下降后无力一次还清，且本人主动表示愿意还款。",
                    citation=ART70.short(),
                )
            ]
            items.append(item("eligibility", spec.points, fb))
        else:
            text = ELIGIBILITY_WRONG.get(a.eligibility or "", "未作答。")
            fb = [FeedbackEntry(status="wrong", text=text, citation=ART70.quoted())]
            items.append(item("eligibility", 0, fb))
        # 2. term (CN-INSTALMENT-TERM)
        if not a.term_months:
            items.append(item("term", 0, [FeedbackEntry(status="wrong", text="未填写分期期数。")]))
        else:
            points, fb = charge("term", ("CN-INSTALMENT-TERM",))
            if not fb:
                fb = [
                    FeedbackEntry(
                        status="ok", text=f"{a.term_months} 个月，未超过法定上限 60 个月（5 年）。"
                    )
                ]
            items.append(item("term", points, fb))
        # 3. affordability (the grader's own check)
        spec = exercise.item("affordability")
        cap = v["disposable"] * exercise.params.affordability_share
        fb = []
        earned = 0.0
        if not a.monthly_amount or not a.term_months:
            fb.append(FeedbackEntry(status="wrong", text="未填写每期还款金额或期数，无法核算。"))
        else:
            if a.monthly_amount <= cap + 0.01:
                earned += spec.points / 2
                fb.append(
                    FeedbackEntry(
                        status="ok",
                        text=f"每期 {yuan(a.monthly_amount)} 不超过每月可用于还款的 {yuan(cap)}。",
                    )
                )
            else:
                fb.append(
                    FeedbackEntry(
                        status="wrong",
                        text=f"每期 {yuan(a.monthly_amount)} 超过每月可用于还款的 {yuan(cap)}：方案超出还款能力，"
                        "很可能再次违约。先核实收入和必要支出，再按可负担的金额设计每期还款。",
                    )
                )
            paid = a.monthly_amount * a.term_months
            if paid >= v["balance"] - 1:  # one yuan of rounding tolerance
                earned += spec.points / 2
                fb.append(
                    FeedbackEntry(
                        status="ok",
                        text=f"{a.term_months} 期 × {yuan(a.monthly_amount)} = {yuan(paid)}，覆盖欠款 {yuan(v['balance'])}。",
                    )
                )
            else:
                need = math.ceil(v["balance"] / a.term_months * 100) / 100
                fb.append(
                    FeedbackEntry(
                        status="wrong",
                        text=f"{a.term_months} 期 × {yuan(a.monthly_amount)} = {yuan(paid)}，不足以还清欠款 {yuan(v['balance'])}；"
                        f"按 {a.term_months} 期计每期至少 {yuan(need)}，或在 60 个月内相应延长期数。",
                    )
                )
        items.append(item("affordability", earned, fb))
        # 4. contents (CN-INSTALMENT-CONTENTS, partial per item; distractors cost one share each)
        spec = exercise.item("contents")
        picked = set(a.items)
        present = [k for k in required if k in picked]
        distractors = [d for d in exercise.params.distractors if d.id in picked]
        share = max(0.0, (len(present) - len(distractors)) / len(required)) if required else 1.0
        fb = [violation_feedback(x) for x in by_rule.get("CN-INSTALMENT-CONTENTS", [])]
        for x in by_rule.get("CN-INSTALMENT-CONTENTS", []):
            ledger.add(x.rule_id, x.title, spec.points * (1 - share))
        for d in distractors:
            text = f"「{d.label}」不应写入：{d.feedback}"
            fb.append(
                rule_feedback(ctx, d.rule, text)
                if d.rule
                else FeedbackEntry(status="wrong", text=text)
            )
        if not a.agreement_form:
            fb.append(
                FeedbackEntry(status="info", text="未说明协议如何达成，协议内容按未签署处理。")
            )
        if share == 1 and not fb:
            fb = [
                FeedbackEntry(
                    status="ok", text="第七十条要求的六项内容都已写明。", citation=ART70.short()
                )
            ]
        items.append(item("contents", spec.points * share, fb))
        # 5. recording (CN-INSTALMENT-ORAL-RECORDING, CN-RECORDING)
        if a.agreement_form is None:
            items.append(item("recording", 0, [FeedbackEntry(status="wrong", text="未作答。")]))
        else:
            points, fb = charge("recording", ("CN-INSTALMENT-ORAL-RECORDING", "CN-RECORDING"))
            if not fb:
                note = (
                    "书面协议双方签署。"
                    if a.agreement_form == "written"
                    else "口头协议全程录音，录音保存至欠款结清；随后补签书面协议。"
                )
                fb = [FeedbackEntry(status="ok", text=note)]
            items.append(item("recording", points, fb))
        # 6. after signing (CN-INSTALMENT-STOP-COLLECTION)
        if a.after_signing is None:
            items.append(item("after_signing", 0, [FeedbackEntry(status="wrong", text="未作答。")]))
        else:
            points, fb = charge("after_signing", ("CN-INSTALMENT-STOP-COLLECTION",))
            if a.after_signing == "outsource" and fb:
                fb.append(
                    FeedbackEntry(
                        status="info",
                        text="这一要求同样约束银行委托的发卡业务服务机构（外包催收机构）。",
                        citation=ART70.short(),
                    )
                )
            if not fb:
                fb = [
                    FeedbackEntry(
                        status="ok",
                        text="签约后停止催收，持卡人违约时先核实再恢复。",
                        citation=ART70.short(),
                    )
                ]
            items.append(item("after_signing", points, fb))

        labels = {o["id"]: o["label"] for o in v["item_options"]}
        echo = [
            ("能否协商", ELIGIBILITY.get(a.eligibility or "", "（未作答）")),
            ("期数", f"{a.term_months} 个月" if a.term_months else "（未作答）"),
            ("每期", yuan(a.monthly_amount) if a.monthly_amount else "（未作答）"),
            ("协议内容", "；".join(labels.get(i, i) for i in a.items) or "（未选）"),
            ("达成方式", FORMS.get(a.agreement_form or "", "（未作答）")),
            ("签约后", AFTER.get(a.after_signing or "", "（未作答）")),
        ]
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng) -> Answered:
        v = variant.public
        term = rng.choice([12, 24, 36, 48, 60, 72])
        monthly = round(v["balance"] / term * rng.uniform(0.9, 1.1), 2)
        ids = [o["id"] for o in v["item_options"]]
        return Answered(
            InstalmentAnswers(
                eligibility=rng.choice(["eligible", "eligible", "must_agree", "not_allowed"]),
                term_months=term,
                monthly_amount=monthly,
                items=sorted(rng.sample(ids, rng.randint(3, len(ids)))),
                agreement_form=rng.choice(list(FORMS)),
                after_signing=rng.choice(["stop", "stop", "weekly_collect", "outsource"]),
            )
        )
