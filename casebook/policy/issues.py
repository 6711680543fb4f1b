"""Problems found while loading policy packs, each naming the file, line, rule and field."""

from __future__ import annotations

from casebook.issues import DataError, DataIssue


class PackIssue(DataIssue):
    """One problem found in a pack file."""

    item_label = "rule"

    @property
    def rule_id(self) -> str | None:
        """The rule the problem is in, if any."""
        return self.item_id


class PackError(DataError):
    """A pack failed validation; ``issues`` lists every problem found."""

    what = "policy pack"
