"""Schema of the drill bank: items, options and the verified references they may cite.

A drill item is data (YAML under ``casebook/data/drills/``). Every option's feedback names
its basis: a rule id of a policy pack (the citation is then taken from the pack when the
bank is loaded, so the pack stays the one source of truth) and/or the id of a VERIFIED
source of the source registry (``casebook/data/sources/``, see :mod:`casebook.sources`).
"""

from __future__ import annotations

import string
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casebook.policy.schema import Prose
from casebook.synth import SCENARIOS


class Area(StrEnum):
    """The seed's four question areas, plus the judicial path."""

    CHANNELS = "催收途径"
    FAILURE = "催收失败的原因"
    EFFICIENCY = "提高催收效率"
    COMPLIANCE = "合规要点"
    JUDICIAL = "司法途径"


class Difficulty(StrEnum):
    """Drill difficulty, in teaching order."""

    BASIC = "入门"
    INTERMEDIATE = "进阶"
    ADVANCED = "高级"


DIFFICULTY_ORDER: tuple[Difficulty, ...] = tuple(Difficulty)


#: Placeholders a question, fact or feedback text may use; filled from a synthetic case.
PLACEHOLDERS: dict[str, str] = {
    "debtor": "持卡人姓名",
    "debtor_title": "称呼，如 王先生",
    "ta": "指代持卡人的「他」或「她」",
    "relation": "合同预留联系人与持卡人的关系（姐姐、哥哥……）",
    "sibling": "合同预留联系人的姓名",
    "colleague": "同事的姓名",
    "dpd": "逾期天数",
    "bucket": "逾期阶段（M1–M6+）",
    "balance": "欠款合计（带 ¥ 和千分位）",
    "principal": "未还本金（带 ¥ 和千分位）",
    "limit": "信用额度（带 ¥ 和千分位）",
    "phone": "持卡人掩码手机号",
    "card_tail": "卡号末四位",
    "bank": "虚构银行名称",
    "hotline": "银行客服电话",
    "city": "持卡人所在城市",
    "occupation": "持卡人职业",
    "today": "案件当天日期，如 3月12日",
    "due_date": "首次逾期日期，如 2026年1月10日",
}

_FORMATTER = string.Formatter()


def placeholders_in(text: str) -> list[str]:
    """The ``{name}`` placeholders used in ``text`` (ValueError if the braces are malformed)."""
    names = []
    for _, field_name, format_spec, conversion in _FORMATTER.parse(text):
        if field_name is None:
            continue
        if format_spec or conversion:
            raise ValueError(f"placeholder {{{field_name}}} may not carry a format or conversion")
        names.append(field_name)
    return names


def _check_placeholders(text: str) -> str:
    try:
        names = placeholders_in(text)
    except ValueError as exc:
        raise ValueError(f"malformed placeholder: {exc}") from None
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise ValueError(
            f"unknown placeholder(s) {unknown}; known: {', '.join(sorted(PLACEHOLDERS))}"
        )
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: Case scenarios a drill may use: those of casebook.synth, plus ``fresh`` (no contact yet).
DRILL_SCENARIOS: tuple[str, ...] = (*SCENARIOS, "fresh")


class CaseSpec(_Strict):
    """The case context: a synthetic case (varies by seed) plus optional fixed facts."""

    scenario: str = Field(default="reachable", description="Scenario for casebook.synth.make_case")
    facts: Prose = Field(default="", description="Extra facts shown with the case (Chinese)")
    show_case: bool = Field(
        default=True,
        description="Show the synthetic account card; off for items whose facts carry "
        "their own fixed figures (names still vary by seed)",
    )

    @field_validator("scenario")
    @classmethod
    def _known_scenario(cls, value: str) -> str:
        if value not in DRILL_SCENARIOS:
            raise ValueError(f"unknown scenario {value!r}; choose one of {list(DRILL_SCENARIOS)}")
        return value

    @field_validator("facts")
    @classmethod
    def _facts_placeholders(cls, value: str) -> str:
        return _check_placeholders(value)


class Option(_Strict):
    """One answer option with its own feedback."""

    id: str = Field(pattern=r"^[a-z]$", description="Stable option id: a, b, c …")
    text: Prose = Field(min_length=1)
    correct: bool
    feedback: Prose = Field(min_length=1, description="Why this option is right or wrong")
    rule: str | None = Field(default=None, description="Rule id of a policy pack")
    ref: str | None = Field(
        default=None, description="Id of a verified source in casebook/data/sources/"
    )
    instead: Prose = Field(
        default="",
        description="What to do instead of this wrong option (required for every wrong option: "
        "advice that answers this choice, never the rule's generic 'instead')",
    )

    @field_validator("text", "feedback", "instead")
    @classmethod
    def _text_placeholders(cls, value: str) -> str:
        return _check_placeholders(value)

    @model_validator(mode="after")
    def _has_basis(self) -> Option:
        if self.rule is None and self.ref is None:
            raise ValueError("an option needs a basis: 'rule' (pack rule id) and/or 'ref'")
        if not self.correct and not self.instead:
            raise ValueError("a wrong option must say 'instead': what to do instead of this choice")
        if self.correct and self.instead:
            raise ValueError("a correct option has no 'instead'; explain it in 'feedback'")
        return self


class DrillItem(_Strict):
    """One drill question."""

    id: str = Field(pattern=r"^D-[A-Z]{2}-\d{2}$", description="Stable id, e.g. D-CH-01")
    area: Area
    difficulty: Difficulty
    topic: str = Field(min_length=1, description="Short label, e.g. 现在用哪种方式")
    case: CaseSpec = Field(default_factory=CaseSpec)
    question: Prose = Field(min_length=1)
    options: list[Option] = Field(min_length=2, max_length=6)
    lesson: Prose = Field(min_length=1, description="The take-away, shown after answering")

    @field_validator("question", "lesson")
    @classmethod
    def _question_placeholders(cls, value: str) -> str:
        return _check_placeholders(value)

    @model_validator(mode="after")
    def _options_consistent(self) -> DrillItem:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate option ids: {ids}")
        if not any(o.correct for o in self.options):
            raise ValueError("at least one option must be correct")
        if all(o.correct for o in self.options):
            raise ValueError("at least one option must be wrong")
        for field in ("feedback", "instead"):
            seen: dict[str, str] = {}
            for o in self.options:
                text = getattr(o, field)
                if text and text in seen:
                    raise ValueError(
                        f"options {seen[text]} and {o.id} share the same {field!r}; "
                        "write feedback that answers each option"
                    )
                seen.setdefault(text, o.id)
        return self

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    @property
    def multiple(self) -> bool:
        """True if more than one option is correct (the trainee selects all that apply)."""
        return len(self.correct_ids) > 1


class DrillFile(_Strict):
    """A file of items of one difficulty (checked item by item by the loader)."""

    difficulty: Difficulty
    items: list[dict] = Field(min_length=1)
