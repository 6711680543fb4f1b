"""Constants and look-up tables of the portfolio simulation (see :mod:`.simulate`).

Everything here is computed once per run from the strategy, the portfolio and the
assumptions, and only read during the day loop:

* :class:`CellTables` — per segment × bucket cell: contact rates, escalation flags, the
  behaviour probabilities of the assumptions;
* :class:`DpdTables` — per days-past-due value: the bucket and the dpd of the next change;
* :class:`AccountFactors` — per account: answer rate, pay and promise factors;
* :class:`DiallerTables` — expected attempts and conversations of each dialling plan;
* :func:`interval_ends` — the nested probability intervals of the one daily draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from casebook.portfolio.assumptions import BUCKETS
from casebook.portfolio.generate import Portfolio
from casebook.portfolio.strategy import PolicyLimits, Strategy, Team

#: Internal buckets: 0..6 are M0..M6+; 7 is "M0, this cycle already paid".
PAID = 7
NB = 8
#: Account statuses (a court case is a separate flag: collection goes on while it runs).
ACTIVE, PROMISED, PLAN, CLOSED, WRITTEN_OFF = range(5)
STATUS_LABELS = ("催收中", "待兑现承诺", "分期中", "已结清", "已核销")
#: Columns of the roll matrix: the seven buckets, then the other states.
ROLL_COLUMNS = (*BUCKETS, "结清", "分期", "诉讼", "核销")
STATUS_COLUMN = np.array([-1, -1, 8, 7, 10], dtype=np.int8)  # by status; -1 = bucket or court
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
NEVER = np.int16(32_000)
DPD_TABLE_SIZE = 1024  # dpd values from -59 to write_off_dpd + 1, negative ones wrap around

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
PATH_SELF, PATH_PROMISE, PATH_LETTER, PATH_VISIT, PATH_PLAN, PATH_COURT = range(len(PATHS))
PATH_LABELS = {
    "self": "自行还款",
    "promise": "承诺兑现",
    "letter": "催收函后还款",
    "visit": "上门后还款",
    "plan": "个性化分期",
    "court": "诉讼",
}


@dataclass(frozen=True)
class CellTables:
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


def cell_tables(
    strategy: Strategy, portfolio: Portfolio, limits: PolicyLimits, team_complaint: float
) -> CellTables:
    """Turn the strategy grid and the assumptions into small per-cell numpy tables."""
    a = portfolio.assumptions
    b = a.behaviour
    seg_keys = a.segment_keys
    nc = len(seg_keys) * NB
    arrays: dict[str, np.ndarray] = {
        name: np.zeros(nc, np.float64) for name in (f.name for f in fields(CellTables))
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
    return CellTables(**out)


@dataclass(frozen=True)
class DpdTables:
    """By days past due (negative values wrap around): the internal bucket, and the dpd at
    which an account's bucket next changes (``NEVER`` past write-off)."""

    bucket: np.ndarray  # int8
    next_change: np.ndarray  # int16


def dpd_tables(write_off_dpd: int) -> DpdTables:
    """The bucket and next-change tables for dpd from -59 to ``write_off_dpd`` + 1."""
    wo = write_off_dpd
    dpd_values = np.arange(-59, wo + 2)
    bkt = np.clip((dpd_values + 29) // 30, 0, 6)
    bkt[dpd_values <= -30] = PAID
    nxt = np.where(dpd_values <= -30, -29, np.where(dpd_values <= 0, 1, bkt * 30 + 1))
    nxt = np.where(dpd_values >= 1, np.minimum(nxt, wo + 1), nxt)
    nxt[bkt == 6] = wo + 1
    nxt[dpd_values > wo] = NEVER
    bucket = np.zeros(DPD_TABLE_SIZE, np.int8)
    next_change = np.full(DPD_TABLE_SIZE, NEVER, np.int16)
    bucket[dpd_values] = bkt
    next_change[dpd_values] = nxt
    return DpdTables(bucket, next_change)


@dataclass(frozen=True)
class AccountFactors:
    """Static per-account factors of the behaviour model (the team's skill included)."""

    n_seg: int  # number of segments
    seg: np.ndarray  # int16 segment index
    seg8: np.ndarray  # int16 first cell of the segment (segment × NB)
    answer: np.ndarray  # float32 chance that a call is answered (0 for an invalid number)
    evasive: np.ndarray
    propensity: np.ndarray
    self_exp: np.ndarray  # float32 self-payment intensity per day
    promise_factor: np.ndarray  # float32 multiplier of the cell's promise probability
    keep: np.ndarray  # float32 chance that a promise is kept
    plan_accept: float  # chance that an eligible debtor accepts an offered plan


def account_factors(portfolio: Portfolio, team: Team) -> AccountFactors:
    """The per-account factors of ``portfolio`` worked by ``team``."""
    p = portfolio
    b = p.assumptions.behaviour
    seg = p.segment.astype(np.int16)
    pay_factor = np.where(p.hardship, b.hardship_pay_factor, 1.0)
    promise_factor = (1 - b.evasive_promise_factor * p.evasiveness) * np.where(
        p.hardship, b.hardship_promise_factor, 1.0
    )
    return AccountFactors(
        n_seg=len(p.assumptions.segment_keys),
        seg=seg,
        seg8=(seg * NB).astype(np.int16),
        answer=np.minimum(
            np.where(p.phone_valid, p.contactability * (1 - p.evasiveness), 0.0) * team.contact,
            0.999,
        ).astype(np.float32),
        evasive=p.evasiveness,
        propensity=p.propensity,
        self_exp=(2.0 * p.propensity * pay_factor / PERIOD).astype(np.float32),
        promise_factor=(promise_factor * team.promise).astype(np.float32),
        keep=np.clip(b.promise_keep * team.keep * promise_factor, 0, 0.99).astype(np.float32),
        plan_accept=min(b.plan_accept * team.promise, 0.95),
    )


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


@dataclass(frozen=True)
class DiallerTables:
    """Look-up tables that make a refresh three gathers, some arithmetic and one scatter.

    ``dial[:, plan * n + account]``: expected attempts, P(conversation) and the squared mean
    number of conversations on a call day with at least one, for each dialling plan
    (``plan`` 0 = no calls); ``cell_combo[cell]`` is the cell's plan. ``cell_rows[:, cell]``
    holds the other per-cell factors (call rate, plan offered, promise, complaint,
    self-pay log rate × SMS boost, SMS rate).
    """

    dial: np.ndarray
    cell_combo: np.ndarray
    cell_rows: np.ndarray


def dialler_tables(cells: CellTables, answer: np.ndarray) -> DiallerTables:
    """The dialler tables of ``cells`` for accounts answering with probability ``answer``."""
    C = cells
    n = answer.shape[0]
    n_combo = int(C.combo.max(initial=0)) + 1
    dial = np.zeros((3, n_combo * n), np.float32)
    for combo in range(1, n_combo):
        cell = int(np.flatnonzero(C.combo == combo)[0])
        k, m = int(C.attempts[cell]), int(C.connected[cell])
        att, p_any, conv = dialer_expectations(answer * C.hours[cell], k, m)
        per_conv = np.divide(conv, p_any, out=np.ones_like(conv), where=p_any > 0)
        part = slice(combo * n, (combo + 1) * n)
        dial[0, part] = att
        dial[1, part] = p_any
        dial[2, part] = per_conv * per_conv
    cell_rows = np.stack(
        [
            C.call_rate,
            (C.plan_months > 0).astype(np.float32),
            C.promise,
            C.complaint,
            C.self_log * C.sms_boost,
            C.sms_rate,
        ]
    ).astype(np.float32)
    return DiallerTables(dial, C.combo, cell_rows)


class Curve:
    """A smooth function tabulated on a uniform grid and interpolated linearly.

    Only additions and multiplications run per element, so results are bit-for-bit the
    same on every CPU (numpy's vectorised ``exp`` may differ in the last bit between
    machines, and one bit can flip a random comparison and change stored outputs).
    The grid values come from Python's ``math`` module.
    """

    def __init__(self, func: Callable[[float], float], low: float, high: float, points: int):
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
one_minus_exp = Curve(lambda v: -math.expm1(v), -12.0, 0.0, 24_577)
#: The logistic function, for dialling priorities.
sigmoid = Curve(lambda v: 1.0 / (1.0 + math.exp(-v)), -30.0, 30.0, 60_001)


def interval_ends(pc, pp, pr, pk, ps, out=None):
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
