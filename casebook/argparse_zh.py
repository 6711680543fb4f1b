"""An :class:`argparse.ArgumentParser` that speaks Chinese.

argparse builds its own words ("usage:", "error:", "the following arguments are required",
"invalid choice", the titles of the help sections …) through ``gettext`` message ids.
:class:`ChineseArgumentParser` translates those ids while it builds, parses, formats help or
reports an error, and leaves argparse unchanged for everyone else. A message id that has no
translation here (a newer Python's new wording) is shown as argparse wrote it.
Bad input still exits with code 2, as argparse does.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

#: Chinese for argparse's message ids (the strings argparse passes to ``gettext``).
MESSAGES: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的取值 %(value)r（可选：%(choices)s）"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有这个子命令：%(parser_name)r（可选：%(choices)s）"
    ),
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能给一个值",
    "expected at least one argument": "至少需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "这个选项不带值，却给了 %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开文件 '%(filename)s'：%(error)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
}

#: Names of the converters argparse reports in "invalid %(type)s value".
TYPE_NAMES: dict[str, str] = {"int": "整数", "float": "数字"}


class _TypeTemplate(str):
    """The "invalid value" template: names the converter in Chinese when it formats."""

    def __mod__(self, args: Any) -> str:
        if isinstance(args, Mapping) and "type" in args:
            args = {**args, "type": TYPE_NAMES.get(str(args["type"]), f" {args['type']} ")}
        return str.__mod__(self, args)


def translate(message: str) -> str:
    """Chinese for one argparse message id (the id itself when there is none)."""
    if message == "invalid %(type)s value: %(value)r":
        return _TypeTemplate(MESSAGES[message])
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    """``ngettext`` for argparse ("expected %s argument(s)")."""
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return singular if count == 1 else plural


@contextmanager
def chinese_messages() -> Iterator[None]:
    """While active, argparse builds its messages in Chinese."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translate, translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ChineseArgumentParser(argparse.ArgumentParser):
    """``ArgumentParser`` whose usage, help titles and errors are in Chinese (exit code 2).

    Sub-parsers made with ``add_subparsers().add_parser`` are of this class too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with chinese_messages():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction:
        with chinese_messages():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        with chinese_messages():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        with chinese_messages():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with chinese_messages():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese_messages():
            return super().format_help()

    def error(self, message: str):  # type: ignore[override]
        with chinese_messages():
            super().error(message)
