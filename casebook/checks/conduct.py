"""What a collector says or writes, judged by the one wording judge (:mod:`casebook.wording`).

A rule with ``check: wording`` declares what it enforces in a message:

* ``matchers`` — keys of the judge's matchers (``threat_or_intimidation/implied-harm``) or a
  whole category (``insult/*``); the judge reports their findings under this rule. The
  keys are checked against the judge's data when the pack is loaded.
* ``phrases`` — the pack's own wording, as regular expressions on the normalised text (the
  judge's macros such as ``{FAMILY}`` and its homophones apply); a house pack uses them for
  words the bank bans beyond the law. They need a ``category`` and a ``title``.

The planner, the campaign, the graded exercises and ``casebook check-message`` all ask the
same judge, so a message gets the same verdict everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, cast

from pydantic import AfterValidator, Field, model_validator

from casebook.checks.base import Context, Finding, Params, checker, fmt_time
from casebook.model import CHANNEL_LABELS, Action
from casebook.msgcheck.schema import Category, Recipient

if TYPE_CHECKING:
    from casebook.msgcheck.engine import RecipientName, Verdict
    from casebook.policy.schema import Pack

_KEY = re.compile(r"^([a-z_]+)/([a-z0-9][a-z0-9-]*|\*)$")


def _valid_phrases(patterns: list[str]) -> list[str]:
    from casebook.msgcheck.lexicon import check_pattern

    for pattern in patterns:
        check_pattern(pattern)
    return patterns


def _known_matcher(key: str) -> str:
    from casebook.msgcheck.lexicon import matcher_keys

    found = _KEY.match(key)
    if not found:
        raise ValueError(f"expected '<category>/<matcher id>' or '<category>/*', got {key!r}")
    category, name = found.groups()
    if category not in {c.value for c in Category}:
        known = ", ".join(c.value for c in Category)
        raise ValueError(f"unknown wording category {category!r}; known: {known}")
    keys = matcher_keys()
    if name != "*" and key not in keys:
        same = sorted(k for k in keys if k.startswith(category + "/"))
        raise ValueError(f"the wording judge has no matcher {key!r}; known: {', '.join(same)}")
    return key


MatcherKey = Annotated[str, AfterValidator(_known_matcher)]


class WordingParams(Params):
    """Which of the judge's matchers this rule reports, and the pack's own phrases."""

    matchers: list[MatcherKey] = Field(default_factory=list)
    phrases: Annotated[list[str], AfterValidator(_valid_phrases)] = Field(default_factory=list)
    category: Category | None = Field(default=None, description="Category of phrase findings")
    title: str = Field(default="", description="What kind of wording the phrases are (Chinese)")
    recipients: list[Recipient] = Field(
        default_factory=lambda: [Recipient.DEBTOR, Recipient.THIRD_PARTY], min_length=1
    )

    @model_validator(mode="after")
    def _complete(self) -> WordingParams:
        if not self.matchers and not self.phrases:
            raise ValueError("a wording rule needs 'matchers', 'phrases' or both")
        if self.phrases and (self.category is None or not self.title):
            raise ValueError("'phrases' need a 'category' and a 'title'")
        return self


_VERDICTS: dict[tuple, tuple[tuple[Pack, ...], Verdict]] = {}


def _verdict(text: str, recipient: RecipientName, packs: Sequence[Pack] | None) -> Verdict:
    """The judge's verdict (no suggestions), cached: the planner and the campaign evaluate
    the same messages again and again (each edit, each step's before and after)."""
    from casebook.wording.engine import judge

    key = (text, recipient, *map(id, packs or ()))
    cached = _VERDICTS.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], packs or (), strict=True)):
        return cached[1]
    verdict = judge(text, recipient, packs or None, suggestions=False)
    if len(_VERDICTS) >= 512:
        _VERDICTS.clear()
    _VERDICTS[key] = (tuple(packs or ()), verdict)
    return verdict


def recipient_of(ctx: Context, action: Action) -> RecipientName:
    """Who receives ``action`` for the judge: an unrelated third party, or the debtor's side."""
    return "third_party" if ctx.is_unrelated_third_party(action) else "debtor"


@checker("wording", WordingParams, "话术措辞（话术判定器）")
def wording(params: WordingParams, ctx: Context) -> list[Finding]:
    rule_id = ctx.rule_id_of(params)
    findings = []
    for item in ctx.new_actions():
        action = item.action
        if not action.message:
            continue
        key = f"wording:{item.index}"
        verdict = cast("Verdict | None", ctx._cache.get(key))
        if verdict is None:
            verdict = _verdict(action.message, recipient_of(ctx, action), ctx.packs)
            ctx._cache[key] = verdict
        graded, _ = verdict.graded_findings()  # a category the model only adds is not scored
        mine = [f for f in graded if f.rule == rule_id]
        if not mine:
            continue
        first = mine[0]
        note = "（统计模型判断，需人工复核）" if first.source == "model" else ""
        if first.category is Category.DISCLOSURE:
            contact = ctx.case.contact(action.target)
            detail = f"{fmt_time(action.time)} 对{contact.relation}（{contact.name}）说出「{first.span}」"
        else:
            detail = (
                f"{fmt_time(action.time)} 的{CHANNEL_LABELS[action.channel]}中出现「{first.span}」"
            )
        findings.append(Finding(item.index, detail + note))
    return findings
