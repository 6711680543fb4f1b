"""Write the wording judge's traditional → simplified character table from OpenCC's data.

Usage: python tools/opencc_charmap.py TSCharacters.txt [OUTPUT]
       (default OUTPUT: casebook/data/msgcheck/opencc_ts_characters.txt)

``TSCharacters.txt`` is OpenCC's traditional → simplified character dictionary (one line
per character: the traditional character, a tab, then one or more simplified candidates),
for example from the ``opencc-python-reimplemented`` 0.1.7 wheel (``opencc/dictionary/``).
Only one-to-one mappings are kept: a character whose simplification depends on the word
(several candidates) is left out, as in the hand-written ``charmap.yaml``, whose entries
take precedence. The output keeps OpenCC's line format under a header naming the source
and its licence (Apache License 2.0).
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = """\
# Traditional → simplified characters, one-to-one only, for the wording judge's normaliser.
# Derived from OpenCC's TSCharacters.txt (https://github.com/BYVoid/OpenCC, as shipped in
# opencc-python-reimplemented 0.1.7), Copyright BYVoid and contributors, licensed under the
# Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0). Regenerate with
# tools/opencc_charmap.py; hand-written entries in charmap.yaml take precedence.
"""


def one_to_one(lines: list[str]) -> list[tuple[str, str]]:
    """``(traditional, simplified)`` pairs of single characters that have one candidate."""
    pairs = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        source, _, targets = line.rstrip("\n").partition("\t")
        candidates = targets.split()
        one = len(source) == 1 and len(candidates) == 1 and len(candidates[0]) == 1
        if one and candidates[0] != source:
            pairs.append((source, candidates[0]))
    return pairs


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    source = Path(argv[0])
    output = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parent.parent
        / "casebook/data/msgcheck/opencc_ts_characters.txt"
    )
    pairs = one_to_one(source.read_text(encoding="utf-8").splitlines())
    body = "".join(f"{a}\t{b}\n" for a, b in pairs)
    output.write_text(HEADER + body, encoding="utf-8")
    print(f"wrote {output}: {len(pairs)} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
