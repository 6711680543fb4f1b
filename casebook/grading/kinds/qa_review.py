"""``qa_review``: review a recorded call with the QA form (录音质检).

The trainee reads a transcript, marks the collector's faulty turns with the form items they
lose (turn → items) and fills in the form's deductions, as a bank's QA reviewer does.
Graded against the transcript's reference annotation (``casebook/data/qa/``) by pure data
comparison:

* ``faults`` — the faulty turns found (a right turn under a wrong item earns half), minus
  ``false_mark_penalty`` of the item per false mark; every missed or false mark gets
  feedback that cites the item's rule and says what was wrong, or why the turn is fine;
* ``score`` — the total the trainee's deductions give (a red-line deduction zeroes the
  call, as on the form) within ``tolerance`` points of the reference total; partial credit
  down to nothing at ``zero_at`` points off.

Variants: a transcript drawn from the exercise's ``pool`` by the variant seed (the practice
seed shows the ``practice`` transcript, which is in no pool), with other surnames and
amounts; the turn numbers and the answer never change with the surface.
"""

from __future__ import annotations

import random
from html import escape
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.conversation.schema import Speaker
from casebook.grading.forms import Form, GridField, GridRow, Option
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result, kind_text, pts
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant
from casebook.policy.schema import Prose
from casebook.qa.loader import QAContent, default_qa
from casebook.qa.schema import GROUP_LABELS, MAX_TURNS, FormItem, QATurn, Transcript
from casebook.qa.scoring import QAScore, deductions_for_marks, score_deductions
from casebook.qa.variants import fill, surface_values

ItemId = Annotated[str, Field(max_length=40)]
#: Longest quote of a turn in feedback.
QUOTE_CHARS = 120


class QAReviewData(BaseModel):
    """Catalogue ``data`` of a QA-review exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    task: Prose = Field(min_length=1, description="What the trainee is asked to do")
    practice: str = Field(description="Transcript shown in practice mode and in the book")
    pool: list[str] = Field(min_length=2, description="Transcripts drawn for trainees")
    tolerance: int = Field(default=5, ge=0, le=50, description="Total within ± this is right")
    zero_at: int = Field(default=20, gt=0, le=100, description="Total this far off earns 0")
    false_mark_penalty: float = Field(
        default=0.1, gt=0, le=1, description="Share of the faults item lost per false mark"
    )

    @model_validator(mode="after")
    def _consistent(self) -> QAReviewData:
        if self.zero_at <= self.tolerance:
            raise ValueError("zero_at must be larger than tolerance")
        if len(set(self.pool)) != len(self.pool):
            raise ValueError("duplicate transcripts in the pool")
        if self.practice in self.pool:
            raise ValueError(
                "the practice transcript must not be in the pool: practice mode grades it "
                "locally, so its answer is public"
            )
        return self


class QAReviewAnswers(BaseModel):
    """Marked turns (``faults``: turn number → form item ids) and the form's deductions.

    (Not ``marks``: the grader strips score-like keys such as ``marks`` from submissions.)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    faults: dict[int, Annotated[list[ItemId], Field(max_length=20)]] | None = Field(
        default=None, max_length=MAX_TURNS
    )
    deductions: dict[ItemId, int] | None = Field(default=None, max_length=50)


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _turns(numbers: list[int]) -> str:
    return "、".join(f"第 {n} 轮" for n in numbers)


@register_kind
class QAReviewKind(ExerciseKind):
    """Score a recorded call on the QA form and mark its faulty turns."""

    name = "qa_review"
    label = "录音质检"
    Data = QAReviewData
    Answers = QAReviewAnswers
    item_ids = ("faults", "score")

    # -- catalogue and variants -------------------------------------------------------------

    def check_exercise(self, exercise, params):
        problems = self.expect_items(exercise, self.item_ids)
        qa = default_qa()
        for loc, tid in [(("data", "practice"), params.practice)] + [
            (("data", "pool", i), tid) for i, tid in enumerate(params.pool)
        ]:
            if tid not in qa.transcripts:
                problems.append((loc, f"unknown transcript {tid!r}; known: {list(qa.transcripts)}"))
            elif loc[1] == "pool" and qa.transcripts[tid].level != exercise.difficulty:
                problems.append(
                    (
                        loc,
                        f"transcript {tid!r} is {qa.transcripts[tid].level}, the exercise is "
                        f"{exercise.difficulty}: a pool holds transcripts of the same difficulty",
                    )
                )
        return problems

    def pick(self, exercise, seed: int) -> Transcript:
        """The transcript of variant ``seed``: the practice one for the practice seed."""
        p: QAReviewData = exercise.params
        qa = default_qa()
        if seed == exercise.practice_seed:
            return qa.transcript(p.practice)
        rng = random.Random(f"qa-pick:{exercise.id}:{seed}")
        return qa.transcript(p.pool[rng.randrange(len(p.pool))])

    def _variant_data(self, exercise, variant: Variant) -> tuple[Transcript, dict[str, str]]:
        t = self.pick(exercise, variant.seed)
        return t, surface_values(t, default_qa().surface, variant.seed)

    def make_variant(self, exercise, seed: int) -> Variant:
        t = self.pick(exercise, seed)
        values = surface_values(t, default_qa().surface, seed)
        public = {
            "situation": fill(t.situation, values),
            "turns": [
                {"n": turn.n, "speaker": turn.speaker.value, "text": fill(turn.text, values)}
                for turn in t.turns
            ],
        }
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public=public,
            key={"transcript": t.id, "values": values},
        )

    # -- the form ---------------------------------------------------------------------------

    def form(self, exercise, variant: Variant) -> Form:
        from casebook.qa.render import form_html, turn_label

        qa = default_qa()
        p: QAReviewData = exercise.params
        items = qa.form.items
        marks = GridField(
            key="faults",
            label=kind_text("qa_review", "faults_label"),
            rows=[
                GridRow(
                    value=str(turn["n"]),
                    label=turn_label(turn["n"], Speaker(turn["speaker"]), turn["text"]),
                    options=None if turn["speaker"] == Speaker.COLLECTOR.value else [],
                )
                for turn in variant.public["turns"]
            ],
            options=[Option(value=i.id, label=i.short) for i in items],
            multiple=True,
            help=kind_text("qa_review", "faults_help"),
        )
        sheet = GridField(
            key="deductions",
            label=kind_text("qa_review", "sheet_label"),
            rows=[
                GridRow(
                    value=i.id,
                    label=f"{i.title}（{GROUP_LABELS[i.group]}，{i.points} 分）",
                    options=[
                        Option(value=str(d), label="不扣分" if d == 0 else f"扣 {d} 分")
                        for d in i.allowed_deductions
                    ],
                )
                for i in items
            ],
            help=kind_text("qa_review", "sheet_help"),
        )
        intro = (
            f"<p><b>任务</b>：{escape(p.task)}</p>"
            f"<p><b>通话情况</b>：{escape(variant.public['situation'])}</p>"
            f"{form_html(qa.form)}"
        )
        return Form(intro_html=intro, fields=[marks, sheet])

    # -- answers ----------------------------------------------------------------------------

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        a = answered.answers_as(QAReviewAnswers)
        t, _ = self._variant_data(exercise, variant)
        form = default_qa().form
        known = set(form.item_ids)
        problems = []
        for n, picked in sorted((a.faults or {}).items()):
            where = f"field 'answers.faults.{n}'"
            if not 1 <= n <= len(t.turns):
                problems.append(f"{where}: 第 {n} 轮不存在（这通录音共 {len(t.turns)} 轮）")
                continue
            if t.turn(n).speaker is not Speaker.COLLECTOR:
                problems.append(f"{where}: 第 {n} 轮是对方说的话，只能标记催收员的话")
            unknown = [i for i in picked if i not in known]
            if unknown:
                problems.append(f"{where}: 评分表中没有 {unknown}；可选：{sorted(known)}")
            if len(set(picked)) != len(picked):
                problems.append(f"{where}: 同一项标了两次：{picked}")
        for item_id, lost in sorted((a.deductions or {}).items()):
            where = f"field 'answers.deductions.{item_id}'"
            if item_id not in known:
                problems.append(f"{where}: 评分表中没有这一项；可选：{sorted(known)}")
                continue
            allowed = form.item(item_id).allowed_deductions
            if lost not in allowed:
                problems.append(
                    f"{where}: 「{form.item(item_id).title}」只能扣 {'、'.join(map(str, allowed))} 分，"
                    f"不能扣 {lost} 分"
                )
        if problems:
            raise AnswerError(problems)
        return answered

    # -- grading ----------------------------------------------------------------------------

    def _feedback(
        self,
        qa: QAContent,
        item: FormItem,
        text: str,
        status: str,
        turn: QATurn | None = None,
        values: dict[str, str] | None = None,
        instead: str = "",
    ) -> FeedbackEntry:
        """Feedback citing the first rule the turn breaks under ``item``, else the item's
        first rule, else the form itself (a house-policy item); ``quote`` is the turn's text."""
        cited = [r for r in turn.rules if r in item.rules] if turn is not None else []
        rule_ids = cited or item.rules
        quote = _quote(fill(turn.text, values or {})) if turn is not None else ""
        if rule_ids:
            rule = qa.rule(rule_ids[0])
            return FeedbackEntry(
                status=status,
                text=text,
                rule_id=rule.id,
                rule_title=rule.title,
                citation=rule.citation_text,
                why=rule.why,
                instead=instead,
                quote=quote,
            )
        return FeedbackEntry(
            status=status,
            text=text,
            rule_title=f"评分表「{item.title}」",
            citation="行内政策（质检评分表）",
            why=item.basis,
            instead=instead,
            quote=quote,
        )

    def _faults_item(
        self, exercise, t: Transcript, values, marks: dict[int, list[str]], ledger: RuleLedger
    ) -> ItemResult:
        qa = default_qa()
        spec = exercise.item("faults")
        p: QAReviewData = exercise.params
        items = {i.id: i for i in qa.form.items}
        reference = {turn.n: turn for turn in t.turns if turn.items}
        feedback: list[FeedbackEntry] = []
        credit = 0.0
        false_marks = 0
        for n, turn in reference.items():
            picked = marks.get(n, [])
            right = [i for i in turn.items if i in picked]
            titles = "、".join(f"「{items[i].title}」" for i in turn.items)
            note, better = fill(turn.note, values), fill(turn.better, values)
            first = items[turn.items[0]]
            if right and len(right) == len(turn.items):
                share = 1.0
                feedback.append(
                    FeedbackEntry(status="ok", text=f"找到了第 {n} 轮的问题（{titles}）。")
                )
            elif right:
                share = len(right) / len(turn.items)
                missing = [items[i] for i in turn.items if i not in right]
                feedback.append(
                    self._feedback(
                        qa,
                        missing[0],
                        f"第 {n} 轮还漏了「{'、'.join(i.title for i in missing)}」：{note}",
                        "partial",
                        turn,
                        values,
                        better,
                    )
                )
            elif picked:
                share = 0.5
                wrong = "、".join(f"「{items[i].title}」" for i in picked)
                feedback.append(
                    self._feedback(
                        qa,
                        first,
                        f"第 {n} 轮确实有问题，但应记在{titles}，不是{wrong}：{note}",
                        "partial",
                        turn,
                        values,
                        better,
                    )
                )
            else:
                share = 0.0
                feedback.append(
                    self._feedback(
                        qa,
                        first,
                        f"漏标第 {n} 轮（{titles}）：{note}",
                        "wrong",
                        turn,
                        values,
                        better,
                    )
                )
            credit += share
            missed = [items[i] for i in turn.items if i not in right]
            lost_rules = [r for r in turn.rules if any(r in i.rules for i in missed)]
            if share < 1 and lost_rules:
                lost = spec.points * (1 - share) / len(reference) / len(lost_rules)
                for rule_id in lost_rules:
                    ledger.add(rule_id, qa.rule(rule_id).title, lost)
            if right:
                for extra in (i for i in picked if i not in turn.items):
                    false_marks += 1
                    feedback.append(
                        self._feedback(
                            qa,
                            items[extra],
                            f"第 {n} 轮不应再记「{items[extra].title}」：{note}",
                            "wrong",
                            turn,
                            values,
                        )
                    )
        for n, picked in sorted(marks.items()):
            if n in reference:
                continue
            turn = t.turn(n)
            for item_id in picked:
                false_marks += 1
                feedback.append(
                    self._feedback(
                        qa,
                        items[item_id],
                        f"误标：第 {n} 轮没有「{items[item_id].title}」的问题。{fill(turn.note, values)}",
                        "wrong",
                        turn,
                        values,
                    )
                )
        recall = credit / len(reference) if reference else 1.0
        share = max(0.0, recall - p.false_mark_penalty * false_marks)
        counts = {"false_marks": false_marks, "penalty": f"{p.false_mark_penalty:.0%}"}
        summary = (
            kind_text(
                "qa_review",
                "faults_summary",
                count=len(reference),
                turns=_turns(sorted(reference)),
                credit=f"{credit:g}",
                **counts,
            )
            if reference
            else kind_text("qa_review", "faults_none", **counts)
        )
        feedback.insert(0, FeedbackEntry(status="info", text=summary))
        return ItemResult(
            item_id=spec.id,
            title=spec.title,
            points=pts(spec.points * share),
            max_points=spec.points,
            feedback=feedback,
        )

    def _score_item(
        self, exercise, t: Transcript, values, deductions: dict[str, int] | None
    ) -> tuple[ItemResult, QAScore | None]:
        qa = default_qa()
        form = qa.form
        spec = exercise.item("score")
        p: QAReviewData = exercise.params
        reference = t.reference.score
        if not deductions:
            return (
                ItemResult(
                    item_id=spec.id,
                    title=spec.title,
                    points=0.0,
                    max_points=spec.points,
                    feedback=[
                        FeedbackEntry(
                            status="wrong",
                            text=f"没有填写评分表。参考总分是 {reference} 分：{fill(t.reference.summary, values)}",
                        )
                    ],
                ),
                None,
            )
        mine = score_deductions(form, deductions)
        off = abs(mine.total - reference)
        if off <= p.tolerance:
            share, status = 1.0, "ok"
        else:
            share = max(0.0, (p.zero_at - off) / (p.zero_at - p.tolerance))
            status = "partial" if share > 0 else "wrong"
        veto = (
            f"；红线项「{'、'.join(form.item(i).title for i in mine.red_lines)}」有扣分，总分记 0 分"
            if mine.vetoed
            else ""
        )
        feedback = [
            FeedbackEntry(
                status=status,
                text=kind_text(
                    "qa_review",
                    "score",
                    lost=mine.lost,
                    veto=veto,
                    total=mine.total,
                    reference=reference,
                    off=off,
                    tolerance=p.tolerance,
                ),
            )
        ]
        blank = [i.title for i in form.items if i.id not in deductions]
        if blank:
            feedback.append(
                FeedbackEntry(
                    status="info",
                    text=f"评分表有 {len(blank)} 项没有选，按不扣分计算：{'、'.join(blank)}。",
                )
            )
        expected = deductions_for_marks(form, t.marks())
        where: dict[str, list[int]] = {}
        for n, item_id in t.marks():
            where.setdefault(item_id, []).append(n)
        for item in form.items:
            got, want = mine.deductions.get(item.id, 0), expected.get(item.id, 0)
            if got == want:
                continue
            if want:
                reason = f"参考答案在{_turns(where[item.id])}扣分（{item.deduction(1)} 分一处，最多 {item.points} 分）。"
                turn = t.turn(where[item.id][0])
                reason += fill(turn.note, values)
            else:
                reason = f"这通录音没有「{item.title}」的问题。得分要求：{item.earns}"
                turn = None
            red = "（红线项：有扣分即整通记 0 分）" if item.red_line else ""
            feedback.append(
                self._feedback(
                    qa,
                    item,
                    f"「{item.title}」{red}你扣 {got} 分，参考扣 {want} 分。{reason}",
                    "partial",
                    turn,
                    values,
                )
            )
        feedback.append(
            FeedbackEntry(status="info", text=f"质检结论：{fill(t.reference.summary, values)}")
        )
        return (
            ItemResult(
                item_id=spec.id,
                title=spec.title,
                points=pts(spec.points * share),
                max_points=spec.points,
                feedback=feedback,
            ),
            mine,
        )

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        a: QAReviewAnswers = answered.answers
        t, values = self._variant_data(exercise, variant)
        marks = {n: list(dict.fromkeys(items)) for n, items in (a.faults or {}).items() if items}
        ledger = RuleLedger()
        form = default_qa().form
        if not marks and not a.deductions:
            items = [
                ItemResult(
                    item_id=spec.id,
                    title=spec.title,
                    points=0.0,
                    max_points=spec.points,
                    feedback=[
                        FeedbackEntry(status="wrong", text="未作答：没有标记，也没有填写评分表。")
                    ],
                )
                for spec in exercise.items
            ]
            return exercise_result(self.name, exercise, items, ledger)
        score_item, mine = self._score_item(exercise, t, values, a.deductions)
        items = [self._faults_item(exercise, t, values, marks, ledger), score_item]
        shown = "；".join(
            f"第 {n} 轮：{'、'.join(form.item(i).short for i in marks[n])}" for n in sorted(marks)
        )
        sheet = (
            "（未填写）"
            if mine is None
            else "，".join(f"{form.item(i).short} −{d}" for i, d in mine.deductions.items())
            + f"{'；' if mine.deductions else ''}总分 {mine.total} 分"
        )
        return exercise_result(
            self.name,
            exercise,
            items,
            ledger,
            answer_echo=[("你标出的轮次", shown or "（未标记）"), ("你的评分表", sheet)],
        )

    # -- references and simulation ----------------------------------------------------------

    def reference_answers(self, exercise, variant: Variant) -> QAReviewAnswers:
        """The reference review of a variant: its marks and deductions (trainer's notes, tests)."""
        t, _ = self._variant_data(exercise, variant)
        form = default_qa().form
        deductions = deductions_for_marks(form, t.marks())
        return QAReviewAnswers(
            faults={turn.n: list(turn.items) for turn in t.turns if turn.items},
            deductions={i.id: deductions.get(i.id, 0) for i in form.items},
        )

    def reference(self, exercise, variant: Variant) -> list[tuple[str, str, str]]:
        """The reference review of ``variant``: each faulty turn with the items it loses and
        why, then the reference form (deductions, total) and the reviewer's conclusion."""
        t, values = self._variant_data(exercise, variant)
        form = default_qa().form
        rows = [
            (
                f"第 {turn.n} 轮",
                "、".join(form.item(i).short for i in turn.items),
                fill(turn.note, values),
            )
            for turn in t.turns
            if turn.items
        ]
        lost = "，".join(f"{form.item(i).short} −{d}" for i, d in t.reference.deductions.items())
        rows.append(
            (
                exercise.item("score").title,
                f"{lost}{'；' if lost else ''}总分 {t.reference.score} 分",
                fill(t.reference.summary, values),
            )
        )
        return rows

    def simulate(self, exercise, variant, rng) -> Answered:
        t, _ = self._variant_data(exercise, variant)
        form = default_qa().form
        ids = form.item_ids
        marks: dict[int, list[str]] = {}
        for turn in t.turns:
            if not turn.items:
                continue
            roll = rng.random()
            if roll < 0.65:
                marks[turn.n] = list(turn.items)
            elif roll < 0.8:
                marks[turn.n] = [rng.choice([i for i in ids if i not in turn.items])]
        fine = [turn.n for turn in t.turns if turn.speaker is Speaker.COLLECTOR and not turn.items]
        for _ in range(rng.choice((0, 0, 1, 2))):
            if fine:
                marks.setdefault(rng.choice(fine), []).append(rng.choice(ids))
        marks = {n: list(dict.fromkeys(items)) for n, items in marks.items()}
        pairs = [(n, i) for n, items in marks.items() for i in items]
        deductions = deductions_for_marks(form, pairs)
        if rng.random() < 0.3:
            item = rng.choice(form.items)
            deductions[item.id] = rng.choice(item.allowed_deductions)
        answers = QAReviewAnswers(
            faults=marks, deductions={i.id: deductions.get(i.id, 0) for i in form.items}
        )
        return Answered(answers)
