"""Strict nbval really compares stored outputs: an altered output must fail."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "contact_planner.ipynb"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def _run_nbval(path):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--nbval",
            "--nbval-sanitize-with",
            str(SANITIZE),
            "-p",
            "no:cacheprovider",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=300,
    )


@pytest.fixture
def notebook_copy(tmp_path):
    target = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, target)
    return target


def test_unaltered_copy_passes(notebook_copy):
    result = _run_nbval(notebook_copy)
    assert result.returncode == 0, result.stdout[-3000:]


def test_altered_stored_output_fails(notebook_copy):
    nb = json.loads(notebook_copy.read_text(encoding="utf-8"))
    altered = False
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html and "扣 20 分" in "".join(html):
                output["data"]["text/html"] = "".join(html).replace("扣 20 分", "扣 21 分", 1)
                altered = True
                break
        if altered:
            break
    assert altered, "the notebook should show a violation worth 20 points"
    notebook_copy.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    result = _run_nbval(notebook_copy)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "扣 21 分" in result.stdout or "mismatch" in result.stdout.lower()
