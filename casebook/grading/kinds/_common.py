"""Helpers shared by exercise kinds: points arithmetic and feedback from engine violations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from casebook.assess import Assessment, Violation
from casebook.grading.schema import ExerciseResult, FeedbackEntry, ItemResult, RuleLoss, Variant
from casebook.grading.textcheck import TextCheck
from casebook.model import Case
from casebook.policy.schema import Prose

if TYPE_CHECKING:
    from casebook.grading.catalog import ItemSpec
    from casebook.grading.kinds import GradingContext


class Distractor(BaseModel):
    """A tempting item that does not belong (e.g. on a letter), with why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Prose
    feedback: Prose
    rule: str | None = None


#: Points a text finding costs when its rule is not in the loaded packs.
DEFAULT_RULE_POINTS = 20


@cache
def _texts() -> dict[str, dict[str, str]]:
    import yaml

    path = resources.files("casebook") / "data" / "grading" / "texts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def kind_text(kind: str, key: str, **values: object) -> str:
    """A kind's prose from ``casebook/data/grading/texts.yaml`` with ``values`` filled in."""
    from casebook.grading.sheets.model import render

    return render(_texts()[kind][key], values)


def pts(value: float) -> float:
    """Points rounded to 2 decimals (never -0.0)."""
    return round(value, 2) + 0.0


def case_of(variant: Variant) -> Case:
    """The case stored in a variant's public data."""
    return Case.model_validate(variant.public["case"])


class RuleLedger:
    """Points lost per rule across the items of one exercise."""

    def __init__(self) -> None:
        self._lost: dict[str, float] = defaultdict(float)
        self._count: dict[str, int] = defaultdict(int)
        self._titles: dict[str, str] = {}

    def add(self, rule_id: str, title: str, points: float) -> None:
        self._lost[rule_id] += points
        self._count[rule_id] += 1
        self._titles.setdefault(rule_id, title)

    def losses(self) -> list[RuleLoss]:
        """Sorted by points lost (most first), then id."""
        return sorted(
            (
                RuleLoss(
                    rule_id=r,
                    title=self._titles[r],
                    count=self._count[r],
                    points_lost=pts(self._lost[r]),
                )
                for r in self._lost
            ),
            key=lambda loss: (-loss.points_lost, loss.rule_id),
        )


def violation_feedback(v: Violation, where: str = "", quote: str = "") -> FeedbackEntry:
    """Feedback for one engine violation: what happened, the rule, why, and what to do."""
    return FeedbackEntry(
        status="wrong",
        text=f"{where}{v.detail}",
        rule_id=v.rule_id,
        rule_title=v.title,
        citation=v.citation,
        why=v.why,
        instead=v.instead,
        quote=quote,
    )


def rule_feedback(
    ctx: GradingContext, rule_id: str, text: str, status: str = "wrong", quote: str = ""
) -> FeedbackEntry:
    """Feedback that names a pack rule (citation, why, what to do) for a non-engine check."""
    rule = ctx.rule(rule_id)
    if rule is None:
        return FeedbackEntry(status=status, text=text, rule_id=rule_id, quote=quote)
    return FeedbackEntry(
        status=status,
        text=text,
        rule_id=rule.id,
        rule_title=rule.title,
        citation=rule.citation.short(),
        why=rule.why,
        instead=rule.instead,
        quote=quote,
    )


def compliance_item(
    item: ItemSpec,
    assessment: Assessment,
    ledger: RuleLedger,
    describe_action: Any = None,
    ok_text: str = "计划未发现违规。",
) -> ItemResult:
    """An item worth ``item.points`` that loses each violation's pack points, scaled.

    The pack's points are out of 100 (the simulator's 合规分); an item worth 60 loses 60 % of
    them, so the item's points equal the simulator's compliance score scaled to the item.
    """
    scale = item.points / 100
    feedback: list[FeedbackEntry] = []
    lost = 0.0
    for v in assessment.violations:
        cost = v.points * scale
        lost += cost
        ledger.add(v.rule_id, v.title, min(cost, item.points))
        where = f"行动 #{v.action_index + 1}：" if v.action_index is not None else ""
        quote = (
            describe_action(v.action_index)
            if describe_action and v.action_index is not None
            else ""
        )
        feedback.append(violation_feedback(v, where, quote))
    if not feedback:
        feedback.append(FeedbackEntry(status="ok", text=ok_text))
    return ItemResult(
        item_id=item.id,
        title=item.title,
        points=pts(max(0.0, item.points - lost)),
        max_points=item.points,
        feedback=feedback,
    )


def text_compliance_item(
    item: ItemSpec,
    check: TextCheck,
    ctx: GradingContext,
    ledger: RuleLedger,
    text: str,
) -> ItemResult:
    """An item that loses each rule found in ``text`` once (pack points, scaled).

    When the wording judge is uncertain the item keeps its computed points but is marked
    需人工复核 (``review``), so a trainer checks it instead of trusting full marks.
    """
    findings = check.findings
    scale = item.points / 100
    feedback: list[FeedbackEntry] = []
    lost = 0.0
    seen: set[str] = set()
    for f in findings:
        rule = ctx.rule(f.rule_id)
        entry = FeedbackEntry(
            status="wrong",
            text=f.detail,
            rule_id=f.rule_id,
            rule_title=rule.title if rule else "",
            citation=f.citation or (rule.citation.short() if rule else ""),
            why=rule.why if rule else "",
            instead=f.hint or (rule.instead if rule else ""),
            quote=f.span,
        )
        feedback.append(entry)
        if f.rule_id in seen:
            continue
        seen.add(f.rule_id)
        cost = (rule.points if rule else DEFAULT_RULE_POINTS) * scale
        lost += cost
        ledger.add(f.rule_id, rule.title if rule else f.rule_id, min(cost, item.points))
    if not text.strip():
        return ItemResult(
            item_id=item.id,
            title=item.title,
            points=0.0,
            max_points=item.points,
            feedback=[FeedbackEntry(status="wrong", text="未作答：没有可检查的文字。")],
        )
    if not feedback:
        feedback.append(FeedbackEntry(status="ok", text="措辞未发现违规。"))
    if check.review:
        feedback.append(FeedbackEntry(status="info", text=f"需人工复核：{check.review}"))
    return ItemResult(
        item_id=item.id,
        title=item.title,
        points=pts(max(0.0, item.points - lost)),
        max_points=item.points,
        feedback=feedback,
        review=check.review,
    )


def proportional_item(
    item: ItemSpec, achieved: float, needed: float, feedback: Iterable[FeedbackEntry]
) -> ItemResult:
    """``item.points × min(1, achieved / needed)``."""
    share = 1.0 if needed <= 0 else max(0.0, min(1.0, achieved / needed))
    return ItemResult(
        item_id=item.id,
        title=item.title,
        points=pts(item.points * share),
        max_points=item.points,
        feedback=list(feedback),
    )


def total(items: Sequence[ItemResult]) -> float:
    """Sum of the items' points."""
    return pts(sum(i.points for i in items))


def exercise_result(
    kind: str, exercise: Any, items: list[ItemResult], ledger: RuleLedger, **fields: Any
) -> ExerciseResult:
    """What every kind returns: points summed from the items, rule losses from the ledger."""
    return ExerciseResult(
        exercise_id=exercise.id,
        kind=kind,
        points=total(items),
        max_points=exercise.max_points,
        items=items,
        rules=ledger.losses(),
        **fields,
    )


def placeholders(case: Case) -> dict[str, str]:
    """Values a message about ``case`` may mention: bank, hotline, name, honorific, balance."""
    from casebook.synth import BANK, HOTLINE

    title = "先生" if case.debtor.gender == "男" else "女士"
    return {
        "bank": BANK,
        "hotline": HOTLINE,
        "name": case.debtor.name,
        "honorific": f"{case.debtor.name[0]}{title}",
        "balance": f"{case.account.balance:,.2f}",
    }


def describe_action(case: Case, action: Any) -> str:
    """One line for an action, as the trainee planned it (used as the feedback quote)."""
    from casebook.model import CHANNEL_LABELS, PURPOSE_LABELS

    try:
        who = case.contact(action.target).relation
    except KeyError:
        who = action.target
    text = (
        f"{action.time.month}月{action.time.day}日 {action.time:%H:%M} "
        f"{CHANNEL_LABELS[action.channel]} → {who}（{PURPOSE_LABELS[action.purpose]}）"
    )
    return f"{text}：{action.message}" if action.message else text


def render_reference(template: str, variant: Variant) -> str:
    """A reference answer of an engine kind with the variant's case values filled in."""
    from casebook.grading.sheets.model import render

    values = placeholders(case_of(variant)) if "case" in variant.public else {}
    return render(template, {**variant.public, **values})
