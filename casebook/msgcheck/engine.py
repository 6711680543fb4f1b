"""The wording judge's building blocks: its verdict, and matching the lexicon on a message.

:func:`casebook.wording.judge` puts them together; :func:`check_message` is its former name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.msgcheck.lexicon import CompiledMatcher, Lexicon
from casebook.msgcheck.normalize import Normalised
from casebook.msgcheck.schema import Category, Recipient
from casebook.policy.schema import STATUS_LABELS, Citation, Pack, Rule

RecipientName = Literal["debtor", "third_party"]
_CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}


def format_citation(citation: Citation) -> str:
    """《文件》条款：「原文」, or the paraphrase note when no wording was read."""
    text = citation.short()
    if citation.quote:
        return f"{text}：「{citation.quote}」"
    if citation.note:
        return f"{text}（{citation.note}）"
    return text


class Finding(BaseModel):
    """One problem in a message.

    ``span`` is the offending text exactly as it appears in the input;
    ``text[start:end] == span``.
    """

    model_config = ConfigDict(frozen=True)

    category: Category
    category_label: str
    rule: str = Field(description="Rule id in the law pack")
    rule_title: str
    status: str = Field(description="How well the rule's source is verified")
    span: str
    start: int
    end: int
    title: str = Field(description="What kind of wording this is")
    explanation: str
    citation: str
    citations: list[str]
    hint: str = Field(description="What to write instead")
    matcher: str = Field(description="Which matcher found it (category/id), for debugging")


class Verdict(BaseModel):
    """What the wording judge found in one message (:func:`casebook.wording.judge`)."""

    model_config = ConfigDict(frozen=True)

    text: str
    recipient: Recipient
    compliant: bool
    findings: list[Finding]

    def categories(self) -> list[Category]:
        """The categories found, in the standard order."""
        return sorted({f.category for f in self.findings}, key=_CATEGORY_ORDER.__getitem__)

    def to_json_dict(self) -> dict[str, Any]:
        """The ``casebook check-message --json`` contract."""
        return {
            "compliant": self.compliant,
            "findings": [
                {
                    "category": f.category.value,
                    "rule": f.rule,
                    "span": f.span,
                    "start": f.start,
                    "end": f.end,
                    "explanation": f.explanation,
                    "citation": f.citation,
                    "hint": f.hint,
                    "rule_title": f.rule_title,
                }
                for f in self.findings
            ],
        }


#: The former name of :class:`Verdict`.
MessageCheck = Verdict


def _negated(lexicon: Lexicon, norm: Normalised, start: int, clause_start: int) -> bool:
    """A negation cue governs the match: "我们不会（以任何方式）联系您的家人"."""
    before = norm.text[clause_start:start]
    if lexicon.negation_overrides.search(before):
        return False
    cues = list(lexicon.negation_cues.finditer(before))
    if not cues:
        return False
    cue = cues[-1]
    gap = before[cue.end() :]
    if len(gap) > lexicon.negation_max_gap:
        return False
    strong = lexicon.negation_strong_cues.search(before, cue.start(), cue.end() + 3)
    return bool(strong) or not lexicon.negation_blockers.search(gap)


def _excused(
    lexicon: Lexicon, matcher: CompiledMatcher, norm: Normalised, start: int, end: int
) -> bool:
    """An ``unless`` pattern occurs near the match, within the same sentence."""
    lo, hi = norm.sentence_bounds(start, end)
    window = lexicon.unless_window
    return bool(matcher.unless.search(norm.text, max(lo, start - window), min(hi, end + window)))


@dataclass(frozen=True)
class Hit:
    """A matcher's match, in normalised (``norm_*``) and original (``start``/``end``) offsets."""

    matcher: CompiledMatcher
    norm_start: int
    norm_end: int
    start: int
    end: int


def scan(
    lexicon: Lexicon,
    norm: Normalised,
    matchers: Iterable[CompiledMatcher],
    recipient: Recipient,
) -> list[Hit]:
    """Every match of ``matchers`` in ``norm`` that applies to ``recipient``.

    A match may not cross the end of a sentence; a negation cue governing it (matcher
    ``negatable``) or an ``unless`` pattern nearby clears it.
    """
    hits: list[Hit] = []
    for matcher in matchers:
        if recipient not in matcher.recipients:
            continue
        for match in matcher.regex.finditer(norm.text):
            s, e = match.span()
            if s == e or norm.crosses_sentence(s, e):
                continue
            clause_start, _ = norm.clause_bounds(s, e)
            if matcher.negatable and _negated(lexicon, norm, s, clause_start):
                continue
            if matcher.unless is not None and _excused(lexicon, matcher, norm, s, e):
                continue
            start, end = norm.original_span(s, e)
            hits.append(Hit(matcher, s, e, start, end))
    return hits


def make_finding(
    matcher: CompiledMatcher, rule: Rule, label: str, text: str, start: int, end: int
) -> Finding:
    """The finding for ``text[start:end]``, reported under ``rule`` of a pack."""
    citations = [format_citation(c) for c in rule.citations]
    return Finding(
        category=matcher.category,
        category_label=label,
        rule=rule.id,
        rule_title=rule.title,
        status=STATUS_LABELS[rule.status],
        span=text[start:end],
        start=start,
        end=end,
        title=matcher.title,
        explanation=matcher.explanation,
        citation=citations[0],
        citations=citations,
        hint=matcher.hint,
        matcher=matcher.key,
    )


def drop_contained(findings: list[Finding]) -> list[Finding]:
    """Within a category, keep one finding per place: drop spans inside another's span."""
    kept: list[Finding] = []
    by_size = sorted(findings, key=lambda f: (-(f.end - f.start), f.start))
    for f in by_size:
        if any(k.category == f.category and k.start <= f.start and f.end <= k.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, _CATEGORY_ORDER[f.category], f.end))


def check_message(
    text: str,
    recipient: RecipientName = "debtor",
    lexicon: Lexicon | None = None,
    packs: Sequence[Pack] | None = None,
) -> Verdict:
    """Check ``text`` sent to ``recipient``: the wording judge, :func:`casebook.wording.judge`.

    Kept under this name for existing callers; ``packs`` defaults to the law pack.
    """
    from casebook.wording.engine import judge

    return judge(text, recipient, packs, lexicon=lexicon)
