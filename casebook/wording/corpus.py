"""Schema and loader of the wording corpus (``casebook/data/wording/``).

* ``sources.yaml`` — where the messages come from: regulator and court documents, published
  cases, news reports, complaint platforms, industry guidance. Each source names its kind,
  publisher, date, address, how its messages were derived, and the split it belongs to.
* ``corpus/*.yaml`` — the messages: text, channel, recipient, label, the checker categories
  a careful reviewer would report, finer ``patterns`` for analysis, the source and whether the
  text is a quote, a paraphrase or composed to illustrate what the source describes.

The split is a property of the source, never of a message, so the dev and test splits are
disjoint by source by construction. Loading validates everything and names the file, the
line and the field of any problem.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebook.msgcheck.lexicon import LexiconError, load_file
from casebook.msgcheck.schema import Category, Recipient
from casebook.policy.schema import Prose
from casebook.yamlnodes import line_of


class CorpusError(ValueError):
    """A file of the wording corpus is missing or invalid."""


class SourceKind(StrEnum):
    """What kind of document a source is."""

    REGULATOR = "regulator"  # laws, regulations, regulators' notices and penalties
    COURT = "court"  # judgments and case notes published by courts or procuratorates
    PUBLISHED_CASE = "published_case"  # court cases as reported by the press
    NEWS = "news"  # news reports and explainer articles quoting or describing messages
    COMPLAINT_PLATFORM = "complaint_platform"  # consumers' complaints, as published
    INDUSTRY_GUIDANCE = "industry_guidance"  # association guidelines, bank training material
    CASEBOOK_AUTHORS = "casebook_authors"  # written by this project


class Split(StrEnum):
    """Development data (may be used to build a checker) or held-out test data."""

    DEV = "dev"
    TEST = "test"


class Channel(StrEnum):
    """How the message reaches its recipient."""

    SMS = "sms"
    CALL = "call"
    LETTER = "letter"
    APP_PUSH = "app_push"


class Label(StrEnum):
    """The verdict a careful compliance reviewer would give."""

    COMPLIANT = "compliant"
    VIOLATION = "violation"


class Derivation(StrEnum):
    """How a message's text relates to its source."""

    QUOTE = "quote"  # the source's words, personal data removed
    PARAPHRASE = "paraphrase"  # a message the source reports, reworded
    COMPOSED = "composed"  # written to illustrate a practice or rule the source describes


class Pattern(StrEnum):
    """Finer tags for analysis: what a message does (violations) or is (compliant)."""

    # violations
    CONDITIONAL_HARM = "conditional_harm"  # 否则/再不…就 + harm to person, family, job, name
    VISIT_PRESSURE = "visit_pressure"  # announced visits or "finding you" used as pressure
    FAMILY_PRESSURE = "family_pressure"  # pressure on or through family members
    WORKPLACE_PRESSURE = "workplace_pressure"  # pressure through employer or colleagues
    VAGUE_MENACE = "vague_menace"  # 后果自负, 你等着, 别怪我们
    VIOLENCE_THREAT = "violence_threat"  # harm to body or property
    FALSE_LEGAL_STATUS = "false_legal_status"  # 立案/传票/通缉/刑事 asserted as done
    PREMATURE_LEGAL_STATUS = "premature_legal_status"  # asserted as imminent without basis
    FALSE_CONSEQUENCE = "false_consequence"  # invented consequences (终身黑名单, 子女不能上学)
    IMPERSONATION = "impersonation"  # posing as court, police, government or their documents
    INSULT = "insult"
    DISCLOSURE = "disclosure"  # the debt revealed to a third party
    PRIVACY_EXPOSURE = "privacy_exposure"  # broadcasting, posting, 爆通讯录 (done or threatened)
    FREQUENCY = "frequency"  # incessant or unreasonable-hour contact
    LIABILITY_CLAIM = "liability_claim"  # someone not liable told to pay
    # compliant
    NEUTRAL_REMINDER = "neutral_reminder"
    REASSURANCE_NEGATION = "reassurance_negation"  # 我们不会上门 / 不会联系您的家人
    TRUE_LEGAL_FACT = "true_legal_fact"  # an action actually taken (保全, 起诉, 扣收, 报送)
    LAWFUL_LITIGATION = "lawful_litigation"  # litigation mentioned as a lawful possibility
    LAWFUL_CONSEQUENCE = "lawful_consequence"  # true general consequences (征信, 利息)
    EMPATHY = "empathy"
    INSTALMENT_OFFER = "instalment_offer"
    IDENTITY_STATEMENT = "identity_statement"  # who is calling, 工号, recording notice
    THIRD_PARTY_LAWFUL = "third_party_lawful"  # asks a third party to pass on a call-back only
    DISPUTE_CHANNEL = "dispute_channel"  # how to object or complain
    LAWFUL_VISIT = "lawful_visit"  # a visit proposed with notice, credentials and consent
    FRAUD_WARNING = "fraud_warning"  # warns against impostors
    # either label
    OBFUSCATED = "obfuscated"  # spaces, 拼音, homophones, traditional or full-width characters


_T, _I, _P, _D = (
    Category.THREAT,
    Category.INSULT,
    Category.IMPERSONATION,
    Category.DISCLOSURE,
)
_X, _M, _H, _O = (
    Category.PRIVACY,
    Category.MISLEADING,
    Category.HARASSMENT,
    Category.DEBT_OF_OTHERS,
)

PATTERN_CATEGORIES: dict[Pattern, frozenset[Category]] = {
    Pattern.CONDITIONAL_HARM: frozenset({_T}),
    Pattern.VISIT_PRESSURE: frozenset({_T, _H}),
    Pattern.FAMILY_PRESSURE: frozenset({_T, _O, _X, _D}),
    Pattern.WORKPLACE_PRESSURE: frozenset({_T, _X, _D}),
    Pattern.VAGUE_MENACE: frozenset({_T}),
    Pattern.VIOLENCE_THREAT: frozenset({_T}),
    Pattern.FALSE_LEGAL_STATUS: frozenset({_M, _P}),
    Pattern.PREMATURE_LEGAL_STATUS: frozenset({_M}),
    Pattern.FALSE_CONSEQUENCE: frozenset({_M}),
    Pattern.IMPERSONATION: frozenset({_P}),
    Pattern.INSULT: frozenset({_I}),
    Pattern.DISCLOSURE: frozenset({_D, _X}),
    Pattern.PRIVACY_EXPOSURE: frozenset({_X}),
    Pattern.FREQUENCY: frozenset({_H}),
    Pattern.LIABILITY_CLAIM: frozenset({_O}),
}
"""Each violation pattern and the categories it can justify: an item must carry at least
one of them, and every category of an item must be justified by one of its patterns."""

VIOLATION_PATTERNS = frozenset(PATTERN_CATEGORIES)
COMPLIANT_PATTERNS = frozenset(set(Pattern) - VIOLATION_PATTERNS - {Pattern.OBFUSCATED})

_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_PII = re.compile(r"[0-9０-９]{11,}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """One document the messages of the corpus are drawn from."""

    id: str = Field(pattern=_ID)
    kind: SourceKind
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: str | None = Field(
        default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]"
    )
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    split: Split
    derivation: Prose = Field(min_length=1, description="How the messages were derived")
    note: Prose = ""


class SourcesFile(_Strict):
    """``sources.yaml``."""

    sources: list[Source] = Field(min_length=1)


class CorpusItem(_Strict):
    """One labelled message."""

    id: str = Field(pattern=_ID)
    text: str = Field(min_length=1, max_length=600)
    channel: Channel
    recipient: Recipient
    label: Label
    categories: list[Category] = Field(default_factory=list)
    patterns: list[Pattern] = Field(min_length=1)
    source: str = Field(pattern=_ID)
    derivation: Derivation
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> CorpusItem:
        if _PII.search(self.text):
            raise ValueError("text holds a run of 11 or more digits (phone or ID number?)")
        for name, values in (("categories", self.categories), ("patterns", self.patterns)):
            if len(set(values)) != len(values):
                raise ValueError(f"'{name}' lists a value twice")
        tags = set(self.patterns) - {Pattern.OBFUSCATED}
        if self.label is Label.COMPLIANT:
            if self.categories:
                raise ValueError("a compliant item has no categories")
            if not tags or tags - COMPLIANT_PATTERNS:
                raise ValueError(
                    "a compliant item needs compliant patterns only, got "
                    + ", ".join(sorted(tags - COMPLIANT_PATTERNS) or ["none"])
                )
            return self
        if not self.categories:
            raise ValueError("a violation needs at least one category")
        if not tags or tags - VIOLATION_PATTERNS:
            raise ValueError(
                "a violation needs violation patterns only, got "
                + ", ".join(sorted(tags - VIOLATION_PATTERNS) or ["none"])
            )
        for pattern in sorted(tags):
            if not PATTERN_CATEGORIES[pattern] & set(self.categories):
                allowed = ", ".join(sorted(PATTERN_CATEGORIES[pattern]))
                raise ValueError(f"pattern {pattern} needs one of the categories {allowed}")
        justified = set().union(*(PATTERN_CATEGORIES[p] for p in tags))
        for category in self.categories:
            if category not in justified:
                raise ValueError(f"category {category} is not justified by any pattern")
        return self


class CorpusFile(_Strict):
    """``corpus/*.yaml``: labelled messages."""

    items: list[CorpusItem] = Field(min_length=1)


def normalised_text(text: str) -> str:
    """Text folded for duplicate detection: NFKC, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if c.isalnum())


@dataclass(frozen=True)
class Corpus:
    """The loaded corpus: sources by id and items in file order."""

    sources: dict[str, Source]
    items: list[CorpusItem]

    def split_of(self, item: CorpusItem) -> Split:
        """The split of ``item`` (that of its source)."""
        return self.sources[item.source].split

    def items_in(self, split: str) -> list[CorpusItem]:
        """Items of one split (``dev``, ``test``) or ``all`` items."""
        if split == "all":
            return list(self.items)
        wanted = Split(split)
        return [item for item in self.items if self.split_of(item) is wanted]

    def kind_of(self, item: CorpusItem) -> SourceKind:
        """The kind of ``item``'s source."""
        return self.sources[item.source].kind


def default_corpus_dir() -> Path:
    """The corpus shipped with the package."""
    return Path(str(resources.files("casebook") / "data" / "wording"))


def _load(model, path: Path):
    try:
        return load_file(model, path)
    except LexiconError as exc:
        raise CorpusError(str(exc)) from None


def _where(path: Path, root, index: int, field: str) -> str:
    line = line_of(root, ["items", index, field])
    return f"{path}:{line}: field 'items[{index}].{field}'"


def load_corpus(directory: str | Path | None = None) -> Corpus:
    """Load and validate ``sources.yaml`` and ``corpus/*.yaml`` under ``directory``.

    Besides each file's schema this checks that ids are unique, that every item's source
    exists and every source has items, and that no text occurs twice.
    """
    root = Path(directory) if directory is not None else default_corpus_dir()
    sources_path = root / "sources.yaml"
    sources_file, sources_root = _load(SourcesFile, sources_path)
    sources: dict[str, Source] = {}
    for index, source in enumerate(sources_file.sources):
        if source.id in sources:
            line = line_of(sources_root, ["sources", index, "id"])
            raise CorpusError(
                f"{sources_path}:{line}: field 'sources[{index}].id': duplicate id {source.id!r}"
            )
        sources[source.id] = source
    files = sorted((root / "corpus").glob("*.yaml"))
    if not files:
        raise CorpusError(f"{root / 'corpus'}: no corpus files (*.yaml) found")
    items: list[CorpusItem] = []
    seen_ids: dict[str, Path] = {}
    seen_texts: dict[str, str] = {}
    for path in files:
        data, node = _load(CorpusFile, path)
        for index, item in enumerate(data.items):
            if item.id in seen_ids:
                raise CorpusError(
                    f"{_where(path, node, index, 'id')}: duplicate id {item.id!r} "
                    f"(first in {seen_ids[item.id]})"
                )
            if item.source not in sources:
                raise CorpusError(
                    f"{_where(path, node, index, 'source')}: unknown source {item.source!r}"
                )
            key = normalised_text(item.text)
            if key in seen_texts:
                raise CorpusError(
                    f"{_where(path, node, index, 'text')}: same text as item {seen_texts[key]!r}"
                )
            seen_ids[item.id] = path
            seen_texts[key] = item.id
            items.append(item)
    used = Counter(item.source for item in items)
    unused = [source_id for source_id in sources if not used[source_id]]
    if unused:
        raise CorpusError(f"{sources_path}: sources without items: {', '.join(unused)}")
    return Corpus(sources=sources, items=items)
