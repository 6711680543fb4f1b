"""How a simulated debtor (and the people around them) respond to one collection action.

Every draw comes from the campaign's ``numpy`` generator, in a fixed order for a given
sequence of actions, so the same seed and the same actions always give the same story.
Violations found by the policy pack make complaints likelier and cooperation rarer;
good timing makes answers likelier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from casebook.assess import Violation
from casebook.campaign.params import Archetype, CampaignParams
from casebook.model import (
    Action,
    Case,
    Channel,
    Contact,
    InstalmentPlan,
    Outcome,
    Purpose,
    RepaymentAssessment,
    Role,
)
from casebook.money_text import yuan

_WRITTEN = (Channel.SMS, Channel.EMAIL, Channel.LETTER)


@dataclass(frozen=True)
class Scheduled:
    """A payment that may arrive on ``due`` (a promise, or a reaction to a reminder)."""

    due: date
    amount: float
    kind: str  # "promise" or "reminder"
    keep: float
    made_on: date


@dataclass(frozen=True)
class Response:
    """What came of one action."""

    outcome: Outcome
    note: str
    complaint_probability: float = 0.0
    pay_now: float = 0.0
    scheduled: Scheduled | None = None
    new_phone: bool = False
    plan: InstalmentPlan | None = None
    assessment: RepaymentAssessment | None = None


@dataclass
class Situation:
    """What the debtor model needs to know about the moment of the action."""

    case: Case
    action: Action
    violations: list[Violation]
    attempts_today: int  # earlier calls/visits to the same person today
    connected_today: int  # earlier connected calls with the debtor today
    outstanding: float
    refused: bool  # the targeted third party refused before
    application: str = "none"  # instalment application: none, pending, approved, declined
    application_note: str = ""  # when it will be decided, or why it was declined

    @property
    def points(self) -> int:
        return sum(v.points for v in self.violations)

    @property
    def contact(self) -> Contact:
        return self.case.contact(self.action.target)

    @property
    def today(self) -> date:
        return self.action.time.date()


class DebtorModel:
    """The hidden state and behaviour of one debtor archetype."""

    def __init__(
        self,
        archetype: Archetype,
        params: CampaignParams,
        rng: np.random.Generator,
        balance: float,
    ):
        self.archetype = archetype
        self.params = params
        self.rng = rng
        self.cash_left = round(archetype.cash_capacity * balance, 2)
        self.phone_valid = archetype.phone_valid
        self.address_valid = archetype.address_valid
        self.email_valid = archetype.email_valid
        self.calls_received = 0
        self.relay_bonus = 1.0

    # --- helpers -------------------------------------------------------------------------

    def _chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def _timing(self, moment: datetime) -> float:
        return self.params.timing_factor(moment.time())

    def _fatigue(self, attempts: int) -> float:
        return self.params.pressure.fatigue**attempts

    def _line(self, outcome: Outcome, fallback: str) -> str:
        return self.archetype.lines.get(outcome, fallback)

    def _money(self, fraction_range: list[float], outstanding: float) -> float:
        """A share of what is owed, limited by the cash the debtor still has."""
        low, high = fraction_range
        wanted = round(float(self.rng.uniform(low, high)) * outstanding, 2)
        return min(wanted, self.cash_left)

    def spend(self, amount: float) -> None:
        """The debtor paid ``amount`` out of pocket (not an instalment under a plan)."""
        self.cash_left = max(0.0, round(self.cash_left - amount, 2))

    # --- entry point ---------------------------------------------------------------------

    def respond(self, s: Situation) -> Response:
        """The outcome of ``s.action`` (draws random numbers)."""
        channel = s.action.channel
        if channel is Channel.LITIGATION:
            return self._litigation(s)
        if s.contact.role is Role.DEBTOR:
            if channel in _WRITTEN:
                return self._written_to_debtor(s)
            return self._contact_debtor(s)
        return self._third_party(s)

    # --- debtor --------------------------------------------------------------------------

    def _contact_debtor(self, s: Situation) -> Response:
        a = self.archetype
        if s.action.channel is Channel.PHONE:
            if not self.phone_valid:
                return Response(Outcome.INVALID_NUMBER, "提示音：您拨打的号码是空号。")
            decay = max(0.2, 1 - a.answer_decay * self.calls_received)
            p = a.answer * decay * self.relay_bonus
            self.calls_received += 1
            missed = "无人接听。"
        else:  # visit
            if not self.address_valid:
                return Response(Outcome.NO_ANSWER, "预留地址已人去楼空，邻居说持卡人早就搬走了。")
            p = a.visit_meet
            missed = "无人应门。"
        p = min(1.0, p * self._timing(s.action.time) * self._fatigue(s.attempts_today))
        if not self._chance(p):
            # Nobody answered, but a ring at a forbidden hour or a threat on voicemail still grates.
            cp = min(0.95, 0.3 * a.complaint_per_point * s.points)
            if cp and self._chance(cp):
                return Response(Outcome.COMPLAINT, "持卡人事后致电客服投诉被骚扰。", cp)
            return Response(Outcome.NO_ANSWER, self._line(Outcome.NO_ANSWER, missed), cp)
        self.relay_bonus = 1.0
        return self._conversation(s)

    def _complaint_chance(self, s: Situation) -> float:
        a = self.archetype
        pressure = self.params.pressure
        over = max(0, s.connected_today - pressure.complaint_after_connected)
        step = pressure.complaint_step * (2 if a.pressure_sensitive else 1)
        return min(0.95, a.complaint_base + a.complaint_per_point * s.points + over * step)

    def _conversation(self, s: Situation) -> Response:
        a = self.archetype
        cp = self._complaint_chance(s)
        if self._chance(cp):
            return Response(Outcome.COMPLAINT, "持卡人对沟通方式非常不满，当场表示要投诉。", cp)
        if s.action.purpose in (Purpose.LOCATE, Purpose.RELAY):
            return Response(Outcome.CONNECTED, "持卡人接了电话。", cp)
        if s.action.purpose is Purpose.VERIFY:
            return self._verify(s, cp)
        prefix = ""
        if s.action.instalment is not None:
            if a.plan.eligible:
                return self._plan(s, cp)
            prefix = f"持卡人{a.plan.reason}。"
        coop = 0.5 if s.points else 1.0
        on = a.on_connect
        t_promise = on.promise * coop
        t_partial = t_promise + on.partial * coop
        t_refuse = t_partial + min(1 - t_partial, on.refuse * (2 - coop))
        u = float(self.rng.random())
        if u < t_partial and self.cash_left <= 0.005:
            note = prefix + "持卡人说手头已经一分钱都拿不出来了，除非能分期慢慢还。"
            return Response(Outcome.CONNECTED, note, cp)
        if u < t_promise:
            amount = self._money(a.promise_fraction, s.outstanding)
            due = s.today + timedelta(days=int(self.rng.integers(1, 4)))
            promise = Scheduled(due, amount, "promise", a.keep_promise, s.today)
            note = prefix + self._line(Outcome.PROMISE_TO_PAY, "持卡人承诺还款。")
            note += f"（承诺 {due.month}月{due.day}日前还 {yuan(amount)}）"
            return Response(Outcome.PROMISE_TO_PAY, note, cp, scheduled=promise)
        if u < t_partial:
            amount = self._money(a.partial_fraction, s.outstanding)
            note = prefix + self._line(Outcome.PARTIAL_PAYMENT, "持卡人还了一部分。")
            return Response(Outcome.PARTIAL_PAYMENT, note + f"（入账 {yuan(amount)}）", cp, amount)
        if u < t_refuse:
            return Response(
                Outcome.REFUSED, prefix + self._line(Outcome.REFUSED, "持卡人拒绝。"), cp
            )
        return Response(Outcome.CONNECTED, prefix + self._line(Outcome.CONNECTED, "接通。"), cp)

    def assessment(self, balance: float) -> RepaymentAssessment:
        """What a verification call reveals: income, spending, cash at hand, documents, intent."""
        plan = self.archetype.plan
        surplus = round(plan.monthly_capacity * balance, -1)
        return RepaymentAssessment(
            monthly_income=plan.essential_expenses + surplus,
            essential_expenses=plan.essential_expenses,
            available_funds=self.cash_left,
            evidence=list(plan.evidence),
            willing_to_repay=plan.willing,
        )

    def _verify(self, s: Situation, cp: float) -> Response:
        facts = self.assessment(s.case.account.balance)
        if not facts.willing_to_repay:
            note = "持卡人不愿谈收入和支出，也不肯提供任何材料，只说「没钱，别问了」。"
        elif facts.evidence:
            note = f"持卡人如实说明了收入和支出，并通过手机银行上传了{'、'.join(facts.evidence)}。"
        else:
            note = "持卡人说明了收入和支出，但没有提供材料。"
        return Response(Outcome.CONNECTED, f"{note}（{facts.summary()}）", cp, assessment=facts)

    def _plan(self, s: Situation, cp: float) -> Response:
        a = self.archetype
        plan = s.action.instalment
        assert plan is not None
        flawed = [v for v in s.violations if v.rule_id.startswith("CN-INSTALMENT")]
        if flawed:
            titles = "、".join(sorted({v.title for v in flawed}))
            return Response(Outcome.CONNECTED, f"方案不合规，不能签署：{titles}。", cp)
        if not plan.signed:
            return Response(
                Outcome.CONNECTED,
                "持卡人愿意考虑这个方案。确定期数、每期金额和协议内容后，勾选「签署」再提出。",
                cp,
            )
        if s.application != "approved":
            why = {
                "none": "还没有核实还款能力和还款意愿，也没有提交分期申请",
                "pending": f"分期申请还在审批中（{s.application_note}）",
                "declined": f"分期申请未获批准：{s.application_note}",
            }[s.application]
            return Response(
                Outcome.CONNECTED,
                f"{why}，今天不能签署。持卡人愿意等审批结果。",
                cp,
            )
        capacity = round(a.plan.monthly_capacity * s.outstanding, 2)
        if plan.monthly_amount > capacity + 0.5:
            return Response(
                Outcome.CONNECTED,
                f"持卡人说每期 {yuan(plan.monthly_amount)} 超出了能力，每月最多只能还 {yuan(capacity)}。",
                cp,
            )
        total = plan.monthly_amount * plan.term_months
        if total < s.outstanding - 0.5:
            return Response(
                Outcome.CONNECTED,
                f"方案合计 {yuan(total)}，不足以覆盖欠款 {yuan(s.outstanding)}，银行不能按此签署。",
                cp,
            )
        if not self._chance(a.plan.accept):
            return Response(Outcome.CONNECTED, "持卡人想和家人商量后再决定。", cp)
        first = min(plan.monthly_amount, s.outstanding)
        return Response(
            Outcome.PARTIAL_PAYMENT,
            f"双方签署 {plan.term_months} 期个性化分期还款协议，持卡人当场支付首期 {yuan(first)}。",
            cp,
            pay_now=first,
            plan=plan,
        )

    def _written_to_debtor(self, s: Situation) -> Response:
        a = self.archetype
        channel = s.action.channel
        valid = {
            Channel.SMS: self.phone_valid,
            Channel.EMAIL: self.email_valid,
            Channel.LETTER: self.address_valid,
        }[channel]
        if not valid:
            why = {
                Channel.SMS: "短信发送失败：号码已停用。",
                Channel.EMAIL: "邮件被退回：邮箱已停用。",
                Channel.LETTER: "信函被退回：收件人已搬离预留地址。",
            }[channel]
            return Response(Outcome.UNDELIVERED, why)
        cp = min(0.95, 0.3 * a.complaint_base + a.complaint_per_point * s.points)
        if self._chance(cp):
            return Response(Outcome.COMPLAINT, "持卡人收到后向银行投诉内容不当。", cp)
        scheduled = None
        note = "已送达。"
        if self._chance(a.reminder_pays.get(channel, 0.0) * (0.5 if s.points else 1.0)):
            amount = self._money(a.reminder_fraction, s.outstanding)
            if amount > 0:
                due = s.today + timedelta(days=1)
                scheduled = Scheduled(due, amount, "reminder", 1.0, s.today)
        return Response(Outcome.DELIVERED, note, cp, scheduled=scheduled)

    def _litigation(self, s: Situation) -> Response:
        if self.address_valid:
            return Response(
                Outcome.DELIVERED,
                "案件移交法务：债权明确、能够送达，可以申请支付令或起诉。本次模拟到此结束。",
            )
        return Response(
            Outcome.UNDELIVERED,
            "案件移交法务：持卡人下落不明，不能申请支付令，也不适用小额诉讼；起诉后需公告送达"
            "（三十日视为送达）。本次模拟到此结束。",
        )

    # --- third parties -------------------------------------------------------------------

    def _third_party(self, s: Situation) -> Response:
        tp = self.params.third_party
        who = s.contact.relation
        base = tp.complaint_base + tp.complaint_per_point * s.points + (0.3 if s.refused else 0)
        cp = min(0.95, base)
        if s.action.channel in _WRITTEN:
            if self._chance(cp):
                return Response(Outcome.COMPLAINT, f"{who}收到后向银行投诉。", cp)
            return Response(Outcome.DELIVERED, "已送达。", cp)
        p = tp.answer * self._timing(s.action.time) * self._fatigue(s.attempts_today)
        if not self._chance(min(1.0, p)):
            return Response(Outcome.NO_ANSWER, "无人接听。")
        if self._chance(cp):
            return Response(Outcome.COMPLAINT, f"{who}非常反感，表示要向银行投诉。", cp)
        if self._chance(tp.refuse):
            return Response(Outcome.REFUSED, f"{who}说和持卡人不常来往，请不要再打来。", cp)
        if s.action.purpose not in (Purpose.LOCATE, Purpose.RELAY):
            return Response(Outcome.CONNECTED, f"{who}很反感：「这跟我有什么关系？」", cp)
        if not self.phone_valid:
            factor = 1.0 if s.contact.pre_agreed_contact else 0.5
            if self._chance(self.archetype.locate_success * factor):
                self.phone_valid = True
                return Response(
                    Outcome.CONNECTED,
                    f"{who}提供了持卡人的新手机号，并答应转告其回电。",
                    cp,
                    new_phone=True,
                )
            return Response(Outcome.CONNECTED, f"{who}说也联系不上持卡人，答应有消息就转告。", cp)
        self.relay_bonus = 1.3
        return Response(Outcome.CONNECTED, f"{who}答应转告持卡人回电。", cp)
