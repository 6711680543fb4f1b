"""Exercise content is data: no prose in the Python of the exercise kinds and sheet generators.

The rule (issue 12): a string literal in ``casebook/grading/kinds/`` or
``casebook/grading/sheets/`` may hold at most ``MAX_CJK`` Chinese characters (an f-string
counts as one literal: its fixed parts together). That leaves room for labels and
connecting words (「你选了」, 「未作答。」, 「正确答案：」); questions, options, feedback,
statute wording and instructions belong in YAML (the exercise files, the sheet generators'
``params``, ``casebook/data/grading/``). Messages of raised exceptions are exempt.
"""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

MAX_CJK = 20
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PACKAGES = (ROOT / "casebook" / "grading" / "kinds", ROOT / "casebook" / "grading" / "sheets")


def long_literals(source: str, limit: int = MAX_CJK) -> list[tuple[int, str]]:
    """(line, text) of every literal with more than ``limit`` CJK characters, raises exempt."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise):
            exempt |= {id(n) for n in ast.walk(node)}
    found = []
    inside_fstring = {
        id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
    }
    for node in ast.walk(tree):
        if id(node) in exempt or id(node) in inside_fstring:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
        else:
            continue
        if len(CJK.findall(text)) > limit:
            found.append((node.lineno, text))
    return found


def modules():
    return sorted(p for package in PACKAGES for p in package.rglob("*.py"))


def test_the_rule_catches_prose_and_spares_labels_and_errors():
    prose = 'x = f"第 {n} 题：持卡人逾期 {d} 天，昨天拨打本人手机提示空号，短信也无法送达。"'
    assert [line for line, _ in long_literals(prose)] == [1]
    assert long_literals('x = "你选了「{label}」：{feedback}"') == []
    assert (
        long_literals(
            'raise ValueError("这是一条很长很长很长很长的错误信息，用来说明哪里出了问题")'
        )
        == []
    )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_exercise_prose_in_python(path):
    assert long_literals(path.read_text(encoding="utf-8")) == []
