"""``casebook assign``, ``casebook grade`` and ``casebook schema``: contracts, rosters, exit codes."""

from __future__ import annotations

import json

import pytest

from casebook.cli import main
from casebook.grading.roster import parse_roster, read_roster
from casebook.grading.secret import read_secret, trainee_token, variant_seed
from casebook.io import InputFileError
from tests.test_grading_support import all_right_quiz, make_assignment, submission, write

ROSTER_TEXT = "学号,姓名,部门\nT001,张三,催收一组\nT002,李四,催收二组\n"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_roster_in_utf8_bom_and_gbk(tmp_path, encoding):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER_TEXT.encode(encoding))
    entries = read_roster(path)
    assert [(e.trainee_id, e.name) for e in entries] == [("T001", "张三"), ("T002", "李四")]


def test_roster_english_headers_and_tabs():
    entries = parse_roster("name\ttrainee_id\n王五\tA-7\n")
    assert [(e.trainee_id, e.name) for e in entries] == [("A-7", "王五")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the roster is empty"),
        ("姓名\n张三\n", "no id column"),
        ("学号,姓名\n", "has a header but no trainees"),
        ("学号,姓名\n../x,张三\n", "roster:2: field 'trainee_id'"),
        ("学号,姓名\nT1,甲\nT1,乙\n", "duplicate id 'T1' (also on line 2)"),
    ],
)
def test_bad_rosters(text, message):
    with pytest.raises(InputFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_roster(text)


def files_under(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_assign_writes_a_folder_reproducible_from_its_secret(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTER_TEXT.encode("gbk"))
    args = ["assign", "--roster", roster, "--exercises", "ex01,ex45", "--seed", 5]
    code, out, _ = run(capsys, *args, "--out", tmp_path / "a")
    assert code == 0 and "2 名学员 × 2 个练习" in out and "secret.key" in out
    key = tmp_path / "a" / "secret.key"
    code, _, _ = run(capsys, *args, "--out", tmp_path / "b", "--secret", key)
    first, second = files_under(tmp_path / "a"), files_under(tmp_path / "b")
    assert first == second and len(first) == 1 + 1 + 2 + 4 + 4 + 1
    for rel in first:
        if rel.name != "README.txt":
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    secret = read_secret(key)
    assert key.stat().st_mode & 0o777 == 0o600  # the trainer's eyes only
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["trainees"][0]["variant_seeds"]["ex01"] == variant_seed(
        secret, 5, "T001", "ex01"
    )
    assert manifest["packs"] == [{"name": "cn", "id": "cn-law", "version": "1.0.0"}]
    handout = json.loads(
        (tmp_path / "a" / "handouts" / "T002" / "ex45.json").read_text(encoding="utf-8")
    )
    assert handout["trainee_name"] == "李四" and "key" not in handout
    assert handout["token"] == trainee_token(secret, manifest["assignment_id"], "T002")
    assert "correct" not in json.dumps(handout)  # the answer key never leaves the trainer's folder
    assert secret.hex() not in json.dumps(handout) + json.dumps(manifest)


def test_without_the_secret_the_same_seed_gives_other_variants_and_tokens(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTER_TEXT.encode("gbk"))
    args = ["assign", "--roster", roster, "--exercises", "ex41", "--seed", 5]
    assert run(capsys, *args, "--out", tmp_path / "a")[0] == 0
    assert run(capsys, *args, "--out", tmp_path / "b")[0] == 0  # same public inputs, new key

    def handout(folder):
        path = tmp_path / folder / "handouts" / "T001" / "ex41.json"
        return json.loads(path.read_text(encoding="utf-8"))

    a, b = handout("a"), handout("b")
    assert a["assignment_id"] == b["assignment_id"]  # the id is public: derived from the seed
    assert a["token"] != b["token"] and a["variant_seed"] != b["variant_seed"]


def test_assign_bad_arguments_exit_2(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_TEXT, encoding="utf-8")
    base = ["assign", "--roster", roster, "--seed", 1, "--out", tmp_path / "out"]
    code, _, err = run(capsys, *base, "--exercises", "ex01,ex404")
    assert code == 2 and "unknown exercise id(s) ['ex404']" in err
    code, _, err = run(
        capsys,
        "assign",
        "--roster",
        tmp_path / "missing.csv",
        "--exercises",
        "ex01",
        "--seed",
        1,
        "--out",
        tmp_path / "o",
    )
    assert code == 2 and "roster not found" in err
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00\xd8\x00")
    code, _, err = run(
        capsys,
        "assign",
        "--roster",
        tmp_path / "binary.csv",
        "--exercises",
        "ex01",
        "--seed",
        1,
        "--out",
        tmp_path / "o",
    )
    assert code == 2 and "binary.csv" in err
    code, _, err = run(
        capsys,
        "assign",
        "--roster",
        tmp_path,
        "--exercises",
        "ex01",
        "--seed",
        1,
        "--out",
        tmp_path / "o",
    )
    assert code == 2 and "is a folder" in err


def test_assign_refuses_to_overwrite_another_assignment(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_TEXT, encoding="utf-8")
    assert (
        run(
            capsys,
            "assign",
            "--roster",
            roster,
            "--exercises",
            "ex01",
            "--seed",
            1,
            "--out",
            tmp_path / "a",
        )[0]
        == 0
    )
    code, _, err = run(
        capsys,
        "assign",
        "--roster",
        roster,
        "--exercises",
        "ex01",
        "--seed",
        2,
        "--out",
        tmp_path / "a",
    )
    assert code == 2 and "already holds assignment" in err


def test_grade_exit_codes_and_stderr(tmp_path, capsys):
    folder, manifest = make_assignment(tmp_path)
    subs = tmp_path / "subs"
    write(subs, "good.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    (subs / "bad.json").write_text("{oops", encoding="utf-8")
    code, out, err = run(capsys, "grade", folder, subs, "--out", tmp_path / "out")
    assert code == 0
    assert "rejected bad.json: malformed JSON" in err
    assert "已评分 1 份，拒收 1 份" in out
    code, out, _ = run(capsys, "grade", folder, subs, "--out", tmp_path / "out", "--json")
    summary = json.loads(out)
    assert summary["graded"] == 1 and summary["rejected"][0]["file"] == "bad.json"
    code, _, err = run(capsys, "grade", tmp_path / "nowhere", subs, "--out", tmp_path / "o2")
    assert code == 2 and "assignment folder not found" in err
    code, _, err = run(capsys, "grade", folder, tmp_path / "none", "--out", tmp_path / "o2")
    assert code == 2 and "no such folder or zip archive" in err
    (tmp_path / "fake.zip").write_bytes(b"not a zip at all")
    code, _, err = run(capsys, "grade", folder, tmp_path / "fake.zip", "--out", tmp_path / "o2")
    assert code == 2 and "not a readable zip archive" in err
    code, out, err = run(capsys, "grade", folder, subs, "--out", tmp_path / "out", "--quiet")
    assert code == 0 and out == "" and "rejected bad.json" in err


def test_grade_refuses_a_different_pack_version(tmp_path, capsys):
    folder, _ = make_assignment(tmp_path)
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["packs"][0]["version"] = "0.9.0"
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "subs").mkdir()
    code, _, err = run(capsys, "grade", folder, tmp_path / "subs", "--out", tmp_path / "out")
    assert code == 2 and "made with cn-law 0.9.0" in err


def test_schema_submission_contract(capsys):
    code, out, _ = run(capsys, "schema", "submission")
    schema = json.loads(out)
    assert code == 0
    assert schema["title"] == "casebook submission"
    assert schema["required"] == [
        "schema_version",
        "assignment_id",
        "exercise_id",
        "trainee_id",
        "token",
        "variant_seed",
        "submitted_at",
    ]
    assert schema["properties"]["schema_version"]["const"] == 2
    assert schema["properties"]["token"]["pattern"] == "^([0-9a-f]{32})?$"
    assert schema["additionalProperties"] is False
    assert "score" not in schema["properties"]
    assert schema["properties"]["trainee_id"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


def test_schema_answers_per_exercise_and_kind(capsys):
    code, out, _ = run(capsys, "schema", "answers", "--exercise", "ex44")
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert schema["properties"]["term_months"]["anyOf"][0]["type"] == "integer"
    assert {"eligible", "must_agree", "not_allowed"} == set(
        schema["properties"]["eligibility"]["anyOf"][0]["enum"]
    )
    code, out, _ = run(capsys, "schema", "answers", "--kind", "message")
    assert code == 0 and "letter_fields" in json.loads(out)["properties"]
    code, _, err = run(capsys, "schema", "answers")
    assert code == 2 and "--exercise or --kind: required" in err
    code, _, err = run(capsys, "schema", "answers", "--kind", "nope")
    assert code == 2 and "unknown exercise kind 'nope'" in err
    code, _, err = run(capsys, "schema", "answers", "--exercise", "ex99")
    assert code == 2 and "unknown exercise 'ex99'" in err


def test_progress_bar_only_on_a_terminal_for_large_batches(tmp_path, capsys, monkeypatch):
    from casebook.commands import grade as grade_command

    folder, manifest = make_assignment(tmp_path)
    subs = tmp_path / "subs"
    for i in range(grade_command.PROGRESS_MIN_FILES):
        write(
            subs,
            f"{i:02d}.json",
            submission(
                manifest,
                "T001",
                "ex45",
                all_right_quiz(),
                submitted_at=f"2026-03-20T10:{i:02d}:00+08:00",
            ),
        )
    (subs / "bad.json").write_text("{", encoding="utf-8")
    args = ["grade", folder, subs, "--out", tmp_path / "out"]
    parsed = type("Args", (), {"quiet": False})()
    assert grade_command._progress_wanted(parsed, subs) is False  # pytest's stderr is not a TTY
    monkeypatch.setattr(grade_command.sys.stderr, "isatty", lambda: True, raising=False)
    assert grade_command._progress_wanted(parsed, subs) is True
    parsed.quiet = True
    assert grade_command._progress_wanted(parsed, subs) is False
    code, out, err = run(capsys, *args)
    assert code == 0 and "rejected bad.json" in err and "评分" in err  # the bar, then the rejection
    assert "重复提交未计分 19 份" in out
