"""Sub-commands of the ``casebook`` CLI, one module each.

Every module here defines ``register(subparsers)``, which adds its sub-command (named after
the module, ``_`` written ``-``) and sets ``func`` (returning an exit code). :mod:`casebook.cli`
discovers the modules, so adding a command never means editing a shared file. The CLI imports
only the module of the command being run; keep this package's own imports light.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PACK_HELP = "规则包：内置名称（cn、house）或规则包目录；可重复（默认：cn）"


def print_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (Chinese kept readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def pack_names(values: list[str] | None) -> list[str]:
    """The ``--pack`` values, or the default packs."""
    from casebook.policy.loader import DEFAULT_PACKS

    return list(values) if values else list(DEFAULT_PACKS)
