"""Scorers of question sheets: one answer against its key → a share of the item, feedback, bases.

Every scorer returns a :class:`Scored`: the share of the item's points earned, the feedback
lines (each naming the pack rule or registry source it rests on) and the bases charged with
the points lost. The texts come from the key (written in the exercise YAML or filled in by
the generator); the few connecting words here are labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from casebook.grading.schema import FeedbackEntry
from casebook.grading.sheets.model import (
    ChecksScorer,
    ChoiceScorer,
    DateScorer,
    NumberScorer,
    QuestionKey,
    RangeScorer,
    render,
)
from casebook.money_text import yuan
from casebook.sources import default_sources

if TYPE_CHECKING:
    from casebook.grading.kinds import GradingContext

UNANSWERED = "未作答。"


@dataclass
class Scored:
    """What one answer earned."""

    share: float
    feedback: list[FeedbackEntry] = field(default_factory=list)
    charged: list[str] = field(default_factory=list)


def number_text(value: float) -> str:
    """A submitted number as the trainee typed it (shortest float repr, no exponent)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{Decimal(str(value)):f}"
    return text.removesuffix(".0")


def _citation(ctx: GradingContext, basis: str) -> str:
    rule = ctx.rule(basis)
    if rule is not None:
        return rule.citation.short()
    registry = default_sources()
    return registry[basis].quoted(status=True) if basis in registry else basis


def entry(
    ctx: GradingContext,
    status: str,
    text: str,
    bases: Sequence[str] = (),
    instead: str = "",
    why: str = "",
) -> FeedbackEntry:
    """A feedback line citing ``bases``: the first pack rule gives its title, why and what to
    do instead (unless ``why``/``instead`` are written for this very choice); sources are quoted."""
    bases = list(dict.fromkeys(bases))
    rule = next((r for r in map(ctx.rule, bases) if r is not None), None)
    advice = status in ("wrong", "partial")
    return FeedbackEntry(
        status=status,
        text=text,
        rule_id=rule.id if rule else None,
        rule_title=rule.title if rule else "",
        citation="；".join(_citation(ctx, b) for b in bases),
        why=(why or (rule.why if rule else "")) if advice else "",
        instead=(instead or (rule.instead if rule else "")) if advice else "",
    )


def option_entry(
    ctx: GradingContext, status: str, verb: str, label: str, feedback: str, bases, instead: str
) -> FeedbackEntry:
    """「你选了 X」: the option's own feedback in the text; for a wrong choice resting on no pack
    rule, the feedback is the 为什么 line instead (a rule brings its own reason)."""
    ruled = any(ctx.rule(b) is not None for b in bases)
    if feedback and (ruled or status not in ("wrong", "partial")):
        return entry(ctx, status, f"{verb}「{label}」：{feedback}", bases, instead)
    return entry(ctx, status, f"{verb}「{label}」。", bases, instead, why=feedback)


def basis_title(ctx: GradingContext, basis: str) -> tuple[str, str]:
    """The id and title under which points lost to ``basis`` are counted."""
    rule = ctx.rule(basis)
    if rule is not None:
        return rule.id, rule.title
    registry = default_sources()
    if basis in registry:
        cited = registry[basis]
        name = f"{registry.short_title(cited.document)}{cited.article}"
        return name, name
    return basis, basis


def _status(share: float) -> str:
    return "ok" if share >= 1 else ("partial" if share > 0 else "wrong")


def _info(text: str) -> list[FeedbackEntry]:
    return [FeedbackEntry(status="info", text=text)] if text else []


# -- choices -------------------------------------------------------------------------------


def choice_share(q: QuestionKey, picked: Sequence[str]) -> float:
    """The share of the item a selection earns under the question's scorer."""
    scorer = q.scorer_as(ChoiceScorer)
    right = set(q.correct_ids)
    chosen = set(picked)
    if scorer.mode == "single":
        return max((q.option(p).credit for p in chosen), default=0.0)
    if scorer.mode == "net":
        return max(0.0, (len(right & chosen) - len(chosen - right)) / len(right))
    if scorer.mode == "judged":
        return sum((o.id in chosen) == o.correct for o in q.options) / len(q.options)
    return 1.0 if chosen == right else 0.0


def score_choice(q: QuestionKey, picked: Sequence[str], ctx: GradingContext) -> Scored:
    scorer = q.scorer_as(ChoiceScorer)
    share = choice_share(q, picked)
    chosen = set(picked)
    feedback: list[FeedbackEntry] = []
    wrong = []
    if scorer.mode == "judged":
        for o in q.options:
            said = o.id in chosen
            right = said == o.correct
            verdict = scorer.verdicts[0 if said else 1]
            text = f"{o.label}：你判断「{verdict}」，{'正确' if right else '不对'}。{o.feedback}"
            feedback.append(entry(ctx, "ok" if right else "wrong", text, o.bases, o.instead))
            if not right:
                wrong.append(o)
    else:
        if not picked:
            feedback.append(entry(ctx, "wrong", UNANSWERED, q.bases))
        for option_id in picked:
            o = q.option(option_id)
            bases = o.bases or ([] if o.correct else q.bases)
            feedback.append(
                option_entry(
                    ctx, _status(o.credit), "你选了", o.label, o.feedback, bases, o.instead
                )
            )
            if o.credit < 1:
                wrong.append(o)
        missed = [o for o in q.options if o.correct and o.id not in chosen]
        for o in missed if q.multiple and picked else ():
            feedback.append(option_entry(ctx, "partial", "漏选", o.label, o.feedback, o.bases, ""))
        wrong += missed
    feedback += _info(q.explain)
    if share < 1:
        feedback += _info(q.note)
        if scorer.mode != "judged":
            best = [o for o in q.options if o.credit >= 1 or (q.multiple and o.correct)]
            text = "正确答案：" + "；".join(f"「{o.label}」" for o in best)
            feedback.append(entry(ctx, "info", text, [b for o in best for b in o.bases]))
    elif q.ok:
        feedback.append(FeedbackEntry(status="ok", text=q.ok))
    charged = [b for o in wrong for b in o.bases] + q.bases
    return Scored(share, feedback, list(dict.fromkeys(charged)))


# -- numbers and dates ---------------------------------------------------------------------


def _decimals(value: float) -> int:
    text = number_text(value)
    return len(text.split(".")[1]) if "." in text else 0


def score_number(q: QuestionKey, given: float | None, ctx: GradingContext) -> Scored:
    scorer = q.scorer_as(NumberScorer)
    answer = Decimal(str(q.answer))
    shown = yuan(answer) if scorer.money else number_text(float(answer))
    values = {"answer": shown}
    if given is None:
        text = f"{UNANSWERED}正确答案：{shown}。"
        return Scored(0.0, [entry(ctx, "wrong", text, q.bases), *_info(q.explain)], q.bases)
    value = Decimal(number_text(given))
    plain = not scorer.money or _decimals(given) > 2
    values["given"] = number_text(given) if plain else yuan(value)
    diff = abs(value - answer)
    tier = next(
        (t for t in scorer.tiers if diff <= Decimal(str(t.within)) * (answer if t.relative else 1)),
        None,
    )
    share = tier.credit if tier else 0.0
    text = render(tier.text if tier else scorer.wrong_text, values)
    feedback = [entry(ctx, _status(share), text, q.bases), *_info(q.explain)]
    charged = q.bases
    if scorer.decimals is not None and _decimals(given) > scorer.decimals:
        feedback += _info(render(scorer.decimals_text, values))
    if share < 1:
        feedback += _info(q.note)
        for trap in scorer.traps:
            if abs(value - Decimal(str(float(trap.value)))) < Decimal("0.005"):
                feedback.append(entry(ctx, "info", trap.text, trap.bases))
                charged = trap.bases or q.bases
    return Scored(share, feedback, charged)


def score_range(q: QuestionKey, given: float | None, ctx: GradingContext) -> Scored:
    scorer = q.scorer_as(RangeScorer)
    if not given:
        return Scored(0.0, [FeedbackEntry(status="wrong", text=UNANSWERED)], q.bases)
    values = {"given": number_text(given)}
    if float(scorer.minimum) <= given <= float(scorer.maximum):
        return Scored(1.0, [entry(ctx, "ok", render(scorer.ok_text, values), q.bases)])
    feedback = [entry(ctx, "wrong", render(scorer.wrong_text, values), q.bases), *_info(q.note)]
    return Scored(0.0, feedback, q.bases)


def score_date(q: QuestionKey, given: str | None, ctx: GradingContext) -> Scored:
    scorer = q.scorer_as(DateScorer)
    answer = date.fromisoformat(q.answer)
    values = {"answer": answer.isoformat(), "given": given or ""}
    if given is None:
        text = f"{UNANSWERED}正确答案：{answer.isoformat()}。"
        return Scored(0.0, [entry(ctx, "wrong", text, q.bases), *_info(q.explain)], q.bases)
    day = date.fromisoformat(given)
    if day == answer:
        return Scored(1.0, [entry(ctx, "ok", render(scorer.ok_text, values), q.bases)])
    hint = next(
        (
            n
            for n in scorer.near
            if (n.days is not None and abs((day - answer).days) == n.days)
            or (n.same_month and (day.year, day.month) == (answer.year, answer.month))
        ),
        None,
    )
    text = render(scorer.wrong_text, {**values, "hint": hint.text if hint else ""})
    feedback = [entry(ctx, "wrong", text, q.bases), *_info(q.explain), *_info(q.note)]
    return Scored(0.0, feedback, (hint.bases if hint and hint.bases else q.bases))


def score_checks(
    q: QuestionKey, given: float | None, answers: Mapping[str, Any], ctx: GradingContext
) -> Scored:
    scorer = q.scorer_as(ChecksScorer)
    if not given or any(not answers.get(other) for other in scorer.requires):
        return Scored(0.0, [FeedbackEntry(status="wrong", text=scorer.missing_text)], q.bases)
    show = yuan if scorer.money else number_text
    share, feedback, charged = 0.0, [], []
    for check in scorer.checks:
        limit = float(check.limit)
        values = {"given": show(given), "limit": show(limit)}
        if check.kind == "at_most":
            ok = given <= limit + check.tolerance
        else:
            times = float(answers[check.times or ""])
            product = given * times
            ok = product >= limit - check.tolerance
            values |= {
                "times": number_text(times),
                "product": show(product),
                "need": show(math.ceil(limit / times * 100) / 100),
            }
        text = render(check.ok if ok else check.wrong, values)
        feedback.append(entry(ctx, "ok" if ok else "wrong", text, check.bases))
        share += check.credit if ok else 0.0
        if not ok:
            charged += check.bases or q.bases
    if share < 1:
        feedback += _info(q.note)
    return Scored(min(1.0, share), feedback, list(dict.fromkeys(charged)))


def score(q: QuestionKey, value: Any, answers: Mapping[str, Any], ctx: GradingContext) -> Scored:
    """Score one normalised answer against its key."""
    kind = q.scorer.type
    if kind == "choice":
        return score_choice(q, value, ctx)
    if kind == "number":
        return score_number(q, value, ctx)
    if kind == "range":
        return score_range(q, value, ctx)
    if kind == "date":
        return score_date(q, value, ctx)
    return score_checks(q, value, answers, ctx)
