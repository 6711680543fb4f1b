"""Schema of a policy pack: rules as data, validated on load."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_CJK_GAP = re.compile(r"(?<=[^\x00-\x7F])\s+(?=[^\x00-\x7F])")


def tidy_text(text: str) -> str:
    """Join lines folded by YAML: no space between two CJK characters, single spaces elsewhere."""
    return re.sub(r"\s+", " ", _CJK_GAP.sub("", text)).strip()


Prose = Annotated[str, AfterValidator(tidy_text)]


class Status(StrEnum):
    """How well a source was verified (see shared/reference/regulations.md).

    Members are declared from the most to the least verified; :func:`weakest` relies on it.
    """

    VERIFIED_PRIMARY = "verified-primary"
    VERIFIED_SECONDARY = "verified-secondary"
    HOUSE_POLICY = "house-policy"


STATUS_LABELS: dict[Status, str] = {
    Status.VERIFIED_PRIMARY: "已核实（原文）",
    Status.VERIFIED_SECONDARY: "已核实（转载/报道）",
    Status.HOUSE_POLICY: "行内政策（非法定）",
}


_STATUS_ORDER: tuple[Status, ...] = tuple(Status)


def weakest(statuses: Iterable[Status]) -> Status:
    """The least verified of ``statuses`` (ValueError if there are none)."""
    return max(statuses, key=_STATUS_ORDER.index)


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


class Citation(_Strict):
    """Where a rule comes from, and how well that source was verified.

    The status belongs to the source (a document's article), not to the rule citing it, so
    the same article carries the same status in every rule.
    """

    document: str = Field(min_length=1, description="Title of the instrument")
    article: str = Field(min_length=1, description="Article or clause, or why it is unknown")
    status: Status = Field(description="Verification status of this source")
    quote: str = Field(default="", description="Exact wording as found; empty if none was read")
    note: Prose = Field(default="", description="Paraphrase or caveat, in Chinese")

    def short(self) -> str:
        """One-line reference such as 《…》第六十八条."""
        return f"{self.document} {self.article}".strip()

    @property
    def status_label(self) -> str:
        """The Chinese label of the status (from :data:`STATUS_LABELS`)."""
        return STATUS_LABELS[self.status]

    def labelled(self) -> str:
        """The short reference followed by its status, e.g. 《…》第六十八条：已核实（转载/报道）."""
        return f"{self.short()}：{self.status_label}"


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
