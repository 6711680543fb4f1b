"""The first-character lookahead in front of each matcher's regex never changes a match."""

from __future__ import annotations

import re

import pytest

from casebook.msgcheck import default_lexicon
from casebook.msgcheck.evaluation import load_eval_set
from casebook.msgcheck.firstchars import first_chars, with_first_chars
from casebook.wording import load_corpus


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("(你|您)的?家", {"你", "您"}),
        ("(今晚)?十一点", {"今", "十"}),
        ("(?<!不)(?=找)找你", {"找"}),
        ("[a-c]x|\\d点", {"a", "b", "c", *"0123456789"}),
    ],
)
def test_first_characters_of_known_starts(pattern, expected):
    assert first_chars(pattern) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern",
    ["((?!不).){0,8}家", "^.{0,4}法院", "[^a]b", "a*", "(?i)abc", "(?:x)?\\1?", "\\w+"],
)
def test_unknown_starts_get_no_lookahead(pattern):
    assert first_chars(pattern) is None
    assert with_first_chars(pattern) == pattern


def _plain(pattern: str) -> re.Pattern[str]:
    """The matcher's regex without its lookahead."""
    if pattern.startswith("(?=["):
        pattern = pattern[pattern.index("])(?:") + len("])(?:") : -1]
    return re.compile(pattern)


def test_the_lookahead_never_changes_a_match():
    lexicon = default_lexicon()
    texts = [item.text for item in load_corpus().items] + [m.text for m in load_eval_set()]
    normalised = [lexicon.normalise(text).text for text in texts]
    prefixed = 0
    for matcher in lexicon.matchers:
        if matcher.regex is None:
            continue
        prefixed += matcher.regex.pattern.startswith("(?=[")
        plain = _plain(matcher.regex.pattern)
        for text in normalised:
            got = [m.span() for m in matcher.regex.finditer(text)]
            assert got == [m.span() for m in plain.finditer(text)], (matcher.key, text)
    assert prefixed >= len(lexicon.matchers) // 2  # the speed-up is in place


def test_the_quick_reading_agrees_with_the_parser_on_every_shipped_pattern(monkeypatch):
    import casebook.msgcheck.lexicon as lexicon_module
    from casebook.msgcheck.firstchars import _parsed_first_chars

    seen: list[str] = []
    real = lexicon_module.with_first_chars
    monkeypatch.setattr(lexicon_module, "with_first_chars", lambda p: seen.append(p) or real(p))
    lexicon_module.load_lexicon()
    assert len(seen) > 30
    for pattern in seen:
        assert first_chars(pattern) == _parsed_first_chars(pattern), pattern[:80]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("a[|)]b|c", ["a[|)]b", "c"]),
        ("a\\|b|c", ["a\\|b", "c"]),
        ("(a|b)|c", ["(a|b)", "c"]),
        ("[^]]x|y", ["[^]]x", "y"]),
        ("(a|b", None),
        ("a)|(b", None),
    ],
)
def test_top_level_alternatives(pattern, expected):
    from casebook.msgcheck.firstchars import top_level_alternatives

    assert top_level_alternatives(pattern) == expected
