"""Check a trainee's free text (SMS, letter paragraph, script) for non-compliant wording.

There is one checker, the wording judge :func:`casebook.wording.judge`, run against the
packs the exercise is graded with (the law pack, and the house pack's wording rules when
the assignment pinned it). :data:`judge_text` adapts its verdict to a :class:`TextCheck`
for the graders: the findings, and ``review`` when the judge was uncertain (the item is
then marked 需人工复核 instead of silently keeping or losing its points). A category the
learned layer only adds to what the rules found is named in ``review`` and not deducted.
``GradingContext.text_checker`` may be swapped for a test double with the same signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from casebook.policy.schema import Pack

Recipient = Literal["debtor", "third_party"]


@dataclass(frozen=True)
class TextFinding:
    """One problem in a text: the rule, the words as written, and what to write instead."""

    rule_id: str
    span: str
    detail: str
    hint: str = ""
    citation: str = ""


@dataclass(frozen=True)
class TextCheck:
    """What the checker found in a text, and why a person should review it (if so)."""

    findings: list[TextFinding]
    review: str = ""


class TextChecker(Protocol):
    """``checker(text, recipient, packs) -> TextCheck``; ``checker.label`` names it in reports."""

    label: str

    def __call__(self, text: str, recipient: Recipient, packs: Sequence[Pack]) -> TextCheck: ...


class WordingJudge:
    """The wording judge as a :class:`TextChecker`."""

    label = "wording-judge"

    def __call__(self, text: str, recipient: Recipient, packs: Sequence[Pack]) -> TextCheck:
        from casebook.wording import judge

        verdict = judge(text, recipient, packs)
        graded, guesses = verdict.graded_findings()
        findings = [
            TextFinding(
                rule_id=f.rule,
                span=f.span,
                detail=f"{f.title}：「{f.span}」。{f.explanation}",
                hint=f"{f.hint}改写示例：「{f.suggestion}」" if f.suggestion else f.hint,
                citation=f.citation,
            )
            for f in graded
        ]
        review = verdict.uncertain_reason if verdict.uncertain else ""
        if guesses:
            labels = "、".join(dict.fromkeys(f"「{f.category_label}」" for f in guesses))
            review += f"统计模型补充的类别 {labels} 不扣分，由复核人决定。"
        return TextCheck(findings, review)


judge_text: TextChecker = WordingJudge()


def default_text_checker() -> TextChecker:
    """The checker used for grading: the wording judge."""
    return judge_text
