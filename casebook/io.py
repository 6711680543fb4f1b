"""Read case and action-log files (JSON or YAML) with errors that name the file and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from casebook.model import ActionLog, Case
from casebook.yamlnodes import field_path as _field_path

M = TypeVar("M", bound=BaseModel)


class InputFileError(ValueError):
    """A user-supplied file could not be read or does not match its schema."""


def read_data(path: str | Path) -> Any:
    """Parse a JSON (``.json``) or YAML (anything else) file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read file as UTF-8 text: {exc}") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InputFileError(f"{path}{line}: invalid YAML: {exc}") from None


def validate_file(model: type[M], data: Any, path: str | Path) -> M:
    """Validate parsed data, turning pydantic errors into one readable message."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"  - field '{_field_path(e['loc'])}': {e['msg']}" for e in exc.errors()]
        raise InputFileError(
            f"{path}: does not match the {model.__name__} schema:\n" + "\n".join(problems)
        ) from None


def load_case(path: str | Path) -> Case:
    """Load a case file."""
    return validate_file(Case, read_data(path), path)


def load_action_log(path: str | Path) -> ActionLog:
    """Load an action-log file (``{"case_id": …, "actions": […]}`` or a bare list of actions)."""
    data = read_data(path)
    if isinstance(data, list):
        data = {"actions": data}
    return validate_file(ActionLog, data, path)
