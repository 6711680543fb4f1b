"""Judicial calculators, driven like a trainee (no kernel needed)."""

from casebook.ui.judicial import (
    build_fee_calculator,
    build_limitation_calculator,
    build_procedure_chooser,
)


def test_fee_calculator():
    calc = build_fee_calculator("300000")
    calc.procedure.value = "simplified"
    calc.preserve.value = "900000"
    calc.button.click()
    assert "¥2,900.00" in calc.output.value and "¥5,000.00" in calc.output.value
    calc.amount.value = "-1"
    calc.button.click()
    assert "负数" in calc.output.value
    calc.close()


def test_limitation_calculator():
    calc = build_limitation_calculator("2020-02-29", "2021-06-30\n")
    calc.kind.value = "letter"
    calc.button.click()
    assert "2024-06-30" in calc.output.value and "中断" in calc.output.value
    calc.start.value = "2021-02-30"
    calc.button.click()
    assert "不是有效日期" in calc.output.value
    calc.start.value = "9998-01-01"  # the 20-year long-stop would pass 9999-12-31
    calc.button.click()
    assert "9999-12-31" in calc.output.value
    calc.close()


def test_procedure_chooser():
    chooser = build_procedure_chooser("45000", "100000")
    chooser.boxes["disputed"].value = True
    chooser.button.click()
    assert "必须适用" in chooser.output.value and "小额诉讼" in chooser.output.value
    chooser.close()
