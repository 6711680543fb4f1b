"""``collections_review``: which collections count as 有效催收, and what follows from them.

The variant draws a synthetic collection log from the seed: a reminder on or before the
due date, a recorded call the cardholder answered, one collection that fails a condition
of Art. 7 (a night call, an SMS to a colleague), a second collection about thirty days
after the first (sometimes 29 days; sometimes a returned letter that still counts only if
the cardholder is deliberately evading), the unpaid principal and the interest and fees
kept apart. The practice variant is the book's example log. The engine decides:
:func:`casebook.judicial.collections.assess_collections` (2018 interpretation Arts. 6–9).

Items: ``effective`` (one share per collection judged right, as
:func:`casebook.judicial.exercises.score_effective` scores it), ``pair`` (are there two
effective collections at least 30 days apart?) and ``amount_band`` (the band of the unpaid
PRINCIPAL under Arts. 8–9). The exercise never asks for 以非法占有为目的: that is for the
courts, never inferred from non-payment (Art. 6), and the feedback says so.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.grading.forms import ChoiceField, Form, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result
from casebook.grading.kinds._judicial import (
    cents_between,
    charge,
    item_result,
    law_entry,
    money_text,
    random_date,
)
from casebook.grading.schema import ExerciseResult, FeedbackEntry, Variant
from casebook.judicial.collections import (
    ART_6,
    ART_7,
    ART_8,
    ART_9,
    CHANNEL_TEXT,
    CollectionLog,
    CollectionRecord,
    OverdraftFacts,
    assess_collections,
)
from casebook.judicial.exercises import score_effective

ITEMS = ("effective", "pair", "amount_band")
BANDS = ("不满五万元", "数额较大", "数额巨大", "数额特别巨大")
BAND_LABELS = {
    "不满五万元": "不满五万元（未达数额较大）",
    "数额较大": "数额较大（五万元以上不满五十万元）",
    "数额巨大": "数额巨大（五十万元以上不满五百万元）",
    "数额特别巨大": "数额特别巨大（五百万元以上）",
}
PAIR_LABELS = {"yes": "有：至少有两次有效催收相隔 30 日以上", "no": "没有"}
EVASION = "持卡人更换手机号码且未告知银行，预留地址的信函被退回（「查无此人」）"


class CollectionsData(BaseModel):
    """Catalogue ``data``: the ranges drawn and the practice log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    due_range: tuple[date, date]
    principal_range: tuple[float, float] = (30_000, 90_000)
    charges_range: tuple[float, float] = (2_000, 15_000)
    practice_log: CollectionLog | None = None
    practice_charges: Decimal = Field(default=Decimal(0), ge=0)


class CollectionsAnswers(BaseModel):
    """Collections judged effective (ids c1 …), the pair judgement and the amount band."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    effective: list[str] = Field(default_factory=list, max_length=10)
    pair: Literal["yes", "no"] | None = None
    amount_band: Literal["不满五万元", "数额较大", "数额巨大", "数额特别巨大"] | None = None


def draw_log(rng: random.Random, due_range: tuple[date, date], principal: Decimal) -> CollectionLog:
    """A seeded synthetic log with the traps described in the module docstring."""
    due = random_date(rng, *due_range)
    evading = rng.random() < 0.5
    records = [
        CollectionRecord(
            date=due - timedelta(days=rng.randint(0, 3)),
            channel="sms",
            receipt_confirmed=True,
            evidence=["message_delivery"],
            signed_and_sealed=True,
            note="还款提醒短信，已送达",
        )
    ]
    first = due + timedelta(days=rng.randint(15, 45))
    records.append(
        CollectionRecord(
            date=first,
            channel="phone",
            receipt_confirmed=True,
            evidence=["recording"],
            signed_and_sealed=True,
            note="本人接听，全程录音，承认欠款",
        )
    )
    trap_day = first + timedelta(days=rng.randint(5, 20))
    if rng.random() < 0.5:
        records.append(
            CollectionRecord(
                date=trap_day,
                channel="phone",
                receipt_confirmed=True,
                compliant=False,
                evidence=["recording"],
                signed_and_sealed=True,
                note="22:40 拨打本人手机，本人接听（夜间催收，违反催收时段规定）",
            )
        )
    else:
        records.append(
            CollectionRecord(
                date=trap_day,
                channel="sms",
                to_cardholder=False,
                receipt_confirmed=True,
                evidence=["message_delivery"],
                signed_and_sealed=True,
                note="短信发给持卡人的同事，请其转告还款",
            )
        )
    second = first + timedelta(days=rng.choice([29, 30, 31, 34, 45]))
    if rng.random() < 0.5:
        records.append(
            CollectionRecord(
                date=second,
                channel="letter",
                receipt_confirmed=False,
                evidence=["other"],
                signed_and_sealed=True,
                note="催收函寄往预留地址，被退回（「查无此人」）",
            )
        )
    else:
        records.append(
            CollectionRecord(
                date=second,
                channel="phone",
                receipt_confirmed=True,
                evidence=["recording"],
                signed_and_sealed=True,
                note="本人接听，全程录音",
            )
        )
    if rng.random() < 0.4:
        records.append(
            CollectionRecord(
                date=second + timedelta(days=rng.randint(30, 60)),
                channel="sms",
                receipt_confirmed=True,
                evidence=["message_delivery"],
                signed_and_sealed=True,
                note="催收短信发往预留号码，有送达记录",
            )
        )
    as_of = records[-1].date + timedelta(days=rng.randint(95, 150))
    facts = OverdraftFacts(
        due_date=due,
        unpaid_principal=principal,
        as_of=as_of,
        evading=evading,
        evasion_evidence=EVASION if evading else "",
    )
    return CollectionLog(case_id="SYN-EX-COLL", facts=facts, collections=records)


def log_of(public: dict) -> CollectionLog:
    """The collection log stored in a variant."""
    return CollectionLog.model_validate(public["log"])


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _record_label(n: int, r: CollectionRecord) -> str:
    return f"#{n} {_cn(r.date)} {CHANNEL_TEXT[r.channel]}：{r.note}"


@register_kind
class CollectionsReviewKind(ExerciseKind):
    """Judge a collection log against Arts. 6–9 of the 2018 interpretation."""

    name = "collections_review"
    label = "有效催收判断"
    Data = CollectionsData
    Answers = CollectionsAnswers
    item_ids = ITEMS

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        if seed == exercise.practice_seed and p.practice_log is not None:
            log, charges = p.practice_log, p.practice_charges
        else:
            rng = random.Random(f"collections:{exercise.id}:{seed}")
            principal = cents_between(rng, *p.principal_range)
            charges = cents_between(rng, *p.charges_range)
            log = draw_log(rng, p.due_range, principal)
        report = assess_collections(log)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={"log": log.model_dump(mode="json"), "charges": f"{charges:.2f}"},
            key={
                "effective": [f"c{v.index + 1}" for v in report.verdicts if v.qualifies],
                "pair": "yes" if report.pair is not None else "no",
                "amount_band": report.amount_band,
            },
        )

    def form(self, exercise, variant: Variant) -> Form:
        log = log_of(variant.public)
        f = log.facts
        charges = Decimal(variant.public["charges"])
        evasion = (
            f"<p>另查明：{f.evasion_evidence}。</p>"
            if f.evading
            else "<p>没有证据表明持卡人故意逃避催收。</p>"
        )
        rows = "".join(
            f"<li>{_record_label(n, r)}</li>" for n, r in enumerate(log.collections, start=1)
        )
        intro = (
            f"<p>到期还款日 <b>{_cn(f.due_date)}</b>，未超过信用额度。今天是 {_cn(f.as_of)}，"
            f"持卡人尚未归还的透支本金 <b>{money_text(f.unpaid_principal)}</b>，"
            f"另有利息、违约金和费用 {money_text(charges)}（合计 {money_text(f.unpaid_principal + charges)}）。"
            "所有证据材料都有银行工作人员签名和银行公章。催收日志：</p>"
            f"<ol style='list-style:none;padding-left:0'>{rows}</ol>{evasion}"
        )
        return Form(
            intro_html=intro,
            fields=[
                ChoiceField(
                    key="effective",
                    label="1. 哪几次是「有效催收」？（多选）",
                    options=[
                        Option(value=f"c{n}", label=_record_label(n, r))
                        for n, r in enumerate(log.collections, start=1)
                    ],
                    multiple=True,
                ),
                ChoiceField(
                    key="pair",
                    label="2. 是否已有两次间隔至少 30 日的有效催收？",
                    options=[Option(value=k, label=t) for k, t in PAIR_LABELS.items()],
                ),
                ChoiceField(
                    key="amount_band",
                    label="3. 如果公安机关今天立案，恶意透支的数额落在哪一档？",
                    options=[Option(value=b, label=BAND_LABELS[b]) for b in BANDS],
                ),
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        n = len(variant.public["log"]["collections"])
        known = {f"c{i}" for i in range(1, n + 1)}
        picked = answered.answers.effective
        unknown = sorted(set(picked) - known)
        if unknown:
            raise AnswerError([f"field 'answers.effective': unknown collection(s) {unknown}"])
        if len(set(picked)) != len(picked):
            raise AnswerError(["field 'answers.effective': a collection is listed twice"])
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        a: CollectionsAnswers = answered.answers
        log = log_of(variant.public)
        report = assess_collections(log)
        ledger = RuleLedger()

        spec = exercise.item("effective")
        picked = {int(c[1:]) - 1 for c in a.effective}
        score = score_effective(log, picked)
        feedback = [FeedbackEntry(status="info", text=score.feedback)]
        for v in sorted(report.verdicts, key=lambda x: x.index):
            right = v.qualifies == (v.index in picked)
            reasons = (
                "；".join(c.explanation for c in v.checks if not c.met) or "第七条各项条件均满足。"
            )
            verdict = "有效" if v.qualifies else "无效"
            text = f"#{v.index + 1}（{_cn(v.record.date)} {CHANNEL_TEXT[v.record.channel]}）：{verdict}。{reasons}"
            feedback.append(law_entry("ok" if right else "wrong", text, [ART_7], quote=False))
            if not right:
                charge(ledger, spec.points / len(report.verdicts), [ART_7], "有效催收的条件")
        items = [item_result(spec, score.points / score.full, feedback)]

        spec = exercise.item("pair")
        truth = "yes" if report.pair is not None else "no"
        element = report.element("two_collections")
        ok = a.pair == truth
        text = (
            "判断正确。" if ok else ("未作答。" if a.pair is None else "判断有误。")
        ) + element.explanation
        feedback = [law_entry("ok" if ok else "wrong", text, [ART_7, ART_6], quote=False)]
        feedback.append(FeedbackEntry(status="info", text=report.notes[0]))
        if not ok:
            charge(ledger, spec.points, [ART_7], "两次有效催收的间隔")
        items.append(item_result(spec, 1.0 if ok else 0.0, feedback))

        spec = exercise.item("amount_band")
        ok = a.amount_band == report.amount_band
        element = report.element("amount")
        text = (
            "判断正确。" if ok else ("未作答。" if a.amount_band is None else "判断有误。")
        ) + element.explanation
        if not ok and a.amount_band is not None:
            text += "数额只算立案时尚未归还的本金，不把利息、违约金和费用加进去（第九条）。"
        feedback = [law_entry("ok" if ok else "wrong", text, [ART_9, ART_8])]
        if not ok:
            charge(ledger, spec.points, [ART_9], "恶意透支数额的计算")
        items.append(item_result(spec, 1.0 if ok else 0.0, feedback))

        echo = [
            ("有效催收", "、".join(sorted(a.effective, key=lambda c: int(c[1:]))) or "（未选）"),
            ("两次相隔 30 日以上", PAIR_LABELS.get(a.pair or "", "（未作答）")),
            ("数额档次", BAND_LABELS.get(a.amount_band or "", "（未作答）")),
        ]
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        key = variant.key
        n = len(variant.public["log"]["collections"])
        ids = [f"c{i}" for i in range(1, n + 1)]
        effective = list(key["effective"]) if rng.random() < 0.5 else ids[1:]
        pair = key["pair"] if rng.random() < 0.7 else rng.choice(["yes", "no"])
        band = key["amount_band"] if rng.random() < 0.6 else rng.choice(BANDS)
        return Answered(CollectionsAnswers(effective=effective, pair=pair, amount_band=band))
