"""Same seed, same case, same score; and the engine never imports the widget layer."""

import json
import subprocess
import sys

from casebook.assess import evaluate
from casebook.synth import SCENARIOS, make_case
from tests.conftest import act


def test_same_seed_same_case():
    for scenario in SCENARIOS:
        assert (
            make_case(11, scenario).model_dump_json() == make_case(11, scenario).model_dump_json()
        )


def test_different_seeds_give_different_cases():
    dumps = {make_case(seed).model_dump_json() for seed in range(20)}
    assert len(dumps) == 20


def test_synthetic_identifiers_are_masked():
    for seed in range(30):
        case = make_case(seed)
        for contact in case.contacts:
            assert "****" in contact.phone
        assert "********" in case.debtor.id_masked and len(case.debtor.id_masked) == 18
        assert case.account.card_masked.count("****") == 2


def test_scenarios_set_up_what_they_promise(law_packs):
    call_sibling = [act("03-01 10:00", target="sibling", purpose="relay")]
    for seed in range(5):
        unreachable = make_case(seed, "unreachable")
        plan = [
            a.model_copy(update={"time": unreachable.as_of.replace(hour=10)}) for a in call_sibling
        ]
        assert evaluate(unreachable, plan, law_packs).compliant
        reachable = make_case(seed, "reachable")
        plan = [
            a.model_copy(update={"time": reachable.as_of.replace(hour=10)}) for a in call_sibling
        ]
        assert evaluate(reachable, plan, law_packs).violated_rule_ids() == [
            "CN-THIRD-PARTY-TRIGGER"
        ]
        agreed = make_case(seed, "agreement")
        plan = [act("03-01 10:00").model_copy(update={"time": agreed.as_of.replace(hour=10)})]
        assert evaluate(agreed, plan, law_packs).violated_rule_ids() == [
            "CN-INSTALMENT-STOP-COLLECTION"
        ]


def test_evaluate_is_pure(law_packs):
    case = make_case(3)
    plan = [act("03-05 07:00", message="老赖")]
    first = evaluate(case, plan, law_packs).model_dump_json()
    assert all(evaluate(case, plan, law_packs).model_dump_json() == first for _ in range(3))
    assert case.model_dump_json() == make_case(3).model_dump_json()


def test_engine_does_not_import_ipywidgets():
    code = (
        "import sys, json\n"
        "import casebook.assess, casebook.cli, casebook.synth, casebook.report, casebook.tables\n"
        "import casebook.policy.loader, casebook.io, casebook.plotting\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'ipywidgets', 'IPython'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
