"""The QA loader names the file, the line, the item and the field of every problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.qa.loader import QAError, builtin_qa_dir, load_qa


@pytest.fixture()
def qa_dir(tmp_path) -> Path:
    target = tmp_path / "qa"
    shutil.copytree(builtin_qa_dir(), target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(directory: Path) -> list[str]:
    with pytest.raises(QAError) as caught:
        load_qa(directory)
    return [str(issue) for issue in caught.value.issues]


def line_of(path: Path, needle: str) -> int:
    return next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    )


def test_the_builtin_content_loads():
    qa = load_qa()
    assert len(qa.transcripts) >= 10 and len(qa.form.items) >= 10


def test_form_points_must_sum_to_100(qa_dir):
    form = qa_dir / "form.yaml"
    edit(form, "    points: 5\n    per_fault: 3\n", "    points: 6\n    per_fault: 3\n")
    found = problems(qa_dir)
    assert len(found) == 1
    assert found[0].startswith(f"{form}:") and "field 'items'" in found[0]
    assert "must sum to 100, found 101" in found[0]


def test_unknown_rule_in_the_form_names_item_and_line(qa_dir):
    form = qa_dir / "form.yaml"
    edit(form, "rules: [CALL-VERIFY-IDENTITY]", "rules: [CALL-NO-SUCH-RULE]")
    found = problems(qa_dir)
    assert (
        f"{form}:{line_of(form, 'CALL-NO-SUCH-RULE')}: item verify: field 'items[0].rules[0]': "
        "unknown rule id 'CALL-NO-SUCH-RULE'"
    ) in "\n".join(found)
    # The transcripts citing the standard under that item are now flagged too.
    assert any("qa-03-no-verify" in p and "cites ['CALL-VERIFY-IDENTITY']" in p for p in found)


def test_unknown_form_item_on_a_turn(qa_dir):
    path = qa_dir / "transcripts" / "qa-03-no-verify.yaml"
    edit(path, "items: [commitment]", "items: [promise]")
    found = problems(qa_dir)
    where = f"{path}:{line_of(path, 'items: [promise]')}: item qa-03-no-verify"
    assert any(p.startswith(where) and "turns[12].items[0]" in p for p in found), found
    assert any("unknown form item 'promise'" in p for p in found)


def test_reference_score_must_follow_from_the_marks(qa_dir):
    path = qa_dir / "transcripts" / "qa-08-overpromise.yaml"
    edit(path, "  score: 87", "  score: 90")
    (found,) = problems(qa_dir)
    assert found.startswith(f"{path}:{line_of(path, '  score: 90')}: item qa-08-overpromise")
    assert "field 'reference.score'" in found and "give a score of 87, not 90" in found


def test_reference_deductions_must_follow_from_the_marks(qa_dir):
    path = qa_dir / "transcripts" / "qa-08-overpromise.yaml"
    edit(
        path,
        "deductions: {authority: 10, listening: 3}",
        "deductions: {authority: 5, listening: 3}",
    )
    (found,) = problems(qa_dir)
    assert "field 'reference.deductions'" in found
    assert "{'authority': 10, 'listening': 3}" in found


def test_a_red_line_mark_without_a_zero_score_is_caught(qa_dir):
    path = qa_dir / "transcripts" / "qa-04-family-disclosure.yaml"
    edit(path, "  score: 0", "  score: 80")
    (found,) = problems(qa_dir)
    assert "give a score of 0, not 80" in found


def test_grade_must_match_the_items_lost(qa_dir):
    path = qa_dir / "transcripts" / "qa-13-mixed-soft.yaml"
    edit(
        path,
        "    grade: compliant_ineffective\n    text: 您好",
        "    grade: violating\n    text: 您好",
    )
    (found,) = problems(qa_dir)
    assert "field 'turns[0].grade'" in found
    assert "only service item(s) ['opening']: its grade must be 'compliant_ineffective'" in found


def test_a_turn_cites_only_its_items_rules(qa_dir):
    path = qa_dir / "transcripts" / "qa-09-missed-dispute.yaml"
    edit(path, "    rules: [CN-DISPUTE-HOLD]\n", "    rules: [CN-NO-THREAT]\n")
    (found,) = problems(qa_dir)
    assert "field 'turns[6].rules'" in found and "cites ['CN-NO-THREAT']" in found


def test_turn_numbers_and_placeholders(qa_dir):
    path = qa_dir / "transcripts" / "qa-12-complaint-blocked.yaml"
    edit(path, "  - n: 4\n", "  - n: 5\n")
    other = qa_dir / "transcripts" / "qa-13-mixed-soft.yaml"
    edit(other, "text: 7781，南山区。", "text: 7781，{district}。")
    edit(other, "debtor: 任", "debtor: 任\n  caller: 王")
    found = problems(qa_dir)
    assert len(found) == 2, found
    assert any(f"{path}:" in p and "numbered 1, 2, 3" in p and "[1, 2, 3, 5, 5" in p for p in found)
    assert any(f"{other}:" in p and "'{district}'" in p and "not declared" in p for p in found), (
        found
    )


def test_declared_placeholders_must_be_used(qa_dir):
    other = qa_dir / "transcripts" / "qa-13-mixed-soft.yaml"
    edit(other, "debtor: 任", "debtor: 任\n  caller: 王")
    (found,) = problems(qa_dir)
    assert "declared placeholder(s) ['caller'] are never used" in found


def test_only_collector_turns_carry_marks(qa_dir):
    path = qa_dir / "transcripts" / "qa-12-complaint-blocked.yaml"
    edit(
        path,
        "    speaker: debtor\n    text: 6604，东湖区。",
        "    speaker: debtor\n    items: [verify]\n    text: 6604，东湖区。",
    )
    (found,) = problems(qa_dir)
    assert "field 'turns[3]'" in found and "only collector turns carry items" in found


def test_yaml_errors_and_id_mismatch_name_the_file(qa_dir):
    broken = qa_dir / "transcripts" / "qa-06-threat.yaml"
    broken.write_text("id: qa-06-threat\nturns: [\n", encoding="utf-8")
    renamed = qa_dir / "transcripts" / "qa-99-renamed.yaml"
    shutil.copy(qa_dir / "transcripts" / "qa-01-clean-payday.yaml", renamed)
    found = problems(qa_dir)
    assert any(p.startswith(f"{broken}:") and "YAML syntax error" in p for p in found), found
    assert any(
        p.startswith(f"{renamed}:") and "must match the file name 'qa-99-renamed'" in p
        for p in found
    ), found


def test_a_missing_form_is_reported(qa_dir):
    (qa_dir / "form.yaml").unlink()
    found = problems(qa_dir)
    assert any(p.startswith(str(qa_dir / "form.yaml")) and "file not found" in p for p in found)
