"""CLI contracts: fees, limitation, procedure, collections, claim (exit code 2 on bad input)."""

import json

import pytest

from casebook.cli import main
from tests.conftest import EXAMPLES


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_fees_json_contract(capsys):
    code, out, _ = run(capsys, "fees", "50000", "--procedure", "payment-order", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"amount", "procedure", "fee", "breakdown"}
    assert data == {**data, "amount": 50000, "procedure": "payment-order", "fee": 350}


def test_fees_default_and_preservation(capsys):
    _, out, _ = run(capsys, "fees", "300000", "--preservation", "900000", "--json")
    data = json.loads(out)
    assert data["fee"] == 5800 and data["preservation_fee"] == 5000 and data["total"] == 10800


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["fees", "-100", "--json"], "AMOUNT"),
        (["fees", "abc"], "AMOUNT"),
        (["fees", "100", "--procedure", "express"], "--procedure"),
        (["fees", "100", "--procedure", "payment-order", "--mediated"], "--mediated"),
        (["limitation", "--start", "2021-02-30", "--json"], "--start"),
        (["limitation", "--start", "15/03/2021"], "--start"),
        (["limitation", "--json"], "--start"),
        (["limitation", "--start", "2021-03-15", "--interrupt", "2022-13-01"], "--interrupt"),
        (["limitation", "--start", "2021-03-15", "--interrupt", "2022-01-01:phone"], "--interrupt"),
        (
            ["limitation", "--start", "2023-06-01", "--interrupt", "2024-01-01:sms:2025-12-31"],
            "--interrupt",
        ),
        (
            ["limitation", "--start", "2023-06-01", "--interrupt", "2024-01-01:letter:2025-12-31"],
            "--interrupt",
        ),
        (
            ["limitation", "--start", "2023-06-01", "--interrupt", "2024-01-01:lawsuit"],
            "--interrupt",
        ),
        (["limitation", "--start", "9998-01-01", "--json"], "--start"),
        (["limitation", "--start", "9999-12-31"], "--start"),
        (
            ["limitation", "--start", "2024-01-01", "--interrupt", "2024-05-01:lawsuit:9998-01-01"],
            "--interrupt",
        ),
        (["procedure", "-1"], "AMOUNT"),
        (["procedure", "0", "--json"], "AMOUNT"),
        (["procedure", "NaN"], "AMOUNT"),
        (["procedure", "inf"], "AMOUNT"),
        (["procedure", "100000000000000000000000000", "--json"], "AMOUNT"),
        (["procedure", "45000", "--confirm-limit"], "--confirm-limit"),
        (["procedure", "45000", "--small-claims-limit", "0"], "--small-claims-limit"),
        (["fees", "0", "--json"], "AMOUNT"),
        (["fees", "0.00"], "AMOUNT"),
        (["fees", "NaN"], "AMOUNT"),
        (["fees", "inf"], "AMOUNT"),
        (["fees", "100000000000000000000000000", "--json"], "AMOUNT"),
        (["fees", "50000", "--preservation", "0"], "--preservation"),
        (["procedure", "100", "--wage", "0"], "--wage"),
        (["procedure", "100", "--province", "火星省"], "province"),
        (
            ["claim", str(EXAMPLES / "judicial" / "statements.yaml"), "--as-of", "2025-6-30"],
            "--as-of",
        ),
    ],
)
def test_bad_input_exit_2_and_names_the_argument(capsys, args, names):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert names in err


def test_limitation_json_contract(capsys):
    code, out, _ = run(
        capsys, "limitation", "--start", "2020-02-29", "--interrupt", "2021-06-30:letter", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["expires"] == "2024-06-30"
    assert data["events"][0]["kind"] == "letter"


def test_limitation_sms_with_an_end_date_is_refused_in_chinese(capsys):
    code, out, err = run(
        capsys, "limitation", "--start", "2023-06-01", "--interrupt", "2024-01-01:sms:2025-12-31"
    )
    assert code == 2 and out == "" and "Traceback" not in err
    assert "不能带结束日期" in err and "lawsuit" in err and "payment_order" in err


def test_limitation_lawsuit_end_date_still_moves_the_expiry(capsys):
    code, out, _ = run(
        capsys,
        "limitation",
        "--start",
        "2023-06-01",
        "--interrupt",
        "2024-01-01:lawsuit:2025-12-31",
        "--json",
    )
    assert code == 0 and json.loads(out)["expires"] == "2028-12-31"


def test_limitation_leap_day_without_events(capsys):
    _, out, _ = run(capsys, "limitation", "--start", "2020-02-29", "--json")
    assert json.loads(out)["expires"] == "2023-02-28"


def test_procedure_json(capsys):
    code, out, _ = run(capsys, "procedure", "45000", "--wage", "100000", "--disputed", "--json")
    data = json.loads(out)
    assert code == 0 and data["recommended"] == "small_claims"
    assert data["small_claims_limits"]["mandatory"] == 50000


def test_procedure_province_figure_is_shown_but_not_applied(capsys):
    code, out, _ = run(capsys, "procedure", "45000", "--province", "浙江省", "--disputed", "--json")
    data = json.loads(out)
    assert code == 0 and data["depends_on_small_claims_limit"] is True
    limits = data["small_claims_limits"]
    assert limits["confirmed"] is False and limits["status"] == "partial"
    assert limits["mandatory"] == 54323 and "非私营" in limits["wage_basis"]
    options = {o["key"]: o for o in data["options"]}
    assert options["small_claims"]["eligible"] is None
    assert options["simplified"]["eligible"] is None
    code, out, _ = run(
        capsys,
        "procedure",
        "45000",
        "--province",
        "浙江省",
        "--confirm-limit",
        "--disputed",
        "--json",
    )
    data = json.loads(out)
    assert data["recommended"] == "small_claims" and data["depends_on_small_claims_limit"] is False
    options = {o["key"]: o for o in data["options"]}
    assert options["simplified"]["eligible"] is False and options["ordinary"]["eligible"] is False
    text = run(capsys, "procedure", "45000", "--province", "浙江省")[1]
    assert "仅供参考，未适用" in text


def test_collections_and_claim_commands(capsys):
    code, out, _ = run(
        capsys, "collections", str(EXAMPLES / "judicial" / "collection_log.yaml"), "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["effective_pair"] == [1, 3] and data["intent"] == "not_assessed"
    code, out, _ = run(
        capsys,
        "claim",
        str(EXAMPLES / "judicial" / "statements.yaml"),
        "--as-of",
        "2025-06-30",
        "--json",
    )
    assert code == 0 and json.loads(out)["total"] == 56382.4


def test_text_outputs(capsys):
    assert run(capsys, "fees", "8000")[1].startswith("标的额 ¥8,000.00")
    assert "届满日 2024-03-15" in run(capsys, "limitation", "--start", "2021-03-15")[1]


def test_procedure_text_does_not_call_an_exact_fee_approximate(capsys):
    """The court fee is computed exactly; the text must not say 约 (issue 11)."""
    code, out, _ = run(capsys, "procedure", "30000")
    assert code == 0 and "受理费 ¥183.33" in out and "受理费约" not in out
