"""Score a wording checker on the corpus, split by source.

A checker is any callable ``(text, recipient) -> category ids``; by default the message
checker of :mod:`casebook.msgcheck`. Scores are per message:

* **recall** — share of violations with at least one finding;
* **false-alarm rate** — share of compliant messages with at least one finding;
* **per category** — precision and recall, a category counting as found when it is both
  labelled and reported for the message (the same counting as the checker's own
  evaluation set, :class:`casebook.msgcheck.evaluation.CategoryScore`);
* **per pattern** — for violation patterns, the share of messages flagged at all and the
  share where a category the pattern stands for was reported; for compliant patterns, the
  share of messages wrongly flagged.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd

from casebook.msgcheck.evaluation import CategoryScore
from casebook.msgcheck.schema import Category, Recipient
from casebook.wording.corpus import (
    COMPLIANT_PATTERNS,
    PATTERN_CATEGORIES,
    Corpus,
    CorpusItem,
    Label,
    Pattern,
    load_corpus,
)

Checker = Callable[[str, str], Collection[str]]
"""``(text, recipient) -> reported category ids``."""

MESSAGE_LENGTH = 200


def current_checker(text: str, recipient: str) -> set[str]:
    """The categories :func:`casebook.msgcheck.check_message` reports for ``text``."""
    from casebook.msgcheck import check_message

    return {c.value for c in check_message(text, Recipient(recipient)).categories()}


@dataclass(frozen=True)
class ItemResult:
    """What the checker reported for one item."""

    item: CorpusItem
    reported: frozenset[Category]

    @property
    def flagged(self) -> bool:
        """The checker reported at least one category."""
        return bool(self.reported)

    @property
    def correct(self) -> bool:
        """Reported categories equal the labelled ones."""
        return self.reported == frozenset(self.item.categories)


@dataclass
class PatternScore:
    """Counts for the items carrying one pattern."""

    items: int = 0
    flagged: int = 0
    right_category: int = 0

    @property
    def flagged_share(self) -> float | None:
        """Share of the items that got at least one finding."""
        return self.flagged / self.items if self.items else None

    @property
    def right_category_share(self) -> float | None:
        """Share of the items where a category the pattern stands for was reported."""
        return self.right_category / self.items if self.items else None


@dataclass
class CorpusReport:
    """Scores of a checker on one split of the corpus."""

    split: str
    results: list[ItemResult]
    categories: dict[Category, CategoryScore] = field(default_factory=dict)
    patterns: dict[Pattern, PatternScore] = field(default_factory=dict)

    @property
    def violations(self) -> list[ItemResult]:
        """Results for items labelled as violations."""
        return [r for r in self.results if r.item.label is Label.VIOLATION]

    @property
    def compliant(self) -> list[ItemResult]:
        """Results for items labelled compliant."""
        return [r for r in self.results if r.item.label is Label.COMPLIANT]

    @property
    def recall(self) -> float:
        """Share of violations with at least one finding."""
        found = self.violations
        return sum(r.flagged for r in found) / len(found) if found else 0.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of compliant items with at least one finding."""
        clean = self.compliant
        return sum(r.flagged for r in clean) / len(clean) if clean else 0.0

    def obfuscated_false_alarm_rate(self) -> float | None:
        """Share of compliant items written with obfuscations that got a finding."""
        clean = [r for r in self.compliant if Pattern.OBFUSCATED in r.item.patterns]
        return sum(r.flagged for r in clean) / len(clean) if clean else None

    def micro(self) -> CategoryScore:
        """Category counts summed over all categories."""
        total = CategoryScore()
        for score in self.categories.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total

    def macro_category_recall(self) -> float | None:
        """Mean of the per-category recalls (categories with support only)."""
        recalls = [s.recall for s in self.categories.values() if s.recall is not None]
        return sum(recalls) / len(recalls) if recalls else None

    def mistakes(self) -> list[ItemResult]:
        """Items whose reported categories differ from the labelled ones."""
        return [r for r in self.results if not r.correct]

    def category_table(self) -> pd.DataFrame:
        """Per-category support, precision and recall, plus the micro total."""
        rows = [_score_row(c.value, s) for c, s in self.categories.items()]
        rows.append(_score_row("（合计）", self.micro()))
        return pd.DataFrame(rows)

    def pattern_table(self) -> pd.DataFrame:
        """Per pattern: flagged share (recall for violations, false alarms for compliant items).

        The ``obfuscated`` row counts violations only; see :meth:`obfuscated_false_alarm_rate`.
        """
        rows = []
        for pattern, score in self.patterns.items():
            compliant = pattern in COMPLIANT_PATTERNS
            rows.append(
                {
                    "模式": pattern.value,
                    "类型": "合规" if compliant else "违规",
                    "条数": score.items,
                    "被标记": _fmt(score.flagged_share),
                    "类别正确": "—" if compliant else _fmt(score.right_category_share),
                }
            )
        return pd.DataFrame(rows)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _score_row(name: str, score: CategoryScore) -> dict[str, object]:
    return {
        "类别": name,
        "样本数": score.support,
        "精确率": _fmt(score.precision),
        "召回率": _fmt(score.recall),
    }


def score_results(split: str, results: Sequence[ItemResult]) -> CorpusReport:
    """Aggregate item results into a report."""
    report = CorpusReport(split=split, results=list(results))
    report.categories = {c: CategoryScore() for c in Category}
    counts: dict[Pattern, PatternScore] = {}
    for result in results:
        expected = set(result.item.categories)
        for category in Category:
            reported = category in result.reported
            if reported and category in expected:
                report.categories[category].tp += 1
            elif reported:
                report.categories[category].fp += 1
            elif category in expected:
                report.categories[category].fn += 1
        for pattern in result.item.patterns:
            if pattern is Pattern.OBFUSCATED and result.item.label is Label.COMPLIANT:
                continue  # counted by CorpusReport.obfuscated_false_alarm_rate
            score = counts.setdefault(pattern, PatternScore())
            score.items += 1
            score.flagged += result.flagged
            wanted = PATTERN_CATEGORIES.get(pattern, expected)
            score.right_category += bool(result.reported & wanted & expected)
    report.patterns = {p: counts[p] for p in Pattern if p in counts}
    return report


def evaluate_corpus(
    split: str = "test", checker: Checker | None = None, corpus: Corpus | None = None
) -> CorpusReport:
    """Run ``checker`` (default: the current message checker) over one split of the corpus."""
    corpus = corpus or load_corpus()
    checker = checker or current_checker
    results = []
    for item in corpus.items_in(split):
        reported = frozenset(Category(c) for c in checker(item.text, item.recipient.value))
        results.append(ItemResult(item, reported))
    return score_results(split, results)


def messages_of_length(items: Sequence[CorpusItem], length: int = MESSAGE_LENGTH):
    """One ``(text, recipient)`` per item: corpus texts glued from that item on, cut to ``length``."""
    out = []
    for start, item in enumerate(items):
        glued, j = "", start
        while len(glued) < length:
            glued += items[j % len(items)].text
            j += 1
        out.append((glued[:length], item.recipient.value))
    return out


def median_check_ms(
    items: Sequence[CorpusItem],
    checker: Checker | None = None,
    length: int = MESSAGE_LENGTH,
    repeats: int = 3,
) -> float:
    """Median milliseconds ``checker`` takes for one ``length``-character message."""
    from casebook.wording.engine import forget_verdicts

    checker = checker or current_checker
    messages = messages_of_length(items, length)
    checker(*messages[0])  # load lexicons or models outside the timing
    samples = []
    for text, recipient in messages * repeats:
        forget_verdicts()  # the judge remembers verdicts: time the judging, not the memo
        began = time.perf_counter()
        checker(text, recipient)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)
