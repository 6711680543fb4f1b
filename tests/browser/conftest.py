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
        context.close()
