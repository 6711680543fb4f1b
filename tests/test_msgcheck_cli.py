"""``casebook check-message`` contract: JSON shape, readable report, exit codes."""

import json
import subprocess
import sys

from casebook.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract_for_a_violation(capsys):
    code, out, _ = run(capsys, "check-message", "老赖，再不还就等着坐 牢吧", "--json")
    assert code == 1  # not compliant
    data = json.loads(out)
    assert set(data) == {"compliant", "uncertain", "findings"}
    assert data["compliant"] is False and data["uncertain"] is False
    assert [(f["category"], f["rule"], f["span"]) for f in data["findings"]] == [
        ("insult", "CN-NO-INSULT", "老赖"),
        ("threat_or_intimidation", "CN-NO-CRIMINAL-THREAT", "坐 牢"),
        ("false_or_misleading", "CN-NO-CRIMINAL-THREAT", "坐 牢"),
    ]
    for finding in data["findings"]:
        assert {"category", "rule", "span", "explanation", "citation", "suggestion"} <= set(finding)
        assert isinstance(finding["span"], str)
        assert finding["explanation"] and finding["citation"] and finding["hint"]
        assert finding["suggestion"] and "坐牢" not in finding["suggestion"]
    assert data["findings"][1]["start"] == 9 and data["findings"][1]["end"] == 12


def test_json_for_a_compliant_message(capsys):
    text = "您的信用卡已逾期，请于本月25日前还款，如有困难可致电协商。"
    code, out, _ = run(capsys, "check-message", text, "--json")
    assert code == 0
    data = json.loads(out)
    assert data == {"compliant": True, "uncertain": False, "findings": []}


def test_recipient_changes_the_verdict(capsys):
    text = "他的信用卡已经逾期三个月了。"
    _, out, _ = run(capsys, "check-message", text, "--json")
    assert json.loads(out)["compliant"] is True
    _, out, _ = run(capsys, "check-message", text, "--recipient", "third_party", "--json")
    data = json.loads(out)
    assert data["compliant"] is False
    assert {f["category"] for f in data["findings"]} == {"third_party_disclosure"}
    assert [f["span"] for f in data["findings"]] == ["信用卡", "逾期"]


def test_readable_chinese_report(capsys):
    code, out, _ = run(capsys, "check-message", "我是法院的，你再不还就坐牢。")
    assert code == 1
    assert out.startswith("检查结果：发现 3 处问题（接收人：债务人本人）。")
    assert "[1] 冒充公检法" in out and "CN-NO-IMPERSONATION" in out
    assert "原文：「坐牢」（第 12–13 字）" in out
    assert "可以这样改：" in out and "改写示例：" in out and "依据：" in out
    code, out, _ = run(capsys, "check-message", "您好，提醒您按时还款。")
    assert code == 0 and out.startswith("检查结果：未发现违规措辞")


def test_bad_recipient_exits_2(capsys):
    code = None
    try:
        main(["check-message", "你好", "--recipient", "boss"])
    except SystemExit as exc:
        code = exc.code
    _, err = capsys.readouterr()
    assert code == 2 and "无效的取值 'boss'" in err


def test_empty_text_exits_2(capsys):
    code, _, err = run(capsys, "check-message", "   ", "--json")
    assert code == 2 and "TEXT: the message is empty" in err


def test_console_script_end_to_end():
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "check-message", "曝.光.你", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [(f["category"], f["span"]) for f in data["findings"]] == [("privacy_exposure", "曝.光")]


def test_text_with_nothing_to_read_exits_2(capsys):
    for text in ("\u200b\u200d\ufeff", "\u2060 \u200b", "。！？……", "\u202e\u202c"):
        code, out, err = run(capsys, "check-message", text, "--json")
        assert (code, out) == (2, ""), repr(text)
        assert "TEXT: the message is empty" in err and "不可见字符" in err


def test_invalid_bytes_inside_a_word_are_seen_through():
    # A command line with a byte that is not UTF-8 inside 坐牢: argv carries a lone
    # surrogate; the word is still found and the JSON is still printable.
    result = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"casebook.cli",
            b"check-message",
            "等着坐".encode() + b"\xff" + "牢吧".encode(),
            b"--json",
        ],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    data = json.loads(result.stdout.decode("utf-8"))
    assert [(f["rule"], f["span"]) for f in data["findings"]] == [
        ("CN-NO-CRIMINAL-THREAT", "坐\ufffd牢"),
        ("CN-NO-CRIMINAL-THREAT", "坐\ufffd牢"),
    ]
