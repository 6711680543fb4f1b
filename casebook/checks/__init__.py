"""Checkers that enforce policy rules. Importing this package registers all of them."""

from casebook.checks import conduct, instalment, records, targets, timing
from casebook.checks.base import REGISTRY, CheckSpec, Context, Finding

__all__ = [
    "REGISTRY",
    "CheckSpec",
    "Context",
    "Finding",
    "conduct",
    "instalment",
    "records",
    "targets",
    "timing",
]
