"""Contact-planning simulator: the trainee plans the next contacts and presses 评估.

A thin ipywidgets layer over the engine: the form builds :class:`~casebook.model.Action`
objects, :func:`~casebook.assess.evaluate` scores them, and callbacks only ever write into
widgets (never ``print``), so the same instance can be driven from tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import ipywidgets as widgets

from casebook.assess import Assessment, evaluate
from casebook.model import CHANNEL_LABELS, PURPOSE_LABELS, Action, Case, Channel, Purpose
from casebook.palette import DANGER
from casebook.policy.loader import DEFAULT_PACKS, load_packs
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.render import assessment_html, case_html, plan_html

#: Channels the planner offers (litigation has its own simulator).
PLANNER_CHANNELS = (Channel.PHONE, Channel.SMS, Channel.LETTER, Channel.EMAIL, Channel.VISIT)
TIME_SLOTS = tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in range(0, 60, 10))
#: Channels whose action is meaningless without a message text.
NEEDS_TEXT = frozenset({Channel.SMS, Channel.EMAIL})


class ContactPlanner:
    """Widgets and state of one planning session on one case."""

    def __init__(self, case: Case, packs: Sequence[Pack] | None = None, days: int = 3):
        self.case = case
        self.packs = list(packs) if packs is not None else load_packs(DEFAULT_PACKS)
        self.actions: list[Action] = []
        self.assessment: Assessment | None = None
        start = case.as_of.date()
        day_names = ("今天", "明天", "后天")
        self.day = widgets.Dropdown(
            description="日期",
            options=[
                (f"{day_names[i] if i < 3 else ''} {d.month}月{d.day}日".strip(), i)
                for i in range(days)
                for d in [start + timedelta(days=i)]
            ],
            value=0,
        )
        self.time = widgets.Dropdown(description="时间", options=TIME_SLOTS, value="09:00")
        self.channel = widgets.Dropdown(
            description="方式", options=[(CHANNEL_LABELS[c], c.value) for c in PLANNER_CHANNELS]
        )
        self.target = widgets.Dropdown(
            description="对象",
            options=[(f"{c.relation} {c.name}", c.id) for c in case.contacts],
        )
        self.purpose = widgets.Dropdown(
            description="目的", options=[(label, p.value) for p, label in PURPOSE_LABELS.items()]
        )
        self.message = widgets.Textarea(
            description="话术",
            placeholder="要说或要发送的内容（电话可写开场白）",
            layout=widgets.Layout(width="95%", height="80px"),
        )
        self.recorded = widgets.Checkbox(description="全程录音", value=True, indent=False)
        self.consented = widgets.Checkbox(
            description="债务人已同意在此时间联系", value=False, indent=False
        )
        self.agreed_attempts = widgets.Checkbox(
            description="债务人已约定可多次拨打（超出每日 6 次）", value=False, indent=False
        )
        letter_fields = PackRegistry.of(self.packs).mapping("letter_fields", "required_fields")
        self.letter_fields = widgets.SelectMultiple(
            description="信函要素",
            options=[(label, key) for key, label in letter_fields.items()],
            rows=min(7, max(1, len(letter_fields))),
            layout=widgets.Layout(width="95%"),
        )
        self.add_button = widgets.Button(description="加入计划", icon="plus")
        self.undo_button = widgets.Button(description="撤销最后一条")
        self.clear_button = widgets.Button(description="清空计划")
        self.assess_button = widgets.Button(description="评估", button_style="primary")
        self.status = widgets.HTML("")
        self.plan_view = widgets.HTML(plan_html(case, self.actions))
        self.feedback = widgets.HTML("")

        self.add_button.on_click(lambda _: self.add_from_form())
        self.undo_button.on_click(lambda _: self.undo())
        self.clear_button.on_click(lambda _: self.clear())
        self.assess_button.on_click(lambda _: self.assess())

        self.widget = widgets.VBox(
            [
                widgets.HTML(case_html(case)),
                widgets.HTML("<h4>安排联系</h4>"),
                widgets.HBox([self.day, self.time]),
                widgets.HBox([self.channel, self.target]),
                self.purpose,
                self.message,
                widgets.HBox([self.recorded, self.consented, self.agreed_attempts]),
                self.letter_fields,
                widgets.HBox([self.add_button, self.undo_button, self.clear_button]),
                self.status,
                widgets.HTML("<h4>我的计划</h4>"),
                self.plan_view,
                self.assess_button,
                self.feedback,
            ]
        )

    def _form_time(self) -> datetime:
        hours, minutes = (int(x) for x in self.time.value.split(":"))
        day = self.case.as_of.date() + timedelta(days=self.day.value)
        return datetime.combine(day, datetime.min.time()) + timedelta(hours=hours, minutes=minutes)

    def _refresh(self) -> None:
        self.plan_view.value = plan_html(self.case, self.actions)
        self.assessment = None
        self.feedback.value = ""

    def add_from_form(self) -> Action | None:
        """Turn the form into an action and append it; report problems in ``status``."""
        channel = Channel(self.channel.value)
        text = self.message.value.strip()
        if channel in NEEDS_TEXT and not text:
            self.status.value = (
                f"<span style='color:{DANGER}'>{CHANNEL_LABELS[channel]}需要填写内容。</span>"
            )
            return None
        action = Action(
            time=self._form_time(),
            channel=channel,
            target=self.target.value,
            purpose=Purpose(self.purpose.value),
            message=text,
            recorded=self.recorded.value,
            debtor_consented_to_time=self.consented.value,
            debtor_agreed_to_attempts=self.agreed_attempts.value,
            letter_fields=list(self.letter_fields.value) if channel is Channel.LETTER else [],
        )
        self.actions.append(action)
        self.actions.sort(key=lambda a: a.time)
        self.status.value = f"已加入第 {len(self.actions)} 条行动。"
        self._refresh()
        return action

    def undo(self) -> None:
        """Remove the most recently planned action (the last in time order)."""
        if self.actions:
            self.actions.pop()
            self.status.value = "已撤销最后一条。"
        self._refresh()

    def clear(self) -> None:
        """Empty the plan."""
        self.actions.clear()
        self.status.value = "计划已清空。"
        self._refresh()

    def assess(self) -> Assessment | None:
        """Evaluate the plan and show per-rule feedback."""
        if not self.actions:
            self.feedback.value = "<p>计划为空：请先添加至少一条联系行动再评估。</p>"
            return None
        self.assessment = evaluate(self.case, self.actions, self.packs)
        self.feedback.value = assessment_html(self.assessment)
        return self.assessment

    def close(self) -> None:
        """Close every widget of this planner (frees the kernel-side models)."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()


def build_contact_planner(case: Case, packs: Sequence[Pack] | None = None) -> ContactPlanner:
    """Factory used by the notebooks: a fresh, independent planner for ``case``."""
    return ContactPlanner(case, packs)
