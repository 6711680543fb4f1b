"""The multi-day case campaign: one account, worked day by day, in the shape of a Gymnasium env.

>>> env = CaseCampaign(archetype="forgetful")
>>> obs, info = env.reset(seed=3)
>>> obs, reward, terminated, truncated, info = env.step(action)   # a casebook.model.Action

``step(None)`` ends the working day. Every action is scored by :func:`casebook.assess.evaluate`
against the policy packs, together with the history so far (so daily caps and the
"unreachable" conditions count earlier contacts). The environment does not depend on
gymnasium; it follows its API: ``reset(seed=…) -> (obs, info)`` and
``step(action) -> (obs, reward, terminated, truncated, info)``.

A personalised instalment plan (2011 Measures Art. 70) cannot be concluded on the spot: a
``verify`` call first records the debtor's capacity, documents and willingness (the debtor
model supplies them; an assessment written in the action is ignored), the bank decides the
application ``approval_days`` later, and only an approved application can be signed.
有效催收 is counted as the 2018 interpretation defines it, through
:func:`casebook.cases.evidence.effective_collections` (receipt, compliance, 30 days apart).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from casebook.assess import Assessment, Violation, evaluate, scoring_config
from casebook.campaign.debtor import DebtorModel, Scheduled, Situation
from casebook.campaign.limitation import INTERRUPT_REASONS, LimitationClock
from casebook.campaign.params import Archetype, CampaignParams, default_params, parse_hhmm
from casebook.cases.evidence import effective_collections
from casebook.checks.instalment import EligibilityParams, eligibility_gaps
from casebook.model import (
    CONNECTED_OUTCOMES,
    OUTCOME_LABELS,
    Action,
    Case,
    Channel,
    InstalmentPlan,
    Outcome,
    RepaymentAssessment,
    Role,
    bucket_for,
)
from casebook.money_text import yuan
from casebook.policy.loader import DEFAULT_PACKS, builtin_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.synth import make_case

ENDED_LABELS: dict[str, str] = {
    "full_repayment": "全额还款",
    "instalment_agreement": "签署个性化分期协议",
    "litigation": "移交司法途径",
    "complaint_escalation": "投诉升级",
    "time_limit": "到达期限",
}
TERMINAL_ENDINGS = frozenset(ENDED_LABELS) - {"time_limit"}
REWARD_TERMS = ("recovered", "agreement", "compliance", "cost", "complaint")


def resolve_archetype(name: str, params: CampaignParams | None = None) -> str:
    """The archetype key for a key (``evasive``) or a Chinese label (``恶意逃避``)."""
    params = params or default_params()
    if name in params.archetypes:
        return name
    for key, archetype in params.archetypes.items():
        if archetype.label == name:
            return key
    known = ", ".join(f"{k} ({a.label})" for k, a in params.archetypes.items())
    raise ValueError(f"unknown archetype {name!r}; choose one of: {known}")


def letter_field_ids(packs: Sequence[Pack]) -> list[str]:
    """Ids of the letter fields the packs require (a complete letter has them all)."""
    return list(PackRegistry.of(packs).mapping("letter_fields", "required_fields"))


class Observation(BaseModel):
    """What the collector can see after each step."""

    model_config = ConfigDict(frozen=True)

    day: int
    max_days: int
    date: date
    time: str
    days_past_due: int
    bucket: str
    balance: float
    outstanding: float
    recovered: float
    connected_calls_today: int
    debtor_attempts_today: int
    effective_collections: int
    last_effective_collection: dt.date | None
    effective_pair_30d: bool
    limitation_expires: dt.date
    promise_due: dt.date | None
    promise_amount: float | None
    complaints: int
    violations: int
    debtor_phone: str
    debtor_number_invalid: bool
    refused_contacts: list[str]
    agreement_signed: bool
    instalment_application: str = "none"
    instalment_application_note: str = ""
    last_outcome: Outcome | None


@dataclass
class StepRecord:
    """One step of the campaign as shown in the timeline."""

    index: int
    day: int
    action: Action | None
    violations: list[Violation]
    cost: float
    complaint_probability: float
    effective: bool
    interrupted: str | None
    note: str
    events: list[str]
    reward: float
    reward_terms: dict[str, float]


@dataclass
class Payment:
    when: datetime
    amount: float
    source: str


APPLICATION_LABELS: dict[str, str] = {
    "none": "未申请",
    "pending": "审批中",
    "approved": "已批准",
    "declined": "未获批准",
}


@dataclass
class InstalmentApplication:
    """An instalment application submitted after a verification call, decided later."""

    assessment: RepaymentAssessment
    decide_on: date
    gaps: list[str]
    decided: bool = False

    @property
    def status(self) -> str:
        if not self.decided:
            return "pending"
        return "declined" if self.gaps else "approved"

    @property
    def note(self) -> str:
        if not self.decided:
            return f"{self.decide_on.month}月{self.decide_on.day}日出审批结果"
        return "；".join(self.gaps)


@dataclass
class _State:
    now: datetime
    outstanding: float
    recovered: float = 0.0
    secured: float = 0.0
    complaints: int = 0
    cost: float = 0.0
    scheduled: list[Scheduled] = field(default_factory=list)
    flagged: set[int] = field(default_factory=set)  # history positions of actions with violations
    application: InstalmentApplication | None = None
    complaint_probabilities: list[float] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    number_known_invalid: bool = False
    phone_is_reserved: bool = True
    agreement: InstalmentPlan | None = None
    last_outcome: Outcome | None = None
    ended_by: str | None = None


class CaseCampaign:
    """One account worked over up to ``max_days`` days against one debtor archetype."""

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["ansi"]}

    def __init__(
        self,
        archetype: str = "forgetful",
        packs: Sequence[Pack] | None = None,
        params: CampaignParams | None = None,
        max_days: int | None = None,
    ):
        self.params = params or default_params()
        self.archetype_key = resolve_archetype(archetype, self.params)
        self.archetype: Archetype = self.params.archetypes[self.archetype_key]
        self.packs = PackRegistry.of(packs) if packs is not None else builtin_packs(DEFAULT_PACKS)
        self.max_days = max_days or self.params.campaign.max_days
        self.seed: int | None = None
        self.case: Case | None = None
        self.initial_case: Case | None = None
        self.records: list[StepRecord] = []
        self.action_log: list[Action | None] = []
        self._costs = scoring_config().cost.channel_cost
        self._letter_fields = letter_field_ids(self.packs)

    # --- set-up --------------------------------------------------------------------------

    def _build_case(self, seed: int, rng: np.random.Generator) -> Case:
        a = self.archetype
        base = make_case(seed, "reachable")
        dpd = int(rng.integers(a.dpd[0], a.dpd[1] + 1))
        today = base.as_of.date()
        account = base.account.model_copy(
            update={
                "due_date": today - timedelta(days=dpd),
                "interest": round(base.account.principal * 0.0005 * dpd, 2),
            }
        )
        history = [
            Action(
                time=datetime.combine(today - timedelta(days=h.days_ago), parse_hhmm(h.time)),
                channel=h.channel,
                target=h.target,
                outcome=h.outcome,
                letter_fields=self._letter_fields if h.full_letter else [],
            )
            for h in a.history
        ]
        sibling = next(c for c in base.contacts if c.pre_agreed_contact)
        ta = "他" if base.debtor.gender == "男" else "她"
        return base.model_copy(
            update={
                "case_id": f"CAMP-{seed:05d}-{self.archetype_key.upper()}",
                "title": "多日案件演练",
                "account": account,
                "history": history,
                "background": a.background.format(ta=ta, relation=sibling.relation),
            }
        )

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Observation, dict[str, Any]]:
        """Start a new campaign; the same seed always gives the same case and debtor."""
        self.seed = 0 if seed is None else int(seed)
        self._rng = np.random.default_rng(self.seed)
        self.case = self._build_case(self.seed, self._rng)
        self.initial_case = self.case
        self._debtor = DebtorModel(
            self.archetype, self.params, self._rng, self.case.account.balance
        )
        self._start = self.case.as_of.date()
        self._last_day = self._start + timedelta(days=self.max_days - 1)
        self._state = _State(now=self.case.as_of, outstanding=self.case.account.balance)
        self._clock = LimitationClock(self.case.account.due_date)
        for action in self.case.history:
            self._record_history_effects(action)
        self.records = []
        self.action_log = []
        self._effective_cache: tuple[int, list[int]] = (-1, [])
        info = {
            "case": self.case,
            "archetype": self.archetype_key,
            "archetype_label": self.archetype.label,
            "seed": self.seed,
        }
        return self.observation(), info

    def _record_history_effects(self, action: Action) -> None:
        reason = self._interruption(action)
        if reason:
            self._clock.interrupt(action.time.date(), reason)

    # --- helpers -------------------------------------------------------------------------

    @property
    def active_case(self) -> Case:
        """The case as it stands now (``reset`` starts one)."""
        if self.case is None:
            raise RuntimeError("call reset() first")
        return self.case

    def _require_running(self) -> None:
        if self.case is None:
            raise RuntimeError("call reset() before step()")
        if self._state.ended_by is not None:
            raise RuntimeError("the campaign is over; call reset() to start again")

    @property
    def done(self) -> bool:
        """True once the campaign has ended (for any reason)."""
        return self.case is not None and self._state.ended_by is not None

    @property
    def ended_by(self) -> str | None:
        return self._state.ended_by if self.case is not None else None

    @property
    def day(self) -> int:
        return (self._state.now.date() - self._start).days + 1

    @property
    def now(self) -> datetime:
        return self._state.now

    @property
    def payments(self) -> list[Payment]:
        return list(self._state.payments)

    def _today(self, target: str | None = None) -> list[Action]:
        today = self._state.now.date()
        return [
            a
            for a in self.active_case.history
            if a.time.date() == today and (target is None or a.target == target)
        ]

    def _connected_today(self) -> int:
        return sum(
            1
            for a in self._today("debtor")
            if a.channel is Channel.PHONE and a.outcome in CONNECTED_OUTCOMES
        )

    def _attempts_today(self, target: str) -> int:
        return sum(1 for a in self._today(target) if a.channel in (Channel.PHONE, Channel.VISIT))

    def effective_positions(self) -> list[int]:
        """Positions in ``case.history`` of the collections that count as 有效催收 so far."""
        key = len(self.active_case.history)
        if self._effective_cache[0] != key:
            found = effective_collections(
                self.active_case,
                self.active_case.history,
                self._state.flagged,
                self._state.now.date(),
            )
            self._effective_cache = (key, found)
        return self._effective_cache[1]

    def _eligibility_params(self) -> EligibilityParams | None:
        return PackRegistry.of(self.packs).params_for("instalment_eligibility")

    def _apply(self, assessment: RepaymentAssessment, today: date, events: list[str]) -> None:
        """Submit an instalment application on a verified assessment (replacing a pending one)."""
        s = self._state
        if s.application is not None and s.application.status == "approved":
            return
        params = self._eligibility_params()
        minimum = params.min_evidence if params is not None else 1
        gaps = eligibility_gaps(assessment, self.active_case.account.balance, minimum)
        decide_on = today + timedelta(days=self.params.campaign.approval_days)
        s.application = InstalmentApplication(assessment, decide_on, gaps)
        events.append(
            f"已按核实结果提交个性化分期申请，预计 {decide_on.month}月{decide_on.day}日出审批结果。"
        )

    def _interruption(self, action: Action) -> str | None:
        if action.target != "debtor":
            return None
        if action.channel is Channel.LITIGATION:
            return "litigation"
        if action.outcome is Outcome.PROMISE_TO_PAY:
            return "promise"
        if action.outcome is Outcome.DELIVERED and action.channel in (
            Channel.SMS,
            Channel.LETTER,
            Channel.EMAIL,
        ):
            if action.channel is Channel.SMS and not self._state.phone_is_reserved:
                return None  # a newly found number is not the reserved one (银行卡规定 Art. 3)
            return action.channel.value
        return None

    def _pay(
        self, amount: float, when: datetime, source: str, terms, events, instalment: bool = False
    ) -> None:
        s = self._state
        amount = round(min(amount, s.outstanding), 2)
        if not instalment:
            amount = round(min(amount, self._debtor.cash_left), 2)
        if amount <= 0:
            return
        if not instalment:
            self._debtor.spend(amount)
        s.outstanding = round(s.outstanding - amount, 2)
        s.recovered = round(s.recovered + amount, 2)
        s.payments.append(Payment(when, amount, source))
        terms["recovered"] += amount * self.params.rewards.recovered_per_yuan
        events.append(f"{when.month}月{when.day}日 还款入账 {yuan(amount)}（{source}）")
        if s.outstanding <= 0.005:
            s.outstanding = 0.0
            s.ended_by = "full_repayment"

    def _overnight(self, day: date, terms, events) -> None:
        s = self._state
        application = s.application
        if application is not None and not application.decided and application.decide_on <= day:
            application.decided = True
            if application.gaps:
                events.append(f"{day.month}月{day.day}日 分期申请未获批准：{application.note}。")
            else:
                events.append(
                    f"{day.month}月{day.day}日 分期申请已审批通过，可以与持卡人签署协议。"
                )
        due = [p for p in s.scheduled if p.due <= day]
        s.scheduled = [p for p in s.scheduled if p.due > day]
        for item in due:
            if s.ended_by:
                break
            kept = bool(self._rng.random() < item.keep)
            when = datetime.combine(day, time(10, 0))
            if kept:
                source = "履行承诺" if item.kind == "promise" else "收到提醒后还款"
                self._pay(item.amount, when, source, terms, events)
            elif item.kind == "promise":
                events.append(f"{day.month}月{day.day}日 承诺还款未兑现（{yuan(item.amount)}）")

    def _advance(self, target: datetime, terms, events) -> None:
        """Move the clock to ``target``, processing each new day; may end the campaign."""
        s = self._state
        while s.now.date() < target.date() and s.ended_by is None:
            next_day = s.now.date() + timedelta(days=1)
            if next_day > self._last_day:
                s.now = datetime.combine(self._last_day, time(23, 59))
                s.ended_by = "time_limit"
                events.append(f"已到第 {self.max_days} 天，演练结束。")
                return
            s.now = datetime.combine(next_day, time(0, 0))
            self._overnight(next_day, terms, events)
        if s.ended_by is None and target > s.now:
            s.now = target

    # --- the step ------------------------------------------------------------------------

    def _validate(self, action: Action) -> None:
        ids = [c.id for c in self.active_case.contacts]
        if action.target not in ids:
            raise ValueError(f"联系对象 {action.target!r} 不在案件联系人中（{', '.join(ids)}）")
        if action.time < self._state.now:
            raise ValueError(
                f"行动时间 {action.time:%m-%d %H:%M} 早于当前时间 {self._state.now:%m-%d %H:%M}"
            )
        if action.channel is Channel.LITIGATION and action.target != "debtor":
            raise ValueError("诉讼或支付令只能以债务人本人为被申请人")

    def step(
        self, action: Action | dict | None
    ) -> tuple[Observation, float, bool, bool, dict[str, Any]]:
        """Take ``action`` (or end the day with ``None``); see the module docstring."""
        self._require_running()
        if isinstance(action, dict):
            action = Action.model_validate(action)
        if action is not None:
            # Capacity and willingness come from the debtor, never from the log.
            action = action.model_copy(update={"assessment": None})
            self._validate(action)
        self.action_log.append(action)
        terms = dict.fromkeys(REWARD_TERMS, 0.0)
        events: list[str] = []
        if action is None:
            start = parse_hhmm(self.params.campaign.day_start)
            target = datetime.combine(self._state.now.date() + timedelta(days=1), start)
            self._advance(target, terms, events)
            return self._finish(None, [], 0.0, 0.0, False, None, "结束今天的工作。", terms, events)
        self._advance(action.time, terms, events)
        if self._state.ended_by is not None:
            note = "演练已经结束，这条行动没有执行。"
            return self._finish(None, [], 0.0, 0.0, False, None, note, terms, events)
        return self._execute(action, terms, events)

    def _execute(self, action: Action, terms, events):
        s = self._state
        pending = action.model_copy(update={"outcome": Outcome.PENDING})
        pre = evaluate(self.active_case, [pending], self.packs)
        target = self.active_case.contact(action.target)
        situation = Situation(
            case=self.active_case,
            action=pending,
            violations=pre.violations,
            attempts_today=self._attempts_today(action.target),
            connected_today=self._connected_today(),
            outstanding=s.outstanding,
            refused=action.target in s.refused,
            application=s.application.status if s.application else "none",
            application_note=s.application.note if s.application else "",
        )
        response = self._debtor.respond(situation)
        taken = action.model_copy(
            update={"outcome": response.outcome, "assessment": response.assessment}
        )
        final = evaluate(self.active_case, [taken], self.packs)
        stored = taken
        if taken.instalment is not None and taken.instalment.signed and response.plan is None:
            # A plan offered but not signed must not count as an agreement in later checks.
            unsigned = taken.instalment.model_copy(update={"signed": False})
            stored = taken.model_copy(update={"instalment": unsigned})
        position = len(self.active_case.history)
        self.case = self.active_case.model_copy(
            update={"history": [*self.active_case.history, stored]}
        )
        if final.violations:
            s.flagged.add(position)
        if response.assessment is not None:
            self._apply(response.assessment, taken.time.date(), events)
        s.last_outcome = response.outcome
        s.violations += final.violations

        rewards = self.params.rewards
        points = sum(v.points for v in final.violations)
        terms["compliance"] -= points * rewards.compliance_per_point
        cost = float(self._costs.get(action.channel, 0.0))
        s.cost = round(s.cost + cost, 2)
        terms["cost"] -= cost * rewards.cost_per_yuan
        s.complaint_probabilities.append(response.complaint_probability)

        if response.outcome is Outcome.COMPLAINT:
            s.complaints += 1
            terms["complaint"] -= rewards.complaint
            events.append(f"收到投诉（累计 {s.complaints} 次）")
        if response.outcome is Outcome.INVALID_NUMBER:
            s.number_known_invalid = True
        refused = response.outcome is Outcome.REFUSED and target.role is Role.THIRD_PARTY
        if refused and action.target not in s.refused:
            s.refused.append(action.target)
        if response.new_phone:
            self._new_number(events)
        if response.pay_now:
            source = "分期首期" if response.plan is not None else "当场还款"
            self._pay(
                response.pay_now,
                action.time,
                source,
                terms,
                events,
                instalment=response.plan is not None,
            )
        if response.scheduled is not None:
            s.scheduled.append(response.scheduled)
        if response.plan is not None:
            s.agreement = response.plan
            s.secured = s.outstanding
            terms["agreement"] += s.secured * rewards.agreement_per_yuan
            if s.ended_by is None:
                s.ended_by = "instalment_agreement"

        effective = position in self.effective_positions()
        reason = self._interruption(taken)
        if reason:
            self._clock.interrupt(taken.time.date(), reason)
        if action.channel is Channel.LITIGATION and s.ended_by is None:
            s.ended_by = "litigation"
        if s.complaints >= self.params.campaign.complaint_escalation and s.ended_by is None:
            s.ended_by = "complaint_escalation"
            events.append("投诉次数达到上限，案件升级处理，演练结束。")
        minutes = self.params.campaign.minutes.get(action.channel, 1)
        s.now = max(s.now, action.time + timedelta(minutes=minutes))
        return self._finish(
            taken,
            final.violations,
            cost,
            response.complaint_probability,
            effective,
            reason,
            response.note,
            terms,
            events,
            final,
        )

    def _new_number(self, events: list[str]) -> None:
        number = f"1{int(self._rng.integers(30, 90))}****{int(self._rng.integers(0, 10_000)):04d}"
        contacts = [
            c.model_copy(update={"phone": number, "phone_valid": True}) if c.id == "debtor" else c
            for c in self.active_case.contacts
        ]
        self.case = self.active_case.model_copy(update={"contacts": contacts})
        self._state.number_known_invalid = False
        self._state.phone_is_reserved = False
        events.append(f"取得持卡人新号码 {number}（不是合同预留号码）")

    def _finish(
        self,
        action: Action | None,
        violations: list[Violation],
        cost: float,
        complaint_probability: float,
        effective: bool,
        interrupted: str | None,
        note: str,
        terms: dict[str, float],
        events: list[str],
        assessment: Assessment | None = None,
    ):
        terms = {k: round(v, 4) for k, v in terms.items()}
        reward = round(sum(terms.values()), 4)
        record = StepRecord(
            index=len(self.records),
            day=min(self.day, self.max_days),
            action=action,
            violations=list(violations),
            cost=cost,
            complaint_probability=round(complaint_probability, 4),
            effective=effective,
            interrupted=interrupted,
            note=note,
            events=events,
            reward=reward,
            reward_terms=terms,
        )
        self.records.append(record)
        ended = self._state.ended_by
        terminated = ended in TERMINAL_ENDINGS
        truncated = ended == "time_limit"
        info: dict[str, Any] = {
            "outcome": action.outcome if action else None,
            "outcome_label": OUTCOME_LABELS[action.outcome] if action else None,
            "note": note,
            "violations": sorted({v.rule_id for v in violations}),
            "assessment": assessment,
            "reward_terms": terms,
            "events": list(events),
            "effective_collection": effective,
            "limitation_interrupted": INTERRUPT_REASONS.get(interrupted or ""),
            "complaint_probability": record.complaint_probability,
            "ended_by": ended,
            "ended_label": ENDED_LABELS.get(ended or ""),
            "day": record.day,
        }
        return self.observation(), reward, terminated, truncated, info

    # --- views ---------------------------------------------------------------------------

    def observation(self) -> Observation:
        """The collector's view of the account right now."""
        s = self._state
        case = self.active_case
        dpd = max(0, (s.now.date() - case.account.due_date).days)
        dates = [case.history[p].time.date() for p in self.effective_positions()]
        pair = len(dates) >= 2
        promises = [p for p in s.scheduled if p.kind == "promise"]
        promise = min(promises, key=lambda p: p.due) if promises else None
        return Observation(
            day=min(self.day, self.max_days),
            max_days=self.max_days,
            date=s.now.date(),
            time=f"{s.now:%H:%M}",
            days_past_due=dpd,
            bucket=bucket_for(dpd),
            balance=case.account.balance,
            outstanding=s.outstanding,
            recovered=s.recovered,
            connected_calls_today=self._connected_today(),
            debtor_attempts_today=self._attempts_today("debtor"),
            effective_collections=len(dates),
            last_effective_collection=dates[-1] if dates else None,
            effective_pair_30d=pair,
            limitation_expires=self._clock.expires(),
            promise_due=promise.due if promise else None,
            promise_amount=promise.amount if promise else None,
            complaints=s.complaints,
            violations=len(s.violations),
            debtor_phone=case.debtor_contact.phone or "",
            debtor_number_invalid=s.number_known_invalid,
            refused_contacts=list(s.refused),
            agreement_signed=s.agreement is not None,
            instalment_application=s.application.status if s.application else "none",
            instalment_application_note=s.application.note if s.application else "",
            last_outcome=s.last_outcome,
        )

    @property
    def limitation(self) -> LimitationClock:
        return self._clock

    @property
    def state(self) -> _State:
        """The full internal state (for scorecards and charts; trainees see ``observation``)."""
        return self._state

    def render(self) -> str:
        """A one-paragraph text summary (render mode ``ansi``)."""
        o = self.observation()
        return (
            f"第 {o.day}/{o.max_days} 天 {o.date} {o.time}｜逾期 {o.days_past_due} 天（{o.bucket}）｜"
            f"待还 {yuan(o.outstanding)}，已回收 {yuan(o.recovered)}｜今日接通 {o.connected_calls_today} 次｜"
            f"有效催收 {o.effective_collections} 次｜诉讼时效至 {o.limitation_expires}｜"
            f"违规 {o.violations} 处，投诉 {o.complaints} 次"
        )


def replay(
    archetype: str,
    seed: int,
    steps: Sequence[Action | None],
    packs: Sequence[Pack] | None = None,
    max_days: int | None = None,
) -> CaseCampaign:
    """Re-run a campaign from its action log (outcomes in the log are ignored and recomputed)."""
    env = CaseCampaign(archetype=archetype, packs=packs, max_days=max_days)
    env.reset(seed=seed)
    for step in steps:
        if env.done:
            break
        if step is not None:
            step = step.model_copy(update={"outcome": Outcome.PENDING})
        env.step(step)
    return env
