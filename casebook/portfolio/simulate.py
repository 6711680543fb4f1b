"""Vectorised day-step simulation of a collection strategy on a synthetic portfolio.

The only Python loop is over days. Each day, every account draws one uniform number that
decides, through nested probability intervals, whether it signs an instalment plan,
promises to pay, complains, pays by itself, or just talks (see
:func:`~casebook.portfolio.sim_tables.interval_ends`). Per-account probabilities depend on
the account's segment × bucket cell and are recomputed only for the few accounts whose
cell or status changed that day. Scheduled events (promises falling due, plan
instalments, court resolutions) live in a calendar of index arrays; escalation (letters,
visits, court filings) happens on entering a bucket.

Three pieces: :mod:`~casebook.portfolio.sim_tables` (constants and the look-up tables
built once per run), :class:`PortfolioRun` here (the accounts' state, the day step and a
:class:`Tally` of what happened) and :mod:`~casebook.portfolio.sim_result` (the
:class:`SimulationResult` with its typed :class:`SimulationTotals`).

Everything is deterministic for a given portfolio, strategy and seed.
"""

from __future__ import annotations

import time as _time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from casebook.assess import scoring_config
from casebook.model import Channel
from casebook.policy.schema import Pack
from casebook.portfolio.assumptions import BUCKETS
from casebook.portfolio.court import court_fee
from casebook.portfolio.generate import STREAM_SIMULATION, Portfolio, _rng
from casebook.portfolio.sim_result import SimulationResult, SimulationTotals, build_result
from casebook.portfolio.sim_tables import (
    ACTIVE,
    CLOSED,
    COST_CHANNELS,
    COST_LABELS,
    COUNTS,
    DAILY_SERIES,
    MAX_DAYS,
    NB,
    NEVER,
    PAID,
    PATH_COURT,
    PATH_LABELS,
    PATH_LETTER,
    PATH_PLAN,
    PATH_PROMISE,
    PATH_SELF,
    PATH_VISIT,
    PATHS,
    PERIOD,
    PLAN,
    PROMISED,
    ROLL_COLUMNS,
    STATUS_COLUMN,
    STATUS_LABELS,
    WRITTEN_OFF,
    account_factors,
    cell_tables,
    dialer_expectations,
    dialler_tables,
    dpd_tables,
    interval_ends,
    one_minus_exp,
    sigmoid,
)
from casebook.portfolio.strategy import PolicyLimits, Strategy, StrategyError, check_strategy
from casebook.portfolio.strategy import limits_for as _limits_for

__all__ = [
    "COST_CHANNELS",
    "COST_LABELS",
    "MAX_DAYS",
    "NB",
    "PATHS",
    "PATH_LABELS",
    "ROLL_COLUMNS",
    "STATUS_LABELS",
    "WRITTEN_OFF",
    "PortfolioRun",
    "PriorityScore",
    "SimulationResult",
    "SimulationTotals",
    "Tally",
    "dialer_expectations",
    "simulate",
]


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


@dataclass
class Tally:
    """What happened during a run, added up as it goes (the totals are built from it)."""

    days: int
    n_seg: int
    cost: dict[str, float] = field(default_factory=lambda: dict.fromkeys(COST_CHANNELS, 0.0))
    by_path: np.ndarray = field(default_factory=lambda: np.zeros(len(PATHS)))  # recovered
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    written_off_amount: float = 0.0
    seg_recovered: np.ndarray = field(init=False)
    seg_complaints: np.ndarray = field(init=False)
    roll_counts: np.ndarray = field(
        default_factory=lambda: np.zeros((len(BUCKETS), len(ROLL_COLUMNS)), np.int64)
    )
    daily: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.seg_recovered = np.zeros(self.n_seg)
        self.seg_complaints = np.zeros(self.n_seg, np.int64)
        self.daily = {k: np.zeros(self.days) for k in DAILY_SERIES}


class PortfolioRun:
    """One simulation: the accounts' state (struct of arrays), the calendars of scheduled
    events, the day step and its :class:`Tally`."""

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
        self.portfolio, self.strategy = p, strategy
        self.assumptions = a = p.assumptions
        self.behaviour = b = a.behaviour
        self.days = days
        self.rng = _rng(seed, STREAM_SIMULATION)
        n = self.n = p.n
        team = strategy.team
        self.cells = cell_tables(strategy, p, limits, team.complaint)
        costs = scoring_config().cost.channel_cost
        self.unit_cost = {
            ch: float(costs.get(Channel(ch), 0.0))
            for ch in ("phone", "sms", "letter", "visit", "litigation")
        }
        self.factors = factors = account_factors(p, team)
        self.by_dpd = dpd_tables(a.write_off_dpd)
        self.dialler = dialler_tables(self.cells, factors.answer)

        # Dynamic state.
        self.eligible = p.hardship & (p.propensity >= b.plan_willing_propensity)
        # Per account: plan acceptance (0 once a plan was offered), promise factor (raised
        # while a court case is pending), self-payment intensity.
        self.acct_rows = np.stack(
            [
                self.eligible * np.float32(factors.plan_accept),
                factors.promise_factor,
                factors.self_exp,
            ]
        ).astype(np.float32)
        self.dpd = p.dpd.astype(np.int16).copy()
        self.status = np.zeros(n, np.int8)
        self.aging = np.ones(n, np.int16)
        self.balance = p.balance.astype(np.float32).copy()
        self.bucket = self.by_dpd.bucket[self.dpd]
        self.cell = (factors.seg8 + self.bucket).astype(np.int16)
        self.next_dpd = self.by_dpd.next_change[self.dpd]
        # Today's odds. Rows 0-4: interval ends t1..t5 of the daily draw (see
        # interval_ends); rows 5-6: expected calls and SMS.
        self.odds = np.zeros((7, n), np.float32)
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

        self.tally = Tally(days, factors.n_seg)
        self.reactivate: list[np.ndarray] = []
        self.dirty: list[np.ndarray] = []
        # Payments decided during a day are settled together at its end (one batch).
        self.pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.pay_today = np.zeros(n, bool)
        self._refresh(np.arange(n))

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
        where = self.dialler.cell_combo.take(cell).astype(np.intp) * self.n + idx
        att = self.dialler.dial[0].take(where)
        p_any = self.dialler.dial[1].take(where)
        conv2 = self.dialler.dial[2].take(where)
        cp = self.dialler.cell_rows.take(cell, axis=1)
        ac = self.acct_rows.take(idx, axis=1)
        calling = status == ACTIVE
        rate = cp[0] * calling
        pc = rate * p_any
        pp = ac[0] * cp[1]
        pr = np.minimum(cp[2] * ac[1], np.float32(0.95))
        pk = np.minimum(cp[3] * conv2, np.float32(0.5))
        ps = one_minus_exp(cp[4] * ac[2])
        ps *= status <= PROMISED
        out = np.empty((7, idx.size), np.float32)
        np.multiply(rate, att, out=out[5])
        np.multiply(cp[5], calling, out=out[6])
        if self.capacity is not None:
            self.rates[:, idx] = np.stack([rate, p_any, att, pp, pr, pk, ps])
            pc[:] = 0.0  # calls are decided daily by the dialler
        interval_ends(pc, pp, pr, pk, ps, out)
        f = self.odds
        for row in range(7):
            f[row][idx] = out[row]

    def _set_bucket(self, idx: np.ndarray) -> None:
        d = self.dpd[idx]
        self.bucket[idx] = self.by_dpd.bucket[d]
        self.cell[idx] = self.factors.seg8[idx] + self.bucket[idx]
        self.next_dpd[idx] = self.by_dpd.next_change[d]

    def _leave_court(self, idx: np.ndarray) -> None:
        self.queued[idx] = False
        self.in_court[idx] = False
        self.court_day[idx] = -1
        self.acct_rows[1, idx] = self.factors.promise_factor[idx]

    def _mark_first(self, idx: np.ndarray, day: int, path: int | np.ndarray) -> None:
        new = self.first_pay_day[idx] < 0
        first = idx[new]
        self.first_pay_day[first] = day
        self.first_pay_path[first] = path[new] if isinstance(path, np.ndarray) else path

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
        self.tally.counts["promises_kept"] += n_kept
        b = self.bucket[idx]
        current = (b == 0) | (b == PAID)
        bal = self.balance[idx]
        cycles = np.where(current, 1, b)  # an M0 bill is one cycle's minimum payment
        due = np.minimum(bal, bal * (self.assumptions.min_payment_rate * cycles))
        amount = np.where(settle, bal, due)
        remaining = (bal - amount).astype(np.float32)
        closed = settle | (remaining < 1.0)
        if not isinstance(path, np.ndarray):
            total = float(amount.sum(dtype=np.float64))
            self.tally.by_path[path] += total
        else:
            by_path = np.bincount(path, weights=amount, minlength=len(PATHS))
            self.tally.by_path += by_path
            total = float(by_path.sum())
        self.tally.daily["recovered"][day] += total
        self.tally.seg_recovered += np.bincount(
            self.factors.seg[idx], weights=amount, minlength=self.factors.n_seg
        )
        self._mark_first(idx, day, path)
        court = idx[self.queued[idx] | self.in_court[idx]]
        if court.size:
            self._leave_court(court)
        n_closed = int(np.count_nonzero(closed))
        self.tally.counts["settlements"] += n_closed
        self.tally.counts["m0_payments"] += int(np.count_nonzero(current))
        self.tally.counts["cures"] += int(np.count_nonzero(~current)) - int(
            np.count_nonzero(closed & ~current)
        )
        # An M0 bill moves the due date a month on; a cure restarts the cycle (-29).
        dpd = np.where(current, self.dpd[idx] - PERIOD, -29).astype(np.int16)
        self.dpd[idx] = dpd
        self.bucket[idx] = self.by_dpd.bucket[dpd]
        self.cell[idx] = self.factors.seg8[idx] + self.bucket[idx]
        self.next_dpd[idx] = np.where(closed, NEVER, self.by_dpd.next_change[dpd])
        if n_closed:
            remaining[closed] = 0.0
        self.balance[idx] = remaining
        self.status[idx] = np.where(closed, CLOSED, ACTIVE).astype(np.int8)
        self.aging[idx] = ~closed
        # Paid this cycle (the PAID cell schedules nothing) or closed: every probability
        # is zero, so write zeros instead of a full refresh. Only cures need one.
        quiet = current | closed
        self.odds[:, idx[quiet]] = 0.0
        if self.capacity is not None:
            self.rates[:, idx[quiet]] = 0.0
        self._touch(idx[~quiet])

    def _queue_pay(self, idx: np.ndarray, settle: np.ndarray, path: int | np.ndarray) -> None:
        """Decide a payment now; :meth:`_settle_payments` books it at the end of the day."""
        if idx.size:
            self.pay_today[idx] = True
            codes = path if isinstance(path, np.ndarray) else np.full(idx.size, path, np.int8)
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
        self.tally.counts["promises_made"] += int(idx.size)
        self.tally.daily["promises"][day] += idx.size
        self.status[idx] = PROMISED
        self.promise_src[idx] = source
        due = day + self.assumptions.promise_days
        self.promise_due[idx] = due
        self._touch(idx)
        if due < len(self.cal_promise):
            self.cal_promise[due].append(idx)

    def _sign_plan(self, idx: np.ndarray, months: np.ndarray, day: int, count: bool = True) -> None:
        if idx.size == 0:
            return
        if count:
            self.tally.counts["plans_signed"] += int(idx.size)
        self.status[idx] = PLAN
        self.aging[idx] = 0
        self._leave_court(idx)
        # One plan per account: a broken plan is not offered again (see assumptions.yaml).
        self.eligible[idx] = False
        self.acct_rows[0, idx] = 0.0
        self.plan_pay[idx] = self.balance[idx] / months
        b = self.behaviour
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
        self.tally.counts["written_off_accounts"] += int(idx.size)
        self.tally.written_off_amount += float(self.balance[idx].sum(dtype=np.float64))
        self.status[idx] = WRITTEN_OFF
        self.aging[idx] = 0
        self.next_dpd[idx] = NEVER
        self._leave_court(idx)
        self._touch(idx)

    def _complain(self, idx: np.ndarray, day: int) -> None:
        self.tally.counts["complaints"] += int(idx.size)
        self.tally.daily["complaints"][day] += idx.size
        self.tally.seg_complaints += np.bincount(
            self.factors.seg[idx], minlength=self.factors.n_seg
        )

    # ------------------------------------------------------------------ daily phases

    def _bucket_changes(self, day: int) -> None:
        idx = np.flatnonzero(self.dpd == self.next_dpd)
        if idx.size == 0:
            return
        over = self.dpd[idx] > self.assumptions.write_off_dpd
        if over.any():
            late = idx[over]
            waiting = self.in_court[late]
            # A case in court is written off only if the court cannot collect either.
            self.aging[late[waiting]] = 0
            self.next_dpd[late[waiting]] = NEVER
            self._write_off(late[~waiting])
            idx = idx[~over]
        self._set_bucket(idx)
        self._touch(idx)
        entering = idx[
            (self.status[idx] == ACTIVE) & (self.bucket[idx] >= 1) & (self.bucket[idx] < PAID)
        ]
        if entering.size:
            self._escalate(entering, day)

    def _escalate(self, idx: np.ndarray, day: int) -> None:
        """Letters, visits and court filings on entering a bucket (the escalation calendar)."""
        C = self.cells
        rng = self.rng
        sel = idx[C.letter[self.cell[idx]]]
        if sel.size:
            self.tally.counts["letters"] += int(sel.size)
            self.tally.cost["letter"] += sel.size * self.unit_cost["letter"]
            cell = self.cell[sel]
            p_cure = np.minimum(C.letter_cure[cell] * 2 * self.factors.propensity[sel], 0.9)
            u = rng.random(sel.size, dtype=np.float32)
            hit = u < p_cure
            frac = np.divide(u, p_cure, out=np.ones_like(u), where=p_cure > 0)
            self._queue_pay(sel[hit], (frac < C.settle[cell])[hit], PATH_LETTER)
        idx = idx[(self.status[idx] == ACTIVE) & ~self.pay_today[idx]]
        sel = idx[C.visit[self.cell[idx]]]
        if sel.size:
            self.tally.counts["visits"] += int(sel.size)
            self.tally.cost["visit"] += sel.size * self.unit_cost["visit"]
            cell = self.cell[sel]
            u = rng.random((4, sel.size), dtype=np.float32)
            met = u[0] < self.behaviour.visit_contact * (1 - 0.5 * self.factors.evasive[sel])
            self.tally.counts["conversations"] += int(met.sum())
            plan = (
                met
                & self.eligible[sel]
                & (C.plan_months[cell] > 0)
                & (u[1] < self.factors.plan_accept)
            )
            p_prom = np.minimum(
                C.promise[cell]
                * self.factors.promise_factor[sel]
                * self.behaviour.visit_promise_uplift,
                0.95,
            )
            prom = met & ~plan & (u[2] < p_prom)
            compl = met & (u[3] < self.behaviour.complaint_per_visit * self.strategy.team.complaint)
            self._complain(sel[compl], day)
            self._sign_plan(sel[plan], C.plan_months[cell[plan]].astype(np.float32), day)
            self._promise(sel[prom], day, source=1)
        idx = idx[self.status[idx] <= PROMISED]
        sel = idx[C.litigate[self.cell[idx]] & ~self.queued[idx] & ~self.in_court[idx]]
        sel = sel[self.balance[sel] >= self.strategy.court.min_balance]
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
        court = self.strategy.court
        self.tally.counts["litigation_filed"] += int(idx.size)
        self.tally.daily["filed"][day] += idx.size
        self.tally.cost["litigation"] += idx.size * self.unit_cost["litigation"]
        self.tally.cost["court_fees"] += float(court_fee(self.balance[idx], court.procedure).sum())
        self.queued[idx] = False
        self.in_court[idx] = True
        self.acct_rows[1, idx] = (
            self.factors.promise_factor[idx] * self.behaviour.court_promise_uplift
        )
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
            keep = self.factors.keep[idx]
            kept = u < keep
            settle = u / np.maximum(keep, 1e-6) < self.cells.settle[self.cell[idx]]
            source = np.where(self.promise_src[idx[kept]] == 1, PATH_VISIT, PATH_PROMISE)
            self._queue_pay(idx[kept], settle[kept], source)
            broken = idx[~kept]
            self.tally.counts["promises_broken"] += int(broken.size)
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
            self.tally.by_path[PATH_PLAN] += total
            self.tally.daily["recovered"][day] += total
            self.tally.seg_recovered += np.bincount(
                self.factors.seg[ok], weights=amount, minlength=self.factors.n_seg
            )
            self.balance[ok] -= amount
            self._mark_first(ok, day, PATH_PLAN)
            finished = self.balance[ok] < 1.0
            done = ok[finished]
            self.status[done] = CLOSED
            self.balance[done] = 0.0
            self.next_dpd[done] = NEVER
            self.tally.counts["settlements"] += int(done.size)
            going = ok[~finished]
            nxt = day + PERIOD
            self.plan_next[going] = nxt
            if nxt < len(self.cal_plan) and going.size:
                self.cal_plan[nxt].append(going)
            broken = idx[~paid]
            self.tally.counts["plans_broken"] += int(broken.size)
            self.status[broken] = ACTIVE
            self.aging[broken] = 1
            self.reactivate.append(broken)
        self.cal_plan[day] = []
        for idx in self.cal_court[day]:
            # A case whose debtor pays today is withdrawn when the payment is settled.
            idx = idx[self.in_court[idx] & (self.court_day[idx] == day) & ~self.pay_today[idx]]
            if idx.size == 0:
                continue
            self.tally.counts["court_resolved"] += int(idx.size)
            self.tally.daily["resolved"][day] += idx.size
            u = rng.random(idx.size, dtype=np.float32)
            p_full = np.minimum(
                self.assumptions.court.pay_in_full * 2 * self.factors.propensity[idx], 0.9
            )
            full = u < p_full
            plan = ~full & (u < p_full + self.assumptions.court.court_plan)
            self._queue_pay(idx[full], np.ones(int(full.sum()), bool), PATH_COURT)
            months = np.full(int(plan.sum()), self.strategy.court.plan_months, np.float32)
            self._sign_plan(idx[plan], months, day, count=False)
            self._write_off(idx[~full & ~plan])
        self.cal_court[day] = []

    def _daily_events(self, day: int, u: np.ndarray, mask: np.ndarray) -> None:
        t = self.odds
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
                self._queue_pay(idx_self, settle, PATH_SELF)
            self._complain(ev[compl], day)
            idx_plan = ev[plan]
            if idx_plan.size:
                months = self.cells.plan_months[self.cell[idx_plan]].astype(np.float32)
                self._sign_plan(idx_plan, months, day)
            self._promise(ev[prom], day, source=0)
        self.tally.counts["conversations"] += talk
        self.tally.daily["conversations"][day] += talk

    def _dial(self) -> np.ndarray:
        """With a dialling limit: choose today's accounts, rebuild thresholds for everyone."""
        r, capacity = self.rates, self.capacity
        if capacity is None:
            raise RuntimeError("internal error: no dialling limit to apply")
        want = np.flatnonzero(self.rng.random(self.n, dtype=np.float32) < r[0])
        cap = int(capacity * self.n)
        if want.size > cap:
            if self.priority is not None:
                z = self.priority.static[want] + self.priority.by_bucket[self.bucket[want]]
                score = sigmoid(z.astype(np.float64))
                if self.priority.weight_by_balance:
                    score *= self.balance[want]
                order = np.argsort(-score, kind="stable")[:cap]
                want = np.sort(want[order])
            else:
                want = np.sort(self.rng.choice(want, cap, replace=False))
        pc = np.zeros(self.n, np.float32)
        pc[want] = r[1, want]
        self.tally.cost["phone"] += (
            float(r[2, want].sum(dtype=np.float64)) * self.unit_cost["phone"]
        )
        return interval_ends(pc, r[3], r[4], r[5], r[6])

    def _snapshot(self) -> np.ndarray:
        code = STATUS_COLUMN[self.status].astype(np.int16)
        b = self.bucket.astype(np.int16)
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
        team_daily = self.strategy.team.monthly_cost_per_1000_accounts * self.n / 1000 / PERIOD
        for day in range(self.days):
            cost_before = sum(self.tally.cost.values())
            self.dpd += self.aging
            self._bucket_changes(day)
            self._scheduled(day)
            self._court_intake(day)
            self._flush()
            self.rng.random(out=u, dtype=np.float32)
            if self.capacity is None:
                calls, sms = (float(x) for x in self.odds[5:].sum(axis=1))
                self.tally.cost["phone"] += calls * phone_cost
            else:
                sms = float(self.odds[6].sum())
            self.tally.cost["sms"] += sms * sms_cost
            self.tally.cost["team"] += team_daily
            self._daily_events(day, u, mask)
            self._settle_payments(day)
            if self.reactivate:
                back = np.concatenate(self.reactivate)
                self.reactivate = []
                overdue = back[
                    (self.dpd[back] > self.assumptions.write_off_dpd) & ~self.in_court[back]
                ]
                self._write_off(overdue)
                self._touch(back)
            self._flush()
            self.tally.daily["cost"][day] = sum(self.tally.cost.values()) - cost_before
            if (day + 1) % PERIOD == 0:
                collecting = (self.status <= PROMISED) & (self.dpd > 0)
                self.tally.daily["delinquent_balance"][day] = float(
                    self.balance[collecting].sum(dtype=np.float64)
                )
                end = self._snapshot()
                rows = start < len(BUCKETS)
                flat = start[rows].astype(np.int64) * len(ROLL_COLUMNS) + end[rows]
                self.tally.roll_counts += np.bincount(
                    flat, minlength=self.tally.roll_counts.size
                ).reshape(self.tally.roll_counts.shape)
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
    run = PortfolioRun(portfolio, strategy, int(days), seed, limits, priority)
    run.run()
    elapsed = _time.perf_counter() - began
    return build_result(run, portfolio, strategy, int(days), seed, elapsed)
