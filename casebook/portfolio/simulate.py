"""Vectorised day-step simulation of a collection strategy on a synthetic portfolio.

The only Python loop is over days. Each day, every account draws one uniform number that
decides, through nested probability intervals, whether it signs an instalment plan,
promises to pay, complains, pays by itself, or just talks (see :func:`_thresholds`).
Per-account probabilities depend on the account's segment × bucket cell and are
recomputed only for the few accounts whose cell or status changed that day. Scheduled
events (promises falling due, plan instalments, court resolutions) live in a calendar of
index arrays; escalation (letters, visits, court filings) happens on entering a bucket.

Everything is deterministic for a given portfolio, strategy and seed.
"""

from __future__ import annotations

import math
import time as _time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from casebook.assess import scoring_config
from casebook.policy.schema import Pack
from casebook.portfolio.assumptions import BUCKETS
from casebook.portfolio.court import court_fee
from casebook.portfolio.generate import STREAM_SIMULATION, Portfolio, _rng
from casebook.portfolio.strategy import PolicyLimits, Strategy, StrategyError, check_strategy
from casebook.portfolio.strategy import limits_for as _limits_for

#: Internal buckets: 0..6 are M0..M6+; 7 is "M0, this cycle already paid".
PAID = 7
NB = 8
#: Account statuses (a court case is a separate flag: collection goes on while it runs).
ACTIVE, PROMISED, PLAN, CLOSED, WRITTEN_OFF = range(5)
STATUS_LABELS = ("催收中", "待兑现承诺", "分期中", "已结清", "已核销")
#: Columns of the roll matrix: the seven buckets, then the other states.
ROLL_COLUMNS = (*BUCKETS, "结清", "分期", "诉讼", "核销")
_STATUS_COLUMN = np.array([-1, -1, 8, 7, 10], dtype=np.int8)  # by status; -1 = bucket or court
#: Event counters reported in the totals.
COUNTS = (
    "conversations",
    "complaints",
    "promises_made",
    "promises_kept",
    "promises_broken",
    "plans_signed",
    "plans_broken",
    "letters",
    "visits",
    "litigation_filed",
    "court_resolved",
    "cures",
    "settlements",
    "m0_payments",
    "written_off_accounts",
)
#: Per-day series (``delinquent_balance`` only on the last day of each 30-day period).
DAILY_SERIES = (
    "recovered",
    "cost",
    "conversations",
    "complaints",
    "promises",
    "filed",
    "resolved",
    "delinquent_balance",
)
PERIOD = 30
MAX_DAYS = 1095
_NEVER = np.int16(32_000)
_DPD_TABLE = 1024  # dpd values from -59 to write_off_dpd + 1, negative ones wrap around

#: Channels whose cost comes from ``casebook/data/scoring.yaml``.
COST_CHANNELS = ("phone", "sms", "letter", "visit", "litigation", "court_fees", "team")
COST_LABELS = {
    "phone": "电话",
    "sms": "短信",
    "letter": "信函",
    "visit": "上门",
    "litigation": "诉讼办案",
    "court_fees": "诉讼费（预交）",
    "team": "团队培训",
}
#: How recovered money was obtained.
PATHS = ("self", "promise", "letter", "visit", "plan", "court")
_SELF, _PROMISE, _LETTER, _VISIT, _PLAN, _COURT = range(len(PATHS))
PATH_LABELS = {
    "self": "自行还款",
    "promise": "承诺兑现",
    "letter": "催收函后还款",
    "visit": "上门后还款",
    "plan": "个性化分期",
    "court": "诉讼",
}


@dataclass(frozen=True)
class PriorityScore:
    """Dialling priority (higher = dial first) from a log-odds score.

    The log-odds of an account is ``static + by_bucket[bucket]``; with
    ``weight_by_balance`` the priority is probability × current balance (expected money),
    otherwise the probability itself.
    """

    static: np.ndarray
    by_bucket: np.ndarray  # length 8 (internal buckets)
    weight_by_balance: bool = True

    def __post_init__(self) -> None:
        if self.by_bucket.shape != (NB,):
            raise ValueError(f"by_bucket must have {NB} entries")


@dataclass(frozen=True)
class _Cells:
    """Per-cell (segment × internal bucket) tables derived from strategy and assumptions."""

    call_rate: np.ndarray
    attempts: np.ndarray
    connected: np.ndarray
    hours: np.ndarray
    sms_rate: np.ndarray
    sms_boost: np.ndarray
    letter: np.ndarray
    visit: np.ndarray
    litigate: np.ndarray
    plan_months: np.ndarray
    combo: np.ndarray  # index of the cell's (attempts, connected, hours) dialling plan
    complaint: np.ndarray
    self_log: np.ndarray  # log(1 - monthly self-pay probability)
    promise: np.ndarray
    settle: np.ndarray
    letter_cure: np.ndarray


def _cell_tables(
    strategy: Strategy, portfolio: Portfolio, limits: PolicyLimits, team_complaint: float
) -> _Cells:
    """Turn the strategy grid and the assumptions into small per-cell numpy tables."""
    a = portfolio.assumptions
    b = a.behaviour
    seg_keys = a.segment_keys
    nc = len(seg_keys) * NB
    arrays: dict[str, np.ndarray] = {
        name: np.zeros(nc, np.float64)
        for name in _Cells.__dataclass_fields__  # type: ignore[attr-defined]
    }
    allowed = max(limits.allowed_phone_minutes(), 1)
    combos: dict[tuple[int, int, float], int] = {}
    for (seg, bucket), t in strategy.grid(seg_keys).items():
        bi = BUCKETS.index(bucket)
        c = seg_keys.index(seg) * NB + bi
        calls = t.calls
        arrays["call_rate"][c] = t.call_days_per_week / 7 if calls else 0.0
        arrays["attempts"][c] = t.call_attempts_per_day if calls else 0
        arrays["connected"][c] = t.connected_calls_per_day if calls else 0
        # Calls spread over fewer of the allowed hours reach fewer people (teaching model).
        arrays["hours"][c] = min(1.0, len(t.contact_hours.minutes) / allowed) ** 0.5
        if calls:
            key = (t.call_attempts_per_day, t.connected_calls_per_day, float(arrays["hours"][c]))
            arrays["combo"][c] = combos.setdefault(key, len(combos) + 1)
        arrays["sms_rate"][c] = t.sms_per_week / 7
        arrays["sms_boost"][c] = 1.0 + b.sms_uplift[bucket] * min(t.sms_per_week, 3) / 3
        arrays["letter"][c] = t.letter and bi > 0
        arrays["visit"][c] = t.visit and bi > 0
        arrays["litigate"][c] = t.litigate and bi > 0
        arrays["plan_months"][c] = t.instalment_months if bi > 0 else 0
        hours = t.contact_hours.minutes
        edge = hours.start < 9 * 60 or hours.stop > 21 * 60
        intensity = (
            (1 + b.complaint_extra_attempt * max(0, t.call_attempts_per_day - 3))
            * (1 + b.complaint_extra_day * max(0, t.call_days_per_week - 5))
            * (b.complaint_edge_hours if edge else 1.0)
        )
        arrays["complaint"][c] = b.complaint_per_conversation * intensity * team_complaint
        arrays["self_log"][c] = math.log1p(-min(b.self_pay_monthly[bucket], 0.999))
        arrays["promise"][c] = b.promise_given_conversation[bucket]
        arrays["settle"][c] = b.settle_share[bucket]
        arrays["letter_cure"][c] = b.letter_cure[bucket]
    # The PAID bucket (bill already paid this cycle) schedules nothing: _pay relies on it.
    if any(arrays[k][PAID::NB].any() for k in arrays):
        raise RuntimeError("internal error: the PAID bucket must schedule nothing")
    ints = {"attempts", "connected", "plan_months", "combo"}
    bools = {"letter", "visit", "litigate"}
    out = {}
    for name, arr in arrays.items():
        if name in ints:
            out[name] = arr.astype(np.int16)
        elif name in bools:
            out[name] = arr.astype(bool)
        else:
            out[name] = arr.astype(np.float32)
    return _Cells(**out)


def dialer_expectations(
    answer: np.ndarray, attempts: int, connected: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected attempts, P(at least one conversation) and expected conversations per call day.

    The dialler makes up to ``attempts`` attempts, each answered with probability ``answer``
    (one value per account), and stops after ``connected`` answered calls. The loops run
    over attempt numbers and answered-call counts (at most the daily caps), never over
    accounts, and use only additions and multiplications.
    """
    answer = np.asarray(answer, np.float64)
    miss = 1.0 - answer
    n = answer.shape[0]
    if attempts <= 0 or connected <= 0:
        zero = np.zeros(n)
        return zero, zero.copy(), zero.copy()
    # below[s] = P(exactly s calls answered so far), for s < connected: still dialling.
    below = [np.ones(n)] + [np.zeros(n) for _ in range(connected - 1)]
    exp_attempts = np.zeros(n)
    none_answered = np.ones(n)
    for _ in range(attempts):
        for s_prob in below:
            exp_attempts += s_prob  # this attempt is made if fewer than `connected` answered
        for s in range(connected - 1, -1, -1):
            below[s] = below[s] * miss + (below[s - 1] * answer if s else 0.0)
        none_answered *= miss
    return exp_attempts, 1.0 - none_answered, answer * exp_attempts


class _Curve:
    """A smooth function tabulated on a uniform grid and interpolated linearly.

    Only additions and multiplications run per element, so results are bit-for-bit the
    same on every CPU (numpy's vectorised ``exp`` may differ in the last bit between
    machines, and one bit can flip a random comparison and change stored outputs).
    The grid values come from Python's ``math`` module.
    """

    def __init__(self, func, low: float, high: float, points: int):
        self.low, self.high = low, high
        self.step = (high - low) / (points - 1)
        self.inv_step = 1.0 / self.step
        x = [low + i * self.step for i in range(points)]
        y = np.array([func(v) for v in x] + [func(high)], np.float64)
        self.value = y[:-1]
        self.slope = (y[1:] - y[:-1]) * self.inv_step  # the last slope is 0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        offset = (np.clip(x, self.low, self.high).astype(np.float64) - self.low) * self.inv_step
        i = offset.astype(np.int32)
        rest = (offset - i) * self.step
        return self.value.take(i) + rest * self.slope.take(i)


#: 1 − e^x for x ≤ 0 (the chance of paying today from a log survival rate).
_one_minus_exp = _Curve(lambda v: -math.expm1(v), -12.0, 0.0, 24_577)
#: The logistic function, for dialling priorities.
_sigmoid = _Curve(lambda v: 1.0 / (1.0 + math.exp(-v)), -30.0, 30.0, 60_001)


def _thresholds(pc, pp, pr, pk, ps, out=None):
    """Interval ends for one uniform draw: plan | promise | complaint | self-pay | talk.

    ``pc`` conversation today; given one, ``pp`` instalment plan, else ``pr`` promise,
    else ``pk`` complaint; with no conversation, ``ps`` pays by itself. Returns (or writes
    into the first five rows of ``out``) the five interval ends.
    """
    if out is None:
        out = np.empty((5, np.shape(pc)[0]), np.float32)
    no_plan = pc * (1 - pp)
    np.multiply(pc, pp, out=out[0])
    np.add(out[0], no_plan * pr, out=out[1])
    no_prom = no_plan * (1 - pr)
    np.add(out[1], no_prom * pk, out=out[2])
    np.add(out[2], (1 - pc) * ps, out=out[3])
    np.add(out[3], no_prom * (1 - pk), out=out[4])
    return out


@dataclass
class SimulationResult:
    """Totals, roll rates and per-day series of one simulation run."""

    strategy_id: str
    strategy_title: str
    accounts: int
    days: int
    seed: int
    totals: dict[str, float]
    cost_by_channel: dict[str, float]
    recovered_by_path: dict[str, float]
    roll_counts: np.ndarray
    daily: pd.DataFrame
    by_segment: pd.DataFrame
    first_pay_day: np.ndarray  # int16 day of the first payment by a delinquent account, -1 none
    first_pay_path: np.ndarray  # int8 index into PATHS of that payment, -1 none
    final_status: np.ndarray
    final_balance: np.ndarray
    elapsed_seconds: float = field(default=0.0, compare=False)

    @property
    def account_days(self) -> int:
        """Accounts × days simulated."""
        return self.accounts * self.days

    @property
    def account_days_per_second(self) -> float:
        """Simulation speed of this run (varies from run to run)."""
        return self.account_days / self.elapsed_seconds if self.elapsed_seconds else 0.0

    def roll_matrix(self) -> pd.DataFrame:
        """Share of accounts in each bucket that are in each state 30 days later (rows sum to 1)."""
        counts = self.roll_counts.astype(np.float64)
        totals = counts.sum(axis=1, keepdims=True)
        shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
        frame = pd.DataFrame(shares, index=list(BUCKETS), columns=list(ROLL_COLUMNS))
        frame.index.name = "月初账龄"
        frame.columns.name = "30 天后"
        return frame

    def roll_rates(self) -> dict[str, float]:
        """Forward roll rates M0→M1 … M5→M6+ (share of a bucket that ages one bucket)."""
        m = self.roll_matrix().to_numpy()
        return {
            f"{BUCKETS[i]}→{BUCKETS[i + 1]}": round(float(m[i, i + 1]), 6)
            for i in range(len(BUCKETS) - 1)
        }

    def cure_rates(self) -> dict[str, float]:
        """Share of each delinquent bucket back to M0 thirty days later."""
        m = self.roll_matrix().to_numpy()
        return {f"{BUCKETS[i]}→M0": round(float(m[i, 0]), 6) for i in range(1, len(BUCKETS))}

    def monthly(self) -> pd.DataFrame:
        """Per-month sums of the daily series (month 1 = days 1–30)."""
        frame = self.daily.copy()
        frame["month"] = frame.index // PERIOD + 1
        return frame.groupby("month").sum()

    def to_json(self) -> dict[str, Any]:
        """The ``casebook simulate portfolio --json`` document (speed only under ``performance``)."""
        matrix = self.roll_matrix()
        return {
            "strategy": {"id": self.strategy_id, "title": self.strategy_title},
            "accounts": self.accounts,
            "days": self.days,
            "seed": self.seed,
            "account_days": self.account_days,
            "totals": self.totals,
            "cost_by_channel": self.cost_by_channel,
            "recovered_by_path": self.recovered_by_path,
            "roll_rates": self.roll_rates(),
            "cure_rates": self.cure_rates(),
            "roll_matrix": {
                row: {col: round(float(v), 6) for col, v in matrix.loc[row].items()}
                for row in matrix.index
            },
            "performance": {
                "seconds": round(self.elapsed_seconds, 4),
                "account_days_per_second": round(self.account_days_per_second),
            },
        }


class _Run:
    """State of one simulation (struct of arrays) and the day step."""

    def __init__(
        self,
        portfolio: Portfolio,
        strategy: Strategy,
        days: int,
        seed: int,
        limits: PolicyLimits,
        priority: PriorityScore | None,
    ):
        p = portfolio
        a = p.assumptions
        b = a.behaviour
        self.p, self.a, self.b, self.s = p, a, b, strategy
        self.days = days
        self.rng = _rng(seed, STREAM_SIMULATION)
        n = self.n = p.n
        team = strategy.team
        self.cells = _cell_tables(strategy, p, limits, team.complaint)
        costs = scoring_config()["cost"]["channel_cost"]
        self.unit_cost = {
            ch: float(costs.get(ch, 0.0))
            for ch in ("phone", "sms", "letter", "visit", "litigation")
        }
        self.n_seg = len(a.segment_keys)

        # Static per-account factors.
        self.seg = p.segment.astype(np.int16)
        self.seg8 = (self.seg * NB).astype(np.int16)
        self.answer = np.minimum(
            np.where(p.phone_valid, p.contactability * (1 - p.evasiveness), 0.0) * team.contact,
            0.999,
        ).astype(np.float32)
        self.evasive = p.evasiveness
        self.propensity = p.propensity
        pay_factor = np.where(p.hardship, b.hardship_pay_factor, 1.0)
        self.self_exp = (2.0 * p.propensity * pay_factor / PERIOD).astype(np.float32)
        promise_factor = (1 - b.evasive_promise_factor * p.evasiveness) * np.where(
            p.hardship, b.hardship_promise_factor, 1.0
        )
        self.promise_factor = (promise_factor * team.promise).astype(np.float32)
        self.keep = np.clip(b.promise_keep * team.keep * promise_factor, 0, 0.99).astype(np.float32)
        self.eligible = p.hardship & (p.propensity >= b.plan_willing_propensity)  # updated
        self.plan_accept = min(b.plan_accept * team.promise, 0.95)

        # Tables by dpd: bucket and the dpd at which the bucket next changes.
        wo = a.write_off_dpd
        dpd_values = np.arange(-59, wo + 2)
        bkt = np.clip((dpd_values + 29) // 30, 0, 6)
        bkt[dpd_values <= -30] = PAID
        nxt = np.where(dpd_values <= -30, -29, np.where(dpd_values <= 0, 1, bkt * 30 + 1))
        nxt = np.where(dpd_values >= 1, np.minimum(nxt, wo + 1), nxt)
        nxt[bkt == 6] = wo + 1
        nxt[dpd_values > wo] = _NEVER
        self.bkt_table = np.zeros(_DPD_TABLE, np.int8)
        self.next_table = np.full(_DPD_TABLE, _NEVER, np.int16)
        self.bkt_table[dpd_values] = bkt
        self.next_table[dpd_values] = nxt

        # Dynamic state.
        self.dpd = p.dpd.astype(np.int16).copy()
        self.status = np.zeros(n, np.int8)
        self.aging = np.ones(n, np.int16)
        self.balance = p.balance.astype(np.float32).copy()
        self.bkt = self.bkt_table[self.dpd]
        self.cell = (self.seg8 + self.bkt).astype(np.int16)
        self.next_dpd = self.next_table[self.dpd]
        # Rows 0-4: interval ends t1..t5 of the daily draw; rows 5-6: expected calls, SMS.
        self.f = np.zeros((7, n), np.float32)
        self.promise_due = np.full(n, -1, np.int32)
        self.promise_src = np.zeros(n, np.int8)  # 0 phone, 1 visit
        self.plan_next = np.full(n, -1, np.int32)
        self.plan_pay = np.zeros(n, np.float32)
        self.plan_keep = np.zeros(n, np.float32)
        self.in_court = np.zeros(n, bool)
        self.court_day = np.full(n, -1, np.int32)
        self.queued = np.zeros(n, bool)
        self.first_pay_day = np.full(n, -1, np.int16)
        self.first_pay_path = np.full(n, -1, np.int8)
        self.capacity = strategy.dialer.capacity_share
        self.priority = priority
        if self.capacity is not None:
            # Rates kept separately so thresholds can be rebuilt daily for the dialled few.
            self.rates = np.zeros((7, n), np.float32)  # call_rate, p_conv, att, pp, pr, pk, ps

        # Calendars of scheduled events: day -> list of index arrays.
        horizon = days + 1
        self.cal_promise: list[list[np.ndarray]] = [[] for _ in range(horizon)]
        self.cal_plan: list[list[np.ndarray]] = [[] for _ in range(horizon)]
        self.cal_court: list[list[np.ndarray]] = [[] for _ in range(horizon)]
        self.court_queue: deque[np.ndarray] = deque()
        self.court_credit = 0.0
        court = strategy.court
        self.court_per_day = court.capacity_per_month_per_10k * n / 10_000 / PERIOD

        # Accumulators.
        self.cost = dict.fromkeys(COST_CHANNELS, 0.0)
        self.by_path = np.zeros(len(PATHS))  # recovered, by PATHS index
        self.counts = dict.fromkeys(COUNTS, 0)
        self.written_off_amount = 0.0
        self.seg_recovered = np.zeros(self.n_seg)
        self.seg_complaints = np.zeros(self.n_seg, np.int64)
        self.roll_counts = np.zeros((len(BUCKETS), len(ROLL_COLUMNS)), np.int64)
        self.daily = {k: np.zeros(days) for k in DAILY_SERIES}
        self.reactivate: list[np.ndarray] = []
        self.dirty: list[np.ndarray] = []
        # Payments decided during a day are settled together at its end (one batch).
        self.pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.pay_today = np.zeros(n, bool)
        self._dialler_tables()
        self._refresh(np.arange(n))

    def _dialler_tables(self) -> None:
        """Look-up tables that make a refresh three gathers, some arithmetic and one scatter.

        ``dial[:, plan * n + account]``: expected attempts, P(conversation) and the squared mean
        number of conversations on a call day with at least one, for each dialling plan
        (``plan`` 0 = no calls). ``cell_rows[:, cell]`` and ``acct_rows[:, account]`` hold
        the other per-cell and per-account factors.
        """
        C = self.cells
        n_combo = int(C.combo.max(initial=0)) + 1
        self.dial = np.zeros((3, n_combo * self.n), np.float32)
        for combo in range(1, n_combo):
            cell = int(np.flatnonzero(C.combo == combo)[0])
            k, m = int(C.attempts[cell]), int(C.connected[cell])
            answer = self.answer * C.hours[cell]
            att, p_any, conv = dialer_expectations(answer, k, m)
            per_conv = np.divide(conv, p_any, out=np.ones_like(conv), where=p_any > 0)
            part = slice(combo * self.n, (combo + 1) * self.n)
            self.dial[0, part] = att
            self.dial[1, part] = p_any
            self.dial[2, part] = per_conv * per_conv
        self.cell_combo = C.combo
        self.cell_rows = np.stack(
            [
                C.call_rate,
                (C.plan_months > 0).astype(np.float32),
                C.promise,
                C.complaint,
                C.self_log * C.sms_boost,
                C.sms_rate,
            ]
        ).astype(np.float32)
        self.acct_rows = np.stack(
            [
                self.eligible * np.float32(self.plan_accept),
                self.promise_factor,  # × the court uplift while a case is pending
                self.self_exp,
            ]
        ).astype(np.float32)

    def _touch(self, idx: np.ndarray) -> None:
        """Mark accounts whose cell or status changed; :meth:`_flush` refreshes them."""
        if idx.size:
            self.dirty.append(idx)

    def _flush(self) -> None:
        if self.dirty:
            idx = np.concatenate(self.dirty) if len(self.dirty) > 1 else self.dirty[0]
            self.dirty = []
            self._refresh(idx)

    # ------------------------------------------------------------------ per-account updates

    def _refresh(self, idx: np.ndarray) -> None:
        """Recompute the cell- and status-dependent probabilities of accounts ``idx``.

        Only ACTIVE accounts are contacted; ACTIVE and PROMISED accounts may pay by
        themselves; accounts in a plan, closed or written off do nothing.
        """
        if idx.size == 0:
            return
        # 1-D ``take`` on flattened tables: several times faster than 2-D fancy indexing.
        cell = self.cell.take(idx)
        status = self.status.take(idx)
        where = self.cell_combo.take(cell).astype(np.intp) * self.n + idx
        att = self.dial[0].take(where)
        p_any = self.dial[1].take(where)
        conv2 = self.dial[2].take(where)
        cp = self.cell_rows.take(cell, axis=1)
        ac = self.acct_rows.take(idx, axis=1)
        calling = status == ACTIVE
        rate = cp[0] * calling
        pc = rate * p_any
        pp = ac[0] * cp[1]
        pr = np.minimum(cp[2] * ac[1], np.float32(0.95))
        pk = np.minimum(cp[3] * conv2, np.float32(0.5))
        ps = _one_minus_exp(cp[4] * ac[2])
        ps *= status <= PROMISED
        out = np.empty((7, idx.size), np.float32)
        np.multiply(rate, att, out=out[5])
        np.multiply(cp[5], calling, out=out[6])
        if self.capacity is not None:
            self.rates[:, idx] = np.stack([rate, p_any, att, pp, pr, pk, ps])
            pc[:] = 0.0  # calls are decided daily by the dialler
        _thresholds(pc, pp, pr, pk, ps, out)
        f = self.f
        for row in range(7):
            f[row][idx] = out[row]

    def _set_bucket(self, idx: np.ndarray) -> None:
        d = self.dpd[idx]
        self.bkt[idx] = self.bkt_table[d]
        self.cell[idx] = self.seg8[idx] + self.bkt[idx]
        self.next_dpd[idx] = self.next_table[d]

    def _leave_court(self, idx: np.ndarray) -> None:
        self.queued[idx] = False
        self.in_court[idx] = False
        self.court_day[idx] = -1
        self.acct_rows[1, idx] = self.promise_factor[idx]

    def _mark_first(self, idx: np.ndarray, day: int, path: int | np.ndarray) -> None:
        new = self.first_pay_day[idx] < 0
        first = idx[new]
        self.first_pay_day[first] = day
        self.first_pay_path[first] = path if np.isscalar(path) else path[new]

    def _pay(self, idx: np.ndarray, settle: np.ndarray, path: int | np.ndarray, day: int) -> None:
        """Payments by accounts ``idx``: M0 pays its bill, M1+ cures or settles.

        Every payment is cash collected and reduces the balance (accounts under collection
        are treated as frozen: no new spending).

        A payment by an account with a promise pending counts as a kept promise; a cure
        or settlement withdraws any court case (撤诉) and takes the account off the queue.
        ``path`` is the index in :data:`PATHS` of how the money came, one for all accounts
        or one per account.
        """
        if idx.size == 0:
            return
        # Few, whole-batch gathers and scatters: this is the most frequent event.
        n_kept = int(np.count_nonzero(self.status[idx] == PROMISED))
        self.counts["promises_kept"] += n_kept
        b = self.bkt[idx]
        current = (b == 0) | (b == PAID)
        bal = self.balance[idx]
        cycles = np.where(current, 1, b)  # an M0 bill is one cycle's minimum payment
        due = np.minimum(bal, bal * (self.a.min_payment_rate * cycles))
        amount = np.where(settle, bal, due)
        remaining = (bal - amount).astype(np.float32)
        closed = settle | (remaining < 1.0)
        if np.isscalar(path):
            total = float(amount.sum(dtype=np.float64))
            self.by_path[path] += total
        else:
            by_path = np.bincount(path, weights=amount, minlength=len(PATHS))
            self.by_path += by_path
            total = float(by_path.sum())
        self.daily["recovered"][day] += total
        self.seg_recovered += np.bincount(self.seg[idx], weights=amount, minlength=self.n_seg)
        self._mark_first(idx, day, path)
        court = idx[self.queued[idx] | self.in_court[idx]]
        if court.size:
            self._leave_court(court)
        n_closed = int(np.count_nonzero(closed))
        self.counts["settlements"] += n_closed
        self.counts["m0_payments"] += int(np.count_nonzero(current))
        self.counts["cures"] += int(np.count_nonzero(~current)) - int(
            np.count_nonzero(closed & ~current)
        )
        # An M0 bill moves the due date a month on; a cure restarts the cycle (-29).
        dpd = np.where(current, self.dpd[idx] - PERIOD, -29).astype(np.int16)
        self.dpd[idx] = dpd
        self.bkt[idx] = self.bkt_table[dpd]
        self.cell[idx] = self.seg8[idx] + self.bkt[idx]
        self.next_dpd[idx] = np.where(closed, _NEVER, self.next_table[dpd])
        if n_closed:
            remaining[closed] = 0.0
        self.balance[idx] = remaining
        self.status[idx] = np.where(closed, CLOSED, ACTIVE).astype(np.int8)
        self.aging[idx] = ~closed
        # Paid this cycle (the PAID cell schedules nothing) or closed: every probability
        # is zero, so write zeros instead of a full refresh. Only cures need one.
        quiet = current | closed
        self.f[:, idx[quiet]] = 0.0
        if self.capacity is not None:
            self.rates[:, idx[quiet]] = 0.0
        self._touch(idx[~quiet])

    def _queue_pay(self, idx: np.ndarray, settle: np.ndarray, path: int | np.ndarray) -> None:
        """Decide a payment now; :meth:`_settle_payments` books it at the end of the day."""
        if idx.size:
            self.pay_today[idx] = True
            codes = np.full(idx.size, path, np.int8) if np.isscalar(path) else path
            self.pending.append((idx, settle, codes))

    def _settle_payments(self, day: int) -> None:
        if not self.pending:
            return
        idx, settle, path = (np.concatenate(parts) for parts in zip(*self.pending, strict=True))
        self.pending = []
        self.pay_today[idx] = False
        self._pay(idx, settle, path, day)

    def _promise(self, idx: np.ndarray, day: int, source: int) -> None:
        if idx.size == 0:
            return
        self.counts["promises_made"] += int(idx.size)
        self.daily["promises"][day] += idx.size
        self.status[idx] = PROMISED
        self.promise_src[idx] = source
        due = day + self.a.promise_days
        self.promise_due[idx] = due
        self._touch(idx)
        if due < len(self.cal_promise):
            self.cal_promise[due].append(idx)

    def _sign_plan(self, idx: np.ndarray, months: np.ndarray, day: int, count: bool = True) -> None:
        if idx.size == 0:
            return
        if count:
            self.counts["plans_signed"] += int(idx.size)
        self.status[idx] = PLAN
        self.aging[idx] = 0
        self._leave_court(idx)
        # One plan per account: a broken plan is not offered again (see assumptions.yaml).
        self.eligible[idx] = False
        self.acct_rows[0, idx] = 0.0
        self.plan_pay[idx] = self.balance[idx] / months
        b = self.b
        self.plan_keep[idx] = b.plan_keep_monthly_base + b.plan_keep_monthly_term * np.minimum(
            months / b.plan_term_reference_months, 1.0
        )
        self._touch(idx)
        due = day + PERIOD
        self.plan_next[idx] = due
        if due < len(self.cal_plan):
            self.cal_plan[due].append(idx)

    def _write_off(self, idx: np.ndarray) -> None:
        if idx.size == 0:
            return
        self.counts["written_off_accounts"] += int(idx.size)
        self.written_off_amount += float(self.balance[idx].sum(dtype=np.float64))
        self.status[idx] = WRITTEN_OFF
        self.aging[idx] = 0
        self.next_dpd[idx] = _NEVER
        self._leave_court(idx)
        self._touch(idx)

    def _complain(self, idx: np.ndarray, day: int) -> None:
        self.counts["complaints"] += int(idx.size)
        self.daily["complaints"][day] += idx.size
        self.seg_complaints += np.bincount(self.seg[idx], minlength=self.n_seg)

    # ------------------------------------------------------------------ daily phases

    def _bucket_changes(self, day: int) -> None:
        idx = np.flatnonzero(self.dpd == self.next_dpd)
        if idx.size == 0:
            return
        over = self.dpd[idx] > self.a.write_off_dpd
        if over.any():
            late = idx[over]
            waiting = self.in_court[late]
            # A case in court is written off only if the court cannot collect either.
            self.aging[late[waiting]] = 0
            self.next_dpd[late[waiting]] = _NEVER
            self._write_off(late[~waiting])
            idx = idx[~over]
        self._set_bucket(idx)
        self._touch(idx)
        entering = idx[(self.status[idx] == ACTIVE) & (self.bkt[idx] >= 1) & (self.bkt[idx] < PAID)]
        if entering.size:
            self._escalate(entering, day)

    def _escalate(self, idx: np.ndarray, day: int) -> None:
        """Letters, visits and court filings on entering a bucket (the escalation calendar)."""
        C = self.cells
        rng = self.rng
        sel = idx[C.letter[self.cell[idx]]]
        if sel.size:
            self.counts["letters"] += int(sel.size)
            self.cost["letter"] += sel.size * self.unit_cost["letter"]
            cell = self.cell[sel]
            p_cure = np.minimum(C.letter_cure[cell] * 2 * self.propensity[sel], 0.9)
            u = rng.random(sel.size, dtype=np.float32)
            hit = u < p_cure
            frac = np.divide(u, p_cure, out=np.ones_like(u), where=p_cure > 0)
            self._queue_pay(sel[hit], (frac < C.settle[cell])[hit], _LETTER)
        idx = idx[(self.status[idx] == ACTIVE) & ~self.pay_today[idx]]
        sel = idx[C.visit[self.cell[idx]]]
        if sel.size:
            self.counts["visits"] += int(sel.size)
            self.cost["visit"] += sel.size * self.unit_cost["visit"]
            cell = self.cell[sel]
            u = rng.random((4, sel.size), dtype=np.float32)
            met = u[0] < self.b.visit_contact * (1 - 0.5 * self.evasive[sel])
            self.counts["conversations"] += int(met.sum())
            plan = met & self.eligible[sel] & (C.plan_months[cell] > 0) & (u[1] < self.plan_accept)
            p_prom = np.minimum(
                C.promise[cell] * self.promise_factor[sel] * self.b.visit_promise_uplift, 0.95
            )
            prom = met & ~plan & (u[2] < p_prom)
            compl = met & (u[3] < self.b.complaint_per_visit * self.s.team.complaint)
            self._complain(sel[compl], day)
            self._sign_plan(sel[plan], C.plan_months[cell[plan]].astype(np.float32), day)
            self._promise(sel[prom], day, source=1)
        idx = idx[self.status[idx] <= PROMISED]
        sel = idx[C.litigate[self.cell[idx]] & ~self.queued[idx] & ~self.in_court[idx]]
        sel = sel[self.balance[sel] >= self.s.court.min_balance]
        if sel.size:
            self.queued[sel] = True
            self.court_queue.append(sel)

    def _court_intake(self, day: int) -> None:
        self.court_credit += self.court_per_day
        take = int(self.court_credit)
        if take <= 0:
            return
        self.court_credit -= take  # unused court capacity is lost, not banked
        filed: list[np.ndarray] = []
        got = 0
        while self.court_queue and got < take:
            head = self.court_queue.popleft()
            ok = head[self.queued[head] & ~self.pay_today[head]]
            if ok.size > take - got:
                self.court_queue.appendleft(ok[take - got :])
                ok = ok[: take - got]
            filed.append(ok)
            got += ok.size
        if not got:
            return
        idx = np.concatenate(filed)
        court = self.s.court
        self.counts["litigation_filed"] += int(idx.size)
        self.daily["filed"][day] += idx.size
        self.cost["litigation"] += idx.size * self.unit_cost["litigation"]
        self.cost["court_fees"] += float(court_fee(self.balance[idx], court.procedure).sum())
        self.queued[idx] = False
        self.in_court[idx] = True
        self.acct_rows[1, idx] = self.promise_factor[idx] * self.b.court_promise_uplift
        self._touch(idx)
        due = day + court.days_to_resolution
        self.court_day[idx] = due
        if due < len(self.cal_court):
            self.cal_court[due].append(idx)

    def _scheduled(self, day: int) -> None:
        rng = self.rng
        for idx in self.cal_promise[day]:
            idx = idx[(self.status[idx] == PROMISED) & (self.promise_due[idx] == day)]
            if idx.size == 0:
                continue
            u = rng.random(idx.size, dtype=np.float32)
            keep = self.keep[idx]
            kept = u < keep
            settle = u / np.maximum(keep, 1e-6) < self.cells.settle[self.cell[idx]]
            source = np.where(self.promise_src[idx[kept]] == 1, _VISIT, _PROMISE)
            self._queue_pay(idx[kept], settle[kept], source)
            broken = idx[~kept]
            self.counts["promises_broken"] += int(broken.size)
            self.status[broken] = ACTIVE
            self.reactivate.append(broken)
        self.cal_promise[day] = []
        for idx in self.cal_plan[day]:
            idx = idx[(self.status[idx] == PLAN) & (self.plan_next[idx] == day)]
            if idx.size == 0:
                continue
            paid = rng.random(idx.size, dtype=np.float32) < self.plan_keep[idx]
            ok = idx[paid]
            amount = np.minimum(self.plan_pay[ok], self.balance[ok])
            total = float(amount.sum(dtype=np.float64))
            self.by_path[_PLAN] += total
            self.daily["recovered"][day] += total
            self.seg_recovered += np.bincount(self.seg[ok], weights=amount, minlength=self.n_seg)
            self.balance[ok] -= amount
            self._mark_first(ok, day, _PLAN)
            finished = self.balance[ok] < 1.0
            done = ok[finished]
            self.status[done] = CLOSED
            self.balance[done] = 0.0
            self.next_dpd[done] = _NEVER
            self.counts["settlements"] += int(done.size)
            going = ok[~finished]
            nxt = day + PERIOD
            self.plan_next[going] = nxt
            if nxt < len(self.cal_plan) and going.size:
                self.cal_plan[nxt].append(going)
            broken = idx[~paid]
            self.counts["plans_broken"] += int(broken.size)
            self.status[broken] = ACTIVE
            self.aging[broken] = 1
            self.reactivate.append(broken)
        self.cal_plan[day] = []
        for idx in self.cal_court[day]:
            # A case whose debtor pays today is withdrawn when the payment is settled.
            idx = idx[self.in_court[idx] & (self.court_day[idx] == day) & ~self.pay_today[idx]]
            if idx.size == 0:
                continue
            self.counts["court_resolved"] += int(idx.size)
            self.daily["resolved"][day] += idx.size
            u = rng.random(idx.size, dtype=np.float32)
            p_full = np.minimum(self.a.court.pay_in_full * 2 * self.propensity[idx], 0.9)
            full = u < p_full
            plan = ~full & (u < p_full + self.a.court.court_plan)
            self._queue_pay(idx[full], np.ones(int(full.sum()), bool), _COURT)
            months = np.full(int(plan.sum()), self.s.court.plan_months, np.float32)
            self._sign_plan(idx[plan], months, day, count=False)
            self._write_off(idx[~full & ~plan])
        self.cal_court[day] = []

    def _daily_events(self, day: int, u: np.ndarray, mask: np.ndarray) -> None:
        t = self.f
        if self.capacity is not None:
            t = self._dial()
        ev = np.flatnonzero(np.less(u, t[3], out=mask))
        talk = int(np.count_nonzero(np.less(u, t[4], out=mask)))
        if self.pending:
            ev = ev[~self.pay_today[ev]]  # already paying today (letter, promise, court)
        if ev.size:
            uu = u[ev]
            t0, t1, t2, t3 = t[0, ev], t[1, ev], t[2, ev], t[3, ev]
            plan = uu < t0
            prom = ~plan & (uu < t1)
            compl = (uu >= t1) & (uu < t2)
            selfpay = uu >= t2
            idx_self = ev[selfpay]
            talk -= int(idx_self.size)
            if idx_self.size:
                lo = t2[selfpay]
                frac = (uu[selfpay] - lo) / np.maximum(t3[selfpay] - lo, 1e-12)
                settle = frac < self.cells.settle[self.cell[idx_self]]
                self._queue_pay(idx_self, settle, _SELF)
            self._complain(ev[compl], day)
            idx_plan = ev[plan]
            if idx_plan.size:
                months = self.cells.plan_months[self.cell[idx_plan]].astype(np.float32)
                self._sign_plan(idx_plan, months, day)
            self._promise(ev[prom], day, source=0)
        self.counts["conversations"] += talk
        self.daily["conversations"][day] += talk

    def _dial(self) -> np.ndarray:
        """With a dialling limit: choose today's accounts, rebuild thresholds for everyone."""
        r = self.rates
        want = np.flatnonzero(self.rng.random(self.n, dtype=np.float32) < r[0])
        cap = int(self.capacity * self.n)
        if want.size > cap:
            if self.priority is not None:
                z = self.priority.static[want] + self.priority.by_bucket[self.bkt[want]]
                score = _sigmoid(z.astype(np.float64))
                if self.priority.weight_by_balance:
                    score *= self.balance[want]
                order = np.argsort(-score, kind="stable")[:cap]
                want = np.sort(want[order])
            else:
                want = np.sort(self.rng.choice(want, cap, replace=False))
        pc = np.zeros(self.n, np.float32)
        pc[want] = r[1, want]
        self.cost["phone"] += float(r[2, want].sum(dtype=np.float64)) * self.unit_cost["phone"]
        return _thresholds(pc, r[3], r[4], r[5], r[6])

    def _snapshot(self) -> np.ndarray:
        code = _STATUS_COLUMN[self.status].astype(np.int16)
        b = self.bkt.astype(np.int16)
        b[b == PAID] = 0
        collecting = code < 0
        code[collecting] = b[collecting]
        code[collecting & self.in_court] = ROLL_COLUMNS.index("诉讼")
        return code

    # ------------------------------------------------------------------ main loop

    def run(self) -> None:
        u = np.empty(self.n, np.float32)
        mask = np.empty(self.n, bool)
        start = self._snapshot()
        phone_cost = self.unit_cost["phone"]
        sms_cost = self.unit_cost["sms"]
        team_daily = self.s.team.monthly_cost_per_1000_accounts * self.n / 1000 / PERIOD
        for day in range(self.days):
            cost_before = sum(self.cost.values())
            self.dpd += self.aging
            self._bucket_changes(day)
            self._scheduled(day)
            self._court_intake(day)
            self._flush()
            self.rng.random(out=u, dtype=np.float32)
            if self.capacity is None:
                calls, sms = (float(x) for x in self.f[5:].sum(axis=1))
                self.cost["phone"] += calls * phone_cost
            else:
                sms = float(self.f[6].sum())
            self.cost["sms"] += sms * sms_cost
            self.cost["team"] += team_daily
            self._daily_events(day, u, mask)
            self._settle_payments(day)
            if self.reactivate:
                back = np.concatenate(self.reactivate)
                self.reactivate = []
                overdue = back[(self.dpd[back] > self.a.write_off_dpd) & ~self.in_court[back]]
                self._write_off(overdue)
                self._touch(back)
            self._flush()
            self.daily["cost"][day] = sum(self.cost.values()) - cost_before
            if (day + 1) % PERIOD == 0:
                collecting = (self.status <= PROMISED) & (self.dpd > 0)
                self.daily["delinquent_balance"][day] = float(
                    self.balance[collecting].sum(dtype=np.float64)
                )
                end = self._snapshot()
                rows = start < len(BUCKETS)
                flat = start[rows].astype(np.int64) * len(ROLL_COLUMNS) + end[rows]
                self.roll_counts += np.bincount(flat, minlength=self.roll_counts.size).reshape(
                    self.roll_counts.shape
                )
                start = end


def simulate(
    portfolio: Portfolio,
    strategy: Strategy,
    days: int,
    seed: int,
    packs: Sequence[Pack] | None = None,
    priority: PriorityScore | None = None,
) -> SimulationResult:
    """Run ``strategy`` on ``portfolio`` for ``days`` days with random stream ``seed``.

    The strategy is first checked against the policy packs (default: the law pack); a
    strategy that schedules more than a cap raises :class:`StrategyError` and never runs.
    ``priority`` only matters when the strategy limits dialling capacity.
    """
    if not isinstance(days, (int, np.integer)) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be an integer from 1 to {MAX_DAYS}, got {days!r}")
    limits = _limits_for(packs)
    issues = check_strategy(strategy, limits, portfolio.assumptions, f"strategy {strategy.id!r}")
    if issues:
        raise StrategyError(f"strategy {strategy.id!r}", issues)
    if priority is not None and priority.static.shape != (portfolio.n,):
        raise ValueError("priority.static must have one entry per account")
    began = _time.perf_counter()
    run = _Run(portfolio, strategy, int(days), seed, limits, priority)
    run.run()
    elapsed = _time.perf_counter() - began
    return _result(run, portfolio, strategy, int(days), seed, elapsed)


def _result(
    run: _Run, portfolio: Portfolio, strategy: Strategy, days: int, seed: int, elapsed: float
) -> SimulationResult:
    p = portfolio
    opening = p.dpd > 0
    recovered = float(run.by_path.sum())
    cost = sum(run.cost.values())
    c = run.counts
    status = run.status
    totals: dict[str, float] = {
        "opening_balance": round(float(p.balance.sum(dtype=np.float64)), 2),
        "opening_delinquent_balance": round(float(p.balance[opening].sum(dtype=np.float64)), 2),
        "opening_delinquent_accounts": int(opening.sum()),
        "recovered": round(recovered, 2),
        "cost": round(cost, 2),
        "net": round(recovered - cost, 2),
        "complaints": c["complaints"],
        "conversations": c["conversations"],
        "promises_made": c["promises_made"],
        "promises_kept": c["promises_kept"],
        "promises_broken": c["promises_broken"],
        "plans_signed": c["plans_signed"],
        "plans_broken": c["plans_broken"],
        "letters": c["letters"],
        "visits": c["visits"],
        "litigation_filed": c["litigation_filed"],
        "court_resolved": c["court_resolved"],
        "court_queue_end": int(run.queued.sum()),
        "cures": c["cures"],
        "settlements": c["settlements"],
        "m0_payments": c["m0_payments"],
        "written_off_accounts": c["written_off_accounts"],
        "written_off_amount": round(run.written_off_amount, 2),
        "in_plan_end": int((status == PLAN).sum()),
        "plan_balance_end": round(float(run.balance[status == PLAN].sum(dtype=np.float64)), 2),
        "in_court_end": int(run.in_court.sum()),
        "delinquent_balance_end": round(
            float(run.balance[(status <= PROMISED) & (run.dpd > 0)].sum(dtype=np.float64)), 2
        ),
    }
    labels = p.assumptions.segment_labels
    seg_counts = np.bincount(run.seg, minlength=run.n_seg)
    by_segment = pd.DataFrame(
        {
            "客群": list(labels),
            "账户数": seg_counts,
            "回收金额": np.round(run.seg_recovered, 2),
            "投诉": run.seg_complaints,
        }
    )
    daily = pd.DataFrame(run.daily)
    daily.index.name = "day"
    return SimulationResult(
        strategy_id=strategy.id,
        strategy_title=strategy.title,
        accounts=p.n,
        days=days,
        seed=int(seed),
        totals=totals,
        cost_by_channel={k: round(float(v), 2) for k, v in run.cost.items()},
        recovered_by_path={k: round(float(v), 2) for k, v in zip(PATHS, run.by_path, strict=True)},
        roll_counts=run.roll_counts,
        daily=daily,
        by_segment=by_segment,
        first_pay_day=run.first_pay_day,
        first_pay_path=run.first_pay_path,
        final_status=run.status.copy(),
        final_balance=run.balance.copy(),
        elapsed_seconds=elapsed,
    )
