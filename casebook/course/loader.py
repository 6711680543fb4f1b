"""Load the course data and check it against the casebook's content.

Three files in ``casebook/data/course/``: ``plan.yaml`` (:class:`CoursePlan`),
``debriefs.yaml`` (one :class:`Debrief` per worked case) and ``exams.yaml`` (:class:`Exam`).
Every problem names the file, the line and the field. Beyond the shapes, :func:`load_course`
checks that each resource exists: exercise ids in the catalogue, case ids among the worked
cases and the call cases, drill levels in the drill bank, pages in ``_toc.yml`` and section
labels in the chapters (when the book's sources are there), and that every worked case has
a debrief. An exam part whose exercise is not in the catalogue is not an error of the
course data (the exercise may come with a later version): it is listed in
:attr:`CourseContent.pending` and assigning the exam names it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from casebook.course.schema import CoursePlan, Debrief, DebriefFile, Exam, ExamFile
from casebook.io import InputFileError
from casebook.yamlnodes import field_path, line_of

M = TypeVar("M", bound=BaseModel)

PLAN_FILE = "plan.yaml"
DEBRIEF_FILE = "debriefs.yaml"
EXAM_FILE = "exams.yaml"
_LABEL = re.compile(r"^\(([a-z][a-z0-9-]*)\)=\s*$", re.M)
_HEADING = re.compile(r"^\s*#+ +(.+)$", re.M)
_TITLE = re.compile(r"^# +(.+)$", re.M)


class CourseError(InputFileError):
    """The course data is invalid; lists every problem (``file:line: field '…': message``)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__(
            f"课程数据有 {len(self.problems)} 处问题：\n"
            + "\n".join(f"  - {p}" for p in self.problems)
        )


def builtin_course_dir() -> Path:
    """``casebook/data/course`` in the installed package."""
    return Path(str(resources.files("casebook") / "data" / "course"))


def repo_root() -> Path | None:
    """The source tree the package runs from, if it has the book (``_toc.yml``); else None."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "_toc.yml").is_file() else None


@dataclass(frozen=True)
class _Doc:
    path: Path
    root: yaml.Node | None

    def where(self, loc: Iterable[Any]) -> str:
        loc = tuple(loc)
        line = line_of(self.root, loc)
        return f"{self.path}{f':{line}' if line else ''}: field '{field_path(loc)}'"


def _read(path: Path, model: type[M]) -> tuple[M, _Doc]:
    try:
        text = path.read_text(encoding="utf-8")
        data, root = yaml.safe_load(text), yaml.compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError([f"{path}: 无法读取：{exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise CourseError([f"{path}{line}: YAML 格式错误：{exc}"]) from None
    doc = _Doc(path, root)
    try:
        return model.model_validate(data), doc
    except ValidationError as exc:
        raise CourseError(
            [f"{doc.where(e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]
        ) from None


def load_plan(path: str | Path | None = None) -> CoursePlan:
    """The course plan, checked for shape only (see :func:`load_course` for the rest)."""
    return _read(Path(path) if path else builtin_course_dir() / PLAN_FILE, CoursePlan)[0]


def load_debriefs(path: str | Path | None = None) -> dict[str, Debrief]:
    """The debriefs by case id, checked for shape only."""
    found = _read(Path(path) if path else builtin_course_dir() / DEBRIEF_FILE, DebriefFile)[0]
    return dict(found.debriefs)


def load_exams(path: str | Path | None = None) -> dict[str, Exam]:
    """The exams by id, checked for shape and unique ids (not against the catalogue)."""
    source = Path(path) if path else builtin_course_dir() / EXAM_FILE
    found, doc = _read(source, ExamFile)
    exams: dict[str, Exam] = {}
    for index, exam in enumerate(found.exams):
        if exam.id in exams:
            raise CourseError([f"{doc.where(('exams', index, 'id'))}: 考核编号 {exam.id!r} 重复"])
        exams[exam.id] = exam
    return exams


@lru_cache(maxsize=1)
def default_exams() -> dict[str, Exam]:
    """The packaged exams (loaded once)."""
    return load_exams()


# --- the content the course refers to ------------------------------------------------------


@dataclass(frozen=True)
class BookIndex:
    """Pages of ``_toc.yml`` with their titles, and the section labels of the chapters."""

    pages: frozenset[str]
    labels: dict[str, str]  # label → page
    titles: dict[str, str] = field(default_factory=dict)  # page → title
    label_titles: dict[str, str] = field(default_factory=dict)  # label → section heading

    @classmethod
    def read(cls, root: Path) -> BookIndex:
        toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
        pages: set[str] = {str(toc["root"])} if toc.get("root") else set()

        def walk(entries: list[dict[str, Any]]) -> None:
            for entry in entries:
                if "file" in entry:
                    pages.add(str(entry["file"]))
                for key in ("chapters", "sections", "parts"):
                    walk(entry.get(key, []))

        walk(toc.get("parts", []))
        labels: dict[str, str] = {}
        titles: dict[str, str] = {}
        label_titles: dict[str, str] = {}
        for page in sorted(pages):
            source = root / f"{page}.md"
            if source.is_file():
                text = source.read_text(encoding="utf-8")
                for match in _LABEL.finditer(text):
                    labels.setdefault(match.group(1), page)
                    heading = _HEADING.search(text, match.end())
                    if heading:
                        label_titles.setdefault(match.group(1), heading.group(1).strip())
            elif (root / f"{page}.ipynb").is_file():
                cells = json.loads((root / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
                text = "".join(
                    next((c["source"] for c in cells if c["cell_type"] == "markdown"), [])
                )
            else:
                continue
            title = _TITLE.search(text)
            if title:
                titles[page] = title.group(1).strip()
        return cls(frozenset(pages), labels, titles, label_titles)


@dataclass(frozen=True)
class CaseRef:
    """A case a block or a debrief can name: a worked case or a call case (WC-…)."""

    id: str
    title: str
    page: str
    anchor: str = ""


def case_refs() -> dict[str, CaseRef]:
    """Every worked case (``case01`` …) and call case (``WC-…``), with the page showing it."""
    from casebook.cases import load_all_cases
    from casebook.conversation.loader import default_conversation

    refs = {
        c.id: CaseRef(c.id, f"案例 {c.number}：{c.title}", f"notebooks/{c.notebook_name}")
        for c in load_all_cases()
    }
    for case in default_conversation().cases:
        refs[case.id] = CaseRef(
            case.id, f"通话示例：{case.title}", "book/call_flow", f"call-flow-{case.protocol.value}"
        )
    return refs


def drill_levels() -> set[str]:
    """The drill levels that have items in the drill bank."""
    from casebook.drills.loader import default_bank

    return {str(item.difficulty) for item in default_bank().items}


@dataclass
class CourseContent:
    """The validated course data."""

    plan: CoursePlan
    debriefs: dict[str, Debrief]
    exams: dict[str, Exam]
    cases: dict[str, CaseRef]
    #: Exam parts whose exercise is not in the catalogue: ``{exam id: [exercise ids]}``.
    pending: dict[str, list[str]] = field(default_factory=dict)


def load_course(
    directory: str | Path | None = None,
    *,
    catalog: dict[str, Any] | None = None,
    book_root: Path | bool | None = True,
) -> CourseContent:
    """Load the plan, debriefs and exams and check every reference (:class:`CourseError`).

    ``book_root``: the source tree holding ``_toc.yml`` and the chapters; ``True`` finds it
    next to the package (:func:`repo_root`), ``None``/``False`` skips the page checks.
    """
    from casebook.grading.catalog import default_catalog

    folder = Path(directory) if directory is not None else builtin_course_dir()
    plan, plan_doc = _read(folder / PLAN_FILE, CoursePlan)
    debrief_file, debrief_doc = _read(folder / DEBRIEF_FILE, DebriefFile)
    exams = load_exams(folder / EXAM_FILE)
    catalog = catalog if catalog is not None else default_catalog()
    root = repo_root() if book_root is True else (book_root or None)
    book = BookIndex.read(root) if root is not None else None
    cases = case_refs()
    levels = drill_levels()
    problems: list[str] = []

    for d, day in enumerate(plan.days):
        for b, block in enumerate(day.blocks):
            at = ("days", d, "blocks", b, "resources")
            res = block.resources
            for i, ex in enumerate(res.exercises):
                if ex not in catalog:
                    problems.append(
                        f"{plan_doc.where((*at, 'exercises', i))}: 练习目录中没有 {ex!r}"
                    )
            for i, case in enumerate(res.cases):
                if case not in cases:
                    problems.append(f"{plan_doc.where((*at, 'cases', i))}: 没有案例 {case!r}")
            for i, level in enumerate(res.drill_levels):
                if level not in levels:
                    problems.append(
                        f"{plan_doc.where((*at, 'drill_levels', i))}: 题库中没有「{level}」级的题"
                    )
            if res.exam is not None and res.exam not in exams:
                problems.append(f"{plan_doc.where((*at, 'exam'))}: 没有考核 {res.exam!r}")
            if book is not None:
                for i, page in enumerate(res.pages):
                    if page not in book.pages:
                        problems.append(
                            f"{plan_doc.where((*at, 'pages', i))}: _toc.yml 中没有页面 {page!r}"
                        )
                for i, label in enumerate(res.sections):
                    if label not in book.labels:
                        problems.append(
                            f"{plan_doc.where((*at, 'sections', i))}: 各章中没有标签 ({label})="
                        )

    debriefs = dict(debrief_file.debriefs)
    for case_id in sorted(set(cases) - set(debriefs)):
        problems.append(f"{debrief_doc.where(('debriefs',))}: 案例 {case_id} 没有讲评")
    for case_id in sorted(set(debriefs) - set(cases)):
        problems.append(f"{debrief_doc.where(('debriefs', case_id))}: 没有案例 {case_id!r}")

    pending: dict[str, list[str]] = {}
    for exam in exams.values():
        if exam.id in catalog:
            problems.append(f"{folder / EXAM_FILE}: 考核编号 {exam.id!r} 与练习编号相同")
        missing = [p.exercise for p in exam.parts if p.exercise not in catalog]
        if missing:
            pending[exam.id] = missing
    if problems:
        raise CourseError(problems)
    return CourseContent(plan, debriefs, exams, cases, pending)


@lru_cache(maxsize=1)
def default_course() -> CourseContent:
    """The packaged course data, checked (loaded once per process)."""
    return load_course()
