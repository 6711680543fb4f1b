"""Court fees for batches of card claims, vectorised (《诉讼费用交纳办法》, State Council Order 481).

Art. 13(一): a property case pays ¥50 for the first ¥10,000 and then a falling percentage
on each further portion of the claim (cumulative brackets). Art. 16: a case heard under the
simplified procedure (简易程序) pays half. Art. 29: the losing party bears the fees; the
simulator conservatively counts the fee the bank advances as a cost.
"""

from __future__ import annotations

import numpy as np

from casebook.judicial import fees as _statute

#: (portion starts above, portion ends at, rate) — Art. 13(一) items 2–10, taken from the
#: judicial toolkit's table so the statute is written down once.
ACCEPTANCE_BRACKETS: tuple[tuple[float, float, float], ...] = tuple(
    (float(b.lower), np.inf if b.upper is None else float(b.upper), float(b.rate))
    for b in _statute.ACCEPTANCE_BRACKETS
)
#: Art. 13(一) item 1: claims up to ¥10,000 pay ¥50 per case.
FLAT_FEE = float(_statute.ACCEPTANCE_BASE)
#: Fee multipliers by procedure (Art. 16 halves the fee under the simplified procedure).
PROCEDURE_FACTOR = {"ordinary": 1.0, "simplified": 0.5}
PROCEDURE_LABELS = {"ordinary": "普通程序（全额受理费）", "simplified": "简易程序（受理费减半）"}


def acceptance_fee(claims: np.ndarray | float) -> np.ndarray:
    """案件受理费 of each claim under Art. 13(一), in yuan (float64)."""
    claims = np.asarray(claims, dtype=np.float64)
    fee = np.full(claims.shape, FLAT_FEE)
    for low, high, rate in ACCEPTANCE_BRACKETS:
        fee += np.clip(np.minimum(claims, high) - low, 0.0, None) * rate
    return fee


def court_fee(claims: np.ndarray | float, procedure: str = "ordinary") -> np.ndarray:
    """Fee the bank advances when filing, by procedure (``ordinary`` or ``simplified``)."""
    if procedure not in PROCEDURE_FACTOR:
        raise ValueError(f"unknown procedure {procedure!r}; known: {sorted(PROCEDURE_FACTOR)}")
    return acceptance_fee(claims) * PROCEDURE_FACTOR[procedure]
