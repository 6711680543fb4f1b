"""``document_review``: find the required elements missing from a draft document.

The variant builds a model document (the 民事起诉状 by default) from a synthetic judicial
case file drawn from the seed (:func:`casebook.documents.casefile.make_judicial_case`) and
drops a seeded choice of its required elements
(:func:`casebook.documents.review.draft_without`); the practice variant is the book's
example. The trainee ticks what is missing; the single item ``missing`` is scored by
:func:`casebook.documents.review.score_missing_answer` (each missing element found earns a
share, each element wrongly named as missing costs one).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.grading.forms import ChoiceField, Form, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result
from casebook.grading.kinds._judicial import charge, item_result, law_entry
from casebook.grading.schema import ExerciseResult, FeedbackEntry, Variant
from casebook.sources import source

if TYPE_CHECKING:  # the document builders load the packs on import: imported when first used
    from casebook.documents.doc import Doc

ITEMS = ("missing",)
DocumentKind = Literal["complaint", "payment_order", "preservation"]
CASE_SEEDS = 10_000

#: Friendlier option labels where the document's marker text is terse.
LABELS = {"court": "受诉法院（此致……人民法院）", "signature_date": "具状人（申请人）签章和日期"}
#: What each element is for, shown when it is missed.
PURPOSE = {
    "plaintiff": "原告（申请人）的名称、住所和法定代表人或负责人，法院据此确认谁在起诉。",
    "applicant": "申请人的名称、住所和负责人，法院据此确认谁在申请。",
    "defendant": "被告的姓名、性别、出生日期、住所等，法院据此送达和确认被告身份。",
    "respondent": "被申请人的身份信息，法院据此送达。",
    "claims": "诉讼请求必须具体，写明金额和计算截止日，法院只在请求范围内裁判。",
    "requests": "请求事项必须具体，写明金额。",
    "facts_reasons": "事实与理由说明合同、透支、逾期和催收经过，是请求成立的依据。",
    "evidence_list": "证据清单列明合同、账单、还款和催收记录各自证明什么。",
    "court": "写明向哪个法院提交（此致 ××人民法院），管辖法院错了要移送或被裁定不予受理。",
    "signature_date": "具状人签章和日期：没有签章，文书不成立。",
    "no_other_dispute": "申请支付令须说明双方没有其他债务纠纷。",
    "servable": "申请支付令须说明支付令能够送达债务人。",
    "evidence": "列明所附证据。",
    "security": "申请财产保全应当提供担保。",
}
#: The requirements of a pleading are in 《民事诉讼法》; the article text is not verified here.
PLEADING_BASIS = source("REF-CPL-PLEADING")


class PracticeDraft(BaseModel):
    """The book's example: a case seed and the elements dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_seed: int = Field(ge=0)
    drop: list[str] = Field(min_length=1)


class DocumentData(BaseModel):
    """Catalogue ``data`` of a draft-review exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: DocumentKind = "complaint"
    drop: int = Field(default=2, ge=1, le=4, description="Elements removed per variant")
    practice: PracticeDraft | None = None

    @model_validator(mode="after")
    def _known_fields(self) -> DocumentData:
        required = required_fields(self.document)
        if self.drop >= len(required):
            raise ValueError(f"drop: at most {len(required) - 1} of {len(required)} elements")
        if self.practice is not None:
            unknown = sorted(set(self.practice.drop) - set(required))
            if unknown:
                raise ValueError(f"practice.drop: {unknown} are not elements of {self.document}")
        return self


class DocumentAnswers(BaseModel):
    """The element ids the trainee thinks are missing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    missing: list[str] = Field(default_factory=list, max_length=20)


def required_fields(document: str) -> dict[str, str]:
    """The required elements of a document kind: ``{id: label}``."""
    from casebook.documents.builders import REQUIRED

    return REQUIRED[document]


def build_draft(document: str, case_seed: int, drop: list[str]) -> Doc:
    """The draft of a variant: the model document with ``drop`` removed."""
    from casebook.documents.builders import BUILDERS
    from casebook.documents.casefile import make_judicial_case
    from casebook.documents.review import draft_without

    case = make_judicial_case(case_seed).masked()
    return draft_without(BUILDERS[document](case), drop)


def label(document: str, field: str) -> str:
    """The option label of an element."""
    return LABELS.get(field, required_fields(document)[field])


@register_kind
class DocumentReviewKind(ExerciseKind):
    """Tick the required elements a draft document lacks."""

    name = "document_review"
    label = "文书审阅"
    Data = DocumentData
    Answers = DocumentAnswers
    item_ids = ITEMS

    def make_variant(self, exercise, seed: int) -> Variant:
        from casebook.documents.render import doc_html

        p = exercise.params
        if seed == exercise.practice_seed and p.practice is not None:
            case_seed, drop = p.practice.case_seed, list(p.practice.drop)
        else:
            rng = random.Random(f"document:{exercise.id}:{seed}")
            case_seed = seed % CASE_SEEDS
            drop = sorted(rng.sample(list(required_fields(p.document)), p.drop))
        draft = build_draft(p.document, case_seed, drop)
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "document": p.document,
                "case_seed": case_seed,
                "title": draft.title,
                "draft_html": doc_html(draft),
                "options": [
                    {"id": k, "label": label(p.document, k)} for k in required_fields(p.document)
                ],
            },
            key={"drop": drop, "missing": draft.missing()},
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        intro = (
            f"<p>新同事起草了一份{v['title']}（人物为合成）。请阅读后选出<b>缺少</b>的必备要素；"
            "选错的要素会扣分。</p>" + v["draft_html"]
        )
        return Form(
            intro_html=intro,
            fields=[
                ChoiceField(
                    key="missing",
                    label=f"这份{v['title']}缺少哪些要素？（多选）",
                    options=[Option(value=o["id"], label=o["label"]) for o in v["options"]],
                    multiple=True,
                )
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        known = {o["id"] for o in variant.public["options"]}
        picked = answered.answers.missing
        unknown = sorted(set(picked) - known)
        if unknown:
            raise AnswerError([f"field 'answers.missing': unknown element(s) {unknown}"])
        if len(set(picked)) != len(picked):
            raise AnswerError(["field 'answers.missing': an element is listed twice"])
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        from casebook.documents.review import score_missing_answer

        v = variant.public
        document = v["document"]
        draft = build_draft(document, v["case_seed"], variant.key["drop"])
        review = score_missing_answer(draft, answered.answers.missing)
        spec = exercise.item("missing")
        share = review.score / 100
        status = "ok" if share == 1 else ("partial" if share > 0 else "wrong")
        feedback = [law_entry(status, review.feedback, [PLEADING_BASIS])]
        for f in review.missed:
            feedback.append(
                FeedbackEntry(
                    status="wrong", text=f"漏掉了「{label(document, f)}」：{PURPOSE.get(f, '')}"
                )
            )
        for f in review.wrong:
            feedback.append(
                FeedbackEntry(
                    status="wrong", text=f"「{label(document, f)}」其实已经写了，不应选为缺少。"
                )
            )
        ledger = RuleLedger()
        charge(ledger, spec.points * (1 - share), [PLEADING_BASIS], "文书的必备要素")
        items = [item_result(spec, share, feedback)]
        picked = "、".join(label(document, f) for f in answered.answers.missing) or "（未选）"
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=[("选为缺少的要素", picked)],
        )

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        missing = list(variant.key["missing"])
        ids = [o["id"] for o in variant.public["options"]]
        roll = rng.random()
        if roll < 0.5:
            picked = missing
        elif roll < 0.8:
            picked = missing[:1]
        else:
            picked = sorted(set(missing[:1]) | {rng.choice(ids)})
        return Answered(DocumentAnswers(missing=picked))
