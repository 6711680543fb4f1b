"""``casebook simulate portfolio``: run a collection strategy on a synthetic portfolio.

Contract (keep stable)::

    casebook simulate portfolio --accounts N --days D [--strategy FILE] --seed S --json

prints a JSON document with ``totals`` (``recovered``, ``cost``, ``complaints`` …),
``roll_rates``, ``roll_matrix`` and, under ``performance`` only, the run's speed
(``account_days_per_second``), which varies from run to run. Bad input exits with code 2
and a message naming the argument or file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casebook.commands import PACK_HELP, pack_names, print_json
from casebook.io import InputFileError
from casebook.money_text import yuan

DEFAULT_STRATEGY = "champion"


def _check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InputFileError(f"{name}: must be an integer from {low:,} to {high:,}, got {value}")
    return value


def _format(data: dict) -> str:
    from casebook.portfolio.simulate import COST_LABELS, PATH_LABELS

    t = data["totals"]
    lines = [
        f"策略：{data['strategy']['title']}（{data['strategy']['file']}）",
        f"组合：{data['accounts']:,} 个账户 × {data['days']} 天，种子 {data['seed']}",
        f"回款 {yuan(t['recovered'], 0)}；成本 {yuan(t['cost'], 0)}；净回款 {yuan(t['net'], 0)}",
        f"投诉 {t['complaints']:,} 件；承诺 {t['promises_made']:,} 次（兑现 {t['promises_kept']:,}，"
        f"违约 {t['promises_broken']:,}）；分期 {t['plans_signed']:,} 笔；起诉 {t['litigation_filed']:,} 件",
        f"核销 {t['written_off_accounts']:,} 户，{yuan(t['written_off_amount'], 0)}",
        "成本构成："
        + "，".join(
            f"{COST_LABELS[k]} {yuan(v, 0)}" for k, v in data["cost_by_channel"].items() if v
        ),
        "回款来源："
        + "，".join(
            f"{PATH_LABELS[k]} {yuan(v, 0)}" for k, v in data["recovered_by_path"].items() if v
        ),
        "滚动率（30 天）：" + "，".join(f"{k} {v:.1%}" for k, v in data["roll_rates"].items()),
        f"速度：{data['performance']['account_days_per_second']:,} 账户·天/秒",
        "（合成数据与教学假设，不是行业统计。）",
    ]
    return "\n".join(lines)


def _cmd_portfolio(args: argparse.Namespace) -> int:
    # The engine (numpy, pandas, Faker) is imported here, not when the CLI starts.
    from casebook.policy.loader import load_packs
    from casebook.portfolio.generate import MAX_ACCOUNTS, make_portfolio
    from casebook.portfolio.simulate import MAX_DAYS, simulate
    from casebook.portfolio.strategy import load_strategy, strategies_dir

    accounts = _check_range("--accounts", args.accounts, 1, MAX_ACCOUNTS)
    days = _check_range("--days", args.days, 1, MAX_DAYS)
    seed = _check_range("--seed", args.seed, 0, 2**63 - 1)
    packs = load_packs(pack_names(args.pack))
    path = Path(args.strategy) if args.strategy else strategies_dir() / f"{DEFAULT_STRATEGY}.yaml"
    if args.strategy and not path.is_file():
        raise InputFileError(f"--strategy: {path}: file not found")
    strategy = load_strategy(path, packs)
    portfolio = make_portfolio(accounts, seed)
    result = simulate(portfolio, strategy, days, seed, packs)
    data = result.to_json()
    data["strategy"]["file"] = (
        str(path) if args.strategy else f"casebook/data/strategies/{DEFAULT_STRATEGY}.yaml"
    )
    if args.json:
        print_json(data)
    else:
        print(_format(data))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    simulate_parser = subparsers.add_parser("simulate", help="模拟催收策略")
    sub = simulate_parser.add_subparsers(dest="simulate_command", required=True, metavar="子命令")
    portfolio = sub.add_parser("portfolio", help="在合成资产包上按策略模拟并输出汇总")
    portfolio.add_argument("--accounts", type=int, required=True, help="账户数")
    portfolio.add_argument("--days", type=int, required=True, help="模拟天数（1 至 1,095）")
    portfolio.add_argument("--strategy", help=f"策略 YAML 文件（默认：自带的 {DEFAULT_STRATEGY}）")
    portfolio.add_argument("--seed", type=int, required=True, help="随机种子（≥ 0）")
    portfolio.add_argument("--pack", action="append", help=PACK_HELP)
    portfolio.add_argument("--json", action="store_true", help="输出 JSON")
    portfolio.set_defaults(func=_cmd_portfolio)
