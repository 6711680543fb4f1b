"""Identity tokens and the assignment's secret (issue 15: grades no trainee can forge)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat

import pytest

from casebook.cli import main
from casebook.grading.assign import assign
from casebook.grading.grade import grade_assignment
from casebook.grading.handout import load_handout
from casebook.grading.intake import AssignmentFolder
from casebook.grading.roster import RosterEntry
from casebook.grading.secret import SECRET_FILE, trainee_token, variant_seed
from casebook.io import InputFileError
from tests.test_grading_support import all_right_quiz, submission, write


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture()
def cohort(tmp_path, capsys):
    """An assignment made by the CLI (a random key), as a trainer would make it."""
    roster = tmp_path / "roster.csv"
    roster.write_text("工号,姓名\nT001,张三\nT002,李四\n", encoding="utf-8")
    args = ["assign", "--roster", roster, "--exercises", "ex45,ex41", "--seed", 7]
    assert run(capsys, *args, "--out", tmp_path / "asg")[0] == 0
    return tmp_path, tmp_path / "asg"


def handout(folder, trainee_id, exercise_id="ex45"):
    return load_handout(folder / "handouts" / trainee_id / f"{exercise_id}.json")


def book(out):
    text = (out / "gradebook.csv").read_text(encoding="utf-8-sig")
    return {r["trainee_id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_a_forged_submission_is_rejected_and_the_victims_grade_stands(cohort, capsys):
    root, folder = cohort
    manifest = AssignmentFolder(folder).manifest
    subs = root / "subs"
    victim, forger = handout(folder, "T002"), handout(folder, "T001")
    # The victim's own submission: one wrong answer (85 points).
    honest = submission(manifest, "T002", "ex45", {**all_right_quiz(), "hours": "h21"})
    honest["token"] = victim.token
    write(subs, "T002_ex45.json", honest)
    # The forger knows the victim's id and even their variant seed, answers everything right
    # and claims a far-future time; all they can put in the token is what they hold.
    forged = {**honest, "answers": all_right_quiz(), "submitted_at": "2199-12-31T23:59:59+08:00"}
    write(subs, "own_token.json", {**forged, "token": forger.token})
    write(subs, "no_token.json", {**forged, "token": ""})
    public_guess = hashlib.sha256(f"{manifest.seed}|{manifest.assignment_id}|T002".encode())
    write(subs, "guessed.json", {**forged, "token": public_guess.hexdigest()[:32]})
    write(subs, "not_hex.json", {**forged, "token": "T002" * 8})
    code, out, err = run(capsys, "grade", folder, subs, "--out", root / "out", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["graded"] == 1
    reasons = {r["file"]: r["reason"] for r in summary["rejected"]}
    assert set(reasons) == {"own_token.json", "no_token.json", "guessed.json", "not_hex.json"}
    for name in ("own_token.json", "guessed.json"):
        assert reasons[name].startswith("field 'token': 身份令牌与学员编号不符"), name
        assert "T002 本人" in reasons[name]
    assert reasons["no_token.json"].startswith("field 'token': 缺少身份令牌")
    assert "field 'token'" in reasons["not_hex.json"]  # not even the shape of a token
    assert "rejected own_token.json: field 'token'" in err  # listed like the other rejections
    assert book(root / "out")["T002"]["ex45"] == "85"  # the victim's own work, untouched
    report = (root / "out" / "report.html").read_text(encoding="utf-8")
    assert "own_token.json" in report and "身份令牌与学员编号不符" in report


def test_a_token_is_tied_to_its_assignment(cohort):
    root, folder = cohort
    manifest = AssignmentFolder(folder).manifest
    # The same trainee in another assignment of the same trainer has another token.
    other = assign([RosterEntry("T002", "李四")], ["ex45"], 7, root / "other", assignment_id="x1")
    other_token = handout(root / "other", "T002").token
    assert other.assignment_id != manifest.assignment_id
    data = submission(manifest, "T002", "ex45", all_right_quiz())
    data["token"] = other_token
    write(root / "subs", "reused.json", data)
    run_ = grade_assignment(folder, root / "subs")
    assert run_.graded == [] and "field 'token'" in run_.rejected[0].reason


def test_tokens_and_variant_seeds_come_from_the_secret():
    a, b = bytes(32), bytes([1]) + bytes(31)
    assert trainee_token(a, "asg", "T1") != trainee_token(b, "asg", "T1")
    assert trainee_token(a, "asg", "T1") != trainee_token(a, "asg", "T2")
    assert trainee_token(a, "asg", "T1") != trainee_token(a, "asg2", "T1")
    assert len(trainee_token(a, "asg", "T1")) == 32
    assert variant_seed(a, 5, "T1", "ex45") != variant_seed(b, 5, "T1", "ex45")
    assert variant_seed(a, 5, "T1", "ex45") == variant_seed(a, 5, "T1", "ex45")


def test_the_secret_file_is_private_and_kept_when_assigning_again(cohort, capsys):
    root, folder = cohort
    key = folder / SECRET_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    token = handout(folder, "T001").token
    (folder / "notes.txt").write_text("培训师自己的笔记", encoding="utf-8")
    roster = root / "roster.csv"
    args = ["assign", "--roster", roster, "--exercises", "ex45,ex41", "--seed", 7]
    code, _, _ = run(capsys, *args, "--out", folder, "--title", "改了标题")
    assert code == 0
    assert key.read_bytes() == before and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert handout(folder, "T001").token == token  # handouts already given out stay valid
    assert handout(folder, "T001").assignment_title == "改了标题"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "培训师自己的笔记"


def test_assigning_again_without_the_secret_is_refused(cohort, capsys):
    root, folder = cohort
    (folder / SECRET_FILE).unlink()
    manifest = (folder / "manifest.json").read_bytes()
    roster = root / "roster.csv"
    args = ["assign", "--roster", roster, "--exercises", "ex45,ex41", "--seed", 7]
    code, _, err = run(capsys, *args, "--out", folder)
    assert code == 2 and SECRET_FILE in err and "备份" in err
    assert not (folder / SECRET_FILE).exists()  # never regenerated silently
    assert (folder / "manifest.json").read_bytes() == manifest


def test_assign_refuses_to_replace_the_secret(cohort, capsys):
    root, folder = cohort
    other = root / "other.key"
    other.write_text("ab" * 32 + "\n", encoding="ascii")
    roster = root / "roster.csv"
    args = ["assign", "--roster", roster, "--exercises", "ex45,ex41", "--seed", 7]
    code, _, err = run(capsys, *args, "--out", folder, "--secret", other)
    assert code == 2 and "--secret" in err and "不会替换" in err
    bad = root / "bad.key"
    bad.write_text("not a key", encoding="ascii")
    code, _, err = run(capsys, *args, "--out", root / "new", "--secret", bad)
    assert code == 2 and "bad.key" in err and "不是有效的作业密钥文件" in err


def test_grading_needs_the_right_secret(cohort, capsys):
    root, folder = cohort
    (root / "subs").mkdir()
    key = folder / SECRET_FILE
    saved = key.read_bytes()
    key.write_text("cd" * 32 + "\n", encoding="ascii")
    code, _, err = run(capsys, "grade", folder, root / "subs", "--out", root / "out")
    assert code == 2 and "不属于本作业" in err
    key.unlink()
    code, _, err = run(capsys, "grade", folder, root / "subs", "--out", root / "out")
    assert code == 2 and "找不到作业密钥文件" in err and str(key) in err
    key.write_bytes(saved)
    assert run(capsys, "grade", folder, root / "subs", "--out", root / "out")[0] == 0


def test_an_assignment_of_the_old_format_is_refused(cohort, capsys):
    root, folder = cohort
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")
    (root / "subs").mkdir()
    code, _, err = run(capsys, "grade", folder, root / "subs", "--out", root / "out")
    assert code == 2 and "旧版" in err and "manifest.json" in err
    roster = root / "roster.csv"
    args = ["assign", "--roster", roster, "--exercises", "ex45,ex41", "--seed", 7]
    code, _, err = run(capsys, *args, "--out", folder)
    assert code == 2 and "旧版" in err


def test_a_handout_of_the_old_format_is_refused(cohort):
    _, folder = cohort
    path = folder / "handouts" / "T001" / "ex45.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = 1
    del data["token"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputFileError, match="旧版作业文件"):
        load_handout(path)


def test_handouts_never_carry_the_secret_or_another_trainees_token(cohort):
    _, folder = cohort
    secret = (folder / SECRET_FILE).read_text(encoding="ascii").strip()
    tokens = {t: handout(folder, t).token for t in ("T001", "T002")}
    for trainee in ("T001", "T002"):
        for path in (folder / "handouts" / trainee).iterdir():
            text = path.read_text(encoding="utf-8")
            assert secret not in text
            assert tokens[trainee] in text
            assert all(tok not in text for t, tok in tokens.items() if t != trainee)
    assert sorted(os.listdir(folder / "handouts")) == ["T001", "T002"]
