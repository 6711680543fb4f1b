"""casebook/data/README.md maps every file and folder of the data root."""

import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "casebook" / "data"


def test_every_top_level_entry_is_described():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^\| `([^`/]+)[`/]", readme, re.M))
    entries = {p.name for p in DATA.iterdir() if p.name != "README.md" and p.name != "__pycache__"}
    assert entries - described == set(), "add these to casebook/data/README.md"
    assert described - entries == set(), "the README describes entries that do not exist"
