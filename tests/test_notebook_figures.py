"""Every figure a notebook shows has Chinese alt text (cell metadata ``mystnb.image.alt``).

myst-nb otherwise writes the image's file path as its alt text, which is what a screen
reader reads out and what a reader sees when the image does not load.
"""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


def _figure_cells():
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            outputs = cell.get("outputs", [])
            if any(kind in output.get("data", {}) for output in outputs for kind in IMAGE_TYPES):
                yield f"{path.relative_to(ROOT)} cell {index}", cell


def test_every_notebook_figure_has_chinese_alt_text():
    cells = list(_figure_cells())
    assert len(cells) >= 10
    missing = []
    for where, cell in cells:
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
        if len(re.findall(r"[\u4e00-\u9fff]", alt)) < 10 or re.search(r"\.(png|svg|jpe?g)|/", alt):
            missing.append(where)
    assert missing == []
