"""``collections``: a synthetic collection log drawn from the seed; the engine's Arts. 6–9 verdicts.

The log has a reminder on or before the due date, a recorded call the cardholder answered,
one collection that fails a condition of Art. 7 (a night call, an SMS to a colleague), a
second collection about thirty days after the first (sometimes 29 days; sometimes a
returned letter that counts only if the cardholder is deliberately evading), and the unpaid
principal kept apart from interest and fees. The practice variant is the book's example.
:func:`casebook.judicial.collections.assess_collections` decides every verdict.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from pydantic import BaseModel, ConfigDict, Field

from casebook.grading.sheets.model import Fill, GenOption, render
from casebook.judicial.collections import CollectionLog, CollectionRecord, OverdraftFacts
from casebook.money_text import yuan


class Notes(BaseModel):
    """How each kind of collection is described in the drawn log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reminder: str
    answered: str
    night_call: str
    colleague_sms: str
    returned_letter: str
    second_call: str
    later_sms: str


class Params(BaseModel):
    """``params``: the ranges drawn, the wording of the log and the practice log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    due_range: tuple[date, date]
    principal_range: tuple[float, float] = (30_000, 90_000)
    charges_range: tuple[float, float] = (2_000, 15_000)
    notes: Notes
    evasion: str = Field(min_length=1, description="The evidence of evasion, when drawn")
    evasion_found: str = Field(description="Paragraph (HTML) stating the evidence of evasion")
    no_evasion: str = Field(description="Paragraph (HTML) when there is no evidence of evasion")
    all_met: str = Field(description="Why a collection qualifies (every condition met)")
    practice_log: CollectionLog | None = None
    practice_charges: Decimal = Field(default=Decimal(0), ge=0)


def _cents(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(rng.randint(round(low * 100), round(high * 100))) / 100


def _record(day: date, channel: str, note: str, **fields) -> CollectionRecord:
    evidence = ["recording"] if channel == "phone" else ["message_delivery"]
    defaults = {"receipt_confirmed": True, "evidence": evidence, "signed_and_sealed": True}
    return CollectionRecord(date=day, channel=channel, note=note, **{**defaults, **fields})


def draw_log(rng: random.Random, params: Params, principal: Decimal) -> CollectionLog:
    """A seeded synthetic log with the traps described in the module docstring."""
    notes = params.notes
    low, high = params.due_range
    due = low + timedelta(days=rng.randint(0, (high - low).days))
    evading = rng.random() < 0.5
    records = [_record(due - timedelta(days=rng.randint(0, 3)), "sms", notes.reminder)]
    first = due + timedelta(days=rng.randint(15, 45))
    records.append(_record(first, "phone", notes.answered))
    trap_day = first + timedelta(days=rng.randint(5, 20))
    if rng.random() < 0.5:
        records.append(_record(trap_day, "phone", notes.night_call, compliant=False))
    else:
        records.append(_record(trap_day, "sms", notes.colleague_sms, to_cardholder=False))
    second = first + timedelta(days=rng.choice([29, 30, 31, 34, 45]))
    if rng.random() < 0.5:
        letter = {"receipt_confirmed": False, "evidence": ["other"]}
        records.append(_record(second, "letter", notes.returned_letter, **letter))
    else:
        records.append(_record(second, "phone", notes.second_call))
    if rng.random() < 0.4:
        later = second + timedelta(days=rng.randint(30, 60))
        records.append(_record(later, "sms", notes.later_sms))
    facts = OverdraftFacts(
        due_date=due,
        unpaid_principal=principal,
        as_of=records[-1].date + timedelta(days=rng.randint(95, 150)),
        evading=evading,
        evasion_evidence=params.evasion if evading else "",
    )
    return CollectionLog(case_id="SYN-EX-COLL", facts=facts, collections=records)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def generate(exercise, params: Params, seed: int) -> Fill:
    """The log of the variant and the engine's verdict on each collection, the pair and the band."""
    from casebook.judicial.collections import CHANNEL_TEXT, assess_collections

    if seed == exercise.practice_seed and params.practice_log is not None:
        log, charges = params.practice_log, params.practice_charges
    else:
        rng = random.Random(f"collections:{exercise.id}:{seed}")
        principal = _cents(rng, *params.principal_range)
        charges = _cents(rng, *params.charges_range)
        log = draw_log(rng, params, principal)
    report = assess_collections(log)
    options = []
    for v in sorted(report.verdicts, key=lambda x: x.index):
        r = v.record
        failed = "；".join(c.explanation for c in v.checks if not c.met)
        values = {
            "n": v.index + 1,
            "date": cn_date(r.date),
            "channel": CHANNEL_TEXT[r.channel],
            "note": r.note,
            "why": failed or params.all_met,
        }
        options.append(GenOption(f"c{v.index + 1}", values, v.qualifies, bases=["REF-INTERP-7"]))
    f = log.facts
    evasion = render(params.evasion_found, {"evasion": escape(f.evasion_evidence)})
    rows = "".join(
        f"<li>#{o.values['n']} {o.values['date']} {o.values['channel']}：{escape(o.values['note'])}</li>"
        for o in options
    )
    return Fill(
        values={
            "due": cn_date(f.due_date),
            "today": cn_date(f.as_of),
            "principal": yuan(f.unpaid_principal),
            "charges": yuan(charges),
            "owed": yuan(f.unpaid_principal + charges),
            "evasion_html": evasion if f.evading else params.no_evasion,
            "log_html": f"<ol style='list-style:none;padding-left:0'>{rows}</ol>",
            "pair_explanation": report.element("two_collections").explanation,
            "band_explanation": report.element("amount").explanation,
            "intent_note": report.notes[0],
        },
        facts={"log": log.model_dump(mode="json"), "charges": f"{charges:.2f}"},
        answers={
            "pair": "yes" if report.pair is not None else "no",
            "amount_band": report.amount_band,
        },
        options={"collections": options},
    )
