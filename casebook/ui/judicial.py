"""Thin ipywidgets calculators and exercises for the judicial toolkit.

Each factory returns an object with ``.widget`` (to display), the input widgets, a button and
an ``HTML`` output; callbacks only write into ``output.value`` (never print), so tests drive
them with ``button.click()``. All logic lives in :mod:`casebook.judicial`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from casebook.documents.doc import Doc
from casebook.documents.review import score_missing_answer
from casebook.io import InputFileError
from casebook.judicial.args import parse_amount_arg, parse_date_arg
from casebook.judicial.collections import CHANNEL_TEXT, CollectionLog
from casebook.judicial.exercises import (
    Score,
    score_effective,
    score_fee,
    score_limitation,
    score_procedure,
)
from casebook.judicial.fees import PROCEDURE_LABELS, Procedure, court_fee, preservation_fee
from casebook.judicial.limitation import (
    INTERRUPT_LABELS,
    InterruptEvent,
    InterruptKind,
    limitation_clock,
)
from casebook.judicial.money import AmountError
from casebook.judicial.procedure import PROCEDURE_TITLES, CaseFacts, choose_procedure
from casebook.judicial.report import fee_html, limitation_html, procedure_html
from casebook.judicial.wages import limits_from_wage
from casebook.palette import DANGER, SUCCESS

_WIDE = widgets.Layout(width="95%")


def _error(text: str) -> str:
    return f"<p style='color:{DANGER}'>{escape(text)}</p>"


def _score_html(score: Score) -> str:
    colour = SUCCESS if score.correct else DANGER
    return (
        f"<p style='color:{colour}'><b>得分 {score.points} / {score.full}</b></p>"
        f"<p>{escape(score.feedback)}</p>"
    )


class _Tool:
    widget: widgets.Widget

    def close(self) -> None:
        """Close every widget (frees the kernel-side models)."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            w = stack.pop()
            stack.extend(getattr(w, "children", ()))
            w.close()


class FeeCalculator(_Tool):
    """Acceptance fee (and optional preservation fee) for an amount and a procedure."""

    def __init__(self, amount: str = "50000") -> None:
        self.amount = widgets.Text(value=amount, description="标的额（元）")
        self.procedure = widgets.Dropdown(
            description="程序", options=[(PROCEDURE_LABELS[p], p.value) for p in Procedure]
        )
        self.mediated = widgets.Checkbox(description="以调解结案或撤诉", indent=False)
        self.preserve = widgets.Text(value="", description="保全金额", placeholder="可不填")
        self.button = widgets.Button(description="计算", button_style="primary")
        self.output = widgets.HTML("")
        self.button.on_click(lambda _: self.compute())
        self.widget = widgets.VBox(
            [self.amount, self.procedure, self.mediated, self.preserve, self.button, self.output]
        )

    def compute(self) -> None:
        """Compute and show the fee; bad input is reported in the output."""
        try:
            amount = parse_amount_arg(self.amount.value, "标的额")
            mediated = self.mediated.value and self.procedure.value != Procedure.PAYMENT_ORDER
            html = fee_html(court_fee(amount, self.procedure.value, mediated))
            if self.mediated.value and not mediated:
                html += "<p>支付令不适用调解结案或撤诉减半，已忽略该选项。</p>"
            if self.preserve.value.strip():
                fee = preservation_fee(parse_amount_arg(self.preserve.value, "保全金额"))
                html += fee_html(fee, "保全费")
        except (InputFileError, AmountError, ValueError) as exc:
            html = _error(str(exc))
        self.output.value = html


class LimitationCalculator(_Tool):
    """Limitation clock from a due date and interrupting events (one per line)."""

    def __init__(self, start: str = "2023-01-31", events: str = "") -> None:
        self.start = widgets.Text(value=start, description="到期还款日")
        self.kind = widgets.Dropdown(
            description="事件类型",
            options=[
                (INTERRUPT_LABELS[k], k.value)
                for k in InterruptKind
                if k not in (InterruptKind.LAWSUIT, InterruptKind.PAYMENT_ORDER)
            ],
        )
        self.events = widgets.Textarea(
            value=events,
            description="中断日期",
            placeholder="每行一个日期，如 2024-02-29",
            layout=widgets.Layout(width="95%", height="90px"),
        )
        self.button = widgets.Button(description="计算", button_style="primary")
        self.output = widgets.HTML("")
        self.button.on_click(lambda _: self.compute())
        self.widget = widgets.VBox([self.start, self.kind, self.events, self.button, self.output])

    def compute(self) -> None:
        """Compute and show the expiry date."""
        try:
            start = parse_date_arg(self.start.value.strip(), "到期还款日")
            events = [
                InterruptEvent(parse_date_arg(line.strip(), "中断日期"), self.kind.value)
                for line in self.events.value.splitlines()
                if line.strip()
            ]
            self.output.value = limitation_html(limitation_clock(start, events))
        except ValueError as exc:  # InputFileError or a date the clock cannot compute
            self.output.value = _error(str(exc))


_FACT_BOXES = (
    ("servable", "支付令/文书能够送达", True),
    ("whereabouts_known", "债务人下落清楚", True),
    ("disputed", "债务人对欠款有异议", False),
    ("complex_facts", "事实不清或争议较大", False),
    ("other_debt_disputes", "双方有其他债务纠纷", False),
    ("willing_to_negotiate", "债务人有还款意愿、愿意协商", False),
    ("parties_agree_small_claims", "双方约定适用小额诉讼", False),
)


class ProcedureChooser(_Tool):
    """Procedure chooser with a user-supplied average wage."""

    def __init__(self, amount: str = "45000", wage: str = "") -> None:
        self.amount = widgets.Text(value=amount, description="标的额（元）")
        self.wage = widgets.Text(
            value=wage, description="上年度平均工资", placeholder="本省就业人员年平均工资，可不填"
        )
        self.boxes = {
            key: widgets.Checkbox(description=label, value=default, indent=False)
            for key, label, default in _FACT_BOXES
        }
        self.button = widgets.Button(description="选择程序", button_style="primary")
        self.output = widgets.HTML("")
        self.button.on_click(lambda _: self.compute())
        self.widget = widgets.VBox(
            [self.amount, self.wage, *self.boxes.values(), self.button, self.output]
        )

    def facts(self) -> CaseFacts:
        """The case facts from the form."""
        amount = parse_amount_arg(self.amount.value, "标的额")
        limits = None
        if self.wage.value.strip():
            wage = parse_amount_arg(self.wage.value, "平均工资")
            if wage <= 0:
                raise InputFileError("平均工资: must be positive")
            limits = limits_from_wage(wage)
        return CaseFacts(
            amount=amount, limits=limits, **{k: b.value for k, b in self.boxes.items()}
        )

    def compute(self) -> None:
        """Show every option and the recommendation."""
        try:
            self.output.value = procedure_html(choose_procedure(self.facts()))
        except InputFileError as exc:
            self.output.value = _error(str(exc))


class FeeExercise(_Tool):
    """「算一算受理费」: the trainee types the fee; the engine scores it."""

    def __init__(self, amount: str, procedure: str) -> None:
        self.amount_text, self.procedure_value = amount, procedure
        label = PROCEDURE_LABELS[Procedure(procedure)]
        self.answer = widgets.Text(description="受理费（元）", placeholder="保留两位小数")
        self.button = widgets.Button(description="提交", button_style="primary")
        self.output = widgets.HTML("")
        self.score: Score | None = None
        self.button.on_click(lambda _: self.submit())
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<p>标的额 <b>¥{amount}</b>，适用<b>{label}</b>：受理费是多少？</p>"),
                self.answer,
                self.button,
                self.output,
            ]
        )

    def submit(self) -> Score:
        """Score the answer."""
        self.score = score_fee(self.amount_text, self.procedure_value, self.answer.value)
        self.output.value = _score_html(self.score)
        return self.score


class LimitationExercise(_Tool):
    """「诉讼时效哪天届满」: the trainee types the last day of the period."""

    def __init__(self, start: str, events: Sequence[str], story: str) -> None:
        self.start, self.events = start, list(events)
        self.answer = widgets.Text(description="届满日", placeholder="YYYY-MM-DD")
        self.button = widgets.Button(description="提交", button_style="primary")
        self.output = widgets.HTML("")
        self.score: Score | None = None
        self.button.on_click(lambda _: self.submit())
        self.widget = widgets.VBox(
            [widgets.HTML(f"<p>{escape(story)}</p>"), self.answer, self.button, self.output]
        )

    def submit(self) -> Score:
        """Score the date."""
        self.score = score_limitation(self.start, self.events, self.answer.value)
        self.output.value = _score_html(self.score)
        return self.score


class ProcedureExercise(_Tool):
    """「选程序」: the trainee picks one procedure for the given facts."""

    def __init__(self, facts: CaseFacts, story: str) -> None:
        self.facts = facts
        self.answer = widgets.RadioButtons(
            options=[(title, key) for key, title in PROCEDURE_TITLES.items()],
            value=None,
            layout=_WIDE,
        )
        self.button = widgets.Button(description="提交", button_style="primary")
        self.output = widgets.HTML("")
        self.score: Score | None = None
        self.button.on_click(lambda _: self.submit())
        self.widget = widgets.VBox(
            [widgets.HTML(f"<p>{escape(story)}</p>"), self.answer, self.button, self.output]
        )

    def submit(self) -> Score | None:
        """Score the choice (asks for one if none is selected)."""
        if self.answer.value is None:
            self.output.value = "<p>请先选择一种程序。</p>"
            return None
        self.score = score_procedure(self.facts, self.answer.value)
        self.output.value = _score_html(self.score)
        return self.score


class EffectiveCollectionExercise(_Tool):
    """「哪几次是有效催收」: tick the collections that qualify."""

    def __init__(self, log: CollectionLog) -> None:
        self.log = log
        self.boxes = [
            widgets.Checkbox(
                description=f"#{i + 1} {r.date} {CHANNEL_TEXT[r.channel]}"
                + (f"：{r.note}" if r.note else ""),
                indent=False,
                layout=_WIDE,
            )
            for i, r in enumerate(log.collections)
        ]
        self.button = widgets.Button(description="提交", button_style="primary")
        self.output = widgets.HTML("")
        self.score: Score | None = None
        self.button.on_click(lambda _: self.submit())
        self.widget = widgets.VBox([*self.boxes, self.button, self.output])

    def submit(self) -> Score:
        """Score the ticked set."""
        picked = [i for i, box in enumerate(self.boxes) if box.value]
        self.score = score_effective(self.log, picked)
        self.output.value = _score_html(self.score)
        return self.score


class DraftReviewExercise(_Tool):
    """「草稿缺了什么」: tick the required elements missing from a draft document."""

    def __init__(self, draft: Doc, choices: Sequence[str] | None = None) -> None:
        self.draft = draft
        keys = list(choices) if choices is not None else list(draft.required)
        self.answer = widgets.SelectMultiple(
            options=[(draft.required[k], k) for k in keys], rows=len(keys), layout=_WIDE
        )
        self.button = widgets.Button(description="提交", button_style="primary")
        self.output = widgets.HTML("")
        self.score: Score | None = None
        self.button.on_click(lambda _: self.submit())
        self.widget = widgets.VBox([self.answer, self.button, self.output])

    def submit(self) -> Score:
        """Score the selection."""
        result = score_missing_answer(self.draft, self.answer.value)
        self.score = Score(result.score, 100, result.feedback)
        self.output.value = _score_html(self.score)
        return self.score


def build_fee_calculator(amount: str = "50000") -> FeeCalculator:
    """Factory used by the notebooks."""
    return FeeCalculator(amount)


def build_limitation_calculator(
    start: str = "2023-01-31", events: str = ""
) -> LimitationCalculator:
    """Factory used by the notebooks."""
    return LimitationCalculator(start, events)


def build_procedure_chooser(amount: str = "45000", wage: str = "") -> ProcedureChooser:
    """Factory used by the notebooks."""
    return ProcedureChooser(amount, wage)
