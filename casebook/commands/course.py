"""``casebook course``: the trainer's week as data.

* ``casebook course handouts --out DIR`` writes the printable A4 handouts (timetable,
  call-flow card, QA form, rule summary, glossary; the trainer's plan and debriefs in
  ``DIR/trainer/``), every sheet rendered from the casebook's data.
* ``casebook course check`` checks the course data (plan, debriefs, exams) against the
  catalogue, the cases and the book, and says which exams can be assigned today.
"""

from __future__ import annotations

import argparse


def _cmd_handouts(args: argparse.Namespace) -> int:
    from casebook.course.handouts import write_handouts

    written = write_handouts(args.out)
    print(f"已生成 {len(written) - 1} 份讲义和目录页：{args.out}/index.html")
    for path in written:
        print(f"  {path}")
    print("打印：用浏览器打开后按 A4 打印；或运行 make handouts，装有 Chromium 时自动生成 PDF。")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from casebook.course.loader import load_course

    content = load_course()
    plan = content.plan
    print(
        f"课程数据无误：{plan.title}，{len(plan.days)} 天共 {plan.minutes} 分钟；"
        f"{len(content.debriefs)} 个案例讲评；{len(content.exams)} 套考核。"
    )
    for exam in content.exams.values():
        missing = content.pending.get(exam.id)
        state = f"缺少练习 {', '.join(missing)}，暂不能布置" if missing else "可以布置"
        print(f"  考核 {exam.id}（{exam.title}）：{state}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "course", help="培训课程：五天课程表、案例复盘、上岗考核和打印讲义"
    )
    commands = parser.add_subparsers(dest="course_command", required=True)
    handouts = commands.add_parser("handouts", help="生成可打印的 A4 讲义（HTML）")
    handouts.add_argument("--out", required=True, help="讲义写入的文件夹")
    handouts.set_defaults(func=_cmd_handouts)
    check = commands.add_parser("check", help="检查课程数据并列出考核")
    check.set_defaults(func=_cmd_check)
