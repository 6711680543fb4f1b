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
from dataclasses import dataclass
from functools import lru_cache

from casebook.checks.conduct import WordingParams
from casebook.msgcheck.engine import (
    RecipientName,
    Verdict,
    drop_contained,
    make_finding,
    scan,
)
from casebook.msgcheck.lexicon import CompiledMatcher, Lexicon, default_lexicon
from casebook.msgcheck.schema import Recipient
from casebook.policy.schema import Pack, Rule

CHECK = "wording"


@dataclass(frozen=True)
class Book:
    """The judge set up for some packs: the matchers to run and the rule reporting each."""

    lexicon: Lexicon
    matchers: tuple[CompiledMatcher, ...]
    rules: dict[str, Rule]  # matcher key → reporting rule


def wording_rules(packs: Sequence[Pack]) -> list[tuple[Rule, WordingParams]]:
    """The rules of ``packs`` that judge wording, in pack order, with their parameters."""
    return [
        (rule, pack.params[rule.id]) for pack in packs for rule in pack.rules if rule.check == CHECK
    ]


def build_book(packs: Sequence[Pack], lexicon: Lexicon) -> Book:
    """Assign every lexicon matcher to the first wording rule that claims it; add phrases."""
    by_key = {m.key: m for m in lexicon.matchers}
    claimed: dict[str, Rule] = {}
    phrases: list[CompiledMatcher] = []
    for rule, params in wording_rules(packs):
        for pattern in params.matchers:
            for key in fnmatch.filter(by_key, pattern):
                claimed.setdefault(key, rule)
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
                )
            )
            claimed[key] = rule
    matchers = tuple(m for m in lexicon.matchers if m.key in claimed) + tuple(phrases)
    return Book(lexicon=lexicon, matchers=matchers, rules=claimed)


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


def judge(
    text: str,
    recipient: RecipientName = "debtor",
    packs: Sequence[Pack] | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> Verdict:
    """Judge the wording of ``text`` sent to ``recipient`` (``"debtor"`` or ``"third_party"``).

    Whether a message discloses a debt depends on the recipient: talking about the arrears
    is normal with the debtor and a breach with a third party. ``packs`` default to the law
    pack; pass the house pack too for its wording rules.
    """
    who = Recipient(recipient)
    book = book_for(packs, lexicon)
    norm = book.lexicon.normalise(text)
    findings = [
        make_finding(
            hit.matcher,
            book.rules[hit.matcher.key],
            book.lexicon.category_labels[hit.matcher.category],
            text,
            hit.start,
            hit.end,
        )
        for hit in scan(book.lexicon, norm, book.matchers, who)
    ]
    findings = drop_contained(findings)
    return Verdict(text=text, recipient=who, compliant=not findings, findings=findings)
