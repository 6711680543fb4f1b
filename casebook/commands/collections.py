"""``casebook collections LOG_FILE --json``: 有效催收 and the objective elements of 恶意透支.

Never assesses 以非法占有为目的 (2018 interpretation Art. 6: not from non-payment alone).
"""

from __future__ import annotations

import argparse

from casebook.commands import print_json
from casebook.io import read_data, validate_file
from casebook.judicial.collections import CHANNEL_TEXT, CollectionLog, assess_collections

_STATUS = {"met": "满足", "not_met": "不满足", "not_assessed": "不由本工具判断"}


def _cmd_collections(args: argparse.Namespace) -> int:
    log = validate_file(CollectionLog, read_data(args.log_file), args.log_file)
    report = assess_collections(log)
    if args.json:
        print_json(report.to_json())
        return 0
    for v in report.verdicts:
        mark = "有效" if v.qualifies else "无效"
        print(f"#{v.index + 1} {v.record.date} {CHANNEL_TEXT[v.record.channel]}：{mark}")
        for check in v.checks:
            print(f"    {'✔' if check.met else '✘'} {check.condition}：{check.explanation}")
        for gap in v.evidence_gaps:
            print(f"    证据：{gap}")
    for element in report.elements:
        print(f"[{_STATUS[element.status]}] {element.title}：{element.explanation}")
    for note in report.notes:
        print(f"注：{note}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("collections", help="判断催收记录中哪些是有效催收")
    parser.add_argument("log_file", metavar="LOG_FILE", help="催收记录文件（YAML 或 JSON）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_collections)
