"""Fixtures for the training-room tests: free ports and processes started in their own group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require(what: str, env: str, present: bool) -> None:
    """Skip with the reason when ``what`` is missing, or fail when ``env`` asks for it."""
    if present:
        return
    if os.environ.get(env):
        pytest.fail(f"{what} is missing ({env} is set)")
    pytest.skip(f"{what} is missing; run it through make ({env} makes this a failure)")


def wait_for_http(url: str, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s")


def stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the process group started with ``start_new_session=True``; SIGKILL if needed."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    with contextlib.suppress(ProcessLookupError):  # anything the group left (e.g. a kernel)
        os.killpg(proc.pid, signal.SIGKILL)
