"""``message``: write a compliant SMS or letter paragraph for a case.

Items:

* ``compliance`` — the wording is judged by the wording judge (``casebook.wording.judge``,
  through the grading context's text checker) against the pinned packs, so the house
  pack's wording rules apply when the assignment uses it; each rule found costs its pack
  points once, scaled to the item; an uncertain verdict marks the item 需人工复核;
* ``elements`` — what the text must contain (the bank's name, the amount, a callback
  number …), as patterns in the catalogue with placeholders filled from the variant;
* ``letter_fields`` (letters only, optional) — the trainee ticks what the letter carries;
  replayed through ``evaluate`` against ``CN-LETTER-FIELDS``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import timedelta
from functools import lru_cache
from html import escape
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.assess import evaluate
from casebook.checks.base import validate_patterns
from casebook.grading.forms import ChoiceField, Form, Option, TextField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import (
    Distractor,
    RuleLedger,
    case_of,
    exercise_result,
    kind_text,
    placeholders,
    pts,
    rule_feedback,
    text_compliance_item,
    violation_feedback,
)
from casebook.grading.kinds._samples import (
    BAD_TO_DEBTOR,
    BAD_TO_THIRD_PARTY,
    GOOD_TO_DEBTOR,
    GOOD_TO_THIRD_PARTY,
    fill,
)
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.grading.textcheck import TextCheck
from casebook.model import Action, Case, Channel
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Prose
from casebook.render import case_html
from casebook.synth import Scenario, make_case

_SQUASH = re.compile(r"[\s,，、\-－—_]+")


def squash(text: str) -> str:
    """Text folded for content matching: NFKC, no spaces, commas or dashes."""
    return _SQUASH.sub("", unicodedata.normalize("NFKC", text))


class Element(BaseModel):
    """Something the text must contain, or a length limit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    weight: float = Field(default=1, gt=0)
    any_of: list[str] = Field(
        default_factory=list,
        description="Regular expressions; placeholders {bank} {hotline} {name} {honorific} {balance}",
    )
    max_chars: int | None = Field(
        default=None, gt=0, description="Instead of patterns: a length limit"
    )
    hint: str = ""


class MessageData(BaseModel):
    """Catalogue ``data`` of a message exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel: Literal["sms", "letter"]
    recipient: Literal["debtor", "third_party"]
    scenario: Scenario = "unreachable"
    task: Prose = Field(
        description="Task in Chinese; placeholders as for elements plus {relation}, {contact_name}"
    )
    max_chars: int = Field(default=600, gt=0, le=5000, description="Longest text accepted")
    elements: list[Element] = Field(min_length=1)
    letter_fields: bool = Field(
        default=False, description="Also ask which letter fields are included"
    )
    letter_distractors: list[Distractor] = Field(default_factory=list)


class MessageAnswers(BaseModel):
    """The text, and for letters the ticked fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str | None = Field(default=None, max_length=5000)
    letter_fields: list[str] = Field(default_factory=list, max_length=20)


def _third_party(case: Case):
    return next((c for c in case.contacts if c.pre_agreed_contact), case.contacts[-1])


def values_for(case: Case) -> dict[str, str]:
    """Placeholder values for a case's task text and element patterns."""
    values = placeholders(case)
    contact = _third_party(case)
    values.update(relation=contact.relation, contact_name=contact.name)
    return values


def element_regexes(element: Element, case: Case) -> list[str]:
    """The element's patterns with the case's values filled in (escaped, squashed)."""
    balance = case.account.balance
    amounts = "|".join(
        re.escape(squash(a))
        for a in dict.fromkeys([f"{balance:.2f}", f"{balance:.0f}", f"{int(balance)}"])
    )
    values = {k: re.escape(squash(v)) for k, v in values_for(case).items()}
    values["balance"] = f"(?:{amounts})"
    return [p.format(**values) for p in element.any_of]


def letter_required_fields(packs) -> dict[str, str]:
    """The letter fields required by the packs' ``letter_fields`` rule."""
    return PackRegistry.of(packs).mapping("letter_fields", "required_fields")


@lru_cache(maxsize=1)
def _default_letter_fields() -> dict[str, str]:
    from casebook.policy.loader import builtin_packs

    return letter_required_fields(builtin_packs(("cn",)))


@register_kind
class MessageKind(ExerciseKind):
    """Write an SMS or a letter paragraph; graded on wording and contents."""

    name = "message"
    label = "短信与信函写作"
    Data = MessageData
    Answers = MessageAnswers

    def check_exercise(self, exercise, params):
        expected = ["compliance", "elements"] + (["letter_fields"] if params.letter_fields else [])
        problems = self.expect_items(exercise, expected)
        if params.letter_fields and params.channel != "letter":
            problems.append(
                (("data", "letter_fields"), "letter_fields applies to channel 'letter' only")
            )
        probe = make_case(1, params.scenario)
        for n, element in enumerate(params.elements):
            if bool(element.any_of) == (element.max_chars is not None):
                problems.append(
                    (("data", "elements", n), "give either any_of patterns or max_chars")
                )
                continue
            try:
                validate_patterns(element_regexes(element, probe))
            except (KeyError, IndexError, ValueError) as exc:
                problems.append(
                    (("data", "elements", n, "any_of"), f"bad pattern or placeholder: {exc}")
                )
        try:
            params.task.format(**values_for(probe))
        except (KeyError, IndexError, ValueError) as exc:
            problems.append((("data", "task"), f"unknown placeholder {exc}"))
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        p = exercise.params
        case = make_case(seed, p.scenario)
        public = {"case": case.model_dump(mode="json"), "task": p.task.format(**values_for(case))}
        if p.letter_fields:
            options = [{"id": k, "label": v} for k, v in _default_letter_fields().items()]
            options += [{"id": d.id, "label": d.label} for d in p.letter_distractors]
            random.Random(f"letter:{exercise.id}:{seed}").shuffle(options)
            public["letter_options"] = options
        return Variant(exercise_id=exercise.id, kind=self.name, seed=seed, public=public)

    def form(self, exercise, variant: Variant) -> Form:
        p = exercise.params
        what = "短信" if p.channel == "sms" else "催收函正文"
        fields: list = [
            TextField(
                key="message",
                label=f"{what}",
                placeholder=f"在这里写{what}……",
                rows=4 if p.channel == "sms" else 10,
                max_chars=p.max_chars,
            )
        ]
        if p.letter_fields:
            fields.append(
                ChoiceField(
                    key="letter_fields",
                    label=kind_text("message", "letter_fields"),
                    options=[
                        Option(value=o["id"], label=o["label"])
                        for o in variant.public["letter_options"]
                    ],
                    multiple=True,
                )
            )
        intro = (
            case_html(case_of(variant)) + f"<p><b>任务</b>：{escape(variant.public['task'])}</p>"
        )
        return Form(intro_html=intro, fields=fields)

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        a = answered.answers_as(MessageAnswers)
        if a.message is not None and len(a.message) > exercise.params.max_chars:
            raise AnswerError(
                [
                    f"field 'answers.message': {len(a.message)} characters (at most {exercise.params.max_chars})"
                ]
            )
        if a.letter_fields:
            known = {o["id"] for o in variant.public.get("letter_options", [])}
            unknown = sorted(set(a.letter_fields) - known)
            if unknown:
                raise AnswerError([f"field 'answers.letter_fields': unknown field(s) {unknown}"])
        return answered

    def _elements_item(self, exercise, case: Case, text: str) -> ItemResult:
        spec = exercise.item("elements")
        squashed = squash(text)
        earned = 0.0
        weights = 0.0
        feedback = []
        for element in exercise.params.elements:
            weights += element.weight
            if element.max_chars is not None:
                ok = bool(text.strip()) and len(text.strip()) <= element.max_chars
                detail = f"（{len(text.strip())} 字，上限 {element.max_chars} 字）"
            else:
                ok = any(re.search(rx, squashed) for rx in element_regexes(element, case))
                detail = ""
            earned += element.weight if ok else 0
            text_ = f"{element.label}{detail}" + (
                "" if ok or not element.hint else f"：{element.hint}"
            )
            feedback.append(
                FeedbackEntry(
                    status="ok" if ok else "wrong", text=("已做到：" if ok else "缺少：") + text_
                )
            )
        return ItemResult(
            item_id=spec.id,
            title=spec.title,
            points=pts(spec.points * earned / weights),
            max_points=spec.points,
            feedback=feedback,
        )

    def _letter_fields_item(
        self, exercise, case: Case, picked: list[str], ctx, ledger
    ) -> ItemResult:
        spec = exercise.item("letter_fields")
        required = letter_required_fields(ctx.packs)
        present = [k for k in required if k in picked]
        distractors = [d for d in exercise.params.letter_distractors if d.id in picked]
        share = max(0.0, (len(present) - len(distractors)) / len(required)) if required else 1.0
        letter = Action(
            time=case.as_of + timedelta(hours=1),
            channel=Channel.LETTER,
            target="debtor",
            letter_fields=present,
        )
        violations = [
            v
            for v in evaluate(case, [letter], ctx.packs).violations
            if v.rule_id == "CN-LETTER-FIELDS"
        ]
        feedback = [violation_feedback(v) for v in violations]
        for v in violations:
            ledger.add(v.rule_id, v.title, spec.points * (1 - share))
        for d in distractors:
            text = f"「{d.label}」不应出现在催收函中：{d.feedback}"
            feedback.append(
                rule_feedback(ctx, d.rule, text)
                if d.rule
                else FeedbackEntry(status="wrong", text=text)
            )
        if not feedback:
            feedback.append(FeedbackEntry(status="ok", text="第六十九条要求披露的要素都已勾选。"))
        return ItemResult(
            item_id=spec.id,
            title=spec.title,
            points=pts(spec.points * share),
            max_points=spec.points,
            feedback=feedback,
        )

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        p = exercise.params
        a: MessageAnswers = answered.answers
        case = case_of(variant)
        text = a.message or ""
        ledger = RuleLedger()
        check = ctx.text_checker(text, p.recipient, ctx.packs) if text.strip() else TextCheck([])
        items = [
            text_compliance_item(exercise.item("compliance"), check, ctx, ledger, text),
            self._elements_item(exercise, case, text),
        ]
        echo = [("你写的内容", text or "（空）")]
        if p.letter_fields:
            items.append(self._letter_fields_item(exercise, case, a.letter_fields, ctx, ledger))
            labels = {o["id"]: o["label"] for o in variant.public["letter_options"]}
            echo.append(
                ("勾选的要素", "；".join(labels.get(i, i) for i in a.letter_fields) or "（未选）")
            )
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            checker=getattr(ctx.text_checker, "label", ""),
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng) -> Answered:
        p = exercise.params
        case = case_of(variant)
        if p.recipient == "debtor":
            bank = GOOD_TO_DEBTOR if rng.random() < 0.6 else BAD_TO_DEBTOR
        else:
            bank = GOOD_TO_THIRD_PARTY if rng.random() < 0.6 else BAD_TO_THIRD_PARTY
        text = fill(rng.choice(bank), **placeholders(case))
        picked: list[str] = []
        if p.letter_fields:
            ids = [o["id"] for o in variant.public["letter_options"]]
            picked = sorted(rng.sample(ids, rng.randint(2, len(ids))))
        return Answered(MessageAnswers(message=text, letter_fields=picked))
