"""Read a class roster: a CSV with a trainee id and a name per row, UTF-8 or GBK.

Excel in China saves CSV as GBK by default, and "CSV UTF-8" with a BOM; both work. The
header names the columns (``trainee_id``/``id``/``学号``/``工号``/``编号`` and
``name``/``姓名``); other columns are ignored. Every problem is an
:class:`~casebook.io.InputFileError` naming the file and the row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from casebook.grading.files import decode_text
from casebook.grading.ids import UnsafeIdError, check_id
from casebook.io import InputFileError

ID_HEADERS = ("trainee_id", "id", "学号", "工号", "编号", "学员编号", "员工编号")
NAME_HEADERS = ("name", "姓名", "学员姓名")
MAX_ROSTER_BYTES = 5 * 1024 * 1024
#: Most trainees in one roster (a training cohort is tens to hundreds of people).
MAX_TRAINEES = 10_000


@dataclass(frozen=True)
class RosterEntry:
    """One trainee."""

    trainee_id: str
    name: str


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [h.strip().lower() for h in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def parse_roster(text: str, where: str = "roster") -> list[RosterEntry]:
    """Parse roster CSV text (see the module docstring)."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    if not rows:
        raise InputFileError(f"{where}: the roster is empty")
    if len(rows) - 1 > MAX_TRAINEES:
        raise InputFileError(
            f"{where}: 名单有 {len(rows) - 1:,} 名学员，超过上限 {MAX_TRAINEES:,} 名；请按班级拆分名单分别布置"
        )
    header = rows[0]
    id_col, name_col = _column(header, ID_HEADERS), _column(header, NAME_HEADERS)
    if id_col is None:
        raise InputFileError(
            f"{where}:1: field 'trainee_id': no id column in the header {header}; "
            f"name it one of {', '.join(ID_HEADERS)}"
        )
    entries: list[RosterEntry] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        raw_id = row[id_col].strip() if id_col < len(row) else ""
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        try:
            trainee_id = check_id(raw_id, "trainee id")
        except UnsafeIdError as exc:
            problems.append(f"{where}:{line}: field 'trainee_id': {exc}")
            continue
        if trainee_id in seen:
            problems.append(
                f"{where}:{line}: field 'trainee_id': duplicate id {trainee_id!r} (also on line {seen[trainee_id]})"
            )
            continue
        seen[trainee_id] = line
        entries.append(RosterEntry(trainee_id, name))
    if problems:
        raise InputFileError("; ".join(problems[:20]) + (" …" if len(problems) > 20 else ""))
    if not entries:
        raise InputFileError(f"{where}: the roster has a header but no trainees")
    return entries


def read_roster(path: str | Path) -> list[RosterEntry]:
    """Read a roster file in UTF-8 (BOM optional) or GBK."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise InputFileError(f"{path}: roster larger than {MAX_ROSTER_BYTES:,} bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: roster not found") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: roster is a folder, not a CSV file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read roster: {exc.strerror}") from None
    try:
        text = decode_text(data).text
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: roster is neither UTF-8 nor GBK text") from None
    return parse_roster(text, str(path))
