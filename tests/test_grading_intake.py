"""Every bad input listed in issue 7 gets a clear per-file error; the rest are still graded."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from casebook.grading import files
from casebook.grading import kinds as grading_kinds
from casebook.grading.grade import MANY_ATTEMPTS, grade_assignment
from tests.test_grading_support import (
    all_right_quiz,
    compliant_sms,
    make_assignment,
    submission,
    write,
)

WHEN_11 = "2026-03-20T11:00:00+08:00"


@pytest.fixture()
def setup(tmp_path):
    folder, manifest = make_assignment(tmp_path)
    subs = tmp_path / "subs"
    # One good submission is always present: it must be graded whatever else is wrong.
    write(subs, "good.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    return folder, manifest, subs, tmp_path


def reasons(run) -> dict[str, str]:
    return {r.file: r.reason for r in run.rejected}


def assert_good_graded(run):
    graded = {(g.trainee_id, g.exercise_id): g.result.points for g in run.graded}
    assert graded[("T001", "ex45")] == 100


def test_malformed_json(setup):
    folder, _manifest, subs, _ = setup
    (subs / "broken.json").write_text('{"schema_version": 1,', encoding="utf-8")
    (subs / "nan.json").write_text('{"schema_version": NaN}', encoding="utf-8")
    (subs / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (subs / "list.json").write_text("[1, 2]", encoding="utf-8")
    run = grade_assignment(folder, subs)
    found = reasons(run)
    assert found["broken.json"].startswith("malformed JSON (line 1")
    assert "malformed JSON" in found["nan.json"] and "NaN" in found["nan.json"]
    assert "malformed JSON" in found["deep.json"] or "not an object" in found["deep.json"]
    assert found["list.json"] == "not a submission: the JSON is not an object"
    assert_good_graded(run)


def test_wrong_or_missing_schema_version(setup):
    folder, manifest, subs, _ = setup
    write(subs, "v3.json", submission(manifest, "T002", "ex45", all_right_quiz(), schema_version=3))
    data = submission(manifest, "T003", "ex45", all_right_quiz())
    del data["schema_version"]
    write(subs, "none.json", data)
    old = submission(manifest, "T002", "ex41", {"message": "x"}, schema_version=1)
    del old["token"]  # what the 提交 button wrote before tokens
    write(subs, "v1.json", old)
    found = reasons(grade_assignment(folder, subs))
    assert found["v3.json"] == "field 'schema_version': 3; this grader reads version 2"
    assert found["none.json"] == "field 'schema_version': missing; this grader reads version 2"
    assert found["v1.json"].startswith(
        "field 'schema_version': 1 是旧版提交格式（没有身份令牌 token）"
    )
    assert "重新提交" in found["v1.json"]


def test_unknown_exercise_trainee_and_assignment(setup):
    folder, manifest, subs, _ = setup
    write(
        subs, "ex.json", submission(manifest, "T001", "ex45", all_right_quiz(), exercise_id="ex99")
    )
    write(
        subs, "who.json", submission(manifest, "T001", "ex45", all_right_quiz(), trainee_id="T999")
    )
    write(
        subs,
        "asg.json",
        submission(manifest, "T002", "ex45", all_right_quiz(), assignment_id="practice"),
    )
    run = grade_assignment(folder, subs)
    found = reasons(run)
    assert found["ex.json"].startswith("field 'exercise_id': unknown exercise 'ex99'")
    assert found["who.json"] == "field 'trainee_id': unknown trainee 'T999'"
    assert "self-study submission" in found["asg.json"]
    assert_good_graded(run)


def test_variant_seed_mismatch(setup):
    folder, manifest, subs, _ = setup
    right = manifest.trainee("T002").variant_seeds["ex45"]
    write(
        subs,
        "seed.json",
        submission(manifest, "T002", "ex45", all_right_quiz(), variant_seed=right + 1),
    )
    found = reasons(grade_assignment(folder, subs))
    assert found["seed.json"] == (
        f"field 'variant_seed': {right + 1} does not match the manifest ({right} for T002/ex45): "
        "answers to another variant"
    )


def test_a_carried_score_is_ignored_and_flagged(setup):
    folder, manifest, subs, _ = setup
    answers = {**all_right_quiz(), "hours": "h21", "score": 100}  # one wrong answer, worth 15
    write(subs, "cheat.json", submission(manifest, "T002", "ex45", answers, score=100, grade="A"))
    run = grade_assignment(folder, subs)
    graded = {g.trainee_id: g for g in run.graded}
    assert graded["T002"].result.points == 85
    assert graded["T002"].flags == [
        "提交文件带有分数字段 ['score', 'grade', 'answers.score']，已忽略：分数由评分器重放答案得出"
    ]


def test_duplicates_the_best_counts_whatever_the_time_says(setup):
    folder, manifest, subs, _ = setup
    wrong = {**all_right_quiz(), "hours": "h21"}
    # The best submission is the earliest; the others claim later times, one far in the future.
    write(
        subs,
        "a_best.json",
        submission(
            manifest, "T002", "ex45", all_right_quiz(), submitted_at="2026-03-20T09:00:00+08:00"
        ),
    )
    write(
        subs,
        "b_later.json",
        submission(manifest, "T002", "ex45", wrong, submitted_at="2026-03-20T10:30:00+08:00"),
    )
    write(
        subs,
        "c_future.json",
        submission(manifest, "T002", "ex45", wrong, submitted_at="2199-12-31T23:59:00+00:00"),
    )
    run = grade_assignment(folder, subs)
    graded = {g.trainee_id: g for g in run.graded}
    assert graded["T002"].result.points == 100 and graded["T002"].file == "a_best.json"
    assert [(s.file, s.kept, s.points) for s in run.superseded] == [
        ("b_later.json", "a_best.json", 85),
        ("c_future.json", "a_best.json", 85),
    ]
    assert graded["T002"].flags == ["共收到 3 份有效提交，按得分最高的一份（a_best.json）计分"]


def test_equal_points_the_later_submission_is_shown(setup):
    folder, manifest, subs, _ = setup
    wrong_a = {**all_right_quiz(), "hours": "h21"}
    wrong_b = {**all_right_quiz(), "hours": "h20"}
    # 02:59 UTC is 10:59 in Beijing: one minute before the other, despite the larger hour.
    write(subs, "a.json", submission(manifest, "T002", "ex45", wrong_a, submitted_at=WHEN_11))
    write(
        subs,
        "b.json",
        submission(manifest, "T002", "ex45", wrong_b, submitted_at="2026-03-20T02:59:00+00:00"),
    )
    run = grade_assignment(folder, subs)
    graded = {g.trainee_id: g for g in run.graded}
    assert graded["T002"].result.points == 85 and graded["T002"].file == "a.json"


@pytest.mark.parametrize(
    "field, value",
    [
        ("trainee_id", "../../etc/passwd"),
        ("trainee_id", "..\\..\\boot"),
        ("trainee_id", "T001/../T002"),
        ("trainee_id", "CON"),
        ("exercise_id", "../ex45"),
        ("assignment_id", ".hidden"),
    ],
)
def test_ids_with_path_tricks_are_refused(setup, field, value):
    folder, manifest, subs, root = setup
    write(
        subs, "trick.json", submission(manifest, "T001", "ex45", all_right_quiz(), **{field: value})
    )
    run = grade_assignment(folder, subs, root / "out")
    found = reasons(run)
    assert found["trick.json"].startswith(f"does not match the submission schema: field '{field}'")
    # Nothing was written outside the output folder, and only roster ids became file names.
    written = sorted(p.name for p in (root / "out" / "feedback").iterdir())
    assert written == ["T001.html", "T002.html", "T003.html"]
    assert not (root / "etc").exists() and not (root / "T002.html").exists()


def test_symbolic_links_are_refused(setup):
    folder, manifest, subs, root = setup
    outside = write(
        root / "elsewhere", "x.json", submission(manifest, "T002", "ex45", all_right_quiz())
    )
    os.symlink(outside, subs / "link.json")
    os.symlink(root / "elsewhere", subs / "linkdir")
    found = reasons(grade_assignment(folder, subs))
    assert found["link.json"].startswith("symbolic link refused")
    assert found["linkdir"].startswith("symbolic link refused")


def test_gbk_and_bom_files_are_read(setup):
    folder, manifest, subs, _ = setup
    sms = compliant_sms(folder, "T002")
    write(subs, "gbk.json", submission(manifest, "T002", "ex41", {"message": sms}), encoding="gbk")
    write(
        subs,
        "bom.json",
        submission(manifest, "T003", "ex45", all_right_quiz()),
        encoding="utf-8-sig",
    )
    run = grade_assignment(folder, subs)
    graded = {g.file: g for g in run.graded}
    assert run.rejected == []
    assert graded["gbk.json"].result.points == 100
    assert graded["gbk.json"].flags == ["文件为 GBK 编码，已转换后评分"]
    assert graded["bom.json"].result.points == 100 and graded["bom.json"].flags == []


def test_a_50_mb_file_is_rejected_without_reading_it(setup, monkeypatch):
    folder, _manifest, subs, _ = setup
    with (subs / "huge.json").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    opened = []
    real_open = Path.open
    monkeypatch.setattr(
        Path, "open", lambda self, *a, **k: opened.append(self.name) or real_open(self, *a, **k)
    )
    run = grade_assignment(folder, subs)
    assert reasons(run)["huge.json"] == (
        f"file too large: {50 * 1024 * 1024:,} bytes (limit {files.MAX_SUBMISSION_BYTES:,}); not read"
    )
    assert "huge.json" not in opened
    assert_good_graded(run)


def test_html_and_script_in_free_text_are_escaped_everywhere(setup):
    folder, manifest, subs, root = setup
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    write(subs, "t2.json", submission(manifest, "T002", "ex41", {"message": evil}))
    (subs / "<img src=x onerror=alert(2)>.json").write_text("{", encoding="utf-8")
    run = grade_assignment(folder, subs, root / "out")
    assert {g.trainee_id for g in run.graded} == {"T001", "T002"}
    pages = [root / "out" / "report.html", *sorted((root / "out" / "feedback").iterdir())]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<img src=x" not in text, page.name
        assert "<b>王五</b>" not in text  # the roster name is escaped too
    feedback = (root / "out" / "feedback" / "T002.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in feedback
    report = (root / "out" / "report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;.json" in report
    assert "&lt;b&gt;王五&lt;/b&gt;" in report


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_of_submissions_is_graded(setup):
    folder, manifest, _, root = setup
    good = json.dumps(submission(manifest, "T002", "ex45", all_right_quiz())).encode()
    archive = _zip(
        root / "subs.zip",
        {"class/t2.json": good, "__MACOSX/._t2.json": b"junk", "notes.txt": b"hi"},
    )
    run = grade_assignment(folder, archive)
    assert [(g.trainee_id, g.result.points) for g in run.graded] == [("T002", 100)]
    assert reasons(run) == {
        "notes.txt": "not a submission: only .json files written by the 提交 button are graded",
        "__MACOSX/": "macOS 压缩时附带的资源文件夹（__MACOSX），不是提交，其中 1 个文件未读取",
    }


def test_zip_bomb_is_refused_and_the_rest_graded(setup):
    folder, manifest, _, root = setup
    archive = root / "bomb.zip"
    good = json.dumps(submission(manifest, "T002", "ex45", all_right_quiz())).encode()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ok.json", good)
        with z.open("bomb.json", "w", force_zip64=True) as member:
            for _ in range(20):
                member.write(b"\0" * (1024 * 1024))
        z.writestr("../escape.json", good)
    assert archive.stat().st_size < 200_000  # small on disk, 20 MB declared
    run = grade_assignment(folder, archive)
    found = reasons(run)
    assert found["bomb.json"].startswith("declared size 20,971,520 bytes exceeds the limit")
    assert "zip bomb" in found["bomb.json"]
    assert found["../escape.json"] == "unsafe path in archive ('..' or absolute); not read"
    assert [(g.file, g.result.points) for g in run.graded] == [("ok.json", 100)]


def test_zip_total_expansion_cap(setup, monkeypatch):
    folder, manifest, _, root = setup
    good = json.dumps(submission(manifest, "T002", "ex45", all_right_quiz())).encode()
    archive = _zip(root / "many.zip", {f"{i:02d}.json": good for i in range(3)})
    monkeypatch.setattr(files, "MAX_ARCHIVE_EXPANDED_BYTES", len(good) * 2)
    run = grade_assignment(folder, archive)
    assert reasons(run)["02.json"].startswith("archive expands beyond")
    assert len(run.superseded) == 1 and len(run.graded) == 1


def test_other_files_and_clutter_are_listed(setup):
    folder, _manifest, subs, _ = setup
    (subs / "answer.ipynb").write_text("{}", encoding="utf-8")
    (subs / ".DS_Store").write_bytes(b"\0\1")
    (subs / "readme.txt").write_text("hi", encoding="utf-8")
    found = reasons(grade_assignment(folder, subs))
    assert set(found) == {"answer.ipynb", "readme.txt", ".DS_Store"}
    assert "never executed" in found["answer.ipynb"]
    assert found[".DS_Store"].startswith("隐藏文件")


def test_answers_that_do_not_fit_the_exercise(setup):
    folder, manifest, subs, _ = setup
    write(subs, "opt.json", submission(manifest, "T002", "ex45", {"hours": "h99"}))
    write(
        subs,
        "plan.json",
        submission(
            manifest,
            "T003",
            "ex01",
            action_log=[{"time": "2026-03-20T10:00:00", "channel": "phone", "target": "boss"}],
        ),
    )
    write(subs, "extra.json", submission(manifest, "T003", "ex41", {"message": "hi", "other": 1}))
    found = reasons(grade_assignment(folder, subs))
    assert found["opt.json"] == (
        "answers do not fit the exercise: field 'answers.hours': unknown option(s) ['h99']; "
        "options are ['h20', 'h21', 'h22', 'none']"
    )
    assert "field 'action_log[0].target': unknown contact 'boss'" in found["plan.json"]
    assert "field 'answers.other': Extra inputs are not permitted" in found["extra.json"]


def test_a_later_submission_that_fails_never_discards_an_earlier_valid_one(setup, monkeypatch):
    folder, manifest, subs, _ = setup
    later = "2026-03-20T12:00:00+08:00"
    # T002: a valid submission, then a later one whose answers do not fit the exercise.
    write(subs, "t2_first.json", submission(manifest, "T002", "ex45", all_right_quiz()))
    write(
        subs,
        "t2_later.json",
        submission(manifest, "T002", "ex45", {"hours": "h99"}, submitted_at=later),
    )
    # T003: a valid submission, then a later one that makes the grader itself fail.
    write(subs, "t3_first.json", submission(manifest, "T003", "ex45", all_right_quiz()))
    crash = {**all_right_quiz(), "recording": "y5"}
    write(subs, "t3_later.json", submission(manifest, "T003", "ex45", crash, submitted_at=later))
    kind = grading_kinds.get_kind("sheet")
    real = kind.grade

    def fragile(exercise, variant, answered, ctx):
        if answered.answers.model_dump().get("recording") == "y5":
            raise ValueError("grader bug")
        return real(exercise, variant, answered, ctx)

    monkeypatch.setattr(kind, "grade", fragile)
    run = grade_assignment(folder, subs)
    graded = {g.trainee_id: (g.file, g.result.points) for g in run.graded}
    assert graded["T002"] == ("t2_first.json", 100)
    assert graded["T003"] == ("t3_first.json", 100)
    found = reasons(run)
    assert found["t2_later.json"].startswith("answers do not fit the exercise")
    assert found["t3_later.json"].startswith("internal grading error (ValueError: grader bug)")
    assert run.superseded == []


def test_many_attempts_are_flagged_for_the_trainer(setup):
    folder, manifest, subs, _ = setup
    guesses = [(h, r) for h in ("h20", "h21", "h22", "none") for r in ("m6", "none", "y2", "y5")]
    for i, (hours, recording) in enumerate(guesses[: MANY_ATTEMPTS + 1]):
        answers = {**all_right_quiz(), "hours": hours, "recording": recording}
        write(subs, f"try{i}.json", submission(manifest, "T002", "ex45", answers))
    run = grade_assignment(folder, subs)
    [t2] = [g for g in run.graded if g.trainee_id == "T002"]
    assert len(run.superseded) == MANY_ATTEMPTS
    assert any(f"提交了 {MANY_ATTEMPTS + 1} 次" in flag and "复核" in flag for flag in t2.flags)
    assert t2.result.points == max(
        [t2.result.points, *(s.points for s in run.superseded)]
    )  # the best one counts
