"""Readers: files, directories and stdin -> Article or ErrorRecord, one per input record, in order.

Every record of every input comes out exactly once: as an Article to score, or as an
ErrorRecord that names the input, the line and the problem. Nothing raises for bad input.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .data import Article, ErrorRecord

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

#: One article larger than this is refused: no news article is; a crawl dump in one file is.
MAX_ARTICLE_CHARS = 1_000_000
#: A single-article file (txt, html) above this size is refused before it is read.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: English news prose is ~40% function words; other languages share few of them.
MIN_ENGLISH_RATIO = 0.15
MIN_WORDS_FOR_LANGUAGE = 25

Record = Article | ErrorRecord


# -- decoding -----------------------------------------------------------------------------
def decode_bytes(data: bytes) -> tuple[str, list[dict[str, str]]]:
    """Decode bytes from a news crawl: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252, latin-1.

    Returns:
        (text, warnings). Raises ValueError for binary data.
    """
    warnings: list[dict[str, str]] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), warnings
    if b"\x00" in data[:8192]:
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


def check_article(article: Article) -> ErrorRecord | None:
    """The problem that prevents scoring ``article``, if any."""

    def err(code: str, message: str) -> ErrorRecord:
        # an error names the input file and carries the line separately, like the readers' errors
        source = article.source
        if article.line is not None:
            source = source.removesuffix(f":{article.line}")
        return ErrorRecord(article.id, source, code, message, article.line)

    if not article.text.strip():
        return err("E001", "the article text is empty or whitespace only")
    if len(article.text) > MAX_ARTICLE_CHARS:
        return err(
            "E007",
            f"the article has {len(article.text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}",
        )
    ratio, n = english_ratio(article.text)
    if n >= MIN_WORDS_FOR_LANGUAGE and ratio < MIN_ENGLISH_RATIO:
        return err(
            "E008",
            f"the text does not look like English ({ratio:.0%} common English words, expected "
            f"over {MIN_ENGLISH_RATIO:.0%}); the detectors are built for English",
        )
    if n == 0:
        return err("E008", "the text has no words in any alphabet")
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


def read_text_file(path: Path, source: str) -> Iterator[Record]:
    data = _read_bytes(path, source)
    if isinstance(data, ErrorRecord):
        yield data
        return
    try:
        text, warnings = decode_bytes(data)
    except ValueError:
        yield ErrorRecord(source, source, "E002", "the file is binary, not text")
        return
    yield _finish(Article(id=source, text=text, title=split_title(text), source=source, warnings=warnings))


def read_html_file(path: Path, source: str) -> Iterator[Record]:
    data = _read_bytes(path, source)
    if isinstance(data, ErrorRecord):
        yield data
        return
    try:
        html, warnings = decode_bytes(data)
    except ValueError:
        yield ErrorRecord(source, source, "E002", "the file is binary, not HTML")
        return
    if not html.strip():
        yield ErrorRecord(source, source, "E001", "the file is empty or whitespace only")
        return
    yield html_to_article(html, source, warnings=warnings)


def html_to_article(html: str, source: str, *, id: str | None = None, warnings=None, line=None,
                    meta=None) -> Record:
    """Extract the article from an HTML page. The article text is the extracted text."""
    from .html import extract

    try:
        title, text = extract(html)
    except Exception as exc:  # lxml raises several types on hostile input
        return ErrorRecord(id or source, source, "E011", f"the HTML could not be parsed ({exc})", line)
    if not text.strip():
        return ErrorRecord(id or source, source, "E011", "no article text found in the HTML page", line)
    return _finish(
        Article(id=id or source, text=text, title=title, source=source, line=line, warnings=list(warnings or []),
                meta=dict(meta or {}))
    )


def read_jsonl(stream: Iterable[bytes], source: str) -> Iterator[Record]:
    """One article per line: ``id``, ``text``, optional ``title``; other fields pass through in ``meta``."""
    seen_any = False
    for lineno, raw in enumerate(stream, start=1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        seen_any = True
        rid = f"{source}:{lineno}"
        if len(raw) > MAX_ARTICLE_CHARS * 4:
            yield ErrorRecord(rid, source, "E007", f"the line is {len(raw):,} bytes long; the limit is "
                              f"{MAX_ARTICLE_CHARS * 4:,}", lineno)
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield ErrorRecord(rid, source, "E003", f"the line is not valid UTF-8 (byte {exc.start})", lineno)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(rid, source, "E004", f"the line is not valid JSON: {exc.msg} at column {exc.colno}",
                              lineno)
            continue
        yield record_to_article(obj, source, lineno)
    if not seen_any:
        yield ErrorRecord(source, source, "E001", "the file has no records")


_JSON_NAMES = {"list": "array", "str": "string", "int": "number", "float": "number", "bool": "boolean",
               "NoneType": "null"}


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def record_to_article(obj, source: str, lineno: int | None) -> Record:
    """A JSON object or CSV row -> Article, or the ErrorRecord saying what is wrong with it."""
    rid = f"{source}:{lineno}" if lineno is not None else source
    if not isinstance(obj, dict):
        return ErrorRecord(rid, source, "E012", f"the record is {_a(_JSON_NAMES.get(type(obj).__name__, 'value'))}, not "
                           "a JSON object", lineno)
    rid = str(obj["id"]) if obj.get("id") not in (None, "") else rid
    text = obj.get("text")
    if text is None:
        return ErrorRecord(rid, source, "E005", "the record has no 'text' field", lineno)
    if not isinstance(text, str):
        return ErrorRecord(rid, source, "E005", f"'text' is {_a(type(text).__name__)}, not a string", lineno)
    title = obj.get("title") or ""
    if not isinstance(title, str):
        title = str(title)
    if not title and "title" not in obj:
        title = split_title(text)
    meta = {k: v for k, v in obj.items() if k not in ("id", "text", "title")}
    src = f"{source}:{lineno}" if lineno is not None else source
    if obj.get("format") == "html" or (isinstance(obj.get("html"), bool) and obj["html"]):
        return html_to_article(text, src, id=rid, line=lineno, meta=meta)
    return _finish(Article(id=rid, text=text, title=title, source=src, line=lineno, meta=meta))


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
    except (csv.Error, UnicodeDecodeError) as exc:
        yield ErrorRecord(source, source, "E012", f"the CSV header cannot be read ({exc})", 1)
        return
    if not fields:
        yield ErrorRecord(source, source, "E001", "the CSV file is empty")
        return
    fields = [_ESCAPED.sub(_unescape_byte, f).strip().lstrip("\ufeff") for f in fields]
    reader.fieldnames = fields
    if "text" not in fields:
        yield ErrorRecord(source, source, "E006", f"the CSV has no 'text' column (columns: {', '.join(fields)})", 1)
        return
    n = 0
    while True:
        lines.row_start = None
        try:
            row = next(reader)
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError) as exc:
            start_line = lines.row_start or reader.line_num
            yield ErrorRecord(f"{source}:{start_line}", source, "E012", f"the CSV row cannot be read ({exc})",
                              start_line)
            continue
        # csv skips blank lines: the row starts on the first non-blank line it read
        start_line = lines.row_start or reader.line_num
        n += 1
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
        yield ErrorRecord(source, source, "E001", "the CSV file has a header but no rows")


class _CountedLines:
    """The lines of a text stream, noting the number of the first non-blank line read since
    ``row_start`` was reset: the line a CSV row starts on."""

    def __init__(self, stream: Iterable[str]):
        self._it = iter(stream)
        self.n = 0
        self.row_start: int | None = None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.n += 1
        if self.row_start is None and line.strip("\r\n"):
            self.row_start = self.n
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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ErrorRecord(source, source, "E007",
                               f"the file is {size / 1e6:.1f} MB; one article is limited to "
                               f"{MAX_FILE_BYTES / 1e6:.0f} MB (use JSONL for many articles)")
        return path.read_bytes()
    except OSError as exc:
        return ErrorRecord(source, source, "E009", f"the file cannot be read ({exc.strerror or exc})")


def read_path(path_str: str) -> Iterator[Record]:
    """Every record of one command-line input: a file, a directory (recursively) or '-' for stdin."""
    if path_str == "-":
        yield from read_stdin()
        return
    path = Path(path_str)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in SUPPORTED
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not files:
            yield ErrorRecord(path_str, path_str, "E001", "the directory has no .txt, .md, .html, .jsonl or .csv files")
        for f in files:
            yield from read_file(f, str(f))
        return
    if not path.exists():
        yield ErrorRecord(path_str, path_str, "E009", "no such file or directory")
        return
    yield from read_file(path, path_str)


def read_file(path: Path, source: str) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield from read_text_file(path, source)
    elif suffix in HTML_SUFFIXES:
        yield from read_html_file(path, source)
    elif suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from read_jsonl(fh, source)
        except OSError as exc:
            yield ErrorRecord(source, source, "E009", f"the file cannot be read ({exc.strerror or exc})")
    elif suffix in CSV_SUFFIXES:
        try:
            with path.open("rb") as fh:
                head = fh.read(8192)
            utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
            if b"\x00" in head and not utf16:
                yield ErrorRecord(source, source, "E002", "the file is binary, not CSV")
                return
            # bytes that are not UTF-8 (a cp1252 spreadsheet export) are kept and decoded per row
            with path.open("r", encoding="utf-16" if utf16 else "utf-8-sig", newline="",
                           errors="surrogateescape") as fh:
                yield from read_csv(fh, source)
        except OSError as exc:
            yield ErrorRecord(source, source, "E009", f"the file cannot be read ({exc.strerror or exc})")
    else:
        yield ErrorRecord(source, source, "E010",
                          f"unsupported file type '{suffix or '(none)'}'; use .txt, .md, .html, .jsonl or .csv")


def read_stdin(stream=None) -> Iterator[Record]:
    """stdin holds JSONL (first non-blank character '{') or one plain-text article."""
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read()
    head = data.lstrip()[:1]
    if head == b"{":
        yield from read_jsonl(io.BytesIO(data), "<stdin>")
        return
    if head == b"<":
        try:
            html, warnings = decode_bytes(data)
        except ValueError:
            yield ErrorRecord("<stdin>", "<stdin>", "E002", "stdin is binary, not text")
            return
        yield html_to_article(html, "<stdin>", warnings=warnings)
        return
    try:
        text, warnings = decode_bytes(data)
    except ValueError:
        yield ErrorRecord("<stdin>", "<stdin>", "E002", "stdin is binary, not text")
        return
    yield _finish(Article(id="<stdin>", text=text, title=split_title(text), source="<stdin>", warnings=warnings))


def first_json_record(path: str | os.PathLike) -> dict | None:
    """The first non-blank line of a JSON-lines file parsed as an object, or None if it is not one."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            for line in fh:
                if line.strip():
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError:
                        return None
                    return obj if isinstance(obj, dict) else None
    except OSError:
        return None
    return None


def read_inputs(paths: Iterable[str]) -> Iterator[Record]:
    """Every record of every input, in order."""
    for p in paths:
        yield from read_path(os.fspath(p))
