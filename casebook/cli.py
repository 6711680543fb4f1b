"""The ``casebook`` command line.

Contracts relied on by other tools (keep stable):

* ``casebook policy list [--pack NAME|DIR ...] --json`` prints a JSON array of rules with
  ``id, title, category, status, params, citation``.
* ``casebook assess CASE_FILE ACTIONS_FILE [--pack ...] --json`` prints the assessment.

Sub-commands live in :mod:`casebook.commands`, one module each, named after the command
(``check_message`` → ``casebook check-message``). Only the module of the command being run is
imported, so a quick command does not pay for the engines (pandas, matplotlib …) of the others.
Usage, help and argument errors are in Chinese (:mod:`casebook.argparse_zh`).
Exit codes: 0 success (for ``assess``: even when violations were found), 2 bad input or
output that cannot be written (a message on stderr names the file; files written before stay
as they were). When the reader of the output goes away (``casebook … | head``) the command
stops quietly with code 141, as a shell command killed by SIGPIPE does.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

import casebook.commands
from casebook.argparse_zh import ChineseArgumentParser
from casebook.io import InputFileError
from casebook.policy.issues import PackError


def command_modules() -> dict[str, str]:
    """Command name → module name of every sub-command module (nothing is imported)."""
    return {
        info.name.replace("_", "-"): f"casebook.commands.{info.name}"
        for info in sorted(pkgutil.iter_modules(casebook.commands.__path__), key=lambda m: m.name)
    }


def requested_command(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` runs, when it names one before any option; else ``None``."""
    for arg in argv:
        if arg.startswith("-"):
            return None  # `casebook --help …`: the full list of commands is wanted
        return arg if arg in command_modules() else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every sub-command, or only ``command`` (imports only its module)."""
    parser = ChineseArgumentParser(prog="casebook", description="信用卡催收案例教程引擎")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name, module_name in command_modules().items():
        if command is None or name == command:
            importlib.import_module(module_name).register(subparsers)
    return parser


#: Exit code when stdout is closed by its reader (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141


def describe_os_error(exc: OSError) -> str:
    """A one-line Chinese explanation of a failed file operation, naming the file."""
    where = (
        f"{exc.filename}: " if exc.filename else "标准输出: " if exc.errno == errno.ENOSPC else ""
    )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "磁盘空间不足，无法写完"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "没有写入权限（或磁盘只读）"
    else:
        reason = f"文件读写失败（{exc.strerror or exc}）"
    return f"{where}{reason}；已有的文件保持原样，请处理后重试"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again.

    Only for the real stdout of a console run: a caller that replaced ``sys.stdout`` (a test
    capturing output) keeps its streams.
    """
    if sys.stdout is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casebook`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(requested_command(argv)).parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a full disk behind `> file` surfaces here, not at exit
        return code
    except (InputFileError, PackError) as exc:
        print(f"casebook：错误：{exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        if exc.filename is None:  # the failed write was to stdout, not to a named file
            _silence_stdout()
        print(f"casebook：错误：{describe_os_error(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
