"""Per-trainee surface details of a transcript: other surnames, other amounts, same call.

A transcript writes its people's surnames and its amounts as placeholders (``{debtor}先生``,
``{balance} 元``). A variant fills them from a seed: distinct surnames drawn from
``variants.yaml`` and every amount scaled by one factor (rounded to 100 yuan, or to 10 yuan
under 1,000), so the relations between amounts and the review's answer stay the same.
"""

from __future__ import annotations

import random

from casebook.qa.schema import PLACEHOLDER, SurfaceFile, Transcript


def format_amount(amount: int) -> str:
    """8900 → ``8,900``."""
    return f"{amount:,}"


def written_values(transcript: Transcript) -> dict[str, str]:
    """The placeholder values as written in the data (used by the book)."""
    values = dict(transcript.names)
    values.update({k: format_amount(v) for k, v in transcript.amounts.items()})
    return values


def scaled_amount(amount: int, factor: float) -> int:
    """``amount × factor`` rounded to 100 yuan (10 yuan under 1,000), never below 10."""
    step = 100 if amount >= 1000 else 10
    return max(10, round(amount * factor / step) * step)


def surface_values(transcript: Transcript, surface: SurfaceFile, seed: int) -> dict[str, str]:
    """Placeholder values for a variant: deterministic in (transcript, seed)."""
    rng = random.Random(f"qa-surface:{transcript.id}:{seed}")
    keys = sorted(transcript.names)
    surnames = rng.sample(surface.surnames, len(keys))
    factor = rng.choice(surface.amount_factors)
    values = dict(zip(keys, surnames, strict=True))
    values.update(
        {k: format_amount(scaled_amount(v, factor)) for k, v in sorted(transcript.amounts.items())}
    )
    return values


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders replaced (KeyError for an unknown placeholder)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
