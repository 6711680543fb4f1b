"""Message checker: the lexicon layer of the wording judge, and its former entry point.

Every wording judgement goes through :func:`casebook.wording.judge`; ``check_message`` is
that judge under its older name (relied on by ``bench/simulators.py`` and the dialogue
practice; keep stable)::

    from casebook.msgcheck import check_message
    result = check_message("再不还钱就等着坐牢吧", recipient="debtor")
    result.compliant            # False
    result.findings[0].category # "threat_or_intimidation"

Each finding names its category, the rule of the pack that reports it, the offending span
(as written, with offsets into the input), an explanation, the citation taken from the pack
and a hint for a compliant rewrite. Lexicons are data (``casebook/data/msgcheck/``),
validated on load; which rule reports which matcher is declared by the packs.
"""

from casebook.msgcheck.engine import Finding, MessageCheck, Verdict, check_message
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
    "Verdict",
    "check_message",
    "default_lexicon",
    "load_lexicon",
]
