"""Sample wording of mixed quality, used by the kinds' ``simulate`` (benchmark, tests).

The sentences are data (``casebook/data/grading/samples.yaml``). Placeholders: {bank},
{hotline}, {name}, {honorific}, {balance}.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _samples() -> dict[str, tuple[str, ...]]:
    path = resources.files("casebook") / "data" / "grading" / "samples.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: tuple(values) for key, values in data.items()}


def __getattr__(name: str) -> tuple[str, ...]:
    """``GOOD_TO_DEBTOR``, ``BAD_TO_DEBTOR``, ``GOOD_TO_THIRD_PARTY``, ``BAD_TO_THIRD_PARTY``."""
    samples = _samples()
    if name.lower() in samples:
        return samples[name.lower()]
    raise AttributeError(name)


def fill(template: str, **values: str) -> str:
    """``template`` with the placeholders it uses filled in."""
    return template.format(**values)
