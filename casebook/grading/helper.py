"""The grading helper: one worker process that works on the second core while the grader
grades (the strategy kind's simulations, the cohort report's charts).

It is started fresh (spawned, not forked: the grader may hold threads or numerical
libraries) when a batch is big enough to pay for the start (about 0.6 s, on the other core),
as soon as the assignment's manifest is read, and then lives as long as the process. Work
sent to it must give exactly what it gives in the grader's own process: callers that get no
future (no helper, or one that cannot take work) do the work themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, TypeVar

T = TypeVar("T")

#: A batch with at least this many candidate files starts the helper (for the report's charts,
#: about 0.6 s of matplotlib; the strategy kind asks for it on its own terms).
MIN_FILES = 100

_POOL: list[ProcessPoolExecutor] = []


def running() -> bool:
    """Whether the helper has been started in this process."""
    return bool(_POOL)


def start() -> None:
    """Start the helper (once per process); the process itself is created with its first job."""
    if not _POOL:
        _POOL.append(ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")))


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
