"""Synthetic people: names agree with their gender, the honorific and 他/她 (issue 11)."""

import pytest

from casebook.drills.draw import case_values
from casebook.synth import GIVEN_NAMES, SCENARIOS, make_case

SEEDS = range(300)

# Given names no reader would take for the other gender (written here, not taken from the
# generator's lists, so the test does not agree with the code by construction).
CLEARLY_FEMALE = {
    "婷婷",
    "秀英",
    "桂英",
    "秀兰",
    "红霞",
    "丽",
    "娜",
    "芳",
    "燕",
    "丹丹",
    "玉兰",
    "桂芳",
}
CLEARLY_MALE = {"伟", "强", "刚", "建国", "建军", "志强", "勇", "军", "鹏", "斌", "浩", "帅"}
SISTERS = {"姐姐", "妹妹"}


@pytest.fixture(scope="module")
def cases():
    return [make_case(seed, scenario) for seed in SEEDS for scenario in SCENARIOS]


def test_gendered_name_lists_do_not_overlap():
    assert not set(GIVEN_NAMES["男"]) & set(GIVEN_NAMES["女"])
    assert "红霞" not in GIVEN_NAMES["男"]  # listed by Faker as male


def test_debtor_name_matches_gender_honorific_and_pronoun(cases):
    genders = set()
    for case in cases:
        name, gender = case.debtor.name, case.debtor.gender
        genders.add(gender)
        surname, given = name[0], name[1:]
        assert given in GIVEN_NAMES[gender], (case.case_id, name, gender)
        if gender == "男":
            assert given not in CLEARLY_FEMALE, (case.case_id, name)
        else:
            assert given not in CLEARLY_MALE, (case.case_id, name)
        values = case_values(case)
        assert values["debtor"] == name
        assert values["debtor_title"] == surname + ("先生" if gender == "男" else "女士")
        assert values["ta"] == ("他" if gender == "男" else "她")
    assert genders == {"男", "女"}


def test_sibling_name_matches_the_relation_and_shares_the_surname(cases):
    for case in cases:
        sibling = next(c for c in case.contacts if c.id == "sibling")
        gender = "女" if sibling.relation in SISTERS else "男"
        assert sibling.name[0] == case.debtor.name[0]
        assert sibling.name[1:] in GIVEN_NAMES[gender], (case.case_id, sibling)
        assert sibling.name != case.debtor.name


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_person_has_a_one_character_surname_and_a_listed_given_name(seed):
    everyone = set(GIVEN_NAMES["男"]) | set(GIVEN_NAMES["女"])
    for scenario in SCENARIOS:
        for contact in make_case(seed, scenario).contacts:
            assert contact.name[1:] in everyone, contact


def test_judicial_case_file_cardholder_name_matches_gender():
    """The model documents' case file draws names the same way (it used Faker's mixed lists)."""
    from casebook.documents.casefile import make_judicial_case

    for seed in range(200):
        holder = make_judicial_case(seed).cardholder
        assert holder.name[1:] in GIVEN_NAMES[holder.gender], (seed, holder.name, holder.gender)
