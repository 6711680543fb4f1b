"""``casebook call personas`` and ``casebook call replay``: JSON contracts (keys exactly), the
readable transcript, and bad input (exit 2, a Chinese message naming the bad item)."""

from __future__ import annotations

import json

import pytest

from casebook.cli import main
from casebook.conversation import default_conversation
from casebook.conversation.call import Choice, replay

RECORD_KEYS = {"persona", "seed", "turns", "outcome", "violations", "score"}
TURN_KEYS = {"speaker", "text", "findings"}
VIOLATION_KEYS = {"rule", "turn", "explanation", "citation"}
SCORE_KEYS = {"total", "compliance", "outcome", "discovery", "points_lost"}
OUTCOME_KEYS = {"id", "label", "amount", "date", "note"}
BEST = [
    {"option": "open-intro"},
    {"option": "id-verify"},
    "谢谢，核对无误。您名下的信用卡逾期了，请问最近是遇到什么情况了吗？",
    {"option": "reason-how"},
    {"option": "plan-ask"},
    {"option": "confirm-sms"},
]


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, data, name="replies.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_personas_json_contract(capsys):
    code, out, err = run_cli(capsys, "call", "personas", "--json")
    assert code == 0 and err == ""
    records = json.loads(out)
    conv = default_conversation()
    assert [r["id"] for r in records] == [p.id for p in conv.personas] and len(records) >= 8
    for record, persona in zip(records, conv.personas, strict=True):
        assert set(record) == {"id", "title", "summary"}
        assert record["title"] == persona.title and record["summary"] == persona.summary


def test_personas_table(capsys):
    code, out, _ = run_cli(capsys, "call", "personas")
    assert code == 0 and "情绪濒临崩溃的人" in out and "crisis" in out


def test_replay_json_contract(capsys, tmp_path):
    path = write(tmp_path, BEST)
    code, out, err = run_cli(
        capsys,
        "call",
        "replay",
        "--persona",
        "forgetful",
        "--seed",
        "7",
        "--replies",
        path,
        "--json",
    )
    assert code == 0 and err == ""
    record = json.loads(out)
    assert set(record) == RECORD_KEYS
    assert record["persona"] == "forgetful" and record["seed"] == 7
    assert [t["speaker"] for t in record["turns"]] == ["debtor"] + ["collector", "debtor"] * 6
    for turn in record["turns"]:
        assert set(turn) == TURN_KEYS and turn["text"] and isinstance(turn["findings"], list)
        for finding in turn["findings"]:
            assert finding["kind"] in {"violation", "advice", "fact", "event", "outcome"}
    assert set(record["outcome"]) == OUTCOME_KEYS and record["outcome"]["id"] == "promise_to_pay"
    assert set(record["score"]) == SCORE_KEYS and record["score"]["total"] == 100
    assert record["violations"] == []
    # the record is the engine's: the same replies give the same JSON
    expected = replay(
        "forgetful", 7, [Choice(r["option"]) if isinstance(r, dict) else r for r in BEST]
    )
    assert record == json.loads(json.dumps(expected.to_json_dict(), ensure_ascii=False))


def test_replay_violations_name_the_rule_turn_and_citation(capsys, tmp_path):
    path = write(tmp_path, [{"option": "open-intro"}, "您的信用卡欠款已经逾期了，今天必须还上！"])
    code, out, _ = run_cli(
        capsys,
        "call",
        "replay",
        "--persona",
        "forgetful",
        "--seed",
        "1",
        "--replies",
        path,
        "--json",
    )
    record = json.loads(out)
    assert code == 0 and record["outcome"] is None  # the call is still running
    rules = {v["rule"] for v in record["violations"]}
    assert "CALL-VERIFY-IDENTITY" in rules
    for v in record["violations"]:
        assert set(v) == VIOLATION_KEYS
        assert record["turns"][v["turn"]]["speaker"] == "collector" and v["turn"] == 3
        assert v["explanation"] and v["citation"]
    finding = next(f for f in record["turns"][3]["findings"] if f["rule"] == "CALL-VERIFY-IDENTITY")
    assert finding["better"] and finding["instead"] and "行内政策" in finding["citation"]


def test_replay_readable_transcript(capsys, tmp_path):
    path = write(tmp_path, BEST)
    code, out, _ = run_cli(
        capsys, "call", "replay", "--persona", "forgetful", "--seed", "7", "--replies", path
    )
    assert code == 0 and "催收员：" in out and "得分 100.0" in out and "承诺还款" in out


def test_replay_accepts_yaml(capsys, tmp_path):
    path = tmp_path / "replies.yaml"
    path.write_text(
        "- option: open-intro\n- 麻烦您说一下身份证号码后四位，我核对一下。\n", encoding="utf-8"
    )
    code, out, _ = run_cli(
        capsys,
        "call",
        "replay",
        "--persona",
        "forgetful",
        "--seed",
        "1",
        "--replies",
        str(path),
        "--json",
    )
    assert code == 0 and len(json.loads(out)["turns"]) == 5


@pytest.mark.parametrize(
    ("replies", "position", "words"),
    [
        ([{"option": "open-intro"}, 5], 1, "int"),
        (["您好", "", "嗯"], 1, "不能为空"),
        ([{"option": "open-intro"}, {"opt": "id-verify"}], 1, "option"),
        ([{"option": "open-intro"}, {"option": "confirm-sms"}], 1, "不在这一轮的可选回复中"),
        (["嗯", "嗯", "嗯", "还在吗？"], 3, "通话已经结束"),
        ([{"option": "open-intro"}, {"option": ["id-verify"]}], 1, "option"),
        (["您好", "好" * 501], 1, "上限"),
    ],
)
def test_bad_items_exit_2_naming_their_position(capsys, tmp_path, replies, position, words):
    path = write(tmp_path, replies)
    code, out, err = run_cli(
        capsys,
        "call",
        "replay",
        "--persona",
        "forgetful",
        "--seed",
        "0",
        "--replies",
        path,
        "--json",
    )
    assert code == 2 and out == ""
    assert f"replies[{position}]" in err and words in err and path in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"replies": []}', "JSON 数组"),
        ("[1, 2", "invalid JSON"),
        ("", "invalid JSON"),
    ],
)
def test_bad_files_exit_2(capsys, tmp_path, content, words):
    path = tmp_path / "replies.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run_cli(
        capsys, "call", "replay", "--persona", "forgetful", "--seed", "0", "--replies", str(path)
    )
    assert code == 2 and words in err and str(path) in err


def test_unknown_persona_missing_file_and_negative_seed_exit_2(capsys, tmp_path):
    path = write(tmp_path, ["您好"])
    code, _, err = run_cli(
        capsys, "call", "replay", "--persona", "nobody", "--seed", "0", "--replies", path
    )
    assert code == 2 and "未知的持卡人角色「nobody」" in err and "forgetful" in err
    code, _, err = run_cli(
        capsys,
        "call",
        "replay",
        "--persona",
        "forgetful",
        "--seed",
        "0",
        "--replies",
        str(tmp_path / "no.json"),
    )
    assert code == 2 and "no.json" in err
    code, _, err = run_cli(
        capsys, "call", "replay", "--persona", "forgetful", "--seed", "-1", "--replies", path
    )
    assert code == 2 and "--seed" in err
