"""Load the drill bank from YAML, validating every item against the schema and the packs.

Every problem is collected and reported together; each names the file, the line, the item
id and the field. A bank with any problem is rejected whole. Rule ids are resolved against
the policy packs and source ids against the source registry at load time, so a drill cites
exactly what the scorer enforces and the one copy of each quoted passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from casebook.drills.schema import Difficulty, DrillFile, DrillItem
from casebook.issues import DataError, DataIssue
from casebook.policy.loader import builtin_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.sources import SourceRegistry, default_sources
from casebook.yamlnodes import load_with_nodes
from casebook.yamlnodes import node_at as _node_at
from casebook.yamlnodes import node_line as _line

#: Packs whose rules drill items may name (the law pack and the example house pack).
DRILL_PACKS = ("cn", "house")


class DrillIssue(DataIssue):
    """One problem found in a drill bank file."""


class DrillError(DataError):
    """The drill bank failed validation; ``issues`` lists every problem."""

    what = "drill bank"


@dataclass(frozen=True)
class DrillBank:
    """The validated items, the source registry they cite and the packs they name."""

    items: tuple[DrillItem, ...]
    references: SourceRegistry
    rules: PackRegistry
    files: dict[str, str]

    def item(self, item_id: str) -> DrillItem:
        """Return an item by id (KeyError if absent)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def rule_ids(self) -> set[str]:
        """Every pack rule id named by some option."""
        return {o.rule for item in self.items for o in item.options if o.rule}


def builtin_drill_dir() -> Path:
    """Directory of the drill data shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "drills"))


def _read(path: Path) -> tuple[Any, yaml.Node | None, list[DrillIssue]]:
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [DrillIssue(display, None, None, None, f"cannot read file: {exc}")]
    try:
        return (*load_with_nodes(text), [])  # one parse, libyaml
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, None, [DrillIssue(display, line, None, None, f"YAML syntax error: {exc}")]


def _errors(
    exc: ValidationError, display: str, root: yaml.Node | None, prefix: tuple, item_id: str | None
) -> list[DrillIssue]:
    issues = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        field = ".".join(str(p) for p in loc) or None
        node = _node_at(root, prefix + loc)
        issues.append(DrillIssue(display, _line(node), item_id, field, error["msg"]))
    return issues


def _check_item(
    item: DrillItem,
    file_difficulty: Difficulty,
    display: str,
    root: yaml.Node | None,
    index: int,
    rules: PackRegistry,
    refs: SourceRegistry,
) -> list[DrillIssue]:
    issues: list[DrillIssue] = []

    def issue(loc: tuple, message: str) -> None:
        node = _node_at(root, ("items", index, *loc))
        field = ".".join(str(p) for p in loc)
        issues.append(DrillIssue(display, _line(node), item.id, field, message))

    if item.difficulty is not file_difficulty:
        issue(
            ("difficulty",),
            f"item difficulty {item.difficulty.value!r} differs from the file's "
            f"{file_difficulty.value!r}",
        )
    for number, option in enumerate(item.options):
        if option.rule is not None and not rules.has(option.rule):
            known = ", ".join(sorted(r.id for r in rules.rules))
            issue(
                ("options", number, "rule"),
                f"unknown rule id {option.rule!r}; known: {known}",
            )
        if option.ref is not None:
            if option.ref not in refs:
                issue(("options", number, "ref"), f"unknown reference id {option.ref!r}")
            elif not refs[option.ref].verified:
                issue(
                    ("options", number, "ref"),
                    f"source {option.ref} is {refs[option.ref].status.value!r}: a drill may "
                    "cite verified sources only (verified-primary or verified-secondary)",
                )
        rule = rules.get(option.rule)
        if rule is not None and not option.correct and option.instead == rule.instead:
            issue(
                ("options", number, "instead"),
                f"repeats the generic 'instead' of rule {option.rule}; "
                "say what to do instead of this particular choice",
            )
    return issues


def load_bank(
    directory: str | Path | None = None,
    packs: Sequence[Pack] | None = None,
    sources: SourceRegistry | None = None,
) -> DrillBank:
    """Load and validate every ``*.yaml`` drill file of ``directory`` (default: built-in bank).

    Rule ids are resolved against ``packs`` (default: the ``cn`` law pack and the ``house``
    example pack), source ids against ``sources`` (default: the shipped source registry).
    Raises :class:`DrillError` listing every problem.
    """
    directory = Path(directory) if directory is not None else builtin_drill_dir()
    rules = PackRegistry.of(packs) if packs is not None else builtin_packs(DRILL_PACKS)
    refs = sources if sources is not None else default_sources()
    issues: list[DrillIssue] = []
    item_files = sorted(directory.glob("*.yaml"))
    if not item_files:
        issues.append(DrillIssue(str(directory), None, None, None, "no drill files (*.yaml)"))
    items: list[DrillItem] = []
    files: dict[str, str] = {}
    for path in item_files:
        display = str(path)
        data, root, problems = _read(path)
        issues += problems
        if problems:
            continue
        try:
            header = DrillFile.model_validate(data if isinstance(data, dict) else {})
        except ValidationError as exc:
            issues += _errors(exc, display, root, (), None)
            continue
        for index, raw in enumerate(header.items):
            item_id = raw.get("id") if isinstance(raw, dict) else None
            try:
                item = DrillItem.model_validate(raw)
            except ValidationError as exc:
                issues += _errors(exc, display, root, ("items", index), item_id)
                continue
            if item.id in files:
                node = _node_at(root, ("items", index, "id"))
                issues.append(
                    DrillIssue(
                        display,
                        _line(node),
                        item.id,
                        "id",
                        f"duplicate item id (first defined in {files[item.id]})",
                    )
                )
                continue
            issues += _check_item(item, header.difficulty, display, root, index, rules, refs)
            files[item.id] = display
            items.append(item)
    if issues:
        raise DrillError(issues)
    return DrillBank(items=tuple(items), references=refs, rules=rules, files=files)


@lru_cache(maxsize=1)
def default_bank() -> DrillBank:
    """The built-in bank, loaded once per process."""
    return load_bank()
