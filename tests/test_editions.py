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


MYST = """# 页

公开的段落。

```{code-cell} ipython3
:tags: [remove-input, trainer-only]
SECRET_TABLE()
```

```{code-cell} ipython3
:tags: [remove-input]
PUBLIC_TABLE()
```

```{code-cell} ipython3
:tags: [remove-cell]
assert quiz_answer() == "HIDDEN_KEY"
```

````{only} trainer
参考答案：甲

```python
x = 1
```
````

```{only} trainee
学员版的话。
```
"""


def test_trainer_blocks_are_removed_from_downloadable_myst_sources():
    text = _load_extension().strip_myst_source(MYST)
    assert "SECRET_TABLE" not in text and "参考答案" not in text and "x = 1" not in text
    assert "HIDDEN_KEY" not in text  # hidden test cells go too
    assert "PUBLIC_TABLE()" in text and "学员版的话" in text and "公开的段落" in text


def _notebook(tmp_path):
    import json

    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# 练习\n", "公开\n"]},
            {
                "cell_type": "code",
                "metadata": {"tags": ["remove-input", "trainer-only"]},
                "source": "answer_key()",
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "参考值 42"}],
                "execution_count": 1,
            },
            {"cell_type": "markdown", "metadata": {}, "source": "```{only} trainer\n要点\n```\n"},
            {
                "cell_type": "code",
                "metadata": {"tags": ["remove-cell"]},
                "source": 'roundtrip("ex99", {"fee": 980.26}, expected=100)',
                "outputs": [],
                "execution_count": 2,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    folder = tmp_path / "_sources" / "exercises"
    folder.mkdir(parents=True)
    path = folder / "ex99.ipynb"
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    untouched = folder / "ex98.ipynb"
    untouched.write_text(json.dumps({**notebook, "cells": notebook["cells"][:1]}), encoding="utf-8")
    return path, untouched


def test_trainer_cells_and_their_outputs_are_removed_from_downloadable_notebooks(tmp_path):
    path, untouched = _notebook(tmp_path)
    before = untouched.read_bytes()
    changed = _load_extension().strip_trainer_sources(tmp_path)
    assert changed == [path]
    text = path.read_text(encoding="utf-8")
    assert "参考值 42" not in text and "answer_key" not in text and "要点" not in text
    assert "980.26" not in text  # the hidden test cell typed in the answer
    assert "公开" in text
    assert untouched.read_bytes() == before  # files without trainer content keep their bytes


@pytest.mark.site
def test_trainee_downloads_have_no_trainer_content():
    if not (TRAINEE / "index.html").is_file():
        if os.environ.get("CASEBOOK_REQUIRE_SITE"):
            pytest.fail("no trainee edition built (make book)")
        pytest.skip("no trainee edition built (make book)")
    found = [
        str(p.relative_to(TRAINEE))
        for p in (TRAINEE / "_sources").rglob("*")
        if p.is_file()
        and re.search(r"trainer-only|remove-cell|\{only\}\s*trainer", p.read_text("utf-8"))
    ]
    assert found == []
