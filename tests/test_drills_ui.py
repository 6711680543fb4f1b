"""The drill widget's wiring, driven like a trainee would (no kernel needed)."""

import pytest

from casebook.ui.drills import build_drill_session


def test_answer_a_whole_set_and_see_the_summary():
    session = build_drill_session(seed=4, difficulty="入门", n=3)
    assert len(session.questions) == 3 and "第 1 / 3 题" in session.question.value
    first = session.current
    session.select(first.correct_keys)
    session.submit_button.click()
    assert session.results[-1].correct and "回答正确" in session.feedback.value
    assert "依据" in session.feedback.value and session.next_button.disabled is False
    session.next_button.click()
    second = session.current
    wrong = next(o.key for o in second.options if not o.correct)
    session.select([wrong])
    session.submit_button.click()
    assert not session.results[-1].correct
    assert "应当怎么做" in session.feedback.value and "回答错误" in session.feedback.value
    session.next_button.click()
    session.select(session.current.correct_keys)
    session.submit_button.click()
    session.next_button.click()
    assert session.current is None
    assert "本组得分：20 / 30" in session.summary.value
    assert session.submit_button.disabled
    session.close()


def test_submit_needs_a_choice_and_hidden_boxes_match_the_options():
    session = build_drill_session(seed=1, n=2)
    session.submit_button.click()
    assert session.results == [] and "请至少选择" in session.feedback.value
    shown = {b.description for b in session.choices if b.layout.display is None}
    assert shown == {o.key for o in session.current.options}
    session.close()


def _session_at(multiple: bool):
    """A session whose current question is single-choice (or multiple-choice)."""
    session = build_drill_session(seed=3, n=20)
    while session.current.multiple is not multiple:
        session.next_question()
    return session


def test_single_choice_question_offers_radio_buttons_only():
    session = _session_at(multiple=False)
    q = session.current
    assert session.single_row.layout.display is None
    assert session.multi_row.layout.display == "none"
    assert list(session.single.options) == [o.key for o in q.options]
    assert session.single.value is None  # nothing pre-selected
    # Radio buttons hold one value: a trainee cannot give two answers.
    with pytest.raises(ValueError, match="single-choice"):
        session.select([o.key for o in q.options][:2])
    (right,) = q.correct_keys
    session.single.value = right
    session.submit_button.click()
    assert session.results[-1].correct and session.results[-1].selected == {right}
    session.close()


def test_multiple_choice_question_offers_check_boxes():
    session = _session_at(multiple=True)
    q = session.current
    assert session.multi_row.layout.display is None
    assert session.single_row.layout.display == "none"
    for box in session.choices:
        box.value = box.description in q.correct_keys
    session.submit_button.click()
    assert session.results[-1].correct and session.results[-1].selected == q.correct_keys
    session.close()


def test_radio_choice_is_cleared_for_the_next_question():
    session = _session_at(multiple=False)
    session.select(sorted(session.current.correct_keys))
    session.submit_button.click()
    session.next_button.click()
    assert session.single.value is None
    assert not any(box.value for box in session.choices)
    session.close()


def test_restart_with_other_settings():
    session = build_drill_session(seed=1, n=2)
    session.seed.value = 2
    session.level.value = "高级"
    session.count.value = 4
    session.start_button.click()
    assert len(session.questions) == 4
    assert {q.difficulty.value for q in session.questions} == {"高级"}
    session.close()


def test_independent_instances():
    first, second = build_drill_session(seed=5, n=2), build_drill_session(seed=5, n=2)
    first.select(["A"])
    first.submit_button.click()
    assert len(first.results) == 1 and second.results == []
    first.close()
    second.close()
