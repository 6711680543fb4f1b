"""The loaded packs as one registry: rules by id across packs, rules and params by checker.

Every consumer (the engine, the book tables, drills, documents, grading, simulators) asks the
registry instead of building its own ``{rule.id: rule}`` index. :func:`casebook.policy.loader.
load_packs` returns one; :meth:`PackRegistry.of` wraps any sequence of packs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from casebook.policy.issues import PackError, PackIssue
from casebook.policy.schema import Pack, Rule


class PackRegistry(Sequence[Pack]):
    """Packs in load order, with lookups. Rule ids must be unique across the packs."""

    def __init__(self, packs: Iterable[Pack]):
        self._packs = tuple(packs)
        self._rules: dict[str, tuple[Pack, Rule]] = {}
        clashes = []
        for pack in self._packs:
            for rule in pack.rules:
                if rule.id in self._rules:
                    first = self._rules[rule.id][0].meta.id
                    message = f"rule id also defined in pack {first!r}"
                    clashes.append(PackIssue(pack.meta.id, None, rule.id, "id", message))
                    continue
                self._rules[rule.id] = (pack, rule)
        if clashes:
            raise PackError(clashes)

    @classmethod
    def of(cls, packs: Iterable[Pack]) -> PackRegistry:
        """``packs`` as a registry (the same object if it already is one)."""
        return packs if isinstance(packs, PackRegistry) else cls(packs)

    @overload
    def __getitem__(self, index: int) -> Pack: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Pack]: ...
    def __getitem__(self, index):
        return self._packs[index]

    def __len__(self) -> int:
        return len(self._packs)

    def __repr__(self) -> str:
        return f"PackRegistry({[f'{p.meta.id} {p.meta.version}' for p in self._packs]})"

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, in pack order."""
        return tuple(rule for _, rule in self._rules.values())

    def entries(self) -> Iterator[tuple[Pack, Rule, Any]]:
        """``(pack, rule, validated params)`` for every rule, in pack order."""
        for pack, rule in self._rules.values():
            yield pack, rule, pack.params.get(rule.id)

    def rule(self, rule_id: str) -> Rule:
        """A rule by id (KeyError naming the id if no loaded pack has it)."""
        try:
            return self._rules[rule_id][1]
        except KeyError:
            raise KeyError(f"no loaded pack has rule {rule_id!r}") from None

    def get(self, rule_id: str | None) -> Rule | None:
        """A rule by id, or None."""
        found = self._rules.get(rule_id or "")
        return found[1] if found else None

    def has(self, rule_id: str) -> bool:
        """True if a loaded pack has ``rule_id``."""
        return rule_id in self._rules

    def pack_of(self, rule_id: str) -> Pack:
        """The pack that holds ``rule_id`` (KeyError if none)."""
        try:
            return self._rules[rule_id][0]
        except KeyError:
            raise KeyError(f"no loaded pack has rule {rule_id!r}") from None

    def params(self, rule_id: str) -> Any:
        """The validated params of ``rule_id`` (the checker's parameter model)."""
        return self.pack_of(rule_id).params[rule_id]

    def rules_for(self, check: str) -> tuple[Rule, ...]:
        """The rules enforced by checker ``check``, in pack order."""
        return tuple(rule for _, rule in self._rules.values() if rule.check == check)

    def params_for(self, check: str) -> Any:
        """Validated params of the first rule enforced by ``check`` (None if absent)."""
        found = self.rules_for(check)
        return self.params(found[0].id) if found else None

    def mapping(self, check: str, key: str) -> dict[str, Any]:
        """The mapping parameter ``key`` of every rule enforced by ``check``, merged in pack
        order (e.g. ``mapping("letter_fields", "required_fields")`` gives the Art. 69 letter
        fields as id → label). Empty when no such rule is loaded."""
        merged: dict[str, Any] = {}
        for rule in self.rules_for(check):
            for name, value in rule.params[key].items():
                merged.setdefault(name, value)
        return merged


def rule_mapping(packs: Iterable[Pack], check: str, key: str) -> dict[str, Any]:
    """:meth:`PackRegistry.mapping` for any sequence of packs."""
    return PackRegistry.of(packs).mapping(check, key)
