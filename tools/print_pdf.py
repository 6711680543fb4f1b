"""Print the single-page casebook to PDF with Debian's Chromium (if installed).

Usage: python tools/print_pdf.py INDEX_HTML OUT_PDF

Without /usr/bin/chromium this says so and exits 0: the print-friendly HTML page is
still there to print from any browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    index, out = Path(argv[0]).resolve(), Path(argv[1])
    if not index.is_file():
        raise SystemExit(f"{index}: not found (build the single page first)")
    if not CHROMIUM.exists():
        print(
            f"PDF skipped: {CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk); "
            f"print {index} from a browser instead"
        )
        return 0
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        page.goto(index.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        tmp = out.with_suffix(".pdf.tmp")
        page.pdf(
            path=str(tmp),
            format="A4",
            print_background=True,
            margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
        )
        browser.close()
    tmp.replace(out)
    print(f"PDF written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
