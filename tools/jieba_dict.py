"""Keep the search dictionary in step with the glossary.

Usage: python tools/jieba_dict.py [--check]

Sphinx's Chinese search segments words with jieba; a domain compound such as 有效催收 is
only findable if jieba knows it. Every term of the ``{glossary}`` blocks in
``book/glossary.md`` (multi-character Chinese terms) is written into
``book/_data/jieba_userdict.txt``, after the terms already there. ``--check`` only reports
missing terms and exits 1 if there are any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "book" / "glossary.md"
DICTIONARY = ROOT / "book" / "_data" / "jieba_userdict.txt"
_CJK = re.compile(r"^[\u4e00-\u9fff（）()A-Za-z0-9]+$")


def glossary_terms(text: str) -> list[str]:
    """Terms defined in the ``{glossary}`` blocks (unindented lines inside the block)."""
    terms: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("```{glossary}"):
            inside = True
            continue
        if inside and line.startswith("```"):
            inside = False
            continue
        if inside and line and not line[0].isspace() and not line.startswith(":"):
            term = line.strip()
            if len(term) >= 2 and _CJK.match(term) and re.search(r"[\u4e00-\u9fff]", term):
                terms.append(term)
    return terms


def dictionary_words(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    terms = glossary_terms(GLOSSARY.read_text(encoding="utf-8"))
    current = DICTIONARY.read_text(encoding="utf-8")
    known = set(dictionary_words(current))
    missing = [t for t in terms if t not in known]
    if "--check" in argv:
        for term in missing:
            print(f"{DICTIONARY.relative_to(ROOT)}: missing glossary term {term!r}")
        return 1 if missing else 0
    if missing:
        addition = "".join(f"{term} 100 n\n" for term in missing)
        DICTIONARY.write_text(current.rstrip("\n") + "\n" + addition, encoding="utf-8")
    print(f"{len(missing)} term(s) added; {len(known) + len(missing)} in {DICTIONARY.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
