"""``casebook check-message TEXT [--recipient debtor|third_party] [--pack P …] [--json]``.

The wording judge (:func:`casebook.wording.judge`) against the packs (default: the law
pack; add ``--pack house`` for the house pack's wording rules).

Contract (relied on by other tools; keep stable): with ``--json`` it prints
``{"compliant": bool, "findings": [{"category", "rule", "span", "explanation", "citation",
…}]}`` where ``span`` is the offending text as written (``start``/``end`` are its offsets).
Exit code 0 whether or not problems were found; 2 for bad input (an empty message, or one
longer than :data:`MAX_TEXT_CHARS`).
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


def _cmd_check_message(args: argparse.Namespace) -> int:
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
    if args.json:
        print_json(result.to_json_dict())
    else:
        print(message_check_text(result))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-message",
        help="check the wording of a collection message (SMS, letter, call script)",
    )
    parser.add_argument("text", metavar="TEXT", help="the message to check")
    parser.add_argument(
        "--recipient",
        choices=RECIPIENTS,
        default="debtor",
        help="who receives it: the debtor (default) or a third party such as a relative",
    )
    parser.add_argument("--pack", action="append", help=PACK_HELP)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_cmd_check_message)
