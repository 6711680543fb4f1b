"""What an exercise asks for, as data: the widget layer renders these fields generically.

An exercise kind describes its form with these descriptors (no ipywidgets here); the
widget factory in :mod:`casebook.ui.submit` turns them into widgets and, on 提交, reads
them back into ``answers`` (keyed by ``Field.key``) and the ``action_log`` (a plan field).
A new kind therefore gets a working notebook UI without new widget code.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.model import Case


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Frozen):
    """One choice: the value stored in the answers and the Chinese label shown."""

    value: str
    label: str


class ChoiceField(_Frozen):
    """Pick one option (radio buttons) or several (check boxes, ``multiple``)."""

    type: Literal["choice"] = "choice"
    key: str
    label: str
    options: list[Option] = Field(min_length=1)
    multiple: bool = False
    help: str = ""


class TextField(_Frozen):
    """Free text (a message, a letter paragraph)."""

    type: Literal["text"] = "text"
    key: str
    label: str
    placeholder: str = ""
    rows: int = 4
    max_chars: int = 2000
    help: str = ""


class NumberField(_Frozen):
    """A number (an amount in yuan, a number of months)."""

    type: Literal["number"] = "number"
    key: str
    label: str
    minimum: float = 0
    maximum: float = 10_000_000
    step: float = 1
    integer: bool = False
    unit: str = ""
    help: str = ""


class GridRow(_Frozen):
    """One row of a :class:`GridField`: its key in the answer, its label and its options."""

    value: str
    label: str
    options: list[Option] | None = Field(
        default=None, description="None: the field's options; []: a row to read, nothing to pick"
    )


class GridField(_Frozen):
    """A table of rows, each answered by picking one option, or several (``multiple``).

    Rows share the field's options (marking the turns of a call with the items they break)
    or offer their own (a score sheet: each line its own deductions); a row without options
    is only read (the other speaker's turns). The value is a mapping from row value to the
    picked option value (a list of them when ``multiple``); rows left unanswered are absent.
    """

    type: Literal["grid"] = "grid"
    key: str
    label: str
    rows: list[GridRow] = Field(min_length=1)
    options: list[Option] = Field(default_factory=list)
    multiple: bool = False
    help: str = ""

    @model_validator(mode="after")
    def _rows_resolve(self) -> GridField:
        values = [r.value for r in self.rows]
        if len(set(values)) != len(values):
            raise ValueError("row values must be unique")
        if not self.options and any(r.options is None for r in self.rows):
            raise ValueError("a row without its own options needs the field's options")
        return self

    def row_options(self, row: GridRow) -> list[Option]:
        """The options a row offers (its own, else the field's)."""
        return self.options if row.options is None else row.options


class PlanField(_Frozen):
    """A plan of collection actions on a case, entered with the contact planner.

    Its value goes into the submission's ``action_log``, not into ``answers``.
    """

    type: Literal["plan"] = "plan"
    key: Literal["action_log"] = "action_log"
    label: str = "联系计划"
    case: Case
    help: str = ""


class WidgetField(_Frozen):
    """An interactive simulator as the answer (the campaign console, the strategy lab).

    ``widget`` names a factory registered in :mod:`casebook.ui.submit` (``FIELD_WIDGETS``);
    ``config`` is JSON-safe data for it (archetype, seed …). The widget's value goes into
    ``answers[key]``, or into the ``action_log`` when ``key`` is ``"action_log"``.
    """

    type: Literal["widget"] = "widget"
    key: str
    label: str
    widget: str
    config: dict[str, Any] = Field(default_factory=dict)
    help: str = ""


FormField = Annotated[
    ChoiceField | TextField | NumberField | GridField | PlanField | WidgetField,
    Field(discriminator="type"),
]


class Form(_Frozen):
    """The fields of one exercise variant, with an introduction (trusted HTML built by the kind)."""

    intro_html: str = ""
    fields: list[FormField]
