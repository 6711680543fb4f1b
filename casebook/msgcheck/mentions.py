"""Quoted words that a message warns about instead of saying them.

Anti-fraud notices and training material quote what others say: "警惕以“征信修复”为名的中介",
"接到“按9转人工领取传票”的来电，请直接挂断". The words inside the quotes are *mentioned*, not
used, so a finding inside them is no finding. A run of quotations (“…”「…」"…", possibly joined
by 、和及或) is a mention when a cue stands right before it (自称, 所谓, 伪造的 …) or right after
it (为名, 的来电, 之类 …) **and** the message is a warning (警惕, 诈骗, 请勿 …); the cues are
data (``settings.yaml`` → ``mentions``). Quotation marks used for emphasis ("你等着收“传票”吧")
have no cue, and a quoted threat in a message that warns of nothing stays a threat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casebook.msgcheck.normalize import Normalised

#: A run of quotations: each opens and closes on the same line, at most 40 characters inside.
_QUOTED_RUN = re.compile(
    r"(?:[“\"「『‘][^”\"」』’“「『‘\n]{1,40}[”\"」』’]\s*[、，,和及与或]?\s*)+"
)
_TRAILING_JOINERS = re.compile(r"[\s、，,和及与或]+$")


@dataclass(frozen=True)
class MentionCues:
    """Compiled ``mentions`` settings."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    warning: re.Pattern[str]
    reach: int


def mentioned_spans(cues: MentionCues, norm: Normalised) -> tuple[tuple[int, int], ...]:
    """The ``[start, end)`` spans of ``norm.text`` that lie inside mentioned quotations."""
    original = norm.original
    if not cues.warning.search(norm.text):
        return ()
    spans = []
    for run in _QUOTED_RUN.finditer(original):
        start = run.start()
        end = run.start() + len(_TRAILING_JOINERS.sub("", run.group()))
        before = re.sub(r"\s", "", original[max(0, start - cues.reach) : start])
        after = re.sub(r"\s", "", original[end : end + cues.reach])
        if not (cues.before.search(before) or cues.after.match(after)):
            continue
        inside = [i for i, at in enumerate(norm.index) if start <= at < end]
        if inside:
            spans.append((inside[0], inside[-1] + 1))
    return tuple(spans)


def inside_any(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether the match ``[start, end)`` ends inside one of ``spans``: its last words, the
    ones that make it a finding ("警惕自称“法院执行局”" ends on the quoted court), are quoted."""
    return any(lo < end <= hi for lo, hi in spans)
