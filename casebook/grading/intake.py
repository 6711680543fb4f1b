"""Turn one submitted file into validated answers, or into a clear per-file rejection.

Checks, in order: size (done while reading), encoding (UTF-8 with or without BOM, UTF-16,
GBK — all accepted, GBK noted), JSON syntax, schema version, score-like fields (removed and
flagged, never trusted), the submission schema (ids that could be path tricks are refused
here), the assignment and trainee ids, the trainee's identity token (made from the
assignment's ``secret.key``: a submission under another trainee's id is refused), the
exercise id, the variant seed, and finally the answers against the exercise kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casebook.grading.catalog import CatalogError, Exercise, validate_exercise
from casebook.grading.files import SourceFile, decode_text
from casebook.grading.kinds import Answered, AnswerError, get_kind
from casebook.grading.schema import (
    MANIFEST_SCHEMA_VERSION,
    PRACTICE_ASSIGNMENT,
    SUBMISSION_SCHEMA_VERSION,
    AssignmentManifest,
    Submission,
    Variant,
)
from casebook.grading.secret import (
    SECRET_FILE,
    key_id,
    read_secret,
    token_matches,
    trainee_token,
)
from casebook.io import InputFileError, UnsafeDataError, loads_json

#: Keys that would carry a self-reported result. They are removed before validation.
SCORE_KEYS = frozenset(
    {
        "score",
        "scores",
        "points",
        "grade",
        "grades",
        "total",
        "marks",
        "result",
        "results",
        "assessment",
    }
)


@dataclass(frozen=True)
class Rejection:
    """A file that was not graded, and why."""

    file: str
    reason: str


@dataclass
class Accepted:
    """A valid submission with its parsed answers and any flags raised on the way."""

    file: str
    submission: Submission
    answered: Answered
    exercise: Exercise
    variant: Variant
    flags: list[str] = field(default_factory=list)


def _read_json(path: Path, what: str) -> Any:
    try:
        return loads_json(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputFileError(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read {what}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except UnsafeDataError as exc:
        raise InputFileError(f"{path}: {exc}") from None


class AssignmentFolder:
    """An assignment folder written by :func:`casebook.grading.assign.assign`."""

    def __init__(
        self,
        folder: str | Path,
        on_manifest: Callable[[AssignmentManifest], None] | None = None,
    ):
        """Read and check the folder; ``on_manifest`` is called with the manifest once it is
        read and its key checked, before the exercises are validated (the grader starts slow
        work there)."""
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise InputFileError(f"{self.folder}: assignment folder not found")
        path = self.folder / "manifest.json"
        data = _read_json(path, "assignment manifest")
        if isinstance(data, dict) and data.get("schema_version") == 1:
            raise InputFileError(
                f"{path}: field 'schema_version': 1 是旧版 casebook 布置的作业：没有 {SECRET_FILE}，"
                "提交里没有身份令牌，无法确认提交出自学员本人，本版本不予评分；请用 casebook assign "
                "布置到新的文件夹，把新的作业文件发给学员"
            )
        if isinstance(data, dict) and data.get("schema_version") != MANIFEST_SCHEMA_VERSION:
            raise InputFileError(
                f"{path}: field 'schema_version': {data.get('schema_version')!r} is not supported "
                f"(expected {MANIFEST_SCHEMA_VERSION})"
            )
        try:
            self.manifest = AssignmentManifest.model_validate(data)
        except ValidationError as exc:
            fields = "; ".join(
                f"field '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors()
            )
            raise InputFileError(f"{path}: not an assignment manifest: {fields}") from None
        self.secret = read_secret(self.folder / SECRET_FILE)
        if key_id(self.secret) != self.manifest.key_id:
            raise InputFileError(
                f"{self.folder / SECRET_FILE}: 这个密钥不属于本作业（与 manifest.json 的 key_id 不符）；"
                "请放回本作业原来的 secret.key"
            )
        if on_manifest is not None:
            on_manifest(self.manifest)
        self.exercises: dict[str, Exercise] = {}
        for ref in self.manifest.exercises:
            snapshot = self.folder / "exercises" / f"{ref.id}.json"
            try:
                self.exercises[ref.id] = validate_exercise(
                    _read_json(snapshot, "exercise snapshot"), str(snapshot)
                )
            except CatalogError as exc:
                raise InputFileError(str(exc)) from None
        self._variants: dict[tuple[str, str], Variant] = {}

    def variant(self, trainee_id: str, exercise_id: str) -> Variant:
        """The trainee's variant: the stored file, or regenerated from the seed if it is missing."""
        key = (trainee_id, exercise_id)
        if key not in self._variants:
            entry = self.manifest.trainee(trainee_id)
            if entry is None:
                raise InputFileError(
                    f"{self.folder / 'manifest.json'}: 名单里没有学员 {trainee_id}"
                )
            seed = entry.variant_seeds[exercise_id]
            path = self.folder / "variants" / trainee_id / f"{exercise_id}.json"
            exercise = self.exercises[exercise_id]
            if path.is_file():
                try:
                    variant = Variant.model_validate(_read_json(path, "variant"))
                except ValidationError as exc:
                    raise InputFileError(
                        f"{path}: not a variant: {exc.errors()[0]['msg']}"
                    ) from None
                if variant.seed != seed or variant.exercise_id != exercise_id:
                    raise InputFileError(
                        f"{path}: field 'seed': variant file does not match the manifest "
                        f"(seed {variant.seed}, manifest {seed})"
                    )
            else:
                variant = get_kind(exercise.kind).make_variant(exercise, seed)
            self._variants[key] = variant
        return self._variants[key]

    @cached_property
    def trainee_ids(self) -> set[str]:
        return {t.trainee_id for t in self.manifest.trainees}

    def token(self, trainee_id: str) -> str:
        """The identity token of ``trainee_id`` (as printed in their handouts)."""
        return trainee_token(self.secret, self.manifest.assignment_id, trainee_id)

    def token_matches(self, trainee_id: str, token: str) -> bool:
        """Whether ``token`` is the identity token of ``trainee_id`` in this assignment."""
        return token_matches(self.secret, self.manifest.assignment_id, trainee_id, token)


def _strip_scores(data: dict[str, Any]) -> list[str]:
    """Remove score-like keys at the top level and in ``answers``; return what was removed."""
    removed = [k for k in list(data) if k.lower() in SCORE_KEYS]
    for k in removed:
        data.pop(k)
    answers = data.get("answers")
    if isinstance(answers, dict):
        inner = [k for k in list(answers) if k.lower() in SCORE_KEYS]
        for k in inner:
            answers.pop(k)
        removed += [f"answers.{k}" for k in inner]
    return removed


def _fields(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors()[:8]:
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        parts.append(f"field '{loc}': {e['msg']}")
    more = len(exc.errors()) - 8
    return "; ".join(parts) + (f"; … and {more} more" if more > 0 else "")


def read_submission(source: SourceFile, assignment: AssignmentFolder) -> Accepted | Rejection:
    """Validate one file against the assignment (never raises for bad input)."""
    name = source.name
    if source.error is not None or source.data is None:
        return Rejection(name, source.error or "not read")
    flags: list[str] = []
    try:
        decoded = decode_text(source.data)
    except UnicodeDecodeError:
        return Rejection(name, "not text: neither UTF-8, UTF-16 nor GBK")
    if decoded.is_gbk:
        flags.append("文件为 GBK 编码，已转换后评分")
    try:
        data = loads_json(decoded.text)
    except json.JSONDecodeError as exc:
        return Rejection(name, f"malformed JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")
    except UnsafeDataError as exc:
        return Rejection(name, f"malformed JSON: {exc}" if exc.malformed else str(exc))
    if not isinstance(data, dict):
        return Rejection(name, "not a submission: the JSON is not an object")
    version = data.get("schema_version")
    if version == 1:
        return Rejection(
            name,
            "field 'schema_version': 1 是旧版提交格式（没有身份令牌 token），无法确认出自学员本人；"
            f"本评分器只读版本 {SUBMISSION_SCHEMA_VERSION}。请学员用新发的作业文件重新提交",
        )
    if version != SUBMISSION_SCHEMA_VERSION:
        shown = "missing" if "schema_version" not in data else repr(version)
        return Rejection(
            name,
            f"field 'schema_version': {shown}; this grader reads version {SUBMISSION_SCHEMA_VERSION}",
        )
    removed = _strip_scores(data)
    if removed:
        flags.append(f"提交文件带有分数字段 {removed}，已忽略：分数由评分器重放答案得出")
    try:
        submission = Submission.model_validate(data)
    except ValidationError as exc:
        return Rejection(name, f"does not match the submission schema: {_fields(exc)}")
    except ArithmeticError as exc:  # a time pushed out of range while normalising
        return Rejection(name, f"日期或数值超出可处理范围：{exc}")
    manifest = assignment.manifest
    if submission.assignment_id != manifest.assignment_id:
        extra = (
            " (a self-study submission written without a handout)"
            if submission.assignment_id == PRACTICE_ASSIGNMENT
            else ""
        )
        return Rejection(
            name,
            f"field 'assignment_id': {submission.assignment_id!r}{extra} is not this assignment "
            f"({manifest.assignment_id!r})",
        )
    trainee = manifest.trainee(submission.trainee_id)
    if trainee is None:
        return Rejection(name, f"field 'trainee_id': unknown trainee {submission.trainee_id!r}")
    if not assignment.token_matches(trainee.trainee_id, submission.token):
        shown = "缺少身份令牌" if not submission.token else "身份令牌与学员编号不符"
        return Rejection(
            name,
            f"field 'token': {shown}：这份提交不是用学员 {trainee.trainee_id} 本人的作业文件写的"
            "（可能冒用了他人的编号），不予评分；该学员自己的提交不受影响",
        )
    exercise = assignment.exercises.get(submission.exercise_id)
    if exercise is None:
        return Rejection(
            name,
            f"field 'exercise_id': unknown exercise {submission.exercise_id!r}; "
            f"this assignment has {[e.id for e in manifest.exercises]}",
        )
    expected = trainee.variant_seeds[exercise.id]
    if submission.variant_seed != expected:
        return Rejection(
            name,
            f"field 'variant_seed': {submission.variant_seed} does not match the manifest "
            f"({expected} for {trainee.trainee_id}/{exercise.id}): answers to another variant",
        )
    variant = assignment.variant(trainee.trainee_id, exercise.id)
    try:
        answered = get_kind(exercise.kind).validate(
            exercise, variant, submission.answers, submission.action_log
        )
    except AnswerError as exc:
        return Rejection(name, "answers do not fit the exercise: " + "; ".join(exc.problems))
    except ArithmeticError as exc:
        return Rejection(name, f"answers do not fit the exercise: 日期或数值超出可处理范围：{exc}")
    return Accepted(name, submission, answered, exercise, variant, flags)
