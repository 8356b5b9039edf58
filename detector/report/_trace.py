"""Copy-tracing pages: an article's copies side by side, and an index of copy families.

A page is made from one ``detector trace`` record whose copies carry the other article's
sentences (``trace_records(..., other_sentences=True)``), so pages stream: the index keeps
one small row per article. Every piece of article data is escaped on the way out; the pages
carry no script at all (their Content-Security-Policy forbids any).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from markupsafe import Markup

from . import _html as h
from ._article import word_diff
from ._index import safe_href

#: Copies shown side by side on one page (the strongest first); the rest are listed.
MAX_SIDE_BY_SIDE = 5


@cache
def trace_assets() -> tuple[Markup, str]:
    """(css, csp) of the tracing pages: the shared stylesheet and their own, no script."""
    css = h.static("report.css") + "\n" + h.static("trace.css")
    return Markup(css), h.csp([css], [])


def _num(value: Any) -> float:
    return h.as_score(value)


def copy_phrase(copy: dict) -> str:
    """'reworded copy of wire-17 (82% of sentences)': what the page and the table say."""
    from ..output import copy_summary

    return copy_summary(copy)


def _rows(record: dict, copy: dict) -> list[dict[str, Any]]:
    """The side-by-side rows: this article's sentences in order, each with its aligned
    sentence of the other article (changed words marked), and the other's dropped sentences
    placed after the aligned sentence that precedes them there."""
    mine = [h.as_text(s) for s in record.get("sentences") or []]
    theirs = [h.as_text(s) for s in copy.get("sentences") or []]
    pairs = {}
    for p in copy.get("aligned") or []:
        if isinstance(p, list) and len(p) == 2 and all(isinstance(x, int) for x in p):
            pairs[p[0]] = p[1]
    added = set(x for x in copy.get("added") or [] if isinstance(x, int))
    dropped = sorted(x for x in copy.get("dropped") or [] if isinstance(x, int) and 0 <= x < len(theirs))
    # each dropped sentence follows the nearest aligned sentence before it in the other article
    after: dict[int, list[int]] = {}
    by_other = {j: i for i, j in pairs.items()}
    for j in dropped:
        prev = max((jj for jj in by_other if jj < j), default=None)
        after.setdefault(by_other[prev] if prev is not None else -1, []).append(j)
    rows: list[dict[str, Any]] = []

    def dropped_rows(key: int) -> None:
        for j in after.get(key, []):
            rows.append({"kind": "dropped", "left_no": None, "right_no": j + 1, "left": "",
                         "right": theirs[j]})

    dropped_rows(-1)
    for i, text in enumerate(mine):
        j = pairs.get(i)
        if j is not None and 0 <= j < len(theirs):
            same = text == theirs[j]
            # the other's words struck out on the right, this article's in their place on the left
            right, left = (theirs[j], text) if same else word_diff(theirs[j], text)
            rows.append({"kind": "same" if same else "changed", "left_no": i + 1, "right_no": j + 1,
                         "left": left, "right": right})
        else:
            rows.append({"kind": "added" if i in added else "short", "left_no": i + 1, "right_no": None,
                         "left": text, "right": ""})
        dropped_rows(i)
    return rows


def trace_context(record: dict, *, generated_at: datetime, index_href: str | None = None,
                  hrefs: dict[str, str] | None = None) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise TypeError("a trace record must be a dict")
    hrefs = hrefs or {}
    copies = [c for c in record.get("copies") or [] if isinstance(c, dict)]
    items = []
    for k, c in enumerate(copies):
        other = h.as_text(c.get("url") or c.get("id"))
        items.append({
            "n": k,
            "phrase": copy_phrase(c),
            "other": other,
            "other_id": h.as_text(c.get("id")),
            "title": h.as_text(c.get("title")),
            "href": safe_href(hrefs.get(h.as_text(c.get("id")))),
            "relation": h.as_text(c.get("relation")),
            "reference": c.get("reference") is True,
            "similarity": f"{_num(c.get('similarity')):.2f}",
            "copy_ratio": f"{_num(c.get('copy_ratio')):.0%}",
            "other_ratio": f"{_num(c.get('other_ratio')):.0%}",
            "n_aligned": len(c.get("aligned") or []),
            "n_added": len(c.get("added") or []),
            "n_dropped": len(c.get("dropped") or []),
            "rows": _rows(record, c) if k < MAX_SIDE_BY_SIDE and c.get("sentences") is not None else None,
        })
    source = next((i for i in items if i["relation"] == "source"), None)
    role = h.as_text(record.get("role"))
    if source is not None:
        headline = source["phrase"]
    elif role == "original":
        headline = f"the likely original of a family of {record.get('family_size')} articles"
    elif items:
        headline = items[0]["phrase"]
    else:
        headline = "no copies found"
    iso, human = h.format_time(generated_at)
    css, policy = trace_assets()
    return {
        "css": css, "csp": policy,
        "id": h.as_text(record.get("id")), "title": h.as_text(record.get("title")),
        "source": h.as_text(record.get("source")), "url": h.as_text(record.get("url")),
        "family": h.as_text(record.get("family")), "family_size": record.get("family_size") or 1,
        "role": role, "copy_of": h.as_text(record.get("copy_of")), "headline": headline,
        "n_sentences": len(record.get("sentences") or []),
        "copies": items, "index_href": index_href,
        "generated_iso": iso, "generated": human,
    }


def family_context(rows: list[dict], *, generated_at: datetime) -> dict[str, Any]:
    """The index: families (largest first, the original on top), then articles without copies."""
    groups: dict[str, list[dict]] = {}
    alone, failed = [], []
    for r in rows:
        if r.get("error"):
            failed.append(r)
        elif r.get("role") == "alone":
            alone.append(r)
        else:
            groups.setdefault(r["family"], []).append(r)
    fams = []
    for fam, members in groups.items():
        members.sort(key=lambda r: (r["role"] != "original", -r["best_ratio"], r["id"]))
        fams.append({"family": fam, "members": members, "size": max(m["family_size"] for m in members),
                     "listed": len(members)})
    fams.sort(key=lambda f: (-f["size"], f["family"]))
    iso, human = h.format_time(generated_at)
    css, policy = trace_assets()
    return {"css": css, "csp": policy, "families": fams, "alone": alone, "failed": failed,
            "n": len(rows), "n_in_families": sum(f["listed"] for f in fams),
            "generated_iso": iso, "generated": human}


def trace_row(record: dict, href: str | None) -> dict[str, Any]:
    """What the index keeps of a record."""
    if "error" in record:
        err = record.get("error") if isinstance(record.get("error"), dict) else {}
        return {"id": h.as_text(record.get("id")), "source": h.as_text(record.get("source")),
                "error": f"[{h.as_text(err.get('code'))}] {h.as_text(err.get('message'))}"}
    copies = [c for c in record.get("copies") or [] if isinstance(c, dict)]
    best = max(copies, key=lambda c: (c.get("relation") == "source", _num(c.get("copy_ratio"))), default=None)
    return {
        "id": h.as_text(record.get("id")), "title": h.as_text(record.get("title")),
        "source": h.as_text(record.get("source")), "href": safe_href(href),
        "family": h.as_text(record.get("family")), "family_size": int(record.get("family_size") or 1),
        "role": h.as_text(record.get("role")), "copy_of": h.as_text(record.get("copy_of")),
        "phrase": copy_phrase(best) if best else "", "best_ratio": _num(best.get("copy_ratio")) if best else 0.0,
        "n_copies": len(copies),
    }
