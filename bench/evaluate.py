"""Print how many plans per second the engine assesses (synthetic cases, law pack)."""

from __future__ import annotations

import time
from datetime import timedelta

from casebook.assess import evaluate
from casebook.model import Action
from casebook.policy.loader import load_packs
from casebook.synth import make_case


def main(cases: int = 200) -> None:
    packs = load_packs(["cn"])
    work = []
    for seed in range(cases):
        case = make_case(seed)
        start = case.as_of
        plan = [
            Action(
                time=start + timedelta(hours=h),
                channel="phone",
                target="debtor",
                message="您好，请问方便还款吗？",
            )
            for h in range(6)
        ] + [
            Action(
                time=start + timedelta(hours=2), channel="phone", target="sibling", purpose="relay"
            )
        ]
        work.append((case, plan))
    began = time.perf_counter()
    actions = 0
    for case, plan in work:
        evaluate(case, plan, packs)
        actions += len(plan)
    elapsed = time.perf_counter() - began
    print(f"plans assessed: {cases}, actions: {actions}, seconds: {elapsed:.3f}")
    print(f"plans/s: {cases / elapsed:,.0f}  actions/s: {actions / elapsed:,.0f}")


if __name__ == "__main__":
    main()
