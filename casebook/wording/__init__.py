"""The wording corpus: real-sourced, labelled collection messages and how a checker scores on them.

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
    "load_corpus",
]
