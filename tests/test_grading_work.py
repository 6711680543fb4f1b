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
