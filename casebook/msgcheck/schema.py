"""Schemas of the message checker's data files (``casebook/data/msgcheck/``).

Every file is validated with pydantic when it is loaded; errors name the file, the line
and the field (see :mod:`casebook.msgcheck.lexicon`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from casebook.policy.schema import Prose


class Category(StrEnum):
    """The kinds of problem the checker reports (stable identifiers, see issue 4)."""

    THREAT = "threat_or_intimidation"
    INSULT = "insult"
    IMPERSONATION = "impersonate_authority"
    DISCLOSURE = "third_party_disclosure"
    PRIVACY = "privacy_exposure"
    MISLEADING = "false_or_misleading"
    HARASSMENT = "harassment_frequency"
    DEBT_OF_OTHERS = "debt_of_others"


class Recipient(StrEnum):
    """Who receives the message."""

    DEBTOR = "debtor"
    THIRD_PARTY = "third_party"


RECIPIENT_LABELS: dict[Recipient, str] = {
    Recipient.DEBTOR: "债务人本人",
    Recipient.THIRD_PARTY: "第三人（亲友、同事等）",
}


def _valid_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return pattern


def _cjk_chars(text: str) -> str:
    if not text or any(not ("\u3400" <= c <= "\u9fff") for c in text):
        raise ValueError(f"expected Chinese characters only, got {text!r}")
    return text


def _pair(text: str) -> str:
    if len(text) != 2 or text[0] == text[1]:
        raise ValueError(
            f"expected two different characters (traditional, simplified), got {text!r}"
        )
    return text


Regex = Annotated[str, Field(min_length=1), AfterValidator(_valid_regex)]
Term = Annotated[str, Field(min_length=1, max_length=20)]
CjkChars = Annotated[str, AfterValidator(_cjk_chars)]
CharPair = Annotated[str, AfterValidator(_pair)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Escalation(_Strict):
    """A finding that becomes a threat too when it is used as pressure.

    "我们会通知你的家人" is exposure; said as "不还就通知你的家人" or announced as the next
    step, it is also a threat (conditional harm). ``when``: ``pressure`` — a condition or a
    deadline is near the finding; ``announced`` — also when the collector announces it
    as something that will happen. ``needs``: a pattern that must also be near it.
    """

    to: str = Field(pattern=r"^[a-z_]+/[a-z0-9-]+$", description="Key of a derived matcher")
    when: str = Field(pattern=r"^(pressure|announced|always)$")
    needs: str = ""
    recipients: list[Recipient] = Field(
        default_factory=lambda: [Recipient.DEBTOR, Recipient.THIRD_PARTY], min_length=1
    )


class Matcher(_Strict):
    """One way of recognising a problem. Its key is ``<category>/<id>``; which rule of a pack
    it reports is declared by the pack (a rule with ``check: wording`` lists the keys).

    ``terms`` are words matched with homophone and 拼音 variants; ``patterns`` are regular
    expressions over the normalised text, where ``{NAME}`` inserts a macro from
    ``macros.yaml``. Both accept homophones of the characters they contain.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: Prose = Field(min_length=1)
    explanation: Prose = Field(min_length=1, description="Why this wording is a problem")
    hint: Prose = Field(min_length=1, description="A compliant rewrite suggestion")
    recipients: list[Recipient] = Field(
        default_factory=lambda: [Recipient.DEBTOR, Recipient.THIRD_PARTY], min_length=1
    )
    negatable: bool = Field(
        default=True, description="A negation just before the match (不会、绝不…) clears it"
    )
    pinyin: bool = Field(default=True, description="Accept the terms spelled in 拼音")
    terms: list[Term] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    unless: list[str] = Field(
        default_factory=list,
        description="Patterns that, found near the match in the same sentence, clear it",
    )
    unless_in_message: list[str] = Field(
        default_factory=list,
        description="Patterns that, found anywhere in the message, clear it (a visit with "
        "consent and credentials is lawful)",
    )
    escalate: Escalation | list[Escalation] | None = Field(
        default=None,
        description="When this finding is also a finding of another kind (see Escalation); "
        "one or a list",
    )
    derived: bool = Field(
        default=False,
        description="Found only by escalating other findings; has no terms or patterns",
    )
    clause: bool = Field(
        default=False, description="A match must stay within one clause (no comma inside)"
    )
    rewrite: Prose = Field(
        default="",
        description="A compliant sentence to put instead (default: the last 「quote」 of the hint)",
    )

    @model_validator(mode="after")
    def _has_something_to_match(self) -> Matcher:
        if self.derived:
            if self.terms or self.patterns:
                raise ValueError("a derived matcher has no 'terms' or 'patterns'")
        elif not self.terms and not self.patterns:
            raise ValueError("a matcher needs at least one of 'terms' or 'patterns'")
        return self


class CategoryFile(_Strict):
    """``rules/<category>.yaml``: the matchers of one category."""

    category: Category
    label: str = Field(min_length=1, description="Chinese name of the category")
    matchers: list[Matcher] = Field(min_length=1)


class NegationSettings(_Strict):
    """How a negation in front of a match is recognised ("我们不会联系您的家人")."""

    cues: Regex
    strong_cues: Regex = Field(description="Cues whose scope a blocker does not end")
    max_gap: int = Field(ge=0, le=20, description="Characters allowed between cue and match")
    blockers: Regex = Field(
        description="Words between cue and match that end its scope (就、否则…)"
    )
    overrides: Regex = Field(description="Words that turn a negation into a threat (以为、信不信…)")


class PressureSettings(_Strict):
    """Cues that a statement is used as pressure (see :class:`Escalation`)."""

    condition: Regex = Field(description="否则、再不、不还的话…")
    deadline: Regex = Field(description="今天之内、三天内、最后期限…")
    announcement: Regex = Field(description="我们就、明天、马上、接下来…")
    done: Regex = Field(description="已经、已: a report of what happened, not a threat")
    window: int = Field(ge=0, le=80, description="Characters before a finding searched for cues")


class LearnedSettings(_Strict):
    """How the learned layer's probabilities are used (see :mod:`casebook.wording.learned`)."""

    flag: float = Field(gt=0, lt=1, description="No rule finding but at least this: a finding")
    doubt: float = Field(
        gt=0, lt=1, description="No rule finding, between doubt and flag: uncertain"
    )
    contradict: float = Field(gt=0, lt=1, description="Rule findings but below this: uncertain")
    min_bigrams: int = Field(ge=0, description="Fewer known two-character n-grams: no opinion")
    min_chars: int = Field(ge=0, description="A shorter sentence (normalised) gets no opinion")
    add_category: dict[Category, float] = Field(
        default_factory=dict,
        description="Rules found a problem: each listed category the model finds at least this"
        " likely is added (only categories whose additions were mostly right in CV)",
    )

    @field_validator("add_category")
    @classmethod
    def _probabilities(cls, value: dict[Category, float]) -> dict[Category, float]:
        for category, threshold in value.items():
            if not 0 < threshold < 1:
                raise ValueError(f"{category.value}: 阈值必须在 0 和 1 之间，现为 {threshold}")
        return value


class MentionSettings(_Strict):
    """Quoted words a message warns about (see :mod:`casebook.msgcheck.mentions`)."""

    before: Regex = Field(description="Cue ending just before a quotation: 自称、所谓、伪造的…")
    after: Regex = Field(description="Cue starting just after a quotation: 为名、的来电、之类…")
    warning: Regex = Field(description="The message warns: 警惕、诈骗、请勿…")
    reach: int = Field(ge=1, le=12, description="Characters either side searched for a cue")


class RewriteSettings(_Strict):
    """Compliant sentences used when a finding has no rewrite of its own."""

    debtor: Prose = Field(min_length=1)
    third_party: Prose = Field(min_length=1)


class Settings(_Strict):
    """``settings.yaml``."""

    negation: NegationSettings
    pressure: PressureSettings
    learned: LearnedSettings
    mentions: MentionSettings
    rewrite: RewriteSettings
    pinyin_min_letters: int = Field(ge=2, le=12)
    unless_window: int = Field(
        ge=0, le=60, description="Characters either side of a match searched for 'unless'"
    )


class CharMap(_Strict):
    """``charmap.yaml``: traditional and variant characters folded to simplified ones."""

    traditional: list[CharPair] = Field(min_length=1)
    variants: list[CharPair] = Field(default_factory=list)


class Homophones(_Strict):
    """``homophones.yaml``: characters substituted for a character to dodge filters."""

    homophones: dict[CjkChars, list[Annotated[str, Field(min_length=1, max_length=1)]]]


class Pinyin(_Strict):
    """``pinyin.yaml``: toneless 拼音 syllable → the characters read that way."""

    pinyin: dict[Annotated[str, Field(pattern=r"^[a-z]{1,6}$")], CjkChars]


class Macros(_Strict):
    """``macros.yaml``: named regex fragments shared by patterns."""

    macros: dict[Annotated[str, Field(pattern=r"^[A-Z][A-Z_]*$")], Regex]


class EvalMessage(_Strict):
    """One labelled message of the evaluation set."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    split: str = Field(pattern=r"^(dev|test)$")
    recipient: Recipient
    text: str = Field(min_length=1)
    expect: list[Category] = Field(default_factory=list, description="Categories expected")
    note: str = ""


class EvalFile(_Strict):
    """``eval/*.yaml``: labelled messages."""

    messages: list[EvalMessage] = Field(min_length=1)
