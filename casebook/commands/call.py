"""``casebook call …``: conversation practice (objection bank; personas and replay to come).

Contract (relied on by other tools; keep stable):

* ``casebook call objections --json`` prints a JSON array of
  ``{"id", "debtor_line", "context", "replies": [{"id", "text", "grade", "rules", "feedback"}]}``
  where ``grade`` is ``compliant_effective``, ``compliant_ineffective`` or ``violating`` and
  ``rules`` is a list of rule ids (policy-pack rules or call standards).

Without ``--json`` the scenarios are printed as readable Chinese tables. ``--topic`` (repeatable)
filters by topic id or its Chinese label. Each sub-command is one ``_add_*`` function listed in
:data:`SUBCOMMANDS`, so ``call personas`` and ``call replay`` slot in without touching the others.
Exit codes: 0 success, 2 bad input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from casebook.commands import print_json
from casebook.conversation import (
    CALL_STEP_LABELS,
    GRADE_LABELS,
    NEXT_ACTION_LABELS,
    PARTY_LABELS,
    TOPIC_LABELS,
    Conversation,
    ConversationError,
    Scenario,
    Topic,
    default_conversation,
)
from casebook.io import InputFileError


def _load() -> Conversation:
    try:
        return default_conversation()
    except ConversationError as exc:
        raise InputFileError(str(exc)) from None


def parse_topics(values: Iterable[str] | None) -> list[Topic] | None:
    """``--topic`` values (ids such as ``no-money`` or labels such as 没钱还) as topics."""
    if not values:
        return None
    by_label = {label: topic for topic, label in TOPIC_LABELS.items()}
    topics = []
    for raw in values:
        value = raw.strip()
        if value in Topic._value2member_map_:
            topics.append(Topic(value))
        elif value in by_label:
            topics.append(by_label[value])
        else:
            known = "、".join(f"{t.value}（{label}）" for t, label in TOPIC_LABELS.items())
            raise InputFileError(f"--topic：未知的话题「{raw}」。可选：{known}")
    return topics


def objection_records(scenarios: Sequence[Scenario]) -> list[dict[str, Any]]:
    """Scenarios as plain dicts (the ``call objections --json`` contract)."""
    return [
        {
            "id": s.id,
            "debtor_line": s.debtor_line,
            "context": s.context,
            "replies": [
                {
                    "id": r.id,
                    "text": r.text,
                    "grade": r.grade.value,
                    "rules": list(r.rules),
                    "feedback": r.feedback,
                }
                for r in s.replies
            ],
        }
        for s in scenarios
    ]


def _print_tables(scenarios: Sequence[Scenario]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    for s in scenarios:
        console.print(
            f"【{s.id}】{TOPIC_LABELS[s.topic]} · {CALL_STEP_LABELS[s.step]} · "
            f"接听人：{PARTY_LABELS[s.party]}",
            style="bold",
            overflow="fold",
        )
        console.print(f"情境：{s.context}", overflow="fold")
        console.print(f"对方：「{s.debtor_line}」", overflow="fold")
        table = Table(show_lines=True, expand=True)
        table.add_column("选项", no_wrap=True)
        table.add_column("等级", no_wrap=True)
        table.add_column("回应", ratio=2, overflow="fold")
        table.add_column("点评与依据", ratio=3, overflow="fold")
        for r in s.replies:
            basis = f"\n规则：{'、'.join(r.rules)}" if r.rules else ""
            table.add_row(
                r.id.upper(),
                GRADE_LABELS[r.grade],
                r.text,
                f"{r.feedback}{basis}\n下一步：{NEXT_ACTION_LABELS[r.next_action]}",
            )
        console.print(table)
        console.print()
    console.print(f"共 {len(scenarios)} 个场景。")


def _cmd_objections(args: argparse.Namespace) -> int:
    topics = parse_topics(args.topic)
    conv = _load()
    scenarios = [s for s in conv.scenarios if topics is None or s.topic in topics]
    if args.json:
        print_json(objection_records(scenarios))
    else:
        _print_tables(scenarios)
    return 0


def _add_objections(call_sub: argparse._SubParsersAction) -> None:
    parser = call_sub.add_parser(
        "objections", help="the objection bank: debtor lines with graded replies and feedback"
    )
    parser.add_argument(
        "--topic",
        action="append",
        metavar="TOPIC",
        help="only this topic, by id (e.g. no-money) or Chinese label (e.g. 没钱还); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(func=_cmd_objections)


#: One function per ``call`` sub-command; add ``personas`` and ``replay`` here.
SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (_add_objections,)


def register(subparsers: argparse._SubParsersAction) -> None:
    call = subparsers.add_parser("call", help="conversation practice: the objection bank")
    call_sub = call.add_subparsers(dest="call_command", required=True)
    for add in SUBCOMMANDS:
        add(call_sub)
