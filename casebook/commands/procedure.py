"""``casebook procedure AMOUNT [facts…] --json``: 支付令, 小额诉讼, 简易, 普通 or 诉前调解.

The small-claims limit comes from ``--wage`` (the province's prior-year average annual wage
of employed persons), ``--small-claims-limit`` (the figure the court publishes) or
``--province`` (the data file ``casebook/data/wages/small_claims.yaml``), in that order.
"""

from __future__ import annotations

import argparse

from casebook.commands import print_json
from casebook.io import InputFileError
from casebook.judicial.args import parse_amount_arg
from casebook.judicial.procedure import CaseFacts, choose_procedure
from casebook.judicial.wages import SmallClaimsLimits, limits_for_province, limits_from_wage

_FLAGS = (
    ("--unservable", "servable", False, "the debtor cannot be served"),
    ("--whereabouts-unknown", "whereabouts_known", False, "the debtor's whereabouts are unknown"),
    ("--abroad", "debtor_in_china", False, "the debtor is not in China"),
    ("--disputed", "disputed", True, "the debtor disputes the debt or the amount"),
    ("--complex", "complex_facts", True, "facts unclear or a major dispute (not a simple case)"),
    ("--other-debt-dispute", "other_debt_disputes", True, "the parties have another debt dispute"),
    ("--counterclaim", "counterclaim", True, "a counterclaim is filed"),
    ("--appraisal", "needs_appraisal", True, "valuation or expert appraisal is needed"),
    ("--foreign", "foreign_related", True, "foreign-related case"),
    ("--pre-suit-preservation", "pre_suit_preservation", True, "pre-suit preservation applied for"),
    ("--willing", "willing_to_negotiate", True, "the debtor is willing to negotiate"),
    (
        "--agree-small-claims",
        "parties_agree_small_claims",
        True,
        "both parties agree to small claims",
    ),
)


def _limits(args: argparse.Namespace) -> SmallClaimsLimits | None:
    if args.wage is not None:
        wage = parse_amount_arg(args.wage, "--wage")
        if wage <= 0:
            raise InputFileError("argument --wage: the average annual wage must be positive")
        return limits_from_wage(wage)
    if args.small_claims_limit is not None:
        limit = parse_amount_arg(args.small_claims_limit, "--small-claims-limit")
        if limit <= 0:
            raise InputFileError("argument --small-claims-limit: must be positive")
        return SmallClaimsLimits(limit, limit * 4, "用户提供的小额诉讼限额", "user")
    if args.province is not None:
        return limits_for_province(args.province)
    return None


def _cmd_procedure(args: argparse.Namespace) -> int:
    amount = parse_amount_arg(args.amount, "AMOUNT")
    flags = {attr: value for flag, attr, value, _ in _FLAGS if getattr(args, attr)}
    advice = choose_procedure(CaseFacts(amount=amount, limits=_limits(args), **flags))
    if args.json:
        print_json(advice.to_json())
        return 0
    print(f"建议：{advice.option(advice.recommended).title}。{advice.summary}")
    for option in advice.options:
        state = {True: "可以", False: "不可以", None: "待定"}[option.eligible]
        fee = f"，受理费约 ¥{option.fee.fee:,.2f}" if option.fee is not None else ""
        print(f"- {option.title}：{state}{fee}")
        for text in option.reasons + [f"障碍：{b}" for b in option.blockers]:
            print(f"    {text}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("procedure", help="choose 支付令/小额诉讼/简易/普通/诉前调解")
    parser.add_argument("amount", metavar="AMOUNT", help="claim amount in yuan")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--wage", metavar="AMOUNT", help="prior-year average annual wage (province)"
    )
    source.add_argument(
        "--small-claims-limit", metavar="AMOUNT", help="published small-claims limit"
    )
    source.add_argument("--province", help="look the limit up in the wage data file, e.g. 江苏省")
    for flag, attr, _, text in _FLAGS:
        parser.add_argument(flag, dest=attr, action="store_true", help=text)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_cmd_procedure)
