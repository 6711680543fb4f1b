"""Properties of the new exercise kinds, checked with hypothesis.

* appending an action that breaks a rule never raises a campaign's compliance score;
* grading never raises on arbitrary (even out-of-order) campaign logs;
* grading is idempotent and survives a JSON round trip of the answers, for every new kind;
* a drill set is scored exactly as the drills engine scores each question;
* the strategy settings collected from the lab build the same strategy as the lab itself.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.campaign import build_scorecard
from casebook.drills import draw_drill
from casebook.grading.catalog import get_exercise
from casebook.grading.kinds import GradingContext, get_kind
from casebook.grading.kinds.campaign import replay_log
from casebook.model import Action

NEW = ("ex10", "ex11", "ex12", "ex20", "ex21", "ex22", "ex23", "ex24", "ex30")
MESSAGES = (
    "",
    "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。",
    "【星河银行】您好，您的信用卡账户已逾期，请致电4008-000-000协商。",
    "老赖，再不还钱就等着坐牢吧！",
)


@pytest.fixture(scope="module")
def ctx(law_packs):
    return GradingContext(law_packs)


@pytest.fixture(scope="module")
def campaign():
    exercise = get_exercise("ex11")
    kind = get_kind("campaign")
    return exercise, kind, kind.make_variant(exercise, exercise.practice_seed)


action_specs = st.lists(
    st.tuples(
        st.integers(0, 6),  # day
        st.integers(9, 21),  # hour: inside the allowed hours, after the case is handed over
        st.sampled_from(["phone", "sms", "letter"]),
        st.sampled_from(["debtor", "debtor", "sibling"]),
        st.sampled_from(["collect", "negotiate", "relay"]),
        st.sampled_from(MESSAGES),
        st.booleans(),  # recorded
    ),
    max_size=8,
)


def build_log(start, specs, ordered=True) -> list[Action]:
    log = [
        Action(
            time=datetime.combine(start + timedelta(days=day), time(hour, 5 * i % 60)),
            channel=channel,
            target=target,
            purpose=purpose,
            message=message,
            recorded=recorded,
        )
        for i, (day, hour, channel, target, purpose, message, recorded) in enumerate(specs)
    ]
    return sorted(log, key=lambda a: a.time) if ordered else log


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=action_specs, night_day=st.integers(0, 8))
def test_appending_a_violating_action_never_raises_compliance(
    campaign, law_packs, specs, night_day
):
    _, _, variant = campaign
    v = variant.public
    start = datetime.fromisoformat(v["start"]).date()
    log = build_log(start, specs)
    last = max([a.time.date() for a in log], default=start)
    night = Action(
        time=datetime.combine(last + timedelta(days=night_day), time(23, 30)),
        channel="phone",
        target="debtor",
    )
    before = build_scorecard(replay_log(v["archetype"], v["campaign_seed"], log, law_packs)[0])
    env, executed, _ = replay_log(v["archetype"], v["campaign_seed"], [*log, night], law_packs)
    after = build_scorecard(env)
    assert after.compliance_score <= before.compliance_score
    if executed and executed[-1][0] == len(log):  # the night call was made: it costs points
        assert after.compliance_score < before.compliance_score or before.compliance_score == 0


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=action_specs)
def test_campaign_grading_never_raises_on_unordered_logs(campaign, ctx, specs):
    exercise, kind, variant = campaign
    start = datetime.fromisoformat(variant.public["start"]).date()
    log = build_log(start, specs, ordered=False)
    answered = kind.validate(exercise, variant, {}, log)
    result = kind.grade(exercise, variant, answered, ctx)
    assert 0 <= result.points <= 100
    assert result == kind.grade(exercise, variant, answered, ctx)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    exercise_id=st.sampled_from(NEW),
    seed=st.integers(0, 2_000_000_000),
    answer_seed=st.integers(0, 10_000),
)
def test_grading_is_idempotent_and_survives_json(ctx, exercise_id, seed, answer_seed):
    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    variant = kind.make_variant(exercise, seed)
    simulated = kind.simulate(exercise, variant, random.Random(answer_seed))
    answers = json.loads(json.dumps(simulated.answers.model_dump(mode="json")))
    log = [Action.model_validate(a.model_dump(mode="json")) for a in simulated.action_log]
    answered = kind.validate(exercise, variant, answers, log)
    first = kind.grade(exercise, variant, answered, ctx)
    assert first == kind.grade(exercise, variant, answered, ctx)
    assert first == kind.grade(exercise, variant, simulated, ctx)
    assert [i.item_id for i in first.items] == [i.id for i in exercise.items]
    assert all(0 <= i.points <= i.max_points for i in first.items)
    assert first.points == round(sum(i.points for i in first.items), 2)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 5000), data=st.data())
def test_drill_set_scores_each_question_as_the_engine_does(ctx, seed, data):
    exercise = get_exercise("ex10")
    kind = get_kind("sheet")
    variant = kind.make_variant(exercise, seed)
    questions = draw_drill(seed, "入门", 10)
    answers, expected = {}, {}
    for n, q in enumerate(questions, start=1):
        keys = [o.key for o in q.options]
        if q.multiple:
            picked = data.draw(st.lists(st.sampled_from(keys), unique=True), label=f"q{n}")
            answers[f"q{n}"] = picked
        else:
            picked = [data.draw(st.sampled_from(keys), label=f"q{n}")]
            answers[f"q{n}"] = picked[0]
        expected[f"q{n}"] = 10.0 if q.grade(picked).correct else 0.0
    result = kind.grade(exercise, variant, kind.validate(exercise, variant, answers, []), ctx)
    assert {i.item_id: i.points for i in result.items} == expected


@pytest.fixture(scope="module")
def lab(law_packs):
    from casebook.ui.portfolio import build_strategy_lab

    lab = build_strategy_lab(law_packs)
    yield lab
    lab.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_lab_settings_read_back_from_the_strategy_built(lab, data):
    """The lab and the grader share casebook.portfolio.settings.build_strategy; what it writes
    into the strategy's cells, court and team reads back as exactly the lab's settings."""
    from casebook.portfolio.settings import StrategySettings, build_strategy, strategy_settings
    from casebook.ui.field_widgets import lab_settings

    lab.base.value = data.draw(st.sampled_from(["champion", "challenger"]))
    lab.reset()
    for control in (lab.m0_sms, lab.sms, lab.call_days, lab.attempts, lab.connected):
        if data.draw(st.booleans()):
            control.value = data.draw(st.integers(control.min, control.max))
    for control in (lab.letter_from, lab.visit_at, lab.litigate_from, lab.procedure):
        if data.draw(st.booleans()):
            control.value = data.draw(st.sampled_from([v for _, v in _options(control)]))
    if data.draw(st.booleans()):
        lab.instalment.value = data.draw(st.sampled_from(range(0, 85, 6)))
    if data.draw(st.booleans()):
        lab.court_capacity.value = data.draw(st.sampled_from(range(0, 201, 5)))
    if data.draw(st.booleans()):
        lab.training.value = not lab.training.value
    if data.draw(st.booleans()):
        lab.start.value, lab.end.value = data.draw(
            st.sampled_from([("08:00", "21:00"), ("09:30", "20:00"), ("07:00", "22:30")])
        )
    submitted = lab_settings(lab)
    built = build_strategy(StrategySettings.model_validate(submitted))
    assert built == lab.build_strategy()
    assert strategy_settings(built) == {k: v for k, v in submitted.items() if k != "base"}


def _options(control):
    return [(o, o) if isinstance(o, str) else o for o in control.options]
