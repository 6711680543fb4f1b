"""Draw a seeded drill set and grade answers, with feedback resolved from the packs.

The same seed always gives the same questions in the same order, with the same synthetic
people and amounts and the same option order; a different seed varies all three.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casebook.drills.loader import DrillBank, default_bank
from casebook.drills.schema import Area, Difficulty, DrillItem
from casebook.model import Case, Role
from casebook.money_text import yuan
from casebook.policy.schema import Rule
from casebook.sources import Citation
from casebook.synth import BANK, HOTLINE, make_case

KEYS = "ABCDEF"


@dataclass(frozen=True)
class ShownOption:
    """An option as shown to the trainee, with its resolved feedback."""

    key: str
    option_id: str
    text: str
    correct: bool
    feedback: str
    instead: str
    rule: Rule | None  # the pack rule the feedback rests on; its citation comes from the pack
    source: Citation | None  # a verified source of the registry, when no rule (or in addition)

    @property
    def basis(self) -> tuple[Citation, ...]:
        """The citations the feedback rests on: the rule's primary citation, then the source."""
        found = [self.rule.citation] if self.rule is not None else []
        return tuple(found + ([self.source] if self.source is not None else []))


@dataclass(frozen=True)
class DrillQuestion:
    """One drawn question: an item rendered on a seeded synthetic case."""

    number: int
    item_id: str
    area: Area
    difficulty: Difficulty
    topic: str
    case: Case
    facts: str
    show_case: bool
    question: str
    options: tuple[ShownOption, ...]
    multiple: bool
    lesson: str

    @property
    def correct_keys(self) -> frozenset[str]:
        return frozenset(o.key for o in self.options if o.correct)

    def key_of(self, option_id: str) -> str:
        """The display key (A, B …) of an option id (KeyError if absent)."""
        for option in self.options:
            if option.option_id == option_id:
                return option.key
        raise KeyError(option_id)

    def grade(self, selected: Iterable[str]) -> DrillResult:
        """Grade a selection of display keys: right only if it equals the correct set.

        Raises ValueError for a selection that cannot be an answer (see
        :func:`selection_problem`), e.g. two options on a single-choice question.
        """
        picked = [k.strip().upper() for k in selected]
        problem = selection_problem(picked, [o.key for o in self.options], self.multiple)
        if problem:
            raise ValueError(f"question {self.item_id}: {problem}")
        chosen = frozenset(picked)
        return DrillResult(question=self, selected=chosen, correct=chosen == self.correct_keys)


def selection_problem(picked: Sequence[str], keys: Sequence[str], multiple: bool) -> str | None:
    """Why ``picked`` (display keys) is not a possible answer, or None if it is.

    One rule for the drill widget and the exercise grader: keys must be shown options,
    none picked twice, and a single-choice question takes at most one.
    """
    unknown = [k for k in picked if k not in keys]
    if unknown:
        return f"unknown option key(s) {unknown}; options are {list(keys)}"
    if len(set(picked)) != len(picked):
        return "an option is picked twice"
    if not multiple and len(picked) > 1:
        return f"single-answer question, {len(picked)} options picked"
    return None


@dataclass(frozen=True)
class DrillResult:
    """The trainee's answer to one question."""

    question: DrillQuestion
    selected: frozenset[str]
    correct: bool

    @property
    def points(self) -> int:
        return 10 if self.correct else 0


def case_values(case: Case) -> dict[str, str]:
    """Placeholder values taken from a synthetic case (see ``schema.PLACEHOLDERS``)."""
    debtor = case.debtor_contact
    sibling = next(c for c in case.contacts if c.pre_agreed_contact)
    colleague = next(
        c for c in case.contacts if c.role is Role.THIRD_PARTY and not c.pre_agreed_contact
    )
    title = "先生" if case.debtor.gender == "男" else "女士"
    due = case.account.due_date
    return {
        "debtor": case.debtor.name,
        "debtor_title": case.debtor.name[0] + title,
        "ta": "他" if case.debtor.gender == "男" else "她",
        "relation": sibling.relation,
        "sibling": sibling.name,
        "colleague": colleague.name,
        "dpd": str(case.days_past_due),
        "bucket": case.bucket,
        "balance": yuan(case.account.balance),
        "principal": yuan(case.account.principal),
        "limit": yuan(case.account.credit_limit),
        "phone": debtor.phone or "",
        "card_tail": case.account.card_masked[-4:],
        "bank": BANK,
        "hotline": HOTLINE,
        "city": case.debtor.city,
        "occupation": case.debtor.occupation,
        "today": f"{case.as_of.month}月{case.as_of.day}日",
        "due_date": f"{due.year}年{due.month}月{due.day}日",
    }


def case_seed(seed: int, item_id: str) -> int:
    """The synthetic-case seed used for ``item_id`` in a drill drawn with ``seed``."""
    return zlib.crc32(f"drill:{seed}:{item_id}".encode()) % 100_000


def drill_case(seed: int, scenario: str) -> Case:
    """The synthetic case behind a drill item; ``fresh`` is a case nobody has contacted yet."""
    if scenario == "fresh":
        case = make_case(seed, "reachable")
        return case.model_copy(update={"history": [], "title": "尚未联系的逾期账户"})
    return make_case(seed, scenario)  # type: ignore[arg-type]


def render_item(item: DrillItem, seed: int, number: int = 1, bank: DrillBank | None = None):
    """Render ``item`` on the synthetic case for ``seed``, options in seeded order."""
    bank = bank or default_bank()
    case = drill_case(case_seed(seed, item.id), item.case.scenario)
    values = case_values(case)
    order = list(item.options)
    random.Random(f"drill-options:{seed}:{item.id}").shuffle(order)
    shown = tuple(
        ShownOption(
            key=KEYS[i],
            option_id=o.id,
            text=o.text.format_map(values),
            correct=o.correct,
            feedback=o.feedback.format_map(values),
            instead=o.instead.format_map(values),
            rule=bank.rules.get(o.rule),
            source=bank.references[o.ref] if o.ref is not None else None,
        )
        for i, o in enumerate(order)
    )
    return DrillQuestion(
        number=number,
        item_id=item.id,
        area=item.area,
        difficulty=item.difficulty,
        topic=item.topic,
        case=case,
        facts=item.case.facts.format_map(values),
        show_case=item.case.show_case,
        question=item.question.format_map(values),
        options=shown,
        multiple=item.multiple,
        lesson=item.lesson.format_map(values),
    )


def draw_drill(
    seed: int,
    difficulty: Difficulty | str | None = None,
    n: int = 10,
    area: Area | str | None = None,
    bank: DrillBank | None = None,
) -> list[DrillQuestion]:
    """A seeded drill set of up to ``n`` questions, mixing areas round-robin.

    ``difficulty`` and ``area`` filter the bank (Chinese labels such as 入门, 合规要点).
    Fewer than ``n`` questions are returned only if the filtered bank is smaller.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    bank = bank or default_bank()
    wanted_level = Difficulty(difficulty) if difficulty is not None else None
    wanted_area = Area(area) if area is not None else None
    pool = [
        item
        for item in bank.items
        if (wanted_level is None or item.difficulty is wanted_level)
        and (wanted_area is None or item.area is wanted_area)
    ]
    rng = random.Random(f"drill:{seed}")
    groups: dict[Area, list[DrillItem]] = {}
    for item in sorted(pool, key=lambda i: i.id):
        groups.setdefault(item.area, []).append(item)
    areas = sorted(groups, key=lambda a: list(Area).index(a))
    rng.shuffle(areas)
    for key in areas:
        rng.shuffle(groups[key])
    chosen: list[DrillItem] = []
    while len(chosen) < n and any(groups.values()):
        for key in areas:
            if groups[key] and len(chosen) < n:
                chosen.append(groups[key].pop())
    return [render_item(item, seed, number, bank) for number, item in enumerate(chosen, start=1)]


def drill_score(results: Iterable[DrillResult]) -> tuple[int, int]:
    """Points earned and points possible (10 per question)."""
    results = list(results)
    return sum(r.points for r in results), 10 * len(results)
