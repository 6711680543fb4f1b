"""One money formatter: exact amounts round half-up to the fen, floats as formatted."""

import importlib
from decimal import Decimal

import pytest

from casebook.drills import draw
from casebook.judicial import money
from casebook.money_text import yuan


def test_exact_amounts_round_half_up():
    assert yuan(Decimal("0.125")) == "¥0.13"
    assert yuan(Decimal("1234567.005")) == "¥1,234,567.01"
    assert yuan(Decimal("50000")) == "¥50,000.00"


def test_floats_keep_their_formatting():
    assert yuan(1234.5) == "¥1,234.50"
    assert yuan(0.125) == "¥0.12"  # the binary value, rounded half-even by format()


def test_modules_share_the_one_formatter():
    assert money.yuan is yuan
    assert draw.yuan is yuan


def test_whole_yuan():
    assert yuan(1234.5, places=0) == "¥1,234"  # the binary value, rounded half-even by format()
    assert yuan(1235.5, places=0) == "¥1,236"
    assert yuan(Decimal("1234.5"), places=0) == "¥1,235"
    assert yuan(Decimal("0.125"), places=2) == "¥0.13"


@pytest.mark.parametrize(
    "module",
    [
        "casebook.grading.kinds.campaign",
        "casebook.grading.kinds.strategy",
        "casebook.grading.sheets.answers",
        "casebook.grading.sheets.scoring",
        "casebook.grading.sheets.generators.collections",
        "casebook.grading.sheets.generators.court_fee",
        "casebook.grading.sheets.generators.instalment",
        "casebook.grading.sheets.generators.procedure",
    ],
)
def test_grading_uses_the_one_formatter(module):
    assert importlib.import_module(module).yuan is yuan


def test_no_module_spells_yuan_amounts_itself():
    import re
    from pathlib import Path

    # grading/reference.py lists the spellings a trainee might type, on purpose
    allowed = {"money_text.py", "reference.py"}
    inline = re.compile(r"¥\{[^{}]+:,\.\d+f\}")
    root = Path(importlib.import_module("casebook").__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if inline.search(line)
    ]
    assert offenders == [], "format amounts with casebook.money_text.yuan"
