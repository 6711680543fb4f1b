"""One model of a legal source: a citation, its verification status, and the source registry.

Every place that cites a law, a regulation, an industry guideline, a contract term or a house
policy uses :class:`Citation`, with a :class:`Status` from the one vocabulary below and the
Chinese label from :data:`STATUS_LABELS` (the only label table of the project; see
``shared/reference/regulations.md`` for what the statuses mean).

Passages cited in more than one place are written once, in the source registry
(``casebook/data/sources/*.yaml``, one file per instrument), and cited by id: a pack rule with
``- ref: REF-MEASURES-68``, a drill option with ``ref: REF-CIVIL-188``, the judicial toolkit
with ``source("REF-FEES-13")``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    computed_field,
    model_validator,
)

from casebook.io import UnsafeDataError, loads_yaml_with_nodes
from casebook.issues import DataError, DataIssue
from casebook.prose import Prose
from casebook.yamlnodes import line_of


class Status(StrEnum):
    """How well a source (or a figure) was verified.

    Members are declared from the most to the least authoritative as a statement of law;
    :func:`weakest` relies on the order, so that a rule resting on any house-policy citation
    is shown as house policy.
    """

    VERIFIED_PRIMARY = "verified-primary"
    VERIFIED_SECONDARY = "verified-secondary"
    PARTIAL = "partial"
    BOOK_READING = "book-reading"
    UNVERIFIED = "unverified"
    SAMPLE = "sample"
    USER = "user"
    HOUSE_POLICY = "house-policy"


#: The Chinese label of every status: the one label table of the project.
STATUS_LABELS: dict[Status, str] = {
    Status.VERIFIED_PRIMARY: "已核实（原文）",
    Status.VERIFIED_SECONDARY: "已核实（转载/报道）",
    Status.PARTIAL: "部分核实",
    Status.BOOK_READING: "本书计算口径（原文未规定）",
    Status.UNVERIFIED: "未核实",
    Status.SAMPLE: "虚构示例",
    Status.USER: "用户提供",
    Status.HOUSE_POLICY: "行内政策（非法定）",
}

#: Statuses that may be stated as law.
VERIFIED: frozenset[Status] = frozenset({Status.VERIFIED_PRIMARY, Status.VERIFIED_SECONDARY})

_STATUS_ORDER: tuple[Status, ...] = tuple(Status)


def status_label(status: Status | str) -> str:
    """The Chinese label of ``status`` (ValueError for an unknown status)."""
    return STATUS_LABELS[Status(status)]


def weakest(statuses: Iterable[Status]) -> Status:
    """The least verified of ``statuses`` (ValueError if there are none)."""
    return max(statuses, key=_STATUS_ORDER.index)


class Citation(BaseModel):
    """One cited source: where a rule, an option's feedback or a calculation comes from.

    ``quote`` is the exact wording as read (empty if only a paraphrase was read); ``note`` is
    a Chinese paraphrase or caveat; ``source`` says where the text was read or verified.
    ``id`` is the registry id when the citation comes from the source registry.

    In YAML a citation is either written out (``document``, ``article``, ``status`` …) or
    refers to the registry, ``{ref: REF-MEASURES-68}``, optionally with its own ``note``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(min_length=1, description="Title of the instrument")
    article: str = Field(default="", description="Article or clause, or why it is unknown")
    status: Status = Field(description="Verification status of this source")
    quote: str = Field(default="", description="Exact wording as found; empty if none was read")
    note: Prose = Field(default="", description="Paraphrase or caveat, in Chinese")
    source: Prose = Field(default="", description="Where the text was read or verified")
    id: str = Field(default="", description="Registry id, when taken from the source registry")

    @model_validator(mode="before")
    @classmethod
    def _resolve_ref(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data
        data = {k: v for k, v in data.items() if k != "status_label"}  # computed on output
        if "ref" not in data:
            return data
        ref = data.pop("ref")
        extra = sorted(set(data) - {"note"})
        if extra:
            raise ValueError(
                f"a citation with 'ref' takes its fields from the source registry; "
                f"only 'note' may be added, not {extra}"
            )
        registry = (info.context or {}).get("sources") or default_sources()
        if not isinstance(ref, str) or ref not in registry:
            raise ValueError(f"unknown source id {ref!r} (see casebook/data/sources/)")
        found = registry[ref].model_dump(exclude={"status_label"})
        if "note" in data:
            found["note"] = data["note"]
        return found

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status_label(self) -> str:
        """The Chinese label of the status (from :data:`STATUS_LABELS`)."""
        return STATUS_LABELS[self.status]

    @property
    def verified(self) -> bool:
        """True if the source may be stated as law."""
        return self.status in VERIFIED

    def short(self) -> str:
        """One-line reference such as ``《…》 第六十八条``."""
        return f"{self.document} {self.article}".strip()

    def labelled(self) -> str:
        """The short reference and its status: ``《…》 第六十八条：已核实（转载/报道）``."""
        return f"{self.short()}：{self.status_label}"

    def quoted(self, status: bool = False) -> str:
        """The reference with its wording: ``《…》 第X条：「原文」``, or ``《…》 第X条（转述）``
        when no wording was read; ``status`` appends the status label in brackets."""
        text = self.short()
        if self.quote:
            text += f"：「{self.quote}」"
        elif self.note:
            text += f"（{self.note}）"
        return text + (f"（{self.status_label}）" if status else "")


# --- the source registry -------------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^REF(-[A-Z0-9]+)+$", description="Stable id, e.g. REF-CIVIL-188")
    article: str = ""
    status: Status
    quote: str = ""
    note: Prose = ""
    source: Prose = ""


class SourceFile(BaseModel):
    """One file of the registry: the passages cited from one instrument."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(min_length=1, description="Title of the instrument, as cited")
    short: str = Field(default="", description="Short title for charts, e.g. 《民法典》")
    sources: list[_Entry] = Field(min_length=1)


class SourceIssue(DataIssue):
    """One problem found in a registry file."""

    item_label = "source"

    @property
    def source_id(self) -> str | None:
        """The registry entry the problem is in, if any."""
        return self.item_id


class SourceError(DataError):
    """The source registry failed validation; ``issues`` lists every problem."""

    what = "source registry"


class SourceRegistry(Mapping[str, Citation]):
    """The registry's citations by id, plus the short title of each instrument."""

    def __init__(self, citations: Mapping[str, Citation], short_titles: Mapping[str, str]):
        self._citations = dict(citations)
        self._short = dict(short_titles)

    def __getitem__(self, source_id: str) -> Citation:
        try:
            return self._citations[source_id]
        except KeyError:
            raise KeyError(f"unknown source id {source_id!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._citations)

    def __len__(self) -> int:
        return len(self._citations)

    def short_title(self, document: str) -> str:
        """The short title of an instrument (for charts and per-article tallies)."""
        return self._short.get(document) or document


def builtin_sources_dir() -> Path:
    """Directory of the registry shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "sources"))


def _file_issues(path: Path, exc: ValidationError, data: Any, root) -> list[SourceIssue]:
    issues = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        source_id = None
        if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            try:
                source_id = data["sources"][loc[1]].get("id")
            except (KeyError, IndexError, TypeError, AttributeError):
                source_id = None
        field = ".".join(str(p) for p in loc) or None
        issues.append(SourceIssue(str(path), line_of(root, loc), source_id, field, error["msg"]))
    return issues


def load_sources(directory: str | Path | None = None) -> SourceRegistry:
    """Load and validate every ``*.yaml`` of ``directory`` (default: the shipped registry).

    Ids are unique across files. Raises :class:`SourceError` listing every problem, each
    naming the file, the line, the source id and the field.
    """
    directory = Path(directory) if directory is not None else builtin_sources_dir()
    issues: list[SourceIssue] = []
    citations: dict[str, Citation] = {}
    seen: dict[str, str] = {}
    short: dict[str, str] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        issues.append(SourceIssue(str(directory), None, None, None, "no source files (*.yaml)"))
    for path in files:
        try:
            data, root = loads_yaml_with_nodes(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, UnsafeDataError) as exc:
            issues.append(SourceIssue(str(path), None, None, None, f"cannot read file: {exc}"))
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            issues.append(SourceIssue(str(path), line, None, None, f"YAML syntax error: {exc}"))
            continue
        try:
            parsed = SourceFile.model_validate(data if isinstance(data, dict) else {})
        except ValidationError as exc:
            issues += _file_issues(path, exc, data, root)
            continue
        if parsed.short:
            short[parsed.document] = parsed.short
        for index, entry in enumerate(parsed.sources):
            if entry.id in seen:
                line = line_of(root, ("sources", index, "id"))
                message = f"duplicate source id (first defined in {seen[entry.id]})"
                issues.append(SourceIssue(str(path), line, entry.id, "id", message))
                continue
            seen[entry.id] = str(path)
            citations[entry.id] = Citation(document=parsed.document, **entry.model_dump())
    if issues:
        raise SourceError(issues)
    return SourceRegistry(citations, short)


@cache
def default_sources() -> SourceRegistry:
    """The shipped registry, loaded once per process."""
    return load_sources()


def source(source_id: str) -> Citation:
    """A citation of the shipped registry by id (KeyError if absent)."""
    return default_sources()[source_id]
