"""Shared fixtures: a small hand-made case and helpers to build actions tersely."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from casebook.model import Account, Action, Case, Contact, Debtor, Role
from casebook.policy.loader import load_packs

# Property tests run the same examples every time (reproducible CI, no example database).
settings.register_profile("casebook", derandomize=True, database=None)
settings.load_profile("casebook")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def build_case(history: list[Action] | None = None, **overrides) -> Case:
    """A case on 2026-03-05 with a debtor, a pre-agreed sister, a colleague and a spouse."""
    contacts = overrides.pop(
        "contacts",
        [
            Contact(
                id="debtor", name="测试甲", role=Role.DEBTOR, relation="本人", phone="139****0001"
            ),
            Contact(
                id="sister",
                name="测试乙",
                role=Role.THIRD_PARTY,
                relation="姐姐",
                phone="139****0002",
                pre_agreed_contact=True,
            ),
            Contact(
                id="colleague",
                name="测试丙",
                role=Role.THIRD_PARTY,
                relation="同事",
                phone="139****0003",
            ),
            Contact(
                id="spouse",
                name="测试丁",
                role=Role.THIRD_PARTY,
                relation="配偶",
                phone="139****0004",
                debt_related=True,
            ),
            Contact(
                id="guarantor",
                name="测试戊",
                role=Role.GUARANTOR,
                relation="担保人",
                phone="139****0005",
            ),
        ],
    )
    data = dict(
        case_id="T-1",
        as_of=datetime(2026, 3, 5, 9, 0),
        debtor=Debtor(name="测试甲", gender="男", age=30, city="江苏省苏州市"),
        account=Account(
            card_masked="6225 **** **** 0000",
            credit_limit=50000,
            principal=30000,
            due_date=date(2026, 1, 10),
        ),
        contacts=contacts,
        history=history or [],
    )
    data.update(overrides)
    return Case(**data)


def act(when: str, channel: str = "phone", target: str = "debtor", **kwargs) -> Action:
    """An action at ``'MM-DD HH:MM'`` in 2026."""
    return Action(
        time=datetime.strptime(f"2026-{when}", "%Y-%m-%d %H:%M"),
        channel=channel,
        target=target,
        **kwargs,
    )


@pytest.fixture(scope="session")
def law_packs():
    return load_packs(["cn"])


@pytest.fixture(scope="session")
def all_packs():
    return load_packs(["cn", "house"])
