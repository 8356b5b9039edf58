"""Reading what a user, a crawl or a model directory hands us, without trusting it.

Everything the tool reads from disk goes through here, so one set of rules holds for inputs,
scores files, labels files, ``metadata.json``, ``active.json`` and model files alike:

- Only regular files are read. A named pipe, a device, a socket or a directory where a file is
  expected is refused before a byte is read (opening never blocks: ``O_NONBLOCK``, then
  ``fstat`` on the open descriptor, so a file swapped for a pipe after a check is still caught).
- What is read is bounded: a whole-file read stops at its limit, and a line reader never holds
  more than its limit of one line in memory (a 1 GB line is skipped, not loaded).
- JSON is parsed with a nesting limit and without non-finite numbers: ``NaN``, ``Infinity`` and
  numbers too large for a float are not JSON that other tools accept, so they become ``null``
  (the caller is told), and numbers with thousands of digits are refused rather than crashing
  Python's int conversion.

Errors are ``UnreadableFile`` (an OSError with a plain-English reason) and ``JSONError``
(a ValueError); nothing here raises anything else for bad input.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
from collections.abc import Iterator
from typing import Any, BinaryIO

#: JSON nested deeper than this is refused. Real records (a crawl's metadata, a scored
#: article, a model's metadata) stay under 10 levels; CPython's parser and every writer
#: recurse, so a limit well under the interpreter's recursion limit keeps them safe.
MAX_JSON_DEPTH = 64

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
    stat.S_IFLNK: "a symbolic link",
}


class UnreadableFile(OSError):
    """A path that cannot be read as a regular file; ``reason`` says why in plain English."""

    def __init__(self, reason: str, path: str | os.PathLike = ""):
        super().__init__(reason)
        self.reason = reason
        self.path = os.fspath(path)

    def __str__(self) -> str:
        return self.reason


class TooLarge(UnreadableFile):
    """A file or line over the caller's limit."""


def file_kind(mode: int) -> str:
    """'a named pipe (FIFO)', 'a directory'... for a stat mode that is not a regular file."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def describe_oserror(exc: OSError) -> str:
    """A short reason for an OSError, naming the cases users meet."""
    if isinstance(exc, UnreadableFile):
        return exc.reason
    reasons = {
        errno.ENOENT: "no such file or directory",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.ELOOP: "a symbolic link loop (the link points, directly or not, to itself)",
        errno.ENAMETOOLONG: "the path is too long",
        errno.EISDIR: "a directory, not a file",
        errno.ENOTDIR: "a part of the path is not a directory",
        errno.EIO: "an input/output error from the device",
        errno.ENXIO: "no such device",
        errno.ENOSPC: "no space left on the device",
        errno.EROFS: "the file system is read-only",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EMFILE: "too many open files",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc) or type(exc).__name__)


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """Open ``path`` for binary reading if it is a regular file (symlinks to one are followed).

    Raises:
        UnreadableFile: not a regular file, or cannot be opened (the reason in plain English).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        try:  # a socket cannot be opened at all (ENXIO): say what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise UnreadableFile(f"{file_kind(mode)}, not a regular file", path) from exc
        raise UnreadableFile(describe_oserror(exc), path) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile(f"{file_kind(st.st_mode)}, not a regular file", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises:
        TooLarge: the file holds more than ``limit`` bytes (nothing more than limit + 1 is read).
        UnreadableFile: not a regular file, or a read error.
    """
    with open_regular(path) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(describe_oserror(exc), path) from exc
    if len(data) > limit:
        raise TooLarge(f"larger than {_size(limit)}", path)
    return data


def read_bounded(stream: BinaryIO, limit: int, what: str = "the input") -> bytes:
    """At most ``limit`` bytes of a stream (stdin); raises TooLarge past it."""
    chunks, n = [], 0
    while n <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - n))
        if not chunk:
            break
        chunks.append(chunk)
        n += len(chunk)
    if n > limit:
        raise TooLarge(f"{what} is larger than {_size(limit)}")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n:,} bytes"


# -- encodings --------------------------------------------------------------------------------
_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def wide_encoding(head: bytes) -> tuple[str | None, bool]:
    """The UTF-16/32 encoding of data starting with ``head``, and whether it has a BOM.

    Without a BOM, text in UTF-16 or UTF-32 shows as NUL bytes at regular places (ASCII
    letters take one byte of two or of four); (None, False) for anything else.
    """
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc, True
    sample = head[: len(head) - len(head) % 4][:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None, False

    def share(pos: int, step: int) -> float:
        part = sample[pos::step]
        return part.count(0) / len(part)

    if share(1, 4) > 0.9 and share(2, 4) > 0.9 and share(3, 4) > 0.9 and share(0, 4) < 0.5:
        return "utf-32-le", False
    if share(0, 4) > 0.9 and share(1, 4) > 0.9 and share(2, 4) > 0.9 and share(3, 4) < 0.5:
        return "utf-32-be", False
    if share(1, 2) > 0.7 and share(0, 2) < 0.3:
        return "utf-16-le", False
    if share(0, 2) > 0.7 and share(1, 2) < 0.3:
        return "utf-16-be", False
    return None, False


# -- lines ----------------------------------------------------------------------------------
class LongLine:
    """Stands for a line over the limit: it was skipped, only its length is known."""

    __slots__ = ("length",)

    def __init__(self, length: int):
        self.length = length


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | LongLine]]:
    """(line number, bytes without the line ending) for each line of a binary stream.

    A line ends at LF, CRLF or a lone CR (old Mac files; JSON and CSV text never holds a raw
    CR inside a value). A line longer than ``limit`` bytes comes out as a LongLine and is read
    past in chunks, never held in memory.
    """
    lineno = 0
    while True:
        raw = stream.readline(limit + 2)
        if not raw:
            break
        if not raw.endswith(b"\n") and len(raw) == limit + 2:  # cut by the limit: skip the rest
            length = len(raw)
            while not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
                if not raw:
                    break
                length += len(raw)
            lineno += 1
            yield lineno, LongLine(length)
            continue
        body = raw[:-1] if raw.endswith(b"\n") else raw
        if body.endswith(b"\r"):
            body = body[:-1]
        for piece in body.split(b"\r") if b"\r" in body else (body,):
            lineno += 1
            yield lineno, (LongLine(len(piece)) if len(piece) > limit else piece)


# -- JSON ----------------------------------------------------------------------------------
class JSONError(ValueError):
    """Text that is not JSON this tool accepts; the message says why, for a user."""


class ParsedJSON:
    """A parsed JSON value and whether non-finite numbers were replaced by null in it."""

    __slots__ = ("value", "replaced")

    def __init__(self, value: Any, replaced: list[str]):
        self.value = value
        self.replaced = replaced


def parse_json(text: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> ParsedJSON:
    """Parse one JSON document strictly and safely.

    ``NaN``, ``Infinity``, ``-Infinity`` and numbers that overflow a float become ``None``,
    and lone UTF-16 surrogates in strings (text no encoder can write) become U+FFFD; each
    repair is listed in ``replaced``. Integers of thousands of digits and nesting deeper than
    ``max_depth`` are refused.

    Raises:
        JSONError: not valid JSON, or nested too deep.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONError(f"not valid UTF-8 (byte {exc.start})") from exc
    replaced: list[str] = []

    def constant(name: str):
        replaced.append(name)
        return None

    def number(s: str) -> float | None:  # 1e400 parses as inf: not JSON other tools accept
        f = float(s)
        if math.isfinite(f):
            return f
        replaced.append("a number too large for a float")
        return None

    try:
        value = json.loads(text, parse_constant=constant, parse_float=number)
    except json.JSONDecodeError as exc:
        what = exc.msg.removesuffix(" at")  # "Unterminated string starting at": not "at at column 19"
        raise JSONError(f"{what} at column {exc.colno}" if exc.lineno == 1 else
                        f"{what} at line {exc.lineno}, column {exc.colno}") from exc
    except RecursionError as exc:
        # CPython's parser counts its levels against the recursion limit and stops cleanly
        raise JSONError(f"nested more than {max_depth} levels deep") from exc
    except ValueError as exc:  # an integer of thousands of digits (int() refuses it)
        raise JSONError(f"a number is too long ({str(exc)[:80]})") from exc
    # every writer recurses too: a document deeper than the limit is refused here
    if _bracket_count(text) > max_depth and type(value) in (dict, list):
        depth = _max_depth(value, max_depth)
        if depth > max_depth:
            raise JSONError(f"nested more than {max_depth} levels deep")
    if _has_surrogates(text):
        value = _repair_surrogates(value, replaced)
    return ParsedJSON(value, replaced)


def json_loads(text: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``parse_json(text).value``: for files the tool wrote itself (metadata, registry)."""
    return parse_json(text, max_depth).value


def _bracket_count(text: str) -> int:
    return text.count("[") + text.count("{")


def _max_depth(value: Any, limit: int) -> int:
    """The nesting depth of a parsed value (1 for a flat list), counted up to ``limit + 1``."""
    best = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > best:
            best = depth
            if best > limit:
                return best
        for v in node.values() if type(node) is dict else node:
            if type(v) is dict or type(v) is list:
                stack.append((v, depth + 1))
    return best


def _has_surrogates(text: str) -> bool:
    # json.loads turns "\ud800" escapes into lone surrogates; only escaped ones can appear
    return "\\ud" in text or "\\uD" in text


def _is_lone(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def fix_surrogates(s: str) -> str:
    """``s`` with every lone UTF-16 surrogate replaced by U+FFFD (same length, same offsets)."""
    if not _is_lone(s):
        return s
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def _repair_surrogates(value: Any, replaced: list[str]) -> Any:
    """Replace lone surrogates in every string of a parsed JSON value (iteratively)."""
    def fix(s: str) -> str:
        t = fix_surrogates(s)
        if t is not s and "lone surrogate" not in replaced:
            replaced.append("lone surrogate")
        return t

    if isinstance(value, str):
        return fix(value)
    if not isinstance(value, dict | list):
        return value
    stack = [value]
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for k, v in items:
            if isinstance(v, str):
                v2 = fix(v)
                if v2 is not v:
                    node[k] = v2
            elif isinstance(v, dict | list):
                stack.append(v)
            if isinstance(node, dict) and isinstance(k, str):
                k2 = fix(k)
                if k2 is not k:
                    node[k2] = node.pop(k)
    return value


def clean_value(value: Any, replaced: list[str], max_depth: int = MAX_JSON_DEPTH, _depth: int = 0,
                _seen: set | None = None) -> Any:
    """``value`` as JSON any reader accepts: non-finite floats become None, lone surrogates
    U+FFFD, tuples and sets lists, other objects strings; parts nested deeper than
    ``max_depth`` and cycles become None. Each repair is named in ``replaced``. For values
    that did not come through ``parse_json`` (CSV, Parquet, Python callers)."""
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        replaced.append("NaN" if value != value else "Infinity")
        return None
    if isinstance(value, str):
        fixed = fix_surrogates(value)
        if fixed is not value:
            replaced.append("lone surrogate")
        return fixed
    if isinstance(value, dict | list | tuple | set | frozenset):
        if _depth >= max_depth:
            replaced.append(f"nesting over {max_depth} levels")
            return None
        seen = _seen if _seen is not None else set()
        if id(value) in seen:
            replaced.append("a cycle")
            return None
        seen.add(id(value))
        try:
            if isinstance(value, dict):
                return {clean_value(str(k), replaced): clean_value(v, replaced, max_depth, _depth + 1, seen)
                        for k, v in value.items()}
            return [clean_value(v, replaced, max_depth, _depth + 1, seen) for v in value]
        finally:
            seen.discard(id(value))
    return str(value)


def dumps_safe(value: Any) -> str:
    """JSON text that any JSON reader accepts: never NaN or Infinity (they become null)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(value), ensure_ascii=False, allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


__all__ = [
    "MAX_JSON_DEPTH", "JSONError", "LongLine", "ParsedJSON", "TooLarge", "UnreadableFile", "bounded_lines",
    "clean_value", "describe_oserror", "dumps_safe", "file_kind", "fix_surrogates", "json_loads", "open_regular",
    "parse_json", "read_bounded", "read_regular", "wide_encoding",
]
