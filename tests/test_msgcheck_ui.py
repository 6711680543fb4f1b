"""The message checker's widget wiring, driven like a trainee would (no kernel needed)."""

from casebook.ui.message_checker import EXAMPLES, build_message_checker


def test_check_shows_highlighted_findings():
    checker = build_message_checker()
    checker.text.value = "老赖，再不还钱就等着坐 牢吧！"
    checker.check_button.click()
    assert [c.value for c in checker.result.categories()] == [
        "threat_or_intimidation",
        "insult",
        "false_or_misleading",  # jail as the price of not paying: an invented consequence
    ]
    html = checker.feedback.value
    assert "✘ 发现 3 处问题" in html
    assert html.count("<mark") == 2 and "<sup>[2]</sup>" in html and "<sup>[3]</sup>" in html
    assert "CN-NO-INSULT" in html and "第六十八条" in html and "可以这样改" in html
    assert "改写示例" in html
    checker.close()


def test_recipient_toggle_changes_the_verdict_and_clears_old_feedback():
    checker = build_message_checker()
    checker.text.value = "王先生您好，您的信用卡已逾期45天，欠款8,600元。"
    checker.check_button.click()
    assert checker.result.compliant and "未发现违规措辞" in checker.feedback.value
    checker.recipient.value = "third_party"
    assert checker.result is None and checker.feedback.value == ""
    checker.check_button.click()
    assert [c.value for c in checker.result.categories()] == ["third_party_disclosure"]
    assert "第三人（亲友、同事等）" in checker.feedback.value
    checker.close()


def test_examples_fill_the_form():
    checker = build_message_checker()
    index = next(i for i, (_, recipient, _) in enumerate(EXAMPLES) if recipient == "third_party")
    checker.examples.value = index
    assert checker.text.value == EXAMPLES[index][2]
    assert checker.recipient.value == "third_party"
    checker.close()


def test_empty_text_asks_for_input():
    checker = build_message_checker()
    checker.check_button.click()
    assert checker.result is None and "请先输入" in checker.feedback.value
    checker.close()


def test_user_text_is_escaped():
    checker = build_message_checker()
    checker.text.value = "<script>坐牢</script>"
    checker.check_button.click()
    assert "<script>" not in checker.feedback.value
    assert "&lt;script&gt;" in checker.feedback.value
    checker.close()


def test_independent_instances():
    first, second = build_message_checker(), build_message_checker()
    first.text.value = "坐牢"
    first.check_button.click()
    assert first.result is not None and second.result is None and second.text.value == ""
    first.close()
    second.close()
