"""Printable handouts: every sheet rendered from its data, trainer content kept out of the
trainees' sheets, and the CLI's contract."""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml

from casebook.cli import main
from casebook.course.handouts import glossary_entries, plain, write_handouts
from casebook.course.loader import default_course
from casebook.prose import tidy_text
from casebook.qa.loader import builtin_qa_dir
from tests.conftest import ROOT


def text_of(path):
    html = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    written = write_handouts(out, book_dir=ROOT / "book")
    return out, written


def test_the_set_and_its_index(handouts):
    out, written = handouts
    names = sorted(str(p.relative_to(out)) for p in written)
    assert names == sorted(
        [
            "timetable.html",
            "call_flow_card.html",
            "qa_form.html",
            "rules.html",
            "glossary.html",
            "trainer/course_plan.html",
            "trainer/debriefs.html",
            "index.html",
        ]
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in names[:-1]:
        assert f'href="{name}"' in index or name == "index.html"
    for path in written:
        html = path.read_text(encoding="utf-8")
        assert "size: A4" in html and 'lang="zh-CN"' in html
        assert not re.search(r"(src|href)=\"https?:", html), path  # prints offline


def test_timetable_has_every_block_but_no_trainer_notes(handouts):
    out, _ = handouts
    plan = yaml.safe_load((ROOT / "casebook/data/course/plan.yaml").read_text(encoding="utf-8"))
    trainee = text_of(out / "timetable.html")
    trainer = text_of(out / "trainer" / "course_plan.html")
    for day in plan["days"]:
        for block in day["blocks"]:
            title = block["title"]
            assert title in trainee and title in trainer
            how = tidy_text(block["how"])[:30]
            assert how in trainer and how not in trainee
    assert "培训师做法" in trainer and "培训师做法" not in trainee
    assert "通过条件" in trainer and "通过条件" not in trainee


def test_qa_form_sheet_lists_every_item_with_its_points(handouts):
    out, _ = handouts
    form = yaml.safe_load((builtin_qa_dir() / "form.yaml").read_text(encoding="utf-8"))
    sheet = text_of(out / "qa_form.html")
    for item in form["items"]:
        assert item["title"] in sheet
    assert sum(i["points"] for i in form["items"]) == 100


def test_call_flow_card_has_the_ten_steps_in_order(handouts):
    out, _ = handouts
    card = text_of(out / "call_flow_card.html")
    steps = ["开场与自我介绍", "告知录音", "核身", "说明事由", "了解原因", "提出方案", "处理异议"]
    positions = [card.index(f"{n}. {s}") for n, s in enumerate(steps, start=1)]
    assert positions == sorted(positions)
    assert "10. 记录" in card


def test_rule_summary_has_every_rule_of_both_packs(handouts):
    out, _ = handouts
    sheet = text_of(out / "rules.html")
    ids = []
    for pack in ("cn", "house"):
        for path in sorted((ROOT / "casebook/policies" / pack).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            ids += [r["id"] for r in data.get("rules", [])]
    assert len(ids) > 20
    assert [i for i in ids if i not in sheet] == []
    assert "行内政策" in sheet


def test_glossary_sheet_has_every_term_in_plain_text(handouts):
    out, _ = handouts
    source = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    entries = [t for _, group in glossary_entries(source) for t, _ in group]
    assert len(entries) > 30 and "有效催收" in entries
    sheet = text_of(out / "glossary.html")
    assert all(term in sheet for term in entries)
    assert "{term}" not in sheet and "{doc}" not in sheet and "**" not in sheet


def test_plain_drops_myst_roles():
    titles = {"book/references": "参考法规"}
    assert plain("见{term}`联系不上`和 {doc}`references`。", titles) == "见联系不上和 参考法规。"
    assert plain("{ref}`第六十八条 <compliance-law>`、**加粗**") == "第六十八条、加粗"


def test_debrief_sheet_has_every_case(handouts):
    out, _ = handouts
    sheet = text_of(out / "trainer" / "debriefs.html")
    content = default_course()
    for case_id, debrief in content.debriefs.items():
        assert content.cases[case_id].title in sheet
        assert debrief.questions[0].ask in sheet


def test_cli_writes_the_set_and_refuses_a_file_as_folder(tmp_path, capsys):
    assert main(["course", "handouts", "--out", str(tmp_path / "h")]) == 0
    assert (tmp_path / "h" / "qa_form.html").is_file()
    assert "已生成" in capsys.readouterr().out
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["course", "handouts", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "不是文件夹" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "x"


def test_cli_check_says_which_exams_can_be_assigned(capsys):
    assert main(["course", "check"]) == 0
    out = capsys.readouterr().out
    assert "课程数据无误" in out and "cert01" in out
