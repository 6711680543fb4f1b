"""Identifiers that end up in file names: trainee, exercise and assignment ids.

An id is used as a folder or file name (``handouts/<trainee_id>/<exercise_id>.json``,
``feedback/<trainee_id>.html``), so anything that could escape a folder or confuse a file
system is refused: no ``/``, ``\\``, ``..``, leading dots, control characters, and none of
the names Windows reserves for devices (``CON``, ``NUL``, ``COM1`` …).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(10)
}


class UnsafeIdError(ValueError):
    """An id that cannot safely be used as a file name."""


def check_id(value: str, what: str = "id") -> str:
    """Return ``value`` if it is a safe id, else raise :class:`UnsafeIdError` saying why."""
    if not isinstance(value, str):
        raise UnsafeIdError(f"{what} must be a string")
    if not ID_PATTERN.fullmatch(value):
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise UnsafeIdError(
            f"{what} {shown!r} is not allowed: use 1–64 letters, digits, '-' or '_', "
            "starting with a letter or digit (no '/', '..', spaces or other characters)"
        )
    if value.upper() in _WINDOWS_DEVICES:
        raise UnsafeIdError(f"{what} {value!r} is a reserved device name on Windows")
    return value


def _validate(value: str) -> str:
    try:
        return check_id(value)
    except UnsafeIdError as exc:
        raise ValueError(str(exc)) from None


#: A pydantic type for ids that become file names.
SafeId = Annotated[
    str,
    AfterValidator(_validate),
    Field(json_schema_extra={"pattern": ID_PATTERN.pattern, "maxLength": 64}),
]
