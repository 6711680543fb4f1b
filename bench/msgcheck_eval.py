"""Print the message checker's quality and speed on its labelled evaluation set.

Usage: python bench/msgcheck_eval.py [--split dev|test|all] [--mistakes]

Quality: precision and recall per category and the false-alarm rate on compliant
messages, for the dev split (the lexicons were tuned on it), the held-out test split and
all messages. Speed: median time to check one 200-character message.
"""

from __future__ import annotations

import argparse
import statistics
import time

from casebook.msgcheck import check_message, default_lexicon
from casebook.msgcheck.evaluation import EvalReport, evaluate_split, load_eval_set

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
        began = time.perf_counter()
        check_message(text, recipient)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], help="only this split")
    parser.add_argument("--mistakes", action="store_true", help="list misclassified messages")
    args = parser.parse_args(argv)
    splits = [args.split] if args.split else ["dev", "test", "all"]
    for split in splits:
        _print_report(split, evaluate_split(split), args.mistakes)
    print(f"\nmedian time per {MESSAGE_LENGTH}-character message: {median_check_ms():.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
