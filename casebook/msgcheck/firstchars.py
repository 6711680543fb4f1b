"""The characters a regex match can start with, to let the engine skip hopeless positions.

A matcher's patterns are joined into one large alternation; Python's ``re`` tries every
alternative at every position of the text. When every match must begin with one of a known
set of characters, ``(?=[…])`` in front lets it reject most positions with one character
test. :func:`first_chars` works that set out from the parsed pattern and answers ``None``
whenever it cannot be sure (a dot, a negated set, a category other than digits, an
empty match, flags), so the prefix is only ever a necessary condition.
"""

from __future__ import annotations

import re
import re._constants as c  # type: ignore[import-not-found]
import re._parser as parser  # type: ignore[import-not-found]

#: A set larger than this is not worth a lookahead (it would pass almost every position).
MAX_CHARS = 600
_DIGITS = frozenset("0123456789")


def _set_chars(items) -> set[str] | None:
    out: set[str] = set()
    for op, arg in items:
        if op is c.LITERAL:
            out.add(chr(arg))
        elif op is c.RANGE:
            low, high = arg
            if high - low > MAX_CHARS:
                return None
            out.update(chr(i) for i in range(low, high + 1))
        elif op is c.CATEGORY and arg is c.CATEGORY_DIGIT:
            out |= _DIGITS
        else:  # NEGATE, other categories
            return None
    return out


def _first(seq) -> tuple[set[str] | None, bool]:
    """(first characters, whether ``seq`` can match the empty string) of a parsed sequence."""
    chars: set[str] = set()
    for op, arg in seq:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next item still decides the first character
        item: set[str] | None
        if op is c.LITERAL:
            item, nullable = {chr(arg)}, False
        elif op is c.IN:
            item, nullable = _set_chars(arg), False
        elif op is c.SUBPATTERN:
            _, add_flags, del_flags, sub = arg
            if add_flags or del_flags:
                return None, False
            item, nullable = _first(sub)
        elif op is c.BRANCH:
            union: set[str] = set()
            nullable = False
            for branch in arg[1]:
                sub, empty = _first(branch)
                if sub is None:
                    return None, False
                union |= sub
                nullable = nullable or empty
            item = union
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _, sub_seq = arg
            item, empty = _first(sub_seq)
            nullable = low == 0 or empty
        else:  # ANY, NOT_LITERAL, GROUPREF, …
            return None, False
        if item is None:
            return None, False
        chars |= item
        if not nullable:
            return chars, False
    return chars, True


#: An alternative that opens with a group of plain words, not optional ("(家人|父母)…"): its
#: first characters are those of the words, read without parsing the whole pattern.
_PLAIN = r"[^()\[\]\\?*+{}|.^$]"
_WORD_GROUP = re.compile(rf"\(((?:{_PLAIN}+\|)*{_PLAIN}+)\)(?![?*{{])")
_LITERAL_HEAD = re.compile(rf"{_PLAIN}(?![?*{{]|{_PLAIN}*\|)")


def top_level_alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of ``pattern``, or None if its groups or character classes
    do not balance (a group closed before it opens, ``a)|(b``, counts as unbalanced)."""
    parts, depth, start, i, size = [], 0, 0, 0, len(pattern)
    while i < size:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a character class: "|" and ")" inside it are plain characters
            i += 2 if pattern.startswith("[^", i) else 1
            i += 1 if i < size and pattern[i] == "]" else 0
            while i < size and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0 or i > size:
        return None
    parts.append(pattern[start:])
    return parts


def _quick(alternative: str) -> frozenset[str] | None:
    """First characters of an alternative read from its head alone, or None to parse it."""
    body = alternative
    while (
        body.startswith("(?:")
        and body.endswith(")")
        and top_level_alternatives(body[3:-1]) == [body[3:-1]]
    ):
        body = body[3:-1]
    head = _WORD_GROUP.match(body)
    if head:
        return frozenset(word[0] for word in head.group(1).split("|"))
    if _LITERAL_HEAD.match(body):
        return frozenset(body[0])
    return None


def first_chars(pattern: str) -> frozenset[str] | None:
    """Every character a non-empty match of ``pattern`` can start with, or None if unknown."""
    alternatives = top_level_alternatives(pattern)
    if alternatives is not None and len(alternatives) > 1:
        chars: set[str] = set()
        for alternative in alternatives:
            part = _quick(alternative) or _parsed_first_chars(alternative)
            if part is None:
                return None
            chars |= part
        return frozenset(chars) if len(chars) <= MAX_CHARS else None
    return _parsed_first_chars(pattern)


def _parsed_first_chars(pattern: str) -> frozenset[str] | None:
    """:func:`first_chars` by parsing ``pattern`` with ``re``'s own parser."""
    try:
        parsed = parser.parse(pattern)
    except (re.error, TypeError, ValueError):
        return None
    if parsed.state.flags & ~(re.UNICODE | re.DEBUG):  # (?i), (?x) …: letters may differ
        return None
    chars, nullable = _first(parsed)
    if chars is None or nullable or not chars or len(chars) > MAX_CHARS:
        return None
    return frozenset(chars)


def with_first_chars(pattern: str) -> str:
    """``pattern`` with a lookahead for its first characters in front, when they are known."""
    chars = first_chars(pattern)
    if chars is None:
        return pattern
    klass = "".join(re.escape(ch) for ch in sorted(chars))
    return f"(?=[{klass}])(?:{pattern})"
