"""The notebooks' shared hidden round trip: assign → widgets → 提交 → grade."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from casebook.ui.selftest import roundtrip

RIGHT = {
    "hours": "h22",
    "connected_calls": "stop",
    "what_to_say": ("sue", "credit"),
    "recording": "y2",
    "letter": ("name_balance", "channels", "bank_contact"),
    "overdraft": "not_crime",
}


def leftovers() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("casebook-selftest-*"))


def test_the_round_trip_grades_what_the_widgets_submitted():
    before = leftovers()
    result = roundtrip("ex45", RIGHT, expected=100)
    assert result.points == 100
    wrong = roundtrip("ex45", {**RIGHT, "hours": "h21"}, expected=lambda app: 100 - 15)
    assert wrong.points < 100
    assert leftovers() == before


def test_the_round_trip_fails_on_other_points_and_cleans_up():
    before = leftovers()
    with pytest.raises(AssertionError):
        roundtrip("ex45", {**RIGHT, "hours": "h21"}, expected=100)
    assert leftovers() == before
