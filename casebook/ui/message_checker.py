"""Message checker: the trainee writes an SMS, letter paragraph or call script and presses 检查.

A thin ipywidgets layer over the wording judge :func:`casebook.wording.judge` (the same
judge the planner, the campaign and the exercises use); callbacks only write into widgets
(never ``print``), so a separate instance can be driven from tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from casebook.msgcheck import RECIPIENT_LABELS, Lexicon, MessageCheck, Recipient
from casebook.msgcheck.render import message_check_html
from casebook.policy.schema import Pack
from casebook.wording import judge

#: Starting points offered in the 示例 list: (label, recipient, text). All fictional.
EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("（自己写）", "debtor", ""),
    (
        "逾期提醒（给本人）",
        "debtor",
        "王先生您好，您的信用卡已逾期45天，欠款8,600元。如有困难，可致电400-XXX-XXXX协商分期还款。",
    ),
    (
        "同一条提醒发给姐姐",
        "third_party",
        "王先生您好，您的信用卡已逾期45天，欠款8,600元。如有困难，可致电400-XXX-XXXX协商分期还款。",
    ),
    (
        "找人转告（给第三人）",
        "third_party",
        "您好，我是星河银行的工作人员，有事需要联系王先生，麻烦您转告他回电，谢谢。",
    ),
    ("隐晦的威胁", "debtor", "再不处理，我们就上门拜访你的家人和单位。"),
    ("变形的写法", "debtor", "還錢！不然 zuo lao，黑-名-单 也给你上了。"),
)


class MessageChecker:
    """Widgets and state of one message-checking session."""

    def __init__(self, lexicon: Lexicon | None = None, packs: Sequence[Pack] | None = None):
        self.lexicon = lexicon
        self.packs = packs
        self.result: MessageCheck | None = None
        self.examples = widgets.Dropdown(
            description="示例",
            options=[(label, i) for i, (label, _, _) in enumerate(EXAMPLES)],
            value=0,
            layout=widgets.Layout(width="60%"),
        )
        self.text = widgets.Textarea(
            description="话术",
            placeholder="输入要发送的短信、信函段落或电话话术",
            layout=widgets.Layout(width="95%", height="110px"),
        )
        self.recipient = widgets.ToggleButtons(
            description="接收人",
            options=[(RECIPIENT_LABELS[r], r.value) for r in Recipient],
            value=Recipient.DEBTOR.value,
            style={"button_width": "auto"},
        )
        self.check_button = widgets.Button(description="检查", button_style="primary", icon="check")
        self.feedback = widgets.HTML("")

        self.examples.observe(self._load_example, names="value")
        self.check_button.on_click(lambda _: self.check())
        self.text.observe(self._clear, names="value")
        self.recipient.observe(self._clear, names="value")

        self.widget = widgets.VBox(
            [
                self.examples,
                self.text,
                self.recipient,
                self.check_button,
                self.feedback,
            ]
        )

    def _load_example(self, change: dict) -> None:
        _, recipient, text = EXAMPLES[change["new"]]
        self.recipient.value = recipient
        self.text.value = text

    def _clear(self, _change: dict) -> None:
        self.result = None
        self.feedback.value = ""

    def check(self) -> MessageCheck | None:
        """Check the message in the text box and show the findings."""
        text = self.text.value
        if not text.strip():
            self.result = None
            self.feedback.value = "<p>请先输入要检查的话术。</p>"
            return None
        self.result = judge(text, self.recipient.value, self.packs, lexicon=self.lexicon)
        self.feedback.value = message_check_html(self.result)
        return self.result

    def close(self) -> None:
        """Close every widget of this checker (frees the kernel-side models)."""
        stack: list[widgets.Widget] = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()


def build_message_checker(
    lexicon: Lexicon | None = None, packs: Sequence[Pack] | None = None
) -> MessageChecker:
    """Factory used by the notebooks: a fresh, independent message checker."""
    return MessageChecker(lexicon, packs)
