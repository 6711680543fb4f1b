"""The evaluation harness of the wording corpus, driven by stand-in checkers."""

import pytest

from casebook.msgcheck import Category
from casebook.wording import Pattern, load_corpus
from casebook.wording.corpus import Corpus, CorpusItem, Source
from casebook.wording.evaluate import (
    current_checker,
    evaluate_corpus,
    median_check_ms,
    messages_of_length,
)


def _item(n, label, categories, patterns, recipient="debtor"):
    return CorpusItem(
        id=f"news-a-{n:02d}",
        text=f"话术{n}",
        channel="sms",
        recipient=recipient,
        label=label,
        categories=categories,
        patterns=patterns,
        source="news-a",
        derivation="composed",
    )


@pytest.fixture
def small():
    source = Source(
        id="news-a", kind="news", title="t", publisher="p", split="test", derivation="c"
    )
    items = [
        _item(1, "violation", ["threat_or_intimidation"], ["visit_pressure"]),
        _item(2, "violation", ["insult"], ["insult"]),
        _item(3, "violation", ["debt_of_others", "threat_or_intimidation"], ["family_pressure"]),
        _item(4, "compliant", [], ["reassurance_negation"]),
        _item(5, "compliant", [], ["true_legal_fact"]),
    ]
    return Corpus(sources={"news-a": source}, items=items)


def test_scores_of_a_checker_with_known_answers(small):
    answers = {
        "话术1": {"harassment_frequency"},  # flagged, wrong category
        "话术2": {"insult"},  # right
        "话术3": {"debt_of_others"},  # one of two categories
        "话术4": set(),
        "话术5": {"false_or_misleading"},  # false alarm
    }
    report = evaluate_corpus("test", checker=lambda t, r: answers[t], corpus=small)
    assert report.recall == 1.0
    assert report.false_alarm_rate == 0.5
    threat = report.categories[Category.THREAT]
    assert (threat.tp, threat.fp, threat.fn) == (0, 0, 2)
    assert report.categories[Category.INSULT].precision == 1.0
    assert report.categories[Category.HARASSMENT].precision == 0.0
    micro = report.micro()
    assert (micro.tp, micro.fp, micro.fn) == (2, 2, 2)
    visit = report.patterns[Pattern.VISIT_PRESSURE]
    assert (visit.items, visit.flagged, visit.right_category) == (1, 1, 0)
    family = report.patterns[Pattern.FAMILY_PRESSURE]
    assert family.right_category == 1
    assert [r.item.id for r in report.mistakes()] == ["news-a-01", "news-a-03", "news-a-05"]
    assert list(report.category_table()["类别"])[-1] == "（合计）"
    table = report.pattern_table().set_index("模式")
    assert table.loc["true_legal_fact", "被标记"] == "1.00"
    assert table.loc["insult", "类别正确"] == "1.00"


def test_a_checker_that_never_reports_scores_zero_recall(small):
    report = evaluate_corpus("test", checker=lambda t, r: (), corpus=small)
    assert report.recall == 0.0 and report.false_alarm_rate == 0.0
    assert report.micro().recall == 0.0
    assert report.micro().precision is None


def test_an_oracle_scores_perfectly_on_the_real_test_split():
    corpus = load_corpus()
    labels = {(i.text, i.recipient.value): {c.value for c in i.categories} for i in corpus.items}
    report = evaluate_corpus("test", checker=lambda t, r: labels[(t, r)], corpus=corpus)
    assert report.recall == 1.0 and report.false_alarm_rate == 0.0
    assert report.micro().precision == 1.0 and report.micro().recall == 1.0
    assert len(report.results) == len(corpus.items_in("test"))


def test_timing_uses_messages_of_the_requested_length(small):
    messages = messages_of_length(small.items, 12)
    assert len(messages) == len(small.items)
    assert all(len(text) == 12 for text, _ in messages)
    assert messages[1][0].startswith("话术2")
    seen = []
    assert median_check_ms(small.items, lambda t, r: seen.append(t) or (), length=12) >= 0
    assert len(seen) == 1 + 3 * len(small.items)


def test_current_checker_returns_category_ids():
    assert "threat_or_intimidation" in current_checker("再不还钱就等着坐牢吧", "debtor")
    assert current_checker("您好，请按时还款。", "debtor") == set()
