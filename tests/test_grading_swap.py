"""A killed ``casebook grade`` or ``assign`` leaves every output old or every output new.

The runs are real processes killed with SIGKILL part-way (no ``finally`` runs, nothing is
cleaned up), then the folders are compared byte for byte with what was there before, and
the next run must leave no temporary folder behind.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from casebook.cli import main
from casebook.grading import files
from casebook.grading.files import FolderSwap, recover_folder
from tests.conftest import ROOT
from tests.test_grading_support import all_right_quiz, make_assignment, submission, write

#: Runs the CLI with a hook: SIGKILL at the Nth call of a patched function.
KILLER = r"""
import os, signal, sys
from casebook.grading import files

target, when = sys.argv[1], int(sys.argv[2])
calls = {"n": 0}

def killing(real):
    def call(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == when:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

if target == "write":  # while the new folder is being written
    files.FolderSwap.write = killing(files.FolderSwap.write)
elif target == "after-swap":  # the new folder is in place, the old one not yet removed
    real = files.exchange_paths
    def exchange(a, b):
        done = real(a, b)
        os.kill(os.getpid(), signal.SIGKILL)
        return done
    files.exchange_paths = exchange
elif target == "between-renames":  # a system without an atomic exchange
    files.exchange_paths = lambda a, b: False
    os.rename = killing(os.rename)

from casebook.cli import main
sys.exit(main(sys.argv[3:]))
"""


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def leftovers(folder):
    """Temporary folders and files of ours beside or inside ``folder``."""
    beside = [p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.")]
    return beside + [p.name for p in folder.rglob("*.tmp")]


def killed(target: str, when: int, *args) -> int:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, target, str(when), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode


@pytest.fixture()
def graded(tmp_path):
    """An assignment graded once into ``out``, and a changed batch whose grades differ."""
    folder, manifest = make_assignment(tmp_path, ("ex45",))
    subs = tmp_path / "subs"
    write(subs, "t1.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    out = tmp_path / "out"
    assert main(["grade", str(folder), str(subs), "--out", str(out), "--quiet"]) == 0
    (out / "my notes.txt").write_text("培训师自己的文件", encoding="utf-8")
    old = snapshot(out)
    write(subs, "t2.json", submission(manifest, "T002", "ex45", all_right_quiz()))
    reference = tmp_path / "reference"
    assert main(["grade", str(folder), str(subs), "--out", str(reference), "--quiet"]) == 0
    new = {**snapshot(reference), "my notes.txt": old["my notes.txt"]}
    assert new != old
    return folder, subs, out, old, new


def grade_args(folder, subs, out):
    return ["grade", folder, subs, "--out", out, "--quiet"]


@pytest.mark.parametrize("when", [1, 3, 6])
def test_a_grade_killed_while_writing_leaves_the_old_outputs(graded, when):
    folder, subs, out, old, new = graded
    assert killed("write", when, *grade_args(folder, subs, out)) == -signal.SIGKILL
    assert snapshot(out) == old
    assert leftovers(out)  # the half-written folder of the killed run, beside --out
    assert main([str(a) for a in grade_args(folder, subs, out)]) == 0
    assert snapshot(out) == new and leftovers(out) == []


def test_a_grade_killed_after_the_swap_leaves_the_new_outputs(graded):
    folder, subs, out, _old, new = graded
    assert killed("after-swap", 1, *grade_args(folder, subs, out)) == -signal.SIGKILL
    assert snapshot(out) == new
    recover_folder(out)  # what the next run does first
    assert snapshot(out) == new and leftovers(out) == []


def test_without_an_atomic_exchange_the_next_run_puts_the_old_outputs_back(graded):
    folder, subs, out, old, new = graded
    # The first rename moves the old folder aside; the kill comes before the second.
    assert killed("between-renames", 2, *grade_args(folder, subs, out)) == -signal.SIGKILL
    recover_folder(out)
    assert snapshot(out) == old and leftovers(out) == []
    assert main([str(a) for a in grade_args(folder, subs, out)]) == 0
    assert snapshot(out) == new and leftovers(out) == []


def test_an_assign_killed_while_writing_leaves_the_old_folder(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("学号,姓名\nT001,张三\nT002,李四\n", encoding="utf-8")
    out = tmp_path / "asg"
    args = ["assign", "--roster", roster, "--exercises", "ex45,ex41", "--seed", 3, "--out", out]
    assert main([str(a) for a in args]) == 0
    old = snapshot(out)
    again = [*args, "--title", "新标题"]
    assert killed("write", 4, *again) == -signal.SIGKILL
    assert snapshot(out) == old and leftovers(out)
    assert main([str(a) for a in again]) == 0
    assert leftovers(out) == [] and snapshot(out)["secret.key"] == old["secret.key"]
    assert snapshot(out) != old


def test_a_first_assign_killed_leaves_no_folder(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("学号,姓名\nT001,张三\n", encoding="utf-8")
    out = tmp_path / "asg"
    args = ["assign", "--roster", roster, "--exercises", "ex45", "--seed", 3, "--out", out]
    assert killed("write", 2, *args) == -signal.SIGKILL
    assert not out.exists()
    assert main([str(a) for a in args]) == 0
    assert leftovers(out) == [] and (out / "manifest.json").is_file()


def test_the_trainers_own_files_in_out_survive_regrading(graded):
    folder, subs, out, _old, new = graded
    (out / "notes").mkdir()
    (out / "notes" / "周一.txt").write_text("点名", encoding="utf-8")
    (out / "feedback" / "extra.html").write_text("x", encoding="utf-8")  # ours: replaced
    assert main([str(a) for a in grade_args(folder, subs, out)]) == 0
    assert snapshot(out) == {**new, "notes/周一.txt": "点名".encode()}


def test_an_error_inside_a_swap_changes_nothing(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), FolderSwap(target, {"a.txt"}) as swap:
        swap.write_text("a.txt", "new")
        raise RuntimeError("boom")
    assert snapshot(target) == {"a.txt": b"old"} and leftovers(target) == []
    with FolderSwap(target, {"a.txt"}) as swap:
        swap.write_text("a.txt", "new")
    assert snapshot(target) == {"a.txt": b"new"} and leftovers(target) == []


def test_a_swap_keeps_the_folder_permissions(tmp_path):
    target = tmp_path / "out"
    target.mkdir(mode=0o750)
    target.chmod(0o750)
    with FolderSwap(target, ()) as swap:
        swap.write_text("a.txt", "x")
    assert target.stat().st_mode & 0o777 == 0o750


def test_the_exchange_is_atomic_on_this_system(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x").write_text("a", encoding="utf-8")
    if not files.exchange_paths(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no atomic exchange on this file system (the two-rename path is tested)")
    assert (tmp_path / "b" / "x").read_text(encoding="utf-8") == "a"
    assert not (tmp_path / "a" / "x").exists()


def test_out_cannot_be_the_working_folder(graded, monkeypatch, capsys):
    folder, subs, out, old, _new = graded
    monkeypatch.chdir(out)
    code = main(["grade", str(folder), str(subs), "--out", ".", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "不能是当前所在的文件夹" in err and f"--out {out.name}" in err
    assert snapshot(out) == old and leftovers(out) == []
