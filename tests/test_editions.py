"""Trainee and trainer editions: built from one source, differing exactly in trainer content."""

from __future__ import annotations

import importlib.util
import os
import re
import sys

import pytest
from docutils import nodes
from docutils.utils import new_document

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import edition_toc

TRAINEE = ROOT / "_build" / "html"
TRAINER = ROOT / "_build" / "trainer" / "html"


def _load_extension():
    spec = importlib.util.spec_from_file_location(
        "edition_ext", ROOT / "book" / "_ext" / "edition.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_trainee_toc_drops_exactly_the_trainer_pages():
    trainer_files = edition_toc._all_files(edition_toc.edition_toc("trainer"))
    trainee_files = edition_toc._all_files(edition_toc.edition_toc("trainee"))
    assert trainer_files - trainee_files == edition_toc.trainer_only_pages()
    assert trainee_files <= trainer_files


def test_unknown_edition_is_refused():
    with pytest.raises(SystemExit, match="unknown edition"):
        edition_toc.edition_toc("student")


@pytest.mark.parametrize(("edition", "kept"), [("trainee", False), ("trainer", True)])
def test_cells_tagged_trainer_only_are_removed_from_the_trainee_edition(monkeypatch, edition, kept):
    ext = _load_extension()
    monkeypatch.setenv("CASEBOOK_EDITION", edition)
    document = new_document("test")
    document += nodes.container(classes=["cell", "tag_trainer-only"])
    document += nodes.container(classes=["cell"])
    ext._strip_trainer_cells(None, document)
    tagged = [n for n in document.findall(nodes.container) if "tag_trainer-only" in n["classes"]]
    assert bool(tagged) is kept
    assert len(list(document.findall(nodes.container))) == (2 if kept else 1)


def test_bad_edition_variable(monkeypatch):
    monkeypatch.setenv("CASEBOOK_EDITION", "everyone")
    with pytest.raises(ValueError, match="CASEBOOK_EDITION"):
        _load_extension().current_edition()


def _pages(site):
    return {str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.parts}


def _text(path):
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.site
def test_built_editions_differ_exactly_in_trainer_content():
    if not (TRAINEE / "index.html").is_file() or not (TRAINER / "index.html").is_file():
        message = "both editions must be built (make editions)"
        if os.environ.get("CASEBOOK_REQUIRE_SITE"):
            pytest.fail(message)
        pytest.skip(message)
    trainer_pages = {f"{page}.html" for page in edition_toc.trainer_only_pages()}
    assert _pages(TRAINER) - _pages(TRAINEE) == trainer_pages
    assert _pages(TRAINEE) <= _pages(TRAINER)
    # Text of `{only} trainer` blocks and trainer pages appears nowhere in the trainee edition.
    marker = "核心判断"
    assert marker in _text(TRAINER / "book" / "trainer_guide.html")
    assert not any(marker in _text(TRAINEE / page) for page in _pages(TRAINEE))
    assert marker not in (TRAINEE / "searchindex.js").read_text(encoding="utf-8")
    assert "trainer_guide" not in (TRAINEE / "searchindex.js").read_text(encoding="utf-8")
