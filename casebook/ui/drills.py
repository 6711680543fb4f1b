"""Scenario-drill widget: a seeded set of questions, answered one by one with rule feedback.

A thin layer over :mod:`casebook.drills`; callbacks only write into widgets (never ``print``),
so a separate instance can be driven from tests with ``.value = …`` and ``.click()``.
A single-choice question is answered with radio buttons (one answer), a multiple-choice
question with check boxes.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets

from casebook.drills import Area, Difficulty, DrillBank, DrillQuestion, DrillResult, draw_drill
from casebook.drills.draw import KEYS
from casebook.drills.render import question_html, result_html, summary_html
from casebook.palette import DANGER

ALL_LEVELS = "全部"


class DrillSession:
    """Widgets and state of one drill set."""

    def __init__(
        self,
        seed: int = 1,
        difficulty: Difficulty | str | None = None,
        n: int = 10,
        bank: DrillBank | None = None,
        area: Area | str | None = None,
    ):
        self.bank = bank
        self.area = Area(area) if area is not None else None
        self.questions: list[DrillQuestion] = []
        self.results: list[DrillResult] = []
        self.index = 0
        self.seed = widgets.BoundedIntText(description="种子", value=seed, min=0, max=999_999)
        self.level = widgets.Dropdown(
            description="难度",
            options=[ALL_LEVELS, *(d.value for d in Difficulty)],
            value=Difficulty(difficulty).value if difficulty else ALL_LEVELS,
        )
        self.count = widgets.BoundedIntText(description="题数", value=n, min=1, max=60)
        self.start_button = widgets.Button(description="开始一组新题", button_style="info")
        self.progress = widgets.HTML("")
        self.question = widgets.HTML("")
        self.choices = [
            widgets.Checkbox(
                description=key, value=False, indent=False, layout=widgets.Layout(width="60px")
            )
            for key in KEYS
        ]
        self.single = widgets.RadioButtons(
            options=list(KEYS), value=None, layout=widgets.Layout(width="auto")
        )
        self.single_row = widgets.HBox([widgets.HTML("<b>你的选择（单选）：</b>"), self.single])
        self.multi_row = widgets.HBox(
            [widgets.HTML("<b>你的选择（多选，选出全部正确项）：</b>"), *self.choices]
        )
        self.submit_button = widgets.Button(description="提交答案", button_style="primary")
        self.next_button = widgets.Button(description="下一题", disabled=True)
        self.feedback = widgets.HTML("")
        self.summary = widgets.HTML("")

        self.start_button.on_click(lambda _: self.start())
        self.submit_button.on_click(lambda _: self.submit())
        self.next_button.on_click(lambda _: self.next_question())

        self.widget = widgets.VBox(
            [
                widgets.HBox([self.seed, self.level, self.count, self.start_button]),
                self.progress,
                self.question,
                self.single_row,
                self.multi_row,
                widgets.HBox([self.submit_button, self.next_button]),
                self.feedback,
                self.summary,
            ]
        )
        self.start()

    # --- state ---------------------------------------------------------------------------

    @property
    def current(self) -> DrillQuestion | None:
        """The question on screen (None once the set is finished)."""
        return self.questions[self.index] if self.index < len(self.questions) else None

    def _show(self) -> None:
        q = self.current
        self.feedback.value = ""
        for box in self.choices:
            box.value = False
        if q is None:
            self.question.value = ""
            self.progress.value = "<p><b>本组已完成。</b>换一个种子或难度，再来一组。</p>"
            self.summary.value = summary_html(self.results)
            self.single_row.layout.display = "none"
            self.multi_row.layout.display = "none"
            self.submit_button.disabled = True
            self.next_button.disabled = True
            return
        self.question.value = question_html(q, len(self.questions))
        keys = [o.key for o in q.options]
        self.single.options = keys
        self.single.value = None
        self.single_row.layout.display = "none" if q.multiple else None
        self.multi_row.layout.display = None if q.multiple else "none"
        for box in self.choices:
            box.layout.display = None if box.description in keys else "none"
        self.submit_button.disabled = False
        self.next_button.disabled = True
        earned = sum(r.points for r in self.results)
        self.progress.value = f"<p>已答 {len(self.results)} 题，得分 {earned}（每题 10 分）。</p>"

    # --- actions -------------------------------------------------------------------------

    def start(self) -> None:
        """Draw a new set from the seed, difficulty and count in the form."""
        level = None if self.level.value == ALL_LEVELS else self.level.value
        self.questions = draw_drill(
            int(self.seed.value),
            difficulty=level,
            n=int(self.count.value),
            area=self.area,
            bank=self.bank,
        )
        self.results = []
        self.index = 0
        self.summary.value = ""
        self._show()

    def select(self, keys: Iterable[str]) -> None:
        """Choose exactly ``keys`` (e.g. ``["A", "C"]``), as a trainee would.

        A single-choice question has radio buttons: choosing two keys there is impossible
        for a trainee, so it raises ValueError.
        """
        wanted = sorted({k.upper() for k in keys})
        q = self.current
        if q is not None and not q.multiple:
            if len(wanted) > 1:
                raise ValueError(f"single-choice question: one key, not {wanted}")
            self.single.value = wanted[0] if wanted else None
            return
        for box in self.choices:
            box.value = box.description in wanted

    def selected(self) -> list[str]:
        """The keys currently chosen in the visible widget."""
        q = self.current
        if q is not None and not q.multiple:
            return [self.single.value] if self.single.value else []
        return [box.description for box in self.choices if box.value]

    def submit(self) -> DrillResult | None:
        """Grade the ticked options and show feedback on every option."""
        q = self.current
        if q is None:
            return None
        selected = self.selected()
        if not selected:
            self.feedback.value = f"<p style='color:{DANGER}'>请至少选择一个选项再提交。</p>"
            return None
        result = q.grade(selected)
        self.results.append(result)
        self.feedback.value = result_html(result)
        self.submit_button.disabled = True
        self.next_button.disabled = False
        earned = sum(r.points for r in self.results)
        self.progress.value = f"<p>已答 {len(self.results)} 题，得分 {earned}（每题 10 分）。</p>"
        return result

    def next_question(self) -> None:
        """Move on (the feedback of the previous question is cleared)."""
        if self.current is None:
            return
        self.index += 1
        self._show()

    def close(self) -> None:
        """Close every widget of this session."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()


def build_drill_session(
    seed: int = 1,
    difficulty: Difficulty | str | None = None,
    n: int = 10,
    bank: DrillBank | None = None,
    area: Area | str | None = None,
) -> DrillSession:
    """Factory used by the notebooks: a fresh, independent drill session.

    ``area`` (e.g. 司法途径) restricts the set to one area; it is fixed for the session.
    """
    return DrillSession(seed=seed, difficulty=difficulty, n=n, bank=bank, area=area)
