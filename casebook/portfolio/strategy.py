"""Collection strategies as data, checked against the policy packs before they may run.

A strategy (YAML) gives a ``default`` treatment and ``cells`` that override it for chosen
segments × buckets: the channel mix and intensity (SMS, calls), the contact hours, the
escalation calendar (a letter, a visit or a court filing on entering a bucket) and the
个性化分期 offer. Legal caps are never written here or in the engine: they are read from
the loaded packs (e.g. ``CN-CALL-CONNECTED-DAILY``'s ``max``), so a strategy that
schedules more than a cap is rejected with a message naming the file, line, segment,
bucket, field and rule id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.io import InputFileError, read_data, validate_file
from casebook.model import Channel
from casebook.policy.loader import DEFAULT_PACKS, load_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.portfolio.assumptions import BUCKETS, Assumptions, default_assumptions
from casebook.yamlnodes import compose
from casebook.yamlnodes import node_at as _node_at

#: Treatment fields, in the order used by tables and the UI.
TREATMENT_FIELDS = (
    "sms_per_week",
    "call_days_per_week",
    "call_attempts_per_day",
    "connected_calls_per_day",
    "contact_hours",
    "letter",
    "visit",
    "litigate",
    "instalment_months",
)

FIELD_LABELS = {
    "sms_per_week": "每周短信（条）",
    "call_days_per_week": "每周外呼天数",
    "call_attempts_per_day": "每日最多拨打（次）",
    "connected_calls_per_day": "每日最多接通（次）",
    "contact_hours": "联系时段",
    "letter": "进入账龄时寄催收函",
    "visit": "进入账龄时上门",
    "litigate": "进入账龄时提起诉讼",
    "instalment_months": "个性化分期最长期限（月）",
}


def _parse_hhmm(value: str) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"expected HH:MM, got {value!r}") from exc


def _minutes(value: str) -> int:
    t = _parse_hhmm(value)
    return t.hour * 60 + t.minute


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactHours(_Strict):
    """Calls, SMS and visits happen between ``start`` and ``end`` on the same day."""

    start: str = "09:00"
    end: str = "20:00"

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        _parse_hhmm(value)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> ContactHours:
        if _minutes(self.end) <= _minutes(self.start):
            raise ValueError(f"end {self.end} must be later than start {self.start}")
        return self

    @property
    def minutes(self) -> range:
        """The minutes of the day covered, as ``range(start, end)``."""
        return range(_minutes(self.start), _minutes(self.end))

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


class Treatment(_Strict):
    """What the strategy does with an account of one segment in one bucket.

    The dialer calls the debtor's own number up to ``call_attempts_per_day`` times on a
    calling day and stops once ``connected_calls_per_day`` calls were answered, so
    neither daily count can exceed the scheduled figure.
    """

    sms_per_week: int = Field(default=0, ge=0, le=7)
    call_days_per_week: int = Field(default=0, ge=0, le=7)
    call_attempts_per_day: int = Field(default=0, ge=0, le=24)
    connected_calls_per_day: int = Field(default=0, ge=0, le=24)
    contact_hours: ContactHours = ContactHours()
    letter: bool = False
    visit: bool = False
    litigate: bool = False
    instalment_months: int = Field(default=0, ge=0, le=600, description="0 = no offer")

    @property
    def calls(self) -> bool:
        """Whether the treatment makes phone calls at all."""
        return self.call_days_per_week > 0 and self.call_attempts_per_day > 0

    def channels(self) -> set[Channel]:
        """Channels the treatment schedules."""
        used: set[Channel] = set()
        if self.calls:
            used.add(Channel.PHONE)
        if self.sms_per_week:
            used.add(Channel.SMS)
        if self.letter:
            used.add(Channel.LETTER)
        if self.visit:
            used.add(Channel.VISIT)
        if self.litigate:
            used.add(Channel.LITIGATION)
        return used


class TreatmentPatch(_Strict):
    """Fields of a :class:`Treatment` to override; omitted fields are inherited."""

    sms_per_week: int | None = Field(default=None, ge=0, le=7)
    call_days_per_week: int | None = Field(default=None, ge=0, le=7)
    call_attempts_per_day: int | None = Field(default=None, ge=0, le=24)
    connected_calls_per_day: int | None = Field(default=None, ge=0, le=24)
    contact_hours: ContactHours | None = None
    letter: bool | None = None
    visit: bool | None = None
    litigate: bool | None = None
    instalment_months: int | None = Field(default=None, ge=0, le=600)


BucketName = Literal["M0", "M1", "M2", "M3", "M4", "M5", "M6+"]


class CellRule(_Strict):
    """Override the default for some segments × buckets (later rules win)."""

    segments: Literal["all"] | list[str] = "all"
    buckets: Literal["all"] | list[BucketName] = "all"
    set: TreatmentPatch


class Team(_Strict):
    """The collection team's performance relative to the baseline team (1.0 = baseline).

    Training (团队建设) is modelled as better contact, promise and keep rates and fewer
    complaints, at a monthly cost. These are teaching assumptions, not measured effects.
    """

    contact: float = Field(default=1.0, ge=0.1, le=3.0)
    promise: float = Field(default=1.0, ge=0.1, le=3.0)
    keep: float = Field(default=1.0, ge=0.1, le=3.0)
    complaint: float = Field(default=1.0, ge=0.0, le=5.0)
    monthly_cost_per_1000_accounts: float = Field(default=0.0, ge=0.0)


class Court(_Strict):
    """Court cooperation: how many cases can be filed, how fast they resolve, which fee.

    ``procedure`` selects the fee rule of 《诉讼费用交纳办法》: ``ordinary`` pays the
    acceptance fee of Art. 13, ``simplified`` half of it (Art. 16). Capacity and duration
    are teaching assumptions.
    """

    procedure: Literal["ordinary", "simplified"] = "ordinary"
    capacity_per_month_per_10k: float = Field(default=20.0, ge=0.0)
    days_to_resolution: int = Field(default=150, ge=15, le=720)
    min_balance: float = Field(default=10_000.0, ge=0.0)
    plan_months: int = Field(default=24, ge=1, le=120, description="court-mediated plan term")


class Dialer(_Strict):
    """Optional limit on outbound dialling capacity (accounts dialled per day / accounts).

    With a limit, the accounts to dial are chosen at random or by a priority score.
    """

    capacity_share: float | None = Field(default=None, gt=0.0, le=1.0)


class Strategy(_Strict):
    """A complete collection strategy (see the module docstring)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    default: Treatment = Treatment()
    cells: list[CellRule] = Field(default_factory=list)
    team: Team = Team()
    court: Court = Court()
    dialer: Dialer = Dialer()

    def grid(self, segments: Sequence[str]) -> dict[tuple[str, str], Treatment]:
        """The effective treatment of every segment × bucket."""
        return {cell: treatment for cell, (treatment, _) in self._resolved(segments).items()}

    def _resolved(
        self, segments: Sequence[str]
    ) -> dict[tuple[str, str], tuple[Treatment, dict[str, tuple]]]:
        """Treatment and, per field, the YAML path it came from."""
        base = self.default.model_dump()
        origin_default: dict[str, tuple] = {name: ("default", name) for name in TREATMENT_FIELDS}
        values = {(s, b): dict(base) for s in segments for b in BUCKETS}
        origins = {(s, b): dict(origin_default) for s in segments for b in BUCKETS}
        for index, rule in enumerate(self.cells):
            segs = segments if rule.segments == "all" else rule.segments
            bkts = BUCKETS if rule.buckets == "all" else rule.buckets
            patch = rule.set.model_dump(exclude_none=True)
            for s in segs:
                for b in bkts:
                    if (s, b) not in values:
                        continue
                    values[(s, b)].update(patch)
                    for name in patch:
                        origins[(s, b)][name] = ("cells", index, "set", name)
        return {key: (Treatment.model_validate(values[key]), origins[key]) for key in values}

    def derive(
        self,
        id: str,
        title: str,
        *,
        cells: Sequence[dict[str, Any]] = (),
        default: dict[str, Any] | None = None,
        team: dict[str, Any] | None = None,
        court: dict[str, Any] | None = None,
        dialer: dict[str, Any] | None = None,
        description: str | None = None,
    ) -> Strategy:
        """A new strategy: this one with extra cell rules (applied last) and replaced blocks.

        ``default``, ``team``, ``court`` and ``dialer`` update the matching block field by
        field; everything is validated again (pydantic errors name the field).
        """
        data = self.model_dump(mode="json")
        data.update(id=id, title=title)
        if description is not None:
            data["description"] = description
        data["cells"] = [*data["cells"], *cells]
        for key, update in (
            ("default", default),
            ("team", team),
            ("court", court),
            ("dialer", dialer),
        ):
            if update:
                data[key] = {**data[key], **update}
        return Strategy.model_validate(data)

    def table(self, assumptions: Assumptions | None = None) -> Any:
        """The effective grid as a DataFrame (one row per segment × bucket, Chinese labels)."""
        import pandas as pd

        a = assumptions or default_assumptions()
        rows = []
        for (seg, bucket), t in self.grid(a.segment_keys).items():
            row = {"客群": a.segments[seg].label, "账龄": bucket}
            for name in TREATMENT_FIELDS:
                value = getattr(t, name)
                if isinstance(value, bool):
                    value = "是" if value else ""
                row[FIELD_LABELS[name]] = str(value) if name == "contact_hours" else value
            rows.append(row)
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------- policy caps


@dataclass(frozen=True)
class DailyCap:
    """A per-day count limit from a pack rule, mapped to the strategy field it bounds."""

    rule_id: str
    title: str
    field: str
    channel: Channel
    limit: int


@dataclass(frozen=True)
class HoursBan:
    """A forbidden time window from a pack rule."""

    rule_id: str
    title: str
    start: str
    end: str
    channels: frozenset[Channel]

    def forbids_minute(self, minute: int) -> bool:
        """Whether the window covers this minute of the day (0–1439)."""
        return minute in _forbidden_minutes(self.start, self.end)

    def allowed_minutes(self) -> int:
        """Minutes of the day outside the forbidden window."""
        return _allowed_minutes(((self.start, self.end),))


@dataclass(frozen=True)
class TermCap:
    """The longest 个性化分期 term allowed by a pack rule."""

    rule_id: str
    title: str
    max_months: int


@dataclass(frozen=True)
class PolicyLimits:
    """Every limit the loaded packs place on what a strategy may schedule."""

    daily: tuple[DailyCap, ...]
    hours: tuple[HoursBan, ...]
    terms: tuple[TermCap, ...]
    packs: tuple[str, ...]

    @classmethod
    def from_packs(cls, packs: Iterable[Pack]) -> PolicyLimits:
        """Read the caps from the packs' rules by checker type (never hard-coded).

        ``daily_count_limit`` rules on phone calls bound ``connected_calls_per_day``
        (counting connected calls) or ``call_attempts_per_day`` (counting unanswered or all
        attempts: every planned attempt may go unanswered). Rules on SMS, letters or visits
        bound the one SMS, letter or visit a day that a strategy can schedule at most.
        """
        daily: list[DailyCap] = []
        hours: list[HoursBan] = []
        terms: list[TermCap] = []
        registry = PackRegistry.of(packs)
        for rule in registry.rules_for("daily_count_limit"):
            params = registry.params(rule.id)
            for channel in params.channels:
                field = _daily_field(channel, params.counts)
                if field is not None:
                    daily.append(DailyCap(rule.id, rule.title, field, channel, params.max))
        for rule in registry.rules_for("forbidden_window"):
            params = registry.params(rule.id)
            hours.append(
                HoursBan(rule.id, rule.title, params.start, params.end, frozenset(params.channels))
            )
        for rule in registry.rules_for("instalment_term"):
            terms.append(TermCap(rule.id, rule.title, registry.params(rule.id).max_months))
        names = [pack.meta.id for pack in registry]
        return cls(tuple(daily), tuple(hours), tuple(terms), tuple(names))

    def cap(self, rule_id: str) -> int:
        """The numeric limit of a daily-cap or term rule (KeyError if not loaded)."""
        for cap in self.daily:
            if cap.rule_id == rule_id:
                return cap.limit
        for term in self.terms:
            if term.rule_id == rule_id:
                return term.max_months
        raise KeyError(rule_id)

    def allowed_phone_minutes(self) -> int:
        """Minutes a day in which calls are allowed by every phone hours rule."""
        bans = [b for b in self.hours if Channel.PHONE in b.channels]
        return _allowed_minutes(tuple((b.start, b.end) for b in bans))


@cache
def _forbidden_minutes(start: str, end: str) -> frozenset[int]:
    lo, hi = _minutes(start), _minutes(end)
    if lo <= hi:
        return frozenset(range(lo, hi))
    return frozenset(range(lo, 24 * 60)) | frozenset(range(0, hi))


@cache
def _allowed_minutes(windows: tuple[tuple[str, str], ...]) -> int:
    banned: set[int] = set()
    for start, end in windows:
        banned |= _forbidden_minutes(start, end)
    return 24 * 60 - len(banned)


def _daily_field(channel: Channel, counts: str) -> str | None:
    if channel is Channel.PHONE:
        return "connected_calls_per_day" if counts == "connected" else "call_attempts_per_day"
    return {
        Channel.SMS: "sms_per_week",
        Channel.LETTER: "letter",
        Channel.VISIT: "visit",
        Channel.LITIGATION: "litigate",
    }.get(channel)


def _per_day(treatment: Treatment, field: str) -> int:
    """How many contacts of a field's kind the treatment may make on one day."""
    if field == "connected_calls_per_day":
        return treatment.connected_calls_per_day if treatment.calls else 0
    if field == "call_attempts_per_day":
        return treatment.call_attempts_per_day if treatment.calls else 0
    return 1 if getattr(treatment, field) else 0  # one SMS / letter / visit / filing a day


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class StrategyIssue:
    """One reason a strategy is rejected."""

    file: str
    line: int | None
    segments: tuple[str, ...]
    buckets: tuple[str, ...]
    field: str
    message: str
    rule_id: str | None = None
    message_zh: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        segs = ", ".join(self.segments)
        bkts = ", ".join(self.buckets)
        return f"{where}: segment {segs}; bucket {bkts}: field '{self.field}': {self.message}"


class StrategyError(InputFileError):
    """A strategy file is malformed or schedules more than the packs allow."""

    def __init__(self, source: str, issues: Sequence[StrategyIssue]):
        self.issues = list(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{source}: strategy rejected ({len(self.issues)} problem(s)):\n{lines}")


def check_strategy(
    strategy: Strategy,
    limits: PolicyLimits,
    assumptions: Assumptions | None = None,
    source: str = "<strategy>",
    yaml_root: yaml.Node | None = None,
) -> list[StrategyIssue]:
    """Every problem of ``strategy`` against ``limits`` (empty list: the strategy may run).

    Problems are grouped by where they come from in the file (the default or a cell rule)
    and name the segments and buckets affected, the field and, for a legal cap, the rule.
    """
    a = assumptions or default_assumptions()
    seg_keys = a.segment_keys
    issues: list[StrategyIssue] = []

    def line_of(path: tuple) -> int | None:
        if yaml_root is None:
            return None
        node = _node_at(yaml_root, path)
        return node.start_mark.line + 1 if node is not None else None

    for index, rule in enumerate(strategy.cells):
        if rule.segments != "all":
            unknown = [s for s in rule.segments if s not in seg_keys]
            if unknown:
                issues.append(
                    StrategyIssue(
                        source,
                        line_of(("cells", index, "segments")),
                        tuple(unknown),
                        tuple(rule.buckets if rule.buckets != "all" else BUCKETS),
                        "segments",
                        f"unknown segment(s) {unknown}; known: {list(seg_keys)}",
                        message_zh=f"未知客群 {unknown}；可选 {list(seg_keys)}",
                    )
                )

    # (origin path, field, rule id, message, Chinese message) -> affected cells
    found: dict[tuple, list[tuple[str, str]]] = {}

    def flag(cell, origin, field, message, zh, rule_id=None):
        found.setdefault((origin, field, rule_id, message, zh), []).append(cell)

    for cell, (t, origin) in strategy._resolved(seg_keys).items():
        for cap in limits.daily:
            scheduled = _per_day(t, cap.field)
            if scheduled > cap.limit:
                value = getattr(t, cap.field)
                per_day = cap.field.endswith("_per_day")
                what = f"= {value}" if per_day else f"= {value} schedules {scheduled} a day"
                flag(
                    cell,
                    origin[cap.field],
                    cap.field,
                    f"{what} exceeds the limit of {cap.limit} a day in rule {cap.rule_id}（{cap.title}）",
                    f"{FIELD_LABELS[cap.field]}设为 {value}"
                    + ("" if per_day else f"（每天最多 {scheduled} 次）")
                    + f"，超过规则 {cap.rule_id}「{cap.title}」的每日上限 {cap.limit} 次",
                    cap.rule_id,
                )
        used = t.channels()
        for ban in limits.hours:
            if not used & ban.channels:
                continue
            if not _forbidden_minutes(ban.start, ban.end).isdisjoint(t.contact_hours.minutes):
                flag(
                    cell,
                    origin["contact_hours"],
                    "contact_hours",
                    f"= {t.contact_hours} enters the forbidden window {ban.start}–{ban.end} "
                    f"of rule {ban.rule_id}（{ban.title}）",
                    f"联系时段 {t.contact_hours} 进入规则 {ban.rule_id}「{ban.title}」的禁止时段",
                    ban.rule_id,
                )
        for term in limits.terms:
            if t.instalment_months > term.max_months:
                flag(
                    cell,
                    origin["instalment_months"],
                    "instalment_months",
                    f"= {t.instalment_months} exceeds the longest term of {term.max_months} months "
                    f"in rule {term.rule_id}（{term.title}）",
                    f"个性化分期设为 {t.instalment_months} 个月，超过规则 {term.rule_id}"
                    f"「{term.title}」的 {term.max_months} 个月",
                    term.rule_id,
                )
        if t.calls and not 1 <= t.connected_calls_per_day <= t.call_attempts_per_day:
            flag(
                cell,
                origin["connected_calls_per_day"],
                "connected_calls_per_day",
                f"= {t.connected_calls_per_day} must be between 1 and call_attempts_per_day "
                f"({t.call_attempts_per_day}) when calls are scheduled",
                f"安排了外呼时，每日最多接通次数应在 1 到每日最多拨打次数（{t.call_attempts_per_day}）之间，"
                f"现为 {t.connected_calls_per_day}",
            )
        if cell[1] == "M0" and t.litigate:
            flag(
                cell,
                origin["litigate"],
                "litigate",
                "= true: a current (M0) account cannot be sued",
                "未逾期（M0）的账户不能起诉",
            )

    for (origin, field, rule_id, message, zh), cells in sorted(
        found.items(), key=lambda item: (line_of(item[0][0]) or 0, item[0][1])
    ):
        segs = tuple(dict.fromkeys(f"{s}（{a.segments[s].label}）" for s, _ in cells))
        bkts = tuple(dict.fromkeys(b for _, b in cells))
        place = "default" if origin[0] == "default" else f"cells[{origin[1]}]"
        issues.append(
            StrategyIssue(
                source,
                line_of(origin),
                segs,
                bkts,
                field,
                f"{message} (set in {place})",
                rule_id,
                zh,
            )
        )
    return issues


def limits_for(packs: Sequence[Pack] | None = None) -> PolicyLimits:
    """Policy limits of ``packs`` (default: the law pack, loaded once)."""
    return PolicyLimits.from_packs(packs) if packs is not None else _default_limits()


@cache
def _default_limits() -> PolicyLimits:
    return PolicyLimits.from_packs(load_packs(DEFAULT_PACKS))


def validate_strategy(
    strategy: Strategy,
    packs: Sequence[Pack] | None = None,
    assumptions: Assumptions | None = None,
    source: str = "<strategy>",
) -> Strategy:
    """Return ``strategy`` if the packs allow it, else raise :class:`StrategyError`."""
    issues = check_strategy(strategy, limits_for(packs), assumptions, source)
    if issues:
        raise StrategyError(source, issues)
    return strategy


def load_strategy(
    path: str | Path,
    packs: Sequence[Pack] | None = None,
    assumptions: Assumptions | None = None,
) -> Strategy:
    """Read a strategy file and check it against the packs (default: the law pack).

    Raises :class:`~casebook.io.InputFileError` (schema problems) or
    :class:`StrategyError` (caps exceeded); both name the file.
    """
    path = Path(path)
    data = read_data(path)
    strategy = validate_file(Strategy, data, path)
    root = None
    if path.suffix.lower() != ".json":
        root = compose(path.read_text(encoding="utf-8"))
    issues = check_strategy(strategy, limits_for(packs), assumptions, str(path), root)
    if issues:
        raise StrategyError(str(path), issues)
    return strategy


def strategies_dir() -> Path:
    """Directory of the strategies shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "strategies"))


def builtin_strategies() -> list[str]:
    """Names of the shipped strategies (file stems)."""
    return sorted(p.stem for p in strategies_dir().glob("*.yaml"))


def builtin_strategy(name: str, packs: Sequence[Pack] | None = None) -> Strategy:
    """Load a shipped strategy by name (e.g. ``champion``)."""
    path = strategies_dir() / f"{name}.yaml"
    if not path.is_file():
        raise InputFileError(f"{path}: no shipped strategy {name!r}; known: {builtin_strategies()}")
    return load_strategy(path, packs)
