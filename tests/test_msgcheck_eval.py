"""Quality floors of the message checker on its own labelled evaluation set.

The floors were set after measuring (bench/msgcheck_eval.py): on the held-out test split
the checker reported 0 of 95 compliant messages, with micro precision 0.99 and micro
recall 0.58. They sit a little below those figures so that an edit which makes the
checker noticeably worse fails here; they are not targets.

Since the wording judge (issue 13) the set is scored with the corpus's labelling
conventions in mind (see casebook/msgcheck/evaluation.py, UNSCORED_EXTRAS), and the test
items the judge over-reported were inspected to tell convention from error, so the test
split is a regression set now, not a held-out measure; the honest figures are those of
the wording corpus's test split (bench/msgcheck_eval.py).
"""

import re
from collections import Counter

import pytest

from casebook.msgcheck import Category, Recipient
from casebook.msgcheck.evaluation import (
    CategoryScore,
    evaluate_messages,
    evaluate_split,
    load_eval_set,
)


@pytest.fixture(scope="module")
def messages():
    return load_eval_set()


@pytest.fixture(scope="module")
def test_report():
    return evaluate_split("test")


@pytest.fixture(scope="module")
def dev_report():
    return evaluate_split("dev")


def test_set_is_large_and_covers_every_category(messages):
    assert len(messages) >= 300
    splits = Counter(m.split for m in messages)
    assert splits["dev"] >= 150 and splits["test"] >= 150
    for split in ("dev", "test"):
        chosen = [m for m in messages if m.split == split]
        positives = Counter(c for m in chosen for c in m.expect)
        assert all(positives[c] >= 10 for c in Category), (split, positives)
        compliant = Counter(m.recipient for m in chosen if not m.expect)
        assert compliant[Recipient.DEBTOR] >= 50 and compliant[Recipient.THIRD_PARTY] >= 15


def test_disclosure_is_only_expected_for_third_parties(messages):
    for m in messages:
        if Category.DISCLOSURE in m.expect:
            assert m.recipient is Recipient.THIRD_PARTY, m.id


def test_no_real_looking_identifiers(messages):
    mobile = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    id_card = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
    for m in messages:
        assert not mobile.search(m.text) and not id_card.search(m.text), m.id


def test_held_out_floors(test_report):
    assert test_report.false_alarm_rate <= 0.03
    micro = test_report.micro()
    assert micro.precision >= 0.95
    assert micro.recall >= 0.55
    assert test_report.missed_rate <= 0.40
    for category, score in test_report.categories.items():
        assert score.recall >= 0.30, category
        if score.precision is not None:
            assert score.precision >= 0.85, category


def test_development_floors(dev_report):
    assert dev_report.false_alarm_rate <= 0.01
    assert dev_report.micro().recall >= 0.95
    assert dev_report.micro().precision >= 0.98


def test_scores_are_counted_per_message(messages):
    chosen = [m for m in messages if m.id in {"r2-c001", "r2-v004", "r2-m002"}]
    report = evaluate_messages(chosen)
    assert report.messages == 3 and report.compliant_messages == 1
    assert report.categories[Category.THREAT].tp == 2
    assert report.categories[Category.IMPERSONATION].tp == 1
    assert report.categories[Category.MISLEADING].tp == 1


def test_category_score_arithmetic():
    score = CategoryScore(tp=3, fp=1, fn=2)
    assert score.precision == 0.75 and score.recall == 0.6 and score.support == 5
    assert CategoryScore().precision is None and CategoryScore().recall is None
