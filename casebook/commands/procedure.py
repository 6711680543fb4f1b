"""``casebook procedure AMOUNT [facts…] --json``: 支付令, 小额诉讼, 简易, 普通 or 诉前调解.

The small-claims limit comes from ``--wage`` (the province's prior-year average annual wage
of employed persons), ``--small-claims-limit`` (the figure the court publishes) or
``--province`` (the data file ``casebook/data/wages/small_claims.yaml``), in that order.
A data-file figure that is not verified (status ``partial``) is shown with its source and
wage base but not applied unless ``--confirm-limit`` says it was checked with the court;
until then the output says the choice depends on the limit
(``"depends_on_small_claims_limit": true``).
"""

from __future__ import annotations

import argparse

from casebook.commands import print_json
from casebook.io import InputFileError
from casebook.judicial.args import parse_amount_arg
from casebook.judicial.procedure import CaseFacts, choose_procedure
from casebook.judicial.wages import (
    STATUTE_BASE,
    SmallClaimsLimits,
    limits_for_province,
    limits_from_wage,
)
from casebook.money_text import yuan
from casebook.sources import Status

_FLAGS = (
    ("--unservable", "servable", False, "无法向债务人送达"),
    ("--whereabouts-unknown", "whereabouts_known", False, "债务人下落不明"),
    ("--abroad", "debtor_in_china", False, "债务人不在中国境内"),
    ("--disputed", "disputed", True, "债务人对债务或金额有异议"),
    ("--complex", "complex_facts", True, "事实不清或争议较大（不属于简单案件）"),
    ("--other-debt-dispute", "other_debt_disputes", True, "双方另有其他债务纠纷"),
    ("--counterclaim", "counterclaim", True, "对方提起反诉"),
    ("--appraisal", "needs_appraisal", True, "需要评估或鉴定"),
    ("--foreign", "foreign_related", True, "涉外案件"),
    ("--pre-suit-preservation", "pre_suit_preservation", True, "已申请诉前保全"),
    ("--willing", "willing_to_negotiate", True, "债务人愿意协商"),
    (
        "--agree-small-claims",
        "parties_agree_small_claims",
        True,
        "双方约定适用小额诉讼程序",
    ),
)


def _limits(args: argparse.Namespace) -> SmallClaimsLimits | None:
    if args.confirm_limit and args.province is None:
        raise InputFileError(
            "参数 --confirm-limit：只能与 --province 一起使用（确认数据文件中该省的限额已向受诉法院核实）"
        )
    if args.wage is not None:
        return limits_from_wage(parse_amount_arg(args.wage, "--wage"))
    if args.small_claims_limit is not None:
        limit = parse_amount_arg(args.small_claims_limit, "--small-claims-limit")
        return SmallClaimsLimits(
            limit, limit * 4, "用户提供的小额诉讼限额", Status.USER, wage_basis=STATUTE_BASE
        )
    if args.province is not None:
        return limits_for_province(args.province, confirm=args.confirm_limit)
    return None


def _cmd_procedure(args: argparse.Namespace) -> int:
    amount = parse_amount_arg(args.amount, "AMOUNT")
    flags = {attr: value for flag, attr, value, _ in _FLAGS if getattr(args, attr)}
    advice = choose_procedure(CaseFacts(amount=amount, limits=_limits(args), **flags))
    if args.json:
        print_json(advice.to_json())
        return 0
    print(f"建议：{advice.option(advice.recommended).title}。{advice.summary}")
    limits = advice.facts.limits
    if limits is not None:
        state = "已适用" if limits.confirmed else "仅供参考，未适用"
        print(f"小额诉讼限额（{state}）：{limits.describe()}")
    for option in advice.options:
        state = {True: "可以", False: "不可以", None: "待定"}[option.eligible]
        fee = f"，受理费 {yuan(option.fee.fee)}" if option.fee is not None else ""
        print(f"- {option.title}：{state}{fee}")
        for text in option.reasons + [f"障碍：{b}" for b in option.blockers]:
            print(f"    {text}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "procedure", help="选择程序：支付令、小额诉讼、简易程序、普通程序或诉前调解"
    )
    parser.add_argument("amount", metavar="AMOUNT", help="诉讼标的额（元）")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--wage", metavar="AMOUNT", help="本省上年度就业人员年平均工资")
    source.add_argument("--small-claims-limit", metavar="AMOUNT", help="已公布的小额诉讼标的额上限")
    source.add_argument(
        "--province",
        help="显示工资数据文件中该省的上限，如 江苏省（仅在数据已核实，"
        "或用 --confirm-limit 确认后才采用）",
    )
    parser.add_argument(
        "--confirm-limit",
        action="store_true",
        help="与 --province 同用：该数字已向法院核实，予以采用",
    )
    for flag, attr, _, text in _FLAGS:
        parser.add_argument(flag, dest=attr, action="store_true", help=text)
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_procedure)
