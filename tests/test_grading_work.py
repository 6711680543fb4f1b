"""Work that grading does once, not twice (counted, never timed: speed is measured by
``bench/grading.py``)."""

from __future__ import annotations

import pytest
import yaml

from casebook.conversation.dialogue import load_call_data
from casebook.conversation.loader import load_conversation
from casebook.drills.loader import load_bank


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
def test_the_call_data_loaders_parse_with_libyaml(monkeypatch):
    """Grading loads the drill bank, the conversation content and the call simulator's data
    (about 0.6 s when PyYAML's pure-Python parser read each file twice, for the data and
    again for the line marks); libyaml gives both from one parse."""

    def refused(*args, **kwargs):
        raise AssertionError("a file parsed by PyYAML's pure-Python parser")

    monkeypatch.setattr(yaml.composer.Composer, "get_single_node", refused)
    bank = load_bank()
    conversation = load_conversation()
    data = load_call_data(conversation=conversation)
    assert bank.items and conversation.personas and data.dialogues


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
def test_a_syntax_error_in_a_drill_file_still_names_its_line(tmp_path):
    from casebook.drills.loader import DrillError

    (tmp_path / "level1_basic.yaml").write_text(
        "difficulty: 基础\nitems:\n  - id: x\n    area: [unclosed\n", encoding="utf-8"
    )
    with pytest.raises(DrillError) as exc:
        load_bank(tmp_path)
    lines = {i.line for i in exc.value.issues if "YAML syntax error" in i.message}
    assert lines and None not in lines


# --- the strategy kind's worker starts before the submissions are read ---------------------


def test_the_manifest_is_handed_over_before_the_exercises_are_validated(tmp_path, monkeypatch):
    from casebook.grading import intake
    from tests.test_grading_support import make_assignment

    folder, manifest = make_assignment(tmp_path)
    order: list[str] = []
    validate = intake.validate_exercise

    def validating(*args, **kwargs):
        order.append("exercise")
        return validate(*args, **kwargs)

    monkeypatch.setattr(intake, "validate_exercise", validating)
    intake.AssignmentFolder(folder, on_manifest=lambda m: order.append(m.assignment_id))
    assert order == [manifest.assignment_id] + ["exercise"] * len(manifest.exercises)


@pytest.mark.parametrize(("files", "started"), [(10, False), (90, True)])
def test_the_worker_starts_when_enough_strategy_submissions_are_expected(
    tmp_path, monkeypatch, files, started
):
    """Warm-up hears the files shared out by the exercises: 1 of 4 exercises is the strategy
    kind, so 10 files give 2 expected strategy submissions (below the worker's threshold of
    8) and 90 give 22. The worker is started, and the simulator's import sent to it, before
    any submission is read."""
    from casebook.grading.grade import warm_up
    from casebook.grading.kinds import strategy as strategy_kind
    from tests.test_grading_support import make_assignment

    _, manifest = make_assignment(tmp_path, exercises=("ex01", "ex30", "ex41", "ex45"))
    subs = tmp_path / "subs"
    subs.mkdir()
    for n in range(files):
        (subs / f"{n}.json").write_text("{}", encoding="utf-8")
    sent = []

    class Pool:
        def submit(self, fn, *args):
            sent.append(fn)

    monkeypatch.setattr(strategy_kind, "_POOL", [])
    monkeypatch.setattr(
        strategy_kind, "_worker", lambda: strategy_kind._POOL.append(Pool()) or Pool()
    )
    warm_up(manifest, subs)
    assert sent == ([strategy_kind._load_simulator] if started else [])
    warm_up(manifest, subs)  # once per process
    assert len(sent) == int(started)


def test_warm_up_ignores_a_missing_submissions_folder(tmp_path, monkeypatch):
    from casebook.grading.grade import warm_up
    from casebook.grading.kinds import strategy as strategy_kind
    from tests.test_grading_support import make_assignment

    _, manifest = make_assignment(tmp_path, exercises=("ex30",))
    monkeypatch.setattr(strategy_kind, "_POOL", [])
    monkeypatch.setattr(strategy_kind, "_worker", lambda: pytest.fail("worker started"))
    warm_up(manifest, tmp_path / "missing")
    warm_up(manifest, tmp_path / "missing.zip")
