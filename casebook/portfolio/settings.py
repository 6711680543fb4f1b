"""The strategy lab's settings as data, and the one function that turns them into a Strategy.

Both the strategy lab (:mod:`casebook.ui.portfolio`) and the grader of the strategy exercise
(:mod:`casebook.grading.kinds.strategy`) use :func:`build_strategy`: a base strategy with
only the settings that differ from the base's own values applied (to every segment in
M1–M6+, or to M0 for the reminder SMS); everything else keeps the base's per-segment design.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from casebook.portfolio.strategy import Strategy

#: The buckets after M0 (:data:`casebook.portfolio.assumptions.BUCKETS` without M0).
DELINQUENT = ["M1", "M2", "M3", "M4", "M5", "M6+"]
NONE = "none"
Bucket = Literal["M1", "M2", "M3", "M4", "M5", "M6+"]
LitigationBucket = Literal["M2", "M3", "M4", "M5", "M6+"]
BASE_LABELS = {"champion": "冠军策略（现行做法）", "challenger": "挑战者策略"}
SETTING_LABELS = {
    "m0_sms_per_week": "M0 到期前短信/周",
    "sms_per_week": "逾期后短信/周",
    "call_days_per_week": "每周外呼天数",
    "call_attempts_per_day": "每日最多拨打次数",
    "connected_calls_per_day": "每日最多接通次数",
    "contact_hours": "联系时段",
    "letter_from": "从哪个账龄起寄催收函",
    "visit_at": "在哪个账龄上门",
    "litigate_from": "从哪个账龄起起诉",
    "instalment_months": "M3 起分期最长（月）",
    "court_procedure": "诉讼程序",
    "court_capacity": "每万户每月可起诉",
    "training": "团队培训",
}
#: The team of an untrained base (as in the strategy lab).
NEUTRAL_TEAM = {
    "contact": 1.0,
    "promise": 1.0,
    "keep": 1.0,
    "complaint": 1.0,
    "monthly_cost_per_1000_accounts": 0.0,
}


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError
    return int(hours) * 60 + int(minutes)


class Hours(BaseModel):
    """Contact hours ``HH:MM``–``HH:MM`` on one day (as the strategy's ``contact_hours``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        try:
            _minutes(value)
        except ValueError:
            raise ValueError(f"expected HH:MM, got {value!r}") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        if _minutes(self.end) <= _minutes(self.start):
            raise ValueError(f"end {self.end} must be later than start {self.start}")
        return self


class StrategySettings(BaseModel):
    """The strategy lab's controls. ``None`` (or the base's own value) keeps the base's design.

    Ranges are the strategy schema's own limits, so that a setting beyond a legal cap (e.g.
    9 calls a day) is graded as a violation of the pack rule rather than refused here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: Literal["champion", "challenger"] = "champion"
    m0_sms_per_week: int | None = Field(default=None, ge=0, le=7)
    sms_per_week: int | None = Field(default=None, ge=0, le=7)
    call_days_per_week: int | None = Field(default=None, ge=0, le=7)
    call_attempts_per_day: int | None = Field(default=None, ge=0, le=24)
    connected_calls_per_day: int | None = Field(default=None, ge=0, le=24)
    contact_hours: Hours | None = None
    letter_from: Bucket | Literal["none"] | None = None
    visit_at: Bucket | Literal["none"] | None = None
    litigate_from: LitigationBucket | Literal["none"] | None = None
    instalment_months: int | None = Field(default=None, ge=0, le=600)
    court_procedure: Literal["ordinary", "simplified"] | None = None
    court_capacity: float | None = Field(default=None, ge=0, le=10_000)
    training: bool | None = None


@cache
def base_strategy(name: str) -> Strategy:
    """A shipped base strategy (loaded once)."""
    from casebook.portfolio.strategy import builtin_strategy

    return builtin_strategy(name)


@cache
def trained_team() -> dict[str, float]:
    """The team of the challenger strategy (the lab's 团队培训 setting)."""
    return base_strategy("challenger").team.model_dump()


def _first_bucket(grid: dict, segment: str, flag: str, options: list[str]) -> str:
    hits = [b for b in options if getattr(grid[(segment, b)], flag)]
    return hits[0] if hits else NONE


@cache
def base_settings(name: str) -> dict[str, Any]:
    """The settings of a base strategy (what the lab shows after a reset)."""
    return strategy_settings(base_strategy(name))


def strategy_settings(base: Strategy) -> dict[str, Any]:
    """The settings a strategy has, read from its M2 cell of the first segment (M0 for the
    reminder SMS, M3 for instalments), the first bucket with letters, visits and litigation,
    and its court and team."""
    from casebook.portfolio.assumptions import default_assumptions

    segments = default_assumptions().segment_keys
    grid = base.grid(list(segments))
    first = segments[0]
    m0, m2 = grid[(first, "M0")], grid[(first, "M2")]
    return {
        "m0_sms_per_week": m0.sms_per_week,
        "sms_per_week": m2.sms_per_week,
        "call_days_per_week": m2.call_days_per_week,
        "call_attempts_per_day": m2.call_attempts_per_day,
        "connected_calls_per_day": m2.connected_calls_per_day,
        "contact_hours": m2.contact_hours.model_dump(),
        "letter_from": _first_bucket(grid, first, "letter", DELINQUENT),
        "visit_at": _first_bucket(grid, first, "visit", DELINQUENT),
        "litigate_from": _first_bucket(grid, first, "litigate", DELINQUENT[1:]),
        "instalment_months": grid[(first, "M3")].instalment_months,
        "court_procedure": base.court.procedure,
        "court_capacity": float(int(base.court.capacity_per_month_per_10k)),
        "training": base.team.monthly_cost_per_1000_accounts > 0,
    }


def changed_settings(settings: StrategySettings) -> dict[str, Any]:
    """The settings that differ from the base's own values (what gets applied)."""
    base = base_settings(settings.base)
    values = settings.model_dump(exclude={"base"})
    return {k: v for k, v in values.items() if v is not None and v != base[k]}


def _from(bucket: str) -> list[str]:
    return DELINQUENT[DELINQUENT.index(bucket) :]


def build_strategy(settings: StrategySettings) -> Strategy:
    """The base strategy with the changed settings applied.

    Raises ``ValueError`` (pydantic) for a combination the strategy schema refuses.
    """
    changed = changed_settings(settings)
    cells: list[dict[str, Any]] = []
    late = {
        name: changed[name]
        for name in (
            "sms_per_week",
            "call_days_per_week",
            "call_attempts_per_day",
            "connected_calls_per_day",
            "contact_hours",
        )
        if name in changed
    }
    if late:
        cells.append({"buckets": DELINQUENT, "set": late})
    if "m0_sms_per_week" in changed:
        cells.append({"buckets": ["M0"], "set": {"sms_per_week": changed["m0_sms_per_week"]}})
    for name, flag in (("letter_from", "letter"), ("litigate_from", "litigate")):
        if name in changed:
            cells.append({"buckets": DELINQUENT, "set": {flag: False}})
            if changed[name] != NONE:
                cells.append({"buckets": _from(changed[name]), "set": {flag: True}})
    if "visit_at" in changed:
        cells.append({"buckets": DELINQUENT, "set": {"visit": False}})
        if changed["visit_at"] != NONE:
            cells.append({"buckets": [changed["visit_at"]], "set": {"visit": True}})
    if "instalment_months" in changed:
        cells.append(
            {"buckets": _from("M3"), "set": {"instalment_months": changed["instalment_months"]}}
        )
    court: dict[str, Any] = {}
    if "court_procedure" in changed:
        court["procedure"] = changed["court_procedure"]
    if "court_capacity" in changed:
        court["capacity_per_month_per_10k"] = float(changed["court_capacity"])
    team = None
    if "training" in changed:
        team = trained_team() if changed["training"] else dict(NEUTRAL_TEAM)
    return base_strategy(settings.base).derive(
        "my_strategy", "我的策略", cells=cells, court=court or None, team=team
    )


def setting_text(name: str, value: Any) -> str:
    """A setting's value as shown to the trainee (``08:00–21:00``, ``不安排`` …)."""
    if name == "contact_hours":
        return f"{value['start']}–{value['end']}"
    if name == "training":
        return "是" if value else "否"
    if name == "court_procedure":
        return {"ordinary": "普通程序", "simplified": "简易程序"}[value]
    if value == NONE:
        return "不安排"
    return f"{value:g}" if isinstance(value, float) else str(value)
