"""``casebook schema submission``: print the JSON Schema of a file format.

Also ``manifest``, ``handout``, ``gradebook-row`` and ``answers --kind KIND`` (the
``answers`` object of one exercise kind).
"""

from __future__ import annotations

import argparse

from pydantic import BaseModel

from casebook.commands import print_json
from casebook.grading.kinds import KINDS, get_kind
from casebook.grading.schema import AssignmentManifest, GradebookRow, Handout, Submission
from casebook.io import InputFileError

MODELS: dict[str, type[BaseModel]] = {
    "submission": Submission,
    "manifest": AssignmentManifest,
    "handout": Handout,
    "gradebook-row": GradebookRow,
}


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.name == "answers":
        if not args.kind:
            raise InputFileError(
                f"--kind: required for 'answers'; one of {', '.join(sorted(KINDS))}"
            )
        try:
            model = get_kind(args.kind).Answers
        except KeyError as exc:
            raise InputFileError(f"--kind: {exc.args[0]}") from None
    else:
        model = MODELS[args.name]
    print_json(model.model_json_schema())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("schema", help="输出某种文件格式的 JSON Schema")
    parser.add_argument("name", choices=[*MODELS, "answers"])
    parser.add_argument("--kind", help="练习类型（与 answers 一起用）")
    parser.set_defaults(func=_cmd_schema)
