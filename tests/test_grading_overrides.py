"""Manual overrides are matched to the roster robustly, and a row that matches nobody is reported."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casebook.cli import main
from casebook.grading.gradebook import OverrideRow, id_key, match_overrides
from casebook.grading.roster import RosterEntry
from tests.test_grading_support import all_right_quiz, make_assignment, submission, write

ROSTER = [
    RosterEntry("000123", "张三"),
    RosterEntry("T002", "李四"),
    RosterEntry("A-7", "王五"),
    RosterEntry("0042", "赵六"),
]


@pytest.mark.parametrize(
    "typed, roster_id",
    [
        ("123", "000123"),  # Excel dropped the leading zeros
        ("123.0", "000123"),
        ("'000123", "000123"),  # Excel's text marker
        ('="000123"', "000123"),
        ("１２３", "000123"),  # full-width digits
        (" T002\u3000", "T002"),  # ASCII and ideographic spaces
        ("\ufeffT002", "T002"),  # a byte-order mark glued to the first cell
        ("t002", "T002"),
        ("Ａ－７", "A-7"),  # full-width letters and hyphen
        ("42", "0042"),
    ],
)
def test_id_key_undoes_what_excel_and_editors_do(typed, roster_id):
    assert id_key(typed) == id_key(roster_id)


def test_distinct_ids_stay_distinct():
    assert id_key("T002") != id_key("T0020")
    assert id_key("123") != id_key("1230")
    assert id_key("A-7") != id_key("A7")


def row(line, trainee_id, value="90", note=""):
    return OverrideRow(line, trainee_id, "", value, note)


def test_match_prefers_the_exact_id_and_reports_the_rest():
    rows = [row(2, "123", "80"), row(3, "000123", "95"), row(4, "999"), row(5, "T002", "", "缺考")]
    overrides, unmatched = match_overrides(rows, ["000123", "T002"])
    assert overrides == {"000123": ("95", ""), "T002": ("", "缺考")}
    assert [(u.row.line, u.row.trainee_id) for u in unmatched] == [(2, "123"), (4, "999")]
    assert "第 3 行是同一名学员（000123）" in unmatched[0].reason
    assert "名单中没有编号「999」" in unmatched[1].reason


def test_an_ambiguous_row_is_reported_not_guessed():
    overrides, unmatched = match_overrides([row(2, "123")], ["0123", "00123"])
    assert overrides == {}
    assert "0123、00123" in unmatched[0].reason


def read_book(out):
    text = (out / "gradebook.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def save_as_excel_would(out, rows, encoding="gbk"):
    """Write the gradebook back the way Excel in China saves a CSV (GBK, ids as numbers)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "gradebook.csv").write_bytes(buffer.getvalue().encode(encoding))


def test_excel_mangled_overrides_survive_and_strays_are_reported(tmp_path, capsys):
    folder, manifest = make_assignment(tmp_path, ("ex45",), roster=ROSTER)
    subs = tmp_path / "subs"
    for trainee in ("000123", "T002", "A-7"):
        write(subs, f"{trainee}.json", submission(manifest, trainee, "ex45", all_right_quiz()))
    out = tmp_path / "out"
    args = ["grade", str(folder), str(subs), "--out", str(out)]
    assert main([*args, "--quiet"]) == 0
    rows = read_book(out)
    by_id = {r["trainee_id"]: r for r in rows}
    by_id["000123"].update(trainee_id="123", manual_override="88", override_note="口试")
    by_id["T002"].update(trainee_id="Ｔ００２ ", manual_override="７７")  # full-width, a space
    by_id["A-7"].update(manual_override="66")
    stray = dict(by_id["0042"], trainee_id="9999", name="转岗", manual_override="50")
    save_as_excel_would(out, [*rows, stray])
    capsys.readouterr()

    assert main(args) == 0
    out_text, err = capsys.readouterr()
    book = {r["trainee_id"]: r for r in read_book(out)}
    assert (book["000123"]["manual_override"], book["000123"]["final"]) == ("88", "88")
    assert book["000123"]["override_note"] == "口试"
    assert (book["T002"]["manual_override"], book["T002"]["final"]) == ("７７", "77")
    assert book["A-7"]["final"] == "66"
    assert book["0042"]["final"] == "0" and book["0042"]["manual_override"] == ""
    # The stray row is reported everywhere and kept in the gradebook, not dropped.
    assert "人工调整未采用" in err and "'9999'" in err and "名单中没有编号「9999」" in err
    assert "1 行人工调整没有对上名单中的学员" in out_text
    assert book["9999"]["manual_override"] == "50" and book["9999"]["status"].startswith("未采用")
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    [unmatched] = results["unmatched_overrides"]
    assert unmatched["trainee_id"] == "9999" and unmatched["manual_override"] == "50"
    assert unmatched["line"] == 6 and "9999" in unmatched["reason"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "未采用的人工调整" in report and "9999" in report and "转岗" in report

    # Graded again: still reported, still kept; corrected, it is applied and disappears.
    assert main([*args, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [u["trainee_id"] for u in summary["unmatched_overrides"]] == ["9999"]
    rows = read_book(out)
    for r in rows:
        if r["trainee_id"] == "9999":
            r["trainee_id"] = "42"
    save_as_excel_would(out, rows, encoding="utf-8-sig")
    assert main([*args, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["unmatched_overrides"] == []
    book = {r["trainee_id"]: r for r in read_book(out)}
    assert book["0042"]["final"] == "50" and "9999" not in book and "42" not in book
