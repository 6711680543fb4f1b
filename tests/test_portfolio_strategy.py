"""Strategies are data, and the policy packs decide what they may schedule."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from casebook.io import InputFileError
from casebook.policy.loader import builtin_pack_dir, load_packs
from casebook.portfolio import (
    BUCKETS,
    Strategy,
    StrategyError,
    builtin_strategy,
    check_strategy,
    default_assumptions,
    limits_for,
    load_strategy,
)
from casebook.portfolio.strategy import builtin_strategies
from tests.conftest import EXAMPLES, ROOT

INVALID = EXAMPLES / "strategies" / "too_many_calls.yaml"
CN_CONTACT = ROOT / "casebook" / "policies" / "cn" / "01_contact.yaml"
CN_INSTALMENT = ROOT / "casebook" / "policies" / "cn" / "05_instalment.yaml"


def _raw_rules(path: Path) -> dict[str, dict]:
    """The rules of a pack file read with plain YAML (independent of the engine)."""
    return {r["id"]: r for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]}


RAW = {**_raw_rules(CN_CONTACT), **_raw_rules(CN_INSTALMENT)}
MAX_CONNECTED = RAW["CN-CALL-CONNECTED-DAILY"]["params"]["max"]
MAX_ATTEMPTS = RAW["CN-CALL-UNANSWERED-DAILY"]["params"]["max"]
MAX_MONTHS = RAW["CN-INSTALMENT-TERM"]["params"]["max_months"]
BAN_START = RAW["CN-CONTACT-HOURS"]["params"]["start"]
BAN_END = RAW["CN-CONTACT-HOURS"]["params"]["end"]


def _line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` containing ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_caps_are_the_pack_values():
    limits = limits_for(load_packs(["cn"]))
    assert limits.cap("CN-CALL-CONNECTED-DAILY") == MAX_CONNECTED
    assert limits.cap("CN-CALL-UNANSWERED-DAILY") == MAX_ATTEMPTS
    assert limits.cap("CN-INSTALMENT-TERM") == MAX_MONTHS
    ban = next(b for b in limits.hours if b.rule_id == "CN-CONTACT-HOURS")
    assert (ban.start, ban.end) == (BAN_START, BAN_END)
    # 22:00 to 08:00 is forbidden: 14 hours a day remain for calls.
    assert limits.allowed_phone_minutes() == 14 * 60


@pytest.mark.parametrize("name", ["champion", "challenger"])
def test_shipped_strategies_respect_the_law_pack(name):
    assert name in builtin_strategies()
    strategy = builtin_strategy(name)
    assert check_strategy(strategy, limits_for(load_packs(["cn"]))) == []
    grid = strategy.grid(default_assumptions().segment_keys)
    assert len(grid) == len(default_assumptions().segments) * len(BUCKETS)


def test_invalid_example_is_rejected_naming_file_line_segment_bucket_field_and_rule():
    with pytest.raises(StrategyError) as info:
        load_strategy(INVALID)
    issues = {issue.rule_id: issue for issue in info.value.issues}
    assert set(issues) == {
        "CN-CALL-UNANSWERED-DAILY",
        "CN-CALL-CONNECTED-DAILY",
        "CN-CONTACT-HOURS",
        "CN-INSTALMENT-TERM",
    }
    expected = {
        "CN-CALL-UNANSWERED-DAILY": ("call_attempts_per_day", "call_attempts_per_day: 8"),
        "CN-CALL-CONNECTED-DAILY": ("connected_calls_per_day", "connected_calls_per_day: 4"),
        "CN-CONTACT-HOURS": ("contact_hours", 'contact_hours: {start: "07:30"'),
        "CN-INSTALMENT-TERM": ("instalment_months", "instalment_months: 72"),
    }
    message = str(info.value)
    for rule_id, (field, text) in expected.items():
        issue = issues[rule_id]
        assert issue.field == field
        assert issue.line == _line_of(INVALID, text)
        assert f"{INVALID}:{issue.line}: " in message
        assert f"field '{field}'" in str(issue) and rule_id in str(issue)
    calls = issues["CN-CALL-CONNECTED-DAILY"]
    assert calls.buckets == ("M2", "M3") and calls.segments == ("overextended（多头负债）",)
    assert f"limit of {MAX_CONNECTED} a day" in calls.message
    assert issues["CN-INSTALMENT-TERM"].buckets == ("M6+",)


def test_rejection_is_an_input_error():
    with pytest.raises(InputFileError, match=r"too_many_calls\.yaml"):
        load_strategy(INVALID)


def _random_strategy(rng: random.Random) -> tuple[Strategy, dict]:
    segments = list(default_assumptions().segment_keys)
    attempts = rng.randint(0, MAX_ATTEMPTS + 3)
    connected = rng.randint(0, min(attempts, MAX_CONNECTED + 2))
    call_days = rng.randint(0, 7)
    start = rng.choice(["07:00", "07:30", "08:00", "09:00", "10:00"])
    end = rng.choice(["18:00", "20:00", "21:30", "22:00", "22:30"])
    months = rng.choice([0, 12, 36, MAX_MONTHS, MAX_MONTHS + 12])
    cell = {
        "segments": rng.sample(segments, rng.randint(1, len(segments))),
        "buckets": rng.sample(list(BUCKETS[1:]), rng.randint(1, len(BUCKETS) - 1)),
        "set": {
            "call_days_per_week": call_days,
            "call_attempts_per_day": attempts,
            "connected_calls_per_day": max(connected, 1 if attempts else 0),
            "contact_hours": {"start": start, "end": end},
            "instalment_months": months,
            "sms_per_week": rng.randint(0, 3),
        },
    }
    strategy = builtin_strategy("champion").derive("random", "随机策略", cells=[cell])
    return strategy, cell


def _hhmm(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def test_property_every_cap_breach_is_rejected_and_named():
    """For 300 random cells: rejected exactly when a pack cap is exceeded, with a clear message."""
    rng = random.Random(20260)
    limits = limits_for(load_packs(["cn"]))
    for _ in range(300):
        strategy, cell = _random_strategy(rng)
        t = cell["set"]
        calls = t["call_days_per_week"] > 0 and t["call_attempts_per_day"] > 0
        contacts = calls or t["sms_per_week"] > 0
        # Forbidden window 22:00–08:00 from the pack, checked by hand.
        outside = _hhmm(t["contact_hours"]["start"]) < _hhmm(BAN_END) or _hhmm(
            t["contact_hours"]["end"]
        ) > _hhmm(BAN_START)
        expected = set()
        if calls and t["call_attempts_per_day"] > MAX_ATTEMPTS:
            expected.add("CN-CALL-UNANSWERED-DAILY")
        if calls and t["connected_calls_per_day"] > MAX_CONNECTED:
            expected.add("CN-CALL-CONNECTED-DAILY")
        if contacts and outside:
            expected.add("CN-CONTACT-HOURS")
        if t["instalment_months"] > MAX_MONTHS:
            expected.add("CN-INSTALMENT-TERM")
        issues = check_strategy(strategy, limits, source="random.yaml")
        assert {i.rule_id for i in issues if i.rule_id} == expected, (t, issues)
        for issue in issues:
            text = str(issue)
            assert text.startswith("random.yaml")
            assert issue.field in text and (issue.rule_id or "") in text
            assert set(issue.buckets) <= set(cell["buckets"])
            assert {s.split("（")[0] for s in issue.segments} <= set(cell["segments"])


def test_a_stricter_pack_changes_what_is_allowed(tmp_path):
    """The caps are read from the pack: tighten the YAML and the same strategy is rejected."""
    pack = tmp_path / "cn-strict"
    shutil.copytree(builtin_pack_dir("cn"), pack)
    contact = pack / "01_contact.yaml"
    text = contact.read_text(encoding="utf-8")
    contact.write_text(text.replace("max: 3\n", "max: 1\n", 1), encoding="utf-8")
    two_calls = builtin_strategy("champion").derive(
        "two", "每日接通两次", default={"connected_calls_per_day": 2}
    )
    assert check_strategy(two_calls, limits_for(load_packs(["cn"]))) == []
    issues = check_strategy(two_calls, limits_for(load_packs([pack])))
    assert {i.rule_id for i in issues} == {"CN-CALL-CONNECTED-DAILY"}
    assert "limit of 1 a day" in issues[0].message


def test_house_overlay_adds_its_caps():
    visits = builtin_strategy("challenger")
    with_house = limits_for(load_packs(["cn", "house"]))
    assert with_house.cap("HOUSE-VISIT-DAILY") == 1
    # One visit on entering a bucket is within a one-visit-a-day cap...
    assert check_strategy(visits, with_house) == []
    # ...and calls until 21:30 are legal but break the house rule "no contact after 21:00".
    late = visits.derive(
        "late", "晚到 21:30", default={"contact_hours": {"start": "09:00", "end": "21:30"}}
    )
    assert {i.rule_id for i in check_strategy(late, with_house)} == {"HOUSE-CONTACT-HOURS-21"}
    assert check_strategy(late, limits_for(load_packs(["cn"]))) == []


def test_schema_errors_name_the_file_and_field(tmp_path):
    bad = tmp_path / "typo.yaml"
    bad.write_text(
        "id: typo\ntitle: 拼写错误\ncells:\n  - buckets: [M2]\n    set: {calls_per_day: 3}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as info:
        load_strategy(bad)
    assert str(bad) in str(info.value) and "cells[0].set.calls_per_day" in str(info.value)
    wrong = tmp_path / "hours.yaml"
    wrong.write_text(
        "id: hours\ntitle: 时段颠倒\ndefault: {contact_hours: {start: '20:00', end: '09:00'}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match=r"default\.contact_hours"):
        load_strategy(wrong)
    unknown = tmp_path / "segment.yaml"
    unknown.write_text(
        "id: seg\ntitle: 未知客群\ncells:\n  - segments: [students]\n    set: {sms_per_week: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(StrategyError, match="students"):
        load_strategy(unknown)


def test_later_cells_override_earlier_ones_and_the_default():
    strategy = Strategy.model_validate(
        {
            "id": "layers",
            "title": "层层覆盖",
            "default": {"sms_per_week": 1},
            "cells": [
                {"buckets": ["M1", "M2"], "set": {"sms_per_week": 2}},
                {"segments": ["young"], "buckets": ["M2"], "set": {"sms_per_week": 3}},
            ],
        }
    )
    grid = strategy.grid(default_assumptions().segment_keys)
    assert grid[("salaried", "M0")].sms_per_week == 1
    assert grid[("salaried", "M2")].sms_per_week == 2
    assert grid[("young", "M2")].sms_per_week == 3
    assert grid[("young", "M1")].sms_per_week == 2
    table = strategy.table()
    assert len(table) == len(grid) and "每周短信（条）" in table.columns


def test_connected_calls_must_fit_the_attempts():
    odd = builtin_strategy("champion").derive(
        "odd", "接通多于拨打", default={"call_attempts_per_day": 2, "connected_calls_per_day": 3}
    )
    issues = check_strategy(odd, limits_for(load_packs(["cn"])))
    assert [i.field for i in issues] == ["connected_calls_per_day"]
    assert issues[0].rule_id is None
