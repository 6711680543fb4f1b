"""``casebook policy list``: the rules of the loaded packs."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from casebook.commands import PACK_HELP, pack_names, print_json
from casebook.policy.loader import load_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack


def rule_records(packs: Sequence[Pack]) -> list[dict[str, Any]]:
    """The rules of ``packs`` as plain dicts (the ``policy list --json`` contract)."""
    return [
        {
            "id": rule.id,
            "title": rule.title,
            "category": rule.category.value,
            "status": rule.status.value,
            "params": rule.params,
            "citation": rule.citation.model_dump(mode="json"),
            "pack": pack.meta.id,
            "pack_version": pack.meta.version,
        }
        for pack, rule, _ in PackRegistry.of(packs).entries()
    ]


def _cmd_policy_list(args: argparse.Namespace) -> int:
    packs = load_packs(pack_names(args.pack))
    records = rule_records(packs)
    if args.json:
        print_json(records)
        return 0
    for r in records:
        print(f"{r['id']:<32} {r['status']:<20} {r['category']}  {r['title']}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    policy = subparsers.add_parser("policy", help="查看规则包")
    policy_sub = policy.add_subparsers(dest="policy_command", required=True, metavar="子命令")
    listing = policy_sub.add_parser("list", help="列出规则")
    listing.add_argument("--pack", action="append", help=PACK_HELP)
    listing.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    listing.set_defaults(func=_cmd_policy_list)
