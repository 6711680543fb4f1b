"""Banned conduct in what a collector says or writes (first, pattern-based layer)."""

from __future__ import annotations

from casebook.checks.base import Context, Finding, Params, Patterns, checker, fmt_time
from casebook.model import CHANNEL_LABELS
from casebook.textmatch import find_first


class BannedTextParams(Params):
    """Regular expressions matched against the normalised message text."""

    patterns: Patterns


@checker("banned_text", BannedTextParams, "话术中的禁止内容")
def banned_text(params: BannedTextParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if not action.message:
            continue
        match = find_first(action.message, params.patterns)
        if match:
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(action.time)} 的{CHANNEL_LABELS[action.channel]}中出现"
                    f"「{match.text}」",
                )
            )
    return findings
