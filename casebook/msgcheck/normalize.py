"""Normalise message text for matching, keeping a map back to the original characters.

Evasive spellings are undone here, before any pattern is tried:

* spaces, punctuation, symbols, emoji, zero-width and other invisible format characters
  inside words are dropped ("坐 牢", "坐-牢", "坐\u200b牢", "坐🔒牢");
* full-width letters and digits are folded to ASCII and letters lower-cased (NFKC), so
  "ＳＢ" and "sb" look the same, as do "５万" and "5万";
* traditional and variant characters are mapped to simplified ones from a data table
  ("還錢" becomes "还钱").

Homophones and 拼音 are not rewritten here (that would change ordinary words); the
compiled patterns accept them instead (see :mod:`casebook.msgcheck.lexicon`).

Two things survive normalisation because matching needs them: a single space where
whitespace or punctuation separated two runs of ASCII letters (so "zuo lao" can be told
from a longer word such as "daniel"), and the positions of clause breaks (。，！？ etc.),
which bound the context used to recognise negations such as "我们不会联系您的家人".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Characters that never carry meaning in a message but are used to split words.
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me", "Cc", "Co", "Cn"}
#: Symbols kept because amounts use them (¥5000, 3%).
_KEPT_SYMBOLS = {"¥", "$", "%"}
#: Punctuation that ends a clause (after NFKC folding); 、 only separates list items.
CLAUSE_BREAKS = frozenset("。．.！!？?；;，,：:\n\r…")
#: Punctuation that ends a sentence: no pattern may match across it.
SENTENCE_BREAKS = frozenset("。！!？?；;\n\r")

_SKIP = ""
_SEPARATOR = " "


@dataclass(frozen=True)
class Normalised:
    """A normalised message.

    ``text`` is what patterns are matched against; ``index[i]`` is the position in the
    original message of ``text[i]``; ``breaks`` holds the positions in ``text`` at which a
    clause break was removed, ``sentence_breaks`` those at which a sentence ended (both
    sorted, no duplicates).
    """

    original: str
    text: str
    index: tuple[int, ...]
    breaks: tuple[int, ...]
    sentence_breaks: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a match ``[start, end)`` in ``text`` to ``[start, end)`` in the original."""
        return self.index[start], self.index[end - 1] + 1

    def clause_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The clause around ``[start, end)``: from the last break at or before ``start`` to
        the first break at or after ``end``."""
        lo, hi = 0, len(self.text)
        for position in self.breaks:
            if position <= start:
                lo = position
            elif position >= end:
                hi = position
                break
        return lo, hi

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``[start, end)`` (see :meth:`clause_bounds`)."""
        lo, hi = 0, len(self.text)
        for position in self.sentence_breaks:
            if position <= start:
                lo = position
            elif position >= end:
                hi = position
                break
        return lo, hi

    def crosses_sentence(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` spans the end of a sentence."""
        return any(start < position < end for position in self.sentence_breaks)


def _is_ascii_letter(char: str) -> bool:
    return "a" <= char <= "z"


class Normaliser:
    """Normalises text with a given character-folding table (traditional → simplified)."""

    def __init__(self, char_map: dict[str, str]):
        self._char_map = dict(char_map)
        self._fold = lru_cache(maxsize=8192)(self._fold_uncached)

    def _fold_uncached(self, char: str) -> tuple[str, bool, int]:
        """(folded characters or "" to skip, is a word separator, break level).

        Break level: 0 none, 1 end of clause, 2 end of sentence.
        """
        folded = unicodedata.normalize("NFKC", char)
        level = 0
        if char in SENTENCE_BREAKS or folded in SENTENCE_BREAKS:
            level = 2
        elif char in CLAUSE_BREAKS or folded in CLAUSE_BREAKS:
            level = 1
        if char.isspace():
            return _SKIP, True, level
        category = unicodedata.category(char)
        if category in _INVISIBLE_CATEGORIES:
            return _SKIP, False, 0
        if category[0] in {"P", "S", "Z"} and folded not in _KEPT_SYMBOLS:
            return _SKIP, True, level
        pieces = []
        for piece in folded.lower():
            is_mark = piece.isspace() or unicodedata.category(piece)[0] in {"P", "S"}
            if is_mark and piece not in _KEPT_SYMBOLS:
                continue
            pieces.append(self._char_map.get(piece, piece))
        return "".join(pieces), False, 0

    def __call__(self, text: str) -> Normalised:
        """Normalise ``text``."""
        chars: list[str] = []
        index: list[int] = []
        breaks: list[int] = []
        sentence_breaks: list[int] = []
        separator_at: int | None = None
        for i, char in enumerate(text):
            folded, separates, level = self._fold(char)
            if not folded:
                if level and (not breaks or breaks[-1] != len(chars)):
                    breaks.append(len(chars))
                if level == 2 and (not sentence_breaks or sentence_breaks[-1] != len(chars)):
                    sentence_breaks.append(len(chars))
                if separates and separator_at is None:
                    separator_at = i
                continue
            if (
                separator_at is not None
                and chars
                and _is_ascii_letter(chars[-1])
                and _is_ascii_letter(folded[0])
            ):
                chars.append(_SEPARATOR)
                index.append(separator_at)
            separator_at = None
            for piece in folded:
                chars.append(piece)
                index.append(i)
        return Normalised(text, "".join(chars), tuple(index), tuple(breaks), tuple(sentence_breaks))
