"""The wording judge's building blocks: its verdict, and matching the lexicon on a message.

:func:`casebook.wording.judge` puts them together; :func:`check_message` is its former name.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.msgcheck.lexicon import CompiledEscalation, CompiledMatcher, Lexicon
from casebook.msgcheck.mentions import inside_any, mentioned_spans
from casebook.msgcheck.normalize import Normalised
from casebook.msgcheck.schema import Category, Recipient
from casebook.policy.schema import STATUS_LABELS, Citation, Pack, Rule

RecipientName = Literal["debtor", "third_party"]
_CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}


def format_citation(citation: Citation) -> str:
    """《文件》条款：「原文」, or the paraphrase note when no wording was read."""
    return citation.quoted()


class Finding(BaseModel):
    """One problem in a message.

    ``span`` is the offending text exactly as it appears in the input;
    ``text[start:end] == span``.
    """

    model_config = ConfigDict(frozen=True)

    category: Category
    category_label: str
    rule: str = Field(description="Id of the pack rule that reports it")
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
    suggestion: str = Field(
        default="",
        description="A compliant rewrite of the sentence holding the span; it passes the judge",
    )
    source: Literal["rule", "model"] = Field(
        default="rule", description="A rule of the lexicon, or the learned layer alone"
    )


class Verdict(BaseModel):
    """What the wording judge found in one message (:func:`casebook.wording.judge`).

    ``uncertain`` marks a verdict a person should review: the rules and the learned layer
    disagree, or the learned layer alone raised the findings (``uncertain_reason`` says
    which). ``empty`` marks a text with nothing to read (only spaces, punctuation or
    invisible characters); it has no findings.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    recipient: Recipient
    compliant: bool
    findings: list[Finding]
    uncertain: bool = False
    uncertain_reason: str = ""
    empty: bool = False
    model_score: float | None = Field(
        default=None, description="The learned layer's probability of a violation, if it had one"
    )

    def categories(self) -> list[Category]:
        """The categories found, in the standard order."""
        return sorted({f.category for f in self.findings}, key=_CATEGORY_ORDER.__getitem__)

    def graded_findings(self) -> tuple[list[Finding], list[Finding]]:
        """The findings a score deducts for, and the learned layer's guesses left to a reviewer.

        A category the model only adds to what the rules found is right about six times in ten
        (``learned.add_category``), so it is reported for review, not deducted. When the model
        alone found the problem (no rule finding), its finding is scored (the verdict is then
        uncertain and marked for review).
        """
        ruled = [f for f in self.findings if f.source != "model"]
        if not ruled:
            return list(self.findings), []
        return ruled, [f for f in self.findings if f.source == "model"]

    def to_json_dict(self) -> dict[str, Any]:
        """The ``casebook check-message --json`` contract."""
        return {
            "compliant": self.compliant,
            "uncertain": self.uncertain,
            "findings": [
                {
                    "category": f.category.value,
                    "rule": f.rule,
                    "span": f.span,
                    "start": f.start,
                    "end": f.end,
                    "explanation": f.explanation,
                    "citation": f.citation,
                    "suggestion": f.suggestion,
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
    lexicon: Lexicon, unless: re.Pattern[str], norm: Normalised, start: int, end: int
) -> bool:
    """An ``unless`` pattern occurs near the match, within the same sentence."""
    lo, hi = norm.sentence_bounds(start, end)
    window = lexicon.unless_window
    return bool(unless.search(norm.text, max(lo, start - window), min(hi, end + window)))


@dataclass(frozen=True)
class Hit:
    """A matcher's match, in normalised (``norm_*``) and original (``start``/``end``) offsets."""

    matcher: CompiledMatcher
    norm_start: int
    norm_end: int
    start: int
    end: int


def _matches(
    regex: re.Pattern[str], norm: Normalised, clause: bool = False
) -> Iterable[tuple[int, int]]:
    """Non-empty matches of ``regex`` that stay within one sentence (``clause``: one clause).

    A match that runs across the end of a sentence (clause) is not taken, and does not hide
    a shorter match inside the sentence (clause) where it starts: that part is searched alone.
    """
    crosses, bounds = (
        (norm.crosses_clause, norm.clause_bounds)
        if clause
        else (norm.crosses_sentence, norm.sentence_bounds)
    )
    text, pos, size = norm.text, 0, len(norm.text)
    while pos <= size:
        match = regex.search(text, pos)
        if match is None:
            return
        s, e = match.span()
        if s == e:
            pos = e + 1
            continue
        if not crosses(s, e):
            yield s, e
            pos = e
            continue
        _, end_of_part = bounds(s, s + 1)
        for inner in regex.finditer(text, s, end_of_part):
            if inner.end() > inner.start():
                yield inner.span()
        pos = end_of_part


def scan(
    lexicon: Lexicon,
    norm: Normalised,
    matchers: Iterable[CompiledMatcher],
    recipient: Recipient,
    mentioned: tuple[tuple[int, int], ...] | None = None,
) -> list[Hit]:
    """Every match of ``matchers`` in ``norm`` that applies to ``recipient``.

    A match may not cross the end of a sentence; a negation cue governing it (matcher
    ``negatable``), an ``unless`` pattern nearby or an ``unless_in_message`` pattern
    anywhere in the message clears it, and so does a quotation the message only mentions
    (``mentioned``: :func:`~casebook.msgcheck.mentions.mentioned_spans`, worked out here unless
    the caller already has them).
    """
    hits: list[Hit] = []
    if mentioned is None:
        mentioned = mentioned_spans(lexicon.mentions, norm)
    for matcher in matchers:
        if recipient not in matcher.recipients or matcher.regex is None:
            continue
        if matcher.unless_in_message is not None and matcher.unless_in_message.search(norm.text):
            continue
        for s, e in _matches(matcher.regex, norm, matcher.clause):
            clause_start, _ = norm.clause_bounds(s, e)
            if matcher.negatable and _negated(lexicon, norm, s, clause_start):
                continue
            if matcher.unless is not None and _excused(lexicon, matcher.unless, norm, s, e):
                continue
            if mentioned and inside_any(mentioned, s, e):
                continue
            start, end = norm.original_span(s, e)
            hits.append(Hit(matcher, s, e, start, end))
    return hits


def _pressure_cue(lexicon: Lexicon, norm: Normalised, hit: Hit, when: str) -> re.Match | None:
    """The cue that makes ``hit`` pressure (see :class:`~casebook.msgcheck.schema.Escalation`)."""
    cues = lexicon.pressure
    _, hi = norm.sentence_bounds(hit.norm_start, hit.norm_end)
    lo = max(0, hit.norm_start - cues.window)
    # a condition governs what follows it ("不还就通知你家人"), not what precedes it
    found = cues.condition.search(norm.text, lo, hit.norm_end)
    if found:
        return found
    found = cues.deadline.search(norm.text, lo, hi)
    if found:
        return found
    if when != "announced":
        return None
    done = cues.done.search(norm.text, max(lo, hit.norm_start - 6), hit.norm_start)
    if done is not None:
        return None
    return cues.announcement.search(norm.text, lo, hi)


def escalate(
    lexicon: Lexicon,
    norm: Normalised,
    hits: Iterable[Hit],
    claimed: Container[str],
    recipient: Recipient,
) -> list[Hit]:
    """Threats implied by other findings used as pressure ("不还就通知你家人")."""
    out: list[Hit] = []
    for hit in hits:
        for spec in hit.matcher.escalate:
            found = _escalation(lexicon, norm, hit, spec, claimed, recipient)
            if found is not None:
                out.append(found)
    return out


def _escalation(
    lexicon: Lexicon,
    norm: Normalised,
    hit: Hit,
    spec: CompiledEscalation,
    claimed: Container[str],
    recipient: Recipient,
) -> Hit | None:
    """The finding ``spec`` derives from ``hit``, or None when its conditions are not met."""
    if spec.to not in claimed or recipient not in spec.recipients:
        return None
    if lexicon.derived[spec.to].category is hit.matcher.category:
        return None  # already a finding of that category, with a more specific explanation
    lo, hi = norm.sentence_bounds(hit.norm_start, hit.norm_end)
    if spec.needs is not None and not spec.needs.search(
        norm.text, max(0, hit.norm_start - lexicon.pressure.window), hi
    ):
        return None
    if spec.when == "always":
        s, e = hit.norm_start, hit.norm_end
    else:
        cue = _pressure_cue(lexicon, norm, hit, spec.when)
        if cue is None:
            return None
        s, e = min(cue.start(), hit.norm_start), max(cue.end(), hit.norm_end)
        if norm.crosses_sentence(s, e):
            s, e = max(s, lo), min(e, hi)
    start, end = norm.original_span(s, e)
    return Hit(lexicon.derived[spec.to], s, e, start, end)


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


def drop_contained(findings: list[Finding], derived: Container[str] = ()) -> list[Finding]:
    """Within a category, keep one finding per place: drop spans inside another's span.

    A finding of a ``derived`` matcher (an escalation) gives way to a finding of the lexicon
    in the same category that it overlaps: the lexicon's explanation is the more specific.
    """
    lexical = [f for f in findings if f.matcher not in derived]
    findings = [
        f
        for f in findings
        if f.matcher not in derived
        or not any(
            k.category == f.category and k.start < f.end and f.start < k.end for k in lexical
        )
    ]
    kept: list[Finding] = []
    by_size = sorted(findings, key=lambda f: (-(f.end - f.start), f.start))
    for f in by_size:
        if any(k.category == f.category and k.start <= f.start and f.end <= k.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, _CATEGORY_ORDER[f.category], f.end))


def check_message(
    text: str,
    recipient: RecipientName | Recipient = "debtor",
    lexicon: Lexicon | None = None,
    packs: Sequence[Pack] | None = None,
) -> Verdict:
    """Check ``text`` sent to ``recipient``: the wording judge, :func:`casebook.wording.judge`.

    Kept under this name for existing callers; ``packs`` defaults to the law pack.
    """
    from casebook.wording.engine import judge

    return judge(text, recipient, packs, lexicon=lexicon)
