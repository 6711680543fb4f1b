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


def test_documents_out_is_an_existing_file(capsys, tmp_path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"keep me")
    code = main(["documents", "--seed", "1", "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "--out" in err and "已有的文件" in err and "Traceback" not in err
    assert target.read_bytes() == b"keep me"


def test_documents_out_below_an_existing_file(capsys, tmp_path):
    # Used to raise NotADirectoryError from mkdir.
    target = tmp_path / "report.docx"
    target.write_bytes(b"keep me")
    code = main(["documents", "--seed", "1", "--out", str(target / "sub")])
    err = capsys.readouterr().err
    assert code == 2 and "--out" in err and str(target) in err
    assert target.read_bytes() == b"keep me"


def test_documents_target_name_taken_by_a_folder(capsys, tmp_path):
    (tmp_path / "complaint.docx").mkdir()
    code = main(["documents", "--seed", "1", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "complaint.docx" in err and "文件夹" in err


def test_documents_write_failure_is_reported_and_leaves_old_files_whole(
    capsys, tmp_path, monkeypatch
):
    import casebook.documents.render as render

    main(["documents", "--seed", "1", "--out", str(tmp_path)])
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    monkeypatch.setattr(render.os, "fdopen", lambda fd, mode: _Failing(fd))
    code = main(["documents", "--seed", "2", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "--out" in err and "No space left on device" in err
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # nothing half-written, no temporary files left behind


class _Failing:
    """A file object whose write fails as on a full disk."""

    def __init__(self, fd):
        import os

        self.fd = fd
        self._os = os

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._os.close(self.fd)
        return False

    def write(self, data):
        raise OSError(28, "No space left on device")
