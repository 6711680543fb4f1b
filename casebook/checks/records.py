"""Evidence a collector must keep: recordings and the contents of collection letters."""

from __future__ import annotations

from pydantic import Field

from casebook.checks.base import Context, Finding, Params, checker, fmt_time, is_failed_call
from casebook.model import CHANNEL_LABELS, Channel


class RecordingParams(Params):
    """Calls and visits on these channels must be recorded."""

    channels: list[Channel] = Field(min_length=1)


@checker("recording_required", RecordingParams, "催收过程录音")
def recording_required(params: RecordingParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if action.channel not in params.channels or action.recorded or is_failed_call(action):
            continue
        findings.append(
            Finding(item.index, f"{fmt_time(action.time)} 的{CHANNEL_LABELS[action.channel]}未录音")
        )
    return findings


class LetterFieldsParams(Params):
    """Fields every collection letter must contain, as id → Chinese label."""

    channels: list[Channel] = Field(min_length=1)
    required_fields: dict[str, str] = Field(min_length=1)


@checker("letter_fields", LetterFieldsParams, "催收函必备要素")
def letter_fields(params: LetterFieldsParams, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if action.channel not in params.channels:
            continue
        missing = [
            label
            for key, label in params.required_fields.items()
            if key not in action.letter_fields
        ]
        if missing:
            findings.append(
                Finding(
                    item.index,
                    f"{fmt_time(action.time)} 的{CHANNEL_LABELS[action.channel]}缺少："
                    + "、".join(missing),
                )
            )
    return findings
