"""Malformed conversation data is rejected with errors naming the file, line, item and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.conversation import ConversationError, load_conversation
from casebook.conversation.loader import builtin_conversation_dir
from casebook.policy.loader import builtin_pack_dir, load_packs


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "conversation"
    shutil.copytree(builtin_conversation_dir(), target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _issue(exc: pytest.ExceptionInfo, field_part: str):
    matches = [i for i in exc.value.issues if i.field and field_part in i.field]
    assert matches, [str(i) for i in exc.value.issues]
    return matches[0]


def test_the_copy_is_valid(data):
    conv = load_conversation(data)
    assert len(conv.scenarios) >= 40 and len(conv.protocols) == 7


def test_unknown_rule_id_names_file_line_item_and_field(data):
    path = data / "objections" / "01_ability.yaml"
    _replace(path, "rules: [CN-NO-CRIMINAL-THREAT]\n", "rules: [CN-NO-SUCH-RULE]\n")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = _issue(exc, "rules")
    assert issue.file.endswith("01_ability.yaml")
    assert issue.item_id == "no-money-01"
    assert issue.field == "replies.2.rules.0"
    assert issue.line == _line_of(path, "CN-NO-SUCH-RULE")
    assert "CN-NO-SUCH-RULE" in str(exc.value)


def test_scenario_without_a_violating_reply_is_rejected(data):
    path = data / "objections" / "02_disputes.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("grade: violating", text.index("id: fees-dispute-01"))
    path.write_text(
        text[:start] + "grade: compliant_ineffective" + text[start + len("grade: violating") :],
        encoding="utf-8",
    )
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = next(i for i in exc.value.issues if i.item_id == "fees-dispute-01")
    assert "missing ['violating']" in issue.message
    assert issue.line == _line_of(path, "id: fees-dispute-01")


def test_violating_reply_without_rules_is_rejected(data):
    path = data / "objections" / "04_pressure.yaml"
    _replace(
        path,
        "        rules: [CN-NO-INSULT]\n        next_action: report-to-supervisor\n",
        "        next_action: report-to-supervisor\n",
    )
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = exc.value.issues[0]
    assert issue.item_id == "abuse-01" and "at least one rule id" in issue.message


def test_feedback_copied_from_another_reply_is_rejected(data):
    path = data / "objections" / "01_ability.yaml"
    _replace(
        path,
        "          说教不违规，但也不会改变任何事",
        "          语气没有问题，但通话在没有任何信息和约定的情况下结束了：不知道她靠什么生活、什么时候可能有收入，\n"
        "          下一次通话只能从头再来。至少应当了解收入变化，并约定下次联系的时间。\n          ",
    )
    _replace(
        path,
        "：对方没有得到任何新信息，也没有被邀请做任何决定。\n          把「端正态度」换成如实的后果说明和一个具体的还款提议。",
        "",
    )
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = _issue(exc, "feedback")
    assert issue.item_id == "no-money-02" and "no-money-01/b" in issue.message


def test_topic_and_id_must_agree(data):
    path = data / "objections" / "01_ability.yaml"
    _replace(path, "  - id: payday-01\n    topic: payday", "  - id: payday-01\n    topic: waiver")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    assert any(i.item_id == "payday-01" and "topic" in i.message for i in exc.value.issues)


def test_standard_may_not_reuse_a_pack_rule_id(data, tmp_path):
    """Once a standard moves into a pack, the copy left in standards.yaml is an error."""
    house = tmp_path / "house"
    shutil.copytree(builtin_pack_dir("house"), house)
    _replace(house / "house.yaml", "id: HOUSE-VISIT-DAILY", "id: CALL-IDENTIFY-SELF")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data, packs=load_packs(["cn", house]))
    issue = next(i for i in exc.value.issues if i.item_id == "CALL-IDENTIFY-SELF")
    assert issue.field == "id" and "pack 'house-example'" in issue.message
    assert issue.line == _line_of(data / "standards.yaml", "- id: CALL-IDENTIFY-SELF")


def test_house_policy_standard_must_say_so_in_its_title(data):
    path = data / "standards.yaml"
    _replace(
        path,
        "title: （行内政策）如实说明金额、利息、费用和后果",
        "title: 如实说明金额、利息、费用和后果",
    )
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = next(i for i in exc.value.issues if i.item_id == "CALL-TRUTHFUL-TERMS")
    assert "（行内政策）" in issue.message


def test_call_flow_steps_must_be_the_ten_in_order(data):
    path = data / "call_flow.yaml"
    _replace(path, "  - id: recording-notice\n", "  - id: record-notice\n")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    assert exc.value.issues[0].file.endswith("call_flow.yaml")


def test_flow_branch_to_an_unknown_step(data):
    path = data / "protocols.yaml"
    _replace(path, "if_yes: apologise", "if_yes: apologize")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = next(i for i in exc.value.issues if i.item_id == "complaint")
    assert "apologize" in issue.message
    assert issue.line == _line_of(path, "  - id: complaint")


def test_a_flow_that_loops_is_rejected(data):
    path = data / "protocols.yaml"
    _replace(
        path,
        "        do: 约定对方方便的时间再联系，礼貌结束通话。\n",
        "        do: 约定对方方便的时间再联系，礼貌结束通话。\n        next: listen\n",
    )
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = next(i for i in exc.value.issues if i.item_id == "complaint")
    assert "loops" in issue.message


def test_an_unreachable_flow_step_is_rejected(data):
    path = data / "protocols.yaml"
    _replace(path, "if_yes: dispute-handoff", "if_yes: channels")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    assert any("dispute-handoff" in i.message for i in exc.value.issues)


def test_unknown_drill_item(data):
    path = data / "protocols.yaml"
    _replace(path, "drills: [D-CV-01, D-CV-02]", "drills: [D-CV-01, D-CV-99]")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = _issue(exc, "drills")
    assert issue.item_id == "complaint" and issue.field == "drills.1"
    assert issue.line == _line_of(path, "D-CV-99")


def test_protocol_without_a_worked_case(data):
    path = data / "cases.yaml"
    _replace(path, "    protocol: anti-fraud\n", "    protocol: dispute\n")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = next(i for i in exc.value.issues if i.item_id == "anti-fraud")
    assert issue.file.endswith("protocols.yaml") and "no worked case" in issue.message


def test_collector_turn_needs_a_grade(data):
    path = data / "cases.yaml"
    _replace(path, "        grade: compliant_effective\n", "")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = exc.value.issues[0]
    assert issue.item_id == "WC-COMPLAINT" and issue.field.startswith("turns.1")


def test_persona_with_an_unknown_archetype(data):
    path = data / "personas.yaml"
    _replace(path, "archetype: forgetful", "archetype: sleepy")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = _issue(exc, "archetype")
    assert issue.item_id == "forgetful" and "sleepy" in issue.message


def test_persona_hidden_state_out_of_range(data):
    path = data / "personas.yaml"
    _replace(path, "      trust: 0.7\n", "      trust: 1.7\n")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = _issue(exc, "hidden.trust")
    assert issue.line == _line_of(path, "trust: 1.7")


def test_yaml_syntax_error_names_the_line(data):
    path = data / "objections" / "03_third_parties.yaml"
    _replace(path, "    topic: family-answers\n", "    topic: [family-answers\n")
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    issue = exc.value.issues[0]
    assert issue.file.endswith("03_third_parties.yaml") and "YAML" in issue.message
    assert issue.line is not None


def test_missing_file(data):
    (data / "personas.yaml").unlink()
    with pytest.raises(ConversationError) as exc:
        load_conversation(data)
    assert any(
        i.file.endswith("personas.yaml") and "not found" in i.message for i in exc.value.issues
    )
