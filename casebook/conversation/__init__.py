"""Conversation practice: the call flow, the objection bank, special-situation protocols,
worked cases and debtor personas, as validated data.

>>> from casebook.conversation import default_conversation
>>> conv = default_conversation()
>>> scenario = conv.scenario("no-money-01")
>>> [r.grade.value for r in scenario.replies]
['compliant_effective', 'compliant_ineffective', 'violating']
"""

from casebook.conversation.loader import (
    Conversation,
    ConversationError,
    ConversationIssue,
    RuleInfo,
    default_conversation,
    load_conversation,
)
from casebook.conversation.schema import (
    CALL_STEP_LABELS,
    GRADE_LABELS,
    NEXT_ACTION_LABELS,
    PARTY_LABELS,
    TOPIC_LABELS,
    CallStep,
    Grade,
    NextAction,
    Party,
    Persona,
    Protocol,
    ProtocolId,
    Reply,
    Scenario,
    Topic,
    WorkedCase,
    checker_recipient,
)

__all__ = [
    "CALL_STEP_LABELS",
    "GRADE_LABELS",
    "NEXT_ACTION_LABELS",
    "PARTY_LABELS",
    "TOPIC_LABELS",
    "CallStep",
    "Conversation",
    "ConversationError",
    "ConversationIssue",
    "Grade",
    "NextAction",
    "Party",
    "Persona",
    "Protocol",
    "ProtocolId",
    "Reply",
    "RuleInfo",
    "Scenario",
    "Topic",
    "WorkedCase",
    "checker_recipient",
    "default_conversation",
    "load_conversation",
]
