"""Output writers: table (terminal), json (array), jsonl (one object per article), csv (one row per sentence).

Every writer takes dicts (ArticleResult.to_dict() or ErrorRecord.to_dict()) one at a time,
so output streams in input order and memory stays flat (json writes its array incrementally).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

FORMATS = ("table", "json", "jsonl", "csv")

CSV_COLUMNS = [
    "id", "source", "title", "article_score", "label", "sentence", "start", "end",
    "sentence_score", "types", "text", "error_code", "error_message", "mt_probability",
    "translation_score", "translation_label", "rewriting_score", "rewriting_label", "residue_score",
    "residue_label", "sentence_translation",
]


@contextmanager
def atomic_output(path: str | None):
    """Yield a text stream; for a path, write a temp file beside it and rename on success.

    A target that cannot be written at all (a parent that is a file, a read-only or pseudo
    file system) is a DetectorError [E040] before anything is written (exit 2); a write that
    fails later (a full disk) is a runguard.OutputError (exit 3), the target left as it was.
    The temporary file is named ``.<name>.<pid>.*.tmp``: hidden from directory inputs, and
    removed by the next write of the same target if a killed run left it.
    """
    from .errors import DetectorError
    from .model_store import remove_stale_temporaries
    from .runguard import output_error
    from .safeio import describe_oserror

    if path is None or path == "-":
        try:
            yield sys.stdout
            sys.stdout.flush()
        except OSError as exc:
            raise output_error(exc, "standard output") from exc
        return
    target = Path(path)
    try:
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:  # a part of the path is a file
            raise NotADirectoryError(20, "Not a directory", str(target.parent)) from exc
        remove_stale_temporaries(target.parent, f".{target.name}.")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DetectorError("E040", f"the output cannot be written there: {describe_oserror(exc)}",
                            source=str(target)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            try:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as exc:
                raise output_error(exc, str(target)) from exc
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise output_error(exc, str(target)) from exc
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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


class CsvWriter(Writer):
    def __init__(self, stream):
        super().__init__(stream)
        self.w = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self.w.writeheader()

    def write(self, record):
        if "error" in record:
            self.w.writerow({"id": record["id"], "source": record["source"],
                             "error_code": record["error"]["code"], "error_message": record["error"]["message"]})
            return
        types: dict[int, list[str]] = {}
        for f in record["findings"]:
            types.setdefault(f["sentence"], []).append(f["type"])
        axes = {}
        for name, axis in (record.get("axes") or {}).items():
            axes[f"{name}_score"], axes[f"{name}_label"] = axis["score"], axis["label"]
        for s in record["sentences"]:
            self.w.writerow({
                "id": record["id"], "source": record["source"], "title": record["title"],
                "article_score": record["score"], "label": record["label"], "sentence": s["index"],
                "start": s["start"], "end": s["end"], "sentence_score": s["score"],
                "types": ";".join(sorted(set(types.get(s["index"], [])))), "text": s["text"],
                "mt_probability": (record.get("mt_style") or {}).get("probability", ""),
                "sentence_translation": s.get("translation", ""),
                **axes,
            })


_LABEL_STYLE = {"clean": "32", "suspect": "33", "artifacted": "31"}


class TableWriter(Writer):
    """A human-readable report per article for the terminal."""

    def __init__(self, stream, color: bool | None = None, width: int | None = None):
        super().__init__(stream)
        self.color = stream.isatty() if color is None and hasattr(stream, "isatty") else bool(color)
        self.width = width or min(shutil.get_terminal_size((100, 20)).columns, 120)

    def _c(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def write(self, record):
        out = io.StringIO()
        w = self.width
        if "error" in record:
            e = record["error"]
            src, line = record["source"], e.get("line")
            where = f"{src.removesuffix(f':{line}')}, line {line}" if line else src
            out.write(self._c(f"✗ {where}", "31") + f"  [{e['code']}] {e['message']}\n\n")
            self.stream.write(out.getvalue())
            return
        title = record["title"] or record["id"]
        label = record["label"]
        out.write(self._c(f"{title}", "1") + "\n")
        counts = ", ".join(f"{t} {n}" for t, n in record["counts"].items()) or "no findings"
        out.write(
            f"  {record['source']}  score {record['score']:.2f}  "
            + self._c(label.upper(), _LABEL_STYLE.get(label, "0"))
            + f"  ({len(record['sentences'])} sentences; {counts})\n"
        )
        axes = record.get("axes") or {}
        if axes:
            parts = [f"{name} {a['score']:.2f} {a['label']}" for name, a in axes.items()]
            out.write("  " + "  ·  ".join(parts) + "\n")
        for warn in record.get("warnings", []):
            out.write(self._c(f"  ! [{warn['code']}] {warn['message']}", "33") + "\n")
        mt = record.get("mt_style")
        if mt:
            verdict = "reads as machine-translated" if mt["flagged"] else "not flagged"
            line = f"  MT style {mt['probability']:.2f} (flags from {mt['threshold']:.2f}): {verdict}"
            if mt["flagged"] and mt["phrases"]:
                line += "; phrases " + ", ".join(f"“{p['text']}”" for p in mt["phrases"][:4])
            if mt["flagged"] and mt["sentences"]:
                line += "; most in sentence " + ", ".join(str(i + 1) for i in mt["sentences"])
            for part in textwrap.wrap(line, width=max(40, w - 2), subsequent_indent="    "):
                out.write((self._c(part, "35") if mt["flagged"] else part) + "\n")
        by_sentence: dict[int, list[dict]] = {}
        for f in record["findings"]:
            by_sentence.setdefault(f["sentence"], []).append(f)
        if by_sentence:
            out.write("\n  " + self._c(f"{'#':>4}  {'p':>4}  finding", "2") + "\n")
        sents = record["sentences"]
        for idx in sorted(by_sentence):
            s = sents[idx]
            for k, f in enumerate(by_sentence[idx]):
                head = f"  {idx + 1:>4}  {s['score']:.2f}  " if k == 0 else " " * 14
                out.write(head + self._c(f["type"], "36") + f"  “{_clip(f['text'], 60)}”"
                          + f"  conf {f['confidence']:.2f}\n")
                expl = f["explanation"]
                if f["related"]:
                    expl += " (see sentence " + ", ".join(str(r + 1) for r in f["related"][:5]) + ")"
                for line in textwrap.wrap(expl, width=max(40, w - 16)):
                    out.write(" " * 16 + self._c(line, "2") + "\n")
        out.write("\n")
        self.stream.write(out.getvalue())
        self.stream.flush()


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def make_writer(fmt: str, stream: IO[str]) -> Writer:
    return {"table": TableWriter, "json": JsonWriter, "jsonl": JsonlWriter, "csv": CsvWriter}[fmt](stream)
