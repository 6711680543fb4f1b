"""Read rule parameters out of loaded packs, by the checker that enforces them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casebook.policy.schema import Pack


def rule_mapping(packs: Iterable[Pack], check: str, key: str) -> dict[str, Any]:
    """The mapping parameter ``key`` of every rule enforced by checker ``check``, merged in
    pack order (e.g. ``rule_mapping(packs, "letter_fields", "required_fields")`` gives the
    Art. 69 letter fields as id → label). Empty when no such rule is loaded."""
    merged: dict[str, Any] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.check == check:
                for name, value in rule.params[key].items():
                    merged.setdefault(name, value)
    return merged
