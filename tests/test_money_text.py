"""One money formatter: exact amounts round half-up to the fen, floats as formatted."""

from decimal import Decimal

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
