"""``casebook assign --roster ROSTER.csv --exercises ID[,ID…] --seed S --out DIR``.

Writes an assignment folder: ``secret.key`` (the trainer's random key), ``manifest.json``,
one personalised variant per trainee and exercise (``variants/``, trainer only) and the
handouts to give out (``handouts/``, each with the trainee's identity token). The same key,
roster, exercises and seed always give the same files: assigning again into the folder
keeps its key, and ``--secret`` rebuilds an assignment elsewhere from a backed-up key.
"""

from __future__ import annotations

import argparse

from casebook.commands import PACK_HELP, pack_names, print_json
from casebook.grading.assign import assign
from casebook.grading.roster import read_roster
from casebook.grading.secret import SECRET_FILE, read_secret
from casebook.io import InputFileError

#: Seeds are stored in manifest.json and must stay within the 64-bit range every reader accepts.
MAX_SEED = 2**63 - 1


def _cmd_assign(args: argparse.Namespace) -> int:
    if not 0 <= args.seed <= MAX_SEED:
        raise InputFileError(f"--seed: 须为 0 至 {MAX_SEED:,} 之间的整数，收到 {args.seed}")
    roster = read_roster(args.roster)
    secret = read_secret(args.secret) if args.secret else None
    manifest = assign(
        roster,
        args.exercises.split(","),
        args.seed,
        args.out,
        packs=pack_names(args.pack),
        title=args.title,
        assignment_id=args.id,
        secret=secret,
    )
    if args.json:
        print_json(manifest.model_dump(mode="json"))
        return 0
    exercises = "、".join(f"{e.id} {e.title}" for e in manifest.exercises)
    packs = "，".join(f"{p.id} {p.version}" for p in manifest.packs)
    print(
        f"已布置作业 {manifest.assignment_id}：{len(manifest.trainees)} 名学员 × {len(manifest.exercises)} 个练习"
    )
    print(f"练习：{exercises}")
    if manifest.exam is not None:
        print(
            f"考核：{manifest.exam.id} {manifest.exam.title}；通过条件：{manifest.exam.rule_text()}"
        )
    print(f"规则包：{packs}；种子：{manifest.seed}")
    print(f"输出：{args.out}/")
    print(
        f"  {SECRET_FILE}                         作业密钥：仅培训师保存并备份，不要外发，不要删除"
    )
    print("  manifest.json                      学员、变体种子、规则包版本")
    print(
        "  handouts/<学员编号>/<练习>.json     只发给该学员本人（含其身份令牌；复制到其主目录的 handouts/）"
    )
    print("  variants/、exercises/              评分用，仅培训师保存")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assign", help="assign exercises to a cohort (personalised variants)"
    )
    parser.add_argument(
        "--roster", required=True, help="CSV with trainee_id and name columns (UTF-8 or GBK)"
    )
    parser.add_argument(
        "--exercises",
        required=True,
        help="exercise ids, comma-separated (e.g. ex01,ex40); an exam id (cert01) stands for "
        "its exercises",
    )
    parser.add_argument(
        "--seed",
        required=True,
        type=int,
        help="seed of the variants, ≥ 0 (same secret.key and seed → same files)",
    )
    parser.add_argument("--out", required=True, help="assignment folder to write")
    parser.add_argument("--title", default="", help="title shown to trainees and in reports")
    parser.add_argument("--id", default=None, help="assignment id (default: derived from the seed)")
    parser.add_argument(
        "--secret",
        metavar="KEY_FILE",
        help=f"use this {SECRET_FILE} (e.g. a backup, to rebuild an assignment); default: the "
        f"folder's own {SECRET_FILE}, or a new random one for a new folder",
    )
    parser.add_argument("--pack", action="append", help=PACK_HELP)
    parser.add_argument("--json", action="store_true", help="print the manifest as JSON")
    parser.set_defaults(func=_cmd_assign)
