"""``casebook fees AMOUNT [--procedure ordinary|simplified|payment-order] --json``: court fees.

Prints ``{"amount", "procedure", "fee", "breakdown"}`` (《诉讼费用交纳办法》 Arts. 13–16);
with ``--preservation AMOUNT`` also ``preservation_fee`` and ``total``.
"""

from __future__ import annotations

import argparse

from casebook.commands import print_json
from casebook.io import InputFileError
from casebook.judicial.args import parse_amount_arg, parse_choice_arg
from casebook.judicial.fees import PROCEDURE_LABELS, Procedure, court_fee, preservation_fee
from casebook.judicial.money import as_number, yuan

PROCEDURES = tuple(p.value for p in Procedure)


def _cmd_fees(args: argparse.Namespace) -> int:
    amount = parse_amount_arg(args.amount, "AMOUNT")
    procedure = Procedure(parse_choice_arg(args.procedure, "--procedure", PROCEDURES))
    if procedure is Procedure.PAYMENT_ORDER and args.mediated:
        raise InputFileError(
            "参数 --mediated：支付令不以调解或撤诉结案，不适用减半（第十五条）；"
            "请去掉 --mediated，或改用 --procedure ordinary|simplified"
        )
    result = court_fee(amount, procedure, ended_by_mediation_or_withdrawal=args.mediated)
    data = result.to_json()
    preservation = None
    if args.preservation is not None:
        preservation = preservation_fee(parse_amount_arg(args.preservation, "--preservation"))
        data["preservation_fee"] = as_number(preservation.fee)
        data["total"] = as_number(result.fee + preservation.fee)
    if args.json:
        print_json(data)
        return 0
    print(
        f"标的额 {yuan(result.amount)}，{PROCEDURE_LABELS[procedure]}：案件受理费 {yuan(result.fee)}"
    )
    for line in result.breakdown:
        print(f"  {line.label}：{yuan(line.amount)}  [{line.basis.labelled()}]")
    if preservation is not None:
        print(f"保全费（保全 {yuan(preservation.amount)}）：{yuan(preservation.fee)}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fees", help="计算诉讼费（《诉讼费用交纳办法》第十三条至第十六条）"
    )
    parser.add_argument("amount", metavar="AMOUNT", help="诉讼标的额（元），如 50000")
    parser.add_argument(
        "--procedure",
        default=Procedure.ORDINARY.value,
        help=f"程序：{'、'.join(PROCEDURES)} 之一（默认 ordinary，普通程序）",
    )
    parser.add_argument(
        "--mediated",
        action="store_true",
        help="以调解或撤诉结案（第十五条：减半交纳）",
    )
    parser.add_argument("--preservation", metavar="AMOUNT", help="申请保全的金额（第十四条第二项）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_fees)
