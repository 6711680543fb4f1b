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
from casebook.grading.roster import read_roster
from casebook.grading.secret import SECRET_FILE, read_secret
from casebook.io import InputFileError

#: Seeds are stored in manifest.json and must stay within the 64-bit range every reader accepts.
MAX_SEED = 2**63 - 1


def _cmd_assign(args: argparse.Namespace) -> int:
    if not 0 <= args.seed <= MAX_SEED:
        raise InputFileError(f"--seed: 须为 0 至 {MAX_SEED:,} 之间的整数，收到 {args.seed}")
    from casebook.grading.assign import assign  # pandas, the exercise catalogue: only when run

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
    parser = subparsers.add_parser("assign", help="给一期学员布置练习（每人一份个性化题目）")
    parser.add_argument(
        "--roster", required=True, help="学员名单 CSV，含 trainee_id 和 name 两列（UTF-8 或 GBK）"
    )
    parser.add_argument(
        "--exercises",
        required=True,
        help="练习编号，逗号分隔（如 ex01,ex40）；考核编号（如 cert01）代表它包含的全部练习",
    )
    parser.add_argument(
        "--seed",
        required=True,
        type=int,
        help="题目变体的随机种子，≥ 0（相同的 secret.key 和种子生成相同的文件）",
    )
    parser.add_argument("--out", required=True, help="要写入的作业文件夹")
    parser.add_argument("--title", default="", help="向学员和报告显示的作业标题")
    parser.add_argument("--id", default=None, help="作业编号（默认由种子生成）")
    parser.add_argument(
        "--secret",
        metavar="KEY_FILE",
        help=f"使用这个 {SECRET_FILE}（如备份的密钥，用来重建作业）；默认：文件夹里已有的 "
        f"{SECRET_FILE}，新文件夹则随机生成",
    )
    parser.add_argument("--pack", action="append", help=PACK_HELP)
    parser.add_argument("--json", action="store_true", help="以 JSON 输出作业清单")
    parser.set_defaults(func=_cmd_assign)
