"""One helper for the exercise notebooks' hidden test: assign → answer in the widgets → 提交 → grade.

:func:`roundtrip` makes a one-trainee trial assignment in a temporary folder, opens a
separate instance of the exercise with that trainee's handout (never displayed, so it is
not part of the page), fills the widgets, presses 提交, grades the submissions folder with
``grade_assignment`` exactly as ``casebook grade`` does, and checks that nothing was
rejected and that the points are the expected ones. The widgets are closed and the
temporary files removed whatever happens.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from casebook.grading.schema import ExerciseResult
from casebook.policy.schema import Pack
from casebook.ui.submit import ExerciseApp, build_exercise

#: The 提交 button's clock in the test: a fixed time, so the submission file name is fixed.
SUBMITTED_AT = datetime(2026, 3, 20, 10, 0, tzinfo=timezone(timedelta(hours=8)))

Answers = Mapping[str, Any] | Callable[[ExerciseApp], Mapping[str, Any]]


def roundtrip(
    exercise_id: str,
    answers: Answers | None = None,
    *,
    expected: float | Callable[[ExerciseApp], float],
    drive: Callable[[ExerciseApp], None] | None = None,
    packs: Sequence[Pack] | None = None,
) -> ExerciseResult:
    """Submit through the widgets and grade; assert the points are ``expected``.

    ``answers`` maps form fields to widget values (or computes them from the app, e.g. from
    its variant with the engine); ``drive`` operates a simulator (the contact planner, the
    campaign console, the strategy lab); ``expected`` may be computed from the app after
    ``drive``. Returns the graded result.
    """
    from casebook.grading.assign import assign_one
    from casebook.grading.grade import grade_assignment

    folder = Path(tempfile.mkdtemp(prefix="casebook-selftest-"))
    try:
        app = build_exercise(
            exercise_id,
            handout=assign_one(exercise_id, folder / "assignment"),
            submissions_dir=folder / "submissions",
            clock=lambda: SUBMITTED_AT,
            packs=packs,
        )
        try:
            values = answers(app) if callable(answers) else (answers or {})
            for field, value in values.items():
                app.fields[field].value = value
            if drive is not None:
                drive(app)
            want = expected(app) if callable(expected) else expected
            app.submit.button.click()
            assert "已提交" in app.submit.status.value, app.submit.status.value
        finally:
            app.close()
        run = grade_assignment(folder / "assignment", folder / "submissions")
        assert run.rejected == [], run.rejected
        assert [g.result.points for g in run.graded] == [want], [g.result for g in run.graded]
        return run.graded[0].result
    finally:
        shutil.rmtree(folder, ignore_errors=True)
