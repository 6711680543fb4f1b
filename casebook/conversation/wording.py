"""The call simulator's one door to the wording judge.

Every collector turn is checked by the project's single wording checker; this adapter is the
only place the simulator calls it, so moving to another judge is a change of one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from casebook.policy.schema import Pack


@dataclass(frozen=True)
class WordingHit:
    """One problem the wording judge found in a turn."""

    rule: str
    span: str
    explanation: str
    hint: str


def judge_wording(
    text: str, recipient: Literal["debtor", "third_party"], packs: Sequence[Pack]
) -> list[WordingHit]:
    """What the wording judge finds in ``text`` said to ``recipient``.

    ``packs`` are the packs the call is judged by (a hit on a rule they do not hold is
    dropped by the caller).
    """
    from casebook.msgcheck import check_message

    result = check_message(text, recipient=recipient)
    return [WordingHit(f.rule, f.span, f.explanation, f.hint) for f in result.findings]
