"""The judge's learned layer: a character n-gram model, shipped as plain data.

``casebook/data/msgcheck/learned.json`` holds a TF-IDF vocabulary and one logistic
regression per target (``violation`` and each category), trained by
``tools/train_wording_model.py`` on the **dev split** of the wording corpus only. Scoring
here is plain Python (no scikit-learn, no pickle): count the text's character n-grams,
weight them by ``1 + log(count)`` and the inverse document frequency, normalise to unit
length, and take the logistic of the dot product with each model's coefficients.

The rules give the judge its spans, explanations and citations; the model only says how
much a message *looks like* the violations it was trained on. The judge uses it to flag
what the rules may have missed, and to mark its verdict uncertain when the two disagree.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: Marks a message to a third party (a character the normaliser never leaves in a text).
THIRD_PARTY_MARK = "§"
_SPACES = re.compile(r"\s\s+")


def default_model_path() -> Path:
    """The model shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "msgcheck" / "learned.json"))


def model_input(normalised_text: str, recipient: str) -> str:
    """What the model reads: the normalised text, marked when it goes to a third party."""
    return (THIRD_PARTY_MARK if recipient == "third_party" else "") + normalised_text


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams as scikit-learn's ``analyzer="char"`` makes them."""
    text = _SPACES.sub(" ", text)
    grams: list[str] = []
    for n in range(low, high + 1):
        grams += [text[i : i + n] for i in range(len(text) - n + 1)]
    return grams


@dataclass(frozen=True)
class LearnedModel:
    """A TF-IDF vocabulary and logistic regressions over it."""

    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: tuple[float, ...]
    weights: dict[str, tuple[tuple[float, ...], float]]  # target → (coefficients, intercept)
    trained_on: str

    @classmethod
    def from_dict(cls, data: dict) -> LearnedModel:
        """Build from the JSON written by ``tools/train_wording_model.py``."""
        vocabulary = {gram: i for i, gram in enumerate(data["vocabulary"])}
        return cls(
            ngram_range=(int(data["ngram_range"][0]), int(data["ngram_range"][1])),
            vocabulary=vocabulary,
            idf=tuple(float(x) for x in data["idf"]),
            weights={
                name: (tuple(float(x) for x in model["coef"]), float(model["intercept"]))
                for name, model in data["models"].items()
            },
            trained_on=str(data.get("trained_on", "")),
        )

    def features(self, text: str) -> dict[int, float]:
        """Unit-length TF-IDF vector of ``text`` (feature index → value)."""
        counts = Counter(g for g in char_ngrams(text, *self.ngram_range) if g in self.vocabulary)
        vector = {
            self.vocabulary[g]: (1.0 + math.log(c)) * self.idf[self.vocabulary[g]]
            for g, c in counts.items()
        }
        length = math.sqrt(sum(v * v for v in vector.values()))
        return {k: v / length for k, v in vector.items()} if length else {}

    def scores(self, text: str, targets: tuple[str, ...] | None = None) -> dict[str, float]:
        """Probability per target (default: ``violation`` and each category) for a model input."""
        vector = self.features(text)
        out = {}
        for name in targets or tuple(self.weights):
            coef, intercept = self.weights[name]
            z = intercept + sum(coef[k] * v for k, v in vector.items())
            out[name] = 1.0 / (1.0 + math.exp(-z))
        return out


def load_model(path: str | Path | None = None) -> LearnedModel:
    """Read a model file; ``ValueError`` names the file when it cannot be used."""
    path = Path(path) if path is not None else default_model_path()
    try:
        return LearnedModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"{path}: not a usable wording model: {exc}") from None


@lru_cache(maxsize=1)
def default_model() -> LearnedModel:
    """The shipped model (cached)."""
    return load_model()
