"""Seeded synthetic card portfolios, stored column-wise so that a million accounts is cheap.

Every column is a numpy array; :meth:`Portfolio.frame` gives a pandas view. People's names
and cities are never generated per account: a small seeded Faker (zh_CN) table is built
once and accounts index into it, and phone, ID and card numbers exist only in masked form.
Nobody in a synthetic portfolio is real.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from casebook.portfolio.assumptions import BUCKETS, Assumptions, default_assumptions
from casebook.synth import seeded_faker

#: Random streams derived from one seed (portfolio draws and simulation draws never overlap).
STREAM_PORTFOLIO = 1
STREAM_SIMULATION = 2

#: Observable call history: connected calls out of this many recent attempts.
HISTORY_ATTEMPTS = 10
#: Accounts larger than this cannot be generated (memory safety for the CLI).
MAX_ACCOUNTS = 5_000_000

_BUCKET_DPD = ((-29, 0), (1, 30), (31, 60), (61, 90), (91, 120), (121, 150), (151, 180))
_MOBILE_PREFIXES = np.array(
    ["133", "135", "136", "137", "138", "139", "150", "151", "158", "186", "188", "199"]
)
_NAME_TABLE_SIZE = 997  # prime, so index arithmetic spreads names evenly
_CITY_TABLE_SIZE = 97


def bucket_of_dpd(dpd: np.ndarray) -> np.ndarray:
    """Bucket code 0..6 (M0..M6+) of each days-past-due value (≤ 0 means current)."""
    dpd = np.asarray(dpd)
    return np.clip((dpd.astype(np.int32) + 29) // 30, 0, len(BUCKETS) - 1).astype(np.int8)


def _rng(seed: int, stream: int) -> np.random.Generator:
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.default_rng([int(seed), stream])


@dataclass(frozen=True, eq=False)
class Portfolio:
    """A synthetic portfolio: one entry per account in each column.

    ``propensity`` and ``hardship`` drive the simulated behaviour but are hidden from a
    bank's point of view; a priority score may only use the observable columns
    (segment, bucket, balance, utilisation, call history, phone validity).
    """

    seed: int
    assumptions: Assumptions
    segment: np.ndarray  # int8 code into assumptions.segment_keys
    dpd: np.ndarray  # int16 days past due at the start (≤ 0: current, days until due)
    balance: np.ndarray  # float32 yuan outstanding
    credit_limit: np.ndarray  # float32 yuan
    contactability: np.ndarray  # float32: a call attempt reaches a willing listener
    evasiveness: np.ndarray  # float32: deliberately dodges collectors
    propensity: np.ndarray  # float32: willingness and ability to pay (hidden)
    hardship: np.ndarray  # bool: financial hardship (hidden)
    phone_valid: np.ndarray  # bool: the number on file still works
    contact_history: np.ndarray  # int8: connected calls in the last HISTORY_ATTEMPTS attempts
    _tables: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return int(self.segment.shape[0])

    @property
    def n(self) -> int:
        """Number of accounts."""
        return len(self)

    @cached_property
    def bucket(self) -> np.ndarray:
        """Opening bucket code (0 = M0 … 6 = M6+)."""
        return bucket_of_dpd(self.dpd)

    @property
    def utilization(self) -> np.ndarray:
        """Balance as a share of the credit limit."""
        return (self.balance / self.credit_limit).astype(np.float32)

    def frame(self, hidden: bool = False) -> pd.DataFrame:
        """The accounts as a DataFrame (English column names, labels for segment/bucket).

        ``hidden=True`` adds the behavioural columns a bank would not observe.
        """
        data = {
            # pandas-stubs accept only arrays typed as 1-d; these are (astype loses the shape)
            "segment": pd.Categorical.from_codes(  # type: ignore[call-overload]
                self.segment.astype(np.int64), categories=list(self.assumptions.segment_labels)
            ),
            "bucket": pd.Categorical.from_codes(  # type: ignore[call-overload]
                self.bucket.astype(np.int64), categories=list(BUCKETS)
            ),
            "dpd": self.dpd,
            "balance": self.balance,
            "credit_limit": self.credit_limit,
            "utilization": self.utilization,
            "contact_history": self.contact_history,
            "phone_valid": self.phone_valid,
        }
        if hidden:
            data.update(
                contactability=self.contactability,
                evasiveness=self.evasiveness,
                propensity=self.propensity,
                hardship=self.hardship,
            )
        return pd.DataFrame(data)

    def _name_tables(self) -> tuple[list[str], list[str]]:
        if "names" not in self._tables:
            fake = seeded_faker(self.seed)
            self._tables["names"] = [fake.name() for _ in range(_NAME_TABLE_SIZE)]
            self._tables["cities"] = [fake.city_name() + "市" for _ in range(_CITY_TABLE_SIZE)]
        return self._tables["names"], self._tables["cities"]

    def people(self, rows: np.ndarray | list[int]) -> pd.DataFrame:
        """Synthetic, masked identities for the given account rows only (Chinese columns).

        Names and cities index into small seeded Faker tables, so a million accounts never
        means a million Faker calls; numbers are masked when made (no full number exists).
        """
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size and (rows.min() < 0 or rows.max() >= self.n):
            raise IndexError(f"rows must be in 0..{self.n - 1}")
        names, cities = self._name_tables()
        mix = (rows * 2_654_435_761 + self.seed * 97_531) % (2**32)
        phone = [
            f"{_MOBILE_PREFIXES[m % len(_MOBILE_PREFIXES)]}****{(m >> 8) % 10_000:04d}"
            for m in mix.tolist()
        ]
        id_masked = [
            f"{110000 + (m >> 4) % 540000:06d}********{(m >> 12) % 1000:03d}{'0123456789X'[m % 11]}"
            for m in mix.tolist()
        ]
        return pd.DataFrame(
            {
                "账户": [f"XH{r:07d}" for r in rows.tolist()],
                "姓名": [names[(r * 7 + self.seed) % _NAME_TABLE_SIZE] for r in rows.tolist()],
                "城市": [cities[(r * 13 + self.seed) % _CITY_TABLE_SIZE] for r in rows.tolist()],
                "手机号": phone,
                "身份证号": id_masked,
                "卡号": [f"6225 **** **** {(m >> 3) % 10_000:04d}" for m in mix.tolist()],
            }
        )


def _beta(rng: np.random.Generator, params: tuple[float, float], size: int) -> np.ndarray:
    return rng.beta(params[0], params[1], size).astype(np.float32)


def make_portfolio(n: int, seed: int, assumptions: Assumptions | None = None) -> Portfolio:
    """Draw ``n`` synthetic accounts; the same ``(n, seed)`` always gives the same portfolio.

    Accounts are drawn segment by segment with the segment's own distributions
    (balances log-normal, behaviour Beta-distributed; see ``assumptions.yaml``).
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= MAX_ACCOUNTS:
        raise ValueError(f"n must be an integer from 1 to {MAX_ACCOUNTS:,}, got {n!r}")
    a = assumptions or default_assumptions()
    rng = _rng(seed, STREAM_PORTFOLIO)
    shares = np.array([s.share for s in a.segments.values()])
    segment = rng.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int8)

    bucket_p = np.array(list(a.initial_buckets.values()))
    bucket = rng.choice(len(BUCKETS), size=n, p=bucket_p / bucket_p.sum())
    lows = np.array([lo for lo, _ in _BUCKET_DPD])
    highs = np.array([hi for _, hi in _BUCKET_DPD])
    dpd = rng.integers(lows[bucket], highs[bucket] + 1).astype(np.int16)

    balance = np.empty(n, np.float32)
    limit = np.empty(n, np.float32)
    contact = np.empty(n, np.float32)
    evasive = np.empty(n, np.float32)
    propensity = np.empty(n, np.float32)
    hardship = np.empty(n, bool)
    phone_valid = np.empty(n, bool)
    for code, seg in enumerate(a.segments.values()):
        rows = np.flatnonzero(segment == code)
        k = rows.size
        # Generator.lognormal calls the C library per value: the same bits on every CPU.
        bal = rng.lognormal(math.log(seg.balance_median), seg.balance_sigma, k)
        bal = np.clip(np.round(bal, 2), 500.0, 500_000.0)
        util = np.clip(_beta(rng, seg.utilization, k), 0.2, 1.2)
        balance[rows] = bal
        limit[rows] = np.maximum(np.round(bal / util / 1000.0) * 1000.0, 1000.0)
        contact[rows] = _beta(rng, seg.contactability, k)
        evasive[rows] = _beta(rng, seg.evasiveness, k)
        # Heavier use of the limit goes with a lower propensity to pay: this is what lets
        # an observable column (utilisation) carry some signal for a priority score.
        prop = _beta(rng, seg.propensity, k) * (1.15 - 0.3 * util)
        propensity[rows] = np.clip(prop, 0.01, 0.99)
        hardship[rows] = rng.random(k) < seg.hardship
        phone_valid[rows] = rng.random(k) >= seg.phone_invalid
    answer = np.where(phone_valid, contact * (1.0 - evasive), 0.0)
    history = rng.binomial(HISTORY_ATTEMPTS, answer).astype(np.int8)
    return Portfolio(
        seed=int(seed),
        assumptions=a,
        segment=segment,
        dpd=dpd,
        balance=balance,
        credit_limit=limit.astype(np.float32),
        contactability=contact,
        evasiveness=evasive,
        propensity=propensity.astype(np.float32),
        hardship=hardship,
        phone_valid=phone_valid,
        contact_history=history,
    )


def portfolio_summary(portfolio: Portfolio) -> pd.DataFrame:
    """Accounts and balances by segment and bucket (Chinese labels), for the book."""
    df = portfolio.frame()
    table = df.pivot_table(
        index="segment", columns="bucket", values="balance", aggfunc="size", observed=False
    )
    table.index.name = "客群"
    table.columns.name = "账龄"
    table["合计"] = table.sum(axis=1)
    return table.astype(int)
