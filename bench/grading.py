"""Grade 1,000 synthetic submissions and print the time taken (target: at most 5 s on 2 cores).

Usage: python bench/grading.py [SUBMISSIONS]   (default 1000)

Every exercise of the catalogue, so every exercise kind: the question sheets (drill sets,
the judicial calculations and reviews, the third-party judgement with its plan, instalment
terms, the quiz), the contact plan, letter writing, the case campaign, the portfolio
strategy, the call-quality reviews and the simulated calls; 46 trainees × 22 exercises.
Answers are simulated by the kinds (mixed quality); the timing covers reading, validating,
replaying and grading every file and writing the gradebook, the feedback pages and the
cohort report. The figure that counts is ``casebook grade`` in a new process (imports
included); its CPU time (all processes) is printed too, since a busy machine stretches
wall time. The time spent in each kind's ``grade`` is
printed, and for the strategy kind how many seeded simulations ran (and how many of them
in the grading helper process, :mod:`casebook.grading.helper`, that runs them while the other
kinds are graded and then draws the report's charts) and how many designs came from its
cache (same portfolio, same settings).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casebook.grading.assign import assign
from casebook.grading.catalog import default_catalog
from casebook.grading.grade import grade_assignment, write_outputs
from casebook.grading.intake import AssignmentFolder
from casebook.grading.kinds import KINDS, get_kind
from casebook.grading.kinds.strategy import CACHE_STATS
from casebook.grading.roster import RosterEntry

EXERCISES = tuple(default_catalog())


@contextmanager
def timed_kinds() -> Iterator[tuple[dict[str, float], Counter]]:
    """Accumulate the seconds spent in each kind's ``grade`` (and the number of calls)."""
    spent: dict[str, float] = defaultdict(float)
    calls: Counter = Counter()
    for name, kind in KINDS.items():

        def grade(*args, _grade=kind.grade, _name=name, **kwargs):
            began = time.perf_counter()
            try:
                return _grade(*args, **kwargs)
            finally:
                spent[_name] += time.perf_counter() - began
                calls[_name] += 1

        kind.grade = grade  # an instance attribute shadows the method while timing
    try:
        yield spent, calls
    finally:
        for kind in KINDS.values():
            del kind.grade


def make_submissions(assignment_dir: Path, out: Path, count: int) -> int:
    """Write ``count`` simulated submission files; return how many were written."""
    folder = AssignmentFolder(assignment_dir)
    manifest = folder.manifest
    rng = random.Random(2026)
    written = 0
    out.mkdir(parents=True, exist_ok=True)
    for trainee in manifest.trainees:
        for ref in manifest.exercises:
            if written == count:
                return written
            exercise = folder.exercises[ref.id]
            variant = folder.variant(trainee.trainee_id, ref.id)
            answered = get_kind(exercise.kind).simulate(exercise, variant, rng)
            data = {
                "schema_version": 2,
                "assignment_id": manifest.assignment_id,
                "exercise_id": ref.id,
                "trainee_id": trainee.trainee_id,
                "token": folder.token(trainee.trainee_id),
                "variant_seed": trainee.variant_seeds[ref.id],
                "answers": answered.answers.model_dump(mode="json"),
                "action_log": [a.model_dump(mode="json") for a in answered.action_log],
                "submitted_at": "2026-03-20T10:00:00+08:00",
            }
            path = out / f"{trainee.trainee_id}_{ref.id}.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            written += 1
    return written


def main(count: int = 1000) -> None:
    trainees = -(-count // len(EXERCISES))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        roster = [RosterEntry(f"T{i:04d}", f"学员{i}") for i in range(trainees)]
        began = time.perf_counter()
        assign(roster, EXERCISES, 7, root / "assignment")
        n = make_submissions(root / "assignment", root / "submissions", count)
        setup = time.perf_counter() - began

        cache_before = dict(CACHE_STATS)
        began = time.perf_counter()
        with timed_kinds() as (spent, calls):
            run = grade_assignment(root / "assignment", root / "submissions")
        graded = time.perf_counter() - began
        simulated = CACHE_STATS["simulated"] - cache_before["simulated"]
        cached = CACHE_STATS["cached"] - cache_before["cached"]
        in_worker = CACHE_STATS["in_worker"] - cache_before["in_worker"]
        began = time.perf_counter()
        write_outputs(run, root / "out")
        written = time.perf_counter() - began

        # The same batch through the command line, in a fresh process (imports included).
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "casebook.cli", "grade", str(root / "assignment"),
             str(root / "submissions"), "--out", str(root / "cli"), "--quiet"],
            check=True,
        )  # fmt: skip
        cli = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    total = graded + written
    print(
        f"submissions: {n} ({trainees} trainees × {len(EXERCISES)} exercises), setup {setup:.2f} s"
    )
    print(f"graded: {len(run.graded)}, rejected: {len(run.rejected)}")
    print(
        f"read + validate + replay: {graded:.2f} s; outputs (gradebook, pages, report): {written:.2f} s"
    )
    print(
        f"total: {total:.2f} s; per submission: {1000 * total / max(n, 1):.2f} ms (target: total ≤ 5 s)"
    )
    print(
        f"casebook grade in a new process: {cli:.2f} s wall (target ≤ 5 s), {cli_cpu:.2f} s CPU "
        f"in all its processes; per submission: {1000 * cli / max(n, 1):.2f} ms"
    )
    print("time in each kind's grade (calls, total, per call):")
    for name in sorted(spent, key=lambda k: -spent[k]):
        per = 1000 * spent[name] / max(calls[name], 1)
        print(f"  {name:20s} {calls[name]:4d}  {spent[name]:6.2f} s  {per:7.2f} ms")
    print(
        f"strategy: {simulated} designs simulated ({in_worker} in the helper process, so its "
        f"grade time above is mostly waiting), {cached} from the cache (same portfolio and settings)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
