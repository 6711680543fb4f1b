"""Message checker: finds non-compliant wording in collection SMS, letters and call scripts.

Public API (relied on by ``bench/simulators.py`` and the CLI; keep stable)::

    from casebook.msgcheck import check_message
    result = check_message("再不还钱就等着坐牢吧", recipient="debtor")
    result.compliant            # False
    result.findings[0].category # "threat_or_intimidation"

Each finding names its category, the law-pack rule id, the offending span (as written,
with offsets into the input), an explanation, the citation taken from the pack and a hint
for a compliant rewrite. Lexicons are data (``casebook/data/msgcheck/``), validated on load.
"""

from casebook.msgcheck.engine import Finding, MessageCheck, check_message
from casebook.msgcheck.lexicon import Lexicon, LexiconError, default_lexicon, load_lexicon
from casebook.msgcheck.schema import RECIPIENT_LABELS, Category, Recipient

CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)
RECIPIENTS: tuple[str, ...] = tuple(r.value for r in Recipient)

__all__ = [
    "CATEGORIES",
    "RECIPIENTS",
    "RECIPIENT_LABELS",
    "Category",
    "Finding",
    "Lexicon",
    "LexiconError",
    "MessageCheck",
    "Recipient",
    "check_message",
    "default_lexicon",
    "load_lexicon",
]
