"""``drill_set``: a seed-drawn set of scenario drills (:mod:`casebook.drills`), graded per question.

The variant is the question set :func:`casebook.drills.draw_drill` draws from the variant
seed (difficulty, number and area come from the catalogue), so every trainee answers
different questions of the same difficulty, on different synthetic people, with the
options in a different order. ``public`` holds what the trainee sees; ``key`` holds the
engine's answer key and the feedback of every option, resolved from the packs at
assignment time — grading uses that key, so what is graded is exactly what was shown even
if the bank changes later.

Each catalogue item ``q1 … qN`` is one question, scored as the drills score it
(:meth:`casebook.drills.DrillQuestion.grade`: right only if the selection equals the
correct set; 多选题须选全). Every picked option explains itself and cites its basis (the
pack rule or the verified reference); missed correct options are named.
"""

from __future__ import annotations

import random
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from casebook.drills import Area, Difficulty, DrillQuestion, default_bank, draw_drill
from casebook.drills.draw import ShownOption, selection_problem
from casebook.grading.forms import ChoiceField, Form, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result, pts
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.model import CHANNEL_LABELS, OUTCOME_LABELS, ROLE_LABELS


class DrillSetData(BaseModel):
    """Catalogue ``data``: which drills to draw."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    difficulty: Difficulty
    n: int = Field(ge=1, le=30, description="Questions per set (items q1 … qN)")
    area: Area | None = Field(default=None, description="Only this area (e.g. 司法途径)")


class DrillAnswers(RootModel[dict[str, str | list[str] | None]]):
    """``{"q1": "B", "q2": ["A", "C"], "q3": null, …}`` (display keys as shown)."""


def item_ids(n: int) -> list[str]:
    """The catalogue item ids of an ``n``-question set."""
    return [f"q{i}" for i in range(1, n + 1)]


def context_text(question: DrillQuestion) -> str:
    """The case context of a question as plain text (shown under the question)."""
    facts = question.facts
    if not question.show_case:
        return f"情况：{facts}" if facts else ""
    case = question.case
    acc = case.account
    contacts = "、".join(
        f"{c.relation} {c.name}（{ROLE_LABELS[c.role]}{'，合同预留联系人' if c.pre_agreed_contact else ''}）"
        for c in case.contacts
    )
    history = "；".join(
        f"{a.time.month}月{a.time.day}日 {a.time:%H:%M} {CHANNEL_LABELS[a.channel]}"
        f"{case.contact(a.target).relation}：{OUTCOME_LABELS[a.outcome]}"
        for a in case.history
    )
    if case.agreement is not None:
        history = (history + "；" if history else "") + (
            f"{case.agreement.signed_on.month}月{case.agreement.signed_on.day}日签署 "
            f"{case.agreement.term_months} 期个性化分期还款协议，按约履行中"
        )
    lines = [
        f"案件：{case.debtor.name}，{case.debtor.city}，{case.debtor.occupation}；卡号 {acc.card_masked}，"
        f"欠款合计 ¥{acc.balance:,.2f}（本金 ¥{acc.principal:,.2f}），逾期 {case.days_past_due} 天"
        f"（{case.bucket}）；今天是 {case.as_of.month}月{case.as_of.day}日。",
        f"联系人：{contacts}",
        f"最近联系：{history or '（无）'}",
    ]
    if facts:
        lines.append(f"补充情况：{facts}")
    return "\n".join(lines)


def public_question(item_id: str, q: DrillQuestion) -> dict[str, Any]:
    """What the trainee sees of one question (no answer key)."""
    return {
        "id": item_id,
        "area": q.area.value,
        "topic": q.topic,
        "context": context_text(q),
        "question": q.question,
        "multiple": q.multiple,
        "options": [{"key": o.key, "text": o.text} for o in q.options],
    }


def key_question(item_id: str, q: DrillQuestion) -> dict[str, Any]:
    """The grader's key of one question: the right keys and every option's resolved feedback."""
    return {
        "id": item_id,
        "item_id": q.item_id,
        "correct": sorted(q.correct_keys),
        "lesson": q.lesson,
        "options": [
            {
                "key": o.key,
                "option_id": o.option_id,
                "text": o.text,
                "correct": o.correct,
                "feedback": o.feedback,
                "instead": o.instead,
                "basis": _basis_key(o),
            }
            for o in q.options
        ],
    }


def _basis_key(option: ShownOption) -> list[dict[str, str]]:
    """What an option rests on, as stored in the key: the rule and/or the registry source."""
    found = []
    if option.rule is not None:
        rule = option.rule
        found.append(
            {"kind": "rule", "id": rule.id, "title": rule.title, "citation": rule.citation.short()}
        )
    if option.source is not None:
        src = option.source
        found.append({"kind": "ref", "id": src.id, "title": src.document, "citation": src.short()})
    return found


def draw(exercise: Any, seed: int) -> list[DrillQuestion]:
    """The engine's question set for ``seed`` with the catalogue's filters."""
    p = exercise.params
    return draw_drill(seed, p.difficulty, p.n, p.area)


def picked_keys(question: dict[str, Any], value: Any, field: str) -> list[str]:
    """The selection as a list of display keys; raise :class:`AnswerError` for bad ones."""
    if value is None:
        return []
    picked = [value] if isinstance(value, str) else list(value)
    picked = [k.strip().upper() for k in picked]
    known = [o["key"] for o in question["options"]]
    problem = selection_problem(picked, known, question["multiple"])
    if problem:
        raise AnswerError([f"field '{field}': {problem}"])
    return picked


def _short_title(basis: dict[str, Any]) -> str:
    """A rule's title, or a reference as 《short document name》 + article (for the charts)."""
    if basis["kind"] == "rule":
        return basis["title"]
    article = basis["citation"][len(basis["title"]) :].strip()
    found = re.search(r"《([^》]+)》", basis["title"])
    name = found.group(1) if found else basis["title"]
    if len(name) > 14:
        name = name[:13] + "…"
    return f"《{name}》{article}"


def _citation(option: dict[str, Any]) -> str:
    return "；".join(b["citation"] for b in option["basis"])


def _entry(option: dict[str, Any], status: str, text: str) -> FeedbackEntry:
    rule = next((b for b in option["basis"] if b["kind"] == "rule"), None)
    return FeedbackEntry(
        status=status,
        text=text,
        rule_id=rule["id"] if rule else None,
        rule_title=rule["title"] if rule else "",
        citation=_citation(option),
        why=option["feedback"],
        instead="" if option["correct"] else option["instead"],
    )


def grade_question(
    spec: Any, public: dict[str, Any], key: dict[str, Any], picked: list[str], ledger: RuleLedger
) -> ItemResult:
    """One question: full points if the selection equals the correct set, else 0."""
    options = {o["key"]: o for o in key["options"]}
    right = set(key["correct"])
    correct = set(picked) == right
    feedback = [FeedbackEntry(status="info", text=f"考点：{public['area']} · {public['topic']}")]
    if not picked:
        feedback.append(FeedbackEntry(status="wrong", text="未作答。"))
    for k in picked:
        o = options[k]
        verdict = "正确" if o["correct"] else "错误"
        feedback.append(
            _entry(o, "ok" if o["correct"] else "wrong", f"你选了 {k}（{verdict}）：{o['text']}")
        )
    missed = [options[k] for k in sorted(right - set(picked))]
    for o in missed:
        if picked:
            feedback.append(_entry(o, "partial", f"漏选 {o['key']}：{o['text']}"))
    if not correct:
        answer = "、".join(sorted(right))
        feedback.append(
            FeedbackEntry(status="info", text=f"正确答案：{answer}。要点：{key['lesson']}")
        )
        charged: dict[str, str] = {}
        for o in [*(options[k] for k in picked if not options[k]["correct"]), *missed]:
            for b in o["basis"]:
                charged.setdefault(b["id"], _short_title(b))
        for basis_id, title in sorted(charged.items()):
            ledger.add(basis_id, title, spec.points / len(charged))
    return ItemResult(
        item_id=spec.id,
        title=spec.title,
        points=pts(spec.points if correct else 0.0),
        max_points=spec.points,
        feedback=feedback,
    )


@register_kind
class DrillSetKind(ExerciseKind):
    """A seed-drawn drill set; one catalogue item per question."""

    name = "drill_set"
    label = "情景演练题组"
    Data = DrillSetData
    Answers = DrillAnswers

    def check_exercise(self, exercise, params):
        problems = self.expect_items(exercise, item_ids(params.n))
        found = sum(
            1
            for item in default_bank().items
            if item.difficulty is params.difficulty and params.area in (None, item.area)
        )
        if found < params.n:
            problems.append(
                (("data", "n"), f"the drill bank has only {found} item(s) for these filters")
            )
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        questions = draw(exercise, seed)
        ids = item_ids(len(questions))
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "questions": [public_question(i, q) for i, q in zip(ids, questions, strict=True)]
            },
            key={"questions": [key_question(i, q) for i, q in zip(ids, questions, strict=True)]},
        )

    def form(self, exercise, variant: Variant) -> Form:
        fields = []
        for n, q in enumerate(variant.public["questions"], start=1):
            hint = "（多选：选出全部正确项）" if q["multiple"] else "（单选）"
            fields.append(
                ChoiceField(
                    key=q["id"],
                    label=f"第 {n} 题 · {q['area']} · {q['topic']}：{q['question']}{hint}",
                    options=[
                        Option(value=o["key"], label=f"{o['key']}. {o['text']}")
                        for o in q["options"]
                    ],
                    multiple=q["multiple"],
                    help=q["context"],
                )
            )
        intro = (
            f"<p>共 {len(fields)} 题。每题先读案件情况再作答；多选题须选全才得分。"
            "提交后由培训师统一评分，每个选项的反馈和依据见评分后的反馈页。</p>"
        )
        return Form(intro_html=intro, fields=fields)

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        values = answered.answers.root
        questions = {q["id"]: q for q in variant.public["questions"]}
        unknown = sorted(set(values) - set(questions))
        if unknown:
            raise AnswerError([f"field 'answers': unknown question(s) {unknown}"])
        for qid, question in questions.items():
            picked_keys(question, values.get(qid), f"answers.{qid}")
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        values = answered.answers.root
        public = {q["id"]: q for q in variant.public["questions"]}
        keys = {q["id"]: q for q in variant.key["questions"]}
        ledger = RuleLedger()
        items, echo = [], []
        for n, spec in enumerate(exercise.items, start=1):
            picked = picked_keys(public[spec.id], values.get(spec.id), spec.id)
            items.append(grade_question(spec, public[spec.id], keys[spec.id], picked, ledger))
            texts = {o["key"]: o["text"] for o in public[spec.id]["options"]}
            echo.append(
                (f"第 {n} 题", "；".join(f"{k}. {texts[k]}" for k in picked) or "（未作答）")
            )
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=echo,
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        values: dict[str, Any] = {}
        for q, k in zip(variant.public["questions"], variant.key["questions"], strict=True):
            keys = [o["key"] for o in q["options"]]
            picked = list(k["correct"]) if rng.random() < 0.65 else [rng.choice(keys)]
            values[q["id"]] = picked if q["multiple"] else picked[0]
        return Answered(DrillAnswers(values))
