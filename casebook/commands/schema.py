"""``casebook schema submission``: print the JSON Schema of a file format.

Also ``manifest``, ``handout``, ``gradebook-row`` and ``answers --exercise ID`` (the
``answers`` object of one exercise, e.g. ``ex44``) or ``answers --kind KIND`` (of an
engine-graded exercise kind; question sheets differ per exercise).
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
    if args.name == "answers" and args.exercise:
        from casebook.grading.catalog import get_exercise

        try:
            exercise = get_exercise(args.exercise)
        except KeyError as exc:
            raise InputFileError(f"--exercise: {exc.args[0]}") from None
        kind = get_kind(exercise.kind)
        variant = kind.make_variant(exercise, exercise.practice_seed)
        print_json(kind.answers_schema(exercise, variant))
        return 0
    if args.name == "answers":
        if not args.kind:
            raise InputFileError(
                f"--exercise or --kind: required for 'answers'; kinds: {', '.join(sorted(KINDS))}"
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
    parser.add_argument("--exercise", help="练习编号，如 ex44（与 answers 一起用）")
    parser.add_argument("--kind", help="练习类型（与 answers 一起用）")
    parser.set_defaults(func=_cmd_schema)
