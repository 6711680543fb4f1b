"""Print the wording judge's quality and speed on its labelled evaluation sets, against its targets.

Usage: python bench/msgcheck_eval.py [--split dev|test|all] [--corpus-split dev|test|all]
                                     [--mistakes] [--dev-cv [FOLDS]]

1. The project's own evaluation set (casebook/data/msgcheck/eval/): precision and recall per
   category and the false-alarm rate on compliant messages, for the dev split (the lexicons
   were tuned on it), the held-out test split and all messages.
2. The sourced wording corpus (casebook/data/wording/), split by source (default: test):
   recall, false-alarm rate, per-category precision and recall, per-pattern recall, and the
   median time to check one 200-character message built from corpus texts, each compared
   with the targets of issue 13 (recall ≥ 0.90, false alarms ≤ 0.05, category recall
   ≥ 0.80, ≤ 5 ms). Develop on the dev split; the test split is for reporting only.
3. ``--dev-cv``: instead of 1. and 2., source-grouped cross-validation inside the dev split
   (scikit-learn ``GroupKFold`` by source, 5 folds): for each fold the learned layer is
   retrained on the other folds' sources (plus the evaluation set's dev split, which it
   always learns from) and the judge scores the fold's messages, so the
   model never sees a source it is scored on. The same table and targets are printed. The
   rules were written while reading the dev split, so this figure is still optimistic for
   them; it is the figure to make decisions on, never the test split.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

from casebook.msgcheck import check_message, default_lexicon
from casebook.msgcheck.evaluation import EvalReport, evaluate_split, load_eval_set
from casebook.msgcheck.schema import Category
from casebook.wording import judge, load_corpus
from casebook.wording.engine import forget_verdicts
from casebook.wording.evaluate import CorpusReport, ItemResult, evaluate_corpus, score_results
from casebook.wording.evaluate import median_check_ms as corpus_median_check_ms

MESSAGE_LENGTH = 200


def _print_report(name: str, report: EvalReport, show_mistakes: bool) -> None:
    labels = default_lexicon().category_labels
    print(
        f"\n== {name}: {report.messages} messages "
        f"({report.compliant_messages} compliant, {report.violating_messages} violating)"
    )
    table = report.table(labels)
    print(table.to_string(index=False))
    print(
        f"false-alarm rate on compliant messages: {report.false_alarm_rate:.1%} "
        f"({report.false_alarms}/{report.compliant_messages})"
    )
    print(
        f"violating messages with no finding: {report.missed_rate:.1%} "
        f"({report.missed_messages}/{report.violating_messages})"
    )
    if show_mistakes and report.mistakes:
        print("mistakes:")
        for mistake in report.mistakes:
            m = mistake.message
            print(
                f"  {m.id} [{m.recipient.value}] expected {sorted(c.value for c in m.expect)} "
                f"got {mistake.reported}: {m.text}"
            )


def _messages_of_length(length: int) -> list[tuple[str, str]]:
    """Evaluation texts glued together and cut to ``length`` characters."""
    texts = [(m.text, m.recipient.value) for m in load_eval_set()]
    out = []
    for i, (_, recipient) in enumerate(texts):
        glued = ""
        j = i
        while len(glued) < length:
            glued += texts[j % len(texts)][0]
            j += 1
        out.append((glued[:length], recipient))
    return out


def median_check_ms(length: int = MESSAGE_LENGTH, repeats: int = 3) -> float:
    """Median milliseconds to check one message of ``length`` characters."""
    default_lexicon()  # load once, outside the timing
    samples = []
    for text, recipient in _messages_of_length(length) * repeats:
        forget_verdicts()  # the judge remembers verdicts: time the judging, not the memo
        began = time.perf_counter()
        check_message(text, recipient)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def _print_corpus_report(report: CorpusReport, show_mistakes: bool) -> None:
    violations, compliant = len(report.violations), len(report.compliant)
    micro = report.micro()
    print(
        f"\n== wording corpus, {report.split} split (source-disjoint): {len(report.results)} "
        f"messages ({compliant} compliant, {violations} violating)"
    )
    flagged = sum(r.flagged for r in report.violations)
    alarms = sum(r.flagged for r in report.compliant)
    print(f"recall (violations with a finding): {report.recall:.2f} ({flagged}/{violations})")
    print(
        f"false-alarm rate on compliant messages: {report.false_alarm_rate:.2f} ({alarms}/{compliant})"
    )
    print(
        f"category recall: micro {micro.recall or 0:.2f}, macro {report.macro_category_recall() or 0:.2f}; "
        f"category precision: micro {micro.precision or 0:.2f}"
    )
    print(report.category_table().to_string(index=False))
    print(report.pattern_table().to_string(index=False))
    rate = report.obfuscated_false_alarm_rate()
    if rate is not None:
        print(f"false-alarm rate on obfuscated compliant messages: {rate:.2f}")
    if show_mistakes:
        print("mistakes:")
        for result in report.mistakes():
            item = result.item
            print(
                f"  {item.id} [{item.recipient.value}] expected {sorted(c.value for c in item.categories)} "
                f"got {sorted(c.value for c in result.reported)}: {item.text}"
            )


TARGETS = {"recall": 0.90, "false_alarms": 0.05, "category_recall": 0.80, "median_ms": 5.0}


def _targets(report: CorpusReport, median_ms: float) -> None:
    micro = report.micro().recall or 0.0
    macro = report.macro_category_recall() or 0.0
    rows = [
        ("recall", report.recall, report.recall >= TARGETS["recall"], "≥ 0.90"),
        (
            "false-alarm rate",
            report.false_alarm_rate,
            report.false_alarm_rate <= TARGETS["false_alarms"],
            "≤ 0.05",
        ),
        ("category recall (micro)", micro, micro >= TARGETS["category_recall"], "≥ 0.80"),
        ("category recall (macro)", macro, macro >= TARGETS["category_recall"], "≥ 0.80"),
        ("median ms / 200 chars", median_ms, median_ms <= TARGETS["median_ms"], "≤ 5"),
    ]
    print(f"\n== targets (issue 13), {report.split} split")
    for name, value, ok, target in rows:
        print(f"  {name:<26} {value:6.2f}  target {target:<7} {'met' if ok else 'NOT MET'}")


def trainer():
    """``tools/train_wording_model.py`` as a module."""
    path = Path(__file__).resolve().parent.parent / "tools" / "train_wording_model.py"
    spec = importlib.util.spec_from_file_location("train_wording_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_fold_models(folds: int = 5):
    """Source-grouped folds of the dev split: ``(items, model, rows)`` per fold, where
    ``model`` is the learned layer trained without the sources of ``items[rows]``."""
    from sklearn.model_selection import GroupKFold

    from casebook.wording.learned import LearnedModel

    train = trainer()
    items = load_corpus().items_in("dev")
    texts, labels = train.training_set()
    extra_texts, extra_labels = train.extra_training_set()
    texts, labels = texts[: len(items)], labels[: len(items)]  # the corpus part, in order
    groups = [item.source for item in items]
    for train_rows, test_rows in GroupKFold(n_splits=folds).split(texts, groups=groups):
        model = LearnedModel.from_dict(
            train.train(
                [texts[i] for i in train_rows] + extra_texts,
                [labels[i] for i in train_rows] + extra_labels,
            )
        )
        yield items, model, list(test_rows)


def dev_cross_validation(folds: int = 5) -> CorpusReport:
    """The judge on the dev split, each fold scored by a learned layer trained without its sources."""
    results: list[ItemResult] = []
    for items, model, rows in dev_fold_models(folds):
        for i in rows:
            item = items[i]
            verdict = judge(item.text, item.recipient.value, model=model, suggestions=False)
            reported = frozenset(Category(c) for c in {f.category for f in verdict.findings})
            results.append(ItemResult(item, reported))
    return score_results(f"dev ({folds}-fold source-grouped CV)", results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], help="only this split")
    parser.add_argument(
        "--corpus-split",
        choices=["dev", "test", "all"],
        default="test",
        help="split of the wording corpus to score (default: test)",
    )
    parser.add_argument("--mistakes", action="store_true", help="list misclassified messages")
    parser.add_argument(
        "--dev-cv",
        nargs="?",
        type=int,
        const=5,
        metavar="FOLDS",
        help="source-grouped cross-validation inside the dev split (default 5 folds)",
    )
    args = parser.parse_args(argv)
    if args.dev_cv:
        report = dev_cross_validation(args.dev_cv)
        _print_corpus_report(report, args.mistakes)
        median = corpus_median_check_ms(load_corpus().items_in("dev"))
        print(f"median time per {MESSAGE_LENGTH}-character message (corpus texts): {median:.2f} ms")
        _targets(report, median)
        return 0
    splits = [args.split] if args.split else ["dev", "test", "all"]
    for split in splits:
        _print_report(split, evaluate_split(split), args.mistakes)
    print(f"\nmedian time per {MESSAGE_LENGTH}-character message: {median_check_ms():.2f} ms")
    corpus = load_corpus()
    report = evaluate_corpus(args.corpus_split, corpus=corpus)
    _print_corpus_report(report, args.mistakes)
    items = corpus.items_in(args.corpus_split)
    median = corpus_median_check_ms(items)
    print(f"median time per {MESSAGE_LENGTH}-character message (corpus texts): {median:.2f} ms")
    _targets(report, median)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
