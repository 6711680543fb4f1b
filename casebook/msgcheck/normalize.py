"""Normalise message text for matching, keeping a map back to the original characters.

Evasive spellings are undone here, before any pattern is tried:

* spaces, punctuation, symbols, emoji, zero-width and other invisible format characters
  inside words are dropped ("坐 牢", "坐-牢", "坐\u200b牢", "坐🔒牢"), and so are bytes that
  were not valid text (lone surrogates from undecodable input, U+FFFD);
* a run written right-to-left with an override character (U+202E … U+202C) is read in the
  order it is displayed ("等着\u202e牢坐\u202c吧" shows, and is read as, 等着坐牢吧);
* full-width letters and digits are folded to ASCII and letters lower-cased (NFKC), so
  "ＳＢ" and "sb" look the same, as do "５万" and "5万";
* traditional and variant characters are mapped to simplified ones from a data table
  ("還錢" becomes "还钱").

Homophones are not rewritten here (that would change ordinary words); the compiled
patterns accept them instead (see :mod:`casebook.msgcheck.lexicon`). 拼音 written inside a
Chinese word ("领dao", "照pian", "xin用卡") is read as the character that makes a word
of the lexicon with its neighbour (:meth:`Normaliser.with_pinyin`); whole words in 拼音
("zuo lao") are matched by the terms' 拼音 spellings.

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
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me", "Cc", "Co", "Cn", "Cs"}
#: Directional overrides: a right-to-left override run is displayed reversed.
_RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"
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
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a match ``[start, end)`` in ``text`` to ``[start, end)`` in the original."""
        first, last = self.index[start], self.index[end - 1]
        stop = self.ends[end - 1] if self.ends is not None else last + 1
        if first > last:  # inside a right-to-left override run
            covered = self.index[start:end]
            first, stop = min(covered), max(covered) + 1
        return first, stop

    @property
    def empty(self) -> bool:
        """Nothing to read: only whitespace, punctuation, symbols or invisible characters."""
        return not any(c.isalnum() for c in self.text)

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

    def crosses_clause(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` spans the end of a clause (a comma, a full stop …)."""
        return any(start < position < end for position in self.breaks)


def _is_ascii_letter(char: str) -> bool:
    return "a" <= char <= "z"


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _moved(position: int, edits: list[tuple[int, int]]) -> int:
    """A break position after 拼音 runs ending at or before it changed length."""
    return position + sum(delta for end, delta in edits if end <= position)


def display_order(text: str) -> list[int]:
    """Indices of ``text`` in the order they are displayed.

    A right-to-left override (U+202E) reverses the characters up to the matching pop
    (U+202C), a left-to-right override or the end of the line.
    """
    order: list[int] = []
    i = 0
    while i < len(text):
        if text[i] != _RLO:
            order.append(i)
            i += 1
            continue
        order.append(i)
        j = i + 1
        while j < len(text) and text[j] not in (_PDF, _LRO, "\n", "\r"):
            j += 1
        order.extend(range(j - 1, i, -1))
        i = j
    return order


class Normaliser:
    """Normalises text with a given character-folding table (traditional → simplified)."""

    def __init__(self, char_map: dict[str, str]):
        self._char_map = dict(char_map)
        self._fold = lru_cache(maxsize=8192)(self._fold_uncached)
        self._syllables: dict[str, str] = {}
        self._words: frozenset[str] = frozenset()
        self._longest = 0

    def with_pinyin(self, syllables: dict[str, str], words: set[str]) -> None:
        """Read 拼音 inside Chinese words: ``syllables`` maps a syllable to its candidate
        characters; a candidate is taken when it forms one of ``words`` (two-character
        words) with the Chinese character next to it."""
        self._syllables = dict(syllables)
        self._words = frozenset(words)
        self._longest = max((len(k) for k in syllables), default=0)

    def _split(self, letters: str) -> list[str] | None:
        """``letters`` as a sequence of known syllables (longest first), or None."""
        out: list[str] = []
        i = 0
        while i < len(letters):
            for size in range(min(self._longest, len(letters) - i), 0, -1):
                if letters[i : i + size] in self._syllables:
                    out.append(letters[i : i + size])
                    i += size
                    break
            else:
                return None
        return out

    def _read_pinyin(
        self, chars: list[str], index: list[int], ends: list[int]
    ) -> list[tuple[int, int]]:
        """Replace 拼音 runs that touch a Chinese character by the characters they spell.

        Returns the edits as ``(end of the run before any edit, change in length)``.
        """
        edits: list[tuple[int, int]] = []
        shift = 0
        n = len(chars)
        i = 0
        while i < n:
            if not _is_ascii_letter(chars[i]):
                i += 1
                continue
            j = i
            while j < n and _is_ascii_letter(chars[j]):
                j += 1
            left = chars[i - 1] if i > 0 else ""
            right = chars[j] if j < n else ""
            # a spaced 拼音 phrase ("qian kuan") is left to the terms' 拼音 spellings
            spaced = left == _SEPARATOR or right == _SEPARATOR
            touches = _is_cjk(left) or _is_cjk(right)
            syllables = self._split("".join(chars[i:j])) if touches and not spaced else None
            if syllables and len(syllables) <= 2:
                picked: list[str] = []
                before = left
                for k, syllable in enumerate(syllables):
                    after = right if k == len(syllables) - 1 else ""
                    choice = next(
                        (
                            c
                            for c in self._syllables[syllable]
                            if (before and before + c in self._words)
                            or (after and c + after in self._words)
                        ),
                        None,
                    )
                    if choice is None:
                        break
                    picked.append(choice)
                    before = choice
                else:
                    # one character per syllable, mapped to the letters it replaces
                    starts, stops, pos = [], [], i
                    for syllable in syllables:
                        starts.append(index[pos])
                        stops.append(ends[pos + len(syllable) - 1])
                        pos += len(syllable)
                    chars[i:j] = picked
                    index[i:j] = starts
                    ends[i:j] = stops
                    edits.append((j - shift, len(picked) - (j - i)))
                    shift += len(picked) - (j - i)
                    n = len(chars)
                    j = i + len(picked)
            i = j
        return edits

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
        positions = display_order(text) if _RLO in text else range(len(text))
        for i in positions:
            char = text[i]
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
        if self._syllables and any(_is_ascii_letter(c) for c in chars):
            ends = [i + 1 for i in index]
            edits = self._read_pinyin(chars, index, ends)
            if edits:
                breaks = [_moved(b, edits) for b in breaks]
                sentence_breaks = [_moved(b, edits) for b in sentence_breaks]
            return Normalised(
                text,
                "".join(chars),
                tuple(index),
                tuple(breaks),
                tuple(sentence_breaks),
                tuple(ends),
            )
        return Normalised(text, "".join(chars), tuple(index), tuple(breaks), tuple(sentence_breaks))
