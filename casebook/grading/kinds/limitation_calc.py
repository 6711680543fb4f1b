"""``limitation_calc``: which events interrupt the limitation period, and when does it expire?

The variant draws from the seed a due date and three collection events with their dates:
two that interrupt the period (an SMS to the reserved number, a delivered letter, the
cardholder's promise and part payment …) and one that does not (a reminder before the due
date, or a demand after the period had already expired). Sometimes the due date is a
month end or the last interruption falls on 29 February, so that Art. 202's "no
corresponding day" rule matters. The practice variant is the book's example.

Items: ``interruptions`` (one share per event judged right, the engine's
:func:`casebook.judicial.limitation.limitation_clock` decides) and ``expiry`` (the date,
scored by :func:`casebook.judicial.exercises.score_limitation`). Feedback cites 《民法典》
Arts. 188, 195, 201–202 and 银行卡规定 Art. 3.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.grading.forms import ChoiceField, Form, Option, TextField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result
from casebook.grading.kinds._judicial import charge, item_result, law_entry, random_date
from casebook.grading.schema import ExerciseResult, FeedbackEntry, Variant
from casebook.judicial.exercises import score_limitation
from casebook.judicial.limitation import (
    ART_188,
    ART_195,
    ART_201,
    ART_202,
    CARD_ART_3,
    INTERRUPT_BASIS,
    InterruptEvent,
    InterruptKind,
    add_years,
    limitation_clock,
)

ITEMS = ("interruptions", "expiry")
EventKind = Literal["sms", "letter", "email", "debtor_agrees", "deduction"]
EVENT_TEXT: dict[str, str] = {
    "sms": "向持卡人预留的手机号码发送催收短信，有送达记录",
    "letter": "向持卡人预留的通讯地址寄送催收函，已妥投",
    "email": "向持卡人预留的电子邮箱发送催收邮件，有到达记录",
    "debtor_agrees": "持卡人来电承诺还款，并当场还了 500 元（有录音和还款流水）",
    "deduction": "按合同约定从持卡人的借记卡账户扣划透支款 300 元",
}
REMINDER_TEXT = "向持卡人预留的手机号码发送还款提醒短信（到期还款日之前）"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class LimitationEvent(BaseModel):
    """An event of the practice variant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: date
    kind: EventKind
    text: str = ""


class LimitationPractice(BaseModel):
    """The book's worked example, used as the practice variant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    events: list[LimitationEvent] = Field(min_length=1, max_length=6)


class LimitationData(BaseModel):
    """Catalogue ``data``: the range of due dates drawn and the practice example."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_range: tuple[date, date]
    practice: LimitationPractice | None = None

    @model_validator(mode="after")
    def _ordered(self) -> LimitationData:
        if self.start_range[0] > self.start_range[1]:
            raise ValueError("start_range: the first date must not be after the second")
        return self


class LimitationAnswers(BaseModel):
    """Event ids judged to interrupt, and the last day of the period (YYYY-MM-DD)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interruptions: list[str] = Field(default_factory=list, max_length=10)
    expiry: str | None = Field(default=None, max_length=40)

    @field_validator("expiry")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        text = value.strip()
        try:
            if len(text) != 10:
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date written as YYYY-MM-DD") from None
        return text


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _leap_day_between(first: date, last: date) -> date | None:
    for year in range(first.year, last.year + 1):
        if calendar.isleap(year) and first < date(year, 2, 29) < last:
            return date(year, 2, 29)
    return None


def draw_events(rng: random.Random, start: date) -> list[dict]:
    """Two interrupting events and one that does not, in date order (seeded)."""
    kinds = rng.sample(["sms", "letter", "debtor_agrees", "email", "deduction"], 2)
    first = start + timedelta(days=rng.randint(150, 900))
    second = first + timedelta(days=rng.randint(200, 1000))
    if rng.random() < 0.35:
        leap = _leap_day_between(first + timedelta(days=30), add_years(first, 3))
        second = leap or second
    events = [
        {"on": first, "kind": kinds[0], "text": EVENT_TEXT[kinds[0]]},
        {"on": second, "kind": kinds[1], "text": EVENT_TEXT[kinds[1]]},
    ]
    if rng.random() < 0.5:
        events.append(
            {"on": start - timedelta(days=rng.randint(3, 20)), "kind": "sms", "text": REMINDER_TEXT}
        )
    else:
        expires = limitation_clock(
            start, [InterruptEvent(e["on"], e["kind"]) for e in events]
        ).expires
        kind = rng.choice(["sms", "letter"])
        events.append(
            {
                "on": expires + timedelta(days=rng.randint(10, 200)),
                "kind": kind,
                "text": EVENT_TEXT[kind],
            }
        )
    return sorted(events, key=lambda e: e["on"])


def clock_for(public: dict):
    """The engine's limitation clock for a variant's facts."""
    return limitation_clock(
        date.fromisoformat(public["start"]),
        [InterruptEvent(date.fromisoformat(e["on"]), e["kind"]) for e in public["events"]],
    )


def effects_by_event(public: dict) -> dict:
    """``{event id: EventEffect}`` of a variant."""
    found = {(e.event.on.isoformat(), e.event.kind.value): e for e in clock_for(public).events}
    return {e["id"]: found[(e["on"], e["kind"])] for e in public["events"]}


def event_bases(kind: str, effect: str) -> list:
    """The articles behind an event's effect."""
    if effect == "interrupted":
        return [ART_195, *INTERRUPT_BASIS[InterruptKind(kind)]]
    if effect == "after_expiry":
        return [ART_188, ART_195]
    return [ART_188]


@register_kind
class LimitationCalcKind(ExerciseKind):
    """Judge the interruptions and compute the last day of the limitation period."""

    name = "limitation_calc"
    label = "诉讼时效计算"
    Data = LimitationData
    Answers = LimitationAnswers
    item_ids = ITEMS

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        if seed == exercise.practice_seed and p.practice is not None:
            start = p.practice.start
            events = [
                {"on": e.day, "kind": e.kind, "text": e.text or EVENT_TEXT[e.kind]}
                for e in sorted(p.practice.events, key=lambda e: e.day)
            ]
        else:
            rng = random.Random(f"limitation:{exercise.id}:{seed}")
            start = random_date(rng, *p.start_range)
            if rng.random() < 0.3:
                start = _month_end(start)
            events = draw_events(rng, start)
        public = {
            "start": start.isoformat(),
            "events": [
                {"id": f"e{n}", "on": e["on"].isoformat(), "kind": e["kind"], "text": e["text"]}
                for n, e in enumerate(events, start=1)
            ],
        }
        effects = effects_by_event(public)
        interrupted = [
            e["id"] for e in public["events"] if effects[e["id"]].effect == "interrupted"
        ]
        clock = clock_for(public)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public=public,
            key={"interruptions": interrupted, "expires": clock.expires.isoformat()},
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        start = date.fromisoformat(v["start"])
        rows = "".join(
            f"<li>{_cn(date.fromisoformat(e['on']))}：{e['text']}</li>" for e in v["events"]
        )
        intro = (
            f"<p>持卡人的到期还款日是 <b>{_cn(start)}</b>，此后一直未还款。银行记录了下列事件（都有证据）：</p>"
            f"<ol>{rows}</ol><p>没有发生其他中断事件，也不考虑法定休假日顺延。</p>"
        )
        return Form(
            intro_html=intro,
            fields=[
                ChoiceField(
                    key="interruptions",
                    label="1. 哪些事件使诉讼时效中断？（多选）",
                    options=[
                        Option(
                            value=e["id"], label=f"{_cn(date.fromisoformat(e['on']))}：{e['text']}"
                        )
                        for e in v["events"]
                    ],
                    multiple=True,
                ),
                TextField(
                    key="expiry",
                    label="2. 诉讼时效期间的最后一日（YYYY-MM-DD）",
                    placeholder="例如 2027-02-28",
                    rows=1,
                    max_chars=10,
                ),
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        known = {e["id"] for e in variant.public["events"]}
        picked = answered.answers.interruptions
        unknown = sorted(set(picked) - known)
        if unknown:
            raise AnswerError([f"field 'answers.interruptions': unknown event(s) {unknown}"])
        if len(set(picked)) != len(picked):
            raise AnswerError(["field 'answers.interruptions': an event is listed twice"])
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        v = variant.public
        a: LimitationAnswers = answered.answers
        clock = clock_for(v)
        effects = effects_by_event(v)
        ledger = RuleLedger()

        spec = exercise.item("interruptions")
        picked = set(a.interruptions)
        feedback: list[FeedbackEntry] = []
        right = 0
        for event in v["events"]:
            effect = effects[event["id"]]
            truth = effect.effect == "interrupted"
            said = event["id"] in picked
            right += truth == said
            bases = event_bases(event["kind"], effect.effect)
            verdict = "中断" if said else "不中断"
            text = (
                f"{_cn(date.fromisoformat(event['on']))}「{event['text']}」：你判断{verdict}，"
                f"{'正确' if truth == said else '不对'}。{effect.explanation}"
            )
            feedback.append(law_entry("ok" if truth == said else "wrong", text, bases, quote=False))
            if truth != said:
                charge(ledger, spec.points / len(effects), bases, "诉讼时效的中断")
        items = [item_result(spec, right / len(effects), feedback)]

        spec = exercise.item("expiry")
        dates = [e["on"] for e in v["events"]]
        bases = [ART_188, ART_195, ART_201, ART_202, CARD_ART_3]
        if a.expiry is None:
            text = f"未作答。正确答案：{clock.expires.isoformat()}。"
            share, status = 0.0, "wrong"
        else:
            score = score_limitation(v["start"], dates, a.expiry)
            text, share = score.feedback, score.points / score.full
            status = "ok" if share == 1 else "wrong"
        items.append(item_result(spec, share, [law_entry(status, text, bases, quote=False)]))
        if share < 1:
            given = date.fromisoformat(a.expiry) if a.expiry else None
            if given is not None and abs((given - clock.expires).days) == 1:
                culprit = [ART_201, ART_202]
            elif given is not None and (given.year, given.month) == (
                clock.expires.year,
                clock.expires.month,
            ):
                culprit = [ART_202]
            else:
                culprit = [ART_195]
            charge(ledger, spec.points, culprit, "诉讼时效届满日的计算")
        labels = {e["id"]: _cn(date.fromisoformat(e["on"])) for e in v["events"]}
        echo = [
            ("中断事件", "、".join(labels[i] for i in sorted(picked)) or "（未选）"),
            ("届满日", a.expiry or "（未作答）"),
        ]
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        v, key = variant.public, variant.key
        ids = [e["id"] for e in v["events"]]
        picked = list(key["interruptions"]) if rng.random() < 0.6 else ids
        expires = date.fromisoformat(key["expires"])
        roll = rng.random()
        if roll < 0.5:
            answer: str | None = expires.isoformat()
        elif roll < 0.7:
            answer = (expires + timedelta(days=1)).isoformat()
        elif roll < 0.9:
            answer = add_years(date.fromisoformat(v["events"][-1]["on"]), 3).isoformat()
        else:
            answer = None
        return Answered(LimitationAnswers(interruptions=sorted(picked), expiry=answer))
