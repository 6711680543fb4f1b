"""``casebook assess CASE_FILE ACTIONS_FILE``: assess an action log on a case."""

from __future__ import annotations

import argparse

from casebook.assess import Assessment, evaluate
from casebook.commands import PACK_HELP, pack_names, print_json
from casebook.io import InputFileError, load_action_log, load_case
from casebook.model import window_problems
from casebook.money_text import yuan
from casebook.policy.loader import load_packs


def _format_assessment(assessment: Assessment) -> str:
    s = assessment.score
    lines = [
        f"案件 {assessment.case_id}：评估 {assessment.actions_evaluated} 个行动，"
        f"发现 {len(assessment.violations)} 处违规",
        f"得分：合规 {s.compliance:g} / 成效 {s.effectiveness:g} / 总分 {s.total:g}；估算成本 {yuan(s.cost)}",
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
    outside = window_problems(case, log.actions)
    if outside:
        raise InputFileError(f"{args.actions_file}: " + "; ".join(outside))
    assessment = evaluate(case, log.actions, load_packs(pack_names(args.pack)))
    if args.json:
        print_json(assessment.to_json_dict())
    else:
        print(_format_assessment(assessment))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    assess = subparsers.add_parser("assess", help="按规则包评估一份案件的催收行动记录")
    assess.add_argument("case_file", metavar="CASE_FILE", help="案件文件（YAML/JSON）")
    assess.add_argument("actions_file", metavar="ACTIONS_FILE", help="行动记录文件（YAML/JSON）")
    assess.add_argument("--pack", action="append", help=PACK_HELP)
    assess.add_argument("--json", action="store_true", help="输出 JSON")
    assess.set_defaults(func=_cmd_assess)
