"""Pack a built edition of the site into one zip for a file server or a shared drive.

    python deploy/offline/site_zip.py _build/html _build/casebook-site-trainee.zip casebook-trainee

Everything sits under one folder (``casebook-trainee/index.html``), so unzipping on a shared
drive gives one folder to open. The pages use relative links and the vendored scripts, so the
site works from ``file://`` or any web server; the zip is refused if a page still loads
anything from a CDN (see :func:`cdn_links`).
"""

from __future__ import annotations

import re
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

LOADING_TAGS = {"script", "link", "img", "iframe", "source"}


def _external(url: str) -> bool:
    match = re.match(r"^(?:https?:)?//([^/:]+)", url.strip())
    return bool(match) and match.group(1) not in ("127.0.0.1", "localhost")


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in LOADING_TAGS:
            self.urls += [v for k, v in attrs if k in {"src", "href", "data-src"} and v]


def cdn_links(name: str, text: str) -> list[str]:
    """Resources that a page (.html) or stylesheet (.css) loads from another host (a CDN)."""
    if name.endswith(".css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
    else:
        parser = _Loads()
        parser.feed(text)
        urls = parser.urls
    return [f"{name}: {url}" for url in urls if _external(url)]


def zip_site(site: Path, archive: Path, folder: str) -> int:
    """Write ``site`` into ``archive`` under ``folder/``; the number of files."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site}/index.html not found: build the site first (make book)")
    problems: list[str] = []
    files = sorted(p for p in site.rglob("*") if p.is_file())
    for path in files:
        if path.suffix in (".html", ".css"):
            problems += cdn_links(str(path.relative_to(site)), path.read_text("utf-8", "replace"))
    if problems:
        raise SystemExit("pages load from a CDN:\n" + "\n".join(problems[:20]))
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for path in files:
            out.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    partial.replace(archive)
    return len(files)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    site, archive, folder = Path(argv[0]), Path(argv[1]), argv[2]
    count = zip_site(site, archive, folder)
    size = archive.stat().st_size / 1024 / 1024
    print(f"{archive}: {count} files, {size:.1f} MB (open {folder}/index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
