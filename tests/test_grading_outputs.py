"""Gradebook, feedback pages and cohort report: BOM, overrides, idempotence, atomic writes."""

from __future__ import annotations

import base64
import csv
import io
import os
import re

import pytest

from casebook.grading import files
from casebook.grading.grade import grade_assignment
from casebook.grading.gradebook import protect_cell, unprotect_cell
from casebook.grading.roster import RosterEntry
from tests.test_grading_support import (
    all_right_quiz,
    compliant_sms,
    make_assignment,
    submission,
    write,
)


@pytest.fixture()
def graded(tmp_path):
    roster = [
        RosterEntry("T001", "张三"),
        RosterEntry("T002", "=HYPERLINK(1)"),
        RosterEntry("T003", "王五"),
    ]
    folder, manifest = make_assignment(tmp_path, ("ex41", "ex45"), roster=roster)
    subs = tmp_path / "subs"
    write(subs, "t1q.json", submission(manifest, "T001", "ex45", all_right_quiz()))
    write(
        subs,
        "t1s.json",
        submission(manifest, "T001", "ex41", {"message": compliant_sms(folder, "T001")}),
    )
    write(
        subs, "t2q.json", submission(manifest, "T002", "ex45", {**all_right_quiz(), "hours": "h21"})
    )
    write(subs, "t2s.json", submission(manifest, "T002", "ex41", {"message": "老赖，快还钱"}))
    out = tmp_path / "out"
    run = grade_assignment(folder, subs, out)
    return folder, subs, out, run


def read_book(out):
    raw = (out / "gradebook.csv").read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_gradebook_is_utf8_with_bom_and_has_the_columns(graded):
    _, _, out, _ = graded
    raw, rows = read_book(out)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(rows[0]) == [
        "trainee_id", "name", "ex41", "ex45", "total", "max_total", "percent",
        "manual_override", "override_note", "final", "status",
    ]  # fmt: skip
    by_id = {r["trainee_id"]: r for r in rows}
    assert (by_id["T001"]["ex41"], by_id["T001"]["ex45"], by_id["T001"]["final"]) == (
        "100",
        "100",
        "200",
    )
    # ex45: 21:00 is the wrong answer to the 15-point question on contact hours.
    assert by_id["T002"]["ex45"] == "85"
    assert by_id["T003"]["ex41"] == "" and by_id["T003"]["total"] == "0"
    assert by_id["T003"]["status"] == "已提交 0/2"
    assert by_id["T002"]["name"] == "'=HYPERLINK(1)"  # not run as a formula by Excel


def test_manual_override_survives_regrade_and_regrade_is_idempotent(graded):
    folder, subs, out, _ = graded
    _raw, rows = read_book(out)
    rows[0]["manual_override"] = "95"
    rows[0]["override_note"] = "-口试加分"
    rows[1]["manual_override"] = "很好"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    # Saved back from Excel in China: GBK, no BOM.
    (out / "gradebook.csv").write_bytes(buffer.getvalue().encode("gbk"))
    grade_assignment(folder, subs, out)
    first = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    _, rows = read_book(out)
    by_id = {r["trainee_id"]: r for r in rows}
    assert (by_id["T001"]["manual_override"], by_id["T001"]["final"]) == ("95", "95")
    assert by_id["T001"]["override_note"] == "'-口试加分"
    assert by_id["T001"]["status"] == "已提交 2/2；已人工调整"
    assert (
        by_id["T002"]["manual_override"] == "很好"
        and by_id["T002"]["final"] == by_id["T002"]["total"]
    )
    assert "无效" in by_id["T002"]["status"]
    grade_assignment(folder, subs, out)
    second = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert first == second


def test_cell_protection_round_trips():
    for text in ["=1+1", "+86", "-5", "@x", "正常", "'quoted"]:
        assert unprotect_cell(protect_cell(text)) == text


def test_a_crash_mid_write_keeps_the_old_gradebook(graded, monkeypatch):
    folder, subs, out, _ = graded
    before = (out / "gradebook.csv").read_bytes()
    (subs / "t1q.json").unlink()  # the new gradebook would differ

    def crash(fd):
        raise KeyboardInterrupt  # Ctrl-C after the data went to the temporary file

    monkeypatch.setattr(files.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        grade_assignment(folder, subs, out)
    assert (out / "gradebook.csv").read_bytes() == before
    assert not [p for p in out.rglob("*.tmp")]


def test_atomic_write_cleans_up_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        files.atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_report_has_three_embedded_charts_and_lists_problems(graded):
    _, _, out, _run = graded
    html = (out / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    for heading in ("得分分布", "最常违反的规则", "失分最多的题目", "拒收的文件", "成绩表"):
        assert heading in html
    assert "CN-NO-INSULT" in html and "CN-CONTACT-HOURS" in html
    assert "http://" not in html and "https://" not in html  # one offline file
    assert 'href="feedback/T001.html"' in html


def test_feedback_pages_for_everyone(graded):
    _, _, out, _ = graded
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == ["T001.html", "T002.html", "T003.html"]
    t2 = (out / "feedback" / "T002.html").read_text(encoding="utf-8")
    assert "CN-NO-INSULT" in t2 and "应当怎么做" in t2 and "第六十八条" in t2
    assert "老赖，快还钱" in t2  # the trainee's own words, shown back (escaped)
    t3 = (out / "feedback" / "T003.html").read_text(encoding="utf-8")
    assert t3.count("未提交") >= 2


def test_outputs_are_readable_by_others(graded):
    _, _, out, _ = graded
    mask = os.umask(0)
    os.umask(mask)
    assert (out / "report.html").stat().st_mode & 0o777 == 0o666 & ~mask
