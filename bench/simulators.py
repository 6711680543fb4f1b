"""Print median timings of the simulators (run by hand; never a timed test).

    python bench/simulators.py

* one action assessed: ``evaluate`` of one new action against a mid-campaign history
  (target ≤ 1 ms);
* one campaign day stepped: an SMS, two calls and "结束今天" (target ≤ 5 ms);
* one 200-character message checked by ``casebook.msgcheck.check_message`` (target ≤ 5 ms).
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta
from datetime import time as clock

from casebook.assess import evaluate
from casebook.campaign import CaseCampaign
from casebook.model import Action
from casebook.policy.loader import load_packs

OPENING = "您好，我是星河银行信用卡中心的工作人员，本次通话将被录音。想和您确认一下还款安排。"
SMS = (
    "【星河银行】您好，您的信用卡账户已逾期，请通过手机银行还款；如有困难，可致电4008-000-000协商。"
)
MESSAGE_200 = (
    "【星河银行】王先生您好，您尾号4471的信用卡已逾期36天，欠款合计¥12,345.67。"
    "请您通过手机银行、网上银行或柜台尽快还款；如确有困难，可致电4008-000-000与我们协商还款方案，"
    "我们会根据您的实际情况提供个性化分期等选择。若您已还款，请忽略本短信。"
    "如对账单有异议，可通过客服热线提出，我们将及时核实处理。本短信由系统发送，请勿直接回复；"
    "详情请咨询客服中心。感谢您的配合，祝您生活愉快！"
)


def _day(env: CaseCampaign) -> None:
    today = env.now.date()
    for hh, mm, channel, text in (
        (9, 30, "sms", SMS),
        (10, 0, "phone", OPENING),
        (19, 0, "phone", OPENING),
    ):
        if env.done:
            return
        when = datetime.combine(today, clock(hh, mm))
        if when >= env.now:
            env.step(Action(time=when, channel=channel, target="debtor", message=text))
    if not env.done:
        env.step(None)


def bench_assess(packs, rounds: int = 400) -> float:
    """Median ms to assess one action on a case carrying a 20-day campaign history."""
    env = CaseCampaign("evasive", packs=packs)
    env.reset(seed=1)
    for _ in range(20):
        _day(env)
    case = env.case
    action = Action(
        time=case.history[-1].time + timedelta(days=1, hours=1),
        channel="phone",
        target="debtor",
        message=OPENING,
    )
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        evaluate(case, [action], packs)
        timings.append(time.perf_counter() - start)
    print(f"history length for the assess benchmark: {len(case.history)} actions")
    return statistics.median(timings) * 1000


def bench_day(packs, campaigns: int = 20) -> float:
    """Median ms to step one campaign day (SMS + two calls + end of day)."""
    timings = []
    for seed in range(campaigns):
        env = CaseCampaign("evasive", packs=packs)
        env.reset(seed=seed)
        while not env.done:
            start = time.perf_counter()
            _day(env)
            timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def bench_message(rounds: int = 400) -> float | None:
    """Median ms to check one 200-character message, or None if the checker is missing."""
    try:
        from casebook.msgcheck import check_message
    except (ImportError, SyntaxError):  # being written by another contributor
        return None
    text = MESSAGE_200[:200]
    check_message(text)  # warm-up (dictionaries, compiled patterns)
    from casebook.wording.engine import forget_verdicts

    timings = []
    for _ in range(rounds):
        forget_verdicts()  # the judge remembers verdicts: time the judging, not the memo
        start = time.perf_counter()
        check_message(text, recipient="debtor")
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    packs = load_packs(["cn"])
    assess = bench_assess(packs)
    print(f"one action assessed: median {assess:.3f} ms (target ≤ 1 ms)")
    day = bench_day(packs)
    print(f"one campaign day stepped: median {day:.3f} ms (target ≤ 5 ms)")
    message = bench_message()
    if message is None:
        print("message checker: not available")
    else:
        print(f"one 200-character message checked: median {message:.3f} ms (target ≤ 5 ms)")


if __name__ == "__main__":
    main()
