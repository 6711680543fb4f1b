"""The judge's learned layer: plain data, rebuilt deterministically from the dev split."""

from __future__ import annotations

import importlib.util

import pytest

from casebook.wording import load_corpus
from casebook.wording.learned import default_model, default_model_path, load_model
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location(
        "train_wording_model", ROOT / "tools" / "train_wording_model.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuilding_reproduces_the_shipped_model(trainer):
    shipped = default_model_path().read_text(encoding="utf-8")
    assert trainer.render(trainer.train()) == shipped, (
        "learned.json is stale: run python tools/train_wording_model.py"
    )


def test_trained_on_dev_splits_only(trainer):
    from casebook.msgcheck import default_lexicon
    from casebook.msgcheck.evaluation import load_eval_set
    from casebook.wording.learned import model_input

    corpus = load_corpus()
    evaluation = load_eval_set()
    texts, labels = trainer.training_set()
    expected = len(corpus.items_in("dev")) + sum(m.split == "dev" for m in evaluation)
    assert len(texts) == len(labels) == expected
    assert default_model().trained_on.endswith(f"({expected} messages)")
    normalise = default_lexicon().normalise
    held_out = {
        model_input(normalise(text).text, recipient)
        for text, recipient in [
            *((i.text, i.recipient.value) for i in corpus.items_in("test")),
            *((m.text, m.recipient.value) for m in evaluation if m.split == "test"),
        ]
    }
    assert not held_out & set(texts)


def test_plain_python_scoring_matches_scikit_learn(trainer):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = trainer.training_set()
    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=trainer.NGRAM_RANGE, min_df=trainer.MIN_DF, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(texts)
    clf = LogisticRegression(
        C=trainer.C, solver="liblinear", class_weight="balanced", random_state=0
    ).fit(matrix, [bool(s) for s in labels])
    model = default_model()
    probes = [*texts[:20], "§您好，麻烦您转告他回电", "你再不还我们就上门", "abc  def 123"]
    expected = clf.predict_proba(vectorizer.transform(probes))[:, 1]
    for text, want in zip(probes, expected, strict=True):
        assert model.scores(text)["violation"] == pytest.approx(want, abs=1e-4), text


def test_a_broken_model_file_is_named(tmp_path):
    path = tmp_path / "learned.json"
    path.write_text('{"vocabulary": ["a"]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"learned\.json: not a usable wording model"):
        load_model(path)
