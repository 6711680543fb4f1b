"""The chapter's tables and HTML are rendered from the data: everything in the data shows up."""

from __future__ import annotations

import re
from html import escape

import pytest

from casebook.conversation import Topic, default_conversation
from casebook.conversation import render as r
from casebook.drills import default_bank


@pytest.fixture(scope="module")
def conv():
    return default_conversation()


def test_flow_overview_has_the_ten_steps_in_order(conv):
    table = r.flow_overview(conv)
    assert list(table["步骤"]) == [
        "开场与自我介绍",
        "告知录音",
        "核身",
        "说明事由",
        "了解原因",
        "提出方案",
        "处理异议",
        "确认承诺",
        "短信确认",
        "记录",
    ]
    assert list(table["为什么"]) == [s.purpose for s in conv.flow.steps]


def test_step_html_shows_every_wording_pair_side_by_side(conv):
    for step in conv.flow.steps:
        html = r.step_html(step.id, conv)
        assert escape(step.purpose) in html
        for pair in step.wording:
            good, bad = html.index(escape(pair.compliant)), html.index(escape(pair.violating))
            assert good < bad  # compliant first, then the non-compliant counterpart
            for rule_id in pair.rules:
                assert rule_id in html
        for rule_id in step.rules:
            assert conv.rule(rule_id).status_label in html


def test_rules_table_labels_each_rules_source_and_status(conv):
    table = r.rules_table(conv=conv)
    assert set(table.index) == set(r.cited_rule_ids(conv))
    row = table
    assert row.loc["CALL-VERIFY-IDENTITY", "核实状态"] == "行内政策（非法定）"
    assert row.loc["CALL-VERIFY-IDENTITY", "来源"] == "规则包 house-example"
    assert row.loc["CALL-IDENTIFY-SELF", "来源"] == "通话规范"
    assert row.loc["CN-NO-THREAT", "来源"] == "规则包 cn-law"
    assert row.loc["CALL-HEIR-ESTATE-LIMIT", "核实状态"] == "已核实（原文）"


def test_objections_html_lists_every_scenario_once_with_its_feedback(conv):
    html = r.objections_html(conv=conv)
    for s in conv.scenarios:
        assert html.count(f"id='objection-{s.id}'") == 1
        for reply in s.replies:
            assert escape(reply.feedback) in html
    only = r.objections_html([Topic.PAYDAY], conv)
    assert "payday-01" in only and "waiver-01" not in only


def test_objection_summary_counts_match(conv):
    table = r.objection_summary(conv)
    assert table["场景数"].sum() == len(conv.scenarios)
    assert (table["场景数"] >= 2).all()


def test_protocol_flow_numbers_follow_the_branches(conv):
    for protocol in conv.protocols:
        html = r.protocol_flow_html(protocol.id.value, conv)
        assert html.count("<li") == len(protocol.flow)
        number = {s.id: i for i, s in enumerate(protocol.flow, start=1)}
        for step in protocol.flow:
            if step.ask:
                branch = f"是 → 第 {number[step.if_yes]} 步；否 → 第 {number[step.if_no]} 步"
                assert branch in html, (protocol.id, step.id)
        assert html.count("（结束）") == sum(s.end for s in protocol.flow)


def test_complaint_flow_is_rendered_as_expected(conv):
    items = re.findall(r"<li[^>]*>(.*?)</li>", r.protocol_flow_html("complaint", conv))
    assert items[1].endswith("是 → 第 3 步；否 → 第 4 步")  # conduct → apologise, else amount
    assert items[2].endswith("→ 第 6 步")  # after the apology, straight to the channels
    assert "12378" in items[5]


def test_worked_cases_show_every_turn_and_note(conv):
    for case in conv.cases:
        html = r.worked_case_html(case, conv)
        for turn in case.turns:
            assert escape(turn.text) in html
            if turn.note:
                assert escape(turn.note) in html
        assert all(escape(item) in html for item in case.after_call)


def test_protocol_drills_render_the_bank_items_with_answers(conv):
    bank = default_bank()
    for protocol in conv.protocols:
        html = r.protocol_drills_html(protocol.id.value, conv)
        for drill_id in protocol.drills:
            item = bank.item(drill_id)
            assert f"<code>{drill_id}</code>" in html
            assert escape(item.question) in html
        assert html.count("<details>") == len(protocol.drills)
        assert "{" not in html  # placeholders are filled


def test_personas_table_hides_the_hidden_state_unless_asked(conv):
    public = r.personas_table(conv)
    assert list(public.index) == [p.id for p in conv.personas]
    assert list(public.columns) == ["名称", "概要"]
    full = r.personas_table(conv, hidden=True)
    assert "符合第七十条条件" in full.columns and len(full) == len(conv.personas)
