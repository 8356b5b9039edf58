"""Output writers: table (terminal), json (array), jsonl (one object per article), csv (one row per
sentence), articles-csv (one row per article).

Every writer takes dicts (ArticleResult.to_dict() or ErrorRecord.to_dict()) one at a time,
so output streams in input order and memory stays flat (json writes its array incrementally).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import textwrap
from contextlib import contextmanager
from typing import IO, Any

from .fileio import atomic_write
from .rows import AXES, article_row, axis_columns

CSV_COLUMNS = [
    "id", "source", "title", "article_score", "label", "sentence", "start", "end",
    "sentence_score", "types", "text", "error_code", "error_message", "translation_probability",
    "translation_score", "translation_label", "rewriting_score", "rewriting_label", "residue_score",
    "residue_label", "sentence_translation",
]


@contextmanager
def atomic_output(path: str | None):
    """Yield a text stream: stdout for None or "-", else a file written atomically (fileio.atomic_write).

    A target that cannot be written at all is a DetectorError [E040] before anything is written
    (exit 2); a write that fails later (a full disk, a closed stdout) is a runguard.OutputError
    (exit 3), the target left as it was.
    """
    from .runguard import output_error

    if path is None or path == "-":
        try:
            yield sys.stdout
            sys.stdout.flush()
        except OSError as exc:
            raise output_error(exc, "standard output") from exc
        return
    try:
        with atomic_write(path) as fh:
            yield fh
    except OSError as exc:
        raise output_error(exc, str(path)) from exc
    except BaseException as exc:
        _note_if_signal(exc, path)
        raise


def _note_if_signal(exc: BaseException, path: str) -> None:
    """A file abandoned by Ctrl-C or a SIGTERM is named in the message that ends the run (a
    device or a pipe, written in place, got what was written before the signal)."""
    from .fileio import written_in_place
    from .runguard import Terminated, not_written

    if isinstance(exc, KeyboardInterrupt | Terminated) and not written_in_place(path):
        not_written(str(path))


class Writer:
    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class JsonlWriter(Writer):
    def write(self, record):
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()


class JsonWriter(Writer):
    def __init__(self, stream):
        super().__init__(stream)
        self.n = 0
        stream.write("[")

    def write(self, record):
        self.stream.write(("\n  " if self.n == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False))
        self.n += 1

    def close(self):
        self.stream.write("\n]\n" if self.n else "]\n")
        super().close()


class _CsvRows(Writer):
    """A CSV with a fixed header; an error record is one row with its code and message."""

    columns: list[str] = []

    def __init__(self, stream):
        super().__init__(stream)
        self.w = csv.DictWriter(stream, fieldnames=self.columns, extrasaction="ignore")
        self.w.writeheader()

    def write_error(self, record) -> bool:
        """Write ``record`` as an error row if it is one; True when it was."""
        if "error" not in record:
            return False
        self.w.writerow({"id": record["id"], "source": record["source"],
                         "error_code": record["error"]["code"], "error_message": record["error"]["message"]})
        return True


class CsvWriter(_CsvRows):
    columns = CSV_COLUMNS

    def write(self, record):
        if self.write_error(record):
            return
        types: dict[int, list[str]] = {}
        for f in record["findings"]:
            types.setdefault(f["sentence"], []).append(f["type"])
        axes = axis_columns(record)
        for s in record["sentences"]:
            self.w.writerow({
                "id": record["id"], "source": record["source"], "title": record["title"],
                "article_score": record["score"], "label": record["label"], "sentence": s["index"],
                "start": s["start"], "end": s["end"], "sentence_score": s["score"],
                "types": ";".join(sorted(set(types.get(s["index"], [])))), "text": s["text"],
                "translation_probability": (record.get("mt_style") or {}).get("probability", ""),
                "sentence_translation": s.get("translation", ""),
                **axes,
            })


class ArticlesCsvWriter(Writer):
    """One row per article. The columns are fixed by the first record (pass-through fields of
    later records that the first lacks are left out): a CSV has one header."""

    def __init__(self, stream):
        super().__init__(stream)
        self.w: csv.DictWriter | None = None

    def write(self, record):
        row = article_row(record)
        if self.w is None:
            self.w = csv.DictWriter(self.stream, fieldnames=list(row), extrasaction="ignore")
            self.w.writeheader()
        self.w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                         for k, v in row.items()})

    def close(self):
        if self.w is None:
            csv.DictWriter(self.stream, fieldnames=list(article_row({"id": None}))).writeheader()
        super().close()


_LABEL_STYLE = {"clean": "32", "suspect": "33", "artifacted": "31"}

#: a title in the table is cut after this many characters (two lines at 80 columns); the longest
#: headlines run to about 120, the JSON and the report keep it whole
TITLE_CHARS = 150


class TableWriter(Writer):
    """A human-readable report per article for the terminal. Every line is wrapped on words to
    the terminal's width (at most 120 columns), so nothing is split mid-word."""

    def __init__(self, stream, color: bool | None = None, width: int | None = None):
        super().__init__(stream)
        self.color = stream.isatty() if color is None and hasattr(stream, "isatty") else bool(color)
        self.width = width or min(shutil.get_terminal_size((100, 20)).columns, 120)

    def _c(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def _wrap(self, text: str, indent: int, first: str | None = None, style: str | None = None,
              hang: int = 2) -> list[str]:
        """``text`` wrapped on words at the width, indented; later lines ``hang`` columns deeper."""
        lines = textwrap.wrap(text, width=max(30, self.width - 1), initial_indent=" " * indent if first is None
                              else first, subsequent_indent=" " * (indent + hang), break_long_words=False,
                              break_on_hyphens=False) or [" " * indent]
        return [self._c(line, style) if style else line for line in lines]

    def write(self, record):
        record = printable(record)  # scraped text must not drive the terminal
        out: list[str] = []
        if "error" in record:
            e = record["error"]
            src, line = record["source"], e.get("line")
            where = f"{src.removesuffix(f':{line}')}, line {line}" if line else src
            out += self._wrap(f"✗ {where}  [{e['code']}] {e['message']}", 0, style="31")
            self.stream.write("\n".join(out) + "\n\n")
            return
        # a page's first paragraph taken for its title ran to six lines over the verdict
        title = _clip(record["title"] or record["id"], TITLE_CHARS)
        label = record["label"]
        out += self._wrap(title, 0, style="1")
        model = record.get("model") or {}
        n_sent = len(record["sentences"])
        verdict = f"{record['source']}  score {record['score']:.2f}  {label.upper()}"
        about = f"({n_sent} sentence{'' if n_sent == 1 else 's'}; model {model.get('name')}-{model.get('version')})"
        # the parenthesis goes under the verdict whole rather than cut after 'model'
        lines = self._wrap(f"{verdict}  {about}", 2)
        if len(lines) > 1:
            lines = self._wrap(verdict, 2) + self._wrap(about, 4)
        for line in lines:
            out.append(line.replace(label.upper(), self._c(label.upper(), _LABEL_STYLE.get(label, "0")), 1))
        for k, v in (record.get("meta") or {}).items():
            if isinstance(v, str | int | float) and k in _SHOWN_META:
                out += self._wrap(f"{k}: {v}", 2, style="2")
        for warn in record.get("warnings", []):
            out += self._wrap(f"! [{warn['code']}] {warn['message']}", 2, style="33")
        if record.get("axes"):
            out += self._axes(record)
        else:  # a scores file written before the verdict axes
            counts = ", ".join(f"{t} {n}" for t, n in record["counts"].items()) or "no findings"
            out += self._wrap(f"findings: {counts}", 2)
            out += self._translation_line(record)
        by_sentence: dict[int, list[dict]] = {}
        for f in record["findings"]:
            by_sentence.setdefault(f["sentence"], []).append(f)
        if not by_sentence and record.get("axes"):
            # a clean article said only 'clean 0.00' three times: say that nothing was found
            out += self._wrap(f"No findings in its {n_sent} sentence{'' if n_sent == 1 else 's'}.", 2, style="2")
        if by_sentence:
            out.append("")
            out.append("  " + self._c(f"{'#':>4}  {'p':>4}  finding", "2"))
        sents = record["sentences"]
        for idx in sorted(by_sentence):
            s = sents[idx]
            for k, f in enumerate(by_sentence[idx]):
                head = f"  {idx + 1:>4}  {s['score']:.2f}  " if k == 0 else " " * 14
                # 14 columns of numbers, the type, 2 spaces and 2 quotes, "  conf 0.85"
                room = max(20, self.width - 1 - 14 - len(f["type"]) - 4 - 11)
                out.append(head + self._c(f["type"], "36") + f"  “{_clip(f['text'], min(60, room))}”"
                           + f"  conf {f['confidence']:.2f}")
                expl = f["explanation"]
                if f["related"]:
                    expl += " (see sentence " + ", ".join(str(r + 1) for r in f["related"][:5]) + ")"
                out += self._wrap(expl, 16, style="2", hang=0)
        self.stream.write("\n".join(out) + "\n\n")
        self.stream.flush()


    def _translation_evidence(self, record: dict) -> str:
        """'phrases “it is”, “is reported”; most in sentences 3, 4' for a flagged translation verdict."""
        from .mt_style import literal_sentences, readable_phrase

        mt = record.get("mt_style") or {}
        phrases = [p["text"] for p in mt.get("phrases", []) if readable_phrase(p["text"])][:4]
        literal = literal_sentences(record)
        parts = []
        if phrases:
            parts.append("phrases " + ", ".join(f"“{p}”" for p in phrases))
        if literal:
            parts.append(f"most in sentence{'s' if len(literal) > 1 else ''} " + ", ".join(str(i + 1) for i in literal))
        return "; ".join(parts)

    def _translation_line(self, record: dict) -> list[str]:
        mt = record.get("mt_style")
        if not mt:
            return []
        verdict = "reads as machine-translated" if mt["flagged"] else "not flagged"
        line = f"translation {mt['probability']:.2f} (flags from {mt['threshold']:.2f}): {verdict}"
        evidence = self._translation_evidence(record) if mt["flagged"] else ""
        return self._wrap(line + (f"; {evidence}" if evidence else ""), 2, style="35" if mt["flagged"] else None)

    def _axes(self, record: dict) -> list[str]:
        """One line per verdict axis: its label, score and what it rests on, reasons wrapped under
        them: ``  rewriting    FLAGGED  0.80  2 × spliced fragment (sentences 1, 8); ...``."""
        out = []
        for name in AXES:
            axis = (record.get("axes") or {}).get(name)
            if not isinstance(axis, dict):
                continue
            label = str(axis.get("label", ""))
            shown = label.upper() if label in ("suspect", "flagged") else label
            reasons = [str(r) for r in axis.get("reasons") or []]
            mt = record.get("mt_style") or {}
            if name == "translation" and mt.get("explanation") in reasons:
                # the words left untranslated first (they alone can make the axis suspect), then the
                # head: its phrases and sentences in short when it flags, else why it did not judge
                words = [r for r in reasons if r != mt["explanation"]]
                reasons = words + [self._translation_evidence(record) if mt.get("flagged") else mt["explanation"]]
            why = "; ".join(_clause(r, k).replace(" × ", "\u00a0×\u00a0") for k, r in enumerate(r for r in reasons if r))
            head = f"  {name:<12} {shown:<8} {float(axis.get('score') or 0):.2f}  "
            lines = textwrap.wrap(why, width=max(20, self.width - 1 - len(head)), break_long_words=False,
                                  break_on_hyphens=False) or [""]
            style = {"flagged": "31", "suspect": "33"}.get(label)
            out.append(head.replace(shown, self._c(shown, style), 1) if style else head.rstrip() if not why else head)
            out[-1] += lines[0]
            out += [" " * len(head) + line for line in lines[1:]]
        return out


#: pass-through fields shown under the verdict line of the table
_SHOWN_META = ("url", "published", "date", "author", "site", "topic")


def _clause(reason: str, k: int) -> str:
    """A reason as the ``k``-th clause of a line joined with '; ': no full stop, lower case after the first."""
    if reason.endswith(".") and not reason.endswith("..."):
        reason = reason[:-1]
    if k and reason[:1].isupper() and reason[1:2].islower():
        reason = reason[0].lower() + reason[1:]
    return reason


#: C0 and C1 control characters but tab and newline: an escape sequence in an article (ESC [2J,
#: a title-setting OSC, a bell) would clear, retitle or drive the terminal it is printed on
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: Any) -> Any:
    """``value`` with every control character in its strings shown as ``\\x1b``, recursively."""
    if isinstance(value, str):
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value) if _CONTROL.search(value) else value
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable(v) for v in value]
    return value


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


FORMATS = ("table", "json", "jsonl", "csv", "articles-csv")


@contextmanager
def open_writer(fmt: str, output: str | None, *, color: bool | None = None):
    """The writer for ``fmt`` on ``output`` (None or "-": stdout), written atomically: the file
    appears whole when the block ends without an error, and not at all otherwise."""
    if fmt == "parquet":
        from .parquet import ParquetWriter

        writer = ParquetWriter(output)
        try:
            yield writer
        except BaseException as exc:
            writer.abort()
            _note_if_signal(exc, output)
            raise
        writer.close()
        return
    with atomic_output(output) as stream:
        writer = make_writer(fmt, stream, color=color)
        yield writer
        writer.close()


def make_writer(fmt: str, stream: IO[str], *, color: bool | None = None) -> Writer:
    if fmt == "table":
        return TableWriter(stream, color=color)
    return {"json": JsonWriter, "jsonl": JsonlWriter, "csv": CsvWriter, "articles-csv": ArticlesCsvWriter}[fmt](stream)


# -- copy tracing (detector trace) ------------------------------------------------------------------
TRACE_CSV_COLUMNS = [
    "id", "source", "family", "family_size", "role", "copy_of", "other_id", "other_source", "relation",
    "reference", "similarity", "copy_ratio", "other_ratio", "n_aligned", "aligned", "added", "dropped",
    "error_code", "error_message",
]


def copy_summary(copy: dict[str, Any]) -> str:
    """'reworded copy of wire-17 (82% of sentences)', as the table and the report say it."""
    other = copy.get("url") or copy["id"]
    share = f"{copy['copy_ratio']:.0%} of sentences"
    if copy["relation"] == "copy":
        return f"copied by {other} ({copy['other_ratio']:.0%} of its sentences)"
    verbatim = copy["aligned"] and not any(copy["changes"]) and not copy["added"] and not copy["dropped"]
    kind = "verbatim copy" if verbatim else "reworded copy"
    if copy["relation"] == "source":
        return f"{kind} of {other} ({share})"
    return f"shares its text with {other} ({share})"


class TraceCsvWriter(_CsvRows):
    """One row per (article, copy); an article without copies is one row with its family."""

    columns = TRACE_CSV_COLUMNS

    def write(self, record):
        if self.write_error(record):
            return
        base = {k: record[k] for k in ("id", "source", "family", "family_size", "role")}
        base["copy_of"] = record["copy_of"] or ""
        if not record["copies"]:
            self.w.writerow(base)
        for c in record["copies"]:
            self.w.writerow({
                **base, "other_id": c["id"], "other_source": c["source"], "relation": c["relation"],
                "reference": c["reference"], "similarity": c["similarity"], "copy_ratio": c["copy_ratio"],
                "other_ratio": c["other_ratio"], "n_aligned": len(c["aligned"]),
                "aligned": json.dumps(c["aligned"]), "added": json.dumps(c["added"]),
                "dropped": json.dumps(c["dropped"]),
            })


def describe_changes(changes: list) -> str:
    """Changed words as near_duplicate explanations name them ("'old' → 'new'; 'x' dropped")."""
    from .detectors.duplicates import _describe_changes

    return _describe_changes([tuple(c) for c in changes])


class TraceTableWriter(TableWriter):
    """Each article's family and copies for the terminal, with the first reworded sentences."""

    #: aligned sentence pairs with changed words shown per copy
    max_changes = 3

    def write(self, record):
        if "error" in record:
            return super().write(record)
        record = printable(record)
        out = io.StringIO()
        w = self.width
        for line in self._wrap(record["title"] or record["id"], 0, style="1"):
            out.write(line + "\n")
        role = record["role"]
        if role == "alone":
            fam = "no copies found"
        else:
            fam = f"family {record['family']} ({record['family_size']} articles), "
            fam += "the original" if role == "original" else f"copy of {record['copy_of']}"
        where = f"{record['source']}  {record['n_sentences']} sentences"
        lines = self._wrap(f"{where}  {fam}", 2)
        if len(lines) == 1:
            out.write(lines[0].replace(fam, self._c(fam, "36"), 1) + "\n")
        else:  # the family under the article whole rather than cut after 'copy of'
            for line in self._wrap(where, 2) + self._wrap(fam, 4, style="36"):
                out.write(line + "\n")
        sents = record.get("sentences") or []
        for c in record["copies"]:
            line = (f"  {'→' if c['relation'] == 'source' else '·'} {copy_summary(c)}; similarity "
                    f"{c['similarity']:.2f}; {len(c['aligned'])} aligned, {len(c['added'])} added, "
                    f"{len(c['dropped'])} dropped" + ("  [reference]" if c["reference"] else ""))
            for k, part in enumerate(textwrap.wrap(line, width=max(40, w - 2), subsequent_indent="      ")):
                out.write((self._c(part, "33") if k == 0 and c["relation"] == "source" else part) + "\n")
            shown = 0
            for (i, j), changes in zip(c["aligned"], c["changes"], strict=True):
                if not changes or shown >= self.max_changes:
                    continue
                shown += 1
                # read from the source to the copy: the other's words first, unless it is the copy
                if c["relation"] == "copy":
                    words, head = describe_changes([[new, old] for old, new in changes]), f"      s{i + 1} → s{j + 1}: "
                else:
                    words, head = describe_changes(changes), f"      s{j + 1} → s{i + 1}: "
                text = _clip(sents[i], 60) if i < len(sents) else ""
                for part in textwrap.wrap(f"{head}{words}  (“{text}”)", width=max(40, w - 2),
                                          subsequent_indent=" " * 10):
                    out.write(self._c(part, "2") + "\n")
        out.write("\n")
        self.stream.write(out.getvalue())
        self.stream.flush()


def make_trace_writer(fmt: str, stream: IO[str], *, color: bool | None = None) -> Writer:
    """The writer for `detector trace` records: jsonl and json as for scores, csv one row per copy."""
    if fmt == "table":
        return TraceTableWriter(stream, color=color)
    return {"json": JsonWriter, "jsonl": JsonlWriter, "csv": TraceCsvWriter}[fmt](stream)


@contextmanager
def open_trace_writer(fmt: str, output: str | None, *, color: bool | None = None):
    """``open_writer`` for `detector trace` records: written atomically, closed at the end."""
    with atomic_output(output) as stream:
        writer = make_trace_writer(fmt, stream, color=color)
        yield writer
        writer.close()
