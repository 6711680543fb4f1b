"""Quoted words a message warns about are mentioned, not said (casebook.msgcheck.mentions)."""

from __future__ import annotations

import pytest

from casebook.msgcheck import default_lexicon
from casebook.msgcheck.mentions import mentioned_spans
from casebook.wording import judge


def categories(text: str, recipient: str = "debtor") -> set[str]:
    return {f.category.value for f in judge(text, recipient, suggestions=False).findings}


@pytest.mark.parametrize(
    "text",
    [
        "收到“再不还款就通知你单位”这类短信，多半是冒名的，请挂断后拨打官方客服核实。",
        "诈骗分子常用“账户将被司法冻结”“限期领取传票”等说法，请提高警惕。",
        "接到“按1转人工领取法院传票”的来电，请不要按键。",
        "有些催收会说“你这是恶意透支，要坐牢”的话术，本行不会这样说，请您放心。",
    ],
)
def test_a_quotation_in_a_warning_is_not_a_finding(text):
    assert categories(text) == set()


def test_the_same_words_said_or_merely_emphasised_are_findings():
    # no warning in the message: the quotation is the collector's own
    assert categories("“不还钱就上门”，这是我们的规矩。") != set()
    # a quotation for emphasis has no cue around it, even in a message that mentions fraud
    assert "threat_or_intimidation" in categories("你等着“上门”吧，别说我们诈骗你。")


def test_only_the_quoted_part_is_masked():
    lexicon = default_lexicon()
    norm = lexicon.normalise("警惕以“征信修复”为名的中介。")
    [(start, end)] = mentioned_spans(lexicon.mentions, norm)
    assert norm.text[start:end] == "征信修复"
    # outside the quotation the message is read as usual
    assert "false_or_misleading" in categories(
        "警惕以“征信修复”为名的中介。我们明天就帮你把逾期记录删掉。"
    )
