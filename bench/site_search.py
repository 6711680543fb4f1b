"""Search engines of the site compared on real queries, in Debian's Chromium.

Usage: python bench/site_search.py [--site _build/html] [--misses]

Runs every query of tools/search_eval.py (page titles, section headings and glossary terms
of the built site, plus the collectors' phrases in book/_data/search_queries.yml) through

* Sphinx's own search (search.html?engine=sphinx: jieba-segmented index, unsegmented query),
* Pagefind alone (its JavaScript API on the index `make book` builds, extended build),
* the search page the site ships (Pagefind, with exact title/heading/term matches first),

and prints, per kind of query, how often an expected page is among the first three results.
Needs a built site (`make book`) and /usr/bin/chromium; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_port  # noqa: E402
from tools import search_eval  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--misses", action="store_true", help="list the queries that missed")
    args = parser.parse_args()
    if not (args.site / "pagefind" / "pagefind.js").is_file():
        print(f"{args.site}: no site with a Pagefind index; run `make book` first")
        return 2
    from playwright.sync_api import sync_playwright

    queries = search_eval.all_queries(args.site)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=args.site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port, 15, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            engines = {
                "Sphinx (stock)": lambda page, q: search_eval.run_site_search(
                    page, base, q, engine="sphinx"
                ),
                "Pagefind alone": lambda page, q: search_eval.run_pagefind(page, base, q),
                "site search (shipped)": lambda page, q: search_eval.run_site_ranking(
                    page, base, q
                ),
            }
            print(f"{len(queries)} queries, hit = an expected page in the first {search_eval.TOP}")
            for name, run in engines.items():
                page = browser.new_page()
                started = time.perf_counter()
                results = search_eval.evaluate(lambda q, run=run, page=page: run(page, q), queries)
                elapsed = time.perf_counter() - started
                print(f"\n{name}  ({elapsed / len(queries) * 1000:.0f} ms per query)")
                print(search_eval.summary(results))
                if args.misses:
                    for line in search_eval.misses(results):
                        print("    " + line)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
