"""The call console widget, driven the way a trainee would: option buttons, free text, the
feedback of each turn, the end-of-call annotated view, and the exercise field's value."""

from __future__ import annotations

from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import get_kind
from casebook.policy.loader import load_packs
from casebook.ui.call import CallConsole, CallField, build_call_console
from casebook.ui.submit import field_widget


def press(console: CallConsole, option_id: str) -> None:
    """Click the button of the offered reply ``option_id``."""
    button = next(b for b in console.option_buttons if b.tooltip == option_id)
    button.click()


def test_buttons_free_text_and_the_end_of_call_view():
    console = build_call_console("forgetful", seed=4)
    assert len(console.option_buttons) == 3 and "接听人" in console.state_view.value
    press(console, "open-intro")
    assert "这一轮合规" in console.feedback.value
    console.free_text.value = "麻烦您说一下身份证号码后四位，以及预留地址所在的区，我核对一下。"
    console.say_button.click()
    assert console.free_text.value == "" and console.sim.state.verified
    press(console, "purpose-threat")
    assert (
        "CN-NO-CRIMINAL-THREAT" in console.feedback.value and "更好的说法" in console.feedback.value
    )
    for option_id in ("purpose-explain", "reason-how", "plan-ask", "confirm-sms"):
        press(console, option_id)
    assert console.sim.done and console.talk_box.layout.display == "none"
    end = console.end_view.value
    assert (
        "成绩单" in end and "承诺还款" in end and "CN-NO-CRIMINAL-THREAT" in end and "依据" in end
    )
    assert console.replies[1] == "麻烦您说一下身份证号码后四位，以及预留地址所在的区，我核对一下。"
    assert console.replies[0] == {"option": "open-intro"}
    console.close()


def test_empty_text_and_replies_after_the_end_are_refused_in_the_widget():
    console = CallConsole("forgetful", seed=0)
    console.say_button.click()
    assert "请先输入" in console.feedback.value
    for _ in range(3):
        console.free_text.value = "嗯"
        console.say_button.click()
    assert console.sim.done
    console.free_text.value = "还在吗？"
    console.say_button.click()
    assert "通话已经结束" in console.feedback.value and console.free_text.value == "还在吗？"
    console.start_button.click()  # a new call with the same persona and seed
    assert not console.sim.done and console.end_view.value == ""
    console.close()


def test_the_exercise_field_is_locked_to_the_variant_and_returns_the_replies():
    exercise = get_exercise("ex55")
    kind = get_kind("call")
    variant = kind.make_variant(exercise, 77)
    spec = kind.form(exercise, variant).fields[0]
    field = field_widget("call")(spec, load_packs(["cn"]))
    assert isinstance(field, CallField)
    assert field.console.persona.disabled and field.console.seed.disabled
    assert field.value == []
    press(field.console, "cr-intro")
    assert field.value == [{"option": "cr-intro"}]
    field.console.seed.value = 3  # only possible in code: the box is disabled for trainees
    field.console.start_button.click()
    assert field.value == []  # a call with another seed is not this exercise's call
    field.close()
