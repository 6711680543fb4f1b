"""Sub-commands of the ``casebook`` CLI, one module each.

Every module here defines ``register(subparsers)``, which adds its sub-command and sets
``func`` (returning an exit code). :mod:`casebook.cli` discovers the modules, so adding a
command never means editing a shared file.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from casebook.policy.loader import DEFAULT_PACKS

PACK_HELP = "policy pack: built-in name (cn, house) or pack directory; repeatable (default: cn)"


def print_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (Chinese kept readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def pack_names(values: list[str] | None) -> list[str]:
    """The ``--pack`` values, or the default packs."""
    return list(values) if values else list(DEFAULT_PACKS)
