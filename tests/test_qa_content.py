"""The QA content: the form sums to 100, the transcripts cover the faults, references add up.

The form's points and each transcript's reference score are recomputed here from the raw
YAML (not through the package's scoring), so a wrong reference or a wrong scorer fails.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from casebook.qa.loader import builtin_qa_dir, default_qa
from casebook.qa.schema import FAULT_TYPES, MAX_TURNS, MIN_TURNS
from casebook.qa.scoring import score_deductions, score_marks
from casebook.qa.variants import fill, surface_values, written_values

QA_DIR = builtin_qa_dir()
RAW_FORM = yaml.safe_load((QA_DIR / "form.yaml").read_text(encoding="utf-8"))
RAW_TRANSCRIPTS = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in sorted((QA_DIR / "transcripts").glob("*.yaml"))
}


def test_the_form_sums_to_100_with_compliance_and_service_items():
    items = RAW_FORM["items"]
    assert sum(i["points"] for i in items) == 100
    groups = Counter(i["group"] for i in items)
    assert set(groups) == {"compliance", "service"}
    for item in items:
        assert item["earns"] and item["loses"] and item["basis"]
        assert 0 < item["per_fault"] <= item["points"]


def test_red_lines_are_data_and_zero_the_call():
    red = {i["id"] for i in RAW_FORM["items"] if i.get("red_line")}
    assert red == {"privacy", "conduct", "truthful", "crisis"}
    assert "0 分" in RAW_FORM["red_line_rule"]
    form = default_qa().form
    assert score_deductions(form, {"privacy": 10}).total == 0
    assert score_deductions(form, {"verify": 10, "opening": 3}).total == 87


def test_items_without_rules_are_labelled_house_policy_and_cited_rules_resolve():
    qa = default_qa()
    for item in RAW_FORM["items"]:
        if not item.get("rules"):
            assert item["basis"].startswith("行内政策"), item["id"]
        for rule in item.get("rules", []):
            assert rule in qa.rules, rule
    # Items citing only house-policy standards never present them as law.
    for item in qa.form.items:
        for rule in item.rules:
            if qa.rule(rule).status.value == "house-policy":
                assert qa.rule(rule).title.startswith("（行内政策）")


def test_at_least_ten_transcripts_cover_every_fault_type_and_two_clean_calls():
    assert len(RAW_TRANSCRIPTS) >= 10
    faults = Counter(f for t in RAW_TRANSCRIPTS.values() for f in t["faults"])
    required = {
        "no-verify",
        "disclosure",
        "pressure",
        "overpromise",
        "missed-dispute",
        "poor-empathy",
        "crisis",
        "complaint",
    }
    assert required <= set(faults)
    assert faults["clean"] >= 2
    assert set(faults) <= set(FAULT_TYPES)


@pytest.mark.parametrize("transcript_id", sorted(RAW_TRANSCRIPTS))
def test_transcript_shape_and_reference_score_recomputed(transcript_id):
    raw = RAW_TRANSCRIPTS[transcript_id]
    turns = raw["turns"]
    assert MIN_TURNS <= len(turns) <= MAX_TURNS
    assert 15 <= len(turns) <= 40
    assert [t["n"] for t in turns] == list(range(1, len(turns) + 1))
    items = {i["id"]: i for i in RAW_FORM["items"]}
    faults = Counter(item for t in turns for item in t.get("items", []))
    deductions = {
        i: min(items[i]["points"], items[i]["per_fault"] * count) for i, count in faults.items()
    }
    assert {k: v for k, v in raw["reference"]["deductions"].items() if v} == deductions
    vetoed = any(items[i].get("red_line") for i in deductions)
    expected = 0 if vetoed else 100 - sum(deductions.values())
    assert raw["reference"]["score"] == expected
    # The package's scorer agrees with this independent computation.
    t = default_qa().transcript(transcript_id)
    assert score_marks(default_qa().form, t.marks()).total == expected
    # Only collector turns are marked; every marked turn says what to say instead.
    for turn in turns:
        if turn.get("items"):
            assert turn["speaker"] == "collector" and turn["better"] and turn["note"]
    assert ("clean" in raw["faults"]) == (not deductions)


PHONE_OR_ID = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{15,18}(?!\d)")


@pytest.mark.parametrize("transcript_id", sorted(RAW_TRANSCRIPTS))
def test_transcripts_are_synthetic_no_full_numbers_and_placeholders_fill(transcript_id):
    qa = default_qa()
    t = qa.transcript(transcript_id)
    for values in (written_values(t), surface_values(t, qa.surface, 12345)):
        for text in t.texts():
            filled = fill(text, values)
            assert "{" not in filled and "}" not in filled
            assert not PHONE_OR_ID.search(filled), filled


def test_surface_values_are_deterministic_and_vary_with_the_seed():
    qa = default_qa()
    t = qa.transcript("qa-05-colleague-disclosure")
    a = surface_values(t, qa.surface, 7)
    assert a == surface_values(t, qa.surface, 7)
    assert a["debtor"] != a["colleague"]
    seen = {tuple(surface_values(t, qa.surface, s).values()) for s in range(20)}
    assert len(seen) > 10
    # Amounts keep their order when scaled (one factor per variant).
    t = qa.transcript("qa-09-missed-dispute")
    for seed in range(30):
        v = surface_values(t, qa.surface, seed)
        amount = {k: int(v[k].replace(",", "")) for k in t.amounts}
        assert amount["balance"] > amount["disputed"] > amount["partial"]


def test_the_book_example_is_in_no_exercise():
    from casebook.grading.catalog import default_catalog
    from casebook.qa.render import BOOK_EXAMPLE

    used = set()
    for exercise in default_catalog().values():
        if exercise.kind == "qa_review":
            used |= {exercise.params.practice, *exercise.params.pool}
    assert BOOK_EXAMPLE in default_qa().transcripts and BOOK_EXAMPLE not in used


def test_the_book_renders_the_form_and_an_annotated_review():
    from casebook.qa import render

    table = render.form_table()
    assert len(table) == len(RAW_FORM["items"]) and table["分值"].sum() == 100
    assert table.loc["不向第三人透露欠款（红线）", "扣分方法"].endswith("红线项：整通记 0 分")
    qa = default_qa()
    t = qa.transcript(render.BOOK_EXAMPLE)
    html = render.review_html(t.id)
    values = written_values(t)
    for turn in t.turns:
        assert fill(turn.text, values) in html
        if turn.items:
            assert fill(turn.better, values) in html
    assert f"总分 <b>{t.reference.score} 分</b>" in html
    vetoed = render.score_sheet_html(qa.transcript("qa-06-threat"))
    assert "总分记 <b>0 分</b>" in vetoed and "扣分合计 28 分" in vetoed
