"""Readers: files, directories and stdin -> Article or ErrorRecord, one per input record, in order.

The reader contract (every reader, including new formats, keeps it):
- Every record of every input comes out exactly once: as an Article to score, or as an
  ErrorRecord that names the input, the line (or row, or record number) and the problem.
  A reader never raises for bad input, and an input it cannot open at all is one ErrorRecord.
- Files are opened with ``safeio.open_regular``: a FIFO, device, socket or directory where a
  file is expected is an E009 record, never a hang or an endless read.
- Memory is bounded: a whole-file read stops at MAX_FILE_BYTES (E007), a record at
  MAX_ARTICLE_CHARS (E007), a JSONL line at max_line_bytes() without loading the line.
- Text comes out as ``str`` that every encoder can write: decoding errors are a W001 warning
  (legacy code page) or an E003 record, never surrogates; JSON is parsed with
  ``safeio.parse_json`` (nesting limit; NaN and Infinity become null, with a W003 warning).
- A read error mid-file (the file vanished, an I/O error) ends that input with one E009
  record after the records already read.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from . import fileio
from .data import Article, ErrorRecord
from .errors import Errors
from .safeio import (
    TooLarge,
    UnreadableFile,
    clean_value,
    describe_oserror,
    dumps_safe,
    file_kind,
    fix_surrogates,
    open_regular,
    read_bounded,
    read_regular,
    wide_encoding,
)

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
PARQUET_SUFFIXES = {".parquet"}
WARC_SUFFIXES = {".warc", ".gz"}  # .gz only as .warc.gz (see detector/warc.py)
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES | WARC_SUFFIXES


def supported_name(name: str) -> bool:
    """True for a file name the readers take (``.gz`` only as ``.warc.gz``)."""
    suffix = Path(name).suffix.lower()
    return suffix in SUPPORTED and (suffix != ".gz" or name.lower().endswith(".warc.gz"))

#: One article larger than this is refused: no news article is; a crawl dump in one file is.
MAX_ARTICLE_CHARS = 1_000_000
#: A single-article file (txt, html) above this size is refused before it is read.
MAX_FILE_BYTES = 10 * 1024 * 1024


def max_line_bytes() -> int:
    """A JSONL or CSV line above this is refused without being held in memory (4 bytes a character)."""
    return MAX_ARTICLE_CHARS * 4
#: English news prose is ~40% function words; other languages share few of them.
MIN_ENGLISH_RATIO = 0.15
MIN_WORDS_FOR_LANGUAGE = 25
# A list of names and figures (election results, a line-up) has few of English's commonest words; its
# other words, names aside, are English all the same: this many of them, this share known to English
# (a German, French, Spanish or Dutch paragraph has 0.3 to 0.55, its words shared with English or not)
MIN_PLAIN_WORDS = 10
MIN_PLAIN_ENGLISH_SHARE = 0.8

Record = Article | ErrorRecord


# -- decoding -----------------------------------------------------------------------------
def decode_bytes(data: bytes) -> tuple[str, list[dict[str, str]]]:
    """Decode bytes from a news crawl: UTF-8 (with or without BOM), UTF-16 and UTF-32 (with or
    without BOM), cp1252, latin-1.

    Returns:
        (text, warnings). Raises ValueError for binary data.
    """
    warnings: list[dict[str, str]] = []
    wide, bom = wide_encoding(data[:8192])
    if wide:
        text = data.decode(wide, errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        if not bom:
            warnings.append({"code": "W001", "message": f"no byte-order mark; decoded as {wide.upper()}"})
        if "\ufffd" in text and "\ufffd" not in data.decode(wide, errors="ignore"):
            warnings.append({"code": "W001", "message": f"invalid {wide.upper()} sequences were replaced by U+FFFD"})
        if _looks_binary(text):
            raise ValueError("binary")
        return text, warnings
    if _binary_head(data[:8192]):
        raise ValueError("binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text, encoding = _decode_legacy(data)
        warnings.append({"code": "W001", "message": f"not valid UTF-8 (byte {exc.start}); decoded as {encoding}"})
    if _looks_binary(text):
        raise ValueError("binary")
    if _has_mojibake(text):
        warnings.append(
            {"code": "W002", "message": "text contains mojibake (UTF-8 decoded with the wrong character set)"}
        )
    return text, warnings


def _decode_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1251", "utf_16"]).best()
    if best is not None:
        return str(best), best.encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _binary_head(head: bytes) -> bool:
    """NUL bytes in more than 1% of the first block: a binary file. A stray NUL in a text export
    (it happens) is kept: the record is still text, and the writers escape it."""
    return head.count(0) > max(1, len(head) // 100)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return bool(sample) and len(_CONTROL.findall(sample)) / len(sample) > 0.05


def _has_mojibake(text: str) -> bool:
    from ftfy.badness import is_bad

    return "â€" in text or "Ã" in text and is_bad(text)


# -- checks shared by all readers --------------------------------------------------------------
@lru_cache(maxsize=1)
def _english_function_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", 150))


_WORD = re.compile(r"[^\W\d_]+")


def english_ratio(text: str) -> tuple[float, int]:
    """Share of words that are among the 150 most frequent English words, and the word count."""
    words = _WORD.findall(text[:20000].lower())
    if not words:
        return 0.0, 0
    common = _english_function_words()
    return sum(w in common for w in words) / len(words), len(words)


def plain_words_english(text: str) -> bool:
    """True when the words not written with a capital (names, headings and figures aside) are
    English words: at least ``MIN_PLAIN_WORDS`` of them, ``MIN_PLAIN_ENGLISH_SHARE`` known to English."""
    from wordfreq import zipf_frequency

    words = [w for w in _WORD.findall(text[:20000]) if not w[0].isupper()]
    if len(words) < MIN_PLAIN_WORDS:
        return False
    known = sum(zipf_frequency(w.lower(), "en") >= 3.0 for w in words)
    return known / len(words) >= MIN_PLAIN_ENGLISH_SHARE


def check_article(article: Article) -> ErrorRecord | None:
    """The problem that prevents scoring ``article``, if any."""

    def err(code: str, message: str) -> ErrorRecord:
        # an error names the input file and carries the line separately, like the readers' errors
        source = article.source
        if article.line is not None:
            source = source.removesuffix(f":{article.line}")
        return ErrorRecord(article.id, source, code, message, article.line)

    if not article.text.strip():
        return err(Errors.E001, "the article text is empty or whitespace only")
    if len(article.text) > MAX_ARTICLE_CHARS:
        return err(
            Errors.E007,
            f"the article has {len(article.text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}, far beyond any "
            "news article: split what it holds into articles (one per line of a JSONL file)",
        )
    ratio, n = english_ratio(article.text)
    if n >= MIN_WORDS_FOR_LANGUAGE and ratio < MIN_ENGLISH_RATIO and not plain_words_english(article.text):
        return err(
            Errors.E008,
            f"the text does not look like English ({ratio:.0%} common English words, expected "
            f"over {MIN_ENGLISH_RATIO:.0%}); the detectors are built for English",
        )
    if n == 0:
        return err(Errors.E008, "the text has no words in any alphabet")
    return None


def _finish(article: Article) -> Record:
    return check_article(article) or article


# -- readers -------------------------------------------------------------------------------
_TITLE_MAX_WORDS = 25


def split_title(text: str) -> str:
    """The leading title line of a plain-text article, or "" when the text starts with prose."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if not first or len(first.split()) > _TITLE_MAX_WORDS:
        return ""
    rest = text.split("\n", 1)[1] if "\n" in text else ""
    if not rest.strip():
        return ""
    if first.endswith((".", "?", "!")) and not rest.startswith("\n") and not rest.startswith("\r\n"):
        return ""
    return first.lstrip("#").strip()


def _read_decoded(path: Path, source: str, kind: str) -> tuple[str, list[dict[str, str]]] | ErrorRecord:
    """The file's text and decoding warnings, or the error record that takes its place."""
    data = _read_bytes(path, source)
    if isinstance(data, ErrorRecord):
        return data
    try:
        return decode_bytes(data)
    except ValueError:
        return ErrorRecord(source, source, Errors.E002, f"the file is binary, not {kind}")


def read_text_file(path: Path, source: str) -> Iterator[Record]:
    got = _read_decoded(path, source, "text")
    if isinstance(got, ErrorRecord):
        yield got
        return
    text, warnings = got
    yield _finish(Article(id=source, text=text, title=split_title(text), source=source, warnings=warnings))


def read_html_file(path: Path, source: str) -> Iterator[Record]:
    got = _read_decoded(path, source, "HTML")
    if isinstance(got, ErrorRecord):
        yield got
        return
    html, warnings = got
    if not html.strip():
        yield ErrorRecord(source, source, Errors.E001, "the file is empty or whitespace only")
        return
    yield html_to_article(html, source, warnings=warnings)


#: A page whose extracted text has no line of this many words holds navigation, not an article
#: (a one-paragraph news brief has a line of 20 or more).
MIN_PROSE_WORDS = 8


def has_prose(text: str, title: str = "") -> bool:
    """True when ``text`` has a line of running text besides the title: at least MIN_PROSE_WORDS words."""
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in text.splitlines() if line.strip() != title.strip())


def html_to_article(html: str, source: str, *, id: str | None = None, warnings=None, line=None,
                    meta=None) -> Record:
    """Extract the article from an HTML page. The article text is the extracted text.

    Extraction gets the CPU time one record may take to be scored (the command's --time-limit,
    ``timelimit.extraction_seconds``): a page that holds the parser or the extractor up past it is
    its own error (E016), and the reading of the batch goes on."""
    from .html import extract
    from .timelimit import RecordTimeout, cpu_limit, extraction_seconds

    limit = extraction_seconds()
    try:
        with cpu_limit(limit):
            title, text = extract(html)
    except RecordTimeout:
        return ErrorRecord(id or source, source, Errors.E016,
                           Errors.E016.message(limit=limit, where=" (extracting the article from its HTML)"),
                           line)
    except Exception as exc:  # lxml raises several types on hostile input
        return ErrorRecord(id or source, source, Errors.E011, f"the HTML could not be parsed ({exc})", line)
    if not has_prose(text, title):
        return ErrorRecord(id or source, source, Errors.E011, Errors.E011.message(), line)
    return _finish(
        Article(id=id or source, text=text, title=title, source=source, line=line, warnings=list(warnings or []),
                meta=dict(meta or {}))
    )


def read_jsonl(stream: Iterable[bytes] | BinaryIO, source: str) -> Iterator[Record]:
    """One article per line: ``id``, ``text``, optional ``title``; other fields pass through in ``meta``.

    Lines end at LF, CRLF or CR; a file in UTF-16 or UTF-32 (with a BOM) is read too
    (fileio.read_jsonl reads the lines).
    """
    seen_any = False
    for rec in fileio.read_jsonl(stream, name=source, max_line_bytes=max_line_bytes()):
        seen_any = True
        if rec.error is not None:
            yield ErrorRecord(f"{source}:{rec.line}", source, rec.error.code, rec.error.message, rec.line)
            continue
        art = record_to_article(rec.value, source, rec.line)
        if rec.replaced and isinstance(art, Article):
            art.warnings.append(_repair_warning(rec.replaced))
        yield art
    if not seen_any:
        yield ErrorRecord(source, source, Errors.E001, "the file has no records")


def _repair_warning(replaced: list[str]) -> dict[str, str]:
    kinds = sorted(set(replaced))
    return {"code": "W003", "message": "values other JSON readers reject were repaired: "
            + ", ".join(kinds) + " (numbers written as null, lone surrogates as U+FFFD)"}


_JSON_NAMES = {"list": "array", "str": "string", "int": "number", "float": "number", "bool": "boolean",
               "NoneType": "null"}


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _as_text(value) -> str:
    """An id or title that is not a string, as text (JSON for objects and arrays)."""
    if isinstance(value, str):
        return fix_surrogates(value)
    if isinstance(value, dict | list):
        return dumps_safe(value)
    return str(value)


def _no_text_hint(obj: dict) -> str:
    """What a record without 'text' holds instead: a result of `detector score`, or its fields
    (the article is often in 'body' or 'content')."""
    if {"sentences", "label"} <= obj.keys() or {"error", "source"} <= obj.keys():
        return ": it is a result of `detector score` (`detector report` reads scores files)"
    names = [_as_text(k) for k in list(obj)[:8]]
    if not names:
        return ""
    return f", only {', '.join(n[:40] for n in names)}{', ...' if len(obj) > 8 else ''}"


def record_to_article(obj, source: str, lineno: int | None) -> Record:
    """A JSON object or CSV row -> Article, or the ErrorRecord saying what is wrong with it."""
    rid = f"{source}:{lineno}" if lineno is not None else source
    if not isinstance(obj, dict):
        return ErrorRecord(rid, source, Errors.E012, f"the record is {_a(_JSON_NAMES.get(type(obj).__name__, 'value'))}, not "
                           "a JSON object", lineno)
    if obj.get("id") not in (None, ""):
        rid = _as_text(obj["id"])
    text = obj.get("text")
    if "text" not in obj:
        return ErrorRecord(rid, source, Errors.E005, "the record has no 'text' field" + _no_text_hint(obj), lineno)
    if text is None or (isinstance(text, float) and math.isnan(text)):  # JSON null, a DataFrame's missing value
        return ErrorRecord(rid, source, Errors.E005, "'text' is empty (null)", lineno)
    if not isinstance(text, str):
        return ErrorRecord(rid, source, Errors.E005, f"'text' is {_a(type(text).__name__)}, not a string", lineno)
    text = fix_surrogates(text)
    title = obj.get("title") or ""
    if not isinstance(title, str):
        title = _as_text(title)
    title = fix_surrogates(title)
    if not title and "title" not in obj:
        title = split_title(text)
    replaced: list[str] = []
    meta = clean_value({k: v for k, v in obj.items() if k not in ("id", "text", "title")}, replaced)
    src = f"{source}:{lineno}" if lineno is not None else source
    if obj.get("format") == "html" or (isinstance(obj.get("html"), bool) and obj["html"]):
        rec = html_to_article(text, src, id=rid, line=lineno, meta=meta)
    else:
        rec = _finish(Article(id=rid, text=text, title=title, source=src, line=lineno, meta=meta))
    if replaced and isinstance(rec, Article):
        rec.warnings.append(_repair_warning(replaced))
    return rec


def read_csv(stream: io.TextIOBase, source: str) -> Iterator[Record]:
    """Columns ``id``, ``text``, optional ``title``; other columns pass through in ``meta``.

    The csv module (not pandas) reads inputs: it streams and knows the line each row
    starts on, which error messages need.
    """
    csv.field_size_limit(MAX_ARTICLE_CHARS * 4)
    lines = _CountedLines(stream)
    reader = csv.DictReader(lines)
    try:
        fields = reader.fieldnames
    except (csv.Error, UnicodeError) as exc:
        yield ErrorRecord(source, source, Errors.E012, f"the CSV header cannot be read ({exc})", 1)
        return
    except _LongLine as exc:
        yield ErrorRecord(source, source, Errors.E007, f"the CSV header line is {exc.length:,} characters long; the "
                          f"limit is {max_line_bytes():,}", 1)
        return
    if not fields:
        yield ErrorRecord(source, source, Errors.E001, "the CSV file is empty")
        return
    fields = [_ESCAPED.sub(_unescape_byte, f).strip().lstrip("\ufeff") for f in fields]
    reader.fieldnames = fields
    if "text" not in fields:
        yield ErrorRecord(source, source, Errors.E006, f"the CSV has no 'text' column (columns: {', '.join(fields)})", 1)
        return
    n = 0
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            break
        except (csv.Error, UnicodeError) as exc:
            start_line = lines.row_start or reader.line_num
            yield ErrorRecord(f"{source}:{start_line}", source, Errors.E012, f"the CSV row cannot be read ({exc})",
                              start_line)
            continue
        except _LongLine as exc:
            # the line was skipped unread; a fresh reader starts on the next line (a quoted
            # field open across it is lost with it)
            start_line = lines.row_start or exc.line
            yield ErrorRecord(f"{source}:{start_line}", source, Errors.E007, f"the CSV row has a line of "
                              f"{exc.length:,} characters; the limit is {max_line_bytes():,}, far beyond one "
                              "article: were its line breaks lost? Put one article in each row", start_line)
            n += 1
            reader = csv.DictReader(lines, fieldnames=fields)
            continue
        # csv skips blank lines: the row starts on the first non-blank line it read
        start_line = lines.row_start or reader.line_num
        n += 1
        last = lines.n  # the csv module reads no line past the row's last
        if lines.quotes % 2 and last > start_line and not _reads_strictly(lines.row_lines):
            # a quoted cell over several lines holds its quotation marks in pairs; an odd number is
            # a quote opened and not closed where it should be: the csv module reads the lines after
            # it as that cell, up to the next quotation mark (or the end of the file), and the rows
            # in them became this row's text. Or it is a mark inside an unquoted cell (an inch mark:
            # 'a 7'1" centre'), which every CSV reader takes as it is, as the csv module does even
            # when strict: the row is refused only when a strict reading fails on it
            yield ErrorRecord(f"{source}:{start_line}", source, Errors.E012,
                              f"the row on line {start_line} opens a quoted cell that is not closed where it "
                              f"should be, so lines {start_line}-{last} were read as one row and the rows in "
                              "them are lost: look for a stray or unescaped '\"' on that line", start_line)
            continue
        if None in row:
            extra = row.pop(None)
            row.setdefault("_extra", extra)
        legacy = False
        for k, v in row.items():
            if isinstance(v, str) and _ESCAPED.search(v):
                row[k] = _ESCAPED.sub(_unescape_byte, v)
                legacy = True
            elif isinstance(v, list) and any(_ESCAPED.search(x) for x in v):  # cells beyond the header
                row[k] = [_ESCAPED.sub(_unescape_byte, x) for x in v]
                legacy = True
        rec = record_to_article(row, source, start_line)
        if legacy and isinstance(rec, Article):
            rec.warnings.append({"code": "W001", "message": "the row is not valid UTF-8; decoded as cp1252"})
        yield rec
    if n == 0:
        yield ErrorRecord(source, source, Errors.E001, "the CSV file has a header but no rows")


def _reads_strictly(raw: list[str]) -> bool:
    """True when the row's lines read as one row with every quoted cell closed where it should be
    (the csv module's ``strict``: a closing quote followed by a comma or the line's end, and no
    quoted cell left open at the end)."""
    try:
        rows = [r for r in csv.reader(raw, strict=True) if r]
    except csv.Error:
        return False
    return len(rows) == 1


class _LongLine(Exception):
    """A CSV line over the limit, skipped without being held in memory."""

    def __init__(self, line: int, length: int):
        super().__init__(line, length)
        self.line, self.length = line, length


class _CountedLines:
    """The lines of a text stream, noting the number of the first non-blank line read since
    ``row_start`` was reset: the line a CSV row starts on. A line longer than ``limit``
    characters raises _LongLine after it has been read past."""

    def __init__(self, stream: Iterable[str], limit: int | None = None):
        self._stream = stream
        self._it = None if hasattr(stream, "readline") else iter(stream)
        self.limit = limit or max_line_bytes()
        self.n = 0
        self.row_start: int | None = None
        self.quotes = 0  # quotation marks read since row_start was reset
        self.row_lines: list[str] = []  # the lines read since then (a row's own, for a second look)

    def start_row(self) -> None:
        self.row_start, self.quotes = None, 0
        self.row_lines = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._it is not None:
            line = next(self._it)
        else:
            line = self._stream.readline(self.limit + 1)
            if not line:
                raise StopIteration
        self.n += 1
        self.quotes += line.count('"')
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            length = len(line)
            while line and not line.endswith(("\n", "\r")):
                line = self._stream.readline(1 << 20) if self._it is None else ""
                length += len(line)
            raise _LongLine(self.n, length)
        if self.row_start is None and line.strip("\r\n"):
            self.row_start = self.n
        self.row_lines.append(line)
        return line


#: Bytes that are not UTF-8, as the 'surrogateescape' error handler leaves them in a CSV
_ESCAPED = re.compile("[\udc80-\udcff]")


def _unescape_byte(m: re.Match) -> str:
    """A byte that is not UTF-8, decoded as cp1252 (what spreadsheets write), else latin-1."""
    b = bytes([ord(m.group()) - 0xDC00])
    try:
        return b.decode("cp1252")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _read_bytes(path: Path, source: str) -> bytes | ErrorRecord:
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except TooLarge:
        return ErrorRecord(source, source, Errors.E007, f"the file is larger than {MAX_FILE_BYTES / 1e6:.0f} MB, the "
                           "limit for one article (use JSONL for many articles)")
    except UnreadableFile as exc:
        return _unreadable(source, exc)


def _unreadable(source: str, exc: OSError, line: int | None = None) -> ErrorRecord:
    return ErrorRecord(source, source, Errors.E009, f"the file cannot be read: {describe_oserror(exc)}", line)


def read_path(path_str: str) -> Iterator[Record]:
    """Every record of one command-line input: a file, a directory (recursively) or '-' for stdin."""
    if path_str == "-":
        yield from read_stdin()
        return
    path = Path(path_str)
    try:
        is_dir = path.is_dir()
    except OSError:  # a path too long, a symlink loop: the open below says which
        is_dir = False
    if is_dir:
        yield from read_directory(path, path_str)
        return
    yield from read_file(path, path_str)


def read_directory(root: Path, root_str: str | None = None) -> Iterator[Record]:
    """Every supported file under ``root``, recursively, in sorted order; hidden entries skipped.

    Symbolic links are followed, except one that leads back to a directory being read (a loop),
    which is an E009 record; so is a supported name that is not a regular file (a FIFO named
    ``x.txt``), a broken link, and a subdirectory that cannot be listed.
    """
    root_str = root_str or str(root)
    found = False
    for kind, p, problem in _walk(root):
        if kind == "skipped":
            continue
        found = True
        if kind == "file":
            yield from read_file(p, str(p))
        else:
            yield ErrorRecord(str(p), str(p), Errors.E009, problem)
    if not found:
        yield ErrorRecord(root_str, root_str, Errors.E001, "the directory has no .txt, .md, .html, .jsonl, .csv, .parquet or .warc(.gz) files")


def list_directory(root: Path) -> tuple[list[Path], list[Path]]:
    """The files a directory argument holds, as ``read_directory`` walks it: (those the readers
    take, the regular files of other types that are passed over)."""
    files, skipped = [], []
    for kind, p, _ in _walk(root):
        if kind == "file":
            files.append(p)
        elif kind == "skipped":
            skipped.append(p)
    return files, skipped


def _saved_page_resources(entry: os.DirEntry, siblings: list[os.DirEntry]) -> bool:
    """Whether ``entry`` is the ``<page>_files`` folder a browser's "Save page as" writes beside
    ``<page>.html``: its frames (ads, embeds, trackers) are .html files too, and would be scored
    as articles of their own, most of them E011."""
    if not entry.name.endswith("_files") or not entry.is_dir():
        return False
    page = entry.name[: -len("_files")]
    return any(s.name == page + ext for s in siblings for ext in HTML_SUFFIXES)


def _walk(root: Path) -> Iterator[tuple[str, Path, str]]:
    """("file", path, "") for each supported file, ("skipped", path, "") for each regular file of
    another type, ("error", path, reason) for each problem, in
    the order of sorted paths (a directory's entries by name, each subdirectory at its place)."""
    import stat as st

    def listing(d: Path) -> list[os.DirEntry] | str:
        try:
            with os.scandir(d) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            return f"the directory cannot be read: {describe_oserror(exc)}"
        return [e for e in entries if not _saved_page_resources(e, entries)]

    try:
        top = root.stat()
    except OSError as exc:
        yield "error", root, f"the directory cannot be read: {describe_oserror(exc)}"
        return
    first = listing(root)
    if isinstance(first, str):
        yield "error", root, first
        return
    # iterators over directory listings, with the (device, inode) of each directory on the way
    # down: explicit, so neither depth nor a loop can exhaust the stack
    stack = [(iter(first), frozenset({(top.st_dev, top.st_ino)}))]
    while stack:
        it, ancestors = stack[-1]
        e = next(it, None)
        if e is None:
            stack.pop()
            continue
        p = Path(e.path)
        supported = supported_name(e.name)
        try:
            info = os.stat(e.path)
        except OSError as exc:
            if supported or (e.is_symlink() and not Path(e.name).suffix):
                why = describe_oserror(exc)
                yield "error", p, (why if exc.errno == errno.ELOOP else f"the file cannot be read: {why}"
                                   + (" (a broken symbolic link)" if e.is_symlink() else ""))
            continue
        if st.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield "error", p, ("a symbolic link loop: it leads back to a directory that is already being read; "
                                   "not followed")
                continue
            sub = listing(p)
            if isinstance(sub, str):
                yield "error", p, sub
            else:
                stack.append((iter(sub), ancestors | {key}))
        elif supported:
            if st.S_ISREG(info.st_mode):
                yield "file", p, ""
            else:
                yield "error", p, f"the file cannot be read: {file_kind(info.st_mode)}, not a regular file"
        elif st.S_ISREG(info.st_mode):
            yield "skipped", p, ""


def read_file(path: Path, source: str) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if not supported_name(path.name):
        yield ErrorRecord(source, source, Errors.E010, Errors.E010.message(suffix=suffix or "(none)"))
        return
    if suffix in PARQUET_SUFFIXES or suffix in WARC_SUFFIXES:
        try:
            fh = open_regular(path)
        except UnreadableFile as exc:
            yield _unreadable(source, exc)
            return
        with fh:
            yield from (read_parquet if suffix in PARQUET_SUFFIXES else read_warc)(fh, source)
        return
    if suffix in TEXT_SUFFIXES:
        yield from read_text_file(path, source)
        return
    if suffix in HTML_SUFFIXES:
        yield from read_html_file(path, source)
        return
    try:
        fh = open_regular(path)
    except UnreadableFile as exc:
        yield _unreadable(source, exc)
        return
    line = 0
    try:
        with fh:
            reader = read_jsonl(fh, source) if suffix in JSONL_SUFFIXES else read_csv_binary(fh, source)
            for rec in reader:
                line = (rec.line or line) if isinstance(rec, Article | ErrorRecord) else line
                yield rec
    except OSError as exc:  # a read error mid-file: the records read so far stand
        yield ErrorRecord(source, source, Errors.E009, f"the file could not be read to its end (after line {line}): "
                          f"{describe_oserror(exc)}", None)


def read_parquet(fh: BinaryIO, source: str) -> Iterator[Record]:
    """One Article (or ErrorRecord) per row of a Parquet file (detector/parquet.py reads it)."""
    from .parquet import parquet_rows

    for row in parquet_rows(fh, source):
        yield row if isinstance(row, ErrorRecord) else record_to_article(row[1], source, row[0])


def read_warc(fh: BinaryIO, source: str) -> Iterator[Record]:
    """One Article (or ErrorRecord) per HTML response of a WARC file (detector/warc.py reads it)."""
    from .warc import warc_pages

    for page in warc_pages(fh, source, MAX_FILE_BYTES):
        if isinstance(page, ErrorRecord):
            yield page
            continue
        try:
            html, warnings = decode_bytes(page.body)
        except ValueError:
            yield ErrorRecord(page.id, source, Errors.E002, "the response body is binary, not HTML")
            continue
        if not html.strip():
            yield ErrorRecord(page.id, source, Errors.E001, "the response body is empty")
            continue
        yield html_to_article(html, source, id=page.id, warnings=warnings, meta=page.meta)


def read_csv_binary(fh: BinaryIO, source: str) -> Iterator[Record]:
    """A CSV file given as a binary stream: UTF-8 (bytes that are not are decoded per row),
    UTF-16 or UTF-32."""
    head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
    wide, _ = wide_encoding(head)
    if not wide and _binary_head(head):
        yield ErrorRecord(source, source, Errors.E002, "the file is binary, not CSV")
        return
    text = io.TextIOWrapper(fh, encoding=wide or "utf-8-sig", newline="",
                            errors="replace" if wide else "surrogateescape")
    yield from read_csv(text, source)


def read_stdin(stream=None) -> Iterator[Record]:
    """stdin holds JSONL (first non-blank character '{', read line by line), an HTML page
    (first character '<') or one plain-text article (read up to MAX_FILE_BYTES)."""
    stream = stream if stream is not None else sys.stdin.buffer
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    try:
        head = stream.peek(8192)[:8192]
        wide, _ = wide_encoding(head)
        first = (head.decode(wide, errors="ignore") if wide else head.decode("utf-8", errors="ignore"))
        first = first.lstrip("\ufeff \t\r\n")[:1]
        if first == "{":
            yield from read_jsonl(stream, "<stdin>")
            return
        data = read_bounded(stream, MAX_FILE_BYTES, "stdin")
    except TooLarge:
        yield ErrorRecord("<stdin>", "<stdin>", Errors.E007, f"stdin holds more than {MAX_FILE_BYTES / 1e6:.0f} MB, "
                          "the limit for one article (send JSONL, one article per line, for more)")
        return
    except OSError as exc:
        yield _unreadable("<stdin>", exc)
        return
    if not data.strip():
        yield ErrorRecord("<stdin>", "<stdin>", Errors.E001, "stdin is empty")
        return
    try:
        text, warnings = decode_bytes(data)
    except ValueError:
        yield ErrorRecord("<stdin>", "<stdin>", Errors.E002, "stdin is binary, not text")
        return
    if first == "<":
        yield html_to_article(text, "<stdin>", warnings=warnings)
        return
    yield _finish(Article(id="<stdin>", text=text, title=split_title(text), source="<stdin>", warnings=warnings))


def read_inputs(paths: Iterable[str]) -> Iterator[Record]:
    """Every record of every input, in order."""
    for p in paths:
        yield from read_path(os.fspath(p))
