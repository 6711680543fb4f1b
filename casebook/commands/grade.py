"""``casebook grade ASSIGNMENT_DIR SUBMISSIONS --out OUT_DIR``.

SUBMISSIONS is a folder or a zip of submission JSON files. Each is validated and replayed
through the engine with the packs pinned in the assignment; bad files are listed on stderr
and in the report, and the rest are graded. Exit code 0 when grading ran (even with
rejected files), 2 for unusable arguments. Rows of the existing gradebook whose manual
override matches no trainee are listed on stderr too (and kept in the gradebook).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.commands import print_json
from casebook.grading.files import printable

if TYPE_CHECKING:
    from casebook.grading.grade import GradeRun

#: Batches with at least this many files get a progress bar (on a terminal, without --quiet).
PROGRESS_MIN_FILES = 20


def _progress_wanted(args: argparse.Namespace, submissions: Path) -> bool:
    if args.quiet or not sys.stderr.isatty():
        return False
    from casebook.grading.grade import count_candidates

    return count_candidates(submissions) >= PROGRESS_MIN_FILES


def _cmd_grade(args: argparse.Namespace) -> int:
    # A big batch starts the grading helper before the grader is even imported (0.3 s).
    from casebook.grading import helper

    helper.start_for_batch(args.submissions)
    # The grader (pandas, every exercise kind) is imported only when grading runs.
    from casebook.grading.grade import FEEDBACK_DIR, GRADEBOOK, REPORT, RESULTS, grade_assignment

    submissions = Path(args.submissions)

    def report_rejection(file: str, reason: str) -> None:
        print(
            f"casebook grade: rejected {printable(file)}: {printable(reason, 500)}", file=sys.stderr
        )

    def report_unmatched(run: GradeRun, echo: Callable[[str], None]) -> None:
        for u in run.unmatched_overrides:
            echo(
                f"casebook grade: 人工调整未采用：{GRADEBOOK} 第 {u.row.line} 行"
                f"（编号 {printable(u.row.trainee_id)!r}，覆盖分 {printable(u.row.manual_override)!r}）："
                f"{printable(u.reason, 500)}"
            )

    if _progress_wanted(args, submissions):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            tasks = {
                "read": bar.add_task("读取提交", total=None),
                "grade": bar.add_task("评分", total=None),
            }

            def progress(phase: str, done: int, total: int) -> None:
                bar.update(tasks[phase], completed=done, total=total)

            run = grade_assignment(args.assignment_dir, submissions, args.out, progress=progress)

            def echo(text: str) -> None:
                bar.console.print(text, markup=False, highlight=False)

            for r in run.rejected:
                echo(f"casebook grade: rejected {printable(r.file)}: {printable(r.reason, 500)}")
            report_unmatched(run, echo)
    else:
        run = grade_assignment(args.assignment_dir, submissions, args.out)
        for r in run.rejected:
            report_rejection(r.file, r.reason)
        report_unmatched(run, lambda text: print(text, file=sys.stderr))
    out = Path(args.out)
    summary = {
        "assignment_id": run.manifest.assignment_id,
        "graded": len(run.graded),
        "rejected": [{"file": r.file, "reason": r.reason} for r in run.rejected],
        "superseded": [
            {"file": s.file, "kept": s.kept, "points": s.points} for s in run.superseded
        ],
        "unmatched_overrides": [u.to_json_dict() for u in run.unmatched_overrides],
        "flagged": [{"file": g.file, "flags": g.flags} for g in run.graded if g.flags],
        "outputs": {
            "gradebook": str(out / GRADEBOOK),
            "report": str(out / REPORT),
            "feedback": str(out / FEEDBACK_DIR),
            "results": str(out / RESULTS),
        },
    }
    if args.json:
        print_json(summary)
    elif not args.quiet:
        print(
            f"评分完成（作业 {run.manifest.assignment_id}）：已评分 {len(run.graded)} 份，"
            f"拒收 {len(run.rejected)} 份，重复提交未计分 {len(run.superseded)} 份"
            "（多次提交按得分最高的一份计分）。"
        )
        if run.unmatched_overrides:
            print(
                f"  注意：gradebook.csv 中有 {len(run.unmatched_overrides)} 行人工调整没有对上名单中的学员，"
                "未采用（见上方说明和报告）"
            )
        print(
            f"  {out / GRADEBOOK}      成绩表（Excel 可直接打开；manual_override 列重新评分时保留）"
        )
        print(f"  {out / REPORT}        班级报告（得分分布、最常违反的规则、失分最多的题目）")
        print(f"  {out / FEEDBACK_DIR}/<学员编号>.html  每位学员的反馈页")
        print(f"  {out / RESULTS}       全部结果（JSON）")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("grade", help="批改学员提交的答案（在引擎中重放评分）")
    parser.add_argument("assignment_dir", help="由 casebook assign 生成的作业文件夹")
    parser.add_argument("submissions", help="学员提交的 JSON 文件所在的文件夹或 zip")
    parser.add_argument(
        "--out", required=True, help="输出文件夹（gradebook.csv、report.html、feedback/）"
    )
    parser.add_argument("--quiet", action="store_true", help="不显示进度条和汇总")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出汇总")
    parser.set_defaults(func=_cmd_grade)
