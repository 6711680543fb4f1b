"""有效催收 and 恶意透支 elements (2018 interpretation Arts. 6–10)."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from casebook.io import read_data, validate_file
from casebook.judicial.collections import (
    CollectionLog,
    CollectionRecord,
    OverdraftFacts,
    amount_band,
    assess_collections,
    malicious_overdraft_amount,
)
from tests.conftest import EXAMPLES


def _log(records, **facts):
    base = dict(due_date=date(2025, 1, 10), unpaid_principal="60000", as_of=date(2025, 9, 1))
    base.update(facts)
    return CollectionLog(facts=OverdraftFacts(**base), collections=records)


def _rec(day, **kw):
    kw.setdefault("receipt_confirmed", True)
    kw.setdefault("evidence", ["recording"])
    kw.setdefault("signed_and_sealed", True)
    return CollectionRecord(date=day, channel=kw.pop("channel", "phone"), **kw)


def test_two_collections_30_days_apart_qualify():
    report = assess_collections(_log([_rec(date(2025, 2, 1)), _rec(date(2025, 3, 3))]))
    assert report.pair == (0, 1) and report.gap_days == 30
    assert report.element("two_collections").status == "met"


def test_29_days_apart_do_not():
    report = assess_collections(_log([_rec(date(2025, 2, 1)), _rec(date(2025, 3, 2))]))
    assert report.pair is None
    two = report.element("two_collections")
    assert two.status == "not_met" and "29" in two.explanation
    assert report.element("three_months").status == "not_met"


def test_collection_on_the_due_date_is_not_after_default():
    report = assess_collections(_log([_rec(date(2025, 1, 10)), _rec(date(2025, 2, 9))]))
    assert [v.qualifies for v in report.verdicts] == [False, True]
    assert report.pair is None


def test_unconfirmed_receipt_fails_unless_the_cardholder_evades():
    records = [
        _rec(date(2025, 2, 1)),
        _rec(date(2025, 3, 5), channel="letter", receipt_confirmed=False, evidence=[]),
    ]
    plain = assess_collections(_log(records))
    assert [v.qualifies for v in plain.verdicts] == [True, False]
    evading = assess_collections(
        _log(records, evading=True, evasion_evidence="更换号码且搬离预留地址")
    )
    assert [v.qualifies for v in evading.verdicts] == [True, True]
    receipt = evading.verdicts[1].checks[1]
    assert receipt.met and "但书" in receipt.explanation
    assert evading.pair == (0, 1)


def test_evasion_without_evidence_is_flagged_as_a_gap():
    records = [_rec(date(2025, 2, 1), receipt_confirmed=False, evidence=[])]
    report = assess_collections(_log(records, evading=True))
    assert any("逃匿" in gap for gap in report.verdicts[0].evidence_gaps)


def test_non_compliant_or_third_party_collection_does_not_count():
    report = assess_collections(
        _log([_rec(date(2025, 2, 1), compliant=False), _rec(date(2025, 3, 5), to_cardholder=False)])
    )
    assert [v.qualifies for v in report.verdicts] == [False, False]


@pytest.mark.parametrize(
    ("principal", "band"),
    [
        ("49999.99", "不满五万元"),
        ("50000", "数额较大"),
        ("499999.99", "数额较大"),
        ("500000", "数额巨大"),
        ("4999999.99", "数额巨大"),
        ("5000000", "数额特别巨大"),
    ],
)
def test_amount_band_uses_principal(principal, band):
    assert amount_band(Decimal(principal)) == band


def test_band_element_for_49999_99_and_50000():
    records = [_rec(date(2025, 2, 1)), _rec(date(2025, 3, 3))]
    below = assess_collections(_log(records, unpaid_principal="49999.99"))
    at = assess_collections(_log(records, unpaid_principal="50000.00"))
    assert below.element("amount").status == "not_met" and not below.objective_elements_met
    assert at.element("amount").status == "met" and at.objective_elements_met


def test_art_9_counts_every_repayment_against_principal():
    assert malicious_overdraft_amount(Decimal("53000"), Decimal("2500")) == Decimal("50500.00")
    assert malicious_overdraft_amount(Decimal("100"), Decimal("300")) == Decimal("0.00")


def test_three_months_run_from_the_second_collection():
    records = [_rec(date(2025, 2, 1)), _rec(date(2025, 3, 3))]
    on_the_day = assess_collections(_log(records, as_of=date(2025, 6, 3)))
    day_after = assess_collections(_log(records, as_of=date(2025, 6, 4)))
    assert on_the_day.element("three_months").status == "not_met"
    assert day_after.element("three_months").status == "met"


def test_intent_is_never_inferred():
    records = [_rec(date(2025, 2, 1)), _rec(date(2025, 3, 3))]
    report = assess_collections(
        _log(records, evading=True, flagged_circumstances=["evaded_collection"])
    )
    intent = report.element("intent")
    assert intent.status == "not_assessed"
    assert "逃避银行催收" in intent.explanation
    data = report.to_json()
    assert data["intent"] == "not_assessed"
    assert "构成恶意透支" not in str(data)


def test_example_log():
    log = validate_file(
        CollectionLog, read_data(EXAMPLES / "judicial" / "collection_log.yaml"), "log"
    )
    report = assess_collections(log)
    assert [v.qualifies for v in report.verdicts] == [False, True, True, True]
    assert report.pair == (1, 3) and report.gap_days == 30
    assert report.amount_band == "数额较大"


def test_collections_after_as_of_are_refused_with_the_field_named():
    # A log judged "as of" 2025-03-01 used to count a collection made on 2025-04-01.
    with pytest.raises(ValidationError, match=r"collections\[1\]\.date"):
        _log([_rec(date(2025, 2, 1)), _rec(date(2025, 4, 1))], as_of=date(2025, 3, 1))


def test_as_of_before_the_due_date_is_refused():
    with pytest.raises(ValidationError, match=r"facts\.as_of"):
        _log([], as_of=date(2024, 12, 31))


def test_over_limit_after_as_of_is_refused():
    with pytest.raises(ValidationError, match=r"facts\.over_limit_since"):
        _log([], over_limit_since=date(2025, 10, 1))


def test_as_of_near_year_9999_is_refused_not_crashing():
    with pytest.raises(ValidationError, match="9999-12-31"):
        _log([_rec(date(9999, 10, 1))], as_of=date(9999, 12, 1))
    latest = _log([_rec(date(9999, 6, 1)), _rec(date(9999, 7, 1))], as_of=date(9999, 9, 30))
    assert assess_collections(latest).element("three_months").status == "not_met"


def test_collections_cli_names_the_field(capsys, tmp_path):
    from casebook.cli import main

    log = tmp_path / "log.yaml"
    log.write_text(
        "facts: {due_date: 2025-01-10, unpaid_principal: '50500', as_of: 2025-02-15}\n"
        "collections:\n  - {date: 2025-02-12, channel: phone}\n"
        "  - {date: 2025-03-12, channel: phone}\n",
        encoding="utf-8",
    )
    assert main(["collections", str(log), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "collections[1].date" in err and "facts.as_of" in err
    log.write_text(
        "facts: {due_date: 2025-01-10, unpaid_principal: '1e30', as_of: 2025-02-15}\n"
        "collections: []\n",
        encoding="utf-8",
    )
    assert main(["collections", str(log)]) == 2
    assert "unpaid_principal" in capsys.readouterr().err
