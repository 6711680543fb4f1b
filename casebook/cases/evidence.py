"""Read a worked case's timeline with the judicial toolkit: 有效催收 and the limitation clock.

The rules themselves live in :mod:`casebook.judicial` (``assess_collections``,
``limitation_clock``); this module only turns the case's actions into their inputs:

* 有效催收 (2018 interpretation, new Art. 7): each evaluated collection towards the debtor
  becomes a :class:`~casebook.judicial.collections.CollectionRecord`. Receipt is confirmed by
  a recorded conversation (phone, visit) or a delivery record (SMS, letter, e-mail); the
  collection is compliant when the engine found no violation on that action, so a
  collection that broke a rule never counts. The "deliberately evades" proviso is a court's
  finding and is never assumed here.
* 诉讼时效 (民法典 Arts. 188, 195; 银行卡规定 Art. 3): the history and the actions become
  interrupt events — a demand in a recorded conversation, an SMS, letter or e-mail that was
  delivered, the debtor agreeing to pay, a lawsuit or payment order.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casebook.assess import Assessment
from casebook.judicial.collections import (
    MIN_GAP_DAYS,
    CollectionChannel,
    CollectionLog,
    CollectionRecord,
    CollectionsReport,
    CollectionVerdict,
    Evidence,
    OverdraftFacts,
    assess_collections,
)
from casebook.judicial.limitation import (
    InterruptEvent,
    InterruptKind,
    LimitationResult,
    limitation_clock,
)
from casebook.model import CONNECTED_OUTCOMES, Action, Case, Channel, Outcome, Purpose, Role

_COLLECTION_CHANNELS = {
    Channel.PHONE: CollectionChannel.PHONE,
    Channel.SMS: CollectionChannel.SMS,
    Channel.LETTER: CollectionChannel.LETTER,
    Channel.EMAIL: CollectionChannel.EMAIL,
    Channel.VISIT: CollectionChannel.VISIT,
}
_RECEIPT_EVIDENCE = {
    Channel.PHONE: Evidence.RECORDING,
    Channel.VISIT: Evidence.RECORDING,
    Channel.SMS: Evidence.MESSAGE_DELIVERY,
    Channel.LETTER: Evidence.LETTER_RECEIPT,
    Channel.EMAIL: Evidence.EMAIL_DELIVERY,
}
_WRITTEN = {
    Channel.SMS: InterruptKind.SMS,
    Channel.LETTER: InterruptKind.LETTER,
    Channel.EMAIL: InterruptKind.EMAIL,
}
_COLLECTION_PURPOSES = frozenset({Purpose.COLLECT, Purpose.NEGOTIATE})
_AGREEMENT_OUTCOMES = frozenset({Outcome.PROMISE_TO_PAY, Outcome.PARTIAL_PAYMENT})


def receipt_confirmed(action: Action) -> bool:
    """A recorded conversation, or a written message with a delivery record."""
    if action.channel in (Channel.PHONE, Channel.VISIT):
        return action.outcome in CONNECTED_OUTCOMES and action.recorded
    return action.outcome is Outcome.DELIVERED


def _is_debtor_collection(case: Case, action: Action) -> bool:
    return (
        action.channel in _COLLECTION_CHANNELS
        and action.purpose in _COLLECTION_PURPOSES
        and case.contact(action.target).role is Role.DEBTOR
    )


@dataclass(frozen=True)
class CollectionsReview:
    """The toolkit's report plus, for each of its records, the index of the case action."""

    report: CollectionsReport
    action_index: list[int]

    def pair_dates(self) -> list[date] | None:
        """Dates of the first two effective collections at least 30 days apart, or None."""
        if self.report.pair is None:
            return None
        records = self.report.verdicts
        by_index = {v.index: v.record.date for v in records}
        return [by_index[i] for i in self.report.pair]


def collection_log(
    case: Case,
    actions: Sequence[Action],
    assessment: Assessment,
    as_of: date,
    signed_and_sealed: bool = False,
) -> tuple[CollectionLog, list[int]]:
    """The evaluated collections towards the debtor as a toolkit log, and their action indices."""
    flagged = {v.action_index for v in assessment.violations if v.action_index is not None}
    return flagged_collection_log(case, actions, flagged, as_of, signed_and_sealed)


def flagged_collection_log(
    case: Case,
    actions: Sequence[Action],
    flagged: Collection[int],
    as_of: date,
    signed_and_sealed: bool = False,
) -> tuple[CollectionLog, list[int]]:
    """Like :func:`collection_log`, with the indices of the actions that broke a rule given."""
    records: list[CollectionRecord] = []
    indices: list[int] = []
    for index, action in enumerate(actions):
        if not _is_debtor_collection(case, action) or action.time.date() > as_of:
            continue  # not a collection from the debtor, or not yet made on ``as_of``
        confirmed = receipt_confirmed(action)
        records.append(
            CollectionRecord(
                date=action.time.date(),
                channel=_COLLECTION_CHANNELS[action.channel],
                receipt_confirmed=confirmed,
                compliant=index not in flagged,
                evidence=[_RECEIPT_EVIDENCE[action.channel]] if confirmed else [],
                signed_and_sealed=signed_and_sealed,
                note=f"行动 {index + 1}",
            )
        )
        indices.append(index)
    facts = OverdraftFacts(
        due_date=case.account.due_date,
        unpaid_principal=Decimal(str(case.account.principal)),
        as_of=as_of,
    )
    return CollectionLog(case_id=case.case_id, facts=facts, collections=records), indices


def review_collections(
    case: Case,
    actions: Sequence[Action],
    assessment: Assessment,
    as_of: date,
    signed_and_sealed: bool = False,
) -> CollectionsReview:
    """Which actions count as 有效催收, and the objective elements of 恶意透支 on ``as_of``."""
    log, indices = collection_log(case, actions, assessment, as_of, signed_and_sealed)
    return CollectionsReview(assess_collections(log), indices)


def effective_chain(report: CollectionsReport) -> list[CollectionVerdict]:
    """The collections that count as 有效催收, in date order.

    Each meets Art. 7's per-collection conditions (一)(二)(四) as the toolkit judges them, and is
    at least ``MIN_GAP_DAYS`` after the previous one counted (Art. 7 (三)): four compliant
    calls on one day are one 有效催收, not four. The first two are the toolkit's pair.
    """
    chain: list[CollectionVerdict] = []
    for verdict in report.qualifying:
        if not chain or (verdict.record.date - chain[-1].record.date).days >= MIN_GAP_DAYS:
            chain.append(verdict)
    return chain


def effective_collections(
    case: Case, actions: Sequence[Action], flagged: Collection[int], as_of: date
) -> list[int]:
    """Indices of ``actions`` that count as 有效催收 (see :func:`effective_chain`);
    ``flagged`` are the indices of actions that broke a rule (never effective)."""
    log, indices = flagged_collection_log(case, actions, flagged, as_of)
    return [indices[v.index] for v in effective_chain(assess_collections(log))]


def interruption_events(case: Case, actions: Sequence[Action], on: date) -> list[InterruptEvent]:
    """Interrupt events on or before ``on`` among the case history and the actions.

    A lawsuit or payment order is passed as still pending on ``on`` (its procedure had not
    ended by then), which is all the clock needs to say whether it was brought in time.
    """
    events = []
    for action in sorted([*case.history, *actions], key=lambda a: a.time):
        day = action.time.date()
        if day > on or case.contact(action.target).role is not Role.DEBTOR:
            continue
        if action.outcome in _AGREEMENT_OUTCOMES:
            events.append(InterruptEvent(day, InterruptKind.DEBTOR_AGREES))
        elif action.channel is Channel.LITIGATION:
            events.append(InterruptEvent(day, InterruptKind.LAWSUIT, ended=on, note=action.note))
        elif action.channel in _WRITTEN and action.outcome is Outcome.DELIVERED:
            events.append(InterruptEvent(day, _WRITTEN[action.channel]))
        elif _is_debtor_collection(case, action) and receipt_confirmed(action):
            events.append(InterruptEvent(day, InterruptKind.DEMAND))
    return events


def review_limitation(case: Case, actions: Sequence[Action], on: date) -> LimitationResult:
    """The limitation clock started at the first missed due date and read with events to ``on``."""
    return limitation_clock(case.account.due_date, interruption_events(case, actions, on))
