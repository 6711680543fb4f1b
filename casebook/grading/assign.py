"""Assign exercises to a cohort: a manifest plus one personalised variant per trainee and exercise.

Layout of the assignment folder (everything reproducible from ``secret.key`` and the seed)::

    secret.key                             the trainer's random secret (owner-readable only)
    manifest.json                          who got what, variant seeds, pinned packs, key id
    exercises/<exercise_id>.json           the catalogue entries as assigned (grading uses these)
    variants/<trainee_id>/<exercise_id>.json   full variants incl. the grader's key (trainer only)
    handouts/<trainee_id>/<exercise_id>.json   what each trainee receives: token, no key
    README.txt                             what to do with the folder (Chinese)

The secret is made once, when the folder is first written, and kept: assigning again into
the same folder reuses it (so handouts already given out stay valid), never replaces it,
and refuses to go on when the manifest is there but ``secret.key`` is missing. The whole
folder is written beside the old one and swapped into place (:class:`FolderSwap`); the
trainer's own files in it are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebook.course.exam import expand_exams
from casebook.course.schema import Exam
from casebook.grading.catalog import Exercise, default_catalog
from casebook.grading.files import FolderSwap, check_output_folder, recover_folder
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
from casebook.grading.secret import (
    SECRET_FILE,
    encode_secret,
    key_id,
    new_secret,
    read_secret,
    trainee_token,
    variant_seed,
)
from casebook.io import InputFileError
from casebook.policy.loader import load_packs

MANIFEST = "manifest.json"
#: Entries of an assignment folder that ``assign`` writes; anything else in it is the trainer's.
OWNED = frozenset({MANIFEST, SECRET_FILE, "README.txt", "exercises", "variants", "handouts"})

_README = """本文件夹是一次练习布置（{assignment_id}），由 casebook assign 生成；
用同一个 secret.key 和种子可以重新生成完全相同的文件。

- secret.key ：本作业的密钥（随机生成）。每位学员的身份令牌和个性化案例都由它算出，评分时用它核对
  提交是否出自学员本人。只由培训师保存：不要发给学员，不要删除（没有它无法评分），请备份。
- handouts/<学员编号>/ ：发给该学员本人的练习文件（含其个人身份令牌，不含答案）。复制到学员主目录下的
  handouts/ 文件夹，或设置环境变量 CASEBOOK_HANDOUTS 指向它；学员打开练习 notebook 时会自动载入自己的
  个性化案例。作业文件只发给本人：拿到别人的作业文件就能冒用别人的身份提交。
- variants/ 和 exercises/ ：评分用的完整题目和答案要点，只由培训师保存，不要发给学员。
- manifest.json ：学员名单、每人每题的变体种子、评分使用的规则包版本和密钥指纹。

学员按「提交」后得到一个 JSON 文件。收齐后运行：
    casebook grade {folder} 提交文件夹或zip --out 输出文件夹
"""


def dumps(data: Any) -> str:
    """Stable, readable JSON (UTF-8, keys in model order, trailing newline)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
    secret: bytes | None = None,
    exams: dict[str, Exam] | None = None,
) -> AssignmentManifest:
    """Write an assignment folder and return its manifest (same secret and inputs → same files).

    ``secret`` is the folder's key: by default the one already in ``out_dir/secret.key``
    (assigning again) or a new random one. Given explicitly (to rebuild a folder from a
    backed-up key), it must match the key already in the folder, if any.

    An exam id among ``exercise_ids`` (``cert01``, see :mod:`casebook.course.exam`) stands
    for its exercises; the exam is pinned in the manifest (``exams`` defaults to the
    packaged ones).
    """
    out = Path(out_dir)
    catalog = catalog if catalog is not None else default_catalog()
    exercise_ids, exam = expand_exams(exercise_ids, catalog, exams)
    exercises = resolve_exercises(exercise_ids, catalog)
    trainee_ids = [r.trainee_id for r in roster]
    if assignment_id is None:
        named = [e.id for e in exercises] + ([f"exam:{exam.id}"] if exam else [])
        assignment_id = default_assignment_id(seed, named, trainee_ids)
    try:
        check_id(assignment_id, "--id")
    except UnsafeIdError as exc:
        raise InputFileError(str(exc)) from None
    check_output_folder(out)
    recover_folder(out)  # a killed earlier run: back to its old folder before looking at it
    kept = _check_out_folder(out, assignment_id)
    if kept is not None and secret is not None and secret != kept:
        raise InputFileError(
            f"--secret: 与 {out / SECRET_FILE} 中已有的密钥不同；已发出的作业文件依赖原密钥，"
            "casebook 不会替换它。要换密钥请布置到新的文件夹"
        )
    secret = kept if kept is not None else secret if secret is not None else new_secret()
    loaded = load_packs(list(packs))
    pins = [
        PackPin(name=str(n), id=p.meta.id, version=p.meta.version)
        for n, p in zip(packs, loaded, strict=True)
    ]
    trainees = [
        TraineeEntry(
            trainee_id=r.trainee_id,
            name=r.name,
            variant_seeds={e.id: variant_seed(secret, seed, r.trainee_id, e.id) for e in exercises},
        )
        for r in roster
    ]
    manifest = AssignmentManifest(
        schema_version=MANIFEST_SCHEMA_VERSION,
        assignment_id=assignment_id,
        title=title,
        seed=seed,
        key_id=key_id(secret),
        packs=pins,
        exercises=[
            ExerciseRef(id=e.id, kind=e.kind, title=e.title, max_points=e.max_points)
            for e in exercises
        ],
        trainees=trainees,
        exam=exam,
    )
    # The whole folder is written beside the old one and swapped into place: a full disk,
    # Ctrl-C or a killed process leaves the old assignment folder (or none) as it was.
    with FolderSwap(out, OWNED) as swap:
        _write_files(swap, out, exercises, trainees, manifest, title, secret)
    return manifest


def _check_out_folder(out: Path, assignment_id: str) -> bytes | None:
    """Refuse a file, a folder of another assignment, or a folder with other contents.

    Returns the secret of the folder when it already holds this assignment.
    """
    existing = out / MANIFEST
    if existing.is_file():
        try:
            data = json.loads(existing.read_text(encoding="utf-8"))
            old, version = data.get("assignment_id"), data.get("schema_version")
        except (OSError, ValueError, AttributeError, RecursionError):
            old = version = None
        if old != assignment_id:
            raise InputFileError(
                f"{out}: already holds assignment {old!r}; choose another --out folder"
            )
        if version != MANIFEST_SCHEMA_VERSION:
            raise InputFileError(
                f"{existing}: field 'schema_version': {version!r} 是旧版 casebook 布置的作业（没有密钥和"
                "身份令牌）；请布置到新的 --out 文件夹，并把新的作业文件发给学员"
            )
        secret = read_secret(out / SECRET_FILE)
        if key_id(secret) != data.get("key_id"):
            raise InputFileError(
                f"{out / SECRET_FILE}: 这个密钥不属于本作业（与 manifest.json 的 key_id 不符）；"
                "请放回本作业原来的 secret.key"
            )
        return secret
    if out.is_dir():
        others = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
        if others:
            shown = "、".join(others[:5]) + (" …" if len(others) > 5 else "")
            raise InputFileError(
                f"--out {out}: 文件夹不是空的（有 {shown}），也不是 casebook assign 写的作业文件夹；"
                "为免覆盖其中的文件，请指定一个新的或空的文件夹"
            )
    return None


def _write_files(
    swap: FolderSwap,
    out: Path,
    exercises: Sequence[Exercise],
    trainees: Sequence[TraineeEntry],
    manifest: AssignmentManifest,
    title: str,
    secret: bytes,
) -> None:
    assignment_id = manifest.assignment_id
    swap.write(SECRET_FILE, encode_secret(secret).encode("ascii"), durable=True, mode=0o600)
    for exercise in exercises:
        swap.write_text(f"exercises/{exercise.id}.json", dumps(exercise.model_dump(mode="json")))
    for trainee in trainees:
        token = trainee_token(secret, assignment_id, trainee.trainee_id)
        for exercise in exercises:
            kind = get_kind(exercise.kind)
            variant = kind.make_variant(exercise, trainee.variant_seeds[exercise.id])
            swap.write_text(
                f"variants/{trainee.trainee_id}/{exercise.id}.json",
                dumps(variant.model_dump(mode="json")),
            )
            handout = Handout(
                assignment_id=assignment_id,
                assignment_title=title,
                trainee_id=trainee.trainee_id,
                trainee_name=trainee.name,
                token=token,
                exercise_id=exercise.id,
                variant_seed=variant.seed,
                public=variant.public,
            )
            swap.write_text(
                f"handouts/{trainee.trainee_id}/{exercise.id}.json",
                dumps(handout.model_dump(mode="json")),
            )
    swap.write_text("README.txt", _README.format(assignment_id=assignment_id, folder=out.name))
    swap.write_text(MANIFEST, dumps(manifest.model_dump(mode="json")), durable=True)


def trial_secret(seed: int) -> bytes:
    """The key of a trial assignment made by :func:`assign_one` — deliberately not secret.

    Derived from the seed, so a notebook or a test gets the same case every time; never
    used by ``casebook assign``, whose key is random.
    """
    return hashlib.sha256(f"casebook-trial-assignment:{seed}".encode()).digest()


def assign_one(
    exercise_id: str,
    out_dir: str | Path,
    trainee_id: str = "T001",
    name: str = "学员",
    seed: int = 1,
) -> Handout:
    """A one-trainee trial assignment (to try an exercise as a trainee, or to test it); its handout.

    Its key is :func:`trial_secret` of ``seed``, so the same call always gives the same
    case; for a real cohort use :func:`assign` (``casebook assign``), whose key is random.
    """
    assign(
        [RosterEntry(trainee_id, name)],
        [exercise_id],
        seed,
        out_dir,
        secret=trial_secret(seed),
    )
    path = Path(out_dir) / "handouts" / trainee_id / f"{exercise_id}.json"
    return Handout.model_validate(json.loads(path.read_text(encoding="utf-8")))
