"""First-layer pattern matching on message text.

Collection messages often hide words with spaces or punctuation inside them
("坐 牢", "坐-牢"). Patterns are therefore matched on a normalised copy of the text
(no whitespace, no punctuation or symbols, full-width letters folded, lower case), and
each match is mapped back to the span of the original text so feedback can quote it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def _skippable(char: str) -> bool:
    if char in _ZERO_WIDTH or char.isspace():
        return True
    category = unicodedata.category(char)
    return category[0] in {"P", "S"} and char not in {"¥", "$", "%", "*"}


def normalise(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the original index."""
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if _skippable(char):
            continue
        folded = unicodedata.normalize("NFKC", char).lower()
        for piece in folded:
            chars.append(piece)
            index.append(i)
    return "".join(chars), index


@dataclass(frozen=True)
class Match:
    """A pattern match, located in the original text."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def find_first(text: str, patterns: list[str] | tuple[str, ...]) -> Match | None:
    """The earliest match of any pattern in ``text`` (after normalisation), or None."""
    normalised, index = normalise(text)
    best: Match | None = None
    for pattern in patterns:
        found = _compile(pattern).search(normalised)
        if not found or found.end() == found.start():
            continue
        start = index[found.start()]
        end = index[found.end() - 1] + 1
        if best is None or start < best.start:
            best = Match(start, end, text[start:end])
    return best


def validate_patterns(patterns: list[str]) -> list[str]:
    """Raise ValueError naming the first pattern that is not a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return patterns
