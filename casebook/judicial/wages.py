"""Small-claims limits: the provincial wage data file and the user's own figure.

《民事诉讼法》(2023) Art. 165: a simple money claim of at most 50% of the province's
prior-year average annual wage of employed persons must use the small-claims procedure;
up to 200% the parties may agree to use it. The data file ``casebook/data/wages/
small_claims.yaml`` lists figures with their year, source and status; a figure the user
supplies always wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.io import InputFileError, read_data, validate_file
from casebook.policy.schema import Prose

WAGES_FILE = Path(__file__).resolve().parent.parent / "data" / "wages" / "small_claims.yaml"
MANDATORY_SHARE = Decimal("0.5")
OPTIONAL_SHARE = Decimal(2)

FigureStatus = Literal["verified-primary", "verified-secondary", "partial", "unverified", "sample"]
#: Statuses a chooser may use without the user confirming the figure.
USABLE_STATUSES = frozenset({"verified-primary", "verified-secondary", "partial"})


class WageEntry(BaseModel):
    """One province's figure for one year, with its source and status."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    province: str = Field(min_length=2)
    wage_year: int = Field(ge=2000, le=2100)
    wage_basis: str
    average_wage: Decimal | None = Field(default=None, gt=0)
    mandatory_limit: Decimal | None = Field(default=None, gt=0)
    optional_limit: Decimal | None = Field(default=None, gt=0)
    effective_from: date | None = None
    source: Prose = Field(min_length=4)
    status: FigureStatus
    note: Prose = ""

    @model_validator(mode="after")
    def _has_a_figure(self) -> WageEntry:
        if self.average_wage is None and self.mandatory_limit is None:
            raise ValueError("give average_wage or mandatory_limit (or both)")
        if (
            self.mandatory_limit is not None
            and self.optional_limit is not None
            and self.optional_limit < self.mandatory_limit
        ):
            raise ValueError("optional_limit must not be below mandatory_limit")
        return self


class WageFile(BaseModel):
    """The whole data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    entries: list[WageEntry]


@dataclass(frozen=True)
class SmallClaimsLimits:
    """The two limits of Art. 165 and where they come from."""

    mandatory: Decimal
    optional: Decimal
    source: str
    status: str

    def describe(self) -> str:
        """One line in Chinese."""
        return (
            f"小额诉讼上限 ¥{self.mandatory:,.2f}（必须适用），约定适用上限 ¥{self.optional:,.2f}；"
            f"来源：{self.source}（{self.status}）"
        )


def load_wage_file(path: str | Path = WAGES_FILE) -> WageFile:
    """Read and validate a wage data file (errors name the file and field)."""
    return validate_file(WageFile, read_data(path), path)


@cache
def _default_entries() -> tuple[WageEntry, ...]:
    return tuple(load_wage_file().entries)


def limits_from_wage(wage: Decimal, source: str = "用户提供的平均工资") -> SmallClaimsLimits:
    """Art. 165 limits from an average annual wage: 50% and 200%."""
    if wage <= 0:
        raise ValueError("wage: the average annual wage must be positive")
    return SmallClaimsLimits(wage * MANDATORY_SHARE, wage * OPTIONAL_SHARE, source, "user")


def limits_for_province(
    province: str, entries: tuple[WageEntry, ...] | None = None, allow_sample: bool = False
) -> SmallClaimsLimits:
    """The newest usable entry for ``province`` from the data file.

    Entries with status ``unverified`` are never used; ``sample`` only with ``allow_sample``.
    Raises :class:`~casebook.io.InputFileError` naming the province when nothing usable exists.
    """
    entries = entries if entries is not None else _default_entries()
    usable = USABLE_STATUSES | ({"sample"} if allow_sample else set())
    found = sorted(
        (e for e in entries if e.province == province and e.status in usable),
        key=lambda e: e.wage_year,
    )
    if not found:
        known = sorted({e.province for e in entries if e.status in usable})
        raise InputFileError(
            f"province: no usable small-claims figure for {province!r} in {WAGES_FILE.name} "
            f"(known: {', '.join(known) or 'none'}); supply --wage or --small-claims-limit"
        )
    entry = found[-1]
    if entry.mandatory_limit is not None:
        mandatory = entry.mandatory_limit
        optional = entry.optional_limit or entry.mandatory_limit * 4
    else:
        assert entry.average_wage is not None
        mandatory = entry.average_wage * MANDATORY_SHARE
        optional = entry.average_wage * OPTIONAL_SHARE
    return SmallClaimsLimits(
        mandatory,
        optional,
        f"{entry.province} {entry.wage_year} 年度：{entry.source}",
        entry.status,
    )
