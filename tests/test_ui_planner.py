"""The contact planner's wiring, driven like a trainee would (no kernel needed)."""

from casebook.synth import make_case
from casebook.ui.planner import build_contact_planner


def test_plan_assess_and_feedback(law_packs):
    planner = build_contact_planner(make_case(5), law_packs)
    planner.time.value = "22:30"
    planner.channel.value = "sms"
    planner.message.value = "老赖，再不还钱就曝光你"
    planner.add_button.click()
    planner.assess_button.click()
    # exposure announced as the price of not paying is also a threat (corpus labelling rule 2)
    assert planner.assessment.violated_rule_ids() == [
        "CN-CONTACT-HOURS",
        "CN-NO-EXPOSURE",
        "CN-NO-INSULT",
        "CN-NO-THREAT",
    ]
    assert "第六十八条" in planner.feedback.value  # insult rule cites Art. 68
    assert "应当怎么做" in planner.feedback.value


def test_letter_fields_come_from_the_pack(law_packs):
    planner = build_contact_planner(make_case(5), law_packs)
    keys = [key for _, key in planner.letter_fields.options]
    assert keys == list(law_packs[0].rule("CN-LETTER-FIELDS").params["required_fields"])
    planner.channel.value = "letter"
    planner.letter_fields.value = tuple(keys)
    planner.add_button.click()
    planner.assess_button.click()
    assert planner.assessment.compliant


def test_plan_is_kept_in_time_order_and_editing_clears_old_feedback(law_packs):
    planner = build_contact_planner(make_case(5), law_packs)
    for slot in ("15:00", "09:00"):
        planner.time.value = slot
        planner.add_button.click()
    assert [a.time.hour for a in planner.actions] == [9, 15]
    planner.assess_button.click()
    assert planner.feedback.value
    planner.undo_button.click()
    assert len(planner.actions) == 1 and planner.feedback.value == ""
    planner.clear_button.click()
    planner.assess_button.click()
    assert planner.assessment is None and "计划为空" in planner.feedback.value


def test_independent_instances(law_packs):
    case = make_case(5)
    first, second = build_contact_planner(case, law_packs), build_contact_planner(case, law_packs)
    first.add_button.click()
    assert len(first.actions) == 1 and second.actions == []


def test_agreed_extra_attempts_checkbox_reaches_the_engine(law_packs):
    planner = build_contact_planner(make_case(5), law_packs)
    planner.agreed_attempts.value = True
    planner.add_button.click()
    assert planner.actions[-1].debtor_agreed_to_attempts
