"""Hostile and odd input to assess, grade, assign, simulate and policy (issue 11).

Every case ends with a message naming the file and the field, exit code 2 and no
traceback, and nothing already saved is lost or half-written.
"""

from __future__ import annotations

import errno
import io
import json
import shutil

import pytest

from casebook import io as casebook_io
from casebook.cli import main
from casebook.grading import files
from casebook.grading.grade import GRADEBOOK, REPORT, RESULTS
from tests.conftest import EXAMPLES
from tests.test_grading_support import all_right_quiz, make_assignment, submission, write

CASE = EXAMPLES / "case_unreachable_debtor.json"
CLEAN = EXAMPLES / "plan_clean.json"
STRATEGY = EXAMPLES / "strategies" / "too_many_calls.yaml"
SIMULATE = ["simulate", "portfolio", "--accounts", "40", "--days", "5", "--seed", "1"]


def run(capsys, *args):
    """Run the CLI in-process; a traceback would raise here instead of returning."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def case_text() -> str:
    return CASE.read_text(encoding="utf-8")


def plan_data() -> dict:
    return json.loads(CLEAN.read_text(encoding="utf-8"))


def snapshot(folder):
    """{relative path: bytes} of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# 1. Huge, NaN and infinite numbers ------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("1e26", "过大"),
        ("100000000000000000000000000", "过大"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("1e400", "Infinity"),  # parses to an infinite float
    ],
)
def test_assess_refuses_huge_and_non_finite_amounts(capsys, tmp_path, literal, expected):
    text = case_text()
    assert '"principal": 38600' in text
    path = tmp_path / "case.json"
    path.write_text(text.replace('"principal": 38600', f'"principal": {literal}'), "utf-8")
    code, out, err = run(capsys, "assess", path, CLEAN, "--json")
    assert code == 2 and out == ""
    assert str(path) in err and "field 'account.principal'" in err and expected in err


@pytest.mark.parametrize(
    ("value", "expected"), [(".nan", "NaN"), (".inf", "Infinity"), ("1.0e+26", "过大")]
)
def test_assess_refuses_non_finite_yaml_numbers_in_actions(capsys, tmp_path, value, expected):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "actions:\n"
        "  - time: 2026-03-05T10:00:00\n"
        "    channel: phone\n"
        "    target: debtor\n"
        "    instalment:\n"
        "      term_months: 12\n"
        f"      monthly_amount: {value}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "assess", CASE, path)
    assert code == 2
    assert str(path) in err and "field 'actions[0].instalment.monthly_amount'" in err
    assert expected in err


def test_grade_rejects_a_huge_amount_in_an_action_log(capsys, tmp_path):
    folder, manifest = make_assignment(tmp_path, ("ex01", "ex45"))
    subs = tmp_path / "subs"
    write(subs, "good.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    action = {
        "time": "2026-03-05T10:00:00",
        "channel": "phone",
        "target": "debtor",
        "instalment": {"term_months": 12, "monthly_amount": 1e26},
    }
    write(subs, "huge.json", submission(manifest, "T002", "ex01", action_log=[action]))
    code, out, _ = run(capsys, "grade", folder, subs, "--out", tmp_path / "out", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["graded"] == 1
    [rejected] = summary["rejected"]
    assert rejected["file"] == "huge.json"
    assert "field 'action_log[0].instalment.monthly_amount'" in rejected["reason"]
    assert "过大" in rejected["reason"]


# 2. Deeply nested YAML and JSON ---------------------------------------------------------


@pytest.mark.parametrize("depth", [100, 100_000])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_assess_refuses_deep_nesting(capsys, tmp_path, depth, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_text('{"actions": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    code, out, err = run(capsys, "assess", CASE, path)
    assert code == 2 and out == ""
    assert str(path) in err and "嵌套" in err and str(casebook_io.MAX_NESTING) in err
    if depth == 100:  # within the parser's reach: the field is named too
        assert "field 'actions" in err


def test_assess_refuses_a_deeply_nested_case(capsys, tmp_path):
    path = tmp_path / "case.json"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    code, _, err = run(capsys, "assess", path, CLEAN)
    assert code == 2 and str(path) in err and "嵌套" in err


def test_simulate_refuses_a_deeply_nested_strategy(capsys, tmp_path):
    path = tmp_path / "strategy.yaml"
    text = STRATEGY.read_text(encoding="utf-8")
    path.write_text(text + "\nextra: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, *SIMULATE, "--strategy", path)
    assert code == 2 and str(path) in err and "嵌套" in err


def test_policy_refuses_a_deeply_nested_pack(capsys, tmp_path):
    from casebook.policy.loader import builtin_pack_dir

    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_dir("house"), pack)
    with (pack / "pack.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nextra: " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = run(capsys, "policy", "list", "--pack", pack)
    assert code == 2 and "pack.yaml" in err and "嵌套" in err


def test_grade_refuses_a_deeply_nested_manifest(capsys, tmp_path):
    folder, _ = make_assignment(tmp_path, ("ex45",))
    manifest = folder / "manifest.json"
    manifest.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "subs").mkdir()
    code, _, err = run(capsys, "grade", folder, tmp_path / "subs", "--out", tmp_path / "out")
    assert code == 2 and str(manifest) in err and "嵌套" in err


# 3. Dates near year 9999 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "value"),
    [(0, "9999-12-31T23:59:00"), (0, "0001-01-01T08:30:00"), (1, "9999-12-31T23:59:59-12:00")],
)
def test_assess_refuses_dates_out_of_range(capsys, tmp_path, index, value):
    plan = plan_data()
    plan["actions"][index]["time"] = value
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "assess", CASE, path)
    assert code == 2 and str(path) in err and f"field 'actions[{index}].time'" in err
    assert f"{casebook_io.MIN_YEAR}–{casebook_io.MAX_YEAR}" in err


def test_assess_refuses_a_yaml_date_out_of_range(capsys, tmp_path):
    path = tmp_path / "case.yaml"
    text = case_text().replace('"due_date": "2026-01-10"', '"due_date": 9999-12-31')
    assert "9999-12-31" in text
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "assess", path, CLEAN)
    assert code == 2 and "field 'account.due_date'" in err


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+08:00"])
def test_grade_rejects_a_submission_time_out_of_range(capsys, tmp_path, when):
    """One file with an absurd time used to crash the whole run (OverflowError)."""
    folder, manifest = make_assignment(tmp_path, ("ex45",))
    subs = tmp_path / "subs"
    write(subs, "a.json", submission(manifest, "T001", "ex45", all_right_quiz(), submitted_at=when))
    write(subs, "b.json", submission(manifest, "T002", "ex45", all_right_quiz()))
    code, out, _ = run(capsys, "grade", folder, subs, "--out", tmp_path / "out", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["graded"] == 1
    [rejected] = summary["rejected"]
    assert rejected["file"] == "a.json" and "field 'submitted_at'" in rejected["reason"]


# 4. --out pointing at an existing file or at a folder that is not ours --------------------


@pytest.fixture()
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("学号,姓名\nT001,张三\n", encoding="utf-8")
    return path


def assign_args(roster, out):
    return ["assign", "--roster", roster, "--exercises", "ex45", "--seed", "1", "--out", out]


@pytest.mark.parametrize("nested", [False, True])
def test_assign_out_is_an_existing_file(capsys, tmp_path, roster, nested):
    precious = tmp_path / "notes.txt"
    precious.write_text("mine", encoding="utf-8")
    out = precious / "assignment" if nested else precious
    code, _, err = run(capsys, *assign_args(roster, out))
    assert code == 2 and str(precious) in err and "不是文件夹" in err
    assert precious.read_text(encoding="utf-8") == "mine"


def test_assign_refuses_a_folder_with_other_files(capsys, tmp_path, roster):
    out = tmp_path / "home"
    out.mkdir()
    (out / "README.txt").write_text("my own readme", encoding="utf-8")
    code, _, err = run(capsys, *assign_args(roster, out))
    assert code == 2 and "README.txt" in err and "不是空的" in err
    assert sorted(p.name for p in out.iterdir()) == ["README.txt"]
    assert (out / "README.txt").read_text(encoding="utf-8") == "my own readme"


def test_assign_again_into_its_own_folder_still_works(capsys, tmp_path, roster):
    out = tmp_path / "a"
    assert run(capsys, *assign_args(roster, out))[0] == 0
    before = snapshot(out)
    assert run(capsys, *assign_args(roster, out))[0] == 0
    assert snapshot(out) == before


@pytest.fixture()
def graded(tmp_path):
    """An assignment, one submission and a first grading run in ``out``."""
    folder, manifest = make_assignment(tmp_path, ("ex45",))
    subs = tmp_path / "subs"
    write(subs, "t1.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    out = tmp_path / "out"
    assert main(["grade", str(folder), str(subs), "--out", str(out), "--quiet"]) == 0
    return folder, manifest, subs, out


def test_grade_out_is_an_existing_file(capsys, tmp_path, graded):
    folder, _, subs, _ = graded
    precious = tmp_path / "grades.csv"
    precious.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "grade", folder, subs, "--out", precious)
    assert code == 2 and str(precious) in err and "不是文件夹" in err
    assert precious.read_text(encoding="utf-8") == "mine"


def test_grade_refuses_a_folder_with_someone_elses_report(capsys, tmp_path, graded):
    folder, _, subs, _ = graded
    out = tmp_path / "site"
    out.mkdir()
    (out / REPORT).write_text("<p>my report</p>", encoding="utf-8")
    code, _, err = run(capsys, "grade", folder, subs, "--out", out)
    assert code == 2 and REPORT in err and str(out) in err
    assert snapshot(out) == {REPORT: b"<p>my report</p>"}


def test_grade_refuses_the_output_of_another_assignment(capsys, tmp_path, graded):
    _, _, subs, out = graded
    other = tmp_path / "other"
    other_folder, _ = make_assignment(other, ("ex45",), seed=99)
    before = snapshot(out)
    code, _, err = run(capsys, "grade", other_folder, subs, "--out", out)
    assert code == 2 and "评分结果" in err
    assert snapshot(out) == before


def test_grade_refuses_an_out_folder_inside_the_submissions(capsys, graded):
    folder, _, subs, _ = graded
    code, _, err = run(capsys, "grade", folder, subs, "--out", subs / "results")
    assert code == 2 and "提交文件夹" in err
    assert not (subs / "results").exists()


# 5. A full disk -------------------------------------------------------------------------


class FullDisk(io.StringIO):
    """A stdout redirected to a file on a full disk."""

    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self):
        raise io.UnsupportedOperation("no file descriptor")


def test_simulate_to_a_full_disk(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout", FullDisk())
    code = main([*SIMULATE, "--json"])
    err = capsys.readouterr().err
    assert code == 2 and "磁盘空间不足" in err and "Traceback" not in err


def fail_after(monkeypatch, good_writes: int):
    """Make every staged file write after the first ``good_writes`` fail with ENOSPC."""
    real = files.os.fdopen
    count = {"n": 0}

    class Handle:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            count["n"] += 1
            if count["n"] > good_writes:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Handle(real(fd, mode)))


@pytest.mark.parametrize("good_writes", [0, 1, 2])
def test_grade_on_a_full_disk_keeps_every_earlier_output(capsys, monkeypatch, graded, good_writes):
    folder, manifest, subs, out = graded
    before = snapshot(out)
    write(subs, "t2.json", submission(manifest, "T002", "ex45", all_right_quiz()))
    fail_after(monkeypatch, good_writes)
    code, _, err = run(capsys, "grade", folder, subs, "--out", out)
    assert code == 2 and "磁盘空间不足" in err and str(out) in err
    assert snapshot(out) == before  # results, feedback, report and gradebook all unchanged
    assert not list(out.rglob("*.tmp"))
    assert {RESULTS, REPORT, GRADEBOOK} <= set(before)


def test_assign_on_a_full_disk_leaves_no_folder(capsys, monkeypatch, tmp_path, roster):
    fail_after(monkeypatch, 3)
    out = tmp_path / "assignment"
    code, _, err = run(capsys, *assign_args(roster, out))
    assert code == 2 and "磁盘空间不足" in err
    assert not out.exists()


# 6. A UTF-8 byte-order mark -------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_assess_accepts_a_utf8_bom(capsys, tmp_path, suffix):
    case = tmp_path / f"case{suffix}"
    case.write_bytes(CASE.read_text(encoding="utf-8").encode("utf-8-sig"))
    plan = tmp_path / f"plan{suffix}"
    plan.write_bytes(CLEAN.read_text(encoding="utf-8").encode("utf-8-sig"))
    expected = run(capsys, "assess", CASE, CLEAN, "--json")
    assert expected[0] == 0
    assert run(capsys, "assess", case, plan, "--json") == expected


# 7. Size caps ---------------------------------------------------------------------------


def test_assess_refuses_a_file_over_the_size_cap(capsys, tmp_path):
    path = tmp_path / "plan.json"
    text = json.dumps(plan_data(), ensure_ascii=False)
    path.write_text(text + " " * (casebook_io.MAX_INPUT_BYTES - len(text.encode()) + 1), "utf-8")
    code, _, err = run(capsys, "assess", CASE, path)
    assert code == 2 and str(path) in err and "文件过大" in err
    assert f"{casebook_io.MAX_INPUT_BYTES:,}" in err


def test_assess_caps_the_number_of_actions(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(casebook_io, "MAX_ACTIONS", 5)
    plan = plan_data()
    assert len(plan["actions"]) == 5
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "assess", CASE, path)[0] == 0
    plan["actions"].append(dict(plan["actions"][-1], time="2026-03-05T16:00:00"))
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "assess", CASE, path)
    assert code == 2 and str(path) in err and "field 'actions'" in err and "上限 5" in err


def test_the_default_action_cap_is_generous(tmp_path):
    """The cap is far above any real case (the shipped plans have under a dozen actions)."""
    assert casebook_io.MAX_ACTIONS >= 1000
    path = tmp_path / "plan.json"
    plan = plan_data()
    plan["actions"] = plan["actions"] * (casebook_io.MAX_ACTIONS // 5 + 1)
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(casebook_io.InputFileError, match=r"field 'actions'"):
        casebook_io.load_action_log(path)


def test_check_message_caps_the_text(capsys):
    from casebook.commands.check_message import MAX_TEXT_CHARS

    code, out, _ = run(capsys, "check-message", "请按时还款。" * (MAX_TEXT_CHARS // 6), "--json")
    assert code == 0 and json.loads(out)["compliant"] is True
    text = "老赖还钱" * (MAX_TEXT_CHARS // 4 + 1)
    code, out, err = run(capsys, "check-message", text, "--json")
    assert code == 2 and out == "" and "TEXT" in err and f"{MAX_TEXT_CHARS:,}" in err


def test_a_deeply_nested_handout_is_refused(tmp_path):
    from casebook.grading.handout import load_handout

    path = tmp_path / "ex45.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(casebook_io.InputFileError, match="嵌套"):
        load_handout(path)


def test_a_yaml_alias_bomb_is_refused(capsys, tmp_path):
    """Aliases expand to millions of values; the walk stops at MAX_VALUES, naming the limit."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 7)]
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\nactions: []\n", encoding="utf-8")
    assert casebook_io.MAX_VALUES < 9**7
    code, _, err = run(capsys, "assess", CASE, path)
    assert code == 2 and str(path) in err and f"{casebook_io.MAX_VALUES:,}" in err


def test_a_roster_over_the_cap_is_refused(capsys, tmp_path, monkeypatch):
    from casebook.grading import roster

    monkeypatch.setattr(roster, "MAX_TRAINEES", 3)
    path = tmp_path / "roster.csv"
    rows = "".join(f"T{i:03d},学员{i}\n" for i in range(4))
    path.write_text("学号,姓名\n" + rows, encoding="utf-8")
    code, _, err = run(capsys, *assign_args(path, tmp_path / "a"))
    assert code == 2 and str(path) in err and "上限 3 名" in err
    assert not (tmp_path / "a").exists()
    assert roster.parse_roster("学号,姓名\n" + rows[: rows.index("T003")])  # three are fine


@pytest.mark.parametrize("seed", ["-1", str(2**63), "1" * 40])
def test_assign_refuses_a_seed_outside_64_bits(capsys, tmp_path, roster, seed):
    """manifest.json stores the seed; one beyond 2^63 could not be read back by grade."""
    args = assign_args(roster, tmp_path / "a")
    args[args.index("--seed") + 1] = seed
    code, _, err = run(capsys, *args)
    assert code == 2 and "--seed" in err
    assert not (tmp_path / "a").exists()


def test_grade_refuses_a_folder_whose_results_file_is_not_ours(capsys, tmp_path, graded):
    folder, _, subs, _ = graded
    out = tmp_path / "odd"
    out.mkdir()
    (out / RESULTS).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    before = snapshot(out)
    code, _, err = run(capsys, "grade", folder, subs, "--out", out)
    assert code == 2 and RESULTS in err and snapshot(out) == before


def test_a_case_with_too_many_contacts_is_refused_before_validation(capsys, tmp_path):
    case = json.loads(case_text())
    case["contacts"] += [
        {"id": f"c{i}", "name": "路人", "role": "third_party", "relation": "同事"}
        for i in range(casebook_io.MAX_CONTACTS)
    ]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "assess", path, CLEAN)
    assert code == 2 and "field 'contacts'" in err and f"{casebook_io.MAX_CONTACTS:,}" in err
