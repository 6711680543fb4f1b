"""``limitation``: a due date and three collection events drawn from the seed; the engine's clock.

Two events interrupt the period (an SMS to the reserved number, a delivered letter, the
cardholder's promise and part payment …) and one does not (a reminder before the due date,
or a demand after the period had already expired). Sometimes the due date is a month end
or the last interruption falls on 29 February, so that Art. 202's "no corresponding day"
rule matters. :func:`casebook.judicial.limitation.limitation_clock` decides every effect
and the last day of the period; the practice variant is the book's example.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.grading.sheets.model import Fill, GenOption

if TYPE_CHECKING:
    from casebook.judicial.limitation import InterruptEvent

EventKind = Literal["sms", "letter", "email", "debtor_agrees", "deduction"]
EVENT_KINDS: tuple[EventKind, ...] = ("sms", "letter", "debtor_agrees", "email", "deduction")


class Event(BaseModel):
    """An event of the practice variant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: date
    kind: EventKind
    text: str = ""


class Practice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    events: list[Event] = Field(min_length=1, max_length=6)


class Params(BaseModel):
    """``params``: the due dates drawn, the wording of each kind of event, the practice case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_range: tuple[date, date]
    event_texts: dict[EventKind, str]
    reminder_text: str
    practice: Practice | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Params:
        if self.start_range[0] > self.start_range[1]:
            raise ValueError("start_range: the first date must not be after the second")
        return self


class DrawnEvent(NamedTuple):
    """An event of a variant: its day, its kind and what the case file says."""

    on: date
    kind: EventKind
    text: str


def _interrupt_events(events: list[DrawnEvent]) -> list[InterruptEvent]:
    from casebook.judicial.limitation import InterruptEvent, InterruptKind

    return [InterruptEvent(e.on, InterruptKind(e.kind)) for e in events]


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _leap_day_between(first: date, last: date) -> date | None:
    for year in range(first.year, last.year + 1):
        if calendar.isleap(year) and first < date(year, 2, 29) < last:
            return date(year, 2, 29)
    return None


def draw_events(rng: random.Random, start: date, params: Params) -> list[DrawnEvent]:
    """Two interrupting events and one that does not, in date order (seeded)."""
    from casebook.judicial.limitation import add_years, limitation_clock

    texts = params.event_texts
    kinds = rng.sample(EVENT_KINDS, 2)
    first = start + timedelta(days=rng.randint(150, 900))
    second = first + timedelta(days=rng.randint(200, 1000))
    if rng.random() < 0.35:
        second = _leap_day_between(first + timedelta(days=30), add_years(first, 3)) or second
    events = [
        DrawnEvent(first, kinds[0], texts[kinds[0]]),
        DrawnEvent(second, kinds[1], texts[kinds[1]]),
    ]
    if rng.random() < 0.5:
        before = start - timedelta(days=rng.randint(3, 20))
        events.append(DrawnEvent(before, "sms", params.reminder_text))
    else:
        clock = limitation_clock(start, _interrupt_events(events))
        kind: EventKind = rng.choice(("sms", "letter"))
        late = clock.expires + timedelta(days=rng.randint(10, 200))
        events.append(DrawnEvent(late, kind, texts[kind]))
    return sorted(events, key=lambda e: e.on)


def event_bases(kind: str, effect: str) -> list[str]:
    """The registry ids of the articles behind an event's effect."""
    from casebook.judicial.limitation import INTERRUPT_BASIS, InterruptKind

    if effect == "interrupted":
        return ["REF-CIVIL-195", *(b.id for b in INTERRUPT_BASIS[InterruptKind(kind)])]
    if effect == "after_expiry":
        return ["REF-CIVIL-188", "REF-CIVIL-195"]
    return ["REF-CIVIL-188"]


def generate(exercise, params: Params, seed: int) -> Fill:
    """The events of the variant, the effect of each and the last day of the period."""
    from casebook.judicial.limitation import limitation_clock

    if seed == exercise.practice_seed and params.practice is not None:
        start = params.practice.start
        events = [
            DrawnEvent(e.day, e.kind, e.text or params.event_texts[e.kind])
            for e in sorted(params.practice.events, key=lambda e: e.day)
        ]
    else:
        rng = random.Random(f"limitation:{exercise.id}:{seed}")
        low, high = params.start_range
        start = low + timedelta(days=rng.randint(0, (high - low).days))
        if rng.random() < 0.3:
            start = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        events = draw_events(rng, start, params)
    clock = limitation_clock(start, _interrupt_events(events))
    effects = {(x.event.on, x.event.kind.value): x for x in clock.events}
    options = []
    for n, e in enumerate(events, start=1):
        effect = effects[(e.on, e.kind)]
        options.append(
            GenOption(
                id=f"e{n}",
                values={
                    "date": cn_date(e.on),
                    "text": e.text,
                    "explanation": effect.explanation,
                },
                correct=effect.effect == "interrupted",
                bases=event_bases(e.kind, effect.effect),
            )
        )
    steps = "；".join(f"{x.event.on}：{x.explanation.rstrip('。')}" for x in clock.events)
    rows = "".join(f"<li>{cn_date(e.on)}：{escape(e.text)}</li>" for e in events)
    return Fill(
        values={
            "start": cn_date(start),
            "events_html": f"<ol>{rows}</ol>",
            "steps": steps,
            "expiry": clock.expires.isoformat(),
        },
        facts={
            "start": start.isoformat(),
            "events": [
                {"id": f"e{n}", "on": e.on.isoformat(), "kind": e.kind, "text": e.text}
                for n, e in enumerate(events, start=1)
            ],
        },
        answers={"expiry": clock.expires.isoformat()},
        options={"events": options},
    )
