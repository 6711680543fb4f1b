"""《治安管理处罚法》 is cited as the 2025 revision in force since 2026-01-01 (issue 11, item 7).

Every mention in the packs, the data, the book and the notebooks' stored outputs must use the
new article numbers, with the 2012 number only in brackets as 「原第X条」.
"""

import re

import pytest

from tests.conftest import ROOT

OLD_NUMBERS = re.compile(r"(?<!原)第(四十二|五十一|四十)条")
FILES = sorted(
    [
        *ROOT.glob("casebook/policies/*/*.yaml"),
        *ROOT.glob("casebook/data/**/*.yaml"),
        *ROOT.glob("book/*.md"),
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("exercises/*.ipynb"),
    ]
)


def _mentions(text: str):
    for match in re.finditer(r"治安管理处罚法", text):
        yield text[max(0, match.start() - 20) : match.end() + 60]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_2012_article_numbers(path):
    text = path.read_text(encoding="utf-8")
    for window in _mentions(text):
        assert "2012" not in window, window
        assert not OLD_NUMBERS.search(window), window


def test_pack_cites_the_article_in_force_with_its_status(law_packs):
    pack = law_packs[0]
    threat = [c for c in pack.rule("CN-NO-THREAT").citations if "治安" in c.document]
    (citation,) = threat
    assert citation.document == "《治安管理处罚法》（2025年修订）"
    assert citation.article == "第五十条第（一）项（原第四十二条第（一）项）"
    assert citation.status.value == "verified-secondary"
    impersonation = pack.rule("CN-NO-IMPERSONATION")
    (art62,) = [c for c in impersonation.citations if "治安" in c.document]
    assert art62.article == "第六十二条（原第五十一条）" and "招摇撞骗" in art62.quote
    assert "招摇撞骗" not in impersonation.why or "第六十二条" in impersonation.why


def test_fines_are_stated_as_in_the_revised_law():
    for path in FILES:
        for window in _mentions(path.read_text(encoding="utf-8")):
            assert "五百元" not in window and "500 元" not in window, (path, window)
