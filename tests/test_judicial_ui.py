"""Judicial widgets and exercise scoring, driven like a trainee (no kernel needed)."""

from datetime import date

from casebook.documents.builders import build_all
from casebook.documents.casefile import make_judicial_case
from casebook.documents.review import draft_without
from casebook.io import read_data, validate_file
from casebook.judicial.collections import CollectionLog
from casebook.judicial.exercises import score_fee, score_procedure
from casebook.judicial.procedure import CaseFacts
from casebook.judicial.wages import limits_from_wage
from casebook.ui.judicial import (
    DraftReviewExercise,
    EffectiveCollectionExercise,
    FeeExercise,
    ProcedureExercise,
    build_fee_calculator,
    build_limitation_calculator,
    build_procedure_chooser,
)
from tests.conftest import EXAMPLES


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


def test_fee_exercise_scores():
    ex = FeeExercise("30000", "payment-order")
    ex.answer.value = "183.33"
    assert ex.submit().points == 100
    ex.answer.value = "183"
    assert ex.submit().points == 50
    ex.answer.value = "550"
    assert ex.submit().points == 0 and "183.33" in ex.output.value
    ex.close()
    assert score_fee("8000", "ordinary", "abc").points == 0


def test_procedure_exercise_scores():
    facts = CaseFacts(amount="45000", disputed=True, limits=limits_from_wage(100_000))
    ex = ProcedureExercise(facts, "story")
    ex.button.click()
    assert "请先选择" in ex.output.value
    ex.answer.value = "small_claims"
    assert ex.submit().points == 100
    # ¥45,000 ≤ 50 % of the wage: small claims is mandatory, so 简易/普通 earn nothing …
    assert score_procedure(facts, "ordinary").points == 0
    assert score_procedure(facts, "simplified").points == 0
    # … while a payment order (not a trial) is open but not the best choice for a disputed debt.
    assert score_procedure(facts, "payment_order").points == 50
    assert score_procedure(facts, "no_such").points == 0
    ex.close()


def test_effective_collection_exercise():
    log = validate_file(
        CollectionLog, read_data(EXAMPLES / "judicial" / "collection_log.yaml"), "log"
    )
    ex = EffectiveCollectionExercise(log)
    for i in (1, 2, 3):
        ex.boxes[i].value = True
    assert ex.submit().points == 100
    ex.boxes[0].value = True
    score = ex.submit()
    assert score.points == 75 and "第 1 次" in score.feedback
    ex.close()
    assert log.facts.as_of == date(2025, 7, 15)


def test_draft_review_exercise():
    draft = draft_without(build_all(make_judicial_case(1))["complaint"], ["evidence_list"])
    ex = DraftReviewExercise(draft)
    ex.answer.value = ("evidence_list",)
    assert ex.submit().points == 100
    ex.close()
