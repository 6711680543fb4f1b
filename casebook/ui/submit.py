"""The 提交 button, and a generic exercise form rendered from an exercise kind's fields.

* :func:`build_submit_panel` — a reusable 提交 widget: it collects the answers from an
  exercise's widgets, writes one submission JSON atomically into the submissions folder
  (``$CASEBOOK_SUBMISSIONS`` or ``~/submissions``) and shows where it was saved. The file
  holds ids, the trainee's identity token from the handout, the variant seed, the answers,
  the action log and a timestamp — never a score.
* :func:`build_exercise` — the widgets of a catalogue exercise: the trainee's handout
  variant if one is found (see :mod:`casebook.grading.handout`), else the book's practice
  variant; each form field becomes a widget, a plan field becomes the contact planner, and
  in practice mode a 检查答案 button grades locally.

Callbacks only write into widgets (``HTML.value``), never print, so a separate instance can
be driven from tests: set the field widgets, call ``.click()`` on the buttons.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from casebook.grading.files import atomic_write_text
from casebook.grading.forms import (
    ChoiceField,
    GridField,
    NumberField,
    PlanField,
    TextField,
    WidgetField,
)
from casebook.grading.handout import exercise_variant
from casebook.grading.ids import UnsafeIdError, check_id
from casebook.grading.kinds import AnswerError, GradingContext, get_kind
from casebook.grading.schema import (
    PRACTICE_ASSIGNMENT,
    SUBMISSION_SCHEMA_VERSION,
    ExerciseResult,
    Handout,
    Submission,
    now_with_offset,
)
from casebook.model import Action
from casebook.policy.loader import DEFAULT_PACKS, load_packs
from casebook.policy.schema import Pack
from casebook.ui.grid import GridInput
from casebook.ui.planner import ContactPlanner

SUBMISSIONS_ENV = "CASEBOOK_SUBMISSIONS"
CLIENT = "casebook 提交按钮"
_ERROR = "<span style='color:#cf222e'>{}</span>"
_WIDE = widgets.Layout(width="95%")

#: collect() -> (answers, action_log)
Collector = Callable[[], tuple[dict[str, Any], list[Action]]]

#: Widgets for :class:`~casebook.grading.forms.WidgetField`: name -> factory(field, packs),
#: returning an object with ``widget`` and ``value`` (and ``close()``).
FIELD_WIDGETS: dict[str, Callable[[WidgetField, Sequence[Pack]], Any]] = {}


def register_field_widget(name: str) -> Callable[[Callable], Callable]:
    """Decorator: register a factory for the form fields whose ``widget`` is ``name``."""

    def decorate(factory: Callable) -> Callable:
        FIELD_WIDGETS[name] = factory
        return factory

    return decorate


def field_widget(name: str) -> Callable[[WidgetField, Sequence[Pack]], Any]:
    """The factory registered as ``name`` (the built-in ones live in casebook.ui.field_widgets)."""
    if name not in FIELD_WIDGETS:
        import casebook.ui.field_widgets  # noqa: F401  (registers the built-in factories)
    if name not in FIELD_WIDGETS:
        raise KeyError(f"no widget registered for form fields of type {name!r}")
    return FIELD_WIDGETS[name]


def default_submissions_dir() -> Path:
    """``$CASEBOOK_SUBMISSIONS`` if set, else ``~/submissions``."""
    configured = os.environ.get(SUBMISSIONS_ENV)
    return Path(configured) if configured else Path.home() / "submissions"


class SubmitPanel:
    """The 提交 button with the trainee id box and a status line."""

    def __init__(
        self,
        exercise_id: str,
        collect: Collector,
        *,
        assignment_id: str = PRACTICE_ASSIGNMENT,
        variant_seed: int = 0,
        trainee_id: str = "",
        token: str = "",
        submissions_dir: str | Path | None = None,
        clock: Callable[[], datetime] = now_with_offset,
        check: Callable[[dict[str, Any], list[Action]], None] | None = None,
    ):
        self.exercise_id = exercise_id
        self.assignment_id = assignment_id
        self.variant_seed = variant_seed
        self.token = token
        self.collect = collect
        self.check = check
        self.clock = clock
        self.folder = (
            Path(submissions_dir) if submissions_dir is not None else default_submissions_dir()
        )
        self.last_path: Path | None = None
        self.trainee = widgets.Text(
            description="学员编号",
            value=trainee_id,
            placeholder="例如 T001",
            disabled=bool(trainee_id) and assignment_id != PRACTICE_ASSIGNMENT,
        )
        self.button = widgets.Button(description="提交", button_style="success", icon="upload")
        self.status = widgets.HTML("")
        self.button.on_click(lambda _: self.submit())
        self.widget = widgets.VBox(
            [
                widgets.HTML("<h4>提交答案</h4>"),
                widgets.HBox([self.trainee, self.button]),
                self.status,
            ]
        )

    def build(self) -> Submission:
        """The submission for the current answers (raises ValueError/AnswerError on problems)."""
        trainee_id = check_id(self.trainee.value.strip(), "学员编号")
        answers, action_log = self.collect()
        if self.check is not None:
            self.check(answers, action_log)
        return Submission(
            schema_version=SUBMISSION_SCHEMA_VERSION,
            assignment_id=self.assignment_id,
            exercise_id=self.exercise_id,
            trainee_id=trainee_id,
            token=self.token,
            variant_seed=self.variant_seed,
            answers=answers,
            action_log=action_log,
            submitted_at=self.clock(),
            client=CLIENT,
        )

    def submit(self) -> Path | None:
        """Write the submission file; report the path (or the problem) in ``status``."""
        try:
            submission = self.build()
        except UnsafeIdError:
            self.status.value = _ERROR.format("请填写学员编号：字母、数字、- 或 _，例如 T001。")
            return None
        except AnswerError as exc:
            self.status.value = _ERROR.format(
                "答案不完整或有误：" + escape("；".join(exc.problems))
            )
            return None
        stamp = submission.submitted_at.strftime("%Y%m%dT%H%M%S")
        name = f"{submission.assignment_id}_{submission.trainee_id}_{submission.exercise_id}_{stamp}.json"
        path = self.folder / name
        data = submission.model_dump(mode="json", exclude_defaults=False)
        try:
            atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            self.status.value = _ERROR.format(f"保存失败：{escape(str(exc))}。请告诉培训师。")
            return None
        self.last_path = path
        practice = (
            "（练习模式：没有作业文件，此提交只用于自测，培训师评分时不会计入。）"
            if submission.assignment_id == PRACTICE_ASSIGNMENT
            else ""
        )
        self.status.value = (
            f"<span style='color:#1a7f37'>✔ 已提交，保存为 <code>{escape(str(path))}</code>"
            f"（{submission.submitted_at:%Y-%m-%d %H:%M:%S}）。</span>"
            f"可以修改后再次提交：多次提交时按得分最高的一份计分。{practice}"
        )
        return path

    def close(self) -> None:
        """Close the panel's widgets."""
        for widget in (self.trainee, self.button, self.status, *self.widget.children, self.widget):
            widget.close()


def build_submit_panel(exercise_id: str, collect: Collector, **options: Any) -> SubmitPanel:
    """Factory: a fresh 提交 panel (options as for :class:`SubmitPanel`)."""
    return SubmitPanel(exercise_id, collect, **options)


class CheckboxGroup:
    """Check boxes for a multiple choice; ``value`` is the tuple of ticked option values."""

    def __init__(self, options: Sequence[tuple[str, str]]):
        self._values = [value for _, value in options]
        self.boxes = [
            widgets.Checkbox(description=label, value=False, indent=False, layout=_WIDE)
            for label, _ in options
        ]
        self.widget = widgets.VBox(self.boxes)

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(v for v, box in zip(self._values, self.boxes, strict=True) if box.value)

    @value.setter
    def value(self, picked: Sequence[str]) -> None:
        unknown = set(picked) - set(self._values)
        if unknown:
            raise ValueError(f"unknown option(s) {sorted(unknown)}")
        for v, box in zip(self._values, self.boxes, strict=True):
            box.value = v in picked


class ExerciseApp:
    """Widgets of one exercise variant, the 检查答案 button (practice) and the 提交 panel."""

    def __init__(
        self,
        exercise_id: str,
        *,
        handout: Handout | bool | None = True,
        packs: Sequence[Pack] | None = None,
        submissions_dir: str | Path | None = None,
        clock: Callable[[], datetime] = now_with_offset,
        self_check: bool | None = None,
    ):
        self.exercise, self.variant, self.handout = exercise_variant(exercise_id, handout)
        self.kind = get_kind(self.exercise.kind)
        self.packs = list(packs) if packs is not None else load_packs(DEFAULT_PACKS)
        self.form = self.kind.form(self.exercise, self.variant)
        self.fields: dict[str, Any] = {}
        self.planner: ContactPlanner | None = None
        self.result: ExerciseResult | None = None
        parts: list[widgets.Widget] = [widgets.HTML(self._banner())]
        if self.form.intro_html:
            parts.append(widgets.HTML(self.form.intro_html))
        for field in self.form.fields:
            parts.append(self._render(field))
        assigned = self.handout is not None
        self.check_button = widgets.Button(description="检查答案", icon="check")
        self.feedback = widgets.HTML("")
        self.check_button.on_click(lambda _: self.check())
        if self_check is None:
            self_check = not assigned
        if self_check:
            parts += [self.check_button, self.feedback]
        elif self.planner is not None:
            self.planner.assess_button.layout.display = "none"
        self.submit = SubmitPanel(
            self.exercise.id,
            self.collect,
            assignment_id=self.handout.assignment_id if assigned else PRACTICE_ASSIGNMENT,
            variant_seed=self.variant.seed,
            trainee_id=self.handout.trainee_id if assigned else "",
            token=self.handout.token if assigned else "",
            submissions_dir=submissions_dir,
            clock=clock,
            check=self._validate,
        )
        parts.append(self.submit.widget)
        self.widget = widgets.VBox(parts)

    @property
    def case(self):
        """The case of a plan exercise (None otherwise)."""
        return self.planner.case if self.planner is not None else None

    def _banner(self) -> str:
        e = self.exercise
        if self.handout is None:
            mode = "练习模式：未找到作业文件，使用书中的示例案例。"
        else:
            h = self.handout
            mode = f"作业 {escape(h.assignment_id)}：{escape(h.trainee_name)}（{escape(h.trainee_id)}）的个性化案例。"
        return f"<p><b>{escape(e.title)}</b>（满分 {e.max_points:g} 分，约 {e.minutes} 分钟）。{mode}</p>"

    def _render(self, field: Any) -> widgets.Widget:
        note = f"<div style='white-space:pre-line'>{escape(field.help)}</div>" if field.help else ""
        label = widgets.HTML(f"<p><b>{escape(field.label)}</b></p>{note}")
        if isinstance(field, WidgetField):
            control = field_widget(field.widget)(field, self.packs)
            self.fields[field.key] = control
            return widgets.VBox([label, control.widget])
        if isinstance(field, PlanField):
            self.planner = ContactPlanner(field.case, self.packs)
            return widgets.VBox([label, self.planner.widget])
        if isinstance(field, GridField):  # a table of rows, e.g. marking a call's turns
            grid = GridInput(field)
            self.fields[field.key] = grid
            return widgets.VBox([label, grid.widget])
        if isinstance(field, ChoiceField):
            options = [(o.label, o.value) for o in field.options]
            if field.multiple:
                group = CheckboxGroup(options)
                self.fields[field.key] = group
                return widgets.VBox([label, group.widget])
            radio = widgets.RadioButtons(options=options, value=None, layout=_WIDE)
            self.fields[field.key] = radio
            return widgets.VBox([label, radio])
        if isinstance(field, TextField):
            area = widgets.Textarea(
                placeholder=field.placeholder,
                layout=widgets.Layout(width="95%", height=f"{field.rows * 24}px"),
            )
            counter = widgets.HTML(f"<small>0 / {field.max_chars} 字</small>")

            def count(
                change: dict, limit: int = field.max_chars, out: widgets.HTML = counter
            ) -> None:
                n = len(change["new"])
                colour = "#cf222e" if n > limit else "#59636e"
                out.value = f"<small style='color:{colour}'>{n} / {limit} 字</small>"

            area.observe(count, names="value")
            self.fields[field.key] = area
            return widgets.VBox([label, area, counter])
        if isinstance(field, NumberField):
            cls = widgets.BoundedIntText if field.integer else widgets.BoundedFloatText
            box = cls(value=0, min=field.minimum, max=field.maximum, step=field.step)
            self.fields[field.key] = box
            return widgets.VBox([label, widgets.HBox([box, widgets.HTML(escape(field.unit))])])
        raise TypeError(f"no widget for form field {field!r}")  # pragma: no cover

    def collect(self) -> tuple[dict[str, Any], list[Action]]:
        """The answers and the action log as they stand in the widgets."""
        answers: dict[str, Any] = {}
        action_log = list(self.planner.actions) if self.planner is not None else []
        for field in self.form.fields:
            if isinstance(field, PlanField):
                continue
            widget = self.fields[field.key]
            if isinstance(field, WidgetField):
                if field.key == "action_log":
                    action_log = list(widget.value)
                else:
                    answers[field.key] = widget.value
                continue
            if isinstance(field, ChoiceField):
                answers[field.key] = list(widget.value) if field.multiple else widget.value
            elif isinstance(field, TextField):
                answers[field.key] = widget.value
            elif isinstance(field, NumberField):
                answers[field.key] = widget.value or None
            elif isinstance(field, GridField):
                answers[field.key] = widget.value
        return answers, action_log

    def _validate(self, answers: dict[str, Any], action_log: list[Action]) -> None:
        self.kind.validate(self.exercise, self.variant, answers, action_log)

    def check(self) -> ExerciseResult | None:
        """Grade the current answers locally and show the feedback (practice mode)."""
        from casebook.grading.reports import EMBED_STYLE, result_html

        answers, action_log = self.collect()
        try:
            answered = self.kind.validate(self.exercise, self.variant, answers, action_log)
        except AnswerError as exc:
            self.feedback.value = _ERROR.format("答案有误：" + escape("；".join(exc.problems)))
            return None
        self.result = self.kind.grade(
            self.exercise, self.variant, answered, GradingContext(self.packs)
        )
        self.feedback.value = (
            f'<style>{EMBED_STYLE}</style><div class="casebook-fb">'
            f"<p><b>得分 {self.result.points:g} / {self.result.max_points:g}</b>（自测，不会提交）</p>"
            f"{result_html(self.result)}</div>"
        )
        return self.result

    def close(self) -> None:
        """Close every widget of this exercise (frees the kernel-side models)."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()


def build_exercise(exercise_id: str, **options: Any) -> ExerciseApp:
    """Factory used by the exercise notebooks: a fresh, independent exercise instance."""
    return ExerciseApp(exercise_id, **options)
