"""``casebook check-message TEXT [--recipient debtor|third_party] [--pack P …] [--json]``.

The wording judge (:func:`casebook.wording.judge`) against the packs (default: the law
pack; add ``--pack house`` for the house pack's wording rules).

Contract (relied on by other tools; keep stable): with ``--json`` it prints
``{"compliant": bool, "uncertain": bool, "findings": [{"category", "rule", "span",
"explanation", "citation", "suggestion", …}]}`` where ``span`` is the offending text as
written (``start``/``end`` are its offsets) and ``suggestion`` a compliant rewrite of its
sentence. ``uncertain`` marks a verdict a person should review. Exit code 0 when the
message is compliant, 1 when it is not, 2 for bad input (a message that is empty or holds
only spaces, punctuation or invisible characters, or one longer than
:data:`MAX_TEXT_CHARS`). Bytes that were not valid text (a command line in the wrong
encoding) are read as U+FFFD and do not hide the words around them.
"""

from __future__ import annotations

import argparse

from casebook.commands import PACK_HELP, pack_names, print_json
from casebook.io import InputFileError
from casebook.msgcheck import RECIPIENTS, LexiconError
from casebook.msgcheck.render import message_check_text
from casebook.policy.loader import load_packs
from casebook.wording import judge

#: Longest text checked (a long collection letter is about 2,000 characters).
MAX_TEXT_CHARS = 10_000


def _readable(text: str) -> str:
    """``text`` with undecodable bytes (lone surrogates from the command line) as U+FFFD."""
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _cmd_check_message(args: argparse.Namespace) -> int:
    args.text = _readable(args.text)
    if not args.text.strip():
        raise InputFileError("TEXT: the message is empty")
    if len(args.text) > MAX_TEXT_CHARS:
        raise InputFileError(
            f"TEXT: 消息过长：{len(args.text):,} 字（上限 {MAX_TEXT_CHARS:,} 字）；"
            "请分段检查，一条短信、一段话术或一封催收函都远短于此"
        )
    packs = load_packs(pack_names(args.pack))
    try:
        result = judge(args.text, args.recipient, packs)
    except LexiconError as exc:
        raise InputFileError(str(exc)) from None
    if result.empty:
        raise InputFileError(
            "TEXT: the message is empty: 消息中没有可检查的文字（只有空白、标点、符号或不可见字符）"
        )
    if args.json:
        print_json(result.to_json_dict())
    else:
        print(message_check_text(result))
    return 0 if result.compliant else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-message",
        help="检查一条催收话术（短信、信函、通话话术）的措辞",
    )
    parser.add_argument("text", metavar="TEXT", help="要检查的话术")
    parser.add_argument(
        "--recipient",
        choices=RECIPIENTS,
        default="debtor",
        help="接收人：债务人本人（默认）或第三人（如亲属）",
    )
    parser.add_argument("--pack", action="append", help=PACK_HELP)
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_check_message)
