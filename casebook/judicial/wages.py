"""Small-claims limits: the provincial wage data file and the user's own figure.

《民事诉讼法》(2023) Art. 165: a simple money claim of at most 50% of the province's
prior-year average annual wage of employed persons must use the small-claims procedure;
up to 200% the parties may agree to use it. The data file ``casebook/data/wages/
small_claims.yaml`` lists figures with their year, source, wage base and status; a figure
the user supplies always wins.

A figure from the data file is applied only when it is verified. A ``partial`` figure
(one reprint, or computed on a base other than the statute's 就业人员 wage) is *offered*:
it is shown with its source, base and status, but the chooser treats the small-claims
question as open until the user confirms it (``confirm=True``, CLI ``--confirm-limit``) or
supplies the court's limit or the wage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.io import InputFileError, read_data, validate_file
from casebook.judicial.money import as_number
from casebook.money_text import yuan
from casebook.prose import Prose
from casebook.sources import VERIFIED, Status, status_label

WAGES_FILE = Path(__file__).resolve().parent.parent / "data" / "wages" / "small_claims.yaml"
MANDATORY_SHARE = Decimal("0.5")
OPTIONAL_SHARE = Decimal(2)

#: Statuses a data-file figure may carry (``user`` is for a figure the user types in).
FIGURE_STATUSES = frozenset(
    {Status.VERIFIED_PRIMARY, Status.VERIFIED_SECONDARY, Status.PARTIAL, Status.UNVERIFIED}
    | {Status.SAMPLE}
)
#: Statuses a chooser may apply without the user confirming the figure.
APPLIED_STATUSES = VERIFIED
#: Statuses that may be offered (shown, labelled) and applied once the user confirms them.
OFFERED_STATUSES = APPLIED_STATUSES | {Status.PARTIAL, Status.UNVERIFIED}
#: The wage base Art. 165 names.
STATUTE_BASE = "就业人员年平均工资"


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
    status: Status
    note: Prose = ""

    @field_validator("status")
    @classmethod
    def _figure_status(cls, value: Status) -> Status:
        if value not in FIGURE_STATUSES:
            allowed = ", ".join(sorted(s.value for s in FIGURE_STATUSES))
            raise ValueError(f"status of a data-file figure must be one of: {allowed}")
        return value

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
    """The two limits of Art. 165 and where they come from.

    ``confirmed`` is false for a figure that is only offered (a ``partial`` data-file entry
    the user has not confirmed): the chooser then shows it but does not apply it.
    ``caveats`` say why a figure is not certain (a single reprint, a different wage base …).
    """

    mandatory: Decimal
    optional: Decimal
    source: str
    status: Status
    confirmed: bool = True
    wage_basis: str = ""
    caveats: tuple[str, ...] = ()

    @property
    def status_text(self) -> str:
        """The status in Chinese."""
        return status_label(self.status)

    def describe(self) -> str:
        """One line in Chinese."""
        text = (
            f"小额诉讼上限 {yuan(self.mandatory)}（必须适用），约定适用上限 {yuan(self.optional)}；"
            f"来源：{self.source}（{self.status_text}）"
        )
        if self.wage_basis:
            text += f"；计算基数：{self.wage_basis}"
        return text

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict (the ``small_claims_limits`` of ``casebook procedure --json``)."""
        return {
            "mandatory": as_number(self.mandatory),
            "optional": as_number(self.optional),
            "source": self.source,
            "status": Status(self.status).value,
            "confirmed": self.confirmed,
            "wage_basis": self.wage_basis,
            "caveats": list(self.caveats),
        }


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
    return SmallClaimsLimits(
        wage * MANDATORY_SHARE,
        wage * OPTIONAL_SHARE,
        source,
        Status.USER,
        wage_basis=STATUTE_BASE,
    )


def _caveats(entry: WageEntry) -> tuple[str, ...]:
    found = []
    if entry.status not in APPLIED_STATUSES:
        found.append(
            f"数据状态为「{status_label(entry.status)}」：只读到转载，未见法院或统计部门的原文"
        )
    if entry.wage_basis.strip() != STATUTE_BASE:
        found.append(
            f"该数字按「{entry.wage_basis}」计算，而《民事诉讼法》第一百六十五条的基数是"
            f"「{STATUTE_BASE}」，两者不同"
        )
    found.append(f"{entry.wage_year} 年度的数字，可能已被更新年度的通知取代")
    return tuple(found)


def limits_for_province(
    province: str,
    entries: tuple[WageEntry, ...] | None = None,
    allow_sample: bool = False,
    confirm: bool = False,
) -> SmallClaimsLimits:
    """The newest entry for ``province`` from the data file, applied or only offered.

    A verified entry is applied. A ``partial`` or ``unverified`` entry is returned with
    ``confirmed=False`` (shown, never applied) unless ``confirm`` says the user has checked
    it with the court. ``sample`` entries are used only with ``allow_sample``. Raises
    :class:`~casebook.io.InputFileError` naming the province when no entry exists.
    """
    entries = entries if entries is not None else _default_entries()
    usable = OFFERED_STATUSES | ({Status.SAMPLE} if allow_sample else set())
    found = sorted(
        (e for e in entries if e.province == province and e.status in usable),
        key=lambda e: e.wage_year,
    )
    if not found:
        known = sorted({e.province for e in entries if e.status in OFFERED_STATUSES})
        raise InputFileError(
            f"参数 --province：{WAGES_FILE.name} 中没有 {province!r} 的小额诉讼限额"
            f"（已收录：{'、'.join(known) or '无'}）；请用 --wage 提供本省上年度就业人员年平均工资，"
            "或用 --small-claims-limit 提供受诉法院公布的限额"
        )
    entry = found[-1]
    if entry.mandatory_limit is not None:
        mandatory = entry.mandatory_limit
        optional = entry.optional_limit or entry.mandatory_limit * 4
    else:
        assert entry.average_wage is not None
        mandatory = entry.average_wage * MANDATORY_SHARE
        optional = entry.average_wage * OPTIONAL_SHARE
    applied = entry.status in APPLIED_STATUSES or entry.status is Status.SAMPLE
    return SmallClaimsLimits(
        mandatory,
        optional,
        f"{entry.province} {entry.wage_year} 年度：{entry.source.strip()}",
        entry.status,
        confirmed=applied or confirm,
        wage_basis=entry.wage_basis,
        caveats=() if entry.status is Status.SAMPLE else _caveats(entry),
    )
