"""The judicial chapter and the references page agree with the engine and the sources."""

import re
from pathlib import Path

from casebook.judicial.limitation import ART_201, ART_202, ART_203
from casebook.judicial.procedure import CaseFacts, choose_procedure
from casebook.judicial.wages import limits_from_wage

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTER = (BOOK / "judicial.md").read_text(encoding="utf-8")
REFERENCES = (BOOK / "references.md").read_text(encoding="utf-8")


def _clauses(text: str) -> list[str]:
    """Sentences, list items and table cells: the units a reader takes as one statement."""
    return [c for c in re.split(r"[。；\n|]", text) if c.strip()]


def test_only_pre_suit_preservation_bars_a_payment_order():
    # 民诉法解释 Art. 427(七): "债权人未向人民法院申请诉前保全". A statement that preservation
    # bars a payment order must say 诉前; the chapter once said applying at filing did.
    barring = [
        c
        for c in _clauses(CHAPTER)
        if "保全" in c and "支付令" in c and re.search(r"不能|不得|排除", c)
    ]
    assert barring, "the chapter should state the Art. 427(七) condition"
    for clause in barring:
        assert "诉前" in clause, clause


def test_small_claims_is_stated_as_mandatory_and_ordinary_is_no_fallback():
    assert "任何案件都可以适用普通程序" not in CHAPTER
    rows = [c for c in _clauses(CHAPTER) if "50%" in c and "小额诉讼" in c]
    assert rows and all("必须" in row for row in rows), rows
    assert "第一百六十九条" in CHAPTER
    # The engine agrees: within the limit 简易/普通 are not open, 支付令 is.
    advice = choose_procedure(
        CaseFacts(amount="45000", disputed=True, limits=limits_from_wage(100_000))
    )
    assert advice.option("simplified").eligible is False
    assert advice.option("ordinary").eligible is False
    assert advice.option("payment_order").eligible is True


def test_period_counting_articles_are_in_the_chapter_and_the_references():
    for article in (ART_201, ART_202, ART_203):
        assert article.article in CHAPTER
        row = next(
            line for line in REFERENCES.splitlines() if line.startswith(f"| {article.article}")
        )
        assert article.quote in row  # the references quote what the engine quotes
    assert "2f4c5c2" in REFERENCES and "不是官方公报" in REFERENCES


def test_single_source_measures_articles_are_not_claimed_to_agree_in_several_copies():
    # regulations.md §1.1, 1.2, 1.4: Arts. 66, 67 and 69 were read on tbankw.com only.
    for line in REFERENCES.splitlines():
        if "多份" in line and "第六十六条" in line:
            assert "单一" in line, line
    header = next(line for line in REFERENCES.splitlines() if line.startswith("**《商业银行信用卡"))
    assert "tbankw.com" in header and "只读到一份转载" in header


def test_repayment_order_is_a_contract_term_not_a_rule():
    assert "第五百六十一条" in CHAPTER
    statement = next(c for c in _clauses(CHAPTER) if "先冲抵费用" in c)
    assert "合同" in statement


def test_blacklist_conditions_are_not_stated_as_fact():
    section = CHAPTER[CHAPTER.index("#### 失信被执行人") : CHAPTER.index("(judicial-limitation)=")]
    assert "未核实" in section
