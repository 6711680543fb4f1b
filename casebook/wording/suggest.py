"""A compliant rewrite of each offending sentence, checked by the judge itself.

For a finding, the sentence holding its span is rewritten: clauses that hold any finding
or a pressure cue ("再不还", "今天之内") are dropped, the rest is kept, and the matcher's
compliant sentence is put in their place (its ``rewrite``, by default the last 「quoted」
example of its hint). A compliant sentence that is a whole message of its own (it opens with
a greeting, or holds more than one sentence) takes the place of the whole sentence instead:
"如有困难，您好，我是……" reads as nonsense. The result is judged; if it is not plainly compliant for the same
recipient and packs, the compliant sentence alone is used, then the recipient's default
sentence (``settings.yaml`` → ``rewrite``). Every suggestion returned has passed the judge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from casebook.msgcheck.engine import Finding
from casebook.msgcheck.lexicon import Lexicon
from casebook.msgcheck.normalize import CLAUSE_BREAKS, SENTENCE_BREAKS
from casebook.msgcheck.schema import Category

#: ``passes(text) -> bool``: the judge's verdict on a candidate (compliant and certain).
Passes = Callable[[str], bool]

#: How a compliant sentence that is a whole message begins.
GREETINGS = ("您好", "你好", "尊敬的", "【")


def is_whole_message(sentence: str) -> bool:
    """Whether a compliant sentence stands alone: it greets, or holds several sentences."""
    body = sentence.strip().rstrip("。！!？?")
    return body.startswith(GREETINGS) or any(ch in SENTENCE_BREAKS for ch in body)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """``[lo, hi)`` of the sentence of ``text`` holding ``[start, end)``."""
    lo = 0
    for i in range(start - 1, -1, -1):
        if text[i] in SENTENCE_BREAKS:
            lo = i + 1
            break
    hi = len(text)
    for i in range(max(end, start), len(text)):
        if text[i] in SENTENCE_BREAKS:
            hi = i
            break
    return lo, hi


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The clauses of ``text[lo:hi]`` as ``[start, end)`` ranges, punctuation excluded."""
    out, begin = [], lo
    for i in range(lo, hi + 1):
        if i == hi or text[i] in CLAUSE_BREAKS:
            if i > begin:
                out.append((begin, i))
            begin = i + 1
    return out


def rewrite_sentence(
    text: str,
    lo: int,
    hi: int,
    findings: Sequence[Finding],
    lexicon: Lexicon,
    rewrite_of: Callable[[Finding], str],
) -> str:
    """``text[lo:hi]`` with every offending clause replaced by its finding's rewrite.

    Clauses with no finding are kept unless they carry a pressure cue ("再不还", "今天之内");
    a clause with findings gives way to their rewrites (each once).
    """
    inside = [f for f in findings if f.start < hi and lo < f.end]
    main = [f for f in inside if f.category is not Category.INSULT]
    # one compliant sentence for the whole sentence: that of its widest finding
    chosen = max(main, key=lambda f: (f.end - f.start, -f.start)) if main else None
    if chosen is not None and is_whole_message(rewrite_of(chosen)):
        return rewrite_of(chosen)
    parts: list[str] = []
    placed = False
    for a, b in _clauses(text, lo, hi):
        hits = [f for f in inside if f.start < b and a < f.end]
        if hits:
            insults = [f for f in hits if f.category is Category.INSULT]
            if insults and not parts:
                parts.append(rewrite_of(insults[0]).rstrip("。；;.!！"))  # a polite address
            if chosen is not None and not placed and any(f in main for f in hits):
                parts.append(rewrite_of(chosen).rstrip("。；;.!！"))
                placed = True
            continue
        folded = lexicon.normalise(text[a:b]).text
        if not folded or any(
            p.search(folded) for p in (lexicon.pressure.condition, lexicon.pressure.deadline)
        ):
            continue
        parts.append(text[a:b].strip())
    if chosen is not None and not placed:
        parts.append(rewrite_of(chosen).rstrip("。；;.!！"))
    joined = "，".join(p for p in parts if p)
    return joined + "。" if joined else ""


def suggest(
    text: str,
    finding: Finding,
    findings: Sequence[Finding],
    recipient: str,
    lexicon: Lexicon,
    rewrite_of: Callable[[Finding], str],
    passes: Passes,
) -> str:
    """A rewrite of the sentence holding ``finding`` that ``passes`` the judge."""
    lo, hi = _sentence(text, finding.start, finding.end)
    default = getattr(lexicon.rewrites, recipient)
    candidates = [
        rewrite_sentence(text, lo, hi, findings, lexicon, rewrite_of),
        rewrite_of(finding),
        default,
    ]
    for candidate in candidates:
        if candidate.strip("。，；;,.！!？? ") and passes(candidate):
            return candidate
    return ""
