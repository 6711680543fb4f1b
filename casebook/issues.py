"""Problems found in a data file, each naming the file, line, item and field.

Every loader of validated YAML (policy packs, the source registry, drills, conversation and
QA content) reports its problems as :class:`DataIssue` and raises a :class:`DataError`
subclass that lists them all, so a bad file reads the same way wherever it is found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class DataIssue:
    """One problem found in a data file: where it is (file, line, item, field) and what."""

    file: str
    line: int | None
    item_id: str | None
    field: str | None
    message: str

    #: How the item is named in the message ("rule CN-…", "item D-…", "source REF-…").
    item_label: ClassVar[str] = "item"

    def __str__(self) -> str:
        parts = [f"{self.file}:{self.line}" if self.line else self.file]
        if self.item_id:
            parts.append(f"{self.item_label} {self.item_id}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class DataError(ValueError):
    """Some data failed validation; ``issues`` lists every problem found."""

    #: What failed, as the first line of the message says it ("invalid drill bank …").
    what: ClassVar[str] = "data"

    def __init__(self, issues: Sequence[DataIssue]):
        self.issues = list(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"invalid {self.what} ({len(self.issues)} problem(s)):\n{lines}")
