"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright.

Chromium comes from the system (`/usr/bin/chromium`, Debian package `chromium`, plus
`fonts-noto-cjk` for Chinese); no browser is ever downloaded. Without it the tests are
skipped with the reason, unless CASEBOOK_REQUIRE_BROWSER=1 (set by .ci/run), which turns
the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SITE = ROOT / "_build" / "html"


def _unavailable(reason: str) -> None:
    if os.environ.get("CASEBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here but cannot run: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "index.html").is_file():
        _unavailable("no built site in _build/html (run `make book` first)")
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(SITE),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, 15, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


class PageWatch:
    """Collects console errors, failed responses and requests leaving 127.0.0.1."""

    def __init__(self, page, allowed_prefix: str):
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
        )

        def guard(route):
            url = route.request.url
            if url.startswith((allowed_prefix, "data:", "blob:", "about:")):
                route.continue_()
            else:
                self.external.append(url)
                route.abort()

        page.route("**/*", guard)


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(base_url: str, viewport: dict | None = None):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN"
        )
        contexts.append(context)
        page = context.new_page()
        return page, PageWatch(page, base_url)

    yield make
    for context in contexts:
        for page in context.pages:
            page.close(run_before_unload=True)  # as a closed tab: Voilà pages end their kernel
        context.close()


def kernel_processes(server_pid: int) -> list[int]:
    """Process ids of the Jupyter kernels a server started (its ipykernel children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == server_pid and b"ipykernel" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        except (OSError, ValueError, IndexError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def wait_for_kernels(
    server_pid: int, count: int | None, timeout: float, idle: bool = False
) -> list[int]:
    """Wait until the server runs ``count`` kernels (any number if None) and, with ``idle``,
    none has used the CPU for two seconds (pre-heated notebooks have finished executing)."""
    deadline = time.monotonic() + timeout
    quiet = 0
    last = None
    while time.monotonic() < deadline:
        pids = kernel_processes(server_pid)
        if count is None or len(pids) == count:
            if not idle:
                return pids
            cpu = _cpu_seconds(pids)
            quiet = quiet + 1 if last is not None and cpu - last < 0.05 else 0
            last = cpu
            if quiet >= 4:
                return pids
        else:
            quiet, last = 0, None
        time.sleep(0.5)
    raise TimeoutError(
        f"server {server_pid} runs {len(kernel_processes(server_pid))} kernels, "
        f"expected {count}{' idle' if idle else ''} within {timeout} s"
    )


# Landing-page label → notebook, in the order of the landing page.
SIMULATORS = {
    "安排联系计划": "contact_planner",
    "情景快问快答": "drills",
    "多日案件演练": "campaign",
    "通话演练": "call_simulator",
    "话术检查": "message_checker",
    "司法催收计算器": "judicial_toolkit",
    "案例范文": "model_documents",
    "提高催收效率": "efficiency",
}
# Interactive: Voilà has shown the cells and, where the notebook displays widgets, the
# controls have been drawn by the widget manager connected to the kernel.
INTERACTIVE = """() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none' || document.getElementById('loading')) return false;
  const widgets = Array.from(document.querySelectorAll('script'))
    .some(s => s.textContent.includes('widget-view+json'));
  return !widgets || !!document.querySelector(
    '.jupyter-widgets .widget-button, .jupyter-widgets select, .jupyter-widgets textarea, '
    + '.jupyter-widgets input');
}"""


def is_kernel_socket(socket) -> bool:
    """The page's websocket to its kernel: once open, leaving the page shuts the kernel down
    (Voilà's widget manager registers its unload handler when it connects). A page left
    earlier keeps its kernel until the server culls it."""
    return "/channels" in socket.url
