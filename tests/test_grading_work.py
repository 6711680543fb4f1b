"""Work that grading does once, not twice (counted, never timed: speed is measured by
``bench/grading.py``)."""

from __future__ import annotations

from concurrent.futures import Future

import pytest
import yaml

from casebook.conversation.dialogue import load_call_data
from casebook.conversation.loader import load_conversation
from casebook.drills.loader import load_bank
from casebook.grading import helper
from casebook.grading.kinds.strategy import SIMULATOR_MODULES


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
def test_the_call_data_loaders_parse_with_libyaml(monkeypatch):
    """Grading loads the drill bank, the conversation content and the call simulator's data
    (about 0.6 s when PyYAML's pure-Python parser read each file twice, for the data and
    again for the line marks); libyaml gives both from one parse."""

    def refused(*args, **kwargs):
        raise AssertionError("a file parsed by PyYAML's pure-Python parser")

    monkeypatch.setattr(yaml.composer.Composer, "get_single_node", refused)
    bank = load_bank()
    conversation = load_conversation()
    data = load_call_data(conversation=conversation)
    assert bank.items and conversation.personas and data.dialogues


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
def test_a_syntax_error_in_a_drill_file_still_names_its_line(tmp_path):
    from casebook.drills.loader import DrillError

    (tmp_path / "level1_basic.yaml").write_text(
        "difficulty: 基础\nitems:\n  - id: x\n    area: [unclosed\n", encoding="utf-8"
    )
    with pytest.raises(DrillError) as exc:
        load_bank(tmp_path)
    lines = {i.line for i in exc.value.issues if "YAML syntax error" in i.message}
    assert lines and None not in lines


# --- the strategy kind's worker starts before the submissions are read ---------------------


def test_the_manifest_is_handed_over_before_the_exercises_are_validated(tmp_path, monkeypatch):
    from casebook.grading import intake
    from tests.test_grading_support import make_assignment

    folder, manifest = make_assignment(tmp_path)
    order: list[str] = []
    validate = intake.validate_exercise

    def validating(*args, **kwargs):
        order.append("exercise")
        return validate(*args, **kwargs)

    monkeypatch.setattr(intake, "validate_exercise", validating)
    intake.AssignmentFolder(folder, on_manifest=lambda m: order.append(m.assignment_id))
    assert order == [manifest.assignment_id] + ["exercise"] * len(manifest.exercises)


WITH_STRATEGY = ("ex01", "ex30", "ex41", "ex45")
WITHOUT_STRATEGY = ("ex01", "ex41", "ex45")


@pytest.mark.parametrize(
    ("exercises", "files", "preloaded"),
    [
        (WITH_STRATEGY, 10, []),
        (WITH_STRATEGY, 40, [SIMULATOR_MODULES, helper.REPORT_MODULES]),
        (WITH_STRATEGY, 120, [helper.REPORT_MODULES, SIMULATOR_MODULES]),
        (WITHOUT_STRATEGY, 99, []),
        (WITHOUT_STRATEGY, 100, [helper.REPORT_MODULES]),
    ],
)
def test_the_helper_starts_when_the_batch_is_big_enough(
    tmp_path, monkeypatch, exercises, files, preloaded
):
    """Warm-up hears the files shared out by the exercises: 1 of 4 exercises is the strategy
    kind, so 10 files give 2 expected strategy submissions (below the threshold of 8) and 40
    give 10: the helper is started and the simulator's import sent to it before any
    submission is read, then what the report's charts need. From 100 files on, the helper
    starts anyway, and loads the report's imports first (the command line starts it so
    before the grader is imported)."""
    from casebook.grading.grade import warm_up
    from tests.test_grading_support import make_assignment

    _, manifest = make_assignment(tmp_path, exercises=exercises)
    subs = tmp_path / "subs"
    subs.mkdir()
    for n in range(files):
        (subs / f"{n}.json").write_text("{}", encoding="utf-8")
    sent = []

    class Pool:
        def submit(self, fn, *args):
            sent.append(args)
            return Future()

    monkeypatch.setattr(helper, "_POOL", [])
    monkeypatch.setattr(helper, "_REPORT_LOADING", [])
    monkeypatch.setattr(helper, "ProcessPoolExecutor", lambda **kwargs: Pool())
    warm_up(manifest, subs)
    warm_up(manifest, subs)  # the report's imports are sent once
    assert sent[: len(preloaded)] == preloaded
    assert sent.count(helper.REPORT_MODULES) == (1 if preloaded else 0)
    assert helper.running() == bool(preloaded)


def test_warm_up_ignores_a_missing_submissions_folder(tmp_path, monkeypatch):
    from casebook.grading.grade import warm_up
    from tests.test_grading_support import make_assignment

    _, manifest = make_assignment(tmp_path, exercises=("ex30",))
    monkeypatch.setattr(helper, "_POOL", [])
    monkeypatch.setattr(helper, "_REPORT_LOADING", [])
    monkeypatch.setattr(helper, "ProcessPoolExecutor", lambda **kwargs: pytest.fail("started"))
    warm_up(manifest, tmp_path / "missing")
    warm_up(manifest, tmp_path / "missing.zip")
    assert not helper.running()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_charts_drawn_by_the_helper_are_those_drawn_here(tmp_path, monkeypatch):
    """The report's charts are drawn in the helper process while the pages are written; the
    report is byte for byte the one drawn in the grader's own process."""
    from casebook.grading import grade as grade_module
    from casebook.grading.reports import cohort_charts, cohort_statistics
    from tests.test_grading_support import (
        all_right_quiz,
        compliant_sms,
        make_assignment,
        submission,
        write,
    )

    folder, manifest = make_assignment(tmp_path, exercises=("ex41", "ex45"))
    subs = tmp_path / "subs"
    threat = "再不还钱就让你坐牢，我们会去你单位找你。"
    for n, trainee in enumerate(manifest.trainees):
        tid = trainee.trainee_id
        quiz = all_right_quiz() if n else {**all_right_quiz(), "hours": "h21"}
        message = compliant_sms(folder, tid) if n else threat
        write(subs, f"{tid}_q.json", submission(manifest, tid, "ex45", quiz))
        write(subs, f"{tid}_m.json", submission(manifest, tid, "ex41", {"message": message}))
    run = grade_module.grade_assignment(folder, subs)
    monkeypatch.setattr(helper, "_POOL", [])
    monkeypatch.setattr(helper, "_REPORT_LOADING", [])
    grade_module.write_outputs(run, tmp_path / "here")
    helper.start()
    try:
        drawn = helper.submit(cohort_charts, cohort_statistics(run))
        assert drawn is not None and drawn.result() == cohort_charts(cohort_statistics(run))
        assert all(chart is not None for chart in drawn.result())
        grade_module.write_outputs(run, tmp_path / "helper")
    finally:
        helper._POOL[0].shutdown()
    for name in ("report.html", "results.json", "gradebook.csv"):
        assert (tmp_path / "helper" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


# --- a call turn is read once for its two judgements ---------------------------------------


def test_a_call_turn_is_read_once_for_both_of_its_judgements(monkeypatch):
    """Each collector turn is judged twice: with the law pack's book for the words found in
    the turn, and with the call's packs (law + house) for the violations. Both judgements
    share one reading of the text (the scanned matchers' hits, the learned layer's opinion);
    the house pack's own phrases are the only extra scan. The verdicts are unchanged."""
    from casebook.checks import conduct
    from casebook.conversation.call import call_packs, replay
    from casebook.msgcheck.lexicon import default_lexicon
    from casebook.wording import engine

    engine.forget_verdicts()
    monkeypatch.setattr(conduct, "_VERDICTS", {})
    opinions, scanned, quotations = [], [], []
    opinion, scan, mentions = engine._model_opinion, engine.scan, engine.mentioned_spans
    monkeypatch.setattr(engine, "_model_opinion", lambda *a: opinions.append(1) or opinion(*a))
    monkeypatch.setattr(
        engine,
        "scan",
        lambda lx, norm, ms, who, *rest: scanned.extend(ms) or scan(lx, norm, ms, who, *rest),
    )
    monkeypatch.setattr(engine, "mentioned_spans", lambda *a: quotations.append(1) or mentions(*a))
    replies = [{"option": o} for o in ("open-intro", "id-verify", "purpose-explain")]
    sim = replay("forgetful", 0, replies, packs=call_packs(None))
    texts = {turn.text for turn in sim._call_turns}
    assert len(texts) == 3 and not any(t.violations for t in sim.turns)
    assert len(opinions) == len(texts)  # was 2 per turn
    assert len(quotations) == len(texts)  # the quotations a text only mentions, once
    lexicon = len(default_lexicon().matchers)
    phrases = len(engine.book_for(call_packs(None)).matchers) - lexicon
    assert phrases > 0
    assert len(scanned) == len(texts) * (lexicon + phrases)  # was (lexicon) + (lexicon + phrases)

    # The same verdicts as judging each text alone, with nothing remembered.
    shared = [engine.judge(t, "third_party", call_packs(None)) for t in texts]
    engine.forget_verdicts()
    alone = [engine.judge(t, "third_party", call_packs(None)) for t in texts]
    assert shared == alone


def test_a_text_judged_under_two_books_gives_each_its_own_findings():
    """The house pack's phrases are found under the call's packs only; the law pack's book
    reads the same text without them (sharing the reading never leaks a finding)."""
    from casebook.conversation.call import call_packs
    from casebook.wording import engine

    engine.forget_verdicts()
    text = "这是最后一次机会，再不还钱就等着坐牢吧。"
    law = engine.judge(text, "debtor")
    both = engine.judge(text, "debtor", call_packs(None))
    law_rules = {f.rule for f in law.findings}
    both_rules = {f.rule for f in both.findings}
    assert "HOUSE-NO-ULTIMATUM" in both_rules and "HOUSE-NO-ULTIMATUM" not in law_rules
    engine.forget_verdicts()
    assert engine.judge(text, "debtor", call_packs(None)) == both
    engine.forget_verdicts()
    assert engine.judge(text, "debtor") == law


# --- the cyclic garbage collector during a run -------------------------------------------


def test_a_run_freezes_what_is_loaded_and_restores_the_collector(tmp_path, monkeypatch):
    """While grading, what is loaded is frozen and full collections are rare (the collector
    rescanned the packs, lexicon and call data again and again: about 0.4 s of a 1,000-file
    batch); afterwards, and after a run that fails, the collector is as it was."""
    import gc

    from casebook.grading import grade as grade_module
    from casebook.grading.kinds import KINDS
    from casebook.io import InputFileError
    from tests.test_grading_support import all_right_quiz, make_assignment, submission, write

    folder, manifest = make_assignment(tmp_path, exercises=("ex45",))
    subs = tmp_path / "subs"
    write(subs, "a.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    seen = []
    kind = KINDS["sheet"]
    grade = kind.grade

    def watching(*args, **kwargs):
        seen.append((gc.get_freeze_count() > 0, gc.get_threshold()[2]))
        return grade(*args, **kwargs)

    monkeypatch.setattr(kind, "grade", watching)
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    run = grade_module.grade_assignment(folder, subs)
    assert run.graded and seen == [(True, grade_module.FULL_COLLECTION_AFTER)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(InputFileError):
        grade_module.grade_assignment(tmp_path / "missing", subs)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_run_leaves_a_collector_frozen_by_someone_else_alone(tmp_path):
    import gc

    from casebook.grading.grade import long_lived_heap

    gc.freeze()
    try:
        frozen, threshold = gc.get_freeze_count(), gc.get_threshold()
        with long_lived_heap() as settle:
            settle()
            assert gc.get_freeze_count() == frozen and gc.get_threshold() == threshold
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_the_helper_gets_the_simulations_while_the_submissions_are_read(tmp_path, monkeypatch):
    """With the helper running, a strategy submission's simulation is sent as soon as the
    file is read, not after the whole batch; the grades are those of grading in process."""
    from casebook.grading import grade as grade_module
    from casebook.grading import intake
    from casebook.grading.kinds import strategy as strategy_kind
    from casebook.portfolio.exercise import score_strategy
    from tests.test_grading_support import all_right_quiz, make_assignment, submission, write

    folder, manifest = make_assignment(tmp_path, exercises=("ex30", "ex45"))
    subs = tmp_path / "subs"
    for trainee in manifest.trainees:
        tid = trainee.trainee_id
        design = (
            {"base": "challenger", "letter_from": "M2"} if tid == "T001" else {"base": "champion"}
        )
        write(subs, f"{tid}_a.json", submission(manifest, tid, "ex30", {"strategy": design}))
        write(subs, f"{tid}_b.json", submission(manifest, tid, "ex45", all_right_quiz()))
    read = []
    reading = intake.read_submission
    monkeypatch.setattr(grade_module, "read_submission", lambda *a: read.append(1) or reading(*a))
    sent_after = []

    class Pool:  # runs each job at once, noting how many files had been read
        def submit(self, fn, *args):
            if fn is score_strategy:
                sent_after.append(len(read))
            done = Future()
            done.set_result(fn(*args))
            return done

    monkeypatch.setattr(strategy_kind, "_SCORES", {})
    monkeypatch.setattr(strategy_kind, "_PENDING", {})
    monkeypatch.setattr(helper, "_POOL", [Pool()])
    monkeypatch.setattr(helper, "_REPORT_LOADING", [True])
    with_helper = grade_module.grade_assignment(folder, subs)
    files = 2 * len(manifest.trainees)
    assert sent_after and min(sent_after) < files  # sent while reading, not after
    assert strategy_kind.CACHE_STATS["in_worker"] > 0

    monkeypatch.setattr(strategy_kind, "_SCORES", {})
    monkeypatch.setattr(strategy_kind, "_PENDING", {})
    monkeypatch.setattr(helper, "_POOL", [])
    alone = grade_module.grade_assignment(folder, subs)
    assert [g.result for g in with_helper.graded] == [g.result for g in alone.graded]
