"""The ``casebook`` command line.

Contracts relied on by other tools (keep stable):

* ``casebook policy list [--pack NAME|DIR ...] --json`` prints a JSON array of rules with
  ``id, title, category, status, params, citation``.
* ``casebook assess CASE_FILE ACTIONS_FILE [--pack ...] --json`` prints the assessment.

Exit codes: 0 success (for ``assess``: even when violations were found), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from casebook.assess import Assessment, evaluate
from casebook.io import InputFileError, load_action_log, load_case
from casebook.policy.loader import DEFAULT_PACKS, PackError, load_packs
from casebook.policy.schema import Pack


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def rule_records(packs: Sequence[Pack]) -> list[dict[str, Any]]:
    """The rules of ``packs`` as plain dicts (the ``policy list --json`` contract)."""
    records = []
    for pack in packs:
        for rule in pack.rules:
            records.append(
                {
                    "id": rule.id,
                    "title": rule.title,
                    "category": rule.category.value,
                    "status": rule.status.value,
                    "params": rule.params,
                    "citation": rule.citation.model_dump(),
                    "pack": pack.meta.id,
                    "pack_version": pack.meta.version,
                }
            )
    return records


def _cmd_policy_list(args: argparse.Namespace) -> int:
    packs = load_packs(args.pack or DEFAULT_PACKS)
    records = rule_records(packs)
    if args.json:
        _print_json(records)
        return 0
    for r in records:
        print(f"{r['id']:<32} {r['status']:<20} {r['category']}  {r['title']}")
    return 0


def _format_assessment(assessment: Assessment) -> str:
    s = assessment.score
    lines = [
        f"案件 {assessment.case_id}：评估 {assessment.actions_evaluated} 个行动，"
        f"发现 {len(assessment.violations)} 处违规",
        f"得分：合规 {s.compliance:g} / 成效 {s.effectiveness:g} / 总分 {s.total:g}；估算成本 ¥{s.cost:,.2f}",
    ]
    for v in assessment.violations:
        where = f"行动 #{v.action_index + 1}" if v.action_index is not None else "整体"
        lines += [
            "",
            f"[{v.rule_id}] {v.title}（{where}，-{v.points} 分，{v.status_label}）",
            f"  情况：{v.detail}",
            f"  原因：{v.why}",
            f"  应当：{v.instead}",
            f"  依据：{v.citation}",
        ]
    return "\n".join(lines)


def _cmd_assess(args: argparse.Namespace) -> int:
    case = load_case(args.case_file)
    log = load_action_log(args.actions_file)
    if log.case_id is not None and log.case_id != case.case_id:
        raise InputFileError(
            f"{args.actions_file}: field 'case_id': action log is for case {log.case_id!r}, "
            f"but {args.case_file} is case {case.case_id!r}"
        )
    unknown = sorted({a.target for a in log.actions} - {c.id for c in case.contacts})
    if unknown:
        raise InputFileError(
            f"{args.actions_file}: field 'actions[].target': unknown contact id(s) {unknown}; "
            f"the case has {[c.id for c in case.contacts]}"
        )
    assessment = evaluate(case, log.actions, load_packs(args.pack or DEFAULT_PACKS))
    if args.json:
        _print_json(assessment.to_json_dict())
    else:
        print(_format_assessment(assessment))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog="casebook", description="信用卡催收案例教程引擎")
    sub = parser.add_subparsers(dest="command", required=True)
    pack_help = "policy pack: built-in name (cn, house) or pack directory; repeatable (default: cn)"

    policy = sub.add_parser("policy", help="inspect policy packs")
    policy_sub = policy.add_subparsers(dest="policy_command", required=True)
    listing = policy_sub.add_parser("list", help="list the rules")
    listing.add_argument("--pack", action="append", help=pack_help)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(func=_cmd_policy_list)

    assess = sub.add_parser("assess", help="assess an action log on a case")
    assess.add_argument("case_file")
    assess.add_argument("actions_file")
    assess.add_argument("--pack", action="append", help=pack_help)
    assess.add_argument("--json", action="store_true", help="print JSON")
    assess.set_defaults(func=_cmd_assess)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casebook`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputFileError, PackError) as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
