"""The book's rule tables: rendered from the packs, with a status per citation."""

from pathlib import Path

from casebook.policy.schema import STATUS_LABELS, Category
from casebook.tables import category_counts, rule_table

BOOK = Path(__file__).resolve().parent.parent / "book"


def test_rule_table_lists_every_citation_with_its_status(law_packs):
    table = rule_table(law_packs).set_index("规则编号")
    rule = law_packs[0].rule("CN-NO-CRIMINAL-THREAT")
    cited = table.loc[rule.id, "依据"]
    for citation in rule.citations:
        assert f"{citation.short()}：{STATUS_LABELS[citation.status]}" in cited
    assert table.loc[rule.id, "核实状态"] == STATUS_LABELS[rule.status]


def test_category_counts_has_no_empty_category(law_packs):
    counts = category_counts(law_packs)
    assert (counts["规则数"] > 0).all()
    assert list(counts["类别"]) == [c.value for c in Category]


def test_compliance_page_has_no_stale_promise_or_literal_bold_markers():
    text = (BOOK / "compliance.md").read_text(encoding="utf-8")
    assert "将随后续章节加入" not in text
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for number, line in enumerate(text.splitlines(), start=1):
        if "**" in line and not line.startswith(("```", "    ")):
            assert "**" not in md.renderInline(line), f"compliance.md:{number}: literal **"
