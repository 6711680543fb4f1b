"""Locate a validation error in a YAML file: the node, its line, and a readable field path.

Every data file of the engine (policy packs, drills, lexicons, strategies, campaign
parameters, exercise catalogues) reports errors as ``file:line: field 'a.b[2]'``; these
helpers turn a pydantic error location into that line number and path.
:func:`load_with_nodes` parses a file once (with libyaml when PyYAML has it) into both the
data and the node tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

#: PyYAML's safe loader, in C (libyaml) when available: the same data, about ten times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """``yaml.safe_load(text)`` and ``yaml.compose(text)`` from a single parse.

    Raises ``yaml.YAMLError`` (with the problem's line) as ``yaml.safe_load`` does, and also
    for a key repeated in one mapping, which ``yaml.safe_load`` would silently drop.
    """
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_duplicate_keys(root)
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return data, root


def _refuse_duplicate_keys(root: yaml.Node) -> None:
    """Raise on a mapping that repeats a key: YAML would silently keep only the last one."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key.value!r}", key.start_mark
                        )
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _too_deep(exc: yaml.YAMLError) -> bool:
    return "maximum nesting depth" in str(exc)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the C parser when available.

    libyaml refuses deep nesting with a YAMLError where the pure-Python parser runs out of
    recursion; both surface as RecursionError, which the readers report as 嵌套过深.
    """
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        if _too_deep(exc):
            raise RecursionError(str(exc)) from None
        raise


def compose(text: str) -> yaml.Node | None:
    """``yaml.compose`` with the C parser when available (nodes carry line marks)."""
    try:
        return yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        if _too_deep(exc):
            raise RecursionError(str(exc)) from None
        raise


def node_at(root: yaml.Node | None, loc: Iterable[Any]) -> yaml.Node | None:
    """The deepest node of a composed YAML tree along ``loc`` (keys and list indexes)."""
    node = root
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == str(key)), None)
            if match is None:
                return node
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


def node_line(node: yaml.Node | None) -> int | None:
    """1-based line where ``node`` starts, or None."""
    return node.start_mark.line + 1 if node is not None else None


def line_of(root: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """1-based line of the value at ``loc`` (or of its nearest existing parent)."""
    return node_line(node_at(root, loc))


def field_path(loc: Iterable[Any]) -> str:
    """``actions[3].time`` style path for a pydantic error location."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"
