"""Chinese prose in the data files uses full-width punctuation (issue 11).

Feedback, explanations, questions and rule texts are read by trainees: a half-width comma,
colon, semicolon or parenthesis inside a Chinese sentence (「违规,因为」「(预留地址)」) is a
typo. Regular expressions and word lists are not prose and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

DATA_DIRS = [ROOT / "casebook" / "data", ROOT / "casebook" / "policies"]
#: Keys whose values are regular expressions or word lists, not sentences.
NOT_PROSE = {
    "patterns",
    "phrases",
    "matchers",
    "unless_in_message",
    "needs",
    "condition",
    "deadline",
    "announcement",
    "done",
    "unless",
    "terms",
    "cues",
    "strong_cues",
    "blockers",
    "overrides",
    "macros",
    "traditional",
    "variants",
    "homophones",
    "pinyin",
    "any_of",
    "all_of",
    "none_of",
    "debt_patterns",
    # the wording judge's quotation cues (casebook/data/msgcheck/settings.yaml → mentions)
    "before",
    "after",
    "warning",
    # Maintainers' notes in English on how a corpus source was used (casebook/data/wording).
    "derivation",
}
HAN = r"[\u3400-\u9fff]"
FULL = r"[\u3400-\u9fff，。；：、「」『』（）《》？！]"
AFTER = r"[\u3400-\u9fff，。；：、「」『』《》？！]"
HALF_WIDTH = re.compile(
    rf"{HAN}\"?\s*[,:;]\s*\"?{FULL}"  # 违规,因为 / 录音"; 录音
    rf"|{HAN}\("  # 途径(预留……
    rf"|\){AFTER}"  # ……)。 (but not §1006.6(b)(1)(i)）)
    rf"|\([^()]*{HAN}[^()]*\)"  # (中文)
)


def _strings(node, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key) not in NOT_PROSE:
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def half_width_in_prose(text: str) -> list[str]:
    """The half-width punctuation marks found inside Chinese prose, with their neighbours."""
    return [m.group(0) for m in HALF_WIDTH.finditer(text)]


@pytest.mark.parametrize(
    "text, found",
    [
        ("违规,因为没有录音", ["规,因"]),
        ('开场说明"本次通话将被录音"; 录音设备故障时', ['音"; 录']),
        ("改用其他合法途径(预留地址信函等)。", ["径(", ")。"]),
        (
            "录音 (合规沟通、有效催收都要靠录音证明) 也保护银行",
            ["(合规沟通、有效催收都要靠录音证明)"],
        ),
        ("注意:停息挂账", ["意:停"]),
        ("每天 09:00–21:00 之间", []),
        ("Regulation F §1006.6(b)(1)(i) 的推定", []),
        ("改用其他合法途径（预留地址信函等）。", []),
        ("Regulation F 推定的时间（§1006.6(b)(1)(i)）；", []),
    ],
)
def test_the_scanner_finds_half_width_marks_between_chinese(text, found):
    assert half_width_in_prose(text) == found


def _data_files() -> list[Path]:
    return sorted(p for d in DATA_DIRS for p in d.rglob("*.yaml"))


def test_data_prose_uses_full_width_punctuation():
    problems = []
    for path in _data_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in _strings(data):
            found = half_width_in_prose(text)
            if found:
                field = ".".join(str(p) for p in where)
                problems.append(f"{path.relative_to(ROOT)}: {field}: {found}")
    assert problems == []


def _markdown_prose(text: str) -> Iterator[tuple[int, str]]:
    """Lines of a Markdown page outside code fences, with inline code removed."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            yield number, re.sub(r"`[^`]*`", "", line)


def test_book_prose_uses_full_width_punctuation():
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {found}"
        for path in sorted((ROOT / "book").glob("*.md"))
        for number, line in _markdown_prose(path.read_text(encoding="utf-8"))
        if (found := half_width_in_prose(line))
    ]
    assert problems == []
