"""The policy packs: what they must contain, and how a malformed pack is rejected."""

import shutil
from pathlib import Path

import pytest

from casebook.checks import REGISTRY
from casebook.policy.loader import PackError, builtin_pack_dir, load_pack, load_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Category, PackKind, Status


def test_law_pack_holds_only_verified_rules(law_packs):
    (pack,) = law_packs
    assert pack.meta.kind is PackKind.LAW
    assert {r.status for r in pack.rules} <= {Status.VERIFIED_PRIMARY, Status.VERIFIED_SECONDARY}
    assert all(r.id.startswith("CN-") for r in pack.rules)


def test_house_pack_is_separate_and_labelled():
    (house,) = load_packs(["house"])
    assert house.meta.kind is PackKind.HOUSE
    assert {r.status for r in house.rules} == {Status.HOUSE_POLICY}


def test_every_rule_has_citation_explanation_and_known_checker(all_packs):
    for pack in all_packs:
        for rule in pack.rules:
            assert rule.check in REGISTRY
            assert rule.citations and rule.citation.document and rule.citation.article
            assert len(rule.why) > 20 and len(rule.instead) > 20
            assert rule.category in Category


@pytest.mark.parametrize(
    ("rule_id", "key", "value"),
    [
        ("CN-CONTACT-HOURS", "start", "22:00"),  # not 21:00: that is the US window
        ("CN-CONTACT-HOURS", "end", "08:00"),
        ("CN-CALL-CONNECTED-DAILY", "max", 3),
        ("CN-CALL-UNANSWERED-DAILY", "max", 6),
        ("CN-INSTALMENT-TERM", "max_months", 60),
        ("CN-THIRD-PARTY-TRIGGER", "consecutive_failed_calls", 3),
    ],
)
def test_law_pack_parameters_match_the_reference(law_packs, rule_id, key, value):
    assert law_packs[0].rule(rule_id).params[key] == value


def test_article_68_is_not_quoted_as_banning_harassment(law_packs):
    for rule in law_packs[0].rules:
        for citation in rule.citations:
            if citation.article == "第六十八条":
                assert "骚扰" not in citation.quote


def test_letter_rule_lists_the_article_69_fields(law_packs):
    fields = law_packs[0].rule("CN-LETTER-FIELDS").params["required_fields"]
    assert set(fields.values()) == {
        "持卡人姓名",
        "欠款余额",
        "催收事由和相关法规",
        "持卡人相关权利和义务",
        "查询账户状态、还款、提出异议和提供相关证据的途径",
        "发卡银行联系方式",
        "相关业务公章",
    }


# --- malformed packs ---------------------------------------------------------------------


@pytest.fixture
def pack_copy(tmp_path) -> Path:
    target = tmp_path / "cn"
    shutil.copytree(builtin_pack_dir("cn"), target)
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


def test_copy_of_builtin_pack_loads(pack_copy):
    assert len(load_pack(pack_copy).rules) == len(load_packs(["cn"])[0].rules)


def test_wrong_param_type_names_file_line_rule_and_field(pack_copy):
    path = pack_copy / "01_contact.yaml"
    _replace(path, "max: 3", "max: three")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    (issue,) = err.value.issues
    assert issue.file.endswith("01_contact.yaml")
    assert issue.rule_id == "CN-CALL-CONNECTED-DAILY"
    assert issue.field == "params.max"
    assert issue.line == _line_of(path, "max: three")
    assert f"01_contact.yaml:{issue.line}: rule CN-CALL-CONNECTED-DAILY: field 'params.max'" in str(
        err.value
    )


def test_missing_field_and_bad_category(pack_copy):
    path = pack_copy / "04_records.yaml"
    _replace(path, "    category: 遵守法律法规\n", "    category: 其他\n")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    points: 15\n", "", 1), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    fields = {(i.rule_id, i.field) for i in err.value.issues}
    assert ("CN-RECORDING", "category") in fields
    assert ("CN-RECORDING", "points") in fields


def test_unknown_checker_and_invalid_regex(pack_copy):
    _replace(pack_copy / "01_contact.yaml", "check: forbidden_window", "check: no_such_check")
    _replace(pack_copy / "03_conduct.yaml", "matchers: [insult/*]", "phrases: ['老赖(|骗子']")
    _replace(
        pack_copy / "03_conduct.yaml",
        "matchers: [impersonate_authority/*, false_or_misleading/impersonated-status]",
        "matchers: [impersonate_authority/no-such-matcher]",
    )
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    messages = {(i.rule_id, i.field): i.message for i in err.value.issues}
    assert "unknown checker 'no_such_check'" in messages[("CN-CONTACT-HOURS", "check")]
    assert "invalid regular expression" in messages[("CN-NO-INSULT", "params.phrases")]
    # A wording rule is checked against the judge that enforces it.
    assert (
        "no matcher 'impersonate_authority/no-such-matcher'"
        in messages[("CN-NO-IMPERSONATION", "params.matchers.0")]
    )


def test_house_policy_status_is_refused_in_the_law_pack(pack_copy):
    _replace(pack_copy / "01_contact.yaml", "status: verified-secondary", "status: house-policy")
    with pytest.raises(PackError, match="a law pack holds verified rules only"):
        load_pack(pack_copy)


def test_duplicate_rule_ids_and_yaml_syntax_errors(pack_copy):
    _replace(pack_copy / "05_instalment.yaml", "id: CN-INSTALMENT-TERM", "id: CN-CONTACT-HOURS")
    (pack_copy / "99_broken.yaml").write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    text = str(err.value)
    assert "duplicate rule id" in text and "01_contact.yaml" in text
    assert "99_broken.yaml:" in text and "YAML syntax error" in text


def test_unknown_param_key_is_an_error_not_ignored(pack_copy):
    _replace(
        pack_copy / "05_instalment.yaml", "max_months: 60", "max_months: 60\n      max_years: 5"
    )
    with pytest.raises(PackError, match=r"params\.max_years"):
        load_pack(pack_copy)


def test_clashing_ids_across_packs(pack_copy):
    _replace(pack_copy / "pack.yaml", "id: cn-law", "id: cn-copy")
    with pytest.raises(PackError, match="also defined in pack"):
        load_packs(["cn", pack_copy])


def test_missing_header(tmp_path):
    with pytest.raises(PackError, match=r"pack\.yaml not found"):
        load_pack(tmp_path)


def test_registry_mapping_reads_params_by_checker(law_packs, all_packs):
    fields = law_packs.mapping("letter_fields", "required_fields")
    assert fields == law_packs[0].rule("CN-LETTER-FIELDS").params["required_fields"]
    assert all_packs.mapping("instalment_contents", "required_items")["no_new_card_commitment"]
    assert law_packs.mapping("no_such_check", "x") == {}


def test_registry_finds_rules_and_params_across_packs(all_packs):
    house = all_packs.rule("HOUSE-VISIT-DAILY")
    assert all_packs.pack_of(house.id).meta.kind == "house"
    assert all_packs.get("CN-NO-SUCH") is None and not all_packs.has("CN-NO-SUCH")
    with pytest.raises(KeyError, match="CN-NO-SUCH"):
        all_packs.rule("CN-NO-SUCH")
    daily = all_packs.rules_for("daily_count_limit")
    assert {r.id for r in daily} >= {"CN-CALL-CONNECTED-DAILY", "HOUSE-VISIT-DAILY"}
    assert [r.id for r in all_packs.rules] == [r.id for p in all_packs for r in p.rules]
    first = daily[0]
    assert all_packs.params_for("daily_count_limit") is all_packs[0].params[first.id]
    assert PackRegistry.of(all_packs) is all_packs
    assert PackRegistry.of(list(all_packs)).rule(house.id) == house


def test_registry_rejects_a_rule_id_defined_in_two_packs(law_packs):
    with pytest.raises(PackError, match="also defined in pack 'cn-law'"):
        PackRegistry([law_packs[0], law_packs[0]])


# --- verification status per citation (issue 11) ------------------------------------------


def test_every_citation_carries_its_own_status(all_packs):
    for pack in all_packs:
        for rule in pack.rules:
            for citation in rule.citations:
                assert citation.status in Status, (rule.id, citation.short())


def test_the_same_article_has_one_status_in_every_rule(all_packs):
    seen: dict[tuple[str, str], tuple[Status, str]] = {}
    for pack in all_packs:
        for rule in pack.rules:
            for citation in rule.citations:
                key = (citation.document, citation.article)
                if key in seen:
                    assert seen[key][0] is citation.status, (key, seen[key][1], rule.id)
                seen[key] = (citation.status, rule.id)


def test_rule_status_is_the_weakest_of_its_citations(law_packs):
    pack = law_packs[0]
    threat = pack.rule("CN-NO-CRIMINAL-THREAT")
    statuses = [c.status for c in threat.citations]
    assert Status.VERIFIED_PRIMARY in statuses and Status.VERIFIED_SECONDARY in statuses
    assert threat.status is Status.VERIFIED_SECONDARY
    assert threat.citation.status is Status.VERIFIED_PRIMARY


def test_citation_without_status_is_rejected_with_its_field(pack_copy):
    path = pack_copy / "01_contact.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        status: verified-secondary\n", "", 1), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    (issue,) = err.value.issues
    assert issue.field == "citations.0.status"


def test_house_policy_citation_in_a_law_pack_names_the_citation(pack_copy):
    path = pack_copy / "01_contact.yaml"
    _replace(path, "        status: verified-secondary\n", "        status: house-policy\n")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    (issue,) = err.value.issues
    assert issue.field == "citations.0.status" and issue.line == _line_of(path, "house-policy")


def test_unreachable_days_reading_is_labelled_in_pack_and_book(law_packs):
    note = law_packs[0].rule("CN-THIRD-PARTY-TRIGGER").citation.note
    assert "本书的理解" in note and "次日" in note
    book = (Path(__file__).resolve().parent.parent / "book" / "compliance.md").read_text("utf-8")
    assert "「连续 3 天」怎么算，**本书的理解**" in book


def test_no_text_turns_the_connected_cap_into_a_three_call_plan_limit(law_packs):
    """The rules are ≤ 3 connected calls and ≤ 6 unanswered attempts; a plan is not capped
    at 3 calls (issue 11)."""
    root = Path(__file__).resolve().parent.parent
    texts = [r.instead + r.why for r in law_packs[0].rules]
    texts.append((root / "book" / "compliance.md").read_text(encoding="utf-8"))
    texts.append((root / "notebooks" / "contact_planner.ipynb").read_text(encoding="utf-8"))
    for text in texts:
        assert "不要超过 3 通" not in text and "超过 3 通电话" not in text
        assert "可能全部接通" not in text
    connected = law_packs[0].rule("CN-CALL-CONNECTED-DAILY").params
    unanswered = law_packs[0].rule("CN-CALL-UNANSWERED-DAILY").params
    assert (connected["pending"], unanswered["pending"]) == ("after_cap", "count")


# --- citations that refer to the source registry (issue 12) -------------------------------


def test_a_ref_citation_takes_its_fields_from_the_registry(law_packs):
    scope = law_packs.rule("CN-TARGET-SCOPE").citation
    insult = law_packs.rule("CN-NO-INSULT").citation
    assert scope == insult  # Art. 68 is written once and cited by both
    assert scope.id == "REF-MEASURES-68" and scope.article == "第六十八条"
    assert "不得对与债务无关的第三人进行催收" in scope.quote
    # a rule may add its own reading to a registry source, without retyping the quote
    eligibility = law_packs.rule("CN-INSTALMENT-ELIGIBILITY").citation
    assert eligibility.id == "REF-MEASURES-70-ELIGIBILITY" and "本书的理解" in eligibility.note


def test_unknown_ref_names_file_line_rule_and_citation(pack_copy):
    path = pack_copy / "05_instalment.yaml"
    _replace(path, "- ref: REF-MEASURES-70-TERM", "- ref: REF-MEASURES-70-TREM")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    (issue,) = err.value.issues
    assert issue.rule_id == "CN-INSTALMENT-TERM" and issue.field == "citations.0"
    assert "unknown source id 'REF-MEASURES-70-TREM'" in issue.message
    assert issue.line == _line_of(path, "REF-MEASURES-70-TREM")


def test_a_ref_citation_may_not_retype_the_source(pack_copy):
    path = pack_copy / "05_instalment.yaml"
    _replace(
        path,
        "- ref: REF-MEASURES-70-TERM\n",
        "- ref: REF-MEASURES-70-TERM\n        quote: 个性化分期还款协议的最长期限不得超过6年。\n",
    )
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    (issue,) = err.value.issues
    assert issue.rule_id == "CN-INSTALMENT-TERM" and "only 'note' may be added" in issue.message


def test_a_figure_status_is_not_a_citable_source(pack_copy):
    path = pack_copy / "01_contact.yaml"
    _replace(path, "        status: verified-secondary\n", "        status: sample\n")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    messages = [i.message for i in err.value.issues]
    assert any("marks a figure, not a source" in m for m in messages), messages
