from datetime import datetime

import pytest
from pydantic import ValidationError

from casebook.model import Action, Contact, Role, bucket_for
from tests.conftest import build_case


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "M0"),
        (1, "M1"),
        (30, "M1"),
        (31, "M2"),
        (90, "M3"),
        (150, "M5"),
        (151, "M6+"),
        (180, "M6+"),
        (181, "M6+"),
    ],
)
def test_bucket_boundaries(days, bucket):
    assert bucket_for(days) == bucket


def test_case_days_past_due_and_balance():
    case = build_case()
    assert case.days_past_due == 54
    assert case.bucket == "M2"
    assert case.account.balance == 30000


def test_case_rejects_duplicate_contact_ids():
    one = Contact(id="debtor", name="甲", role=Role.DEBTOR, relation="本人")
    with pytest.raises(ValidationError, match="duplicate contact ids"):
        build_case(contacts=[one, one])


def test_case_needs_exactly_one_debtor():
    other = Contact(id="x", name="乙", role=Role.THIRD_PARTY, relation="朋友")
    with pytest.raises(ValidationError, match="exactly one contact with role 'debtor'"):
        build_case(contacts=[other])


def test_history_must_name_known_contacts():
    stray = Action(time=datetime(2026, 3, 1, 10), channel="phone", target="nobody")
    with pytest.raises(ValidationError, match="unknown contacts"):
        build_case(history=[stray])


def test_action_rejects_unknown_fields_and_channels():
    with pytest.raises(ValidationError):
        Action(time=datetime(2026, 3, 1, 10), channel="fax", target="debtor")
    with pytest.raises(ValidationError):
        Action(time=datetime(2026, 3, 1, 10), channel="phone", target="debtor", score=100)
