"""Colours are named once, in casebook/palette.py."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "casebook"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?![0-9a-fA-F])")


def test_no_colour_literal_outside_the_palette():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "palette.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HEX_COLOUR.search(line):
                offenders.append(f"casebook/{rel}:{number}: {line.strip()}")
    assert offenders == [], "use a name from casebook.palette:\n" + "\n".join(offenders)
