"""Thin ipywidgets calculators for the judicial toolkit.

Each factory returns an object with ``.widget`` (to display), the input widgets, a button and
an ``HTML`` output; callbacks only write into ``output.value`` (never print), so tests drive
them with ``button.click()``. All logic lives in :mod:`casebook.judicial`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from casebook.io import InputFileError
from casebook.judicial.args import parse_amount_arg, parse_date_arg
from casebook.judicial.fees import PROCEDURE_LABELS, Procedure, court_fee, preservation_fee
from casebook.judicial.limitation import (
    INTERRUPT_LABELS,
    InterruptEvent,
    InterruptKind,
    limitation_clock,
)
from casebook.judicial.money import AmountError
from casebook.judicial.procedure import CaseFacts, choose_procedure
from casebook.judicial.render import fee_html, limitation_html, procedure_html
from casebook.judicial.wages import limits_from_wage
from casebook.palette import DANGER

_WIDE = widgets.Layout(width="95%")


def _error(text: str) -> str:
    return f"<p style='color:{DANGER}'>{escape(text)}</p>"


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
