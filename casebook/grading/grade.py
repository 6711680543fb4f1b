"""Grade a folder (or zip) of submissions against an assignment, by replaying the answers.

Nothing a trainee submits is executed: a submission is data, validated and replayed through
the engine with the policy packs pinned in the manifest. Bad files are listed with a reason
and the rest are graded. Outputs (re-grading the same inputs gives byte-identical files, and
the gradebook's manual overrides are kept)::

    gradebook.csv              one row per trainee (UTF-8 with BOM)
    feedback/<trainee_id>.html one page per trainee
    report.html                cohort report with charts (one offline file)
    results.json               everything above as data, plus rejected and superseded files

All four are written into a new folder beside ``--out`` and swapped into place together
(:class:`~casebook.grading.files.FolderSwap`): a killed run leaves every output old or every
output new, and the next run removes what it left behind.

**Several submissions for one trainee and exercise.** Every valid one is graded and the
best-scoring one counts (on equal points, the later ``submitted_at``, then the file name).
Nothing a trainee writes into a file decides which one counts: a far-future
``submitted_at`` gains nothing, and a later submission that is rejected or fails grading
never displaces an earlier valid one. Many attempts at one exercise are flagged for the
trainer, since keeping the best rewards guessing.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.grading import helper
from casebook.grading.files import (
    FolderSwap,
    SubmissionsPathError,
    check_output_folder,
    count_candidates,
    iter_submission_files,
    recover_folder,
)
from casebook.grading.gradebook import (
    UnmatchedOverride,
    build_rows,
    gradebook_csv,
    match_overrides,
    read_overrides,
)
from casebook.grading.intake import Accepted, AssignmentFolder, Rejection, read_submission
from casebook.grading.kinds import KINDS, ExerciseKind, GradingContext, get_kind
from casebook.grading.schema import AssignmentManifest, ExerciseResult, GradebookRow
from casebook.grading.textcheck import TextChecker, default_text_checker
from casebook.io import InputFileError
from casebook.policy.loader import PackError, load_packs
from casebook.policy.schema import Pack

if TYPE_CHECKING:
    from casebook.grading.reports import Charts

GRADEBOOK = "gradebook.csv"
REPORT = "report.html"
RESULTS = "results.json"
FEEDBACK_DIR = "feedback"
#: The entries of ``--out`` that grading writes; anything else in it is the trainer's and kept.
OWNED = frozenset({GRADEBOOK, REPORT, RESULTS, FEEDBACK_DIR})
#: More valid submissions than this for one exercise are flagged (keeping the best rewards guessing).
MANY_ATTEMPTS = 5

#: Rule texts left out of results.json (they are in the feedback pages and in
#: ``casebook policy list --json``), which keeps the file small for large cohorts.
_LEAN = {
    "items": {"__all__": {"feedback": {"__all__": {"why", "instead", "citation", "rule_title"}}}}
}

#: progress(phase, done, total); phase is "read" or "grade".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Superseded:
    """A valid submission not counted: another for the same trainee and exercise scored higher."""

    file: str
    kept: str
    trainee_id: str
    exercise_id: str
    points: float


@dataclass
class Graded:
    """A graded submission."""

    file: str
    trainee_id: str
    exercise_id: str
    submitted_at: str
    result: ExerciseResult
    flags: list[str] = field(default_factory=list)


@dataclass
class GradeRun:
    """Everything one grading run found and computed."""

    manifest: AssignmentManifest
    graded: list[Graded]
    rejected: list[Rejection]
    superseded: list[Superseded]
    rows: list[GradebookRow]
    checker: str
    unmatched_overrides: list[UnmatchedOverride] = field(default_factory=list)

    def results(self) -> dict[tuple[str, str], ExerciseResult]:
        """``{(trainee_id, exercise_id): result}``."""
        return {(g.trainee_id, g.exercise_id): g.result for g in self.graded}

    def to_json_dict(self) -> dict[str, Any]:
        """The content of ``results.json``."""
        m = self.manifest
        return {
            "assignment_id": m.assignment_id,
            "title": m.title,
            "packs": [p.model_dump() for p in m.packs],
            "checker": self.checker,
            "graded": [
                {
                    "file": g.file,
                    "trainee_id": g.trainee_id,
                    "exercise_id": g.exercise_id,
                    "submitted_at": g.submitted_at,
                    "flags": g.flags,
                    **g.result.model_dump(mode="json", exclude=_LEAN),
                }
                for g in self.graded
            ],
            "rejected": [{"file": r.file, "reason": r.reason} for r in self.rejected],
            "superseded": [
                {
                    "file": s.file,
                    "kept": s.kept,
                    "trainee_id": s.trainee_id,
                    "exercise_id": s.exercise_id,
                    "points": s.points,
                }
                for s in self.superseded
            ],
            "gradebook": [r.model_dump(mode="json") for r in self.rows],
            "unmatched_overrides": [u.to_json_dict() for u in self.unmatched_overrides],
        }


def pinned_packs(manifest: AssignmentManifest) -> Sequence[Pack]:
    """Load the packs named in the manifest and insist on the same ids and versions."""
    try:
        packs = load_packs([p.name for p in manifest.packs])
    except PackError as exc:
        raise InputFileError(f"manifest.json: field 'packs': {exc}") from None
    for pin, pack in zip(manifest.packs, packs, strict=True):
        if (pack.meta.id, pack.meta.version) != (pin.id, pin.version):
            raise InputFileError(
                f"manifest.json: field 'packs': the assignment was made with {pin.id} {pin.version}, "
                f"but {pin.name!r} is now {pack.meta.id} {pack.meta.version}; grade with the casebook "
                "version the assignment was made with, or assign again"
            )
    return packs


def _best(
    graded: list[tuple[Accepted, Graded]],
) -> tuple[list[Graded], list[Superseded]]:
    """The submission that counts for each trainee and exercise, and the ones that do not."""
    groups: dict[tuple[str, str], list[tuple[Accepted, Graded]]] = {}
    for item in graded:
        groups.setdefault((item[1].trainee_id, item[1].exercise_id), []).append(item)
    winners, superseded = [], []
    for key, items in groups.items():
        items.sort(
            key=lambda pair: (
                pair[1].result.points,
                pair[0].submission.submitted_at.astimezone(UTC),
                pair[1].file,
            )
        )
        kept = items[-1][1]
        if len(items) > 1:
            kept.flags.append(
                f"共收到 {len(items)} 份有效提交，按得分最高的一份（{kept.file}）计分"
            )
        if len(items) > MANY_ATTEMPTS:
            kept.flags.append(
                f"同一练习提交了 {len(items)} 次：按最高分计分时，反复提交可能是在试答案，请培训师复核"
            )
        superseded += [Superseded(g.file, kept.file, *key, g.result.points) for _, g in items[:-1]]
        winners.append(kept)
    return winners, sorted(superseded, key=lambda s: s.file)


def warm_up(manifest: AssignmentManifest, submissions: str | Path) -> None:
    """Start slow starts while the assignment is validated and the submissions are read.

    Each kind hears how many submissions to expect (the candidate files shared out by the
    assignment's exercises; the strategy kind starts the grading helper and its simulator
    for them); a running helper also loads what the report's charts need. Only an estimate:
    an unreadable ``submissions`` is reported later, by the reading itself."""
    files = helper.start_for_batch(submissions)
    shares = Counter(ref.kind for ref in manifest.exercises)
    for name, count in shares.items():
        if name in KINDS:
            KINDS[name].warm_up(files * count // len(manifest.exercises))
    helper.prepare_report()


def grade_assignment(
    assignment_dir: str | Path,
    submissions: str | Path,
    out_dir: str | Path | None = None,
    *,
    progress: Progress | None = None,
    text_checker: TextChecker | None = None,
) -> GradeRun:
    """Grade every submission; write the outputs to ``out_dir`` when it is given.

    Raises :class:`~casebook.io.InputFileError` only for unusable arguments (no assignment
    folder, no submissions folder or zip, unreadable existing gradebook); bad submission
    files are listed in ``GradeRun.rejected``.
    """
    with long_lived_heap() as settle:
        return _grade_assignment(
            assignment_dir, submissions, out_dir, progress, text_checker, settle
        )


#: While grading, the collector's full collections wait for this many young-generation ones
#: (the default is 10): the run's results are all kept anyway.
FULL_COLLECTION_AFTER = 1000


@contextmanager
def long_lived_heap() -> Iterator[Callable[[], None]]:
    """Spare a grading run most of the cyclic garbage collector's work (about 0.4 s of a
    1,000-file batch): what is loaded is frozen (modules, then packs, lexicon and call data
    once the yielded ``settle`` is called), so full collections no longer rescan it, and
    they come a hundred times less often. Everything is restored afterwards; nothing is done
    when the collector is off or someone else froze objects."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield lambda: None
        return
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold[0], threshold[1], max(threshold[2], FULL_COLLECTION_AFTER))
    try:
        yield gc.freeze
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _prepares(kind: str) -> bool:
    """Whether ``kind`` starts work ahead of grading (:meth:`ExerciseKind.prepare`)."""
    return type(get_kind(kind)).prepare is not ExerciseKind.prepare


def _grade_assignment(
    assignment_dir: str | Path,
    submissions: str | Path,
    out_dir: str | Path | None,
    progress: Progress | None,
    text_checker: TextChecker | None,
    settle: Callable[[], None],
) -> GradeRun:
    helper.start_for_batch(submissions)  # a big batch: the helper starts loading right away
    folder = AssignmentFolder(assignment_dir, on_manifest=lambda m: warm_up(m, submissions))
    manifest = folder.manifest
    if out_dir is not None:
        check_output_folder(out_dir)
        recover_folder(out_dir)  # whatever a killed earlier run left beside --out
        check_out_folder(out_dir, manifest)
        if Path(submissions).is_dir() and Path(out_dir).resolve().is_relative_to(
            Path(submissions).resolve()
        ):
            raise InputFileError(
                f"--out {out_dir}: 输出文件夹在提交文件夹 {submissions} 之内，"
                "下次评分会把评分结果当成提交读取；请放在提交文件夹之外"
            )
    ctx = GradingContext(pinned_packs(manifest), text_checker or default_text_checker())
    settle()  # the engine's data (exercises, packs, lexicon, call data) is loaded for good
    override_rows = read_overrides(Path(out_dir) / GRADEBOOK) if out_dir is not None else []
    overrides, unmatched = match_overrides(override_rows, [t.trainee_id for t in manifest.trainees])
    source_path = Path(submissions)
    try:
        sources = iter_submission_files(source_path)
    except SubmissionsPathError as exc:
        raise InputFileError(str(exc)) from None
    total = count_candidates(source_path)
    accepted: list[Accepted] = []
    rejected: list[Rejection] = []
    for done, source in enumerate(sources, start=1):
        outcome = read_submission(source, folder)
        if isinstance(outcome, Accepted):
            accepted.append(outcome)
            if helper.running() and _prepares(outcome.exercise.kind):
                # the helper takes the work now, while the rest is read
                get_kind(outcome.exercise.kind).prepare(
                    [(outcome.exercise, outcome.variant, outcome.answered)], ctx
                )
        else:
            rejected.append(outcome)
        if progress:
            progress("read", done, max(total, done))
    by_kind: dict[str, list[Accepted]] = {}
    for item in accepted:
        by_kind.setdefault(item.exercise.kind, []).append(item)
    for name, items in by_kind.items():  # e.g. simulations started in a worker process
        get_kind(name).prepare([(i.exercise, i.variant, i.answered) for i in items], ctx)
    # Kinds whose work was started ahead are graded last, when it is most likely done.
    accepted.sort(key=lambda i: _prepares(i.exercise.kind))
    graded: list[tuple[Accepted, Graded]] = []
    for done, item in enumerate(accepted, start=1):
        kind = get_kind(item.exercise.kind)
        try:
            result = kind.grade(item.exercise, item.variant, item.answered, ctx)
        except Exception as exc:  # a grader bug must not lose the other trainees' grades
            rejected.append(
                Rejection(
                    item.file,
                    f"internal grading error ({type(exc).__name__}: {exc}); please report",
                )
            )
        else:
            graded.append(
                (
                    item,
                    Graded(
                        file=item.file,
                        trainee_id=item.submission.trainee_id,
                        exercise_id=item.submission.exercise_id,
                        submitted_at=item.submission.submitted_at.isoformat(),
                        result=result,
                        flags=item.flags,
                    ),
                )
            )
        if progress:
            progress("grade", done, len(accepted))
    winners, superseded = _best(graded)
    order = {t.trainee_id: i for i, t in enumerate(manifest.trainees)}
    ex_order = {e.id: i for i, e in enumerate(manifest.exercises)}
    winners.sort(key=lambda g: (order[g.trainee_id], ex_order[g.exercise_id]))
    rejected.sort(key=lambda r: r.file)
    run = GradeRun(
        manifest=manifest,
        graded=winners,
        rejected=rejected,
        superseded=superseded,
        rows=build_rows(
            manifest, {(g.trainee_id, g.exercise_id): g.result for g in winners}, overrides
        ),
        checker=getattr(ctx.text_checker, "label", ""),
        unmatched_overrides=unmatched,
    )
    if out_dir is not None:
        write_outputs(run, out_dir)
    return run


def check_out_folder(out_dir: str | Path, manifest: AssignmentManifest) -> Path:
    """Refuse an output folder that is a file, or that holds outputs that are not this run's.

    Re-grading into the folder of an earlier run of the same assignment is the normal way to
    update grades (manual overrides are kept); anything else could overwrite a file that is
    not ours, so it is refused with a reason.
    """
    out = check_output_folder(out_dir)
    if not out.is_dir():
        return out
    ours = [n for n in (RESULTS, REPORT, FEEDBACK_DIR) if (out / n).exists()]
    if not ours:
        return out
    results = out / RESULTS
    try:
        previous = json.loads(results.read_text(encoding="utf-8")).get("assignment_id")
    except (OSError, ValueError, AttributeError, RecursionError):
        previous = None
    if previous == manifest.assignment_id:
        return out
    if previous is None:
        raise InputFileError(
            f"--out {out}: 文件夹里已有 {', '.join(ours)}，但不是 casebook grade 的评分结果"
            f"（缺少可读的 {RESULTS}）；为免覆盖，请换一个空文件夹或先移走这些文件"
        )
    raise InputFileError(
        f"--out {out}: 文件夹里是作业 {previous!r} 的评分结果，不是本作业 "
        f"{manifest.assignment_id!r}；请为每个作业使用各自的输出文件夹"
    )


def results_json(data: dict[str, Any]) -> str:
    """``results.json``: one line per top-level field and per list entry (a graded
    submission, a rejected file …), each encoded by the C encoder (``indent`` would fall
    back to the pure-Python one, several times slower for a large cohort)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            entries = ",\n  ".join(dump(entry) for entry in value)
            fields.append(f"{dump(key)}: [\n  {entries}\n ]")
        else:
            fields.append(f"{dump(key)}: {dump(value)}")
    return "{\n " + ",\n ".join(fields) + "\n}\n"


def _drawn(charts: Future[Charts] | None) -> Charts | None:
    """The charts drawn by the helper; None (draw them here) if it failed."""
    if charts is None:
        return None
    try:
        return charts.result()
    except Exception:  # a broken helper: the same charts are drawn in this process
        return None


def write_outputs(run: GradeRun, out_dir: str | Path) -> list[Path]:
    """Write results, feedback pages, the cohort report and the gradebook.

    Everything is written into a new folder beside ``out_dir`` and swapped into place in
    one step (:class:`FolderSwap`): a full disk, a crash or a killed process leaves the
    previous outputs untouched (or, once swapped, all of the new ones) and no temporary
    file; files of the trainer's own in ``out_dir`` are kept.
    """
    from casebook.grading.reports import (
        cohort_charts,
        cohort_report,
        cohort_statistics,
        feedback_page,
    )

    out = Path(out_dir)
    written: list[str] = []
    # The charts are drawn in the grading helper (when it runs) while the pages are written.
    charts = helper.submit(cohort_charts, cohort_statistics(run))
    with FolderSwap(out, OWNED) as swap:
        swap.write_text(RESULTS, results_json(run.to_json_dict()))
        written.append(RESULTS)
        by_trainee: dict[str, list[Graded]] = {}
        for g in run.graded:
            by_trainee.setdefault(g.trainee_id, []).append(g)
        for trainee in run.manifest.trainees:
            mine = by_trainee.get(trainee.trainee_id, [])
            page = feedback_page(
                run.manifest,
                trainee,
                {g.exercise_id: g.result for g in mine},
                {g.exercise_id: g.submitted_at for g in mine},
                {g.exercise_id: g.flags for g in mine},
            )
            name = f"{FEEDBACK_DIR}/{trainee.trainee_id}.html"
            swap.write_text(name, page)
            written.append(name)
        swap.write_text(REPORT, cohort_report(run, charts=_drawn(charts)))
        written.append(REPORT)
        exercise_ids = [e.id for e in run.manifest.exercises]
        book = gradebook_csv(run.rows, exercise_ids, run.unmatched_overrides)
        swap.write(GRADEBOOK, book, durable=True)  # it holds the trainer's overrides
        written.append(GRADEBOOK)
    return [out / name for name in written]
