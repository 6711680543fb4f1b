"""Assign exercises to a cohort: a manifest plus one personalised variant per trainee and exercise.

Layout of the assignment folder (everything reproducible from the seed)::

    manifest.json                          who got what, variant seeds, pinned packs
    exercises/<exercise_id>.json           the catalogue entries as assigned (grading uses these)
    variants/<trainee_id>/<exercise_id>.json   full variants incl. the grader's key (trainer only)
    handouts/<trainee_id>/<exercise_id>.json   what each trainee receives (no key)
    README.txt                             what to do with the folder (Chinese)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebook.grading.catalog import Exercise, default_catalog
from casebook.grading.files import StagedFiles, check_output_folder
from casebook.grading.ids import UnsafeIdError, check_id
from casebook.grading.kinds import get_kind
from casebook.grading.roster import RosterEntry
from casebook.grading.schema import (
    MANIFEST_SCHEMA_VERSION,
    AssignmentManifest,
    ExerciseRef,
    Handout,
    PackPin,
    TraineeEntry,
)
from casebook.io import InputFileError
from casebook.policy.loader import load_packs

MANIFEST = "manifest.json"

_README = """本文件夹是一次练习布置（{assignment_id}），由 casebook assign 生成，可用同一种子重新生成。

- handouts/<学员编号>/ ：发给该学员的练习文件（不含答案）。复制到学员主目录下的 handouts/ 文件夹，
  或设置环境变量 CASEBOOK_HANDOUTS 指向它；学员打开练习 notebook 时会自动载入自己的个性化案例。
- variants/ 和 exercises/ ：评分用的完整题目和答案要点，只由培训师保存，不要发给学员。
- manifest.json ：学员名单、每人每题的变体种子和评分使用的规则包版本。

学员按「提交」后得到一个 JSON 文件。收齐后运行：
    casebook grade {folder} 提交文件夹或zip --out 输出文件夹
"""


def dumps(data: Any) -> str:
    """Stable, readable JSON (UTF-8, keys in model order, trailing newline)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def variant_seed(seed: int, trainee_id: str, exercise_id: str) -> int:
    """The seed of one trainee's variant of one exercise, derived from the assignment seed."""
    digest = hashlib.sha256(f"casebook-variant:{seed}:{trainee_id}:{exercise_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 2_000_000_000


def default_assignment_id(
    seed: int, exercise_ids: Sequence[str], trainee_ids: Sequence[str]
) -> str:
    """``asg-<seed>-<hash>``: stable for the same seed, exercises and roster."""
    digest = hashlib.sha256(
        json.dumps([seed, list(exercise_ids), list(trainee_ids)]).encode()
    ).hexdigest()[:8]
    return f"asg-{seed}-{digest}"


def resolve_exercises(
    exercise_ids: Sequence[str], catalog: dict[str, Exercise] | None = None
) -> list[Exercise]:
    """The catalogue entries for ``exercise_ids`` (InputFileError naming unknown ids)."""
    catalog = catalog if catalog is not None else default_catalog()
    ids = [e.strip() for e in exercise_ids if e.strip()]
    if not ids:
        raise InputFileError("--exercises: give at least one exercise id")
    unknown = [e for e in ids if e not in catalog]
    if unknown:
        raise InputFileError(
            f"--exercises: unknown exercise id(s) {unknown}; known: {', '.join(catalog)}"
        )
    duplicates = sorted({e for e in ids if ids.count(e) > 1})
    if duplicates:
        raise InputFileError(f"--exercises: listed twice: {duplicates}")
    return [catalog[e] for e in ids]


def assign(
    roster: Sequence[RosterEntry],
    exercise_ids: Sequence[str],
    seed: int,
    out_dir: str | Path,
    *,
    packs: Sequence[str] = ("cn",),
    title: str = "",
    assignment_id: str | None = None,
    catalog: dict[str, Exercise] | None = None,
) -> AssignmentManifest:
    """Write an assignment folder and return its manifest (same inputs → same files)."""
    out = Path(out_dir)
    exercises = resolve_exercises(exercise_ids, catalog)
    trainee_ids = [r.trainee_id for r in roster]
    if assignment_id is None:
        assignment_id = default_assignment_id(seed, [e.id for e in exercises], trainee_ids)
    try:
        check_id(assignment_id, "--id")
    except UnsafeIdError as exc:
        raise InputFileError(str(exc)) from None
    _check_out_folder(out, assignment_id)
    loaded = load_packs(list(packs))
    pins = [
        PackPin(name=str(n), id=p.meta.id, version=p.meta.version)
        for n, p in zip(packs, loaded, strict=True)
    ]
    trainees = [
        TraineeEntry(
            trainee_id=r.trainee_id,
            name=r.name,
            variant_seeds={e.id: variant_seed(seed, r.trainee_id, e.id) for e in exercises},
        )
        for r in roster
    ]
    manifest = AssignmentManifest(
        schema_version=MANIFEST_SCHEMA_VERSION,
        assignment_id=assignment_id,
        title=title,
        seed=seed,
        packs=pins,
        exercises=[
            ExerciseRef(id=e.id, kind=e.kind, title=e.title, max_points=e.max_points)
            for e in exercises
        ],
        trainees=trainees,
    )
    # Every file is staged and renamed into place at the end, the manifest last: a full
    # disk or Ctrl-C leaves no half-written assignment folder behind.
    with StagedFiles() as stage:
        _stage_files(stage, out, exercises, trainees, manifest, title)
    return manifest


def _check_out_folder(out: Path, assignment_id: str) -> None:
    """Refuse a file, a folder of another assignment, or a folder with other contents."""
    check_output_folder(out)
    existing = out / MANIFEST
    if existing.is_file():
        try:
            old = json.loads(existing.read_text(encoding="utf-8")).get("assignment_id")
        except (OSError, ValueError, AttributeError, RecursionError):
            old = None
        if old != assignment_id:
            raise InputFileError(
                f"{out}: already holds assignment {old!r}; choose another --out folder"
            )
    elif out.is_dir():
        others = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
        if others:
            shown = "、".join(others[:5]) + (" …" if len(others) > 5 else "")
            raise InputFileError(
                f"--out {out}: 文件夹不是空的（有 {shown}），也不是 casebook assign 写的作业文件夹；"
                "为免覆盖其中的文件，请指定一个新的或空的文件夹"
            )


def _stage_files(
    stage: StagedFiles,
    out: Path,
    exercises: Sequence[Exercise],
    trainees: Sequence[TraineeEntry],
    manifest: AssignmentManifest,
    title: str,
) -> None:
    assignment_id = manifest.assignment_id
    for exercise in exercises:
        stage.write_text(
            out / "exercises" / f"{exercise.id}.json", dumps(exercise.model_dump(mode="json"))
        )
    for trainee in trainees:
        for exercise in exercises:
            kind = get_kind(exercise.kind)
            variant = kind.make_variant(exercise, trainee.variant_seeds[exercise.id])
            stage.write_text(
                out / "variants" / trainee.trainee_id / f"{exercise.id}.json",
                dumps(variant.model_dump(mode="json")),
            )
            handout = Handout(
                assignment_id=assignment_id,
                assignment_title=title,
                trainee_id=trainee.trainee_id,
                trainee_name=trainee.name,
                exercise_id=exercise.id,
                variant_seed=variant.seed,
                public=variant.public,
            )
            stage.write_text(
                out / "handouts" / trainee.trainee_id / f"{exercise.id}.json",
                dumps(handout.model_dump(mode="json")),
            )
    stage.write_text(
        out / "README.txt", _README.format(assignment_id=assignment_id, folder=out.name)
    )
    stage.write_text(out / MANIFEST, dumps(manifest.model_dump(mode="json")), durable=True)


def assign_one(
    exercise_id: str,
    out_dir: str | Path,
    trainee_id: str = "T001",
    name: str = "学员",
    seed: int = 1,
) -> Handout:
    """A one-trainee assignment (to try an exercise as a trainee, or to test it); its handout."""
    assign([RosterEntry(trainee_id, name)], [exercise_id], seed, out_dir)
    path = Path(out_dir) / "handouts" / trainee_id / f"{exercise_id}.json"
    return Handout.model_validate(json.loads(path.read_text(encoding="utf-8")))
