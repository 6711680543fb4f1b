"""Every entry that is not graded is listed with a reason; a huge archive stops at the cap."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from casebook.grading import files
from casebook.grading.grade import grade_assignment
from tests.test_grading_support import all_right_quiz, make_assignment, submission, write


@pytest.fixture()
def setup(tmp_path):
    folder, manifest = make_assignment(tmp_path, ("ex45",))
    good = json.dumps(submission(manifest, "T001", "ex45", all_right_quiz())).encode()
    return folder, manifest, good, tmp_path


def reasons(run) -> dict[str, str]:
    return {r.file: r.reason for r in run.rejected}


def test_hidden_and_system_entries_of_a_folder_are_listed(setup):
    folder, _manifest, good, root = setup
    subs = root / "subs"
    (subs / "class").mkdir(parents=True)
    (subs / "class" / "t1.json").write_bytes(good)
    (subs / ".hidden.json").write_bytes(good)  # a valid submission, but hidden
    (subs / "._t1.json").write_bytes(b"\0\5\26\7")
    (subs / ".ipynb_checkpoints").mkdir()
    (subs / ".ipynb_checkpoints" / "t1-checkpoint.json").write_bytes(good)
    (subs / "__MACOSX" / "class").mkdir(parents=True)
    (subs / "__MACOSX" / "class" / "._t1.json").write_bytes(b"junk")
    (subs / "Thumbs.db").write_bytes(b"\0")
    (subs / "T003").mkdir()  # a trainee's empty folder
    os.symlink(subs / "class", subs / "linked")
    run = grade_assignment(folder, subs)
    assert [(g.file, g.result.points) for g in run.graded] == [("class/t1.json", 100)]
    found = reasons(run)
    assert set(found) == {
        ".hidden.json",
        "._t1.json",
        ".ipynb_checkpoints/",
        "__MACOSX/",
        "Thumbs.db",
        "T003/",
        "linked",
    }
    assert found[".hidden.json"].startswith("隐藏文件（名称以「.」开头")
    assert found["._t1.json"].startswith("macOS 附带的资源文件")
    assert found[".ipynb_checkpoints/"].startswith("隐藏文件夹")
    assert found["__MACOSX/"].startswith("macOS 压缩时附带的资源文件夹")
    assert found["Thumbs.db"].startswith("Windows 系统文件")
    assert found["T003/"] == "空文件夹，没有可评分的文件"
    assert found["linked"].startswith("symbolic link refused")


def test_hidden_and_system_entries_of_a_zip_are_listed(setup):
    folder, _manifest, good, root = setup
    archive = root / "subs.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("class/t1.json", good)
        z.writestr("class/.DS_Store", b"\0")
        z.writestr("__MACOSX/class/._t1.json", b"junk")
        z.writestr("__MACOSX/._class", b"junk")
        z.writestr("class/.git/config", b"[core]")
        z.writestr("class/.git/HEAD", b"ref")
        z.writestr(zipfile.ZipInfo("T003/"), b"")  # an empty folder
        z.writestr(zipfile.ZipInfo("class/"), b"")  # a folder with files: not listed
        z.writestr("desktop.ini", b"[x]")
    run = grade_assignment(folder, archive)
    assert [(g.file, g.result.points) for g in run.graded] == [("class/t1.json", 100)]
    assert reasons(run) == {
        "class/.DS_Store": "隐藏文件（名称以「.」开头，如 .DS_Store），不是提交，未读取",
        "__MACOSX/": "macOS 压缩时附带的资源文件夹（__MACOSX），不是提交，其中 2 个文件未读取",
        "class/.git/": "隐藏文件夹（名称以「.」开头，如 .ipynb_checkpoints、.git），不是提交，"
        "其中 2 个文件未读取",
        "T003/": "空文件夹，没有可评分的文件",
        "desktop.ini": "Windows 系统文件，不是提交，未读取",
    }


def _zip_of(path, count: int, good: bytes):
    with zipfile.ZipFile(path, "w") as z:
        for i in range(count):
            z.writestr(f"m{i:06d}.json", good if i == 0 else b"{}")
    return path


@pytest.mark.parametrize("count", [30, 70_000])  # 70,000 members: a zip64 archive
def test_a_zip_is_read_only_up_to_the_member_cap(setup, monkeypatch, count):
    folder, _manifest, good, root = setup
    archive = _zip_of(root / "many.zip", count, good)
    monkeypatch.setattr(files, "MAX_ARCHIVE_MEMBERS", 10)
    made = {"n": 0}

    class CountingZipInfo(zipfile.ZipInfo):
        __slots__ = ()

        def __init__(self, *args, **kwargs):
            made["n"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipInfo", CountingZipInfo)
    run = grade_assignment(folder, archive)
    assert made["n"] == 10  # the central directory was read no further than the cap
    assert [(g.file, g.result.points) for g in run.graded] == [("m000000.json", 100)]
    found = reasons(run)
    assert len(found) == 1 + 9  # the nine other members read, and one line for the rest
    assert found["many.zip"] == (
        f"压缩包共有 {count:,} 个文件，超过上限 10 个：只读取了前 10 个，"
        f"其余 {count - 10:,} 个未读取；请拆分后分别评分"
    )
    assert files.count_candidates(archive) == 10


def test_a_folder_is_read_only_up_to_the_cap(setup, monkeypatch):
    folder, manifest, _good, root = setup
    subs = root / "subs"
    write(subs, "a.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    for i in range(25):
        (subs / f"z{i:02d}.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(files, "MAX_ARCHIVE_MEMBERS", 5)
    run = grade_assignment(folder, subs)
    found = reasons(run)
    assert len(run.graded) == 1 and len(found) == 4 + 1
    assert found["subs/"].startswith("文件夹共有 26 个文件，超过上限 5 个")
    assert "其余 21 个未读取" in found["subs/"]


def test_an_archive_with_a_comment_and_few_members_still_reads(setup):
    folder, _manifest, good, root = setup
    archive = root / "c.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("t1.json", good)
        z.comment = b"exported by the LMS"
    run = grade_assignment(folder, archive)
    assert [g.result.points for g in run.graded] == [100] and run.rejected == []
