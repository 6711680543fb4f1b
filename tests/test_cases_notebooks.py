"""Case pages: one executed notebook per case file, generated from it and showing its verdict."""

from __future__ import annotations

import nbformat
import pytest

from casebook.cases import load_all_cases
from casebook.cases.notebook import build_notebook, cell_signature
from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
CASES = load_all_cases()


def _stored(worked):
    path = NOTEBOOKS / f"{worked.notebook_name}.ipynb"
    assert path.is_file(), f"{path} missing: run python -m casebook.cases.notebook notebooks"
    return nbformat.read(path, as_version=4)


def test_every_case_page_belongs_to_a_case_file():
    pages = sorted(p.stem for p in NOTEBOOKS.glob("case_*.ipynb"))
    assert pages == sorted(c.notebook_name for c in CASES)


@pytest.mark.parametrize("worked", CASES, ids=[c.id for c in CASES])
def test_page_cells_equal_the_generator_output(worked):
    assert cell_signature(_stored(worked)) == cell_signature(build_notebook(worked))


@pytest.mark.parametrize("worked", CASES, ids=[c.id for c in CASES])
def test_page_is_executed_and_shows_the_stated_verdict(worked):
    nb = _stored(worked)
    shown = "".join(
        "".join(output.get("data", {}).get("text/html", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    assert "星河银行" in shown or worked.case.debtor.name in shown
    for rule_id in worked.expected.violations:
        assert f"[{rule_id}]" in shown, rule_id
    if not worked.expected.violations:
        assert "未发现违规" in shown
    hidden = [c for c in nb.cells if "remove-cell" in c.metadata.get("tags", [])]
    assert len(hidden) == 1 and "assert ASSESSMENT.violated_rule_ids()" in hidden[0].source
    assert all(not c.get("outputs") for c in hidden)


@pytest.mark.parametrize("worked", CASES, ids=[c.id for c in CASES])
def test_page_text_carries_the_lesson_and_what_happened(worked):
    text = "\n".join(c.source for c in _stored(worked).cells if c.cell_type == "markdown")
    assert text.startswith(f"# 案例 {worked.number}：{worked.title}")
    assert worked.what_happened.strip() in text
    for line in worked.lesson:
        assert line.strip() in text
