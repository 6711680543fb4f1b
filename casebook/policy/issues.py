"""Problems found while loading policy packs, each naming the file, line, rule and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PackIssue:
    """One problem found in a pack file."""

    file: str
    line: int | None
    rule_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class PackError(ValueError):
    """A pack failed validation; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[PackIssue]):
        self.issues = list(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"invalid policy pack ({len(self.issues)} problem(s)):\n{lines}")
