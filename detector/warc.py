"""WARC input (``.warc``, ``.warc.gz``, as web crawls write them), read with FastWARC.

Each HTTP response record with an HTML body is one article: its id is the WARC-Record-ID,
its URL and crawl date go to ``meta``, and the page is extracted like an ``.html`` file.
Every other record (warcinfo, request, metadata, revisit, a response that is an image, a
PDF, JSON...) is skipped and counted in ``SKIPPED`` by input, which the CLI reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .data import ErrorRecord
from .errors import Errors

WARC_SUFFIXES = (".warc", ".warc.gz")
#: input name -> records skipped because they are not HTML responses
SKIPPED: Counter[str] = Counter()
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(slots=True)
class WarcPage:
    """One HTML response: its record id, body bytes and the fields passed through (url, date)."""

    id: str
    body: bytes
    meta: dict


def warc_pages(fh: BinaryIO, source: str, max_bytes: int) -> Iterator[WarcPage | ErrorRecord]:
    """One WarcPage (or ErrorRecord) per HTML response record of the open file ``fh``, in order;
    ingest.read_file turns each page into an Article. A body over ``max_bytes`` is E007, unread."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n_html = n_records = 0
    try:
        records = ArchiveIterator(fh, record_types=WarcRecordType.any_type, parse_http=True, fsspec_args=False)
        for rec in records:
            n_records += 1
            if rec.record_type != WarcRecordType.response or not rec.is_http:
                SKIPPED[source] += 1
                continue
            ctype = (rec.http_content_type or "").lower()
            if not ctype.startswith(_HTML_TYPES):
                SKIPPED[source] += 1
                continue
            n_html += 1
            rid = rec.record_id or f"{source}#{n_html}"
            meta = {"url": rec.headers.get("WARC-Target-URI"), "warc_date": rec.headers.get("WARC-Date")}
            if rec.content_length > max_bytes:
                yield ErrorRecord(rid, source, Errors.E007, f"the response is {rec.content_length / 1e6:.1f} MB; "
                                  f"a page is limited to {max_bytes / 1e6:.0f} MB")
                continue
            body = rec.reader.read(max_bytes + 1)  # the header's length is the sender's word
            if len(body) > max_bytes:
                yield ErrorRecord(rid, source, Errors.E007, f"the response is over {max_bytes / 1e6:.0f} MB")
                continue
            if len(body) < rec.content_length:
                # the file ends inside this record (a download or copy cut short): half a page
                # scored as a whole one would pass for a short article
                yield ErrorRecord(rid, source, Errors.E012, f"the response is cut short: the file ends "
                                  f"{len(body):,} bytes into its {rec.content_length:,} (a truncated download "
                                  "or copy of the WARC file)")
                continue
            yield WarcPage(rid, body, meta)
    except OSError as exc:
        if exc.errno is not None:  # the disk or the file system, not the archive
            yield ErrorRecord(source, source, Errors.E009, f"the file cannot be read ({exc.strerror or exc})")
        elif n_records == 0:
            # fastwarc's word for a file that is no WARC at all ('Invalid WARC header') read as an
            # unreadable file
            yield ErrorRecord(source, source, Errors.E012, f"the file is not a WARC archive: it does not start "
                              f"with a WARC record ({exc})")
        else:
            yield ErrorRecord(source, source, Errors.E012,
                              f"the WARC file is damaged after {n_html} HTML record(s) ({exc})")
        return
    except Exception as exc:  # a damaged archive: keep what was read, report the rest
        yield ErrorRecord(source, source, Errors.E012, f"the WARC file is damaged after {n_html} HTML record(s) ({exc})")
        return
    if n_html == 0:
        yield ErrorRecord(source, source, Errors.E001, f"the WARC file has no HTML response records "
                          f"({SKIPPED[source]} other record(s) skipped)")
