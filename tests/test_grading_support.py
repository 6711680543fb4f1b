"""Helpers shared by the grading tests (an assignment in a temp folder, submission builders)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from casebook.grading.assign import assign
from casebook.grading.intake import AssignmentFolder
from casebook.grading.kinds._common import case_of, placeholders
from casebook.grading.roster import RosterEntry
from casebook.grading.schema import SUBMISSION_SCHEMA_VERSION, AssignmentManifest
from casebook.grading.secret import trainee_token

ROSTER = [
    RosterEntry("T001", "张三"),
    RosterEntry("T002", "李四"),
    RosterEntry("T003", "<b>王五</b>"),
]
WHEN = "2026-03-20T10:00:00+08:00"
#: The key of the test assignments (fixed, so expected points do not depend on chance).
TEST_SECRET = bytes(range(32))


def make_assignment(
    root: Path, exercises=("ex01", "ex41", "ex45"), seed: int = 11, roster=ROSTER
) -> tuple[Path, AssignmentManifest]:
    """Assign ``exercises`` to the test roster in ``root/assignment`` (key: TEST_SECRET)."""
    folder = root / "assignment"
    return folder, assign(
        roster, list(exercises), seed, folder, title="测试作业", secret=TEST_SECRET
    )


def token(manifest: AssignmentManifest, trainee_id: str) -> str:
    """The identity token of ``trainee_id`` in an assignment made by :func:`make_assignment`."""
    return trainee_token(TEST_SECRET, manifest.assignment_id, trainee_id)


def submission(
    manifest: AssignmentManifest,
    trainee_id: str,
    exercise_id: str,
    /,
    answers: dict[str, Any] | None = None,
    action_log: list[dict[str, Any]] | None = None,
    submitted_at: str = WHEN,
    **overrides: Any,
) -> dict[str, Any]:
    """A valid submission dict (override any field, ids included, with keyword arguments).

    The token is the trainee's own; overriding ``trainee_id`` keeps the token of the
    positional ``trainee_id`` (that is what a forger holds).
    """
    trainee = manifest.trainee(trainee_id)
    data = {
        "schema_version": SUBMISSION_SCHEMA_VERSION,
        "assignment_id": manifest.assignment_id,
        "exercise_id": exercise_id,
        "trainee_id": trainee_id,
        "token": token(manifest, trainee_id),
        "variant_seed": trainee.variant_seeds[exercise_id] if trainee else 0,
        "answers": answers if answers is not None else {},
        "action_log": action_log or [],
        "submitted_at": submitted_at,
    }
    data.update(overrides)
    return data


def write(folder: Path, name: str, data: Any, encoding: str = "utf-8") -> Path:
    """Write ``data`` as JSON (``encoding`` may be 'gbk' or 'utf-8-sig')."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode(encoding))
    return path


def compliant_sms(assignment_dir: Path, trainee_id: str, exercise_id: str = "ex41") -> str:
    """A compliant SMS to the debtor of this trainee's variant, with every required element."""
    variant = AssignmentFolder(assignment_dir).variant(trainee_id, exercise_id)
    v = placeholders(case_of(variant))
    return (
        f"【{v['bank']}】{v['honorific']}您好，您的信用卡账户尚有欠款{v['balance']}元未还，"
        f"请尽快还款或致电{v['hotline']}协商还款方案。"
    )


def all_right_quiz() -> dict[str, Any]:
    """Full marks on ex45."""
    return {
        "hours": "h22",
        "connected_calls": "stop",
        "what_to_say": ["sue", "credit"],
        "recording": "y2",
        "letter": ["name_balance", "channels", "bank_contact"],
        "overdraft": "not_crime",
    }


def test_helpers_build_a_valid_assignment(tmp_path):
    folder, manifest = make_assignment(tmp_path)
    assert (folder / "manifest.json").is_file()
    data = submission(manifest, "T001", "ex45", all_right_quiz())
    assert data["variant_seed"] == manifest.trainee("T001").variant_seeds["ex45"]
    handout = json.loads((folder / "handouts" / "T001" / "ex45.json").read_text(encoding="utf-8"))
    assert data["token"] == handout["token"] != token(manifest, "T002")
    assert "【星河银行】" in compliant_sms(folder, "T001")
