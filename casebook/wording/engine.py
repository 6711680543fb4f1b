"""The wording judge: one place that decides whether a message's wording is compliant.

    from casebook.wording import judge
    verdict = judge("再不还钱就等着坐牢吧", "debtor", packs)
    verdict.compliant               # False
    verdict.findings[0].rule        # "CN-NO-CRIMINAL-THREAT"

The planner and the campaign (through the ``wording`` checker of a pack), the graded
exercises (:mod:`casebook.grading.textcheck`), ``casebook check-message`` and the message
checker notebook all call :func:`judge`, so a message gets the same verdict everywhere.

What the judge looks for is data: the lexicon (``casebook/data/msgcheck/``) and the packs.
A pack rule with ``check: wording`` lists the matchers it enforces and may add phrases of
its own (see :mod:`casebook.checks.conduct`); a finding is reported under the rule that
claims its matcher, with that rule's citation. A matcher no loaded rule claims is not
reported, so the packs decide which wording rules apply.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from casebook.checks.conduct import WordingParams
from casebook.msgcheck.engine import (
    Finding,
    Hit,
    RecipientName,
    Verdict,
    drop_contained,
    escalate,
    make_finding,
    scan,
)
from casebook.msgcheck.lexicon import CompiledMatcher, Lexicon, default_lexicon, last_quote
from casebook.msgcheck.mentions import mentioned_spans
from casebook.msgcheck.normalize import Normalised
from casebook.msgcheck.schema import Category, Recipient
from casebook.policy.schema import Pack, Rule
from casebook.wording.learned import LearnedModel, char_ngrams, default_model, model_input
from casebook.wording.suggest import suggest

CHECK = "wording"


@dataclass(frozen=True)
class Book:
    """The judge set up for some packs: the matchers to run and the rule reporting each."""

    lexicon: Lexicon
    matchers: tuple[CompiledMatcher, ...]
    rules: dict[str, Rule]  # matcher key → reporting rule
    packs: tuple[Pack, ...] = ()
    checked: dict[tuple[str, str], bool] = field(default_factory=dict)  # suggestions judged
    #: Verdicts already given, by (text, recipient, learned, suggestions): the same offered
    #: reply is judged again and again when a cohort's calls are graded.
    verdicts: dict[tuple[str, str, bool, bool], Verdict] = field(default_factory=dict)

    def lexicon_matcher(self, key: str) -> CompiledMatcher | None:
        """The matcher (scanned, phrase or derived) with ``key``."""
        for m in self.matchers:
            if m.key == key:
                return m
        return self.lexicon.derived.get(key)


def wording_rules(packs: Sequence[Pack]) -> list[tuple[Rule, WordingParams]]:
    """The rules of ``packs`` that judge wording, in pack order, with their parameters."""
    return [
        (rule, pack.params[rule.id]) for pack in packs for rule in pack.rules if rule.check == CHECK
    ]


def build_book(packs: Sequence[Pack], lexicon: Lexicon) -> Book:
    """Assign every lexicon matcher to the first wording rule that claims it; add phrases."""
    by_key = {m.key: m for m in (*lexicon.matchers, *lexicon.derived.values())}
    claimed: dict[str, Rule] = {}
    phrases: list[CompiledMatcher] = []
    for rule, params in wording_rules(packs):
        for pattern in params.matchers:
            for key in fnmatch.filter(by_key, pattern):
                claimed.setdefault(key, rule)
        if params.category is None:  # WordingParams allows phrases only with a category
            continue
        for number, phrase in enumerate(params.phrases, start=1):
            key = f"{rule.id}/phrase-{number}"
            phrases.append(
                CompiledMatcher(
                    category=params.category,
                    key=key,
                    title=params.title,
                    explanation=rule.why.strip(),
                    hint=rule.instead.strip(),
                    recipients=frozenset(params.recipients),
                    negatable=True,
                    regex=lexicon.compile_pattern(phrase),
                    unless=None,
                    rewrite=last_quote(rule.instead),
                )
            )
            claimed[key] = rule
    matchers = tuple(m for m in lexicon.matchers if m.key in claimed) + tuple(phrases)
    # derived matchers (escalations, the learned layer) are claimed like others, never scanned
    return Book(lexicon=lexicon, matchers=matchers, rules=claimed, packs=tuple(packs))


@lru_cache(maxsize=1)
def _default_packs() -> tuple[Pack, ...]:
    from casebook.policy.loader import DEFAULT_PACKS, load_packs

    return tuple(load_packs(DEFAULT_PACKS))


_BOOKS: dict[tuple[int, ...], tuple[tuple[Pack, ...], Lexicon, Book]] = {}


def book_for(packs: Sequence[Pack] | None = None, lexicon: Lexicon | None = None) -> Book:
    """The (cached) book for ``packs`` (default: the law pack) and ``lexicon``."""
    packs = tuple(packs) if packs else _default_packs()
    lexicon = lexicon or default_lexicon()
    key = (id(lexicon), *map(id, packs))
    cached = _BOOKS.get(key)
    # ids of collected objects can be reused: the cached packs must be these very objects.
    if cached and all(a is b for a, b in zip(cached[0], packs, strict=True)):
        return cached[2]
    book = build_book(packs, lexicon)
    if len(_BOOKS) > 32:
        _BOOKS.clear()
    _BOOKS[key] = (packs, lexicon, book)
    return book


def _model_opinion(
    book: Book, norm: Normalised, who: Recipient, model: LearnedModel | None = None
) -> tuple[dict[str, float], tuple[int, int]] | None:
    """The learned layer's probabilities and the original span they are about, or None
    when it knows too few of the text's two-character n-grams to have an opinion.

    A message is as suspect as its most suspect sentence: one threat inside a polite SMS
    is not averaged away. Each sentence, and the whole message, is scored; the highest
    probability of a violation wins.
    """
    model = model or default_model()
    minimum, shortest = book.lexicon.learned.min_bigrams, book.lexicon.learned.min_chars
    bounds = [0, *norm.sentence_breaks, len(norm.text)]
    parts = [(0, len(norm.text))] + [(a, b) for a, b in pairwise(bounds) if b > a]
    best: tuple[float, str, int, int] | None = None  # violation score, model input, span
    for a, b in dict.fromkeys(parts):
        if b - a < shortest:
            continue
        text = model_input(norm.text[a:b], who.value)
        if sum(1 for g in char_ngrams(text, 2, 2) if g in model.vocabulary) < minimum:
            continue
        score = model.scores(text, ("violation",))["violation"]
        if best is None or score > best[0]:
            best = (score, text, a, b)
    if best is None:
        return None
    _, text, a, b = best
    return model.scores(text), norm.original_span(a, b)  # every target, for the winner only


def _learned_finding(
    book: Book, text: str, category: Category, span: tuple[int, int], who: Recipient
) -> Finding | None:
    """A finding of the learned layer in ``category`` for ``span`` (None if it cannot be
    reported: no rule claims it, or it does not apply to this recipient)."""
    key = f"{category.value}/learned"
    matcher = book.lexicon.derived.get(key)
    if matcher is None or key not in book.rules or who not in matcher.recipients:
        return None
    if category is Category.DISCLOSURE and who is not Recipient.THIRD_PARTY:
        return None
    start, end = span
    finding = make_finding(
        matcher, book.rules[key], book.lexicon.category_labels[category], text, start, end
    )
    return finding.model_copy(update={"source": "model"})


def _learned_findings(
    book: Book, text: str, scores: dict[str, float], span: tuple[int, int], who: Recipient
) -> list[Finding]:
    """One finding, in the category the model finds likeliest, for the most suspect sentence."""
    ranked = sorted(
        (c for c in Category if c.value in scores), key=lambda c: scores[c.value], reverse=True
    )
    for category in ranked:
        finding = _learned_finding(book, text, category, span, who)
        if finding is not None:
            return [finding]
    return []


def _added_findings(
    book: Book,
    text: str,
    scores: dict[str, float],
    span: tuple[int, int],
    who: Recipient,
    findings: list[Finding],
) -> list[Finding]:
    """Categories the rules did not report but the model is confident of (see settings)."""
    settings = book.lexicon.learned
    found = {f.category for f in findings}
    added = []
    for category, threshold in settings.add_category.items():
        if category in found or scores.get(category.value, 0.0) < threshold:
            continue
        finding = _learned_finding(book, text, category, span, who)
        if finding is not None:
            added.append(finding)
    return added


def judge(
    text: str,
    recipient: RecipientName | Recipient = "debtor",
    packs: Sequence[Pack] | None = None,
    *,
    lexicon: Lexicon | None = None,
    learned: bool = True,
    suggestions: bool = True,
    model: LearnedModel | None = None,
) -> Verdict:
    """Judge the wording of ``text`` sent to ``recipient`` (``"debtor"`` or ``"third_party"``).

    Whether a message discloses a debt depends on the recipient: talking about the arrears
    is normal with the debtor and a breach with a third party. ``packs`` default to the law
    pack; pass the house pack too for its wording rules. ``learned=False`` leaves out the
    learned layer (rules only); ``suggestions=False`` skips the rewrites. ``model`` replaces
    the shipped learned layer (cross-validation trains one per fold).
    """
    who = Recipient(recipient)
    book = book_for(packs, lexicon)
    if model is not None:
        return _judge(book, text, who, learned, suggestions, model)
    key = (text, who.value, learned, suggestions)
    verdict = book.verdicts.get(key)
    if verdict is None:
        if len(book.verdicts) >= _MAX_REMEMBERED:
            book.verdicts.clear()
        verdict = book.verdicts[key] = _judge(book, text, who, learned, suggestions, None)
    return verdict


#: How many verdicts a book remembers (a few MB at most).
_MAX_REMEMBERED = 4096


def forget_verdicts() -> None:
    """Forget every remembered verdict (benchmarks time the judging itself, not the memo)."""
    for _, _, book in _BOOKS.values():
        book.verdicts.clear()
    _READINGS.clear()


@dataclass
class _Reading:
    """What a text sent to a recipient is, whatever the packs: its normalised form, each
    scanned matcher's hits and the learned layer's opinion. Books of the same lexicon share
    it, so a text judged under two sets of packs (the call simulator's turn: the law pack's
    words, then the call's packs) is read once; each book only maps the hits to its rules."""

    norm: Normalised
    hits: dict[int, tuple[CompiledMatcher, list[Hit]]] = field(default_factory=dict)
    opinion: tuple[tuple[dict[str, float], tuple[int, int]] | None] | None = None
    mentioned: tuple[tuple[int, int], ...] | None = None  # quotations only mentioned, once

    def hits_of(self, lexicon: Lexicon, matcher: CompiledMatcher, who: Recipient) -> list[Hit]:
        """``scan`` of one matcher, remembered (by the matcher object itself)."""
        known = self.hits.get(id(matcher))
        if known is None or known[0] is not matcher:
            if self.mentioned is None:
                self.mentioned = mentioned_spans(lexicon.mentions, self.norm)
            hits = scan(lexicon, self.norm, (matcher,), who, self.mentioned)
            known = self.hits[id(matcher)] = (matcher, hits)
        return known[1]


#: Readings by lexicon, then by (text, recipient); bounded like the books' verdicts.
_READINGS: dict[int, tuple[Lexicon, dict[tuple[str, str], _Reading]]] = {}


def _reading(lexicon: Lexicon, text: str, who: Recipient) -> _Reading:
    cached = _READINGS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        cached = _READINGS[id(lexicon)] = (lexicon, {})
    readings = cached[1]
    reading = readings.get((text, who.value))
    if reading is None:
        if len(readings) >= _MAX_REMEMBERED:
            readings.clear()
        reading = readings[(text, who.value)] = _Reading(lexicon.normalise(text))
    return reading


def _judge(
    book: Book,
    text: str,
    who: Recipient,
    learned: bool,
    suggestions: bool,
    model: LearnedModel | None,
) -> Verdict:
    reading = _reading(book.lexicon, text, who) if model is None else None
    norm = reading.norm if reading is not None else book.lexicon.normalise(text)
    if norm.empty:
        return Verdict(text=text, recipient=who, compliant=True, findings=[], empty=True)
    if reading is not None:  # the same hits as one scan of all of the book's matchers
        hits = [h for m in book.matchers for h in reading.hits_of(book.lexicon, m, who)]
    else:
        hits = scan(book.lexicon, norm, book.matchers, who)
    hits += escalate(book.lexicon, norm, hits, book.rules, who)
    findings = [
        make_finding(
            hit.matcher,
            book.rules[hit.matcher.key],
            book.lexicon.category_labels[hit.matcher.category],
            text,
            hit.start,
            hit.end,
        )
        for hit in hits
    ]
    findings = drop_contained(findings, book.lexicon.derived)
    score, reason = None, ""
    if learned:
        if reading is None:
            opinion = _model_opinion(book, norm, who, model)
        else:
            if reading.opinion is None:
                reading.opinion = (_model_opinion(book, norm, who),)
            opinion = reading.opinion[0]
        thresholds = book.lexicon.learned
        if opinion is not None:
            scores, span = opinion
            score = scores["violation"]
            if not findings and score >= thresholds.flag:
                findings = _learned_findings(book, text, scores, span, who)
                reason = LEARNED_ONLY
            elif not findings and score >= thresholds.doubt:
                reason = NEAR_THE_LINE
            elif findings:
                added = _added_findings(book, text, scores, span, who, findings)
                if added:
                    findings = sorted([*findings, *added], key=lambda f: (f.start, f.end))
                    reason = LEARNED_ADDED
                elif score < thresholds.contradict:
                    reason = RULES_ONLY
    if suggestions and findings:
        findings = [
            f.model_copy(update={"suggestion": _suggestion(book, text, f, findings, who)})
            for f in findings
        ]
    return Verdict(
        text=text,
        recipient=who,
        compliant=not findings,
        findings=findings,
        uncertain=bool(reason),
        uncertain_reason=reason,
        model_score=score,
    )


#: Why a verdict is uncertain (shown to the trainee and the trainer).
LEARNED_ONLY = "规则没有认出具体的违规说法，是统计模型认为这段话像违规话术；需人工复核。"
NEAR_THE_LINE = "规则没有发现问题，但统计模型认为这段话接近违规话术；建议人工复核。"
RULES_ONLY = "规则发现了问题，但统计模型认为整段话更像合规话术；请人工确认。"
LEARNED_ADDED = "规则发现了问题；统计模型认为这段话还可能属于另一类违规（标为统计模型判断的那一条），需人工复核。"


def _suggestion(
    book: Book, text: str, finding: Finding, findings: list[Finding], who: Recipient
) -> str:
    def rewrite_of(f: Finding) -> str:
        matcher = book.lexicon_matcher(f.matcher)
        return matcher.rewrite if matcher is not None else ""

    def passes(candidate: str) -> bool:
        key = (candidate, who.value)
        if key not in book.checked:
            verdict = judge(
                candidate, who.value, book.packs, lexicon=book.lexicon, suggestions=False
            )
            book.checked[key] = verdict.compliant and not verdict.uncertain
        return book.checked[key]

    return suggest(text, finding, findings, who.value, book.lexicon, rewrite_of, passes)
