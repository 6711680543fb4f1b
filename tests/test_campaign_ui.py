"""The campaign console's wiring, driven like a trainee would (no kernel needed)."""

from casebook.campaign import build_scorecard, replay
from casebook.ui.campaign import build_campaign_console

OPENING = "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。想和您确认一下还款安排。"


def test_a_violating_step_shows_rules_and_citations():
    console = build_campaign_console("evasive", seed=3)
    assert "恶意逃避" in console.case_view.value and "第 1 / 30 天" in console.state_view.value
    console.time.value = "22:30"
    console.channel.value = "sms"
    console.message.value = "老赖，再不还钱就曝光你"
    console.act_button.click()
    record = console.env.records[-1]
    # exposure announced as the price of not paying is also a threat (corpus labelling rule 2)
    assert {v.rule_id for v in record.violations} == {
        "CN-CONTACT-HOURS",
        "CN-NO-EXPOSURE",
        "CN-NO-INSULT",
        "CN-NO-THREAT",
    }
    assert "应当怎么做" in console.feedback.value and "第六十八条" in console.feedback.value
    assert "CN-NO-INSULT" in console.timeline.value
    console.close()


def test_errors_go_to_the_status_line_not_the_engine():
    console = build_campaign_console("forgetful", seed=1)
    console.channel.value = "sms"
    console.message.value = ""
    console.act_button.click()
    assert "需要填写内容" in console.status.value and console.env.records == []
    console.channel.value = "phone"
    console.time.value = "07:00"  # earlier than the clock (09:00)
    console.act_button.click()
    assert "早于当前时间" in console.status.value and console.env.records == []
    console.close()


def test_end_day_and_play_to_the_end_shows_scorecard_and_chart():
    console = build_campaign_console("forgetful", seed=2)
    console.time.value = "09:30"
    console.channel.value = "sms"
    console.message.value = "【星河银行】您好，您的信用卡账户已逾期，请通过手机银行还款。"
    console.act_button.click()
    console.end_day_button.click()
    assert console.env.day == 2 or console.env.done
    while not console.env.done:
        console.end_day_button.click()
    assert "成绩单" in console.scorecard.value
    assert bytes(console.chart.value).startswith(b"\x89PNG")
    assert console.act_button.disabled and console.end_day_button.disabled
    card = build_scorecard(console.env)
    again = replay("forgetful", 2, console.env.action_log)
    assert build_scorecard(again) == card
    console.close()


def test_instalment_form_reaches_the_engine():
    console = build_campaign_console("willing_unable", seed=4)
    console.time.value = "10:00"
    console.purpose.value = "negotiate"
    console.message.value = OPENING
    console.plan_term.value = 72
    console.plan_monthly.value = 1000.0
    console.plan_items.value = tuple(key for _, key in console.plan_items.options)
    console.plan_signed.value = True
    console.plan_oral.value = True
    console.act_button.click()
    assert "CN-INSTALMENT-TERM" in {v.rule_id for v in console.env.records[-1].violations}
    console.close()


def test_new_case_resets_and_instances_are_independent():
    first = build_campaign_console("hardship", seed=5)
    second = build_campaign_console("hardship", seed=5)
    first.time.value = "10:00"
    first.message.value = OPENING
    first.act_button.click()
    assert len(first.env.records) == 1 and second.env.records == []
    first.archetype.value = "contact_lost"
    first.seed.value = 6
    first.new_button.click()
    assert first.env.records == [] and first.env.archetype_key == "contact_lost"
    assert "联系方式失效" in first.case_view.value
    first.close()
    second.close()


def test_no_empty_chart_and_letter_elements_only_for_letters():
    console = build_campaign_console("forgetful", seed=2)
    # Before a chart exists the image is not shown (an empty image is a broken-image icon).
    assert console.chart.value == b"" and console.chart.layout.display == "none"
    assert console.channel.value == "phone" and console.letter_fields.layout.display == "none"
    console.channel.value = "letter"
    assert console.letter_fields.layout.display is None
    console.channel.value = "sms"
    assert console.letter_fields.layout.display == "none"
    console.chart_button.click()
    assert bytes(console.chart.value).startswith(b"\x89PNG")
    assert console.chart.layout.display is None
    console.new_button.click()
    assert console.chart.value == b"" and console.chart.layout.display == "none"
    console.close()


def test_feedback_speaks_a_collectors_language_not_reinforcement_learning():
    console = build_campaign_console("forgetful", seed=2)
    console.channel.value = "sms"
    console.message.value = "【星河银行】您好，您的信用卡账户已逾期，请通过手机银行还款。"
    console.act_button.click()
    while not console.env.done:
        console.end_day_button.click()
    shown = console.feedback.value + console.scorecard.value
    assert "绩效分" in console.feedback.value and "累计绩效分" in console.scorecard.value
    assert "奖励" not in shown and "reward" not in shown.lower()
    console.close()
