"""Hypothesis properties of the call simulator.

* Determinism: the same persona, seed and replies always give the same transcript (the whole
  ``call replay --json`` record).
* Monotonicity. The score of a call at any moment is ``CallScore.total``: the weighted mean of
  compliance (100 minus the points of every violation so far), the ending's value (0 while
  the call runs) and the share of the persona's facts found out. Property: for every step
  whose collector turn breaks at least one rule, the score after the step is at most the
  score before it (and the step's reward, the change of the score, is at most 0). Compliance
  falls by the rules' points; nothing is revealed on such a turn and an ending reached on it
  is worth nothing, so the other two terms cannot rise.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.conversation.call import CallSimulator, Choice, replay
from casebook.conversation.dialogue import default_call_data

PERSONAS = sorted(default_call_data().dialogues)
FREE_TEXT = [
    "您好，我是星河银行的工作人员，工号 3021，本次通话将被录音。请问您是本人吗？",
    "麻烦您说一下身份证号码后四位，我核对一下。",
    "您的信用卡已经逾期了，欠款必须今天还上！",
    "请问最近是遇到什么情况了？每个月收入和开支大概多少？",
    "我可以帮您申请个性化分期，利息给您全免。",
    "再不还就等着坐牢吧，老赖。",
    "您现在安全吗？身边有人陪着您吗？我会请专门的同事今天联系您。",
    "好的，我确认一下，挂断后给您发短信，请通过手机银行还款。",
    "麻烦您转告他回电。",
    "嗯",
]
#: A step: an offered reply by its position among the offers, or a free-text reply.
STEP = st.one_of(
    st.tuples(st.just("option"), st.integers(0, 3)),
    st.tuples(st.just("text"), st.sampled_from(FREE_TEXT)),
)


def play(persona: str, seed: int, steps) -> tuple[CallSimulator, list]:
    """Play ``steps`` until the call ends; returns the simulator and the replies said."""
    sim = CallSimulator(persona)
    obs, _ = sim.reset(seed=seed)
    said = []
    for kind, value in steps:
        if sim.done:
            break
        reply = Choice(obs.options[value % len(obs.options)].id) if kind == "option" else value
        obs, *_ = sim.step(reply)
        said.append(reply)
    return sim, said


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    persona=st.sampled_from(PERSONAS),
    seed=st.integers(0, 10_000),
    steps=st.lists(STEP, max_size=12),
)
def test_same_seed_and_replies_give_the_same_transcript(persona, seed, steps):
    first, said = play(persona, seed, steps)
    again = replay(persona, seed, said)
    assert again.to_json_dict() == first.to_json_dict()
    assert [t.text for t in again.turns] == [t.text for t in first.turns]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    persona=st.sampled_from(PERSONAS),
    seed=st.integers(0, 10_000),
    steps=st.lists(STEP, min_size=1, max_size=14),
)
def test_a_violating_reply_never_raises_the_score(persona, seed, steps):
    sim = CallSimulator(persona)
    obs, _ = sim.reset(seed=seed)
    violating = 0
    for kind, value in steps:
        if sim.done:
            break
        reply = Choice(obs.options[value % len(obs.options)].id) if kind == "option" else value
        before = sim.score
        obs, reward, _, _, info = sim.step(reply)
        after = sim.score
        assert reward == round(after.total - before.total, 4)
        if info["violations"]:
            violating += 1
            assert after.total <= before.total, (reply, info["violations"])
            assert reward <= 0
            assert after.compliance < before.compliance or before.compliance == 0
            assert after.outcome <= before.outcome
            assert (after.discovery or 0) <= (before.discovery or 0)
    # the turns judged violating are exactly the ones the transcript marks
    marked = [t for t in sim.turns if t.speaker == "collector" and t.violations]
    assert len(marked) == violating
