"""``casebook simulate portfolio``: the JSON contract and bad input (exit code 2)."""

from __future__ import annotations

import json

import pytest

from casebook.cli import main
from tests.conftest import EXAMPLES

ARGS = ["simulate", "portfolio", "--accounts", "1500", "--days", "60", "--seed", "3"]


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys):
    code, out, err = run_cli(capsys, *ARGS, "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"strategy", "accounts", "days", "seed", "totals", "roll_rates", "performance"} <= set(
        data
    )
    assert data["accounts"] == 1500 and data["days"] == 60 and data["seed"] == 3
    assert data["account_days"] == 1500 * 60
    assert data["strategy"]["id"] == "champion"
    assert data["strategy"]["file"] == "casebook/data/strategies/champion.yaml"
    assert {"recovered", "cost", "complaints", "net", "written_off_amount"} <= set(data["totals"])
    assert list(data["roll_rates"]) == ["M0→M1", "M1→M2", "M2→M3", "M3→M4", "M4→M5", "M5→M6+"]
    assert set(data["performance"]) == {"seconds", "account_days_per_second"}
    assert data["performance"]["account_days_per_second"] > 0
    for row in data["roll_matrix"].values():
        assert sum(row.values()) == pytest.approx(1.0, abs=1e-5)


def test_output_is_deterministic_apart_from_the_speed(capsys):
    _, first, _ = run_cli(capsys, *ARGS, "--json")
    _, second, _ = run_cli(capsys, *ARGS, "--json")
    a, b = json.loads(first), json.loads(second)
    a.pop("performance"), b.pop("performance")
    assert a == b


def test_strategy_file_and_text_output(capsys):
    challenger = "casebook/data/strategies/challenger.yaml"
    code, out, _ = run_cli(capsys, *ARGS, "--strategy", challenger)
    assert code == 0
    assert "挑战者策略" in out and "回款" in out and "滚动率" in out and "合成数据" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--accounts", "0"], "--accounts: must be an integer from 1 to 5,000,000, got 0"),
        (["--days", "0"], "--days: must be an integer from 1"),
        (["--days", "5000"], "--days: must be an integer from 1 to 1,095, got 5000"),
        (["--seed", "-1"], "--seed: must be an integer from 0"),
    ],
)
def test_out_of_range_arguments_exit_2(capsys, change, expected):
    args = list(ARGS)
    i = args.index(change[0])
    args[i + 1] = change[1]
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 2 and out == "" and expected in err


def test_missing_strategy_file_exits_2(capsys, tmp_path):
    missing = tmp_path / "none.yaml"
    code, _, err = run_cli(capsys, *ARGS, "--strategy", str(missing))
    assert code == 2 and "--strategy" in err and str(missing) in err


def test_strategy_over_the_caps_exits_2_naming_file_and_rule(capsys):
    invalid = EXAMPLES / "strategies" / "too_many_calls.yaml"
    code, out, err = run_cli(capsys, *ARGS, "--strategy", str(invalid), "--json")
    assert code == 2 and out == ""
    assert str(invalid) in err and "CN-CALL-CONNECTED-DAILY" in err and "overextended" in err


def test_malformed_strategy_exits_2(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\ntitle: x\n", encoding="utf-8")
    code, _, err = run_cli(capsys, *ARGS, "--strategy", str(bad))
    assert code == 2 and str(bad) in err and "field 'id'" in err


def test_non_integer_argument_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["simulate", "portfolio", "--accounts", "many", "--days", "30", "--seed", "1"])
    assert info.value.code == 2
    assert "--accounts" in capsys.readouterr().err
