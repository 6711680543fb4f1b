"""Score the message checker on its labelled evaluation set.

The set (``casebook/data/msgcheck/eval/*.yaml``) holds messages written for this project,
each with its recipient, the categories a careful reviewer would report, and a split:
``dev`` messages were used while writing the lexicons, ``test`` messages were written
afterwards and are the honest measure. Scores are per message: a category is a true
positive when it is both expected and reported for that message.

The set predates the labelling rules of the sourced corpus (``casebook/data/wording/README.md``),
which the judge follows: exposure, an invented consequence, a demand on relatives or
harassment *used as pressure* ("不还就通知你家人") is also a threat (rules 2, 4, 5, 6); a
claim to be a court or the police that asserts a legal status is also a false statement,
and a threat when it comes with a deadline or a police report (rule 5); pressure by
following or visiting is tagged both threat and harassment (pattern ``visit_pressure``),
and a threat of jail or arrest is also an invented legal consequence (``false_consequence``).
The older labels do not say either way for those messages, so such extra reports are left
unscored (:data:`UNSCORED_EXTRAS`): neither counted as right nor as a false alarm. Every
category the older labels do name is scored as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from casebook.msgcheck.engine import check_message
from casebook.msgcheck.lexicon import Lexicon, LexiconError, default_data_dir, load_file
from casebook.msgcheck.schema import Category, EvalFile, EvalMessage


def eval_files(data_dir: str | Path | None = None) -> list[Path]:
    """The evaluation files shipped with the lexicons."""
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    return sorted((directory / "eval").glob("*.yaml"))


def load_eval_set(paths: Iterable[str | Path] | None = None) -> list[EvalMessage]:
    """Load and validate evaluation messages; ids must be unique across files."""
    messages: list[EvalMessage] = []
    seen: dict[str, Path] = {}
    for path in [Path(p) for p in paths] if paths is not None else eval_files():
        data, _ = load_file(EvalFile, path)
        for index, message in enumerate(data.messages):
            if message.id in seen:
                raise LexiconError(
                    f"{path}: field 'messages[{index}].id': duplicate id {message.id!r} "
                    f"(first in {seen[message.id]})"
                )
            seen[message.id] = path
            messages.append(message)
    return messages


@dataclass
class CategoryScore:
    """Message-level counts for one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        """Messages where the category is expected."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        """Share of reports that were expected (None when nothing was reported)."""
        reported = self.tp + self.fp
        return self.tp / reported if reported else None

    @property
    def recall(self) -> float | None:
        """Share of expected categories that were reported (None without support)."""
        return self.tp / self.support if self.support else None


@dataclass
class Mistake:
    """A message whose reported categories differ from the expected ones."""

    message: EvalMessage
    reported: list[str]


@dataclass
class EvalReport:
    """Scores over a set of messages."""

    messages: int
    compliant_messages: int
    false_alarms: int
    violating_messages: int
    missed_messages: int
    categories: dict[Category, CategoryScore]
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def false_alarm_rate(self) -> float:
        """Share of compliant messages with at least one finding."""
        return self.false_alarms / self.compliant_messages if self.compliant_messages else 0.0

    @property
    def missed_rate(self) -> float:
        """Share of violating messages with no finding at all."""
        return self.missed_messages / self.violating_messages if self.violating_messages else 0.0

    def micro(self) -> CategoryScore:
        """Counts summed over all categories."""
        total = CategoryScore()
        for score in self.categories.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total

    def table(self, labels: dict[Category, str] | None = None) -> pd.DataFrame:
        """Per-category precision and recall (rounded to 2 places) as a DataFrame."""
        rows = []
        for category, score in self.categories.items():
            rows.append(
                {
                    "类别": category.value,
                    "名称": (labels or {}).get(category, ""),
                    "样本数": score.support,
                    "精确率": _fmt(score.precision),
                    "召回率": _fmt(score.recall),
                }
            )
        micro = self.micro()
        rows.append(
            {
                "类别": "（合计）",
                "名称": "",
                "样本数": micro.support,
                "精确率": _fmt(micro.precision),
                "召回率": _fmt(micro.recall),
            }
        )
        return pd.DataFrame(rows)


#: Labelled category → extra reported categories the older labels leave open (see above).
UNSCORED_EXTRAS: dict[Category, frozenset[Category]] = {
    Category.PRIVACY: frozenset({Category.THREAT}),
    Category.MISLEADING: frozenset({Category.THREAT}),
    # a claimed liability is also a false statement (the corpus labels it so; these did not)
    Category.DEBT_OF_OTHERS: frozenset({Category.THREAT, Category.MISLEADING}),
    Category.HARASSMENT: frozenset({Category.THREAT}),
    Category.IMPERSONATION: frozenset({Category.MISLEADING, Category.THREAT}),
    Category.THREAT: frozenset({Category.HARASSMENT, Category.MISLEADING}),
}


def unscored(expected: set[Category]) -> set[Category]:
    """Reported categories not scored for a message labelled ``expected``."""
    open_ = set().union(*(UNSCORED_EXTRAS.get(c, frozenset()) for c in expected))
    return open_ - expected


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def evaluate_messages(
    messages: Sequence[EvalMessage], lexicon: Lexicon | None = None
) -> EvalReport:
    """Run the checker over ``messages`` and count agreements with the labels."""
    scores = {c: CategoryScore() for c in Category}
    report = EvalReport(0, 0, 0, 0, 0, scores)
    for message in messages:
        result = check_message(message.text, message.recipient.value, lexicon=lexicon)
        expected = set(message.expect)
        reported = set(result.categories()) - unscored(expected)
        report.messages += 1
        if expected:
            report.violating_messages += 1
            report.missed_messages += not reported
        else:
            report.compliant_messages += 1
            report.false_alarms += bool(reported)
        for category in Category:
            if category in reported and category in expected:
                scores[category].tp += 1
            elif category in reported:
                scores[category].fp += 1
            elif category in expected:
                scores[category].fn += 1
        if reported != expected:
            report.mistakes.append(Mistake(message, sorted(c.value for c in reported)))
    return report


def evaluate_split(split: str, lexicon: Lexicon | None = None) -> EvalReport:
    """Scores on one split (``dev``, ``test``) or on ``all`` messages."""
    messages = load_eval_set()
    if split != "all":
        messages = [m for m in messages if m.split == split]
    return evaluate_messages(messages, lexicon)
