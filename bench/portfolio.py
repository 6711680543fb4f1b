"""Print the portfolio simulator's speed and memory (figures only; no assertions).

* account-days per second for 100,000 accounts × 180 days (best of several runs),
* the same time relative to numpy drawing that many uniform random numbers on this machine
  (the practical floor: the simulator draws one number per account-day, batched per day),
* peak memory (resident set size) of a fresh process simulating 1,000,000 accounts × 180 days.

Targets from issue 6: ≥ 10 million account-days/s on 2 cores, ≤ 10× the raw draw time,
< 4 GB. numpy runs these loops on one core; the second core is not needed.

Wall-clock times suffer when other processes share the machine, so CPU time of this
process is printed too; the ratio to the floor is given for both.

Usage: python bench/portfolio.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

ACCOUNTS = 100_000
DAYS = 180
BIG = 1_000_000


def best_of(func: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``func`` over ``repeats`` runs."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        func()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def floor_seconds(repeats: int) -> tuple[float, float]:
    """Drawing ACCOUNTS × DAYS float32 uniforms in DAYS batches into a preallocated buffer."""
    rng = np.random.default_rng(0)
    buffer = np.empty(ACCOUNTS, np.float32)

    def draw() -> None:
        for _ in range(DAYS):
            rng.random(out=buffer, dtype=np.float32)

    return best_of(draw, repeats)


def simulate_seconds(strategy_name: str, repeats: int) -> tuple[float, float]:
    """Best time of one ``simulate`` call (policy check and set-up included)."""
    from casebook.portfolio import builtin_strategy, make_portfolio, simulate

    portfolio = make_portfolio(ACCOUNTS, seed=1)
    strategy = builtin_strategy(strategy_name)
    return best_of(lambda: simulate(portfolio, strategy, DAYS, seed=1), repeats)


def child_memory() -> None:
    """Run in a fresh process: generate and simulate the big portfolio, print peak RSS."""
    from casebook.portfolio import builtin_strategy, make_portfolio, simulate

    began = time.perf_counter()
    portfolio = make_portfolio(BIG, seed=1)
    generated = time.perf_counter() - began
    result = simulate(portfolio, builtin_strategy("challenger"), DAYS, seed=1)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(
        json.dumps(
            {
                "generate_seconds": generated,
                "simulate_seconds": result.elapsed_seconds,
                "peak_rss_mb": peak_kb / 1024,
            }
        )
    )


def main(repeats: int) -> None:
    account_days = ACCOUNTS * DAYS
    print(
        f"portfolio simulator: {ACCOUNTS:,} accounts × {DAYS} days = {account_days:,} account-days"
    )
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f} (best of {repeats})")
    floor_wall, floor_cpu = floor_seconds(repeats)
    print(
        f"numpy floor: {account_days:,} float32 uniforms (PCG64, {DAYS} batches of {ACCOUNTS:,}, "
        f"preallocated): {floor_wall:.4f} s wall, {floor_cpu:.4f} s cpu "
        f"= {account_days / floor_wall / 1e6:,.0f} M/s"
    )
    naive = best_of(lambda: np.random.default_rng(0).random(account_days), 1)[0]
    print(f"  (for reference, one rng.random({account_days:,}) call in float64: {naive:.4f} s)")
    for name in ("champion", "challenger"):
        wall, cpu = simulate_seconds(name, repeats)
        print(
            f"{name:>10}: {wall:.3f} s wall = {account_days / wall / 1e6:,.1f} M account-days/s, "
            f"{wall / floor_wall:.1f}× the floor; {cpu:.3f} s cpu = {cpu / floor_cpu:.1f}× the floor"
        )
    child = subprocess.run(
        [sys.executable, __file__, "--child-memory"], capture_output=True, text=True, check=True
    )
    mem = json.loads(child.stdout)
    print(
        f"memory: {BIG:,} accounts × {DAYS} days (challenger) in a fresh process: "
        f"peak RSS {mem['peak_rss_mb']:,.0f} MB; generate {mem['generate_seconds']:.2f} s, "
        f"simulate {mem['simulate_seconds']:.2f} s = "
        f"{BIG * DAYS / mem['simulate_seconds'] / 1e6:,.1f} M account-days/s"
    )
    print("targets: ≥ 10 M account-days/s, ≤ 10× the numpy floor, < 4,096 MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--child-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        child_memory()
    else:
        main(args.repeats)
