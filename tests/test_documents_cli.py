"""``casebook documents``: writes .docx files that open and carry their fields."""

import json

from casebook.cli import main
from casebook.documents.builders import MARKERS
from casebook.documents.render import docx_text


def test_documents_command_writes_docx_and_html(capsys, tmp_path):
    code = main(["documents", "--seed", "2", "--out", str(tmp_path), "--html", "--json"])
    records = json.loads(capsys.readouterr().out)
    assert code == 0 and [r["kind"] for r in records] == list(MARKERS)
    for record in records:
        text = docx_text(record["docx"])
        assert all(marker in text for marker in MARKERS[record["kind"]].values())
        assert record["missing"] == []
        assert (tmp_path / f"{record['kind']}.html").is_file()


def test_documents_command_bad_case_file(capsys, tmp_path):
    bad = tmp_path / "case.yaml"
    bad.write_text("case_id: X\n", encoding="utf-8")
    code = main(["documents", str(bad), "--out", str(tmp_path / "out")])
    assert code == 2 and str(bad) in capsys.readouterr().err
