"""``call``: one phone call with a debtor persona in the call simulator, graded by replay.

The submission carries only the replies the trainee said (``answers.replies``: free-text
strings or ``{"option": id}``), in order. The grader trusts nothing else: it starts
:class:`casebook.conversation.call.CallSimulator` with the variant's persona and seed and the
pinned packs (plus the house pack's call rules when the assignment pinned only the law pack),
replays every reply, and scores the call. A reply the call cannot take (an option not offered
at that point, a reply after the call ended) is skipped with a note, never a crash.

Items (catalogue ids): ``compliance`` (100 − the points of every violation, scaled; each
violation with its rule, citation, what to do instead and a better reply), ``outcome`` (how
good the ending is for this persona, from the dialogue data) and ``discovery`` (the share of
the persona's facts the trainee found out; the outcome's share when there is nothing to find
out). The reference replies in the catalogue entry score full marks.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from casebook.grading.forms import Form, WidgetField
from casebook.grading.kinds import Answered, AnswerError, ExerciseKind, _samples, register_kind
from casebook.grading.kinds._common import RuleLedger, exercise_result, kind_text, pts
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, Variant

if TYPE_CHECKING:  # the simulator loads its data when first used
    from casebook.conversation.call import CallSimulator

ITEMS = ("compliance", "outcome", "discovery")
#: The call console's seed box goes up to 999,999.
SEED_RANGE = 1_000_000
#: Most replies a submission may carry.
MAX_REPLIES = 60
MAX_REPLY_CHARS = 500


class OptionReply(BaseModel):
    """An offered reply, by id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    option: str = Field(min_length=1, max_length=60)


Reply = str | OptionReply


class CallData(BaseModel):
    """Catalogue ``data`` of a call exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    persona: str = Field(description="Persona id, e.g. forgetful")
    task: str = Field(min_length=1, description="What the trainee is asked to do (Chinese)")
    reference: list[Reply] = Field(
        min_length=1, description="Reference replies: full marks for every variant"
    )
    reference_notes: list[str] = Field(
        default_factory=list, description="Why the reference goes this way (trainer notes)"
    )


class CallAnswers(BaseModel):
    """A submission's answers: the replies said, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    replies: list[Reply] | None = Field(default=None, max_length=MAX_REPLIES)

    @field_validator("replies")
    @classmethod
    def _text_limits(cls, value: list[Reply] | None) -> list[Reply] | None:
        for position, reply in enumerate(value or []):
            if isinstance(reply, str) and not reply.strip():
                raise ValueError(f"replies[{position}]: empty text")
            if isinstance(reply, str) and len(reply) > MAX_REPLY_CHARS:
                raise ValueError(
                    f"replies[{position}]: {len(reply)} characters (at most {MAX_REPLY_CHARS})"
                )
        return value


def call_seed(seed: int) -> int:
    """The call seed of a variant seed (the console's seed box holds 0–999,999)."""
    return seed % SEED_RANGE


def as_replay(replies: list[Reply] | None) -> list[Any]:
    """Replies as the simulator takes them (free text, or ``{"option": id}``)."""
    return [r.model_dump() if isinstance(r, OptionReply) else r for r in replies or []]


def play(persona: str, seed: int, replies: list[Any], packs) -> CallSimulator:
    """Replay ``replies`` leniently: a reply the call cannot take is skipped with a note."""
    from casebook.conversation.call import replay

    return replay(persona, seed, replies, packs=packs, strict=False)


def score_items(exercise: Any, sim: CallSimulator, ledger: RuleLedger) -> list[ItemResult]:
    """The three items of a finished (or abandoned) call."""
    score = sim.score

    def item(item_id: str, share: float, feedback: list[FeedbackEntry]) -> ItemResult:
        spec = exercise.item(item_id)
        return ItemResult(
            item_id=item_id,
            title=spec.title,
            points=pts(spec.points * max(0.0, min(1.0, share))),
            max_points=spec.points,
            feedback=feedback,
        )

    said = [t for t in sim.turns if t.speaker == "collector"]
    spec = exercise.item("compliance")
    feedback: list[FeedbackEntry] = []
    for index, finding in sim.violations():
        ledger.add(
            finding.rule, finding.title, min(finding.points * spec.points / 100, spec.points)
        )
        instead = finding.instead + (f" 更好的说法：「{finding.better}」" if finding.better else "")
        feedback.append(
            FeedbackEntry(
                status="wrong",
                text=finding.text,
                rule_id=finding.rule,
                rule_title=finding.title,
                citation=finding.citation,
                why=finding.why,
                instead=instead,
                quote=sim.turns[index].text,
            )
        )
    if not said:
        feedback.append(FeedbackEntry(status="wrong", text="没有说任何一句话，本项不得分。"))
    elif not feedback:
        feedback.append(FeedbackEntry(status="ok", text="每一句话都符合规则包和通话规范。"))
    feedback += [FeedbackEntry(status="info", text=reason) for _, reason in sim.skipped]
    items = [item("compliance", score.compliance / 100 if said else 0.0, feedback)]

    result = sim.result
    if result is None:
        text = "通话没有结束：没有得到任何结果。"
        outcome_share = 0.0
    else:
        text = f"通话结果：{result.label}。{result.note}"
        outcome_share = result.value / 100
        if result.value < 100 and not sim.violations():
            text += " " + kind_text("call", "can_improve")
    status = "ok" if outcome_share >= 0.999 else ("partial" if outcome_share > 0 else "wrong")
    items.append(item("outcome", outcome_share, [FeedbackEntry(status=status, text=text)]))

    found = [f for f in sim.state.revealed if f in sim.discoverable]
    missing = [f for f in sim.discoverable if f not in found]
    if score.discovery is None:
        share = outcome_share
        fb = [FeedbackEntry(status="info", text=kind_text("call", "no_discovery"))]
    else:
        share = score.discovery / 100
        texts = {f.id: f.text for f in sim.persona.hidden.facts}
        fb = [FeedbackEntry(status="ok", text=f"了解到：{texts[f]}") for f in found]
        fb += [
            FeedbackEntry(
                status="wrong",
                text=f"没有了解到：{texts[f]}",
                instead=next(x.how for x in sim.persona.hidden.facts if x.id == f),
            )
            for f in missing
        ]
    items.append(item("discovery", share, fb))
    return items


@register_kind
class CallKind(ExerciseKind):
    """A call played in the call console; the replies are replayed and scored."""

    name = "call"
    label = "通话演练"
    Data = CallData
    Answers = CallAnswers
    item_ids = ITEMS

    def check_exercise(self, exercise, params: CallData):
        from casebook.conversation.call import ReplyError, replay
        from casebook.conversation.dialogue import default_call_data

        problems = super().check_exercise(exercise, params)
        data = default_call_data()
        if params.persona not in data.dialogues:
            known = ", ".join(data.dialogues)
            return [
                *problems,
                (("data", "persona"), f"unknown persona {params.persona!r}; known: {known}"),
            ]
        try:
            sim = replay(
                params.persona, call_seed(exercise.practice_seed), as_replay(params.reference)
            )
        except ReplyError as exc:
            return [*problems, (("data", "reference"), str(exc))]
        if sim.score.total < 100:
            problems.append(
                (("data", "reference"), f"the reference scores {sim.score.total}, not 100")
            )
        return problems

    def make_variant(self, exercise, seed: int) -> Variant:
        from casebook.conversation.call import CallSimulator

        p = exercise.params
        sim = CallSimulator(p.persona)
        sim.reset(seed=call_seed(seed))
        persona = sim.persona
        return Variant(
            exercise_id=exercise.id,
            kind=self.name,
            seed=seed,
            public={
                "persona": p.persona,
                "persona_title": persona.title,
                "persona_summary": persona.summary,
                "call_seed": call_seed(seed),
                "answered_by": sim.active_answerer.party.value,
                "max_turns": sim.settings.max_turns,
            },
            key={"reference": as_replay(p.reference)},
        )

    def form(self, exercise, variant: Variant) -> Form:
        v = variant.public
        p = exercise.params
        intro = kind_text(
            "call",
            "intro",
            persona_title=v["persona_title"],
            persona_summary=v["persona_summary"],
            call_seed=v["call_seed"],
            task=p.task,
        )
        return Form(
            intro_html=intro,
            fields=[
                WidgetField(
                    key="replies",
                    label="通话演练台",
                    widget="call",
                    config={"persona": v["persona"], "seed": v["call_seed"]},
                )
            ],
        )

    def validate(self, exercise, variant, answers, action_log) -> Answered:
        answered = super().validate(exercise, variant, answers, action_log)
        replies = answered.answers_as(CallAnswers).replies
        if replies is None:
            return answered
        problems = []
        for position, reply in enumerate(replies):
            if isinstance(reply, OptionReply) and not reply.option.strip():
                problems.append(f"field 'answers.replies[{position}].option': empty option id")
        if problems:
            raise AnswerError(problems)
        return answered

    def grade(self, exercise, variant, answered, ctx) -> ExerciseResult:
        v = variant.public
        sim = play(v["persona"], v["call_seed"], as_replay(answered.answers.replies), ctx.packs)
        ledger = RuleLedger()
        items = score_items(exercise, sim, ledger)
        echo = [
            (f"第 {i} 句" if t.speaker == "collector" else "对方", t.text)
            for i, t in enumerate(sim.turns)
        ]
        result = sim.result
        echo.append(
            (
                "通话结果",
                f"{result.label if result else '未结束'}；得分 {sim.score.total:g}，"
                f"违规 {len(sim.violations())} 处",
            )
        )
        return exercise_result(self.name, exercise, items, ledger, answer_echo=echo)

    def reference(self, exercise, variant: Variant) -> list[tuple[str, str, str]]:
        """The reference call as said in ``variant``: each reply, then the call's result."""
        from casebook.conversation.call import replay

        sim = replay(exercise.params.persona, variant.public["call_seed"], variant.key["reference"])
        said = [t.text for t in sim.turns if t.speaker == "collector"]
        rows = [(f"第 {n} 句", text, "") for n, text in enumerate(said, 1)]
        if sim.result is not None:
            rows.append(
                ("通话结果", f"{sim.result.label}（{sim.score.total:g} 分）", sim.result.note)
            )
        return rows

    def shown_to_trainees(self, exercise, variant: Variant) -> str:
        """The form and every reply the console can offer in this call (its buttons)."""
        from casebook.conversation.call import CallSimulator, format_text

        sim = CallSimulator(exercise.params.persona)
        sim.reset(seed=variant.public["call_seed"])
        values = sim._values()
        offered = [format_text(o.text, values) for node in sim.dialogue.nodes for o in node.options]
        return "\n".join([super().shown_to_trainees(exercise, variant), *offered])

    def trainer_notes(self, exercise) -> list[str]:
        """Why the reference call goes the way it does (``data.reference_notes``)."""
        return list(exercise.params.reference_notes)

    def simulate(self, exercise, variant, rng: random.Random) -> Answered:
        from casebook.conversation.call import CallSimulator, Choice

        v = variant.public
        sim = CallSimulator(v["persona"])
        sim.reset(seed=v["call_seed"])
        replies: list[Reply] = []
        while not sim.done and len(replies) < 12:
            node = sim.node
            if rng.random() < 0.15:
                text = rng.choice(_samples.CALL_FREE_REPLIES)
                replies.append(text)
                sim.step(text)
                continue
            options = sorted(node.options, key=lambda o: o.id)
            option = node.best if rng.random() < 0.6 else rng.choice(options)
            replies.append(OptionReply(option=option.id))
            sim.step(Choice(option.id))
        return Answered(CallAnswers(replies=replies))
