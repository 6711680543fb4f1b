"""The shipped examples and the command-line contracts."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.assess import evaluate
from casebook.cli import main
from casebook.io import load_action_log, load_case
from tests.conftest import EXAMPLES

CASE = EXAMPLES / "case_unreachable_debtor.json"
CLEAN = EXAMPLES / "plan_clean.json"
BAD = EXAMPLES / "plan_violations.json"

# (action number as shown to trainees, rule id)
EXPECTED_BAD = [
    (1, "CN-CONTACT-HOURS"),
    # 「这么早打给你是因为你一直不接电话」 at 07:30: the learned layer alone, marked for review
    # (its score sits near the 0.9 flag and has moved across it as the dev split grew)
    (1, "CN-NO-HARASSMENT"),
    (2, "CN-NO-THREAT"),
    (3, "CN-NO-CRIMINAL-THREAT"),
    (4, "CN-TARGET-SCOPE"),
    (4, "CN-THIRD-PARTY-NO-DISCLOSURE"),
    (4, "CN-THIRD-PARTY-TRIGGER"),  # the debtor answered at 09:00, so is reachable again
    (5, "CN-THIRD-PARTY-TRIGGER"),
    (6, "CN-THIRD-PARTY-STOP"),
    (6, "CN-THIRD-PARTY-TRIGGER"),
    (7, "CN-RECORDING"),
    (8, "CN-CALL-CONNECTED-DAILY"),
    (8, "CN-INSTALMENT-TERM"),
    (9, "CN-LETTER-FIELDS"),
]


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_example_is_compliant(law_packs):
    result = evaluate(load_case(CASE), load_action_log(CLEAN).actions, law_packs)
    assert result.compliant and result.violations == []
    assert result.score.compliance == 100


def test_violations_example_exact_findings(law_packs):
    result = evaluate(load_case(CASE), load_action_log(BAD).actions, law_packs)
    found = [(v.action_index + 1, v.rule_id) for v in result.violations]
    assert found == EXPECTED_BAD
    assert len(result.violated_rule_ids()) >= 5
    assert result.score.compliance == 0


def test_policy_list_json_contract(capsys):
    code, out, _ = run_cli(capsys, "policy", "list", "--json")
    assert code == 0
    rules = json.loads(out)
    assert isinstance(rules, list) and len(rules) >= 15
    for rule in rules:
        assert {"id", "title", "category", "status", "params", "citation"} <= set(rule)
        assert {"document", "article", "quote"} <= set(rule["citation"])
    hours = next(r for r in rules if r["id"] == "CN-CONTACT-HOURS")
    assert hours["params"]["start"] == "22:00" and hours["status"] == "verified-secondary"


def test_policy_list_with_house_overlay(capsys):
    _, out, _ = run_cli(capsys, "policy", "list", "--pack", "cn", "--pack", "house", "--json")
    statuses = {r["id"]: r["status"] for r in json.loads(out)}
    assert statuses["HOUSE-CONTACT-HOURS-21"] == "house-policy"


def test_assess_json_matches_engine(capsys):
    code, out, _ = run_cli(capsys, "assess", str(CASE), str(BAD), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["compliant"] is False
    assert [(v["action_index"] + 1, v["rule_id"]) for v in data["violations"]] == EXPECTED_BAD
    first = data["violations"][0]
    assert {"rule_id", "action_index", "detail", "why", "instead", "citation", "citations"} <= set(
        first
    )
    assert set(data["score"]) == {"compliance", "effectiveness", "cost", "total"}


def test_assess_text_output(capsys):
    code, out, _ = run_cli(capsys, "assess", str(CASE), str(CLEAN))
    assert code == 0 and "发现 0 处违规" in out


def test_bad_action_file_names_file_and_field(capsys, tmp_path):
    broken = tmp_path / "plan.json"
    data = json.loads(BAD.read_text(encoding="utf-8"))
    data["actions"][2]["time"] = "昨天下午"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli(capsys, "assess", str(CASE), str(broken), "--json")
    assert code == 2 and out == ""
    assert str(broken) in err and "actions[2].time" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "invalid JSON"),
        ('{"case_id": "OTHER", "actions": []}', "action log is for case"),
    ],
)
def test_other_bad_inputs(capsys, tmp_path, content, expected):
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run_cli(capsys, "assess", str(CASE), str(path))
    assert code == 2 and expected in err and str(path) in err


def test_unknown_contact_in_plan(capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(
        '{"actions": [{"time": "2026-03-05T10:00:00", "channel": "phone", "target": "boss"}]}',
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "assess", str(CASE), str(path))
    assert code == 2 and "boss" in err


def test_missing_file(capsys, tmp_path):
    code, _, err = run_cli(capsys, "assess", str(tmp_path / "none.json"), str(CLEAN))
    assert code == 2 and "file not found" in err


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "casebook"
    result = subprocess.run(
        [str(script), "policy", "list", "--json"], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout)[0]["id"].startswith("CN-")
