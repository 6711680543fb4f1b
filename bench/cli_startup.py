"""Whole-process time of quick ``casebook`` commands (run by hand; never a timed test).

    python bench/cli_startup.py [--runs 10] [--warmup 2] [--root CHECKOUT]

Runs each command as a trainer would type it (a new Python process every time), like
``hyperfine``: a few warm-up runs, then ``--runs`` timed runs. Prints, per command, the mean
and standard deviation of the wall time, min and max, and the CPU time (user + system) of the
process, which other jobs on a busy machine disturb less than the wall time. Also lists
which heavy libraries the command imported. ``--root`` times another checkout of the project
(e.g. an older commit, for a before/after comparison) with this interpreter. Targets (issue 16): ``casebook check-message``
and ``casebook fees`` ≤ 0.5 s whole process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASEBOOK = [sys.executable, "-m", "casebook.cli"]
HEAVY = ("pandas", "matplotlib", "numpy", "scipy", "sklearn", "ipywidgets", "jieba")

COMMANDS: dict[str, list[str]] = {
    "casebook fees 50000": ["fees", "50000"],
    "casebook fees 50000 --json": ["fees", "50000", "--json"],
    "casebook check-message …": ["check-message", "您好，您的信用卡已逾期，请尽快还款。"],
    "casebook limitation …": ["limitation", "--start", "2024-03-01", "--json"],
    "casebook --help": ["--help"],
    "python -c pass (interpreter alone)": [],
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv: list[str], root: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    command = [*CASEBOOK, *argv] if argv else [sys.executable, "-c", "pass"]
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


def heavy_imports(argv: list[str], root: Path = ROOT) -> list[str]:
    """The heavy libraries a command imports (``-X importtime`` of one run)."""
    if not argv:
        return []
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casebook.cli", *argv],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    return [name for name in HEAVY if name in imported]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to time")
    args = parser.parse_args()
    root = args.root.resolve()
    print(
        f"{root}: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; {args.runs} runs each"
    )
    print(f"{'command':38} {'wall mean ± sd':>16} {'min':>7} {'max':>7} {'CPU':>7}  heavy imports")
    for label, argv in COMMANDS.items():
        for _ in range(args.warmup):
            run_once(argv, root)
        walls, cpus = zip(*(run_once(argv, root) for _ in range(args.runs)), strict=True)
        mean, sd = statistics.mean(walls), statistics.stdev(walls) if len(walls) > 1 else 0.0
        heavy = ", ".join(heavy_imports(argv, root)) or "none"
        print(
            f"{label:38} {mean:7.3f} ± {sd:5.3f} s {min(walls):6.3f}s {max(walls):6.3f}s "
            f"{statistics.mean(cpus):6.3f}s  {heavy}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
