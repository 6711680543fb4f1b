"""The call simulator's data: dialogues for every persona, intents, settings; located errors;
every offered reply graded as the engine judges it; tags agree with the intent matchers."""

from __future__ import annotations

import shutil

import pytest

from casebook.conversation import default_conversation
from casebook.conversation.call import CallSimulator, Choice, replay
from casebook.conversation.dialogue import (
    PLACEHOLDERS,
    CallOutcome,
    default_call_data,
    load_call_data,
)
from casebook.conversation.loader import ConversationError, builtin_conversation_dir
from casebook.conversation.schema import Grade, Party

DATA = default_call_data()


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "conversation"
    shutil.copytree(builtin_conversation_dir(), target)
    return target


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _issues(data_dir):
    with pytest.raises(ConversationError) as exc:
        load_call_data(data_dir, conversation=default_conversation())
    return exc.value.issues


# --- coverage -------------------------------------------------------------------------------


def test_every_persona_has_a_dialogue_and_the_issue_personas_are_there():
    personas = {p.id for p in default_conversation().personas}
    assert set(DATA.dialogues) == personas and len(personas) >= 8
    assert {"debt-agent", "multi-debt", "crisis"} <= personas


def test_family_and_colleague_answer_some_calls_and_a_contact_is_called_when_lost():
    parties = {a.party for d in DATA.dialogues.values() for a in d.answerers}
    assert {Party.DEBTOR, Party.FAMILY, Party.COLLEAGUE} <= parties
    lost = DATA.dialogue("contact-lost").answerers
    assert [(a.party, a.dialled) for a in lost] == [(Party.FAMILY, "sibling")]


def test_every_outcome_of_the_issue_can_happen():
    endings = {
        r.end.outcome
        for d in DATA.dialogues.values()
        for n in d.nodes
        for r in (*n.responses, n.otherwise, *([n.on_violation] if n.on_violation else []))
        if r.end is not None
    }
    required = {
        CallOutcome.PROMISE,
        CallOutcome.INSTALMENT,
        CallOutcome.DISPUTE,
        CallOutcome.COMPLAINT,
        CallOutcome.HANG_UP,
        CallOutcome.ESCALATION,
    }
    assert required <= endings
    # hang-ups and complaints also come from trust and complaint risk (call_simulator.yaml)
    assert DATA.settings.complaint_lines and DATA.settings.hang_up_lines


def test_better_replies_come_from_the_data_and_point_to_the_objection_bank():
    conv = default_conversation()
    banks = [n.bank for d in DATA.dialogues.values() for n in d.nodes if n.bank]
    assert len(banks) >= 8 and all(conv.scenario(b) for b in banks)


# --- offered replies agree with the engine --------------------------------------------------


def _nodes_with_prefixes(persona: str, seed: int) -> dict[str, list]:
    """The first reply sequence that reaches each node (breadth first over the offers)."""
    found: dict[str, list] = {}
    frontier: list[list] = [[]]
    while frontier:
        prefix = frontier.pop(0)
        sim = replay(persona, seed, prefix)
        if sim.done or sim.node.id in found:
            continue
        found[sim.node.id] = prefix
        frontier += [[*prefix, Choice(o.id)] for o in sim.node.options]
    return found


def _seeds_covering_every_answerer(persona: str) -> list[int]:
    seeds, seen = [], set()
    for seed in range(40):
        sim = CallSimulator(persona)
        sim.reset(seed)
        if sim.answerer.start not in seen:
            seen.add(sim.answerer.start)
            seeds.append(seed)
    return seeds


@pytest.mark.parametrize("persona", sorted(DATA.dialogues))
def test_every_offered_reply_is_judged_as_graded(persona):
    """Violating options break a rule; compliant ones (effective or not) break none; every
    node is reachable; an option's tags are what the intent matchers read in its text."""
    reached: set[str] = set()
    problems = []
    seeds = _seeds_covering_every_answerer(persona)
    if persona == "evasive":
        seeds.append(1)  # pressed for a date, he disputes two purchases on this seed
    for seed in seeds:
        for node_id, prefix in _nodes_with_prefixes(persona, seed).items():
            reached.add(node_id)
            for option in DATA.dialogue(persona).node(node_id).options:
                sim = replay(persona, seed, [*prefix, Choice(option.id)])
                turn = sim.turns[-2]
                broken = [f.rule for f in turn.violations]
                if (option.grade is Grade.VIOLATING) != bool(broken):
                    problems.append(f"{node_id}/{option.id} ({option.grade.value}): {broken}")
                read, _ = DATA.reader.read(turn.text)
                if set(read) != set(option.tags):
                    problems.append(
                        f"{node_id}/{option.id}: tags {option.tags}, read {sorted(read)}"
                    )
    assert problems == []
    assert reached == {n.id for n in DATA.dialogue(persona).nodes}


@pytest.mark.parametrize("persona", sorted(DATA.dialogues))
def test_the_best_replies_make_a_perfect_call_for_every_answerer(persona):
    for seed in _seeds_covering_every_answerer(persona):
        sim = CallSimulator(persona)
        sim.reset(seed)
        while not sim.done:
            sim.step(Choice(sim.node.best.id))
        assert sim.violations() == []
        assert sim.score.total == 100, (seed, sim.result)
        assert sim.result.outcome not in (CallOutcome.HANG_UP, CallOutcome.COMPLAINT)


# --- located errors -----------------------------------------------------------------------


def test_an_unknown_next_node_is_located(data_dir):
    path = data_dir / "dialogues" / "forgetful.yaml"
    _replace(path, "        next: reason\n", "        next: reasons\n")
    issue = next(i for i in _issues(data_dir) if "unknown node" in i.message)
    assert issue.file == str(path) and issue.item_id == "purpose"
    assert issue.line == _line_of(path, "next: reasons")
    assert "'reasons'" in issue.message


def test_an_unknown_intent_in_tags_is_located(data_dir):
    path = data_dir / "dialogues" / "hardship.yaml"
    _replace(path, "tags: [verify_identity]", "tags: [verify_idenity]")
    issue = next(i for i in _issues(data_dir) if "unknown intent" in i.message)
    assert issue.item_id == "identity" and issue.field == "options.0.tags.0"
    assert issue.line == _line_of(path, "verify_idenity")


def test_an_unknown_fact_and_placeholder_are_located(data_dir):
    path = data_dir / "dialogues" / "crisis.yaml"
    _replace(path, "reveal: [alone_at_home]", "reveal: [home_alone]")
    _replace(path, "请问您是{honorific}吗？", "请问您是{honourific}吗？")
    issues = _issues(data_dir)
    fact = next(i for i in issues if "unknown fact" in i.message)
    assert fact.item_id == "crisis" and fact.line == _line_of(path, "home_alone")
    placeholder = next(i for i in issues if "placeholder" in i.message)
    assert "honourific" in placeholder.message and set(PLACEHOLDERS) >= {"honorific", "balance"}


def test_a_node_needs_one_best_reply_and_a_violating_one(data_dir):
    path = data_dir / "dialogues" / "evasive.yaml"
    _replace(
        path,
        "      - id: ev-jail\n        grade: violating",
        "      - id: ev-jail\n        grade: compliant_ineffective",
    )
    # the option's own note stays (a second "note:" key would be refused as a duplicate)
    _replace(
        path,
        "        note: 恶意透支有严格的构成要件，「等着坐牢」是虚构的刑事后果。",
        "        note: 改成合规但无效，用来测试。",
    )
    issue = next(i for i in _issues(data_dir) if "violating" in i.message)
    assert issue.file == str(path) and issue.item_id == "stall"
    assert issue.line == _line_of(path, "- id: stall")


def test_a_pack_naming_an_unknown_intent_is_an_error(tmp_path):
    from casebook.policy.loader import builtin_pack_dir, load_packs

    house = tmp_path / "house"
    shutil.copytree(builtin_pack_dir("house"), house)
    _replace(house / "call.yaml", "intents: [private_account]", "intents: [private_acount]")
    packs = load_packs(["cn", house])
    with pytest.raises(ConversationError) as exc:
        load_call_data(packs=packs)
    issue = exc.value.issues[0]
    assert issue.item_id == "CALL-OFFICIAL-CHANNELS" and "private_acount" in issue.message


def test_missing_dialogue_is_reported(data_dir):
    (data_dir / "dialogues" / "multi-debt.yaml").unlink()
    assert any("multi-debt" in i.message for i in _issues(data_dir))


# --- intents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "减免利息需要银行审批，我可以帮您提交申请，结果以审批为准。",
            set(),
            {"unauthorised_promise"},
        ),
        ("利息我给您全免了。", {"unauthorised_promise"}, set()),
        ("利息全免，审批一下就行。", {"unauthorised_promise"}, set()),
        ("我们先不谈还款，您现在安全吗？", {"crisis_care"}, {"debt_detail"}),
        ("应还 11,836.05 元。", {"debt_detail"}, {"crisis_care"}),
        ("请不要向任何个人账户转账。", set(), {"private_account"}),
        ("您转到我微信上就行。", {"private_account"}, set()),
        ("投诉也没用。", {"block_complaint"}, set()),
        ("您可以拨打 12378 投诉。", {"register_complaint"}, {"block_complaint"}),
    ],
)
def test_intent_matchers_read_clauses(text, present, absent):
    read, quotes = DATA.reader.read(text)
    assert present <= read and not absent & read, read
    for intent in present:
        assert quotes[intent] in text


def test_a_text_read_again_gives_the_same_intents_and_its_own_words():
    """Intents are remembered per text; a caller changing the words it got changes nothing."""
    text = "您好，我是信用卡中心的工作人员，工号 1024，本次通话会录音。"
    first, words = DATA.reader.read(text)
    words.clear()
    again, words_again = DATA.reader.read(text)
    assert again == first and words_again and set(words_again) == set(first)
