"""bench/wording_thresholds.py --write puts its chosen thresholds into settings.yaml in place."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import pytest

from casebook.msgcheck import load_lexicon
from casebook.msgcheck.lexicon import default_data_dir

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def write_thresholds(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    module = importlib.import_module("wording_thresholds")
    yield module.write_thresholds
    sys.modules.pop("wording_thresholds", None)


def test_the_chosen_thresholds_replace_the_old_ones_and_nothing_else(tmp_path, write_thresholds):
    data = tmp_path / "msgcheck"
    shutil.copytree(default_data_dir(), data)
    settings = data / "settings.yaml"
    before = settings.read_text(encoding="utf-8")
    old = load_lexicon(data).learned

    write_thresholds(
        settings,
        0.85,
        {"threat_or_intimidation": 0.5, "insult": None, "privacy_exposure": 0.7},
    )

    new = load_lexicon(data).learned
    assert new.flag == 0.85
    assert dict(new.add_category) == {"threat_or_intimidation": 0.5, "privacy_exposure": 0.7}
    assert (new.doubt, new.contradict, new.min_chars) == (old.doubt, old.contradict, old.min_chars)
    after = settings.read_text(encoding="utf-8")
    # the comments and every other section are kept as they were
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    assert before.split("learned:")[0] == after.split("learned:")[0]
    assert before.split("\nrewrite:")[1] == after.split("\nrewrite:")[1]
    assert not list(data.glob(".settings-*"))
