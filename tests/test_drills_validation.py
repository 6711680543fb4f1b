"""Malformed drill data is rejected with errors naming the file, line, item id and field."""

import shutil
from pathlib import Path

import pytest

from casebook.drills import DrillError, load_bank
from casebook.drills.loader import builtin_drill_dir
from casebook.policy.loader import load_packs
from casebook.sources import builtin_sources_dir, load_sources


@pytest.fixture
def bank_copy(tmp_path) -> Path:
    target = tmp_path / "drills"
    shutil.copytree(builtin_drill_dir(), target)
    return target


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _issue(exc: pytest.ExceptionInfo, field_part: str):
    matches = [i for i in exc.value.issues if i.field and field_part in i.field]
    assert matches, [str(i) for i in exc.value.issues]
    return matches[0]


def test_the_copy_is_valid(bank_copy):
    assert len(load_bank(bank_copy).items) >= 40


def test_unknown_rule_id_names_file_line_item_and_field(bank_copy):
    path = bank_copy / "level1_basic.yaml"
    _replace(path, "rule: CN-RECORDING", "rule: CN-NO-SUCH-RULE")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "rule")
    assert issue.file == str(path)
    assert issue.item_id == "D-CH-02"
    assert issue.field == "options.0.rule"
    assert "unknown rule id 'CN-NO-SUCH-RULE'" in issue.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "CN-NO-SUCH-RULE" in lines[issue.line - 1]
    assert str(issue).startswith(f"{path}:{issue.line}: item D-CH-02: field 'options.0.rule'")


def test_unknown_reference_is_an_error(bank_copy):
    _replace(bank_copy / "level2_intermediate.yaml", "ref: REF-CPL-90", "ref: REF-CPL-999")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "ref")
    assert issue.item_id == "D-JD-06" and "REF-CPL-999" in issue.message


def test_an_unverified_source_cannot_be_cited(bank_copy):
    """The registry also holds unverified sources and the book's readings: drills may not
    cite them (only verified facts are stated as law)."""
    path = bank_copy / "level2_intermediate.yaml"
    _replace(path, "ref: REF-CPL-90", "ref: REF-FEES-15-16-ONCE")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "ref")
    assert issue.item_id == "D-JD-06" and issue.file == str(path)
    assert "'unverified'" in issue.message and "verified sources only" in issue.message
    assert "REF-FEES-15-16-ONCE" in path.read_text(encoding="utf-8").splitlines()[issue.line - 1]


def test_a_source_downgraded_in_the_registry_is_rejected_where_a_drill_cites_it(
    bank_copy, tmp_path
):
    sources_dir = tmp_path / "sources"
    shutil.copytree(builtin_sources_dir(), sources_dir)
    _replace(
        sources_dir / "measures_2011.yaml",
        "status: verified-secondary\n  quote: 发卡银行应当建立",
        "status: unverified\n  quote: 发卡银行应当建立",
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy, sources=load_sources(sources_dir))
    issue = _issue(exc, "ref")
    assert "REF-MEASURES-66" in issue.message and issue.file.startswith(str(bank_copy))


def test_unknown_placeholder_is_an_error(bank_copy):
    _replace(
        bank_copy / "level1_basic.yaml", "question: 怎么办？", "question: 怎么办{debtors_cat}？"
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "question")
    assert issue.item_id == "D-CH-02" and "debtors_cat" in issue.message


def test_item_without_a_correct_option_is_rejected(bank_copy):
    path = bank_copy / "level1_basic.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: D-CP-02")
    end = text.index("- id: D-CP-03")
    # Turn the correct option wrong, with the advice every wrong option must carry, so the
    # only problem left is the missing correct answer.
    block = text[start:end].replace(
        "correct: true", "correct: false\n        instead: 改为联系本人以外的人。"
    )
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    (issue,) = [i for i in exc.value.issues if i.item_id == "D-CP-02"]
    assert "at least one option must be correct" in issue.message


def test_wrong_option_with_a_rule_must_still_say_instead(bank_copy):
    """The rule's generic advice is no longer a fallback: each wrong option answers itself."""
    _replace(
        bank_copy / "level1_basic.yaml",
        "        instead: >-\n"
        "          今晚不打。把这通电话排在明天 08:00 以后，先问清{ta}昨天答应的还款为什么没有到账，"
        "再约定新的还款时间。\n",
        "",
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "options.0")
    assert issue.item_id == "D-CH-01" and "'instead'" in issue.message


def test_instead_may_not_repeat_the_rules_generic_advice(bank_copy):
    generic = load_packs(["cn"])[0].rule("CN-CONTACT-HOURS").instead
    _replace(
        bank_copy / "level1_basic.yaml",
        "今晚不打。把这通电话排在明天 08:00 以后，先问清{ta}昨天答应的还款为什么没有到账，"
        "再约定新的还款时间。",
        generic,
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "options.0.instead")
    assert issue.item_id == "D-CH-01" and "generic" in issue.message
    assert issue.line is not None


def test_two_options_may_not_share_feedback(bank_copy):
    _replace(
        bank_copy / "level1_basic.yaml",
        "        feedback: 禁止时段不只管电话：短信、电子邮件、上门同样不得在 22:00 至次日 08:00 进行。\n",
        "        feedback: >-\n"
        "          22:30 落在 22:00 至次日 08:00 的禁止时段内。{ta}没有同意在这个时间联系，打电话就是违规，\n"
        "          还会让{ta}以被打扰为由投诉。\n",
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    (issue,) = [i for i in exc.value.issues if i.item_id == "D-CH-01"]
    assert "same 'feedback'" in issue.message


def test_wrong_option_without_rule_must_say_instead(bank_copy):
    _replace(
        bank_copy / "level1_basic.yaml",
        "        instead: 把回收金额和合规质检（录音抽查、投诉率）、服务质量等指标放在一起考核。\n",
        "",
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "options.0")
    assert issue.item_id == "D-EF-01" and "instead" in issue.message


def test_duplicate_item_id_across_files(bank_copy):
    _replace(bank_copy / "level2_intermediate.yaml", "- id: D-CH-05", "- id: D-CH-01")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "id")
    assert issue.item_id == "D-CH-01" and "level1_basic.yaml" in issue.message


def test_item_difficulty_must_match_its_file(bank_copy):
    _replace(
        bank_copy / "level2_intermediate.yaml",
        "difficulty: 进阶\n    topic: 打了六次都没接",
        "difficulty: 高级\n    topic: 打了六次都没接",
    )
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    issue = _issue(exc, "difficulty")
    assert issue.item_id == "D-CH-05" and "进阶" in issue.message


def test_unknown_area_and_scenario_are_errors(bank_copy):
    path = bank_copy / "level1_basic.yaml"
    _replace(path, "area: 催收途径", "area: 催收技巧")
    _replace(path, "scenario: unreachable", "scenario: vanished")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    fields = {(i.item_id, i.field) for i in exc.value.issues}
    assert ("D-CH-01", "area") in fields
    assert ("D-CH-04", "case.scenario") in fields


def test_yaml_syntax_error_names_the_line(bank_copy):
    path = bank_copy / "level3_advanced.yaml"
    path.write_text("difficulty: 高级\nitems:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DrillError) as exc:
        load_bank(bank_copy)
    (issue,) = exc.value.issues
    assert (
        issue.file == str(path) and issue.line is not None and "YAML syntax error" in issue.message
    )
