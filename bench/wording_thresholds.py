"""Print how the wording judge's learned layer behaves at candidate thresholds, to choose them.

Usage: python bench/wording_thresholds.py [FOLDS] [--write]   (default 5 folds)

``--write`` puts the rules' choices (``flag`` and ``add_category``) into
``casebook/data/msgcheck/settings.yaml`` in place, keeping its comments; ``doubt`` and the
other settings are left as they are.

The thresholds in ``casebook/data/msgcheck/settings.yaml`` (``learned``) are chosen from
this table, never from the test split:

* The corpus **dev** split is scored by source-grouped cross-validation (scikit-learn
  ``GroupKFold``): each fold's messages by a model trained on the other folds' sources
  plus the evaluation set's dev split, as ``tools/train_wording_model.py`` trains the
  shipped one. The rules run as shipped (they were written on the dev split).
* The compliant replies of the objection bank and the compliant options of the call
  simulator's dialogues (``casebook/data/conversation``: informal speech the corpus has
  little of) are scored by the shipped model, which never saw them.

For each candidate ``flag`` threshold: violations the rules miss that the model alone
would catch, and compliant messages it alone would flag (false alarms). For ``doubt``:
compliant messages with no rule finding that would be marked uncertain. For each
category model at ``add_category``: how often it fires and how often it is right, and the
threshold that rule gives (``ADD_PRECISION``). ``flag`` is chosen by rule too: the lowest
candidate at which the model alone flags none of the compliant replies and options.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from msgcheck_eval import dev_fold_models  # bench/ is the script's folder

from casebook.conversation.loader import load_conversation
from casebook.conversation.schema import Grade, checker_recipient
from casebook.msgcheck import Category
from casebook.msgcheck.lexicon import default_data_dir
from casebook.wording import judge
from casebook.wording.corpus import Label
from casebook.wording.engine import _model_opinion, book_for
from casebook.wording.learned import LearnedModel, default_model

FLAGS = (0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
DOUBTS = (0.5, 0.6, 0.7, 0.8)
ADDS = (0.5, 0.6, 0.7, 0.8, 0.9)
#: A category's add_category threshold: the lowest in ADDS at which at least this share of its
#: additions were right (and at least ADD_MIN_RIGHT of them); none: the category is not added.
ADD_PRECISION = 0.6
ADD_MIN_RIGHT = 3


def _scores(text: str, recipient: str, model: LearnedModel) -> dict[str, float] | None:
    book = book_for(None, None)
    who = judge(text, recipient, learned=False, suggestions=False).recipient
    opinion = _model_opinion(book, book.lexicon.normalise(text), who, model)
    return opinion[0] if opinion else None


def cross_validated_dev(folds: int) -> list[tuple[object, bool, dict[str, float] | None]]:
    """(corpus item, rules found something, model scores) for the dev split, by CV."""
    rows = []
    for items, model, fold in dev_fold_models(folds):
        for i in fold:
            item = items[i]
            ruled = bool(judge(item.text, item.recipient.value, learned=False).findings)
            rows.append((item, ruled, _scores(item.text, item.recipient.value, model)))
    return rows


def conversation_replies() -> list[tuple[str, bool, dict[str, float] | None]]:
    """(text, rules found something, shipped model's scores) for compliant objection replies."""
    rows = []
    for scenario in load_conversation().scenarios:
        who = checker_recipient(scenario.party)
        for reply in scenario.replies:
            if reply.grade is Grade.VIOLATING:
                continue
            ruled = bool(judge(reply.text, who, learned=False).findings)
            rows.append((reply.text, ruled, _scores(reply.text, who, default_model())))
    return rows


def dialogue_options() -> list[tuple[str, bool, dict[str, float] | None]]:
    """The same for the compliant options of the call simulator's dialogues (placeholders
    filled with a name; read as said to the debtor, or to a third party in the dialogue
    where someone else answers)."""
    import re

    from casebook.conversation.dialogue import default_call_data

    data = default_call_data()
    rows = []
    for persona in sorted(data.dialogues):
        who = "third_party" if persona == "contact-lost" else "debtor"
        for node in data.dialogue(persona).nodes:
            for option in node.options:
                if option.grade is Grade.VIOLATING:
                    continue
                text = re.sub(r"\{[a-z_]+\}", "王先生", option.text)
                ruled = bool(judge(text, who, learned=False).findings)
                rows.append((text, ruled, _scores(text, who, default_model())))
    return rows


def write_thresholds(settings: Path, flag: float, add_category: dict[str, float | None]) -> None:
    """Set ``learned.flag`` and ``learned.add_category`` in a settings file, keeping the rest of
    its text (comments included); a category whose threshold is None is left out. The file is
    replaced in one step, so an interrupted run leaves the old one."""
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "learned:")
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines)
    )
    block: list[str] = []
    skipping = False
    for line in lines[start + 1 : end]:
        if skipping and line.startswith("    "):
            continue
        skipping = False
        if re.match(r"  flag:", line):
            block.append(f"  flag: {flag}\n")
        elif re.match(r"  add_category:", line):
            block.append("  add_category:\n")
            block += [f"    {name}: {t}\n" for name, t in add_category.items() if t is not None]
            skipping = True
        else:
            block.append(line)
    text = "".join(lines[: start + 1] + block + lines[end:])
    handle, temporary = tempfile.mkstemp(dir=settings.parent, prefix=".settings-", suffix=".yaml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, settings)


def main(argv: list[str]) -> int:
    write = "--write" in argv
    argv = [a for a in argv if a != "--write"]
    folds = int(argv[0]) if argv else 5
    dev = cross_validated_dev(folds)
    replies = conversation_replies() + dialogue_options()
    violations = [r for r in dev if r[0].label is Label.VIOLATION]
    compliant = [r for r in dev if r[0].label is Label.COMPLIANT]
    missed = [r for r in violations if not r[1] and r[2]]
    print(f"dev split: {len(violations)} violations ({len(missed)} missed by the rules with a")
    print(
        f"model opinion), {len(compliant)} compliant; {len(replies)} compliant objection replies"
        " and dialogue options"
    )

    def alone(rows, t):
        return sum(1 for _, ruled, s in rows if not ruled and s and s["violation"] >= t)

    flag = next((t for t in FLAGS if alone(replies, t) == 0), FLAGS[-1])
    print("\nflag   caught-by-model-alone  false-alarms(dev)  false-alarms(replies)")
    for t in FLAGS:
        print(
            f"{t:4.2f}   {alone(missed, t):>5}/{len(missed):<5}"
            f"        {alone(compliant, t):>5}/{len(compliant):<8}"
            f"  {alone(replies, t):>5}/{len(replies)}"
        )
    print(f"→ flag {flag} (the lowest with no false alarm among the replies and options)")
    print(
        "\ndoubt  uncertain compliant (dev)  uncertain replies   (no rule finding, score ≥ doubt)"
    )
    for t in DOUBTS:
        print(
            f"{t:4.2f}   {alone(compliant, t):>5}/{len(compliant):<18}  {alone(replies, t):>5}/{len(replies)}"
        )
    print(
        "\nadd_category: fired / right (dev violations the rules flagged, category not found by rules)"
    )
    chosen_adds: dict[str, float | None] = {}
    for category in Category:
        counts = Counter()
        for item, ruled, s in violations:
            if not ruled or not s or category.value not in s:
                continue
            found = {
                f.category.value
                for f in judge(item.text, item.recipient.value, learned=False).findings
            }
            if category.value in found:
                continue
            for t in ADDS:
                if s[category.value] >= t:
                    counts[(t, "fired")] += 1
                    counts[(t, "right")] += category in item.categories
        cells = "  ".join(f"{t:.1f}: {counts[(t, 'right')]}/{counts[(t, 'fired')]}" for t in ADDS)
        chosen = next(
            (
                t
                for t in ADDS
                if counts[(t, "right")] >= ADD_MIN_RIGHT
                and counts[(t, "right")] >= ADD_PRECISION * counts[(t, "fired")]
            ),
            None,
        )
        print(f"  {category.value:<24} {cells}   → {chosen or '不添加'}")
        chosen_adds[category.value] = chosen
    if write:
        settings = default_data_dir() / "settings.yaml"
        write_thresholds(settings, flag, chosen_adds)
        print(f"\nwrote flag and add_category to {settings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
