"""``casebook claim STATEMENTS --as-of DATE --json``: the claim amount from a statement history.

Lists what a court may reduce on request (银行卡规定 Art. 2); applies no numeric cap.
"""

from __future__ import annotations

import argparse

from casebook.commands import print_json
from casebook.io import InputFileError, read_data, validate_file
from casebook.judicial.args import parse_date_arg
from casebook.judicial.claim import StatementHistory, compute_claim
from casebook.judicial.money import yuan


def _cmd_claim(args: argparse.Namespace) -> int:
    if args.as_of is None:
        raise InputFileError("参数 --as-of：必须提供（主张日，YYYY-MM-DD）")
    as_of = parse_date_arg(args.as_of, "--as-of")
    history = validate_file(StatementHistory, read_data(args.statements), args.statements)
    if as_of < history.first_missed_due:
        raise InputFileError(
            f"参数 --as-of：主张日 {as_of} 早于 {args.statements} 中首次逾期的到期还款日 "
            f"first_missed_due（{history.first_missed_due}）"
        )
    try:
        claim = compute_claim(history, as_of)
    except ValueError as exc:
        raise InputFileError(f"{args.statements}: {exc}") from None
    if args.json:
        print_json(claim.to_json())
        return 0
    print(f"截至 {claim.as_of} 的诉讼请求金额：{yuan(claim.total)}")
    for line in claim.lines:
        flag = "（可请求法院调减）" if line.reducible else ""
        print(f"  {line.label}：{yuan(line.amount)}{flag}")
    print("法院衡量是否调减时综合考虑：")
    for factor, facts in claim.factors:
        print(f"  - {factor}：{facts}")
    for warning in claim.warnings:
        print(f"注：{warning}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("claim", help="根据账单历史计算起诉金额")
    parser.add_argument("statements", metavar="STATEMENTS", help="账单历史文件（YAML/JSON）")
    parser.add_argument("--as-of", metavar="DATE", help="计算截至日期，格式 YYYY-MM-DD")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_claim)
