"""Files written atomically and JSON-lines files read line by line: one place for each.

``atomic_write`` and ``atomic_directory`` write under a temporary name beside the target and
rename into place, so a reader never sees half a file and an interrupted write leaves nothing.
The result gets the permissions an ordinary ``open()`` would give (0666 or 0777 less the umask),
not the 0600/0700 of a temporary file.

``read_jsonl`` is the one JSONL reader of detector/ and training/: it yields each non-blank line
as a parsed value or as the error that line has (E003 undecodable, E004 invalid JSON, E007 too
long), with its line number; each caller decides what a bad line means for it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from .errors import DetectorError, Errors
from .runguard import raise_if_signalled


def _tmp_name(target: Path) -> str:
    """``.<name>.<pid>.``: hidden, and naming the process, so a killed run's leftovers can be
    told from a running one's (remove_stale_temporaries)."""
    return f".{target.name}.{os.getpid()}."


def remove_stale_temporaries(parent: Path, prefix: str) -> list[Path]:
    """Remove what killed runs left in ``parent``: ``<prefix><pid>.*`` entries whose process is gone.

    A write goes to ``.<name>.<pid>.<random>`` and is renamed at the end; SIGKILL leaves the
    hidden file or directory behind. Readers never look at hidden entries, and the next write of
    the same name cleans up the ones whose process no longer runs (a running write is left alone).
    """

    def writer(name: str) -> int | None:
        if not name.startswith(prefix):
            return None
        pid_part = name[len(prefix):].split(".", 1)[0]
        return int(pid_part) if pid_part.isdigit() else None

    return _remove_dead_writers(parent, writer)


_ANY_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$")


def remove_stale_temporary_files(parent: Path) -> list[Path]:
    """``remove_stale_temporaries`` for every target in ``parent`` at once, in one pass over it:
    a writer of thousands of files in one directory (the pages of a report) calls this once and
    writes with ``clean_stale=False``, where a pass per file read the directory thousands of times."""

    def writer(name: str) -> int | None:
        m = _ANY_TEMPORARY.match(name)
        return int(m.group(1)) if m else None

    return _remove_dead_writers(parent, writer, directories=False)


def _remove_dead_writers(parent: Path, writer, *, directories: bool = True) -> list[Path]:
    """Remove the entries of ``parent`` whose name ``writer`` reads a pid from (None: not a
    temporary) when that process is gone; ``directories``: temporary directories too."""
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        pid = writer(entry.name)
        if pid is None or _process_alive(pid):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if not directories:
                    continue
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _temporary_name(target: Path, suffix: str = "") -> Path:
    """A fresh hidden name beside ``target``: ``.<name>.<pid>.<random><suffix>``.

    Writers keep this name *before* creating the file or directory (``os.open`` with O_EXCL,
    ``os.mkdir``), so a signal turned into an exception (detector.runguard) can land at any
    instant and the cleanup still knows what to remove; ``tempfile.mkstemp`` hands the name back
    only after the file exists. The pid and 48 random bits make the name this writer's own."""
    return target.parent / f"{_tmp_name(target)}{secrets.token_hex(6)}{suffix}"


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", *, encoding: str = "utf-8",
                 errors: str = "strict", newline: str | None = "", clean_stale: bool = True) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    ``mode`` is "w" (text) or "wb". On any exception the temporary file is removed and
    ``path`` is untouched. Parent directories are created. A target that exists and is not a
    regular file (``/dev/null``, a terminal, a named pipe), or that names one of this process's
    open descriptors (``/dev/stdout`` when the shell sent it to a file), is written in place:
    renaming a file over it would put a regular file where the device, pipe or link was, for
    every later user.

    Raises:
        DetectorError: [E040] the target cannot be written there at all (a directory, a parent
            that is a file, a read-only file system), before anything is written. A failure
            while writing (a full disk) is the OSError itself.
    """
    from .safeio import describe_oserror

    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    if written_in_place(target):
        yield from _write_in_place(target, mode, encoding=encoding, errors=errors, newline=newline)
        return
    tmp: Path | None = None
    try:
        try:
            if target.is_dir():
                raise IsADirectoryError(21, "Is a directory", str(target))
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError as exc:  # a part of the path is a file
                raise NotADirectoryError(20, "Not a directory", str(target.parent)) from exc
            if clean_stale:  # False: the caller ran remove_stale_temporary_files over the directory
                remove_stale_temporaries(target.parent, f".{target.name}.")
            tmp = _temporary_name(target, ".tmp")
            # 0o666 less the umask, as open() would make it: not mkstemp's private 0o600
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise DetectorError(Errors.E040, detail=describe_oserror(exc), source=str(target)) from exc
        with _open_fd(fd, mode, encoding=encoding, errors=errors, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        raise_if_signalled()
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


def is_special_file(target: str | os.PathLike) -> bool:
    """An existing target, symbolic links followed, that is neither a regular file nor a directory."""
    try:
        st = os.stat(target)
    except OSError:
        return False
    return not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode))


# the names Linux gives a process's open descriptors: /proc/self/fd/1, /proc/4242/fd/1, /dev/fd/1
_DESCRIPTOR_NAME = re.compile(r"/(?:proc/(?:self|\d+)|dev)/fd/\d+")
#: Links followed, at the most, to find whether a target names a descriptor (the kernel's own limit).
_MAX_LINKS = 40


def names_a_descriptor(target: str | os.PathLike) -> bool:
    """``target`` is, or links to, a name of an open descriptor (``/dev/stdout`` is a link to
    ``/proc/self/fd/1``), whatever that descriptor leads to: a terminal, a pipe or the file a
    shell's ``>`` opened."""
    path = os.path.abspath(target)
    for _ in range(_MAX_LINKS):
        if _DESCRIPTOR_NAME.fullmatch(path):
            return True
        try:
            link = os.readlink(path)
        except OSError:
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return False


def written_in_place(target: str | os.PathLike) -> bool:
    """Whether ``atomic_write`` writes ``target`` as it is rather than renaming a new file over it:
    a device or a pipe, or a descriptor's name."""
    return is_special_file(target) or names_a_descriptor(target)


def _write_in_place(target: Path, mode: str, *, encoding: str, errors: str, newline: str | None) -> Iterator[IO]:
    """``target`` (a device, a pipe, a descriptor's name) opened for writing as it is: nothing to
    rename or remove. Appending, so a file the shell opened keeps what it holds (``>>``) and one
    it emptied (``>``) is written from its start."""
    from .safeio import describe_oserror

    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
    except OSError as exc:
        raise DetectorError(Errors.E040, detail=describe_oserror(exc), source=str(target)) from exc
    with _open_fd(fd, mode, encoding=encoding, errors=errors, newline=newline) as fh:
        yield fh
        fh.flush()


def _open_fd(fd: int, mode: str, *, encoding: str, errors: str, newline: str | None) -> IO:
    """The file object over ``fd`` that ``atomic_write`` hands out: binary for "wb", else text."""
    if mode == "wb":
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding=encoding, errors=errors, newline=newline)


def recorded_path(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """``path`` as a results or metadata file should record it: relative to ``root`` when it lies
    in ``root``'s parent directory (``../shared/data/x.jsonl``, ``detector/models/default``), so the
    file names no one machine's directories; absolute otherwise."""
    path, root = Path(path).resolve(), Path(root).resolve()
    return os.path.relpath(path, root) if path.is_relative_to(root.parent) else str(path)


def write_text_atomic(path: str | os.PathLike, text: str, *, errors: str = "strict", clean_stale: bool = True) -> Path:
    """Write ``text`` to ``path`` atomically as UTF-8 (see ``atomic_write``)."""
    with atomic_write(path, errors=errors, clean_stale=clean_stale) as fh:
        fh.write(text)
    return Path(path)


def write_jsonl(records: Iterable[Any], path: str | os.PathLike) -> int:
    """Write ``records`` as JSON lines to ``path`` atomically; returns how many were written."""
    n = 0
    with atomic_write(path) as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


@contextmanager
def atomic_directory(path: str | os.PathLike, *, exists_error=None) -> Iterator[Path]:
    """Build a new directory under a temporary name beside ``path``; on success rename it to
    ``path``. An existing ``path`` is never replaced: ``exists_error`` (an exception, default a
    DetectorError E024) is raised before anything is written, and again if ``path`` appears meanwhile."""
    target = Path(path)

    def exists() -> BaseException:
        return exists_error or DetectorError(Errors.E024, source=str(target))

    if target.exists() or target.is_symlink():
        raise exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent, f".{target.name}.")
    tmp: Path | None = None
    try:
        tmp = _temporary_name(target)
        os.mkdir(tmp, 0o777)  # less the umask: a model is shared data, not mkdtemp's private 0o700
        yield tmp
        if target.exists() or target.is_symlink():
            raise exists()
        raise_if_signalled()
        os.rename(tmp, target)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise


# -- JSON lines ---------------------------------------------------------------------------------

#: A line longer than this is refused (E007) without being held in memory: no article is that long.
MAX_LINE_BYTES = 4_000_000


@dataclass(slots=True)
class JsonLine:
    """One non-blank line of a JSONL file: its parsed ``value``, or the ``error`` that it has;
    ``replaced`` lists the repairs safeio.parse_json made (NaN written as null...)."""

    line: int
    value: Any = None
    error: DetectorError | None = None
    replaced: list[str] = field(default_factory=list)


def read_jsonl(source: str | os.PathLike | BinaryIO | Iterable[bytes], *, name: str | None = None,
               max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[JsonLine]:
    """Each non-blank line of a JSONL file as a ``JsonLine``: a path (opened only if it is a
    regular file), a binary stream, or an iterable of byte lines.

    Lines end at LF, CRLF or CR; UTF-16/32 with a BOM is read too; a UTF-8 byte-order mark is
    skipped; a line over ``max_line_bytes`` is skipped unread (E007); JSON is parsed with
    safeio.parse_json (nesting limit, no NaN). Raises OSError (safeio.UnreadableFile) when a path
    cannot be opened; bad lines never raise.
    """
    from .safeio import JSONError, LongLine, open_regular, parse_json

    if isinstance(source, str | os.PathLike):
        with open_regular(source) as fh:
            yield from read_jsonl(fh, name=name or str(source), max_line_bytes=max_line_bytes)
        return
    where = name or "<stream>"
    for lineno, raw in jsonl_lines(source, max_line_bytes):
        if isinstance(raw, LongLine):
            yield JsonLine(lineno, error=DetectorError(
                Errors.E007, detail=f"the line is {raw.length:,} bytes long; the limit is {max_line_bytes:,}, far "
                                    "beyond one record: were its line breaks lost, or records run together? Put "
                                    "one record on each line",
                source=where, line=lineno))
            continue
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield JsonLine(lineno, error=DetectorError(Errors.E003, byte=exc.start, source=where, line=lineno))
            continue
        try:
            parsed = parse_json(text)
        except JSONError as exc:
            yield JsonLine(lineno, error=DetectorError(Errors.E004, detail=str(exc), source=where, line=lineno))
            continue
        yield JsonLine(lineno, value=parsed.value, replaced=parsed.replaced)


def jsonl_lines(stream, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes or safeio.LongLine) of a JSONL stream: bounded lines; UTF-16/32
    transcoded to UTF-8."""
    from .safeio import LongLine, bounded_lines, wide_encoding

    if not hasattr(stream, "readline"):  # an iterable of byte lines (tests, callers)
        for lineno, raw in enumerate(stream, start=1):
            raw = raw.rstrip(b"\r\n")
            yield lineno, (LongLine(len(raw)) if len(raw) > limit else raw)
        return
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    wide, _ = wide_encoding(head) if head else (None, False)
    if wide:
        stream = _Transcoded(stream, wide)
    yield from bounded_lines(stream, limit)


class _Transcoded:
    """A UTF-16/32 binary stream seen as UTF-8 with ``readline`` (invalid sequences become U+FFFD)."""

    def __init__(self, raw: BinaryIO, encoding: str):
        import codecs

        self._raw = raw
        self._dec = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._buf = b""
        self._eof = False
        self._first = True

    def _fill(self) -> None:
        chunk = self._raw.read(1 << 16)
        self._eof = not chunk
        text = self._dec.decode(chunk, final=self._eof)
        if self._first and text:
            text, self._first = text.removeprefix("\ufeff"), False
        self._buf += text.encode("utf-8", errors="replace")

    def readline(self, size: int = -1) -> bytes:
        while True:
            nl = self._buf.find(b"\n")
            if nl >= 0 and (size < 0 or nl < size):
                take = nl + 1
                break
            if 0 <= size <= len(self._buf) or self._eof:
                take = len(self._buf) if size < 0 else min(size, len(self._buf))
                break
            self._fill()
        out, self._buf = self._buf[:take], self._buf[take:]
        return out


def read_json_objects(source, error, *, name: str | None = None) -> Iterator[tuple[int, dict]]:
    """(line, object) for each line of a JSONL file (a path or a binary stream) whose every line
    must be a JSON object; ``error(line, message)`` makes the exception raised for the first bad
    line or an unreadable file."""
    from .safeio import describe_oserror

    try:
        for rec in read_jsonl(source, name=name):
            if rec.error is not None:
                raise error(rec.line, rec.error.message)
            if not isinstance(rec.value, dict):
                raise error(rec.line, "the record is not a JSON object")
            yield rec.line, rec.value
    except FileNotFoundError:
        raise error(None, "no such file") from None
    except OSError as exc:
        if isinstance(source, str | os.PathLike) and not os.path.exists(source):
            raise error(None, "no such file") from None
        raise error(None, f"the file cannot be read ({describe_oserror(exc)})") from None


def first_json_record(path: str | os.PathLike, look: int = 100) -> dict | None:
    """The first record of a JSON-lines file that parses, among its first ``look`` non-blank
    lines, if it is an object; else None (and None for a file that is not a readable regular file).

    A damaged line before it (a write cut short, a hostile record) is passed over: it is that
    line's error when the file is read, and must not decide how every other line is read (a
    scores file whose first line was broken was read as articles, and each of its results
    failed as an article without text)."""
    try:
        for n, rec in enumerate(read_jsonl(path), 1):
            if rec.error is not None:
                if n >= look:
                    return None
                continue
            return rec.value if isinstance(rec.value, dict) else None
    except OSError:
        return None
    return None
