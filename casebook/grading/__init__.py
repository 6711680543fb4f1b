"""Exercises, assignments and grading for trainers: answers are data, replayed by the engine.

* :mod:`casebook.grading.catalog` — the exercise catalogue (``casebook/data/exercises/``);
* :mod:`casebook.grading.kinds` — exercise kinds as plug-ins (variants, answers, grading);
* :mod:`casebook.grading.assign` — ``casebook assign``: manifest, variants, handouts;
* :mod:`casebook.grading.grade` — ``casebook grade``: intake, replay, gradebook, reports;
* :mod:`casebook.grading.secret` — the assignment's ``secret.key``: identity tokens, variant seeds;
* :mod:`casebook.grading.schema` — submission, manifest and gradebook shapes.

No trainee code is ever executed: a submission is JSON validated against a schema, and the
grade comes from replaying its answers through :func:`casebook.assess.evaluate` and the
kinds' own checks with the policy packs pinned in the assignment manifest.
"""

from casebook.grading.schema import (
    PRACTICE_ASSIGNMENT,
    SUBMISSION_SCHEMA_VERSION,
    AssignmentManifest,
    ExerciseResult,
    Handout,
    Submission,
    Variant,
)

__all__ = [
    "PRACTICE_ASSIGNMENT",
    "SUBMISSION_SCHEMA_VERSION",
    "AssignmentManifest",
    "ExerciseResult",
    "Handout",
    "Submission",
    "Variant",
]
