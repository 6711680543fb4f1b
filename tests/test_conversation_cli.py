"""``casebook call objections``: the JSON contract, topic filters, the readable table, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from casebook.cli import main
from casebook.conversation import default_conversation

SCENARIO_KEYS = {"id", "debtor_line", "context", "replies"}
REPLY_KEYS = {"id", "text", "grade", "rules", "feedback"}
GRADES = {"compliant_effective", "compliant_ineffective", "violating"}


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_objections_json_contract(capsys):
    code, out, err = run_cli(capsys, "call", "objections", "--json")
    assert code == 0 and err == ""
    records = json.loads(out)
    assert isinstance(records, list) and len(records) >= 40
    for record in records:
        assert set(record) == SCENARIO_KEYS
        assert all(
            isinstance(record[k], str) and record[k] for k in ("id", "debtor_line", "context")
        )
        assert isinstance(record["replies"], list) and len(record["replies"]) >= 3
        for reply in record["replies"]:
            assert set(reply) == REPLY_KEYS
            assert isinstance(reply["id"], str) and isinstance(reply["text"], str)
            assert reply["grade"] in GRADES
            assert isinstance(reply["rules"], list)
            assert all(isinstance(r, str) for r in reply["rules"])
            assert isinstance(reply["feedback"], str) and reply["feedback"]
            if reply["grade"] == "violating":
                assert reply["rules"]
        assert {r["grade"] for r in record["replies"]} == GRADES


def test_json_is_the_loaded_data(capsys):
    conv = default_conversation()
    _, out, _ = run_cli(capsys, "call", "objections", "--json")
    records = {r["id"]: r for r in json.loads(out)}
    assert list(records) == [s.id for s in conv.scenarios]
    scenario = conv.scenario("deceased-02")
    record = records["deceased-02"]
    assert record["debtor_line"] == scenario.debtor_line
    assert [r["text"] for r in record["replies"]] == [r.text for r in scenario.replies]
    assert [r["rules"] for r in record["replies"]] == [list(r.rules) for r in scenario.replies]


def test_topic_filter_by_id_or_chinese_label(capsys):
    _, out, _ = run_cli(capsys, "call", "objections", "--json", "--topic", "self-harm")
    by_id = [r["id"] for r in json.loads(out)]
    _, out, _ = run_cli(capsys, "call", "objections", "--json", "--topic", "表达轻生念头")
    by_label = [r["id"] for r in json.loads(out)]
    assert by_id == by_label and by_id and all(i.startswith("self-harm-") for i in by_id)
    _, out, _ = run_cli(
        capsys, "call", "objections", "--json", "--topic", "payday", "--topic", "waiver"
    )
    assert {r["id"].rsplit("-", 1)[0] for r in json.loads(out)} == {"payday", "waiver"}


def test_unknown_topic_is_a_chinese_error_with_exit_2(capsys):
    code, out, err = run_cli(capsys, "call", "objections", "--topic", "没钱")
    assert code == 2 and out == ""
    assert "未知的话题「没钱」" in err and "no-money（没钱还）" in err
    assert "Traceback" not in err


def test_readable_table_in_chinese(capsys):
    code, out, _ = run_cli(capsys, "call", "objections", "--topic", "abuse")
    assert code == 0
    for label in (
        "【abuse-01】",
        "情绪激动或辱骂",
        "合规且有效",
        "合规但无效",
        "违规",
        "点评与依据",
    ):
        assert label in out
    assert "共 2 个场景" in out


def test_call_needs_a_subcommand():
    with pytest.raises(SystemExit) as exc:
        main(["call"])
    assert exc.value.code == 2


def test_console_script_prints_utf8_json():
    done = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "call", "objections", "--json", "--topic", "payday"],
        capture_output=True,
        check=True,
    )
    records = json.loads(done.stdout.decode("utf-8"))
    assert [r["id"] for r in records] == ["payday-01", "payday-02"]
