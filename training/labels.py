"""Labelled data: read, validate, merge.

Format (JSONL, one article per line; the HTML report exports the same):
    {"id": str, "title": str, "text": str, "unlabelled": "clean" | "ignore",
     "labels": [{"start": int, "end": int, "text": str, "label": "artifact" | "clean",
                 "type": str | null, "note": str}]}
``start``/``end`` are optional when ``text`` occurs once in the article. ``unlabelled``
says what sentences without a label are: "clean" (a fully reviewed article) or "ignore"
(the default: only the labelled sentences are used).

CSV: one row per label, columns ``id, text, label_text, label, type, note, start, end``
(``text`` is the article text; it may be left empty on later rows of the same article).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from detector.data import FINDING_TYPES
from detector.errors import DetectorError, ErrorCode, Errors
from detector.fileio import read_json_objects
from detector.ingest import MAX_ARTICLE_CHARS

LABEL_VALUES = ("artifact", "clean")


class LabelError(DetectorError, ValueError):
    """A problem in a labels file, naming the file and line: ``file, line 3: what is wrong``."""

    def __init__(self, source: str, line: int | None, message: str, code: ErrorCode = Errors.E012):
        super().__init__(code, message, source=source, line=line)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Span:
    start: int
    end: int
    label: str
    type: str | None = None
    note: str = ""


@dataclass
class LabelledArticle:
    id: str
    text: str
    title: str = ""
    unlabelled: str = "ignore"
    spans: list[Span] = field(default_factory=list)
    group: str = ""
    source: str = ""

    @property
    def key(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _parse_label(obj: dict, text: str, source: str, line: int) -> Span:
    if not isinstance(obj, dict):
        raise LabelError(source, line, f"a label must be a JSON object, not {type(obj).__name__}")
    label = obj.get("label")
    if not isinstance(label, str) or label not in LABEL_VALUES:
        raise LabelError(source, line, f"unknown label {label!r}; use 'artifact' or 'clean'")
    typ = obj.get("type") or None
    if typ is not None and (not isinstance(typ, str) or typ not in FINDING_TYPES):
        raise LabelError(source, line, f"unknown finding type {typ!r}; known: {', '.join(FINDING_TYPES)}")
    span_text = obj.get("text")
    if span_text is not None and not isinstance(span_text, str):
        raise LabelError(source, line, f"a label's 'text' must be a string, not {type(span_text).__name__}")
    start, end = obj.get("start"), obj.get("end")
    if type(start) is int and type(end) is int:  # not bool
        if not (0 <= start < end <= len(text)):
            raise LabelError(source, line, f"label span {start}..{end} is outside the article ({len(text)} chars)")
        if span_text is not None and text[start:end] != span_text:
            raise LabelError(source, line, f"label text {span_text[:40]!r} is not at {start}..{end} in the article")
    else:
        if not span_text:
            raise LabelError(source, line, "a label needs 'text' or 'start' and 'end'")
        start = text.find(span_text)
        if start < 0:
            raise LabelError(source, line, f"labelled text {span_text[:50]!r} is not in the article")
        if text.find(span_text, start + 1) >= 0:
            raise LabelError(source, line, f"labelled text {span_text[:50]!r} occurs more than once; give start/end")
        end = start + len(span_text)
    return Span(start, end, label, typ, str(obj.get("note") or ""))


def _article(obj: dict, source: str, line: int, label_lines: list[int] | None = None) -> LabelledArticle:
    """``label_lines``: the line of each label, when labels come from rows of their own (CSV)."""
    if not isinstance(obj, dict):
        raise LabelError(source, line, "the record is not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        if "findings" in obj and "sentences" in obj:
            raise LabelError(source, line, "the record is a result of `detector score`, not labels: "
                             f"review its articles in `detector report` instead; {NOT_LABELS_HINT}")
        raise LabelError(source, line, "the record has no article 'text'")
    if len(text) > MAX_ARTICLE_CHARS:
        raise LabelError(source, line, f"the article has {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}, "
                         "as for scoring: split what it holds into articles", Errors.E007)
    unl = obj.get("unlabelled", "ignore")
    if unl not in ("clean", "ignore"):
        raise LabelError(source, line, f"'unlabelled' must be 'clean' or 'ignore', not {unl!r}")
    labels = obj.get("labels", [])
    if not isinstance(labels, list):
        raise LabelError(source, line, "'labels' must be a list")
    lines = label_lines or [line] * len(labels)
    spans = [_parse_label(lab, text, source, ln) for lab, ln in zip(labels, lines, strict=True)]
    origin = obj.get("origin") or {}
    if not isinstance(origin, dict):
        raise LabelError(source, line, "'origin' must be a JSON object")
    rid = str(obj.get("id") or f"{Path(source).name}:{line}")
    return LabelledArticle(id=rid, text=text, title=str(obj.get("title") or ""), unlabelled=unl,
                           spans=spans, group=str(origin.get("article") or rid), source=f"{source}:{line}")


def text_records(path: str | Path) -> Iterator[tuple[int, dict, str]]:
    """(line, record, its text) for each line of a JSONL file of articles (labels, evaluation
    or MT data); LabelError names the file and line of the first line that is not a JSON object
    with a non-empty ``text``."""
    source = str(path)
    objects = (_gzip_objects(path) if source.endswith(".gz")  # the WMT sets ship gzipped
               else read_json_objects(path, lambda ln, msg: LabelError(source, ln, msg)))
    for line, rec in objects:
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            raise LabelError(source, line, "the record has no article 'text'")
        yield line, rec, text


def _gzip_objects(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line, object) of a gzipped JSONL file, read as it is decompressed."""
    import gzip

    from detector.safeio import UnreadableFile, open_regular

    source = str(path)
    try:
        fh = open_regular(path)
    except UnreadableFile as exc:
        raise LabelError(source, None, "no such file" if not Path(path).exists() else exc.reason) from exc
    with fh, gzip.GzipFile(fileobj=fh) as gz:
        try:
            yield from read_json_objects(gz, lambda ln, msg: LabelError(source, ln, msg), name=source)
        except EOFError:
            raise LabelError(source, None, "the gzip file is cut short") from None


#: what a labels file is, said when a file's first record shows it is not one
NOT_LABELS_HINT = ("a labels file is JSONL, one article a line with its labels, or CSV, one label a row, "
                   "as in data/examples/labels_example.jsonl (an HTML report's \"Download labels\" writes one)")


def read_labels_file(path: str | Path) -> list[LabelledArticle]:
    from detector.safeio import UnreadableFile, open_regular

    path = Path(path)
    source = str(path)
    try:
        fh = open_regular(path)  # a FIFO or a device is refused, not read forever
    except UnreadableFile as exc:
        raise LabelError(source, None, "no such file" if not path.exists() else exc.reason) from exc
    out: list[LabelledArticle] = []
    with fh:
        if not fh.peek(1):
            raise LabelError(source, None, "the file is empty")
        if path.suffix.lower() == ".csv":
            try:
                out = _read_csv(path)
            except csv.Error as exc:
                raise LabelError(source, None, f"the CSV cannot be read ({exc})") from exc
        else:
            def bad_line(line: int, msg: str) -> LabelError:
                if not out:  # its first record is no JSON: an article or a scores file given by mistake
                    msg += f"; {NOT_LABELS_HINT}"
                return LabelError(source, line, msg)

            for line_no, obj in read_json_objects(fh, bad_line, name=source):
                out.append(_article(obj, source, line_no))
    if not out:
        raise LabelError(source, None, "the file has no labelled articles")
    return out


def _read_csv(path: Path) -> list[LabelledArticle]:
    source = str(path)
    by_id: dict[str, dict] = {}
    csv.field_size_limit(4_000_000)
    with path.open("r", encoding="utf-8-sig", newline="", errors="replace") as fh:
        reader = csv.DictReader(fh)
        need = {"id", "text", "label_text", "label"}
        missing = need - set(reader.fieldnames or [])
        if missing:
            raise LabelError(source, 1, f"missing column(s): {', '.join(sorted(missing))}")
        for row in reader:
            # the line the row starts on: a quoted cell (the article text) may span many lines
            line = reader.line_num - sum(len(_LINE_BREAK.findall(v)) for v in row.values() if isinstance(v, str))
            rec = by_id.setdefault(row["id"], {"id": row["id"], "text": row["text"], "labels": [], "line": line,
                                               "label_lines": []})
            if row["text"] and row["text"] != rec["text"]:
                raise LabelError(source, line, f"article {row['id']!r} has two different texts")
            lab = {"text": row["label_text"], "label": row["label"], "type": row.get("type") or None,
                   "note": row.get("note") or ""}
            if row.get("start") and row.get("end"):
                try:
                    lab["start"], lab["end"] = int(row["start"]), int(row["end"])
                except ValueError:
                    raise LabelError(source, line, f"start/end {row['start']!r}/{row['end']!r} are not "
                                     "whole numbers") from None
            rec["labels"].append(lab)
            rec["label_lines"].append(line)
    return [_article(rec, source, rec.pop("line"), rec.pop("label_lines")) for rec in by_id.values()]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def load_labelled(paths: Iterable[str | Path]) -> list[LabelledArticle]:
    """Read and merge labels files. The same article (same text) in several files is merged,
    its labels united; contradicting labels on one span are an error."""
    merged: dict[str, LabelledArticle] = {}
    for p in paths:
        for art in read_labels_file(p):
            have = merged.get(art.key)
            if have is None:
                merged[art.key] = art
                continue
            seen = {(s.start, s.end): s for s in have.spans}
            for s in art.spans:
                old = seen.get((s.start, s.end))
                if old is None:
                    have.spans.append(s)
                elif old.label != s.label:
                    raise LabelError(art.source, None,
                                     f"span {s.start}..{s.end} of article {art.id!r} is labelled both "
                                     f"'{old.label}' ({have.source}) and '{s.label}'")
            if art.unlabelled == "clean":
                have.unlabelled = "clean"
    return list(merged.values())


def sentence_labels(article: LabelledArticle, sentences) -> list[tuple[int, int, str | None]]:
    """(sentence index, y, type) for every sentence with a label; y 1 = artifact."""
    out = []
    for s in sentences:
        hits = [sp for sp in article.spans if sp.start < s.end and s.start < sp.end]
        kinds = {sp.label for sp in hits}
        if len(kinds) > 1:
            raise LabelError(article.source, None,
                             f"sentence {s.index + 1} of article {article.id!r} is labelled both artifact and clean")
        if "artifact" in kinds:
            typ = next((sp.type for sp in hits if sp.type), None)
            out.append((s.index, 1, typ))
        elif "clean" in kinds or article.unlabelled == "clean":
            out.append((s.index, 0, None))
    return out
