"""Wording: the one judge of what a collector writes or says, and the corpus it is measured on.

    from casebook.wording import judge
    verdict = judge("再不还钱就等着坐牢吧", "debtor", packs)

:func:`judge` (in :mod:`casebook.wording.engine`) is the only wording checker: the planner,
the campaign, the exercises and ``casebook check-message`` all use it.

``casebook/data/wording/`` holds the messages (``corpus/*.yaml``) and their sources
(``sources.yaml``); every source is assigned to the ``dev`` or the ``test`` split, so a
message's split is its source's split and no source is ever on both sides.

    from casebook.wording import load_corpus
    corpus = load_corpus()
    test_items = corpus.items_in("test")
"""

from casebook.wording.corpus import (
    Channel,
    Corpus,
    CorpusError,
    CorpusItem,
    Derivation,
    Label,
    Pattern,
    Source,
    SourceKind,
    Split,
    default_corpus_dir,
    load_corpus,
)
from casebook.wording.engine import judge

__all__ = [
    "Channel",
    "Corpus",
    "CorpusError",
    "CorpusItem",
    "Derivation",
    "Label",
    "Pattern",
    "Source",
    "SourceKind",
    "Split",
    "default_corpus_dir",
    "judge",
    "load_corpus",
]
