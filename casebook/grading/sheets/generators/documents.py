"""``documents``: a model document drafted from a synthetic case file, with elements removed.

The seed picks the case file (:func:`casebook.documents.casefile.make_judicial_case`) and
which required elements are dropped (:func:`casebook.documents.review.draft_without`); the
practice variant is the book's example. The trainee ticks what is missing.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casebook.grading.sheets.model import Fill, GenOption

CASE_SEEDS = 10_000


class Practice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    case_seed: int = Field(ge=0)
    drop: list[str] = Field(min_length=1)


class Params(BaseModel):
    """``params``: the document, how many elements to drop, and what each element is for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: Literal["complaint", "payment_order", "preservation"] = "complaint"
    drop: int = Field(default=2, ge=1, le=4, description="Elements removed per variant")
    labels: dict[str, str] = Field(default_factory=dict, description="Friendlier option labels")
    purposes: dict[str, str] = Field(description="Why each element is required (when missed)")
    present_text: str = Field(description="Feedback when an element that is there is ticked")
    practice: Practice | None = None


def generate(exercise, params: Params, seed: int) -> Fill:
    """The draft of the variant (as HTML) and its required elements, the missing ones correct."""
    from casebook.documents.builders import BUILDERS, REQUIRED
    from casebook.documents.casefile import make_judicial_case
    from casebook.documents.render import doc_html
    from casebook.documents.review import draft_without

    required = REQUIRED[params.document]
    if seed == exercise.practice_seed and params.practice is not None:
        case_seed, drop = params.practice.case_seed, list(params.practice.drop)
    else:
        rng = random.Random(f"document:{exercise.id}:{seed}")
        case_seed = seed % CASE_SEEDS
        drop = sorted(rng.sample(list(required), params.drop))
    unknown = sorted(set(drop) - set(required))
    if unknown:
        raise ValueError(f"practice.drop: {unknown} are not elements of {params.document}")
    case = make_judicial_case(case_seed).masked()
    draft = draft_without(BUILDERS[params.document](case), drop)
    missing = set(draft.missing())
    options = [
        GenOption(
            element,
            {
                "label": params.labels.get(element, label),
                "why": params.purposes.get(element, "")
                if element in missing
                else params.present_text,
            },
            correct=element in missing,
            bases=["REF-CPL-PLEADING"],
        )
        for element, label in required.items()
    ]
    return Fill(
        values={"title": draft.title},
        facts={"document": params.document, "case_seed": case_seed, "title": draft.title},
        options={"elements": options},
        html=doc_html(draft),
    )
