"""Checkers that enforce policy rules. Importing this package registers all of them.

Every module in this package registers its checkers with :func:`casebook.checks.base.checker`
when imported; modules are discovered, so a new checker module needs no edit here.
"""

import importlib
import pkgutil

from casebook.checks.base import REGISTRY, CheckSpec, Context, Finding

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name != "base":
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["REGISTRY", "CheckSpec", "Context", "Finding"]
