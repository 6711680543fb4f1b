"""The ``casebook`` command line: quick commands import no heavy engine, argparse speaks Chinese.

Behavioural checks only (which modules a command imports, what it prints); the start-up time
itself is measured by ``bench/cli_startup.py``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest
import yaml

from casebook.argparse_zh import MESSAGES, ChineseArgumentParser
from casebook.cli import build_parser, command_modules, main, requested_command
from casebook.yamlnodes import load_with_nodes

HEAVY = ("pandas", "matplotlib")


@pytest.mark.parametrize(
    "argv",
    [
        ["fees", "50000", "--json"],
        ["check-message", "您好，您的信用卡已逾期，请尽快还款。", "--json"],
        ["limitation", "--start", "2024-03-01", "--json"],
    ],
)
def test_quick_commands_import_no_heavy_library(argv):
    script = (
        "import json, sys, casebook.cli\n"
        f"code = casebook.cli.main({argv!r})\n"
        f"print(json.dumps([code, [m for m in {HEAVY!r} if m in sys.modules]]), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    code, heavy = json.loads(result.stderr.strip().splitlines()[-1])
    assert code in (0, 1) and json.loads(result.stdout)  # it ran and printed its JSON
    assert heavy == [], f"casebook {argv[0]} imported {heavy}"


def test_every_command_module_registers_the_command_named_after_it():
    for name, module_name in command_modules().items():
        parser = ChineseArgumentParser(prog="casebook")
        subparsers = parser.add_subparsers(dest="command")
        importlib.import_module(module_name).register(subparsers)
        assert list(subparsers.choices) == [name], module_name


def test_only_the_requested_command_is_registered():
    assert requested_command(["fees", "50000"]) == "fees"
    assert requested_command(["--help", "fees"]) is None
    assert requested_command(["fee"]) is None
    parser = build_parser("fees")
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subparsers.choices) == ["fees"]
    assert set(build_parser()._subparsers._group_actions[0].choices) == set(command_modules())


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


ENGLISH = ("usage:", "error:", "required", "invalid choice", "unrecognized", "expected one")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["fees"], "缺少必需的参数：AMOUNT"),
        (["fees", "50000", "--procedure"], "参数 --procedure：需要一个值"),
        (["fees", "50000", "--bogus"], "无法识别的参数：--bogus"),
        (["check-message", "你好", "--recipient", "boss"], "无效的取值 'boss'"),
        (["fee", "50000"], "无效的取值 'fee'"),
        (["documents", "--seed", "x", "--out", "d"], "'x' 不是有效的整数"),
        ([], "缺少必需的参数：命令"),
    ],
)
def test_argument_errors_are_in_chinese_with_exit_code_2(capsys, argv, expected):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("用法：casebook")
    assert "错误：" in err and expected in err, err
    assert not any(word in err for word in ENGLISH), err


def test_help_is_in_chinese(capsys):
    code, out, _ = _run(capsys, "fees", "--help")
    assert code == 0
    assert out.startswith("用法：casebook fees")
    assert "显示本帮助并退出" in out and "选项" in out and "位置参数" in out
    assert "usage:" not in out and "show this help" not in out


def test_argparse_is_left_english_for_other_programs(capsys):
    _run(capsys, "fees")  # the CLI's Chinese does not leak into other parsers
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage: other")


def test_every_translated_message_keeps_its_placeholders():
    for english, chinese in MESSAGES.items():
        for placeholder in ("%(prog)s", "%(message)s", "%(value)r", "%(choices)s", "%s", "%r"):
            assert english.count(placeholder) == chinese.count(placeholder), english


def test_bad_input_message_of_the_engine_is_chinese_too(capsys):
    code, _, err = _run(capsys, "fees", "abc")
    assert code == 2 and err.startswith("casebook：错误：参数 AMOUNT：")


YAML_TEXT = """\
title: 示例
items:
  - id: a
    amount: 1.5
  - id: b
    when: 2024-03-01
"""


def test_one_parse_gives_the_same_data_and_nodes_as_pyyaml():
    data, root = load_with_nodes(YAML_TEXT)
    assert data == yaml.safe_load(YAML_TEXT)
    assert root.start_mark.line == yaml.compose(YAML_TEXT).start_mark.line
    second = root.value[1][1].value[1]  # items[1]
    assert second.start_mark.line + 1 == 5
    assert load_with_nodes("") == (None, None)


def _help_texts(parser: argparse.ArgumentParser, where: str):
    """(where, text) of every help string of ``parser`` and its sub-parsers."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{where} {choice.dest}", choice.help or ""
            for name, sub in action.choices.items():
                yield from _help_texts(sub, f"{where} {name}")
        elif action.help and action.help != argparse.SUPPRESS:
            yield f"{where} {'/'.join(action.option_strings) or action.dest}", action.help


def test_every_help_text_of_every_command_is_chinese():
    """A trainer reading `casebook X --help` meets no English sentence (format strings aside)."""
    english = [
        f"{where}: {text}"
        for where, text in _help_texts(build_parser(None), "casebook")
        if not any("\u4e00" <= char <= "\u9fff" for char in text)
    ]
    assert english == []
