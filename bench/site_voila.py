"""Time to interactive of the simulators served by `make train`, in Debian's Chromium.

Usage: python bench/site_voila.py [--rounds 2] [--plain]

Starts the training server (tools/train_server.py), waits until it is warm (every
simulator's pre-heated kernel has run its notebook), then for each simulator of the landing
page clicks it and measures the seconds until the page is interactive (cells shown and, where
the notebook has widgets, the controls drawn). Returns to the landing page in between, which
shuts the page's kernel down. Also prints the memory of the kernels the server keeps.

--plain measures a plain ``voila notebooks`` with the casebook template instead (the set-up
before pre-heated kernels: every click starts and runs a new kernel).
Prints figures, asserts nothing; the target is 3 s per simulator.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    INTERACTIVE,
    SIMULATORS,
    free_port,
    is_kernel_socket,
    wait_for_kernels,
    wait_for_port,
)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--plain", action="store_true", help="plain Voilà, no pre-heating")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    if args.plain:
        command = [
            str(Path(sys.executable).parent / "voila"),
            "notebooks",
            "--no-browser",
            "--template=casebook",
            "--strip_sources=True",
            "--theme=light",
            "--VoilaConfiguration.classic_tree=True",
        ]
        env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter")}
        pool = 0
    else:
        command = [sys.executable, str(ROOT / "tools" / "train_server.py"), "notebooks"]
        env = dict(os.environ)
        pool = len(SIMULATORS)
    log = Path(tempfile.mkdtemp(prefix="site_voila_")) / "voila.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, f"--port={port}", "--Voila.ip=127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    figures: dict[str, list[float]] = {label: [] for label in SIMULATORS}
    try:
        wait_for_port(port, 60, server)
        started = time.perf_counter()
        kernels = wait_for_kernels(server.pid, pool, timeout=600, idle=True)
        print(
            f"{'plain voila' if args.plain else 'make train'}: warm after "
            f"{time.perf_counter() - started:.1f} s with {len(kernels)} kernels "
            f"({sum(_rss_mb(pid) for pid in kernels):.0f} MB resident)"
        )
        for pid in kernels:
            print(f"  kernel {pid}: {_rss_mb(pid):.0f} MB")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(locale="zh-CN")
            for _ in range(args.rounds):
                for label, name in SIMULATORS.items():
                    page.goto(url)
                    wait_for_kernels(server.pid, pool, timeout=600, idle=True)
                    # Leaves the block once the page is connected to its kernel as well.
                    with page.expect_websocket(is_kernel_socket, timeout=300_000):
                        clicked = time.perf_counter()
                        page.locator("#casebook-simulators a", has_text=label).click()
                        page.wait_for_url(f"**/voila/render/{name}.ipynb*", wait_until="commit")
                        page.wait_for_function(INTERACTIVE, timeout=300_000)
                        figures[label].append(time.perf_counter() - clicked)
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    print("\ntime to interactive after the click, seconds (target ≤ 3):")
    print(f"  {'simulator':<10} {'median':>7} {'max':>7}")
    for label, values in figures.items():
        print(f"  {label:<10} {statistics.median(values):7.2f} {max(values):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
