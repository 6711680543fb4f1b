"""Limitation clock: 民法典 Arts. 188, 195, 201–203 and 银行卡规定 Art. 3."""

from datetime import date

import pytest

from casebook.judicial.limitation import (
    ART_201,
    ART_202,
    ART_203,
    ENDING_KINDS,
    InterruptEvent,
    InterruptKind,
    LimitationDateError,
    add_months,
    add_years,
    limitation_clock,
)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # no 31 Feb → month end (Art. 202)
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 15), 2, date(2025, 2, 15)),
    ],
)
def test_month_end_rule(start, months, expected):
    assert add_months(start, months) == expected


def test_three_years_from_the_due_date():
    # The start day is not counted (Art. 201); the last day is the corresponding day (Art. 202).
    assert limitation_clock(date(2021, 3, 15)).expires == date(2024, 3, 15)


def test_leap_day_start_ends_on_28_february():
    result = limitation_clock(date(2020, 2, 29))
    assert result.expires == date(2023, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_interruption_restarts_the_clock():
    result = limitation_clock(date(2021, 3, 15), [InterruptEvent(date(2023, 1, 31), "letter")])
    assert result.restarted_from == date(2023, 1, 31)
    assert result.expires == date(2026, 1, 31)
    assert result.events[0].effect == "interrupted"


def test_interruption_on_a_leap_day():
    result = limitation_clock(date(2022, 5, 10), [date(2024, 2, 29)])
    assert result.expires == date(2027, 2, 28)


def test_several_interruptions_and_one_too_late():
    events = [date(2022, 6, 1), date(2024, 12, 1), date(2031, 1, 1)]
    result = limitation_clock(date(2021, 3, 15), events)
    assert [e.effect for e in result.events] == ["interrupted", "interrupted", "after_expiry"]
    assert result.expires == date(2027, 12, 1)


def test_event_on_the_last_day_still_interrupts():
    result = limitation_clock(date(2021, 3, 15), [date(2024, 3, 15)])
    assert result.expires == date(2027, 3, 15)


def test_event_the_day_after_expiry_does_not():
    result = limitation_clock(date(2021, 3, 15), [date(2024, 3, 16)])
    assert result.expires == date(2024, 3, 15)
    assert result.events[0].effect == "after_expiry"


def test_debtor_agreement_after_expiry_mentions_art_192():
    result = limitation_clock(
        date(2020, 1, 10), [InterruptEvent(date(2023, 6, 1), InterruptKind.DEBTOR_AGREES)]
    )
    assert result.events[0].effect == "after_expiry"
    assert "第一百九十二条" in result.events[0].explanation


def test_event_before_start_is_ignored():
    result = limitation_clock(date(2021, 3, 15), [date(2021, 1, 1)])
    assert result.events[0].effect == "ignored" and result.expires == date(2024, 3, 15)


def test_lawsuit_restarts_from_the_end_of_the_procedure():
    suit = InterruptEvent(date(2022, 1, 5), InterruptKind.LAWSUIT, ended=date(2022, 9, 30))
    assert limitation_clock(date(2021, 3, 15), [suit]).expires == date(2025, 9, 30)
    with pytest.raises(ValueError, match="程序终结的日期"):
        InterruptEvent(date(2022, 1, 5), InterruptKind.PAYMENT_ORDER)


def test_rest_days_move_the_last_day_art_203():
    # 2024-03-16 and 17 are a weekend; given as rest days the last day moves to the 18th.
    result = limitation_clock(date(2021, 3, 16), rest_days=[date(2024, 3, 16), date(2024, 3, 17)])
    assert result.nominal_expires == date(2024, 3, 16)
    assert result.expires == date(2024, 3, 18)
    assert any("第二百零三条" in n for n in result.notes)


def test_weekend_without_calendar_is_only_a_note():
    result = limitation_clock(date(2021, 3, 16))
    assert result.expires == date(2024, 3, 16)  # a Saturday: not moved without a calendar
    assert any("周六" in n for n in result.notes)


def test_card_interrupt_kinds_cite_card_rules_art_3():
    result = limitation_clock(date(2021, 3, 15), [InterruptEvent(date(2022, 1, 1), "sms")])
    assert any("银行卡" in b.document and b.article == "第三条" for b in result.basis)
    assert result.to_json()["expires"] == "2025-01-01"


@pytest.mark.parametrize(
    "kind", [k for k in InterruptKind if k not in ENDING_KINDS], ids=lambda k: k.value
)
def test_an_event_that_is_not_a_procedure_cannot_carry_an_end_date(kind):
    # An SMS with "ended" 2025-12-31 used to move the expiry to 2028-12-31: an SMS interrupts
    # on its day and the period restarts that day (银行卡规定 Art. 3, 民法典 Art. 195).
    with pytest.raises(ValueError, match="不能带结束日期"):
        InterruptEvent(date(2024, 1, 1), kind, ended=date(2025, 12, 31))
    plain = limitation_clock(date(2023, 6, 1), [InterruptEvent(date(2024, 1, 1), kind)])
    assert plain.expires == date(2027, 1, 1)


def test_only_procedures_and_police_reports_may_end():
    assert {
        InterruptKind.LAWSUIT,
        InterruptKind.PAYMENT_ORDER,
        InterruptKind.POLICE_REPORT,
    } == ENDING_KINDS


def test_police_report_restarts_when_the_case_is_dropped():
    # 时效规定 Art. 13: interrupted on the report; restarts when the creditor learns the case was
    # not opened (here 2025-03-01). Without that date the report's own day is used.
    report = InterruptEvent(date(2024, 1, 1), InterruptKind.POLICE_REPORT, ended=date(2025, 3, 1))
    result = limitation_clock(date(2023, 1, 1), [report])
    assert result.expires == date(2028, 3, 1)
    assert any(b.article == "第十三条" and b.status == "verified-primary" for b in result.basis)
    bare = InterruptEvent(date(2024, 1, 1), InterruptKind.POLICE_REPORT)
    assert limitation_clock(date(2023, 1, 1), [bare]).expires == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("start", "events", "field"),
    [
        (date(9998, 1, 1), [], "start"),
        (date(9980, 1, 1), [], "start"),
        (
            date(2024, 1, 1),
            [InterruptEvent(date(2024, 5, 1), InterruptKind.LAWSUIT, ended=date(9998, 1, 1))],
            "interrupt",
        ),
    ],
)
def test_dates_near_year_9999_raise_a_named_error(start, events, field):
    with pytest.raises(LimitationDateError, match="9999-12-31") as caught:
        limitation_clock(start, events)
    assert caught.value.field == field


def test_latest_computable_start():
    result = limitation_clock(date(9979, 12, 31))
    assert result.long_stop == date(9999, 12, 31) and result.expires == date(9982, 12, 31)


def test_rest_day_past_the_calendar_is_a_named_error():
    with pytest.raises(LimitationDateError):
        limitation_clock(date(9979, 12, 31), rest_days=[date(9999, 12, 31)], years=20)


def test_period_counting_articles_are_verified_primary_in_the_mirror():
    # 民法典 Arts. 201–203 were read in LawRefBook/Laws@2f4c5c2 (民法典/总则.md): the project's
    # primary mirror, not the gazette. ex21 deducts points under them, so they must say so.
    for article in (ART_201, ART_202, ART_203):
        assert article.status == "verified-primary"
        assert "LawRefBook" in article.source and "非官方公报" in article.source
        assert "总则.md" in article.source
    assert ART_201.quote.startswith("按照年、月、日计算期间的，开始的当日不计入")
    assert "月末日为期间的最后一日" in ART_202.quote
    assert "截止时间为二十四时" in ART_203.quote
