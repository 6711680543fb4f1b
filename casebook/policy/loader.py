"""Load policy packs from YAML, validating everything before anything is returned.

A pack is a directory with ``pack.yaml`` (the header) and any number of ``*.yaml``
rule files. Errors name the file, the line, the rule id and the field; a pack with any
error is rejected whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from casebook.checks import REGISTRY
from casebook.io import UnsafeDataError, loads_yaml_with_nodes
from casebook.policy.issues import PackError, PackIssue
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack, PackKind, PackMeta, Rule
from casebook.sources import VERIFIED, SourceRegistry, Status
from casebook.yamlnodes import node_at as _node_at
from casebook.yamlnodes import node_line as _line

#: Packs shipped with the engine, by short name.
BUILTIN_PACKS = ("cn", "house")
DEFAULT_PACKS = ("cn",)

#: Statuses of figures, not of sources: never cited by a rule.
_NOT_CITABLE = {Status.SAMPLE, Status.USER}

__all__ = [
    "BUILTIN_PACKS",
    "DEFAULT_PACKS",
    "PackError",
    "PackIssue",
    "builtin_packs",
    "load_pack",
    "load_packs",
]


def builtin_pack_dir(name: str) -> Path:
    """Directory of a pack shipped with the engine."""
    return Path(str(resources.files("casebook") / "policies" / name))


def _read_yaml(path: Path, display: str) -> tuple[Any, yaml.Node | None, list[PackIssue]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [PackIssue(display, None, None, None, f"cannot read file: {exc}")]
    try:
        return (*loads_yaml_with_nodes(text), [])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, None, [PackIssue(display, line, None, None, f"YAML syntax error: {exc}")]
    except UnsafeDataError as exc:
        return None, None, [PackIssue(display, None, None, None, str(exc))]


def _issues_from(
    exc: ValidationError, display: str, root: yaml.Node | None, data: Any, prefix=()
) -> list[PackIssue]:
    issues = []
    for error in exc.errors():
        loc = tuple(prefix) + tuple(error["loc"])
        rule_id = None
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            try:
                rule_id = data["rules"][loc[1]].get("id")
            except (KeyError, IndexError, TypeError, AttributeError):
                rule_id = None
            field = ".".join(str(p) for p in loc[2:]) or None
        else:
            field = ".".join(str(p) for p in loc) or None
        issues.append(PackIssue(display, _line(_node_at(root, loc)), rule_id, field, error["msg"]))
    return issues


def _check_rule(
    rule: Rule, index: int, kind: PackKind, display: str, root, params: dict
) -> list[PackIssue]:
    issues: list[PackIssue] = []

    def issue(field: str, message: str, loc: tuple = ()) -> None:
        node = (
            _node_at(root, ("rules", index, *loc))
            if loc
            else _node_at(root, ("rules", index, field))
        )
        issues.append(PackIssue(display, _line(node), rule.id, field, message))

    for number, citation in enumerate(rule.citations):
        if citation.status in _NOT_CITABLE:
            issue(
                f"citations.{number}.status",
                f"{citation.status.value!r} marks a figure, not a source a rule may cite",
                ("citations", number, "status"),
            )
    if kind is PackKind.LAW:
        for number, citation in enumerate(rule.citations):
            if citation.status not in VERIFIED:
                issue(
                    f"citations.{number}.status",
                    f"a law pack holds verified rules only, not {citation.status.value!r}; "
                    "move the rule to a house pack",
                    ("citations", number, "status"),
                )
    if kind is PackKind.HOUSE and rule.status is not Status.HOUSE_POLICY:
        issue(
            "citations",
            "a rule in a house pack must cite at least one source with status 'house-policy'",
        )
    spec = REGISTRY.get(rule.check)
    if spec is None:
        issue("check", f"unknown checker {rule.check!r}; known: {', '.join(sorted(REGISTRY))}")
        return issues
    try:
        params[rule.id] = spec.params_model.model_validate(rule.params)
    except ValidationError as exc:
        for error in exc.errors():
            loc = ("params", *error["loc"])
            field = ".".join(str(p) for p in loc)
            node = _node_at(root, ("rules", index, *loc))
            issues.append(PackIssue(display, _line(node), rule.id, field, error["msg"]))
    return issues


def load_pack(directory: str | Path, sources: SourceRegistry | None = None) -> Pack:
    """Load and validate one pack directory; raise :class:`PackError` listing every problem.

    Citations written as ``{ref: REF-…}`` are resolved against ``sources`` (default: the
    shipped source registry, :func:`casebook.sources.default_sources`).
    """
    directory = Path(directory)
    header = directory / "pack.yaml"
    issues: list[PackIssue] = []
    if not header.is_file():
        raise PackError(
            [PackIssue(str(header), None, None, None, "pack header pack.yaml not found")]
        )
    data, root, problems = _read_yaml(header, str(header))
    issues += problems
    meta = None
    if not problems:
        try:
            meta = PackMeta.model_validate(data if isinstance(data, dict) else {})
        except ValidationError as exc:
            issues += _issues_from(exc, str(header), root, data)
    rules: list[Rule] = []
    params: dict[str, Any] = {}
    seen: dict[str, str] = {}
    rule_files = sorted(p for p in directory.glob("*.yaml") if p.name != "pack.yaml")
    if not rule_files:
        issues.append(PackIssue(str(directory), None, None, None, "no rule files (*.yaml) in pack"))
    for path in rule_files:
        display = str(path)
        data, root, problems = _read_yaml(path, display)
        issues += problems
        if problems:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            issues.append(
                PackIssue(display, 1, None, "rules", "expected a mapping with a 'rules' list")
            )
            continue
        for index, raw in enumerate(data["rules"]):
            try:
                rule = Rule.model_validate(raw, context={"sources": sources})
            except ValidationError as exc:
                issues += _issues_from(exc, display, root, data, prefix=("rules", index))
                continue
            if rule.id in seen:
                node = _node_at(root, ("rules", index, "id"))
                issues.append(
                    PackIssue(
                        display,
                        _line(node),
                        rule.id,
                        "id",
                        f"duplicate rule id (first defined in {seen[rule.id]})",
                    )
                )
                continue
            seen[rule.id] = display
            if meta is not None:
                issues += _check_rule(rule, index, meta.kind, display, root, params)
            rules.append(rule)
    if issues or meta is None:
        raise PackError(issues)
    return Pack(meta=meta, rules=tuple(rules), params=params)


def load_packs(
    names: Iterable[str | Path] = DEFAULT_PACKS, sources: SourceRegistry | None = None
) -> PackRegistry:
    """Load built-in packs by name (``cn``, ``house``) or pack directories by path, as one
    :class:`~casebook.policy.registry.PackRegistry`.

    Rule ids must be unique across the packs loaded together.
    """
    packs = []
    for name in names:
        if isinstance(name, str) and name in BUILTIN_PACKS:
            directory = builtin_pack_dir(name)
        else:
            directory = Path(name)
        packs.append(load_pack(directory, sources))
    return PackRegistry(packs)


@lru_cache(maxsize=8)
def builtin_packs(names: tuple[str, ...] = DEFAULT_PACKS) -> PackRegistry:
    """Built-in packs by name, loaded once per process (for lookups that need no fresh copy)."""
    unknown = [n for n in names if n not in BUILTIN_PACKS]
    if unknown:
        raise ValueError(f"not built-in packs: {unknown}; built-in: {list(BUILTIN_PACKS)}")
    return load_packs(names)
