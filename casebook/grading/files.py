"""File handling for grading: folders swapped into place, text decoding, reading submissions.

* A set of outputs (an assignment folder, a grading run's gradebook, pages and report) is
  written with :class:`FolderSwap`: every file goes into a fresh folder next to the target,
  which is then swapped into place in one step. A crash, a full disk or a killed process
  leaves either every old output or every new one, and the next run removes whatever a
  killed run left behind. Single files (a trainee's submission) use :func:`atomic_write_text`.
* Text from trainees and from Excel may be UTF-8 (with or without BOM), UTF-16 or GBK;
  :func:`decode_text` accepts all of them and says which was used.
* Submissions are read from a folder or a zip without extracting anything to disk, with
  caps on each file's size, on the total expanded size and on the number of files, so a
  50 MB file, a zip bomb or a million-file archive is answered with a reason instead of
  filling memory. Every entry that is not graded — hidden files, macOS and Windows clutter,
  empty folders, links — is listed with a reason, never skipped silently.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import errno
import functools
import os
import secrets
import shutil
import stat
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from casebook.io import InputFileError

#: Largest submission file accepted (a plan of 200 actions is well under 200 KB).
MAX_SUBMISSION_BYTES = 2 * 1024 * 1024
#: Largest total number of bytes expanded from one zip archive.
MAX_ARCHIVE_EXPANDED_BYTES = 256 * 1024 * 1024
#: Most files read from one zip archive or folder; the rest are counted, not read.
MAX_ARCHIVE_MEMBERS = 20_000
#: Permissions of written files: what open() would give (mkstemp's are owner-only).
_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
_DIR_MODE = 0o777 & ~_UMASK
#: Names of the folders a :class:`FolderSwap` keeps next to its target while it works.
_STAGING = ".casebook-new-"
_RETIRED = ".casebook-old-"


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` reported against ``path`` (the output, not the temporary file)."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(path))


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = False) -> None:
    """Write one file atomically: a temporary file in the same folder, renamed over ``path``.

    With ``durable`` the data is flushed to disk before the rename. For a set of files that
    belong together use :class:`FolderSwap`.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _naming(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from exc
        raise


def atomic_write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", durable: bool = False
) -> None:
    """Write text atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode(encoding), durable=durable)


@functools.cache
def _exchange_call() -> Callable[[bytes, bytes], int] | None:
    """The C call that swaps two paths atomically, if this system has one."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # pragma: no cover - Windows
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        call = libc.renameat2
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        call.argtypes += [ctypes.c_uint]
        at_fdcwd, rename_exchange = -100, 2
        return lambda a, b: call(at_fdcwd, a, at_fdcwd, b, rename_exchange)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):  # pragma: no cover - macOS
        call = libc.renamex_np
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        rename_swap = 2
        return lambda a, b: call(a, b, rename_swap)
    return None  # pragma: no cover


def exchange_paths(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system cannot."""
    call = _exchange_call()
    if call is None:
        return False  # pragma: no cover
    if call(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # e.g. a file system without the exchange operation
    raise OSError(code, os.strerror(code), str(b))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _remove(path: Path) -> None:
    """Remove a folder we made (or a file), ignoring what cannot be removed now."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _fsync_folder(path: Path) -> None:
    """Flush a folder's entries to disk (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover_folder(target: str | Path) -> None:
    """Tidy up after a :class:`FolderSwap` that was killed: the outputs end up all old or all new.

    Half-built folders are removed. A retired (old) folder is removed when the target exists,
    and put back as the target when a kill came between the two renames of a system without
    an atomic swap.
    """
    target = Path(os.path.realpath(target))
    parent, prefix = target.parent, f".{target.name}"
    try:
        leftovers = sorted(p for p in parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return
    for path in leftovers:
        rest = path.name[len(prefix) :]
        if rest.startswith(_STAGING):
            _remove(path)
        elif rest.startswith(_RETIRED):
            if target.exists() or target.is_symlink():
                _remove(path)
            else:
                with contextlib.suppress(OSError):
                    os.rename(path, target)


class FolderSwap:
    """Write a complete new version of a folder beside it, then swap it into place.

    ::

        with FolderSwap(out, owned={"report.html", "feedback"}) as swap:
            swap.write_text("report.html", html)

    Files go into ``.<name>.casebook-new-…`` next to ``target``. On success, every entry of
    the old folder that is not ``owned`` (the trainer's own files) is carried over by hard
    link (or copy), and the new folder replaces the old one in one atomic exchange where
    the system has it (Linux, macOS), else by two renames. On any error, Ctrl-C included,
    the new folder is removed and the old one is untouched; after a killed run, the next
    :class:`FolderSwap` on the same target cleans up first (:func:`recover_folder`).
    """

    def __init__(self, target: str | Path, owned: Iterable[str]):
        self.given = Path(target)
        self.target = Path(os.path.realpath(target))
        self.owned = frozenset(owned)
        self.staging: Path | None = None
        self._created: list[Path] = []

    def __enter__(self) -> FolderSwap:
        try:
            here = Path.cwd().resolve()
        except OSError:
            here = None
        if here is not None and (here == self.target or self.target in here.parents):
            raise InputFileError(
                f"--out {self.given}: 不能是当前所在的文件夹（或它的上级）：输出会整个换成一个新文件夹，"
                f"终端会停留在已删除的旧文件夹里。请到 {self.target.parent} 下运行，例如 --out {self.target.name}"
            )
        parent = self.target.parent
        try:
            missing = [p for p in (parent, *parent.parents) if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                self._created.append(folder)
            recover_folder(self.target)
            self.staging = Path(
                tempfile.mkdtemp(prefix=f".{self.target.name}{_STAGING}", dir=parent)
            )
        except OSError as exc:
            self._discard()
            raise _naming(exc, self.given) from exc
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            self._commit()
        except BaseException:
            self._discard()
            raise

    def path(self, relative: str) -> Path:
        """Where ``relative`` (a path inside the target) is written while staging."""
        assert self.staging is not None, "use FolderSwap as a context manager"
        return self.staging / relative

    def write(
        self, relative: str, data: bytes, *, durable: bool = False, mode: int = 0o666
    ) -> None:
        """Write one file of the new folder (``durable``: flushed to disk before the swap)."""
        path = self.path(relative)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
        except OSError as exc:
            raise _naming(exc, self.given / relative) from exc

    def write_text(
        self, relative: str, text: str, *, encoding: str = "utf-8", durable: bool = False
    ) -> None:
        """Write text (see :meth:`write`)."""
        self.write(relative, text.encode(encoding), durable=durable)

    def _commit(self) -> None:
        assert self.staging is not None
        target, staging = self.target, self.staging
        old = target if target.is_dir() else None
        try:
            if old is not None:
                for entry in sorted(os.listdir(old)):
                    if entry in self.owned or (staging / entry).exists():
                        continue
                    source, copy = old / entry, staging / entry
                    if source.is_symlink():
                        os.symlink(os.readlink(source), copy)
                    elif source.is_dir():
                        shutil.copytree(source, copy, symlinks=True, copy_function=_link_or_copy)
                    else:
                        _link_or_copy(str(source), str(copy))
                os.chmod(staging, stat.S_IMODE(old.stat().st_mode))
            else:
                os.chmod(staging, _DIR_MODE)
            _fsync_folder(staging)
            if old is None:
                os.rename(staging, target)
            elif exchange_paths(staging, target):
                _remove(staging)  # now the old folder
            else:
                retired = target.parent / f".{target.name}{_RETIRED}{secrets.token_hex(4)}"
                os.rename(target, retired)
                os.rename(staging, target)
                _remove(retired)
        except OSError as exc:
            raise _naming(exc, self.given) from exc
        self.staging = None
        self._created.clear()
        _fsync_folder(target.parent)

    def _discard(self) -> None:
        if self.staging is not None:
            _remove(self.staging)
            self.staging = None
        recover_folder(self.target)
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._created.clear()


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


class SubmissionsPathError(ValueError):
    """The SUBMISSIONS argument is neither a folder nor a readable zip archive."""


# -- entries that are never submissions -----------------------------------------------------

_MACOS_FOLDER = "__MACOSX"
_SYSTEM_FILES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
_HIDDEN_FOLDER = "隐藏文件夹（名称以「.」开头，如 .ipynb_checkpoints、.git），不是提交"
_MACOS_REASON = "macOS 压缩时附带的资源文件夹（__MACOSX），不是提交"
_EMPTY_FOLDER = "空文件夹，没有可评分的文件"


def _skipped_folder(part: str) -> str | None:
    """Why a folder named ``part`` is not read (None: read it)."""
    if part == _MACOS_FOLDER:
        return _MACOS_REASON
    if part.startswith("."):
        return _HIDDEN_FOLDER
    return None


def _classify(name: str) -> str | None:
    """Why the file ``name`` (its last path part) is not a submission, from the name alone."""
    base = PurePosixPath(name.replace("\\", "/")).name
    if base.startswith("._"):
        return "macOS 附带的资源文件（名称以「._」开头），不是提交，未读取"
    if base.startswith("."):
        return "隐藏文件（名称以「.」开头，如 .DS_Store），不是提交，未读取"
    if base.lower() in _SYSTEM_FILES:
        return "Windows 系统文件，不是提交，未读取"
    lower = base.lower()
    if lower.endswith(".ipynb"):
        return (
            "notebooks are not accepted (they are never executed): submit the JSON file "
            "written by the 提交 button"
        )
    if not lower.endswith(".json"):
        return "not a submission: only .json files written by the 提交 button are graded"
    return None


def _too_big(size: int) -> str:
    return f"file too large: {size:,} bytes (limit {MAX_SUBMISSION_BYTES:,}); not read"


def _over_cap(where: str, total: int, unit: str) -> SourceFile:
    skipped = total - MAX_ARCHIVE_MEMBERS
    return SourceFile(
        where,
        None,
        f"{unit}共有 {total:,} 个文件，超过上限 {MAX_ARCHIVE_MEMBERS:,} 个：只读取了前 "
        f"{MAX_ARCHIVE_MEMBERS:,} 个，其余 {skipped:,} 个未读取；请拆分后分别评分",
    )


# -- folders ------------------------------------------------------------------------------


def iter_folder(folder: Path) -> Iterator[SourceFile]:
    """Submission files under ``folder`` (recursively, sorted; links, hidden files refused)."""
    refused: list[SourceFile] = []
    entries: list[str] = []
    total = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        base = Path(root)
        rel = base.relative_to(folder).as_posix()
        prefix = "" if rel == "." else rel + "/"
        if prefix and not dirs and not files:
            refused.append(SourceFile(prefix, None, _EMPTY_FOLDER))
        for d in list(dirs):
            path = base / d
            if path.is_symlink():  # listed in `dirs` but never followed
                dirs.remove(d)
                files.append(d)
            elif reason := _skipped_folder(d):
                dirs.remove(d)
                refused.append(SourceFile(f"{prefix}{d}/", None, reason + "，未读取其中的文件"))
        for f in sorted(files):
            total += 1
            if total <= MAX_ARCHIVE_MEMBERS:
                entries.append(prefix + f)
    if total > MAX_ARCHIVE_MEMBERS:
        refused.append(_over_cap(f"{folder.name}/", total, "文件夹"))
    listed = [*((e, None) for e in entries), *((r.name, r) for r in refused)]
    for name, ready in sorted(listed, key=lambda pair: pair[0]):
        yield ready if ready is not None else _read_folder_file(folder / name, name)


def _read_folder_file(path: Path, name: str) -> SourceFile:
    try:
        info = path.lstat()
    except OSError as exc:
        return SourceFile(name, None, f"cannot read file: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode):
        return SourceFile(name, None, "symbolic link refused (it may point outside the folder)")
    if reason := _classify(name):
        return SourceFile(name, None, reason)
    if not stat.S_ISREG(info.st_mode):
        return SourceFile(name, None, "not a regular file")
    if info.st_size > MAX_SUBMISSION_BYTES:
        return SourceFile(name, None, _too_big(info.st_size))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SUBMISSION_BYTES + 1)
    except OSError as exc:
        return SourceFile(name, None, f"cannot read file: {exc.strerror}")
    if len(data) > MAX_SUBMISSION_BYTES:
        return SourceFile(name, None, _too_big(len(data)))
    return SourceFile(name, data)


# -- zip archives -------------------------------------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory
_EOCD_SIGNATURE = b"PK\x05\x06"
_LOCATOR = struct.Struct("<4sLQL")  # zip64 end of central directory locator
_LOCATOR_SIGNATURE = b"PK\x06\x07"
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # zip64 end of central directory record
_EOCD64_SIGNATURE = b"PK\x06\x06"
_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # central directory file header
_ENTRY_SIGNATURE = b"PK\x01\x02"


@dataclass(frozen=True)
class _Directory:
    """Where an archive's central directory is and how many entries it declares."""

    entries: int
    start: int  # file position of the first central directory entry
    offset: int  # the directory's offset as recorded (differs from start if data was prepended)


def _read_directory(handle: BinaryIO) -> _Directory | None:
    """The central directory of a zip file from its end records (None if not found)."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    window = min(size, (1 << 16) + _EOCD.size)
    handle.seek(size - window)
    tail = handle.read(window)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or at + _EOCD.size > len(tail):
        return None
    _sig, _disk, _disk_cd, _here, entries, length, offset, _comment = _EOCD.unpack_from(tail, at)
    location = size - window + at
    records = location
    if location >= _LOCATOR.size + _EOCD64.size:
        handle.seek(location - _LOCATOR.size)
        locator = handle.read(_LOCATOR.size)
        if locator[:4] == _LOCATOR_SIGNATURE:
            handle.seek(location - _LOCATOR.size - _EOCD64.size)
            record = handle.read(_EOCD64.size)
            if record[:4] == _EOCD64_SIGNATURE:
                fields = _EOCD64.unpack(record)
                entries, length, offset = fields[7], fields[8], fields[9]
                records = location - _LOCATOR.size - _EOCD64.size
    start = records - length
    return _Directory(entries, start, offset) if start >= 0 else None


class _FirstEntries:
    """A read-only view of a zip file whose central directory ends after its first entries.

    The view is the archive up to the end of the kept entries, followed by a new end
    record that declares only them, so :mod:`zipfile` reads (and allocates for) no more
    than the cap, however many entries the archive declares.
    """

    def __init__(self, handle: BinaryIO, kept_end: int, tail: bytes, name: str):
        self._handle, self._kept_end, self._tail = handle, kept_end, tail
        self._size = kept_end + len(tail)
        self._pos = 0
        self.name = name

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise OSError(errno.EINVAL, "negative seek position")
        self._pos = base + offset
        return self._pos

    def read(self, n: int = -1) -> bytes:
        end = self._size if n is None or n < 0 else min(self._size, self._pos + n)
        parts = []
        if self._pos < self._kept_end:
            self._handle.seek(self._pos)
            parts.append(self._handle.read(min(end, self._kept_end) - self._pos))
        if end > self._kept_end:
            parts.append(
                self._tail[max(self._pos, self._kept_end) - self._kept_end : end - self._kept_end]
            )
        data = b"".join(parts)
        self._pos += len(data)
        return data

    def close(self) -> None:
        self._handle.close()


def _open_capped(archive: Path) -> tuple[zipfile.ZipFile, int, BinaryIO | None]:
    """Open ``archive``; with more entries than the cap, only the first ones are read.

    Returns the zip file, the number of entries the archive declares and the file handle
    to close after the zip file (None when :mod:`zipfile` opened the archive itself).
    """
    with archive.open("rb") as probe:
        directory = _read_directory(probe)
    if directory is None or directory.entries <= MAX_ARCHIVE_MEMBERS:
        return zipfile.ZipFile(archive), directory.entries if directory else 0, None
    handle = archive.open("rb")
    try:
        handle.seek(directory.start)
        length = 0
        for _ in range(MAX_ARCHIVE_MEMBERS):
            header = handle.read(_ENTRY.size)
            if len(header) < _ENTRY.size or header[:4] != _ENTRY_SIGNATURE:
                raise zipfile.BadZipFile("Bad magic number for central directory")
            fields = _ENTRY.unpack(header)
            extra = fields[12] + fields[13] + fields[14]
            handle.seek(extra, os.SEEK_CUR)
            length += _ENTRY.size + extra
        kept_end = directory.start + length
        if kept_end >= 0xFFFFFFFF or directory.offset >= 0xFFFFFFFF:
            raise zipfile.BadZipFile("archive larger than 4 GiB with too many files")
        tail = _EOCD.pack(
            _EOCD_SIGNATURE, 0, 0, MAX_ARCHIVE_MEMBERS, MAX_ARCHIVE_MEMBERS, length,
            directory.offset, 0,
        )  # fmt: skip
        view = _FirstEntries(handle, kept_end, tail, str(archive))
        return zipfile.ZipFile(view), directory.entries, handle
    except BaseException:
        handle.close()
        raise


def archive_member_count(archive: Path) -> int:
    """How many entries a zip archive declares (read from its end record only)."""
    try:
        with archive.open("rb") as handle:
            directory = _read_directory(handle)
    except OSError:
        return 0
    return directory.entries if directory else 0


def _unsafe_member(name: str) -> bool:
    normal = name.replace("\\", "/")
    return (
        normal.startswith("/")
        or (len(normal) > 1 and normal[1] == ":")
        or ".." in PurePosixPath(normal).parts
        or "\x00" in normal
    )


def _skipped_prefix(name: str) -> tuple[str, str] | None:
    """(folder, reason) when the file ``name`` lies in a folder that is never read."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    for depth, part in enumerate(parts[:-1]):
        if reason := _skipped_folder(part):
            return "/".join(parts[: depth + 1]) + "/", reason
    return None


def _parents(name: str) -> list[str]:
    """The folders ``name`` lies in, outermost first, each with a trailing slash."""
    parts = PurePosixPath(name.rstrip("/")).parts
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def iter_zip(archive: Path) -> Iterator[SourceFile]:
    """Submission files inside a zip archive, read in memory with size caps (never extracted)."""
    try:
        handle, declared, raw = _open_capped(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SubmissionsPathError(f"{archive}: not a readable zip archive: {exc}") from None
    return _zip_sources(archive, handle, declared, raw)


def _zip_sources(
    archive: Path, handle: zipfile.ZipFile, declared: int, raw: BinaryIO | None
) -> Iterator[SourceFile]:
    try:
        infos = handle.infolist()
        inside = {folder for m in infos for folder in _parents(m.filename)}
        refused: dict[str, tuple[str, int]] = {}
        members = []
        for member in infos:
            name = member.filename
            unsafe = _unsafe_member(name)
            if member.is_dir():
                skipped = None if unsafe else _skipped_prefix(name.rstrip("/") + "/x")
                if skipped is not None:
                    refused.setdefault(skipped[0], (skipped[1], 0))
                elif name not in inside:
                    refused[name] = (_EMPTY_FOLDER, -1)
                continue
            skipped = None if unsafe else _skipped_prefix(name)
            if skipped is not None:
                folder, reason = skipped
                refused[folder] = (reason, refused.get(folder, (reason, 0))[1] + 1)
            else:
                members.append(member)
        listed: list[tuple[str, SourceFile | zipfile.ZipInfo]] = [
            (
                folder,
                SourceFile(folder, None, reason if n < 0 else f"{reason}，其中 {n:,} 个文件未读取"),
            )
            for folder, (reason, n) in refused.items()
        ]
        listed += [(m.filename, m) for m in members]
        if declared > MAX_ARCHIVE_MEMBERS:
            listed.append((archive.name, _over_cap(archive.name, declared, "压缩包")))
        expanded = 0
        for _name, item in sorted(listed, key=lambda pair: pair[0]):
            if isinstance(item, SourceFile):
                yield item
                continue
            source, size = _read_member(handle, item, expanded)
            expanded += size
            yield source
    finally:
        handle.close()
        if raw is not None:
            raw.close()


def _read_member(
    handle: zipfile.ZipFile, member: zipfile.ZipInfo, expanded: int
) -> tuple[SourceFile, int]:
    """One archive member as a source file, and how many bytes it expanded to."""
    name = member.filename
    if _unsafe_member(name):
        return SourceFile(name, None, "unsafe path in archive ('..' or absolute); not read"), 0
    if reason := _classify(name):
        return SourceFile(name, None, reason), 0
    if member.file_size > MAX_SUBMISSION_BYTES:
        return SourceFile(
            name,
            None,
            f"declared size {member.file_size:,} bytes exceeds the limit "
            f"{MAX_SUBMISSION_BYTES:,} (possible zip bomb); not expanded",
        ), 0
    if expanded + member.file_size > MAX_ARCHIVE_EXPANDED_BYTES:
        return SourceFile(
            name,
            None,
            f"archive expands beyond {MAX_ARCHIVE_EXPANDED_BYTES:,} bytes in total "
            "(possible zip bomb); not expanded",
        ), 0
    try:
        with handle.open(member) as stream:
            data = stream.read(MAX_SUBMISSION_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        return SourceFile(name, None, f"cannot read archive member: {exc}"), 0
    if len(data) > MAX_SUBMISSION_BYTES:
        return SourceFile(
            name,
            None,
            "expands beyond its declared size and the limit "
            f"{MAX_SUBMISSION_BYTES:,} bytes (zip bomb); not read",
        ), len(data)
    return SourceFile(name, data), len(data)


def count_candidates(path: str | Path) -> int:
    """How many entries a folder or zip holds, up to the cap (for a progress bar)."""
    path = Path(path)
    if path.is_dir():
        return min(sum(len(files) for _, _, files in os.walk(path)), MAX_ARCHIVE_MEMBERS)
    return min(archive_member_count(path), MAX_ARCHIVE_MEMBERS)


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
