"""File handling for grading: atomic writes, text decoding, and reading submissions safely.

* Every output is written to a temporary file in the same folder and renamed over the
  target, so a crash or Ctrl-C leaves either the old file or the new one, never half a file;
  :class:`StagedFiles` does this for a whole set of outputs at once (all old or all new).
* Text from trainees and from Excel may be UTF-8 (with or without BOM), UTF-16 or GBK;
  :func:`decode_text` accepts all of them and says which was used.
* Submissions are read from a folder or a zip without extracting anything to disk, with
  caps on each file's size and on the total expanded size, so a 50 MB file or a zip bomb is
  rejected with a reason instead of filling memory.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casebook.io import InputFileError

#: Largest submission file accepted (a plan of 200 actions is well under 200 KB).
MAX_SUBMISSION_BYTES = 2 * 1024 * 1024
#: Largest total number of bytes expanded from one zip archive.
MAX_ARCHIVE_EXPANDED_BYTES = 256 * 1024 * 1024
#: Most members read from one zip archive.
MAX_ARCHIVE_MEMBERS = 20_000
#: Files that are never submissions and are skipped silently (editor and OS clutter).
#: Permissions of written files: what open() would give (mkstemp's are owner-only).
_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
_CLUTTER = {"__MACOSX", ".ipynb_checkpoints", "Thumbs.db", "desktop.ini"}


class StagedFiles:
    """A set of output files written in two phases: temporary files first, then renames.

    Each :meth:`write` goes to a temporary file next to its target; :meth:`commit` renames
    them all into place, in the order written. If anything fails before the commit — a full
    disk, a permission error, Ctrl-C — :meth:`discard` removes the temporary files and any
    folder created for them, so every earlier output stays exactly as it was and no half
    file is left. Used as a context manager it commits on success and discards on error.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []
        self._created: list[Path] = []

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()

    def _make_parents(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for parent in reversed(missing):
            parent.mkdir()
            self._created.append(parent)

    def write(self, path: str | Path, data: bytes, *, durable: bool = False) -> None:
        """Stage ``data`` for ``path``; with ``durable`` it is flushed to disk first."""
        path = Path(path)
        try:
            self._make_parents(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            self.discard()
            raise _naming(exc, path) from exc
        self._pending.append((tmp, path))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(tmp, _FILE_MODE)
        except OSError as exc:
            self.discard()
            raise _naming(exc, path) from exc
        except BaseException:
            self.discard()
            raise

    def write_text(
        self, path: str | Path, text: str, *, encoding: str = "utf-8", durable: bool = False
    ) -> None:
        """Stage text (see :meth:`write`)."""
        self.write(path, text.encode(encoding), durable=durable)

    def commit(self) -> None:
        """Rename every staged file over its target."""
        done = 0
        try:
            for tmp, path in self._pending:
                os.replace(tmp, path)
                done += 1
        except BaseException:
            del self._pending[:done]
            self.discard()
            raise
        self._pending.clear()
        self._created.clear()

    def discard(self) -> None:
        """Remove the staged files and the folders created for them (if left empty)."""
        for tmp, _ in self._pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._pending.clear()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._created.clear()


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` reported against the target ``path`` (not the temporary file)."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(path))


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename).

    With ``durable`` the data is flushed to disk before the rename (used for the gradebook,
    which holds the trainer's manual overrides).
    """
    with StagedFiles() as stage:
        stage.write(path, data, durable=durable)


def atomic_write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", durable: bool = False
) -> None:
    """Write text atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode(encoding), durable=durable)


def check_output_folder(path: str | Path, option: str = "--out") -> Path:
    """Refuse an output folder that is an existing file (or lies under one).

    Nothing is ever written over a file the user named by mistake.
    """
    path = Path(path)
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            if not candidate.is_dir():
                raise InputFileError(
                    f"{option} {path}: {candidate} 是已有的文件，不是文件夹；"
                    "casebook 不会覆盖它，请指定一个文件夹（不存在时会自动创建）"
                )
            break
    return path


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, with the encoding that worked."""

    text: str
    encoding: str

    @property
    def is_gbk(self) -> bool:
        return self.encoding == "gb18030"


def decode_text(data: bytes) -> DecodedText:
    """Decode UTF-8 (BOM optional), UTF-16 with BOM, or GBK/GB18030 (Excel in China).

    Raises ``UnicodeDecodeError`` when none of them fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(data.decode("utf-16"), "utf-16")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return DecodedText(data.decode("gb18030"), "gb18030")


def printable(text: str, limit: int = 200) -> str:
    """``text`` with control characters escaped, for terminals and logs."""
    out = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


@dataclass(frozen=True)
class SourceFile:
    """A candidate submission: where it came from and its bytes (or why it was refused)."""

    name: str
    data: bytes | None
    error: str | None = None
    skipped: bool = False


class SubmissionsPathError(ValueError):
    """The SUBMISSIONS argument is neither a folder nor a readable zip archive."""


def _too_big(size: int) -> str:
    return f"file too large: {size:,} bytes (limit {MAX_SUBMISSION_BYTES:,}); not read"


def _classify(name: str) -> tuple[bool, str | None]:
    """(skip silently, refusal reason) from the name alone."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if any(p in _CLUTTER or p.startswith(".") for p in parts):
        return True, None
    lower = name.lower()
    if lower.endswith(".ipynb"):
        return False, (
            "notebooks are not accepted (they are never executed): submit the JSON file "
            "written by the 提交 button"
        )
    if not lower.endswith(".json"):
        return False, "not a submission: only .json files written by the 提交 button are graded"
    return False, None


def iter_folder(folder: Path) -> Iterator[SourceFile]:
    """Submission files under ``folder`` (recursively, sorted, symbolic links refused)."""
    entries: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        base = Path(root)
        entries += [base / f for f in files]
        # Symbolic links to folders are listed in `dirs` but not followed.
        for d in list(dirs):
            if (base / d).is_symlink():
                entries.append(base / d)
                dirs.remove(d)
    for path in sorted(entries):
        name = path.relative_to(folder).as_posix()
        skip, reason = _classify(name)
        if skip:
            continue
        try:
            info = path.lstat()
        except OSError as exc:
            yield SourceFile(name, None, f"cannot read file: {exc.strerror}")
            continue
        if stat.S_ISLNK(info.st_mode):
            yield SourceFile(name, None, "symbolic link refused (it may point outside the folder)")
            continue
        if reason:
            yield SourceFile(name, None, reason)
            continue
        if not stat.S_ISREG(info.st_mode):
            yield SourceFile(name, None, "not a regular file")
            continue
        if info.st_size > MAX_SUBMISSION_BYTES:
            yield SourceFile(name, None, _too_big(info.st_size))
            continue
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_SUBMISSION_BYTES + 1)
        except OSError as exc:
            yield SourceFile(name, None, f"cannot read file: {exc.strerror}")
            continue
        if len(data) > MAX_SUBMISSION_BYTES:
            yield SourceFile(name, None, _too_big(len(data)))
            continue
        yield SourceFile(name, data)


def _unsafe_member(name: str) -> bool:
    normal = name.replace("\\", "/")
    return (
        normal.startswith("/")
        or (len(normal) > 1 and normal[1] == ":")
        or ".." in PurePosixPath(normal).parts
        or "\x00" in normal
    )


def iter_zip(archive: Path) -> Iterator[SourceFile]:
    """Submission files inside a zip archive, read in memory with size caps (never extracted)."""
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SubmissionsPathError(f"{archive}: not a readable zip archive: {exc}") from None
    with handle:
        members = [m for m in handle.infolist() if not m.is_dir()]
        expanded = 0
        for index, member in enumerate(sorted(members, key=lambda m: m.filename)):
            name = member.filename
            if index >= MAX_ARCHIVE_MEMBERS:
                yield SourceFile(name, None, f"archive has more than {MAX_ARCHIVE_MEMBERS:,} files")
                continue
            if _unsafe_member(name):
                yield SourceFile(name, None, "unsafe path in archive ('..' or absolute); not read")
                continue
            skip, reason = _classify(name)
            if skip:
                continue
            if reason:
                yield SourceFile(name, None, reason)
                continue
            if member.file_size > MAX_SUBMISSION_BYTES:
                yield SourceFile(
                    name,
                    None,
                    f"declared size {member.file_size:,} bytes exceeds the limit "
                    f"{MAX_SUBMISSION_BYTES:,} (possible zip bomb); not expanded",
                )
                continue
            if expanded + member.file_size > MAX_ARCHIVE_EXPANDED_BYTES:
                yield SourceFile(
                    name,
                    None,
                    f"archive expands beyond {MAX_ARCHIVE_EXPANDED_BYTES:,} bytes in total "
                    "(possible zip bomb); not expanded",
                )
                continue
            try:
                with handle.open(member) as stream:
                    data = stream.read(MAX_SUBMISSION_BYTES + 1)
            except (
                zipfile.BadZipFile,
                OSError,
                RuntimeError,
                NotImplementedError,
                EOFError,
            ) as exc:
                yield SourceFile(name, None, f"cannot read archive member: {exc}")
                continue
            expanded += len(data)
            if len(data) > MAX_SUBMISSION_BYTES:
                yield SourceFile(
                    name,
                    None,
                    "expands beyond its declared size and the limit "
                    f"{MAX_SUBMISSION_BYTES:,} bytes (zip bomb); not read",
                )
                continue
            yield SourceFile(name, data)


def iter_submission_files(path: str | Path) -> Iterator[SourceFile]:
    """Candidate submission files from a folder or a zip archive."""
    path = Path(path)
    if path.is_dir():
        return iter_folder(path)
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise SubmissionsPathError(f"{path}: not a folder and not a readable zip archive")
        return iter_zip(path)
    raise SubmissionsPathError(f"{path}: no such folder or zip archive")
