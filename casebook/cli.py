"""The ``casebook`` command line.

Contracts relied on by other tools (keep stable):

* ``casebook policy list [--pack NAME|DIR ...] --json`` prints a JSON array of rules with
  ``id, title, category, status, params, citation``.
* ``casebook assess CASE_FILE ACTIONS_FILE [--pack ...] --json`` prints the assessment.

Sub-commands live in :mod:`casebook.commands`, one module each.
Exit codes: 0 success (for ``assess``: even when violations were found), 2 bad input.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import casebook.commands
from casebook.io import InputFileError
from casebook.policy.loader import PackError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command module registered."""
    parser = argparse.ArgumentParser(prog="casebook", description="信用卡催收案例教程引擎")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for info in sorted(pkgutil.iter_modules(casebook.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"casebook.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casebook`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputFileError, PackError) as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
