"""Same seed, same case, same score; and the engine never imports the widget layer."""

import json
import subprocess
import sys

from casebook.assess import evaluate
from casebook.synth import SCENARIOS, make_case
from tests.conftest import act

# Seed 11, pinned literally: a case that depended on set order, the salted hash() or the
# clock would differ here (comparing two calls in one process could not show that).
SEED_11 = {
    "unreachable": (
        "SYN-00011-UNR",
        ("孙成", "男", 31, "浙江省杭州市", "销售主管", "569585********3797"),
        [
            ("本人", "孙成", "151****5080"),
            ("妹妹", "孙淑英", "186****3272"),
            ("同事", "林玉珍", "136****7754"),
        ],
        ("2026-03-15T09:00:00", 58, "6225 **** **** 5168", 20000.0, 16746.64, 485.65, 500.0),
        [
            ("2026-03-13T10:22:00", "no_answer"),
            ("2026-03-13T16:29:00", "no_answer"),
            ("2026-03-14T11:28:00", "no_answer"),
        ],
        None,
    ),
    "reachable": (
        "SYN-00011-REA",
        ("孙成", "男", 39, "陕西省西安市", "个体店主", "225737********219X"),
        [
            ("本人", "孙成", "158****1204"),
            ("哥哥", "孙楠", "151****3478"),
            ("同事", "孙玉珍", "151****3562"),
        ],
        ("2026-03-14T09:00:00", 36, "6225 **** **** 7271", 80000.0, 74629.51, 1343.33, 500.0),
        [("2026-03-13T10:42:00", "connected")],
        None,
    ),
    "agreement": (
        "SYN-00011-AGR",
        ("孙桂花", "女", 44, "湖南省长沙市", "工程师", "565201********5182"),
        [
            ("本人", "孙桂花", "139****3014"),
            ("姐姐", "孙淑英", "136****9668"),
            ("同事", "林玉珍", "138****8772"),
        ],
        ("2026-03-04T09:00:00", 55, "6225 **** **** 8516", 30000.0, 23207.62, 638.21, 500.0),
        [],
        24,
    ),
}


def test_same_seed_same_case():
    for scenario in SCENARIOS:
        c = make_case(11, scenario)
        d, a = c.debtor, c.account
        assert (
            c.case_id,
            (d.name, d.gender, d.age, d.city, d.occupation, d.id_masked),
            [(x.relation, x.name, x.phone) for x in c.contacts],
            (
                c.as_of.isoformat(),
                c.days_past_due,
                a.card_masked,
                a.credit_limit,
                a.principal,
                a.interest,
                a.fees,
            ),
            [(h.time.isoformat(), h.outcome.value) for h in c.history],
            c.agreement and c.agreement.term_months,
        ) == SEED_11[scenario]


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
        "import casebook.assess, casebook.cli, casebook.synth, casebook.render, casebook.tables\n"
        "import casebook.policy.loader, casebook.io, casebook.plotting\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'ipywidgets', 'IPython'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
