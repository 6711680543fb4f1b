"""Rebuild the wording judge's learned layer from the corpus dev split.

Usage: python tools/train_wording_model.py [OUTPUT]   (default: casebook/data/msgcheck/learned.json)

Deterministic: the same corpus and the same pinned scikit-learn give the same file, byte
for byte (``tests/test_wording_learned.py`` rebuilds it and compares). Only **dev** splits
are read: the sourced wording corpus's dev split and the dev split of the judge's own
labelled evaluation set (``casebook/data/msgcheck/eval``, written while building the rules);
neither test split is ever seen by the model. Each message is normalised
exactly as the judge normalises it (traditional characters, full-width letters, evasive
spacing …) and marked when it goes to a third party; a TF-IDF vocabulary of character 1-
and 2-grams (seen in at least 3 messages) feeds one logistic regression per target:
``violation`` and each category with enough examples.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from casebook.msgcheck import Category, default_lexicon
from casebook.msgcheck.evaluation import load_eval_set
from casebook.wording.corpus import load_corpus
from casebook.wording.learned import default_model_path, model_input

SPLIT = "dev"
NGRAM_RANGE = (1, 2)
MIN_DF = 3
C = 2.0
MIN_POSITIVES = 5
DIGITS = 6


def training_set() -> tuple[list[str], list[set[str]]]:
    """Model inputs and label sets of the corpus dev split (in corpus order), then
    :func:`extra_training_set`."""
    normalise = default_lexicon().normalise
    texts, labels = [], []
    for item in load_corpus().items_in(SPLIT):
        texts.append(model_input(normalise(item.text).text, item.recipient.value))
        labels.append({c.value for c in item.categories})
    extra_texts, extra_labels = extra_training_set()
    return texts + extra_texts, labels + extra_labels


def extra_training_set() -> tuple[list[str], list[set[str]]]:
    """Model inputs and label sets of the judge's evaluation set, dev split only.

    These messages are not sourced, so they are not part of the corpus and are never
    scored as its figures; they are more examples of the same categories to learn from.
    Source-grouped cross-validation inside the corpus dev split (``bench/msgcheck_eval.py
    --dev-cv``) always trains on them.
    """
    normalise = default_lexicon().normalise
    texts, labels = [], []
    for message in load_eval_set():
        if message.split == SPLIT:
            texts.append(model_input(normalise(message.text).text, message.recipient.value))
            labels.append({c.value for c in message.expect})
    return texts, labels


def _round(values) -> list[float]:
    return [round(float(v), DIGITS) for v in values]


def train(texts: list[str] | None = None, labels: list[set[str]] | None = None) -> dict:
    """The model as a JSON-ready dict, trained on the dev split (or on ``texts``/``labels``:
    model inputs and label sets, as :func:`training_set` makes them)."""
    if texts is None or labels is None:
        texts, labels = training_set()
    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=NGRAM_RANGE, min_df=MIN_DF, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(texts)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    targets = {"violation": [bool(s) for s in labels]}
    for category in Category:
        wanted = [category.value in s for s in labels]
        if sum(wanted) >= MIN_POSITIVES:
            targets[category.value] = wanted
    models = {}
    for name, y in targets.items():
        clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", random_state=0)
        clf.fit(matrix, y)
        models[name] = {
            "coef": _round(clf.coef_[0]),
            "intercept": round(float(clf.intercept_[0]), DIGITS),
        }
    return {
        "format": "casebook-wording-model/1",
        "trained_on": f"split '{SPLIT}' of casebook/data/wording and casebook/data/msgcheck/eval"
        f" ({len(texts)} messages)",
        "ngram_range": list(NGRAM_RANGE),
        "vocabulary": vocabulary,
        "idf": _round(vectorizer.idf_),
        "models": models,
    }


def render(model: dict) -> str:
    """The file's text: one key per line, long lists on one line each (stable, diffable)."""
    lines = ["{"]
    keys = list(model)
    for n, key in enumerate(keys):
        value = json.dumps(model[key], ensure_ascii=False, separators=(",", ":"))
        if key == "models":
            inner = [
                f"    {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}"
                for k, v in model[key].items()
            ]
            value = "{\n" + ",\n".join(inner) + "\n  }"
        lines.append(f"  {json.dumps(key)}: {value}" + ("," if n < len(keys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else default_model_path()
    output.write_text(render(train()), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
