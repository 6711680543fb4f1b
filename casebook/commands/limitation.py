"""``casebook limitation --start DATE [--interrupt DATE ...] --json``: the limitation clock.

Prints ``{"expires": "YYYY-MM-DD", ...}`` (民法典 Arts. 188, 195, 201–203; 银行卡规定 Art. 3).
An ``--interrupt`` value is ``DATE``, ``DATE:KIND`` or, for a procedure that ends,
``DATE:KIND:ENDED``: a lawsuit or payment order (ENDED required: the date the procedure
ended) or a police report (ENDED optional: the date the creditor learned it was dropped,
or the criminal judgment took effect). Any other kind with an ENDED part is refused.
"""

from __future__ import annotations

import argparse

from casebook.commands import print_json
from casebook.io import InputFileError
from casebook.judicial.args import parse_choice_arg, parse_date_arg
from casebook.judicial.limitation import (
    INTERRUPT_LABELS,
    InterruptEvent,
    InterruptKind,
    LimitationDateError,
    limitation_clock,
)

KINDS = tuple(k.value for k in InterruptKind)


def parse_interrupt(text: str) -> InterruptEvent:
    """``DATE[:KIND[:ENDED]]`` → :class:`InterruptEvent` (errors name ``--interrupt``)."""
    parts = text.split(":")
    if len(parts) > 3:
        raise InputFileError(f"参数 --interrupt：{text!r} 的格式应为 DATE[:KIND[:ENDED]]")
    on = parse_date_arg(parts[0], "--interrupt")
    kind = (
        InterruptKind(parse_choice_arg(parts[1], "--interrupt", KINDS)) if len(parts) > 1 else None
    )
    ended = parse_date_arg(parts[2], "--interrupt") if len(parts) > 2 else None
    try:
        return InterruptEvent(on, kind or InterruptKind.DEMAND, ended)
    except ValueError as exc:
        raise InputFileError(f"参数 --interrupt：{text!r}：{exc}") from None


def _cmd_limitation(args: argparse.Namespace) -> int:
    if args.start is None:
        raise InputFileError("参数 --start：必须提供（错过的到期还款日，YYYY-MM-DD）")
    start = parse_date_arg(args.start, "--start")
    events = [parse_interrupt(text) for text in args.interrupt or []]
    rest = [parse_date_arg(text, "--rest-day") for text in args.rest_day or []]
    try:
        result = limitation_clock(start, events, rest)
    except LimitationDateError as exc:
        raise InputFileError(f"参数 --{exc.field}：{exc}") from None
    if args.json:
        print_json(result.to_json())
        return 0
    print(
        f"起算日 {result.start}，诉讼时效届满日 {result.expires}（最长保护期至 {result.long_stop}）"
    )
    for effect in result.events:
        print(f"  {effect.event.on} {INTERRUPT_LABELS[effect.event.kind]}：{effect.explanation}")
    for note in result.notes:
        print(f"注：{note}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("limitation", help="计算信用卡欠款的诉讼时效")
    parser.add_argument("--start", metavar="DATE", help="逾期的还款到期日，格式 YYYY-MM-DD")
    parser.add_argument(
        "--interrupt",
        metavar="DATE[:KIND[:ENDED]]",
        action="append",
        help=f"一次时效中断事件；KIND 为 {'、'.join(KINDS)} 之一（默认 demand）；可重复",
    )
    parser.add_argument(
        "--rest-day",
        metavar="DATE",
        action="append",
        help="法定休假日（《民法典》第二百零三条）；可重复",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_limitation)
