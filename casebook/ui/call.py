"""Call console: talk to a debtor persona turn by turn, pick an offered reply or type your own.

A thin layer over :class:`casebook.conversation.call.CallSimulator`: the widget shows who
answered and what they said, the offered replies as buttons, a free-text box, the transcript
with each turn's findings, and at the end of the call the score card and the annotated
transcript. Callbacks only write into widgets, never ``print``, so tests can drive a separate
instance. :class:`CallField` puts the console into an exercise form (``widget: call``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from casebook.conversation import default_conversation
from casebook.conversation.call import CallSimulator, Choice, ReplyError
from casebook.conversation.call_render import (
    annotated_call_html,
    finding_html,
    state_html,
    transcript_html,
)
from casebook.grading.forms import WidgetField
from casebook.policy.schema import Pack
from casebook.ui.submit import register_field_widget

LETTERS = "ABCD"
_WIDE = widgets.Layout(width="95%")
_ERROR = "<span style='color:#cf222e'>{}</span>"


class CallConsole:
    """Widgets and state of one call."""

    def __init__(
        self, persona: str = "forgetful", seed: int = 1, packs: Sequence[Pack] | None = None
    ):
        conv = default_conversation()
        self.packs = list(packs) if packs is not None else None
        self.sim: CallSimulator | None = None
        self.persona = widgets.Dropdown(
            description="持卡人",
            options=[(p.title, p.id) for p in conv.personas],
            value=persona,
            style={"description_width": "initial"},
        )
        self.seed = widgets.BoundedIntText(description="种子", value=seed, min=0, max=999_999)
        self.start_button = widgets.Button(description="开始通话", button_style="info")
        self.summary = widgets.HTML("")
        self.state_view = widgets.HTML("")
        self.line_view = widgets.HTML("")
        self.options_box = widgets.VBox([])
        self.free_text = widgets.Textarea(
            placeholder="也可以自己说：输入你要说的话，按「说出这句话」",
            layout=widgets.Layout(width="95%", height="60px"),
        )
        self.say_button = widgets.Button(description="说出这句话", button_style="primary")
        self.feedback = widgets.HTML("")
        self.transcript_view = widgets.HTML("")
        self.end_view = widgets.HTML("")
        self.option_buttons: list[widgets.Button] = []
        self.start_button.on_click(lambda _: self.start())
        self.say_button.on_click(lambda _: self.say_free_text())
        self.talk_box = widgets.VBox(
            [
                self.line_view,
                widgets.HTML("<b>可以选择一句回复：</b>"),
                self.options_box,
                widgets.HTML("<b>或者自己说：</b>"),
                self.free_text,
                self.say_button,
            ]
        )
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.persona, self.seed, self.start_button]),
                self.summary,
                self.state_view,
                self.talk_box,
                self.feedback,
                widgets.HTML("<b>通话记录</b>"),
                self.transcript_view,
                self.end_view,
            ]
        )
        self.start()

    # --- actions -------------------------------------------------------------------------

    def start(self) -> None:
        """Start a new call with the chosen persona and seed."""
        self.sim = CallSimulator(self.persona.value, packs=self.packs)
        self.sim.reset(seed=int(self.seed.value))
        persona = self.sim.persona
        self.summary.value = (
            f"<p><b>{escape(persona.title)}</b>：{escape(persona.summary)}"
            f"（种子 {self.sim.seed}；电话打给：{'合同预留联系人' if self.sim.answerer.dialled != 'debtor' else '持卡人预留号码'}）</p>"
        )
        self.feedback.value = ""
        self.end_view.value = ""
        self.free_text.value = ""
        self._refresh()

    def choose(self, option_id: str) -> None:
        """Say the offered reply ``option_id``."""
        self._say(Choice(option_id))

    def say_free_text(self) -> None:
        """Say what is in the free-text box."""
        text = self.free_text.value.strip()
        if not text:
            self.feedback.value = _ERROR.format("请先输入要说的话，或者选择一句回复。")
            return
        if self._say(text):
            self.free_text.value = ""

    def _say(self, reply: str | Choice) -> bool:
        if self.sim is None or self.sim.done:
            self.feedback.value = _ERROR.format("通话已经结束，按「开始通话」重新开始。")
            return False
        try:
            _, reward, _, _, _ = self.sim.step(reply)
        except (ReplyError, ValueError) as exc:
            self.feedback.value = _ERROR.format(escape(str(exc)))
            return False
        turn = self.sim.turns[-2]
        notes = "".join(finding_html(f) for f in turn.findings)
        verdict = "这一轮违反了规则：" if turn.violations else "这一轮合规。"
        self.feedback.value = f"<div><b>{verdict}</b>（本轮得分变化 {reward:+.1f}）{notes}</div>"
        self._refresh()
        return True

    # --- views ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        sim = self.sim
        obs = sim.observation()
        self.state_view.value = state_html(sim)
        self.line_view.value = (
            f"<div style='padding:6px 10px;background:#f6f8fa;border-radius:6px;'>"
            f"<b>{escape(obs.answered_label)}</b>：{escape(obs.line)}</div>"
        )
        self.option_buttons = []
        rows = []
        for letter, option in zip(LETTERS, obs.options, strict=False):
            button = widgets.Button(
                description=f"选 {letter}", tooltip=option.id, layout=widgets.Layout(width="5em")
            )
            button.on_click(lambda _, option_id=option.id: self.choose(option_id))
            self.option_buttons.append(button)
            rows.append(
                widgets.HBox(
                    [button, widgets.HTML(f"{letter}. {escape(option.text)}", layout=_WIDE)]
                )
            )
        self.options_box.children = rows
        self.transcript_view.value = transcript_html(sim)
        ended = sim.done
        self.talk_box.layout.display = "none" if ended else None
        if ended:
            self.end_view.value = "<h4>通话结束：成绩单与逐句点评</h4>" + annotated_call_html(sim)

    @property
    def replies(self) -> list[Any]:
        """The replies said so far, as a replay file holds them."""
        if self.sim is None:
            return []
        return [{"option": r.option} if isinstance(r, Choice) else r for r in self.sim.replies]

    def close(self) -> None:
        self.widget.close()


def build_call_console(persona: str = "forgetful", seed: int = 1) -> CallConsole:
    """A call console for a notebook cell (display ``console.widget``)."""
    return CallConsole(persona, seed)


class CallField:
    """The call console locked to an exercise variant's persona and seed; ``value`` is the
    list of replies (all the submission carries; the grader replays them)."""

    def __init__(self, field: WidgetField, packs: Sequence[Pack]):
        self.persona = field.config["persona"]
        self.seed = int(field.config["seed"])
        self.console = CallConsole(self.persona, self.seed, packs)
        self.console.persona.disabled = True
        self.console.seed.disabled = True
        self.widget = self.console.widget

    @property
    def value(self) -> list[Any]:
        sim = self.console.sim
        if sim is None or sim.seed != self.seed or sim.persona_id != self.persona:
            return []
        return self.console.replies

    def close(self) -> None:
        self.console.close()


@register_field_widget("call")
def call_field(field: WidgetField, packs: Sequence[Pack]) -> CallField:
    """Factory for ``widget: call``."""
    return CallField(field, packs)
