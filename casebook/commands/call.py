"""``casebook call …``: conversation practice (objection bank, personas, call replay).

Contracts (relied on by other tools; keep stable):

* ``casebook call objections --json`` prints a JSON array of
  ``{"id", "debtor_line", "context", "replies": [{"id", "text", "grade", "rules", "feedback"}]}``
  where ``grade`` is ``compliant_effective``, ``compliant_ineffective`` or ``violating`` and
  ``rules`` is a list of rule ids (policy-pack rules or call standards).
* ``casebook call personas --json`` prints a JSON array of ``{"id", "title", "summary"}``.
* ``casebook call replay --persona ID --seed S --replies FILE --json`` plays the replies of
  FILE (a JSON or YAML array whose items are free-text strings or ``{"option": ID}``) in the
  call simulator and prints ``{"persona", "seed", "turns": [{"speaker": "collector"|"debtor",
  "text", "findings": [...]}], "outcome", "violations": [{"rule", "turn", "explanation",
  "citation"}], "score": {...}}``; ``turn`` is the index into ``turns`` of the collector turn
  that broke the rule. A bad item (wrong shape, an option not offered at that point, a reply
  after the call ended) is refused with its position, e.g. ``replies[3]``.

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
    parser = call_sub.add_parser("objections", help="异议库：对方的原话、三种回应及点评")
    parser.add_argument(
        "--topic",
        action="append",
        metavar="TOPIC",
        help="只看这一类异议，写编号（如 no-money）或中文名称（如 没钱还）；可重复",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON 数组")
    parser.set_defaults(func=_cmd_objections)


def persona_records(conv: Conversation) -> list[dict[str, str]]:
    """Personas as plain dicts (the ``call personas --json`` contract)."""
    return [{"id": p.id, "title": p.title, "summary": p.summary} for p in conv.personas]


def _cmd_personas(args: argparse.Namespace) -> int:
    conv = _load()
    if args.json:
        print_json(persona_records(conv))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True, expand=True)
    table.add_column("编号", no_wrap=True)
    table.add_column("名称", no_wrap=True)
    table.add_column("概要", overflow="fold")
    for record in persona_records(conv):
        table.add_row(record["id"], record["title"], record["summary"])
    Console(highlight=False).print(table)
    return 0


def _add_personas(call_sub: argparse._SubParsersAction) -> None:
    parser = call_sub.add_parser("personas", help="通话模拟器中的持卡人")
    parser.add_argument("--json", action="store_true", help="输出 JSON 数组")
    parser.set_defaults(func=_cmd_personas)


#: Most replies a replay file may hold (a call has at most a few dozen turns).
MAX_REPLIES = 200


def read_replies(path: str) -> list[Any]:
    """The replies of a replay file, each a free-text string or ``{"option": ID}``.

    Raises :class:`InputFileError` naming the file and the position of a bad item.
    """
    from casebook.conversation.call import parse_reply
    from casebook.io import read_data

    data = read_data(path)
    if not isinstance(data, list):
        raise InputFileError(
            f'{path}: 应当是一个 JSON 数组（每一项是一段文字或 {{"option": 选项编号}}），'
            f"实际是 {type(data).__name__}"
        )
    if len(data) > MAX_REPLIES:
        raise InputFileError(f"{path}: 共 {len(data)} 条回复，超过上限 {MAX_REPLIES} 条")
    replies = []
    for position, item in enumerate(data):
        try:
            replies.append(parse_reply(item, f"replies[{position}]"))
        except ValueError as exc:
            raise InputFileError(f"{path}: {exc}") from None
    return replies


def _print_transcript(record: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    who = {"collector": "催收员", "debtor": "对方"}
    for index, turn in enumerate(record["turns"]):
        console.print(f"[{index}] {who[turn['speaker']]}：{turn['text']}", overflow="fold")
        for finding in turn["findings"]:
            if finding["kind"] == "violation":
                console.print(
                    f"    ✘ {finding['rule']}（{finding['title']}）：{finding['text']}\n"
                    f"      为什么：{finding['why']}\n"
                    f"      依据：{finding['citation']}\n      应当：{finding['instead']}",
                    overflow="fold",
                )
            else:
                console.print(f"    · {finding['text']}", overflow="fold")
            if finding.get("better"):
                console.print(f"      更好的说法：{finding['better']}", overflow="fold")
    outcome, score = record["outcome"], record["score"]
    if outcome:
        console.print(f"结果：{outcome['label']}。{outcome['note']}", overflow="fold")
    discovery = "—" if score["discovery"] is None else score["discovery"]
    console.print(
        f"得分 {score['total']}（合规 {score['compliance']}，结果 {score['outcome']}，"
        f"信息 {discovery}）；违规 {len(record['violations'])} 处。"
    )


def _cmd_replay(args: argparse.Namespace) -> int:
    from casebook.conversation.call import ReplyError, replay

    conv = _load()
    known = [p.id for p in conv.personas]
    if args.persona not in known:
        raise InputFileError(
            f"--persona：未知的持卡人角色「{args.persona}」。可选：{'、'.join(known)}"
        )
    if args.seed < 0:
        raise InputFileError(f"--seed：种子不能是负数（{args.seed}）")
    replies = read_replies(args.replies)
    try:
        sim = replay(args.persona, args.seed, replies)
    except ReplyError as exc:
        raise InputFileError(f"{args.replies}: {exc}") from None
    record = sim.to_json_dict()
    if args.json:
        print_json(record)
    else:
        _print_transcript(record)
    return 0


def _add_replay(call_sub: argparse._SubParsersAction) -> None:
    parser = call_sub.add_parser("replay", help="按回复文件重放一通电话，输出逐句点评和成绩")
    parser.add_argument("--persona", required=True, help="持卡人编号（见 casebook call personas）")
    parser.add_argument("--seed", required=True, type=int, help="本通电话的种子（0 或正整数）")
    parser.add_argument(
        "--replies",
        required=True,
        metavar="FILE",
        help='回复文件（JSON/YAML 数组）：每项是自己说的话，或 {"option": 编号} 表示给出的回复',
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON 记录")
    parser.set_defaults(func=_cmd_replay)


#: One function per ``call`` sub-command.
SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_objections,
    _add_personas,
    _add_replay,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    call = subparsers.add_parser("call", help="通话练习：异议库、模拟持卡人、通话重放")
    call_sub = call.add_subparsers(dest="call_command", required=True)
    for add in SUBCOMMANDS:
        add(call_sub)
