"""Widgets for :class:`~casebook.grading.forms.GridField`: a table of rows, each answered.

A single-choice row is a drop-down; a multiple-choice row is a :class:`TagPicker` (a
drop-down adds an option, each picked option is a button that removes it), which stays
usable on a phone with a dozen options per row. Rows without options are shown for reading.
``GridInput.value`` is the field's answer: row value → option value (or a tuple of them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from casebook.grading.forms import GridField, GridRow, Option

_CONTEXT_STYLE = "padding:4px 10px;margin:2px 0;background:#f6f8fa;border-radius:4px;"
_ROW_STYLE = "padding:4px 10px;margin:2px 0;border-left:4px solid #0969da;"
UNANSWERED = "（未选）"


class TagPicker:
    """Pick several options: the menu adds one; each picked option is a button removing it."""

    def __init__(self, options: Sequence[Option], prompt: str = "＋ 标记…"):
        self._labels = {o.value: o.label for o in options}
        self._order = [o.value for o in options]
        self._picked: list[str] = []
        self.menu = widgets.Dropdown(
            options=[(prompt, None), *((o.label, o.value) for o in options)],
            value=None,
            layout=widgets.Layout(width="12em"),
        )
        self.menu.observe(self._on_menu, names="value")
        self.tags = widgets.HBox([], layout=widgets.Layout(flex_flow="row wrap"))
        self.widget = widgets.HBox(
            [self.menu, self.tags], layout=widgets.Layout(flex_flow="row wrap")
        )

    def _on_menu(self, change: dict) -> None:
        picked = change["new"]
        if picked is None:
            return
        if picked not in self._picked:
            self._picked.append(picked)
            self._render()
        self.menu.value = None

    def _remove(self, value: str) -> None:
        self._picked = [v for v in self._picked if v != value]
        self._render()

    def _render(self) -> None:
        for old in self.tags.children:
            old.close()
        buttons = []
        for value in self.value:
            button = widgets.Button(
                description=f"{self._labels[value]} ✕",
                tooltip="点击取消这个标记",
                button_style="warning",
                layout=widgets.Layout(width="auto"),
            )
            button.on_click(lambda _, v=value: self._remove(v))
            buttons.append(button)
        self.tags.children = buttons

    @property
    def value(self) -> tuple[str, ...]:
        """The picked option values, in the options' order."""
        return tuple(v for v in self._order if v in self._picked)

    @value.setter
    def value(self, picked: Iterable[str]) -> None:
        picked = list(picked)
        unknown = sorted(set(picked) - set(self._labels))
        if unknown:
            raise ValueError(f"unknown option(s) {unknown}")
        self._picked = list(dict.fromkeys(picked))
        self._render()

    def close(self) -> None:
        """Close the picker's widgets."""
        for widget in (*self.tags.children, self.tags, self.menu, self.widget):
            widget.close()


class GridInput:
    """The widgets of one grid field; ``value`` maps answered rows to their option(s)."""

    def __init__(self, field: GridField):
        self.field = field
        self.controls: dict[str, Any] = {}
        children = [self._row(row) for row in field.rows]
        self.widget = widgets.VBox(children)

    def _row(self, row: GridRow) -> widgets.Widget:
        options = self.field.row_options(row)
        if not options:
            return widgets.HTML(f"<div style='{_CONTEXT_STYLE}'>{escape(row.label)}</div>")
        label = widgets.HTML(f"<div style='{_ROW_STYLE}'>{escape(row.label)}</div>")
        if self.field.multiple:
            picker = TagPicker(options)
            self.controls[row.value] = picker
            return widgets.VBox([label, picker.widget])
        menu = widgets.Dropdown(
            options=[(UNANSWERED, None), *((o.label, o.value) for o in options)],
            value=None,
            layout=widgets.Layout(width="16em"),
        )
        self.controls[row.value] = menu
        return widgets.VBox([label, menu])

    @property
    def value(self) -> dict[str, Any]:
        """Row value → picked option (a list when multiple); unanswered rows left out."""
        answer: dict[str, Any] = {}
        for row, control in self.controls.items():
            if self.field.multiple:
                if control.value:
                    answer[row] = list(control.value)
            elif control.value is not None:
                answer[row] = control.value
        return answer

    @value.setter
    def value(self, answer: dict[str, Any]) -> None:
        unknown = sorted(set(answer) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown row(s) {unknown}")
        for row, control in self.controls.items():
            picked = answer.get(row)
            if self.field.multiple:
                control.value = list(picked or [])
            else:
                control.value = picked
