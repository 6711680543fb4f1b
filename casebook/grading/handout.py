"""Find a trainee's handout for an exercise notebook, or fall back to the practice variant.

A notebook asks :func:`exercise_variant` for its variant. If the trainer's handout for that
exercise is in ``$CASEBOOK_HANDOUTS`` (a folder, or several separated by ``os.pathsep``) or
in ``~/handouts/``, the trainee works on their personalised case and the 提交 button fills in
the assignment and trainee ids and the trainee's identity token. Otherwise the catalogue's practice variant is used (as in
the book) and submissions are marked ``practice``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from casebook.grading.catalog import Exercise, get_exercise
from casebook.grading.kinds import get_kind
from casebook.grading.schema import HANDOUT_SCHEMA_VERSION, Handout, Variant
from casebook.io import InputFileError, loads_json, read_text_capped

HANDOUT_ENV = "CASEBOOK_HANDOUTS"


def handout_dirs() -> list[Path]:
    """Folders searched for handouts, in order."""
    found = [Path(p) for p in os.environ.get(HANDOUT_ENV, "").split(os.pathsep) if p]
    return [*found, Path.home() / "handouts"]


def load_handout(path: str | Path) -> Handout:
    """Read one handout file (InputFileError naming the file and field)."""
    path = Path(path)
    try:
        data = loads_json(read_text_capped(path))
        if isinstance(data, dict) and data.get("schema_version", 1) != HANDOUT_SCHEMA_VERSION:
            raise InputFileError(
                f"{path}: field 'schema_version': {data.get('schema_version', 1)!r} 是旧版作业文件"
                f"（没有身份令牌），本版本读取版本 {HANDOUT_SCHEMA_VERSION}；请向培训师索取新的作业文件"
            )
        return Handout.model_validate(data)
    except InputFileError:
        raise
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            fields = "; ".join(
                f"field '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors()
            )
            raise InputFileError(f"{path}: not a handout: {fields}") from None
        raise InputFileError(f"{path}: cannot read handout: {exc}") from None


def find_handout(exercise_id: str) -> Handout | None:
    """The first handout named ``<exercise_id>.json`` in :func:`handout_dirs`, if any."""
    for folder in handout_dirs():
        candidate = folder / f"{exercise_id}.json"
        if candidate.is_file():
            handout = load_handout(candidate)
            if handout.exercise_id == exercise_id:
                return handout
    return None


def practice_variant(exercise: Exercise) -> Variant:
    """The variant shown in the book (the catalogue's ``practice_seed``)."""
    return get_kind(exercise.kind).make_variant(exercise, exercise.practice_seed)


def exercise_variant(
    exercise_id: str, handout: Handout | bool | None = True
) -> tuple[Exercise, Variant, Handout | None]:
    """The exercise, the variant to show and the handout it came from.

    ``handout=True`` searches for one; ``None``/``False`` forces the practice variant; a
    :class:`Handout` is used as given.
    """
    exercise = get_exercise(exercise_id)
    found = find_handout(exercise_id) if handout is True else (handout or None)
    if found is None:
        return exercise, practice_variant(exercise), None
    variant = Variant(
        exercise_id=exercise.id,
        kind=exercise.kind,
        seed=found.variant_seed,
        public=found.public,
    )
    return exercise, variant, found
