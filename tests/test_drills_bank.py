"""The drill bank: coverage, citations taken from the packs, and answers checked by the engine."""

import shutil
from collections import Counter
from datetime import datetime

import pytest

from casebook.assess import evaluate
from casebook.drills import Area, Difficulty, default_bank, draw_drill, load_bank, render_item
from casebook.drills.draw import drill_case
from casebook.drills.loader import builtin_drill_dir
from casebook.model import Action
from casebook.policy.loader import load_packs
from casebook.sources import Status, builtin_sources_dir, load_sources


@pytest.fixture(scope="module")
def bank():
    return default_bank()


def test_bank_has_at_least_40_items_across_all_areas_and_levels(bank):
    assert len(bank.items) >= 40
    areas = Counter(item.area for item in bank.items)
    assert set(areas) == set(Area)
    assert all(count >= 5 for count in areas.values()), areas
    levels = Counter(item.difficulty for item in bank.items)
    assert all(levels[level] >= 8 for level in Difficulty), levels
    assert sum(1 for item in bank.items if item.multiple) >= 5


def test_every_rule_id_exists_in_the_packs(bank):
    law, house = load_packs(["cn"])[0], load_packs(["house"])[0]
    law_ids = {r.id for r in law.rules}
    house_ids = {r.id for r in house.rules}
    used = bank.rule_ids()
    assert used <= law_ids | house_ids
    assert used - law_ids == {"HOUSE-VISIT-DAILY"}  # house policy is used once, labelled as such
    assert len(used & law_ids) >= 15


def test_references_are_verified_and_used(bank):
    used = {o.ref for item in bank.items for o in item.options if o.ref}
    assert used <= set(bank.references)
    assert all(
        bank.references[ref].status in (Status.VERIFIED_PRIMARY, Status.VERIFIED_SECONDARY)
        for ref in used
    )
    assert len(used) >= 30


def test_every_option_has_feedback_basis_and_wrong_ones_say_what_to_do(bank):
    for item in bank.items:
        question = render_item(item, seed=0, bank=bank)
        for option in question.options:
            assert option.basis, (item.id, option.option_id)
            assert option.feedback
            if not option.correct:
                assert len(option.instead) >= 10, (item.id, option.option_id)


def test_wrong_options_carry_their_own_advice_not_the_rules_generic_text(bank):
    """Every wrong option says what to do instead of *that* choice (issue 11).

    The advice is non-empty, never the generic 'instead' of the rule it cites, and no two
    wrong options in the bank share it; within an item, no two options share feedback.
    """
    advice = Counter()
    for item in bank.items:
        feedback = Counter(o.feedback for o in item.options)
        assert max(feedback.values()) == 1, item.id
        for option in item.options:
            if option.correct:
                assert option.instead == "", (item.id, option.id)
                continue
            assert len(option.instead) >= 10, (item.id, option.id)
            if option.rule:
                assert option.instead != bank.rules.rule(option.rule).instead, (item.id, option.id)
            assert option.instead != option.feedback, (item.id, option.id)
            advice[option.instead] += 1
    assert [text for text, n in advice.items() if n > 1] == []
    assert sum(advice.values()) == sum(1 for i in bank.items for o in i.options if not o.correct)


def test_legal_determinations_are_escalated_not_made_on_the_phone(bank):
    """D-CP-05 (joint marital debt) and D-JD-13 (a debtor under investigation): the only
    right answer hands the question to the legal team."""
    for item_id in ("D-CP-05", "D-JD-13"):
        item = bank.item(item_id)
        (correct,) = [o for o in item.options if o.correct]
        assert "法务部门" in correct.text, item_id
        assert all("法务部门" in o.instead for o in item.options if not o.correct), item_id
    spouse = bank.item("D-CP-05")
    assert any("认定是夫妻共同债务" in o.text for o in spouse.options if not o.correct)
    under_investigation = bank.item("D-JD-13")
    explaining = [o for o in under_investigation.options if "讲解司法解释" in o.text]
    assert explaining and not explaining[0].correct


def test_rendered_text_has_no_unfilled_placeholders(bank):
    for seed in (0, 1, 2):
        for item in bank.items:
            q = render_item(item, seed=seed, bank=bank)
            texts = [q.question, q.facts, q.lesson] + [
                t for o in q.options for t in (o.text, o.feedback, o.instead)
            ]
            assert not any("{" in t or "}" in t for t in texts), item.id


def test_citation_comes_from_the_source_registry_at_load_time(tmp_path):
    """One source of truth: change Art. 68's quote in a registry copy; the pack rule citing
    it and the drill naming that rule both show it."""
    sources_dir = tmp_path / "sources"
    shutil.copytree(builtin_sources_dir(), sources_dir)
    path = sources_dir / "measures_2011.yaml"
    text = path.read_text(encoding="utf-8")
    old = "quote: 发卡银行应当对债务人本人及其担保人进行催收，"
    assert old in text
    path.write_text(
        text.replace(old, "quote: 【已修改的引文】发卡银行应当对债务人本人及其担保人进行催收，"),
        encoding="utf-8",
    )
    sources = load_sources(sources_dir)
    packs = load_packs(["cn", "house"], sources=sources)
    modified = load_bank(packs=packs, sources=sources)
    question = render_item(modified.item("D-CP-02"), seed=0, bank=modified)
    rules = [o.rule for o in question.options if o.rule and o.rule.id == "CN-TARGET-SCOPE"]
    assert rules and all(r.citation.quote.startswith("【已修改的引文】") for r in rules)
    assert rules[0].citation.short().endswith("第六十八条")
    assert rules[0].citation.id == "REF-MEASURES-68"


def test_fee_item_matches_the_fee_formula(bank):
    """D-JD-04: 支付令 fee on ¥50,000 = 1/3 of the Art. 13 acceptance fee."""
    claim = 50_000
    acceptance = 50 + (min(claim, 100_000) - 10_000) * 0.025
    assert acceptance == 1050
    item = bank.item("D-JD-04")
    correct = [o.text for o in item.options if o.correct]
    assert correct == [f"¥{acceptance / 3:,.0f}"]
    wrong = {o.text for o in item.options if not o.correct}
    assert f"¥{acceptance:,.0f}" in wrong and f"¥{acceptance / 2:,.0f}" in wrong


def test_plan_design_item_matches_the_60_month_cap(bank):
    item = bank.item("D-FC-10")
    assert 60 * 800 < 60_000  # the debtor's capacity cannot cover the debt within 5 years
    (correct,) = [o for o in item.options if o.correct]
    assert "60 期以内" in correct.text and correct.rule == "CN-INSTALMENT-TERM"


# --- the drills and the scorer agree ----------------------------------------------------


def _at(case, hh: int, mm: int = 0) -> datetime:
    return case.as_of.replace(hour=hh, minute=mm)


def test_night_call_drill_agrees_with_the_engine(law_packs):
    case = drill_case(5, "reachable")
    night = Action(time=_at(case, 22, 30), channel="phone", target="debtor")
    morning = Action(time=_at(case, 9, 0), channel="sms", target="debtor", message="请尽快还款。")
    assert evaluate(case, [night], law_packs).violated_rule_ids() == ["CN-CONTACT-HOURS"]
    assert evaluate(case, [morning], law_packs).compliant


def test_whom_may_i_call_drill_agrees_with_the_engine(law_packs, bank):
    item = bank.item("D-CP-02")
    case = drill_case(7, item.case.scenario)
    relay = Action(time=_at(case, 10), channel="phone", target="sibling", purpose="relay")
    assert evaluate(case, [relay], law_packs).violated_rule_ids() == [
        next(o.rule for o in item.options if o.id == "b")
    ]


def test_what_to_tell_the_sister_drill_agrees_with_the_engine(law_packs, bank):
    item = bank.item("D-CP-01")
    question = render_item(item, seed=3, bank=bank)
    case = question.case
    texts = {o.option_id: o.text.strip("「」") for o in question.options}
    for option in item.options:
        action = Action(
            time=_at(case, 10),
            channel="phone",
            target="sibling",
            purpose="collect" if option.id == "c" else "relay",
            message=texts[option.id],
        )
        result = evaluate(case, [action], law_packs)
        if option.correct:
            assert result.compliant, option.id
        else:
            assert option.rule in result.violated_rule_ids(), (
                option.id,
                result.violated_rule_ids(),
            )


def test_fourth_connected_call_drill_agrees_with_the_engine(law_packs):
    case = drill_case(2, "reachable")
    earlier = [
        Action(time=_at(case, h), channel="phone", target="debtor", outcome="connected")
        for h in (9, 11, 14)
    ]
    case = case.model_copy(update={"history": [*case.history, *earlier]})
    fourth = Action(time=_at(case, 16, 30), channel="phone", target="debtor")
    sms = Action(time=_at(case, 16, 30), channel="sms", target="debtor", message="请致电协商。")
    assert evaluate(case, [fourth], law_packs).violated_rule_ids() == ["CN-CALL-CONNECTED-DAILY"]
    assert evaluate(case, [sms], law_packs).compliant


def test_builtin_directory_holds_three_difficulty_files():
    names = sorted(p.name for p in builtin_drill_dir().glob("*.yaml"))
    assert names == [
        "level1_basic.yaml",
        "level2_intermediate.yaml",
        "level3_advanced.yaml",
        "level4_conversation.yaml",  # 高级 items of the call-flow chapter's protocols
    ]


def test_draw_uses_the_default_bank():
    assert [q.item_id for q in draw_drill(4, n=3)] == [
        q.item_id for q in draw_drill(4, n=3, bank=default_bank())
    ]
