"""Check a trainee's free text (SMS, letter paragraph, script) for non-compliant wording.

Two interchangeable checkers return the same :class:`TextFinding` records:

* :func:`msgcheck_checker` — the message checker :func:`casebook.msgcheck.check_message`
  (normalisation, homophones, negation; recipient-aware);
* :func:`pack_checker` — the law pack's own ``banned_text`` and ``third_party_no_disclosure``
  rules, run through :func:`casebook.assess.evaluate` on a single action.

:func:`default_text_checker` picks the message checker whenever it can be imported at
grading time; which one was used is recorded in every result (``checker``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal, Protocol

from casebook.assess import evaluate
from casebook.model import Account, Action, Case, Channel, Contact, Debtor, Purpose, Role
from casebook.policy.schema import Pack

Recipient = Literal["debtor", "third_party"]
#: Checkers of the law pack that look at wording.
TEXT_CHECKS = frozenset({"banned_text", "third_party_no_disclosure"})


@dataclass(frozen=True)
class TextFinding:
    """One problem in a text: the rule, the words as written, and what to write instead."""

    rule_id: str
    span: str
    detail: str
    hint: str = ""
    citation: str = ""


class TextChecker(Protocol):
    """``checker(text, recipient, packs) -> findings``; ``checker.label`` names it in reports."""

    label: str

    def __call__(
        self, text: str, recipient: Recipient, packs: Sequence[Pack]
    ) -> list[TextFinding]: ...


def _msgcheck(text: str, recipient: Recipient, packs: Sequence[Pack]) -> list[TextFinding]:
    from casebook.msgcheck import check_message

    result = check_message(text, recipient=recipient)
    return [
        TextFinding(
            rule_id=f.rule,
            span=f.span,
            detail=f"{f.title}：「{f.span}」。{f.explanation}",
            hint=f.hint,
            citation=f.citation,
        )
        for f in result.findings
    ]


_msgcheck.label = "msgcheck"  # type: ignore[attr-defined]
msgcheck_checker: TextChecker = _msgcheck  # type: ignore[assignment]


@lru_cache(maxsize=1)
def _probe_case() -> Case:
    """A minimal synthetic case: a debtor and one unrelated third party."""
    return Case(
        case_id="TEXT-CHECK",
        as_of=datetime(2026, 3, 2, 9, 0),
        debtor=Debtor(name="持卡人", gender="男", age=30, city="（文本检查）"),
        account=Account(
            card_masked="6225 **** **** 0000",
            credit_limit=10_000,
            principal=1_000,
            due_date=date(2026, 1, 1),
        ),
        contacts=[
            Contact(id="debtor", name="持卡人", role=Role.DEBTOR, relation="本人"),
            Contact(id="third_party", name="第三人", role=Role.THIRD_PARTY, relation="第三人"),
        ],
    )


def _text_rules_only(packs: Sequence[Pack]) -> list[Pack]:
    return [
        Pack(
            meta=p.meta,
            rules=tuple(r for r in p.rules if r.check in TEXT_CHECKS),
            params=p.params,
        )
        for p in packs
    ]


def _pack(text: str, recipient: Recipient, packs: Sequence[Pack]) -> list[TextFinding]:
    action = Action(
        time=datetime(2026, 3, 2, 10, 0),
        channel=Channel.SMS,
        target=recipient,
        purpose=Purpose.RELAY if recipient == "third_party" else Purpose.COLLECT,
        message=text,
    )
    assessment = evaluate(_probe_case(), [action], _text_rules_only(packs))
    findings = []
    for v in assessment.violations:
        span = v.detail.rsplit("「", 1)[-1].rstrip("」") if "「" in v.detail else ""
        findings.append(
            TextFinding(
                rule_id=v.rule_id,
                span=span,
                detail=f"{v.title}：「{span}」" if span else v.title,
                hint=v.instead,
                citation=v.citation,
            )
        )
    return findings


_pack.label = "pack"  # type: ignore[attr-defined]
pack_checker: TextChecker = _pack  # type: ignore[assignment]


def msgcheck_available() -> bool:
    """True if :mod:`casebook.msgcheck` can be imported."""
    return importlib.util.find_spec("casebook.msgcheck") is not None


def default_text_checker() -> TextChecker:
    """The checker used for grading: the message checker if installed, else the pack rules."""
    return msgcheck_checker if msgcheck_available() else pack_checker
