"""Schema of a policy pack: rules as data, validated on load."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from casebook.prose import Prose, tidy_text
from casebook.sources import STATUS_LABELS, Citation, Status, weakest

__all__ = [
    "STATUS_LABELS",
    "Category",
    "Citation",
    "Pack",
    "PackKind",
    "PackMeta",
    "Prose",
    "Rule",
    "RuleFile",
    "Status",
    "tidy_text",
    "weakest",
]


class Category(StrEnum):
    """The four compliance points of the seed. Judicial procedure is not a pack category:
    its rules (fees, limitation, procedure, 有效催收) live in :mod:`casebook.judicial`."""

    LAW = "遵守法律法规"
    CIVILITY = "文明催收"
    PRIVACY = "保护个人隐私"
    EXCESS = "防止催收过度"


class PackKind(StrEnum):
    """A law pack holds verified rules only; a house pack holds a bank's own policies."""

    LAW = "law"
    HOUSE = "house"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    """One checkable rule."""

    id: str = Field(
        pattern=r"^[A-Z]+(-[A-Z0-9]+)+$", description="Stable id, e.g. CN-CONTACT-HOURS"
    )
    title: str = Field(min_length=1)
    category: Category
    check: str = Field(min_length=1, description="Name of the checker that enforces the rule")
    params: dict[str, Any] = Field(default_factory=dict)
    points: int = Field(ge=0, le=100, description="Compliance points deducted per violation")
    why: Prose = Field(min_length=1, description="Why the rule exists (Chinese)")
    instead: Prose = Field(min_length=1, description="What to do instead (Chinese)")
    citations: list[Citation] = Field(min_length=1)

    @field_validator("citations")
    @classmethod
    def _articles_named(cls, citations: list[Citation]) -> list[Citation]:
        for number, citation in enumerate(citations):
            if not citation.article:
                raise ValueError(
                    f"citation {number} has no 'article': name it, or say why it is unknown"
                )
        return citations

    @property
    def citation(self) -> Citation:
        """The primary citation."""
        return self.citations[0]

    @property
    def status(self) -> Status:
        """The rule's displayed status, derived from its citations: the least verified one.

        A rule is shown no more verified than the weakest source it rests on, so a rule citing
        a verified-primary statute and a verified-secondary industry guideline shows
        verified-secondary, and any house-policy citation makes the rule house policy. Each
        citation keeps (and shows) its own status.
        """
        return weakest(c.status for c in self.citations)

    @property
    def status_label(self) -> str:
        """The Chinese label of :attr:`status`."""
        return STATUS_LABELS[self.status]


class PackMeta(_Strict):
    """Header of a pack (``pack.yaml``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: str
    kind: PackKind
    description: Prose = ""
    reviewed: str = Field(default="", description="What the rules were checked against, and when")


class RuleFile(_Strict):
    """A file of rules inside a pack directory."""

    rules: list[Rule]


class Pack(_Strict):
    """A loaded, validated pack."""

    meta: PackMeta
    rules: tuple[Rule, ...]
    params: dict[str, Any] = Field(
        default_factory=dict, description="Validated params per rule id (checker models)"
    )

    def rule(self, rule_id: str) -> Rule:
        """Return a rule by id (KeyError if absent)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)
