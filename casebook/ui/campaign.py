"""Case-campaign console: work one account day by day, see each outcome and the rules it broke.

A thin layer over :class:`casebook.campaign.CaseCampaign`; callbacks only write into widgets
(HTML values, the chart image), never ``print``, so tests can drive a separate instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

import ipywidgets as widgets
from pydantic import ValidationError

from casebook.campaign import (
    CaseCampaign,
    build_scorecard,
    default_params,
    figure_png,
    resolve_archetype,
    scorecard_html,
    state_html,
    step_html,
    timeline_figure,
    timeline_html,
)
from casebook.model import CHANNEL_LABELS, PURPOSE_LABELS, Action, Channel, InstalmentPlan, Purpose
from casebook.palette import DANGER
from casebook.policy.registry import PackRegistry
from casebook.policy.schema import Pack
from casebook.render import case_html
from casebook.ui.planner import NEEDS_TEXT, TIME_SLOTS


class CampaignConsole:
    """Widgets and state of one campaign."""

    def __init__(
        self, archetype: str = "forgetful", seed: int = 1, packs: Sequence[Pack] | None = None
    ):
        params = default_params()
        self.packs: Sequence[Pack] | None = list(packs) if packs is not None else None
        self.env: CaseCampaign | None = None
        self.archetype = widgets.Dropdown(
            description="持卡人类型",
            options=[(a.label, key) for key, a in params.archetypes.items()],
            value=resolve_archetype(archetype, params),
            style={"description_width": "initial"},
        )
        self.seed = widgets.BoundedIntText(description="种子", value=seed, min=0, max=999_999)
        self.new_button = widgets.Button(description="开始新案件", button_style="info")
        self.case_view = widgets.HTML("")
        self.state_view = widgets.HTML("")

        self.time = widgets.Dropdown(description="时间", options=TIME_SLOTS, value="09:00")
        self.channel = widgets.Dropdown(
            description="方式", options=[(CHANNEL_LABELS[c], c.value) for c in Channel]
        )
        self.target = widgets.Dropdown(description="对象", options=[])
        self.purpose = widgets.Dropdown(
            description="目的", options=[(label, p.value) for p, label in PURPOSE_LABELS.items()]
        )
        self.message = widgets.Textarea(
            description="话术",
            placeholder="要说或要发送的内容（电话可写开场白）",
            layout=widgets.Layout(width="95%", height="70px"),
        )
        self.recorded = widgets.Checkbox(description="全程录音", value=True, indent=False)
        self.consented = widgets.Checkbox(
            description="债务人已同意在此时间联系", value=False, indent=False
        )
        self.letter_fields = widgets.SelectMultiple(
            description="信函要素", rows=4, layout=widgets.Layout(width="95%")
        )
        self.plan_term = widgets.BoundedIntText(description="分期期数", value=0, min=0, max=120)
        self.plan_monthly = widgets.BoundedFloatText(
            description="每期金额", value=0.0, min=0.0, max=10_000_000.0
        )
        self.plan_items = widgets.SelectMultiple(
            description="协议内容", rows=4, layout=widgets.Layout(width="95%")
        )
        self.plan_signed = widgets.Checkbox(description="当场签署", value=False, indent=False)
        self.plan_oral = widgets.Checkbox(description="口头协议", value=False, indent=False)

        self.act_button = widgets.Button(description="执行行动", button_style="primary")
        self.end_day_button = widgets.Button(description="结束今天")
        self.chart_button = widgets.Button(description="更新时间线图")
        self.status = widgets.HTML("")
        self.feedback = widgets.HTML("")
        self.timeline = widgets.HTML("")
        self.scorecard = widgets.HTML("")
        # Hidden until a chart exists: an empty image shows as a broken-image icon.
        self.chart = widgets.Image(
            format="png", layout=widgets.Layout(max_width="900px", display="none")
        )

        self.new_button.on_click(lambda _: self.new_case())
        self.act_button.on_click(lambda _: self.act())
        self.end_day_button.on_click(lambda _: self.end_day())
        self.chart_button.on_click(lambda _: self.update_chart())
        self.channel.observe(lambda _: self._show_letter_fields(), names="value")

        plan_box = widgets.Accordion(
            children=[
                widgets.VBox(
                    [
                        widgets.HTML(
                            "<small>期数为 0 表示本次不提出分期。仅在「目的」为「协商还款方案」时使用。</small>"
                        ),
                        widgets.HBox([self.plan_term, self.plan_monthly]),
                        self.plan_items,
                        widgets.HBox([self.plan_signed, self.plan_oral]),
                    ]
                )
            ]
        )
        plan_box.set_title(0, "个性化分期方案（可选）")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.archetype, self.seed, self.new_button]),
                self.case_view,
                self.state_view,
                widgets.HTML("<h4>今天的下一步</h4>"),
                widgets.HBox([self.time, self.channel]),
                widgets.HBox([self.target, self.purpose]),
                self.message,
                widgets.HBox([self.recorded, self.consented]),
                self.letter_fields,
                plan_box,
                widgets.HBox([self.act_button, self.end_day_button, self.chart_button]),
                self.status,
                self.feedback,
                widgets.HTML("<h4>时间线</h4>"),
                self.timeline,
                self.scorecard,
                self.chart,
            ]
        )
        self.new_case()

    # --- helpers -------------------------------------------------------------------------

    def _show_letter_fields(self) -> None:
        """The letter's required elements are asked for only when the action is a letter."""
        is_letter = self.channel.value == Channel.LETTER.value
        self.letter_fields.layout.display = None if is_letter else "none"

    def _show_chart(self, png: bytes) -> None:
        self.chart.value = png
        self.chart.layout.display = None if png else "none"

    def _set_running(self, running: bool) -> None:
        for button in (self.act_button, self.end_day_button):
            button.disabled = not running

    @property
    def campaign(self) -> CaseCampaign:
        """The running campaign (``new_case`` starts one)."""
        if self.env is None:
            raise RuntimeError("no campaign yet: call new_case() first")
        return self.env

    def _refresh(self) -> None:
        env = self.campaign
        self.state_view.value = state_html(env.observation(), env.case)
        self.timeline.value = timeline_html(env)
        if env.done:
            card = build_scorecard(env)
            self.scorecard.value = scorecard_html(card)
            self.update_chart()
            self._set_running(False)

    def _form_action(self) -> Action:
        hours, minutes = (int(x) for x in self.time.value.split(":"))
        when = datetime.combine(self.campaign.now.date(), time(hours, minutes))
        channel = Channel(self.channel.value)
        plan = None
        if self.plan_term.value > 0:
            plan = InstalmentPlan(
                term_months=int(self.plan_term.value),
                monthly_amount=float(self.plan_monthly.value),
                items=list(self.plan_items.value),
                signed=self.plan_signed.value,
                oral=self.plan_oral.value,
            )
        return Action(
            time=when,
            channel=channel,
            target=self.target.value,
            purpose=Purpose(self.purpose.value),
            message=self.message.value.strip(),
            recorded=self.recorded.value,
            debtor_consented_to_time=self.consented.value,
            letter_fields=list(self.letter_fields.value) if channel is Channel.LETTER else [],
            instalment=plan,
        )

    # --- actions -------------------------------------------------------------------------

    def new_case(self) -> None:
        """Start a campaign with the archetype and seed in the form."""
        env = self.env = CaseCampaign(archetype=self.archetype.value, packs=self.packs)
        _obs, info = env.reset(seed=int(self.seed.value))
        self.packs = env.packs
        case = info["case"]
        a = env.archetype
        self.case_view.value = (
            f"<p><b>持卡人类型</b>：{a.label}（{a.description}）</p>" + case_html(case)
        )
        self.target.options = [(f"{c.relation} {c.name}", c.id) for c in case.contacts]
        self.target.value = "debtor"
        letter = PackRegistry.of(self.packs).mapping("letter_fields", "required_fields")
        self.letter_fields.options = [(label, key) for key, label in letter.items()]
        items = PackRegistry.of(self.packs).mapping("instalment_contents", "required_items")
        self.plan_items.options = [(label, key) for key, label in items.items()]
        self.status.value = "新案件已开始。先读案件卡片，再安排今天的第一步。"
        self.feedback.value = ""
        self.scorecard.value = ""
        self._show_chart(b"")
        self._show_letter_fields()
        self._set_running(True)
        self._refresh()

    def act(self):
        """Take the action in the form; show the outcome and any rule findings."""
        env = self.campaign
        if env.done:
            self.status.value = "演练已经结束：按「开始新案件」再来一次。"
            return None
        channel = Channel(self.channel.value)
        if channel in NEEDS_TEXT and not self.message.value.strip():
            self.status.value = (
                f"<span style='color:{DANGER}'>{CHANNEL_LABELS[channel]}需要填写内容。</span>"
            )
            return None
        try:
            action = self._form_action()
            result = env.step(action)
        except (ValueError, ValidationError) as exc:
            message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            self.status.value = f"<span style='color:{DANGER}'>无法执行：{message}</span>"
            return None
        info = result[4]
        self.status.value = f"已执行第 {sum(1 for r in env.records if r.action)} 个行动。"
        self.feedback.value = step_html(env.records[-1], info["ended_label"], env.case)
        self._refresh()
        return result

    def end_day(self):
        """End today's work; overnight payments and promises are settled."""
        env = self.campaign
        if env.done:
            return None
        result = env.step(None)
        info = result[4]
        self.status.value = f"进入第 {result[0].day} 天。" if not env.done else "演练结束。"
        self.feedback.value = step_html(env.records[-1], info["ended_label"], env.case)
        self._refresh()
        return result

    def update_chart(self) -> None:
        """Redraw the timeline chart."""
        self._show_chart(figure_png(timeline_figure(self.campaign)))

    def close(self) -> None:
        """Close every widget of this console."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()


def build_campaign_console(
    archetype: str = "forgetful", seed: int = 1, packs: Sequence[Pack] | None = None
) -> CampaignConsole:
    """Factory used by the notebooks: a fresh, independent campaign console."""
    return CampaignConsole(archetype=archetype, seed=seed, packs=packs)
