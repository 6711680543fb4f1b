"""Load the QA form and the annotated transcripts from YAML, validated against each other.

Every problem is collected and reported together, each naming the file, the line, the item
(form item or transcript id) and the field, like the other loaders
(``file:line: item ID: field 'turns[3].items[0]': …``). Rule ids resolve to the policy packs
(``cn`` and ``house``) or the call standards of the conversation content. A transcript's
reference deductions and score must be what the form gives for its marked turns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from casebook.conversation.schema import STANDARDS_SOURCE, Grade, RuleInfo, StandardFile
from casebook.io import InputFileError, UnsafeDataError, check_tree, read_text_capped
from casebook.issues import DataError, DataIssue
from casebook.policy.schema import Pack
from casebook.qa.schema import (
    FAULT_TYPES,
    ItemGroup,
    QAForm,
    SurfaceFile,
    Transcript,
)
from casebook.qa.scoring import deductions_for_marks, score_marks
from casebook.yamlnodes import field_path, line_of

#: Packs whose rules the QA content may name (law pack and example house pack).
QA_PACKS = ("cn", "house")
FORM_FILE = "form.yaml"
VARIANTS_FILE = "variants.yaml"
TRANSCRIPTS_DIR = "transcripts"
#: Largest QA data file read.
MAX_FILE_BYTES = 512 * 1024

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class QAIssue(DataIssue):
    """One problem found in a QA content file."""


class QAError(DataError):
    """The QA content failed validation; ``issues`` lists every problem."""

    what = "QA content"


@dataclass(frozen=True)
class QAContent:
    """The validated QA form, transcripts, cited rules and variant surface data."""

    form: QAForm
    transcripts: dict[str, Transcript]
    rules: dict[str, RuleInfo]
    surface: SurfaceFile
    files: dict[str, str]

    def transcript(self, transcript_id: str) -> Transcript:
        """A transcript by id (KeyError naming the known ids)."""
        if transcript_id not in self.transcripts:
            raise KeyError(
                f"unknown transcript {transcript_id!r}; known: {', '.join(self.transcripts)}"
            )
        return self.transcripts[transcript_id]

    def rule(self, rule_id: str) -> RuleInfo:
        """A cited rule by id (KeyError if absent)."""
        return self.rules[rule_id]


def builtin_qa_dir() -> Path:
    """Directory of the QA data shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "qa"))


def builtin_standards_file() -> Path:
    """The call standards of the conversation content."""
    return Path(str(resources.files("casebook") / "data" / "conversation" / "standards.yaml"))


class _File:
    """A parsed YAML file, collecting issues against it.

    The data is parsed with libyaml when available; the node tree (for line numbers) is only
    composed when a problem has to be located, so valid content loads fast.
    """

    def __init__(self, path: Path, issues: list[QAIssue]):
        self.display = str(path)
        self.issues = issues
        self.data: Any = None
        self.text = ""
        self._root: yaml.Node | None = None
        self.ok = False
        try:
            self.text = read_text_capped(path, MAX_FILE_BYTES)
        except InputFileError as exc:
            message = str(exc).removeprefix(f"{path}: ")
            issues.append(QAIssue(self.display, None, None, None, message))
            return
        try:
            self.data = yaml.load(
                self.text, Loader=_Loader
            )  # a safe loader (libyaml when available)
            check_tree(self.data)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            issues.append(QAIssue(self.display, line, None, None, f"YAML syntax error: {exc}"))
            return
        except UnsafeDataError as exc:
            issues.append(QAIssue(self.display, None, None, None, str(exc)))
            return
        except (RecursionError, ValueError, OverflowError) as exc:
            issues.append(QAIssue(self.display, None, None, None, f"无法读取的数据：{exc}"))
            return
        self.ok = True

    @property
    def root(self) -> yaml.Node | None:
        """The composed node tree (composed on first use)."""
        if self._root is None and self.ok:
            self._root = yaml.compose(self.text, Loader=_Loader)
        return self._root

    def add(self, loc: Sequence[Any] | None, item_id: str | None, message: str) -> None:
        line = line_of(self.root, loc) if loc is not None else None
        shown = field_path(loc) if loc else None
        self.issues.append(QAIssue(self.display, line, item_id, shown, message))

    def validate(
        self, model: type[BaseModel], data: Any, prefix: tuple = (), item_id: str | None = None
    ) -> Any:
        """Validate ``data`` (found at ``prefix``); record located issues and return None."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = prefix + tuple(error["loc"])
                self.add(loc, item_id or self._list_item_id(loc), error["msg"])
            return None

    def _list_item_id(self, loc: Sequence[Any]) -> str | None:
        """The ``id`` of the list item ``loc`` points into (e.g. ``items[3]``)."""
        if len(loc) >= 2 and isinstance(loc[1], int):
            try:
                value = self.data[loc[0]][loc[1]].get("id")
            except (KeyError, IndexError, TypeError, AttributeError):
                return None
            return None if value is None else str(value)
        return None


def _rule_index(
    packs: Sequence[Pack], standards: Path, issues: list[QAIssue]
) -> dict[str, RuleInfo]:
    rules = {rule.id: RuleInfo.of(rule, pack.meta.id) for pack in packs for rule in pack.rules}
    f = _File(standards, issues)
    if f.ok:
        parsed = f.validate(StandardFile, f.data if isinstance(f.data, dict) else {})
        for standard in parsed.standards if parsed else []:
            rules.setdefault(standard.id, RuleInfo.of(standard, STANDARDS_SOURCE))
    return rules


def _check_form_rules(f: _File, form: QAForm, rules: dict[str, RuleInfo]) -> None:
    for i, item in enumerate(form.items):
        for r, rule_id in enumerate(item.rules):
            if rule_id not in rules:
                f.add(("items", i, "rules", r), item.id, _unknown_rule(rule_id))


def _unknown_rule(rule_id: str) -> str:
    return (
        f"unknown rule id {rule_id!r}: not in the packs {list(QA_PACKS)} "
        "nor in the call standards (casebook/data/conversation/standards.yaml)"
    )


def _check_transcript(f: _File, t: Transcript, form: QAForm, rules: dict[str, RuleInfo]) -> None:
    """Cross-checks of a transcript against the form and the rules."""
    items = {i.id: i for i in form.items}
    for k, turn in enumerate(t.turns):
        where = ("turns", k)
        for r, rule_id in enumerate(turn.rules):
            if rule_id not in rules:
                f.add((*where, "rules", r), t.id, _unknown_rule(rule_id))
        known = [items[i] for i in turn.items if i in items]
        for j, item_id in enumerate(turn.items):
            if item_id not in items:
                f.add(
                    (*where, "items", j),
                    t.id,
                    f"unknown form item {item_id!r}; known: {list(items)}",
                )
        if not turn.items or len(known) != len(turn.items):
            continue
        compliance = any(i.group is ItemGroup.COMPLIANCE for i in known)
        expected = Grade.VIOLATING if compliance else Grade.INEFFECTIVE
        if turn.grade is not expected:
            f.add(
                (*where, "grade"),
                t.id,
                f"turn {turn.n} loses {'a compliance' if compliance else 'only service'} item(s) "
                f"{turn.items}: its grade must be {expected.value!r}",
            )
        allowed = {rule for i in known for rule in i.rules}
        stray = [rule for rule in turn.rules if rule not in allowed]
        if stray:
            f.add(
                (*where, "rules"),
                t.id,
                f"turn {turn.n} cites {stray}, which none of its items {turn.items} refers to; "
                "cite the items' rules or add the rule to the item in form.yaml",
            )
    if any(i not in items for _, i in t.marks()):
        return
    for item_id in t.reference.deductions:
        if item_id not in items:
            f.add(("reference", "deductions", item_id), t.id, f"unknown form item {item_id!r}")
    expected_deductions = deductions_for_marks(form, t.marks())
    given = {k: v for k, v in t.reference.deductions.items() if v}
    if given != expected_deductions:
        f.add(
            ("reference", "deductions"),
            t.id,
            f"the marked turns give deductions {expected_deductions}, not {given}",
        )
    expected_score = score_marks(form, t.marks()).total
    if t.reference.score != expected_score:
        f.add(
            ("reference", "score"),
            t.id,
            f"the marked turns give a score of {expected_score}, not {t.reference.score}",
        )


def load_qa(
    directory: str | Path | None = None,
    packs: Sequence[Pack] | None = None,
    standards: str | Path | None = None,
) -> QAContent:
    """Load and validate the QA content of ``directory`` (default: the built-in data).

    Rule ids resolve against ``packs`` (default: ``cn`` and ``house``) and the call standards
    file ``standards`` (default: the conversation content's). Raises :class:`QAError` listing
    every problem.
    """
    from casebook.policy.loader import load_packs

    directory = Path(directory) if directory is not None else builtin_qa_dir()
    packs = list(packs) if packs is not None else load_packs(QA_PACKS)
    issues: list[QAIssue] = []
    rules = _rule_index(packs, Path(standards) if standards else builtin_standards_file(), issues)

    form = None
    f = _File(directory / FORM_FILE, issues)
    if f.ok:
        form = f.validate(QAForm, f.data if isinstance(f.data, dict) else {})
        if form is not None:
            _check_form_rules(f, form, rules)

    surface = None
    f = _File(directory / VARIANTS_FILE, issues)
    if f.ok:
        surface = f.validate(SurfaceFile, f.data if isinstance(f.data, dict) else {})

    transcripts: dict[str, Transcript] = {}
    files: dict[str, str] = {}
    folder = directory / TRANSCRIPTS_DIR
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not paths:
        issues.append(QAIssue(str(folder), None, None, None, "no *.yaml transcript files"))
    for path in paths:
        f = _File(path, issues)
        if not f.ok:
            continue
        if not isinstance(f.data, dict):
            f.add(None, None, "expected a mapping (one transcript per file)")
            continue
        raw_id = f.data.get("id")
        label = str(raw_id) if raw_id is not None else path.stem
        transcript = f.validate(Transcript, f.data, item_id=label)
        if transcript is None:
            continue
        if transcript.id != path.stem:
            f.add(("id",), transcript.id, f"the id must match the file name {path.stem!r}")
            continue
        if transcript.id in transcripts:  # pragma: no cover - file names are unique
            f.add(("id",), transcript.id, "duplicate transcript id")
            continue
        if form is not None:
            _check_transcript(f, transcript, form, rules)
        transcripts[transcript.id] = transcript
        files[transcript.id] = f.display

    if issues or form is None or surface is None:
        raise QAError(issues)
    return QAContent(form=form, transcripts=transcripts, rules=rules, surface=surface, files=files)


@lru_cache(maxsize=1)
def default_qa() -> QAContent:
    """The built-in QA content, loaded once per process."""
    return load_qa()


def fault_label(fault: str) -> str:
    """The Chinese label of a fault type."""
    return FAULT_TYPES[fault]
