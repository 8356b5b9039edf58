"""Parquet in and out, for tables that go on to Spark, DuckDB or pandas.

Input: a ``.parquet`` file with ``id`` and ``text`` columns (``title`` optional; other columns
pass through as ``meta``), read in row batches so a large file never sits in memory; row
``n`` (1-based) plays the part of a line number in error records.

Output: ``scores.parquet``, one row per article with the flat fields (``_ARTICLE_FIELDS``), and
``scores.sentences.parquet`` beside it, one row per sentence (``SENTENCE_SCHEMA``), joined on
``id``. Both are written in row groups as results stream in, under temporary names, and
renamed into place when the run completes.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .data import FINDING_TYPES, ErrorRecord
from .errors import Errors
from .rows import AXES
from .rows import article_row as flat_article_row

#: articles buffered per row group
ROW_GROUP_ARTICLES = 2000


#: the articles table's columns and Arrow types, in order
_ARTICLE_FIELDS: list[tuple[str, str]] = (
    [("id", "string"), ("source", "string"), ("title", "string"), ("score", "float64"),
     ("label", "string"), ("n_sentences", "int32"), ("n_findings", "int32")]
    + [(f"n_{t}", "int32") for t in FINDING_TYPES]
    + [("translation_probability", "float64"), ("translation_flagged", "bool_")]
    + [c for a in AXES for c in ((f"{a}_score", "float64"), (f"{a}_label", "string"), (f"{a}_reasons", "string"))]
    + [("model", "string"), ("warnings", "string"), ("meta", "string"),
       ("error_code", "string"), ("error_message", "string"), ("error_line", "int64")]
)
_ARTICLE_COLUMNS = [name for name, _ in _ARTICLE_FIELDS]


def _schemas():
    import pyarrow as pa

    articles = pa.schema([(name, getattr(pa, kind)()) for name, kind in _ARTICLE_FIELDS])
    sentences = pa.schema(
        [("id", pa.string()), ("sentence", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
         ("paragraph", pa.int32()), ("score", pa.float64()), ("types", pa.string()), ("text", pa.string())]
    )
    return articles, sentences


def article_row(d: dict[str, Any]) -> dict[str, Any]:
    """The flat fields of one result (or error) dict: the articles-csv and ``score_dataframe``
    row (``output.article_row``), with the input's pass-through fields, the warnings and the
    error's line as columns of their own (a Parquet file has one schema)."""
    row = flat_article_row(d)
    err = d.get("error") or {}
    row["warnings"] = json.dumps(d["warnings"], ensure_ascii=False) if d.get("warnings") else None
    row["meta"] = json.dumps(d["meta"], ensure_ascii=False, default=str) if d.get("meta") else None
    row["error_line"] = err.get("line")
    return {name: row.get(name) for name in _ARTICLE_COLUMNS}


def sentence_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    types: dict[int, list[str]] = {}
    for f in d.get("findings", []):
        types.setdefault(f["sentence"], []).append(f["type"])
    return [{"id": d["id"], "sentence": s["index"], "start": s["start"], "end": s["end"],
             "paragraph": s.get("paragraph"), "score": s["score"],
             "types": ",".join(sorted(set(types.get(s["index"], [])))) or None, "text": s["text"]}
            for s in d.get("sentences", [])]


def sentences_path(path: str | os.PathLike) -> Path:
    """``scores.parquet`` -> ``scores.sentences.parquet``."""
    p = Path(path)
    return p.with_name(p.name.removesuffix(".parquet") + ".sentences.parquet")


class ParquetWriter:
    """Writes result dicts to ``path`` and the sentences beside it (see module doc)."""

    def __init__(self, path: str | os.PathLike):
        import pyarrow.parquet as pq

        from .fileio import atomic_write

        self.targets = [Path(path), sentences_path(path)]
        self.schemas = _schemas()
        # each file is written through fileio.atomic_write: renamed into place on close
        self._files = contextlib.ExitStack()
        try:
            streams = [self._files.enter_context(atomic_write(t, "wb")) for t in self.targets]
            self._writers = [pq.ParquetWriter(fh, schema) for fh, schema in zip(streams, self.schemas, strict=True)]
        except BaseException:
            self._files.__exit__(*sys.exc_info())
            raise
        self._rows: tuple[list, list] = ([], [])

    def write(self, record: dict[str, Any]) -> None:
        self._rows[0].append(article_row(record))
        self._rows[1].extend(sentence_rows(record))
        if len(self._rows[0]) >= ROW_GROUP_ARTICLES:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        for writer, schema, rows in zip(self._writers, self.schemas, self._rows, strict=True):
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows.clear()

    def close(self) -> None:
        try:
            self._flush()
            for w in self._writers:
                w.close()
        except BaseException:
            self._files.__exit__(*sys.exc_info())
            raise
        self._files.close()

    def abort(self) -> None:
        for w in self._writers:
            try:
                w.close()
            except Exception:  # the temporary files are removed either way
                pass
        self._files.__exit__(RuntimeError, RuntimeError("aborted"), None)


def _plain(value: Any) -> Any:
    """A Parquet cell as a value JSON can hold (timestamps and decimals become strings)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, _dt.date | _dt.datetime | _dt.time):
        return value.isoformat()
    return str(value)


def parquet_rows(fh, source: str, batch_rows: int = 1000) -> Iterator[tuple[int, dict] | ErrorRecord]:
    """(row number from 1, the row as a dict of plain values), or an ErrorRecord, for each row of
    the open file ``fh``, in row order; ingest.read_file turns each row into an Article."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(fh)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...
        yield ErrorRecord(source, source, Errors.E012, f"not a readable Parquet file ({exc})")
        return
    names = pf.schema_arrow.names
    if "text" not in names:
        yield ErrorRecord(source, source, Errors.E006, f"the Parquet file has no 'text' column (columns: {', '.join(names)})")
        return
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                n += 1
                yield n, {k: _plain(v) for k, v in row.items()}
    except Exception as exc:  # a damaged page or column: the rows read so far stand
        yield ErrorRecord(source, source, Errors.E012, f"the Parquet file is damaged after row {n} ({exc})")
        return
    if n == 0:
        yield ErrorRecord(source, source, Errors.E001, "the Parquet file has no rows")
