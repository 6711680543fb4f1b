"""Tables for the book, rendered from the same policy packs the scorer uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from casebook.policy.loader import DEFAULT_PACKS, builtin_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Category, Pack, Rule


def _registry(packs: Sequence[Pack] | None) -> PackRegistry:
    """The packs given, or the law pack."""
    return PackRegistry.of(packs) if packs is not None else builtin_packs(DEFAULT_PACKS)


def _param_summary(rule: Rule) -> str:
    parts = []
    for key, value in rule.params.items():
        if key in {"patterns", "debt_patterns"}:
            parts.append(f"{key}: {len(value)} 组")
        elif isinstance(value, dict):
            parts.append(f"{key}: {len(value)} 项")
        elif isinstance(value, list):
            parts.append(f"{key}: {', '.join(str(v) for v in value)}")
        else:
            parts.append(f"{key}: {value}")
    return "；".join(parts)


def rule_table(
    packs: Sequence[Pack] | None = None,
    categories: Iterable[Category | str] | None = None,
    detail: bool = False,
) -> pd.DataFrame:
    """One row per rule: id, title, category, citations, status (and, with ``detail``, more).

    ``依据`` lists every citation with its own verification status; ``核实状态`` is the
    rule's status derived from them (the least verified citation, see :attr:`Rule.status`).
    ``packs`` defaults to the law pack; ``categories`` filters by the Chinese category name.
    """
    registry = _registry(packs)
    wanted = {Category(c) for c in categories} if categories is not None else None
    rows = []
    for rule in registry.rules:
        if wanted is not None and rule.category not in wanted:
            continue
        row: dict[str, str | int] = {
            "规则编号": rule.id,
            "要求": rule.title,
            "类别": rule.category.value,
            "依据": "；".join(c.labelled() for c in rule.citations),
            "核实状态": rule.status_label,
        }
        if detail:
            row["参数"] = _param_summary(rule)
            row["扣分"] = rule.points
            row["为什么"] = rule.why
            row["应当怎么做"] = rule.instead
        rows.append(row)
    return pd.DataFrame(rows)


def category_counts(packs: Sequence[Pack] | None = None) -> pd.DataFrame:
    """Number of rules per category, in the order of the seed's four compliance points."""
    counts = {c.value: 0 for c in Category}
    for rule in _registry(packs).rules:
        counts[rule.category.value] += 1
    return pd.DataFrame({"类别": list(counts), "规则数": list(counts.values())})
