"""The grading helper: one worker process that works on the second core while the grader
grades (the strategy kind's simulations, the cohort report's charts).

It is started fresh (spawned, not forked: the grader may hold threads or numerical
libraries) when a batch is big enough to pay for the start (about 0.6 s, on the other core),
before the grader has even read the assignment, and then lives as long as the process; it
loads what its work needs while the grader validates the assignment and reads the
submissions. Work sent to it must give exactly what it gives in the grader's own process:
callers that get no future (no helper, or one that cannot take work) do the work themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: A batch with at least this many candidate files starts the helper (for the report's
#: charts, about 0.9 s with matplotlib's import; the strategy kind asks for it on its own).
MIN_FILES = 100
#: What drawing the cohort report's charts imports (:func:`casebook.grading.reports.cohort_charts`).
REPORT_MODULES = (
    "matplotlib.figure",
    "matplotlib.ticker",
    "casebook.plotting",
    "casebook.grading.reports",
)

_POOL: list[ProcessPoolExecutor] = []
#: Whether the running helper has been sent the report's imports.
_REPORT_LOADING: list[bool] = []


def running() -> bool:
    """Whether the helper has been started in this process."""
    return bool(_POOL)


def start() -> None:
    """Start the helper (once per process); the process itself is created with its first job."""
    if not _POOL:
        _POOL.append(ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")))
        _REPORT_LOADING.clear()


def submit(fn: Callable[..., T], *args: Any) -> Future[T] | None:
    """Run ``fn(*args)`` in the helper; None when it is not running or cannot take work (no
    processes on this system, a broken worker): the caller then does the work itself."""
    if not _POOL:
        return None
    try:
        return _POOL[0].submit(fn, *args)
    except (OSError, RuntimeError):  # RuntimeError: BrokenProcessPool, shut down
        return None


def preload(*modules: str) -> None:
    """Run in the helper: import ``modules`` ahead of the work that needs them."""
    import importlib

    for name in modules:
        importlib.import_module(name)


def prepare_report() -> None:
    """If the helper runs, have it import what the report's charts need (once)."""
    if _POOL and not _REPORT_LOADING and submit(preload, *REPORT_MODULES) is not None:
        _REPORT_LOADING.append(True)


def start_for_batch(submissions: str | Path) -> int:
    """Start the helper, loading the report's imports, if ``submissions`` (a folder or a zip)
    holds at least :data:`MIN_FILES` candidate files; return how many it holds (0 when it
    cannot be read: the grader reports that when it reads the submissions)."""
    from casebook.grading.files import count_candidates

    path = Path(submissions)
    try:
        files = count_candidates(path) if path.is_dir() or path.is_file() else 0
    except (OSError, ValueError):
        return 0
    if files >= MIN_FILES:
        start()
        prepare_report()
    return files
