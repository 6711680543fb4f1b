"""``casebook limitation --start DATE [--interrupt DATE ...] --json``: the limitation clock.

Prints ``{"expires": "YYYY-MM-DD", ...}`` (民法典 Arts. 188, 195, 201–203; 银行卡规定 Art. 3).
An ``--interrupt`` value is ``DATE``, ``DATE:KIND`` or, for a lawsuit or payment order,
``DATE:KIND:ENDED`` (the date the procedure ended).
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
    limitation_clock,
)

KINDS = tuple(k.value for k in InterruptKind)


def parse_interrupt(text: str) -> InterruptEvent:
    """``DATE[:KIND[:ENDED]]`` → :class:`InterruptEvent` (errors name ``--interrupt``)."""
    parts = text.split(":")
    if len(parts) > 3:
        raise InputFileError(f"argument --interrupt: {text!r} is not DATE[:KIND[:ENDED]]")
    on = parse_date_arg(parts[0], "--interrupt")
    kind = (
        InterruptKind(parse_choice_arg(parts[1], "--interrupt", KINDS)) if len(parts) > 1 else None
    )
    ended = parse_date_arg(parts[2], "--interrupt") if len(parts) > 2 else None
    try:
        return InterruptEvent(on, kind or InterruptKind.DEMAND, ended)
    except ValueError as exc:
        raise InputFileError(f"argument --interrupt: {exc}") from None


def _cmd_limitation(args: argparse.Namespace) -> int:
    if args.start is None:
        raise InputFileError("argument --start: required (the missed due date, YYYY-MM-DD)")
    start = parse_date_arg(args.start, "--start")
    events = [parse_interrupt(text) for text in args.interrupt or []]
    rest = [parse_date_arg(text, "--rest-day") for text in args.rest_day or []]
    result = limitation_clock(start, events, rest)
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
    parser = subparsers.add_parser("limitation", help="limitation period (诉讼时效) of a card debt")
    parser.add_argument("--start", metavar="DATE", help="the missed due date, YYYY-MM-DD")
    parser.add_argument(
        "--interrupt",
        metavar="DATE[:KIND[:ENDED]]",
        action="append",
        help=f"an interrupting event; KIND one of {', '.join(KINDS)} (default demand); repeatable",
    )
    parser.add_argument(
        "--rest-day",
        metavar="DATE",
        action="append",
        help="a statutory rest day (民法典 Art. 203); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_cmd_limitation)
