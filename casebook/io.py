"""Read case and action-log files (JSON or YAML) with errors that name the file and field.

Every data file a user hands to the CLI goes through :func:`read_data`, which enforces the
input limits below before anything is validated, so hostile or broken files (huge, deeply
nested, ``NaN``, year 9999) are refused with a message instead of a crash. The grader's
submission reader uses the same :func:`loads_json` and :func:`check_tree`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from casebook.model import ActionLog, Case
from casebook.yamlnodes import field_path as _field_path
from casebook.yamlnodes import load_with_nodes

M = TypeVar("M", bound=BaseModel)

#: Largest input file read (an action log of 5,000 actions is about 1.5 MB).
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: Most actions in one action log, and most history entries in one case.
MAX_ACTIONS = 5_000
#: Most contacts in one case (a real case names a handful of people).
MAX_CONTACTS = 1_000
#: Deepest nesting of lists and objects (real files use fewer than ten levels).
MAX_NESTING = 64
#: Most values (numbers, strings, lists, objects) in one file once YAML aliases are expanded
#: (5,000 actions are about 70,000); stops "billion laughs" alias bombs.
MAX_VALUES = 500_000
#: Numbers must be finite and smaller than this in absolute value (the 64-bit integer range).
MAX_ABS_NUMBER = 2**63
#: Dates and times must fall in these years (inclusive).
MIN_YEAR, MAX_YEAR = 1900, 2199

_DATE_LIKE = re.compile(
    r"(?P<year>\d{4,})-\d{1,2}-\d{1,2}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)


class InputFileError(ValueError):
    """A user-supplied file could not be read or does not match its schema."""


class UnsafeDataError(ValueError):
    """Parsed data breaks an input limit; the message names the field (not the file).

    ``malformed`` is true when the text is not valid data at all (``NaN``, nesting beyond
    any parser, integers with thousands of digits) rather than valid data out of range.
    """

    def __init__(self, message: str, *, malformed: bool = False):
        super().__init__(message)
        self.malformed = malformed


_TOO_DEEP = f"列表或对象嵌套过深（上限 {MAX_NESTING} 层），文件不像是正常数据，已拒绝"


def _walk(data: Any) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Every value of a parsed tree with its location, without recursion."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        yield value, loc
        if len(loc) > MAX_NESTING:
            continue
        if isinstance(value, dict):
            stack.extend((v, (*loc, k)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, (*loc, i)) for i, v in reversed(list(enumerate(value))))


def _where(loc: tuple[Any, ...]) -> str:
    return f"field '{_field_path(loc)}'"


def _within_limits(data: Any) -> bool:
    """True if ``data`` passes every check of :func:`check_tree` (a fast walk without paths)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES or depth > MAX_NESTING:
            return False
        kind = type(value)
        if kind is str:
            if len(value) < 64 and (value[:1].isdigit() or value[:1].isspace()):
                match = _DATE_LIKE.fullmatch(value.strip())
                if match and not MIN_YEAR <= int(match["year"]) <= MAX_YEAR:
                    return False
        elif kind is dict:
            stack.extend((v, depth + 1) for v in value.values())
        elif kind is list:
            stack.extend((v, depth + 1) for v in value)
        elif kind is int or kind is float:
            if not math.isfinite(value) or abs(value) >= MAX_ABS_NUMBER:
                return False
        elif kind is not bool and value is not None:
            return False  # dates, other types: checked (and located) by the full walk
    return True


def check_tree(data: Any) -> None:
    """Refuse parsed JSON/YAML that breaks the input limits (:class:`UnsafeDataError`).

    Checks the number of values (at most :data:`MAX_VALUES`, counting YAML aliases as often
    as they are used), nesting depth (at most :data:`MAX_NESTING`), numbers (finite, below
    :data:`MAX_ABS_NUMBER`) and dates (years :data:`MIN_YEAR`–:data:`MAX_YEAR`, whether
    parsed by YAML or written as ISO 8601 text), so later arithmetic cannot overflow.
    Clean data takes one fast walk; the paths for the message are found only on a problem.
    """
    if _within_limits(data):
        return
    for count, (value, loc) in enumerate(_walk(data), start=1):
        if count > MAX_VALUES:
            raise UnsafeDataError(
                f"数据过多：超过 {MAX_VALUES:,} 个值（展开 YAML 别名后计），文件不像是正常数据，已拒绝",
                malformed=True,
            )
        if len(loc) > MAX_NESTING:
            raise UnsafeDataError(f"{_where(loc[:MAX_NESTING])}: {_TOO_DEEP}", malformed=True)
        if isinstance(value, bool):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            shown = "NaN" if math.isnan(value) else ("-" if value < 0 else "") + "Infinity"
            raise UnsafeDataError(
                f"{_where(loc)}: {shown} 不是有限数值（不接受 NaN 和无穷大），请写实际数字",
                malformed=True,
            )
        if isinstance(value, int | float) and abs(value) >= MAX_ABS_NUMBER:
            shown = repr(value) if len(repr(value)) <= 24 else repr(value)[:20] + "…"
            raise UnsafeDataError(
                f"{_where(loc)}: 数值 {shown} 过大（绝对值须小于 2^63，约 9.2×10^18）"
            )
        year = None
        if isinstance(value, date):
            year = value.year
        elif (
            isinstance(value, str)
            and len(value) < 64
            and (match := _DATE_LIKE.fullmatch(value.strip()))
        ):
            year = int(match["year"])
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise UnsafeDataError(
                f"{_where(loc)}: 日期 {value} 的年份超出可处理范围（{MIN_YEAR}–{MAX_YEAR} 年）"
            )


def loads_json(text: str) -> Any:
    """Parse JSON text and apply :func:`check_tree`.

    Raises ``json.JSONDecodeError`` for syntax errors (with the line) and
    :class:`UnsafeDataError` for data that breaks an input limit (``NaN``, nesting too deep
    for the parser, an integer with thousands of digits, …).
    """
    try:
        data = json.loads(text)  # NaN/Infinity become floats that check_tree names
    except RecursionError:
        raise UnsafeDataError(_TOO_DEEP, malformed=True) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer longer than Python's 4,300-digit limit
        raise UnsafeDataError(f"无法读取的数值（位数过多）：{exc}", malformed=True) from None
    check_tree(data)
    return data


def loads_yaml(text: str) -> Any:
    """Parse YAML text (safe loader) and apply :func:`check_tree`.

    Raises ``yaml.YAMLError`` for syntax errors and :class:`UnsafeDataError` as
    :func:`loads_json` does.
    """
    return loads_yaml_with_nodes(text)[0]


def loads_yaml_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """:func:`loads_yaml` plus the composed node tree (for line numbers in error messages).

    One parse, with libyaml when PyYAML has it (:func:`casebook.yamlnodes.load_with_nodes`).
    """
    try:
        data, root = load_with_nodes(text)
    except RecursionError:
        raise UnsafeDataError(_TOO_DEEP, malformed=True) from None
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(getattr(exc, "problem", "")):  # libyaml's own limit
            raise UnsafeDataError(_TOO_DEEP, malformed=True) from None
        raise
    except (ValueError, OverflowError) as exc:  # huge integers, impossible timestamps
        raise UnsafeDataError(f"无法读取的数值或日期：{exc}", malformed=True) from None
    check_tree(data)
    return data, root


def read_text_capped(path: str | Path, limit: int | None = None) -> str:
    """A file's text (UTF-8, BOM optional), refusing files over ``limit`` bytes.

    ``limit`` defaults to :data:`MAX_INPUT_BYTES`.
    """
    path = Path(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputFileError(f"{path}: 文件过大：{size:,} 字节（上限 {limit:,} 字节），未读取")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputFileError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: 这是一个文件夹，不是数据文件") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise InputFileError(f"{path}: 文件过大（超过 {limit:,} 字节），未读取")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: cannot read file as UTF-8 text: {exc}") from None


def read_data(path: str | Path) -> Any:
    """Parse a JSON (``.json``) or YAML (anything else) file within the input limits."""
    path = Path(path)
    text = read_text_capped(path)
    try:
        if path.suffix.lower() == ".json":
            return loads_json(text)
        return loads_yaml(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InputFileError(f"{path}{line}: invalid YAML: {exc}") from None
    except UnsafeDataError as exc:
        raise InputFileError(f"{path}: {exc}") from None


def validate_file(model: type[M], data: Any, path: str | Path) -> M:
    """Validate parsed data, turning pydantic errors into one readable message."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"  - field '{_field_path(e['loc'])}': {e['msg']}" for e in exc.errors()]
        raise InputFileError(
            f"{path}: does not match the {model.__name__} schema:\n" + "\n".join(problems)
        ) from None
    except ArithmeticError as exc:  # a date or amount pushed out of range while normalising
        raise InputFileError(f"{path}: 日期或数值超出可处理范围：{exc}") from None


def check_count(
    data: Any, key: str, path: str | Path, limit: int | None = None, advice: str = "请拆分文件"
) -> None:
    """Refuse a list ``data[key]`` longer than ``limit`` (default :data:`MAX_ACTIONS`).

    Run before validation, so a file of a million actions is refused in milliseconds.
    """
    limit = MAX_ACTIONS if limit is None else limit
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list) and len(items) > limit:
        raise InputFileError(
            f"{path}: field '{key}': {len(items):,} 条记录，超过上限 {limit:,} 条；{advice}"
        )


def load_case(path: str | Path) -> Case:
    """Load a case file."""
    data = read_data(path)
    check_count(data, "history", path)
    check_count(data, "contacts", path, MAX_CONTACTS, "一个案件只应列出与之有关的人")
    return validate_file(Case, data, path)


def load_action_log(path: str | Path) -> ActionLog:
    """Load an action-log file (``{"case_id": …, "actions": […]}`` or a bare list of actions)."""
    data = read_data(path)
    if isinstance(data, list):
        data = {"actions": data}
    check_count(data, "actions", path)
    return validate_file(ActionLog, data, path)
