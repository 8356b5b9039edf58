"""Self-contained HTML reports of scored articles.

One page per article (highlighted text, evidence, findings list, review tools) and an
index page for a batch. Pages carry their CSS and JavaScript inline, load nothing from
anywhere else (a Content-Security-Policy with hashes of the inline blocks enforces it)
and read correctly with scripts disabled.

Public API:

* ``render_article(result)`` -> HTML of one scored-article dict.
* ``render_index(rows)`` -> HTML of the batch index; rows come from ``summarize``.
* ``write_reports(results, out_dir)`` -> writes both, streaming, each file atomically.

Review labels. A reviewer can mark any sentence "correct" or "wrong" and download the
marks as one JSON line (``<file>.labels.jsonl``)::

    {"id", "title", "text", "labels": [{"start", "end", "text", "label", "type", "note"}]}

``text`` is the article rebuilt from its sentences (a paragraph's sentences joined by a
space, paragraphs by a newline); ``start``/``end`` are code-point offsets into it. A mark
becomes: wrong on a flagged sentence -> "clean" (false alarm, ``type`` null, the note names
the flagged types unless the reviewer wrote one); wrong on an unflagged sentence ->
"artifact" (missed; ``type`` is what the reviewer picked, or null; the note defaults to
"missed by the detector"); correct on a flagged
sentence -> "artifact" with the type of its most confident finding; correct on an
unflagged sentence -> "clean".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import Errors
from ..fileio import remove_stale_temporary_files, write_text_atomic
from . import _html
from ._article import article_context, find_seam, reconstruct, word_diff
from ._index import LONG_TITLE, index_context, safe_href, summarize

__all__ = [
    "TraceReportWriter",
    "find_seam",
    "reconstruct",
    "render_article",
    "render_index",
    "safe_file_name",
    "summarize",
    "word_diff",
    "write_reports",
    "write_trace_reports",
]

#: Longest file-name stem derived from an article id.
MAX_STEM = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Stems that must not be used: the index page, and names Windows reserves.
_RESERVED = {"index", "con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}


def render_article(
    result: dict,
    *,
    generated_at: datetime | None = None,
    index_href: str | None = None,
    file_stem: str | None = None,
) -> str:
    """One self-contained HTML page for a scored-article dict.

    ``index_href`` adds a link back to the batch index; ``file_stem`` names the labels
    download (defaults to "article").
    """
    ctx = article_context(
        result,
        generated_at=generated_at or _html.now(),
        index_href=safe_href(index_href),
        file_stem=file_stem,
    )
    return _html.env().get_template("article.html.j2").render(ctx, long_title=LONG_TITLE)


def render_index(rows: list[dict], *, generated_at: datetime | None = None) -> str:
    """The batch index for summary rows (``summarize(result, href)``, or error rows)."""
    ctx = index_context(list(rows), generated_at=generated_at or _html.now())
    return _html.env().get_template("index.html.j2").render(ctx)


def safe_file_name(article_id: Any, taken: set[str]) -> str:
    """A file-name stem for ``article_id``: ASCII letters, digits, ``.``, ``_`` and ``-`` only.

    Unique within ``taken`` (compared case-insensitively, for case-insensitive file
    systems), which it updates. Never "index", never a reserved device name, never hidden.
    """
    # accents come off (é -> e); other non-ASCII characters become separators
    text = "".join(c for c in unicodedata.normalize("NFKD", str(article_id or "")) if not unicodedata.combining(c))
    stem = _UNSAFE.sub("-", text).strip(".-_")[:MAX_STEM].strip(".-_") or "article"
    if stem.lower() in _RESERVED or stem.lower().split(".")[0] in _RESERVED:
        stem = f"article-{stem}"
    candidate, n = stem, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.lower())
    return candidate


def write_reports(
    results: Iterable[dict],
    out_dir: Path,
    *,
    progress: Callable[[int], None] | None = None,
    generated_at: datetime | None = None,
) -> list[Path]:
    """Write ``<stem>.html`` for every scored article and ``index.html`` for the batch.

    Results are consumed one at a time and only their summary rows are kept, so a large
    batch does not sit in memory. Error records (``{"id", "source", "error"}``) and
    results that cannot be rendered become failed rows in the index, without a page.
    ``progress(n)`` is called after each record with the number of records done so far.
    Returns the paths written, the index last.
    """
    out_dir = _make_out_dir(out_dir)
    remove_stale_temporary_files(out_dir)  # once: a pass per page made 10,000 pages cost 10,000 passes
    when = generated_at or _html.now()
    taken: set[str] = set()
    rows: list[dict] = []
    written: list[Path] = []
    done = 0
    for result in results:
        done += 1
        if not isinstance(result, dict):
            rows.append(_failed_row({}, Errors.E030, f"not a result record ({type(result).__name__})"))
        elif "error" in result:
            rows.append(summarize(result))
        else:
            stem = safe_file_name(result.get("id"), taken)
            try:
                page = render_article(result, generated_at=when, index_href="index.html", file_stem=stem)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                rows.append(_failed_row(result, Errors.E012, f"could not render the report: {exc}"))
            else:
                path = out_dir / f"{stem}.html"
                write_text_atomic(path, page, errors="replace", clean_stale=False)
                written.append(path)
                rows.append(summarize(result, href=path.name))
        del result  # keep only the summary row
        if progress is not None:
            progress(done)
    index = out_dir / "index.html"
    write_text_atomic(index, render_index(rows, generated_at=when), errors="replace")
    written.append(index)
    return written


def _make_out_dir(out_dir: Path | str) -> Path:
    """``out_dir``, created if need be; one that cannot be is E040 (exit 2), before any work."""
    from ..errors import DetectorError
    from ..safeio import describe_oserror

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DetectorError(Errors.E040, detail=describe_oserror(exc), source=str(out_dir)) from exc
    return out_dir


def _failed_row(result: dict, code: str, message: str) -> dict:
    return {
        "id": _html.as_text(result.get("id")),
        "source": _html.as_text(result.get("source")),
        "error": {"code": code, "message": message},
        "href": None,
    }


# -- copy tracing -------------------------------------------------------------------------------------
class TraceReportWriter:
    """Pages for ``detector trace`` records: ``<stem>.html`` per article (its copies side by side)
    and ``index.html`` (the copy families). Records are spilled to a temporary file as they come
    and rendered on ``close()``, when every article's page name is known, so pages link to each
    other and memory holds only the ids."""

    def __init__(self, out_dir: Path, *, generated_at: datetime | None = None):
        import tempfile

        self.out_dir = _make_out_dir(out_dir)  # now, not after the whole batch is traced
        self.when = generated_at or _html.now()
        self._spill = tempfile.TemporaryFile(mode="w+b")
        self._ids: list[str] = []

    def write(self, record: dict) -> None:
        import json

        self._spill.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        self._ids.append(_html.as_text(record.get("id")) if "error" not in record else "")

    def close(self) -> list[Path]:
        """Render every page and the index; returns the paths written, the index last."""
        import json

        from ._trace import family_context, trace_context, trace_row

        taken: set[str] = set()
        stems = [safe_file_name(i, taken) if i else None for i in self._ids]
        hrefs: dict[str, str] = {}
        for i, stem in zip(self._ids, stems, strict=True):
            if stem is not None:
                hrefs.setdefault(i, f"{stem}.html")
        env = _html.env()
        written: list[Path] = []
        rows: list[dict] = []
        remove_stale_temporary_files(self.out_dir)
        self._spill.seek(0)
        for line, stem in zip(self._spill, stems, strict=True):
            record = json.loads(line)
            if stem is None:
                rows.append(trace_row(record, None))
                continue
            ctx = trace_context(record, generated_at=self.when, index_href="index.html", hrefs=hrefs)
            path = self.out_dir / f"{stem}.html"
            write_text_atomic(path, env.get_template("trace.html.j2").render(ctx), errors="replace", clean_stale=False)
            written.append(path)
            rows.append(trace_row(record, path.name))
        self._spill.close()
        index = self.out_dir / "index.html"
        write_text_atomic(index, env.get_template("trace_index.html.j2").render(
            family_context(rows, generated_at=self.when)), errors="replace")
        written.append(index)
        return written


def write_trace_reports(records: Iterable[dict], out_dir: Path, *, generated_at: datetime | None = None) -> list[Path]:
    """Write the copy-tracing pages and their index for ``records`` (see TraceReportWriter)."""
    writer = TraceReportWriter(out_dir, generated_at=generated_at)
    for r in records:
        writer.write(r)
    return writer.close()
