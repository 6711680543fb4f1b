"""Scoring of the judicial exercises (ex20–ex24): the engine computes the right answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from casebook.judicial.collections import CollectionLog, assess_collections
from casebook.judicial.fees import court_fee
from casebook.judicial.money import AmountError, parse_amount, yuan
from casebook.judicial.procedure import PROCEDURE_TITLES, CaseFacts, choose_procedure


@dataclass(frozen=True)
class Score:
    """Points out of ``full`` and feedback in Chinese."""

    points: int
    full: int
    feedback: str

    @property
    def correct(self) -> bool:
        """Full marks."""
        return self.points == self.full


def score_fee(amount: str, procedure: str, answer: str, full: int = 100) -> Score:
    """Full marks for the exact fee (to the cent); half marks within ¥1 (a rounding slip)."""
    expected = court_fee(amount, procedure)
    try:
        given = parse_amount(answer, "answer")
    except AmountError:
        return Score(0, full, f"「{answer}」不是金额。正确答案：{yuan(expected.fee)}。")
    diff = abs(given - expected.fee)
    steps = "；".join(f"{line.label} {yuan(line.amount)}" for line in expected.breakdown)
    if diff == 0:
        return Score(full, full, f"正确：{yuan(expected.fee)}。计算过程：{steps}。")
    if diff <= Decimal(1):
        return Score(
            full // 2, full, f"接近：正确答案 {yuan(expected.fee)}，注意四舍五入到分。{steps}。"
        )
    return Score(
        0, full, f"不正确：你的答案 {yuan(given)}，正确答案 {yuan(expected.fee)}。{steps}。"
    )


def score_procedure(facts: CaseFacts, answer: str, full: int = 100) -> Score:
    """Full marks for the recommended procedure; half marks for another eligible one."""
    advice = choose_procedure(facts)
    option = {o.key: o for o in advice.options}.get(answer)
    right = PROCEDURE_TITLES[advice.recommended]
    if answer == advice.recommended:
        return Score(full, full, f"正确：{right}。{advice.summary}")
    if option is not None and option.eligible:
        return Score(
            full // 2,
            full,
            f"{option.title}可以适用，但不是最合适的：建议{right}。{advice.summary}",
        )
    why = "；".join(option.blockers) if option is not None else "未知程序"
    return Score(0, full, f"{PROCEDURE_TITLES.get(answer, answer)}不能适用（{why}）。建议{right}。")


def score_effective(log: CollectionLog, picked: Iterable[int], full: int = 100) -> Score:
    """Score the set of collections (0-based indices) the trainee marks as 有效催收."""
    report = assess_collections(log)
    truth = {v.index for v in report.verdicts if v.qualifies}
    chosen = set(picked)
    total = len(report.verdicts)
    right = sum(1 for i in range(total) if (i in truth) == (i in chosen))
    points = round(full * right / total) if total else 0
    wrong = sorted(i + 1 for i in range(total) if (i in truth) != (i in chosen))
    if not wrong:
        return Score(points, full, "全部判断正确。")
    details = []
    for v in report.verdicts:
        if v.index + 1 in wrong:
            reasons = (
                "；".join(c.explanation for c in v.checks if not c.met) or "第七条各项条件均满足"
            )
            details.append(f"第 {v.index + 1} 次：{'有效' if v.qualifies else '无效'}（{reasons}）")
    return Score(points, full, "判断有误：" + "；".join(details) + "。")


def score_limitation(start: str, events: Iterable[str], answer: str, full: int = 100) -> Score:
    """Full marks for the exact expiry date (``YYYY-MM-DD``); the feedback shows each step."""
    from datetime import date

    from casebook.judicial.limitation import limitation_clock

    result = limitation_clock(date.fromisoformat(start), [date.fromisoformat(e) for e in events])
    steps = "；".join(f"{e.event.on}：{e.explanation.rstrip('。')}" for e in result.events)
    steps = steps or "无中断事件"
    try:
        given = date.fromisoformat(answer.strip())
    except ValueError:
        return Score(
            0, full, f"「{answer}」不是 YYYY-MM-DD 格式的日期。正确答案：{result.expires}。"
        )
    if given == result.expires:
        return Score(full, full, f"正确：{result.expires}。{steps}。")
    hint = ""
    if abs((given - result.expires).days) == 1:
        hint = "差一天：开始的当日不计入，期间最后一日是对应日（第二百零一、二百零二条）。"
    elif given.month == result.expires.month and given.year == result.expires.year:
        hint = "同月不同日：没有对应日的，以月末日为最后一日（第二百零二条）。"
    return Score(0, full, f"不正确：正确答案 {result.expires}。{hint}{steps}。")
