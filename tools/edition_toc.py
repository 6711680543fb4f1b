"""Write the table of contents for one edition of the book.

Usage: python tools/edition_toc.py EDITION OUT_TOC

Pages listed under ``trainer_only`` in ``book/_data/editions.yml`` are dropped from the
trainee edition's table of contents (and, with ``only_build_toc_files``, never built).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def trainer_only_pages() -> set[str]:
    data = yaml.safe_load((ROOT / "book" / "_data" / "editions.yml").read_text(encoding="utf-8"))
    return {str(page) for page in data.get("trainer_only", [])}


def _filter(entries: list[dict[str, Any]], drop: set[str]) -> list[dict[str, Any]]:
    kept = []
    for entry in entries:
        if entry.get("file") in drop:
            continue
        entry = dict(entry)
        for key in ("chapters", "sections", "parts"):
            if key in entry:
                entry[key] = _filter(entry[key], drop)
        if "caption" in entry and not entry.get("chapters"):
            continue
        kept.append(entry)
    return kept


def edition_toc(edition: str) -> dict[str, Any]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    if edition == "trainer":
        return toc
    if edition != "trainee":
        raise SystemExit(f"unknown edition {edition!r}: use trainee or trainer")
    drop = trainer_only_pages()
    missing = drop - _all_files(toc)
    if missing:
        raise SystemExit(
            f"book/_data/editions.yml: trainer_only names pages not in _toc.yml: {sorted(missing)}"
        )
    return {**toc, "parts": _filter(toc.get("parts", []), drop)}


def _all_files(toc: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            if "file" in entry:
                found.add(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []))
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    edition, out = argv
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(edition_toc(edition), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
