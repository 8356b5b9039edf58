"""The batch index: one row per article (or failed record), totals and a score histogram."""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from typing import Any

from markupsafe import Markup

from . import _html as h

#: Histogram bins over 0..1.
HIST_BINS = 20
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:|^\s*[\\/]{2}")


def safe_href(href: Any) -> str | None:
    """A relative link, or None: anything with a scheme (``javascript:``, ``https:``) or ``//host`` is dropped."""
    if not isinstance(href, str) or not href.strip() or _SCHEME.match(href):
        return None
    return href


def summarize(result: dict, href: str | None = None) -> dict[str, Any]:
    """The small row the index needs; ``write_reports`` keeps only these, not whole results."""
    if "error" in result:
        err = result.get("error")
        err = err if isinstance(err, dict) else {"code": "", "message": h.as_text(err)}
        row_err: dict[str, Any] = {"code": h.as_text(err.get("code")), "message": h.as_text(err.get("message"))}
        if err.get("line") is not None:
            row_err["line"] = err.get("line")
        return {"id": h.as_text(result.get("id")), "source": h.as_text(result.get("source")), "error": row_err, "href": None}
    counts = result.get("counts")
    if not isinstance(counts, dict):
        counts = {}
        for f in result.get("findings") or []:
            if isinstance(f, dict):
                t = h.as_text(f.get("type"))
                counts[t] = counts.get(t, 0) + 1
    model = result.get("model") if isinstance(result.get("model"), dict) else {}
    return {
        "id": h.as_text(result.get("id")),
        "title": h.as_text(result.get("title")),
        "source": h.as_text(result.get("source")),
        "score": h.as_score(result.get("score")),
        "label": h.as_text(result.get("label")),
        "counts": {h.as_text(k): int(v) for k, v in counts.items() if isinstance(v, int | float)},
        "href": href,
        "model": f"{h.as_text(model.get('name'))} {h.as_text(model.get('version'))}".strip(),
        "mt_style": h.mt_style(result.get("mt_style")),
        "axes": result.get("axes") if isinstance(result.get("axes"), dict) else None,
        "url": h.as_text((result.get("meta") or {}).get("url")) if isinstance(result.get("meta"), dict) else "",
    }


def _histogram(scores: list[float]) -> Markup:
    bins = [0] * HIST_BINS
    for s in scores:
        bins[min(HIST_BINS - 1, int(s * HIST_BINS))] += 1
    top = max(bins) if bins and max(bins) else 1
    w, hgt, left, bottom, pad_top = 640, 190, 44, 30, 12
    bw = (w - left - 8) / HIST_BINS
    plot_h = hgt - bottom - pad_top
    parts = [
        f'<svg class="hist" viewBox="0 0 {w} {hgt}" role="img" '
        f'aria-label="Histogram of article scores: {len(scores)} articles in {HIST_BINS} bins from 0 to 1">'
    ]
    # y axis: 0 and the tallest bin
    parts.append(f'<line class="axis" x1="{left}" y1="{hgt - bottom}" x2="{w - 8}" y2="{hgt - bottom}"/>')
    parts.append(f'<text class="ax" x="{left - 6}" y="{hgt - bottom}" text-anchor="end" dominant-baseline="middle">0</text>')
    parts.append(f'<text class="ax" x="{left - 6}" y="{pad_top + 4}" text-anchor="end" dominant-baseline="middle">{top}</text>')
    parts.append(f'<line class="grid" x1="{left}" y1="{pad_top}" x2="{w - 8}" y2="{pad_top}"/>')
    for i, n in enumerate(bins):
        x = left + i * bw
        bh = plot_h * n / top
        lo, hi = i / HIST_BINS, (i + 1) / HIST_BINS
        noun = "article" if n == 1 else "articles"
        parts.append(
            f'<rect class="sc{h.score_bucket(lo)} bar" x="{x + 1:.1f}" y="{hgt - bottom - bh:.1f}" '
            f'width="{bw - 2:.1f}" height="{bh:.1f}"><title>{lo:.2f}–{hi:.2f}: {n} {noun}</title></rect>'
        )
    for t in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + t * (w - left - 8)
        parts.append(f'<text class="ax" x="{x:.1f}" y="{hgt - 8}" text-anchor="middle">{t:g}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _row(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raw = {"id": h.as_text(raw), "error": {"code": "", "message": "not a result row"}}
    err = raw.get("error")
    row: dict[str, Any] = {
        "id": h.as_text(raw.get("id")),
        "title": h.as_text(raw.get("title")),
        "source": h.as_text(raw.get("source")),
        "href": safe_href(raw.get("href")),
        "url": h.as_text(raw.get("url"))[:300],
    }
    if err is not None:
        err = err if isinstance(err, dict) else {"message": h.as_text(err)}
        line = err.get("line")
        row.update(
            failed=True,
            label="failed",
            label_cls="failed",
            score=None,
            counts={},
            total=0,
            code=h.as_text(err.get("code")),
            message=h.as_text(err.get("message")),
            line=h.as_text(line) if line is not None else "",
            mt=None,
            axes={},
        )
        return row
    counts = raw.get("counts") if isinstance(raw.get("counts"), dict) else {}
    counts = {h.as_text(k): int(v) for k, v in counts.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    label = h.as_text(raw.get("label"))
    row.update(
        failed=False,
        label=label or "unknown",
        label_cls=h.label_class(label),
        score=h.as_score(raw.get("score")),
        counts=counts,
        total=sum(counts.values()),
        model=h.as_text(raw.get("model")),
        mt=h.mt_style(raw.get("mt_style")),
    )
    row["axes"] = {a["name"]: a for a in h.axes(raw.get("axes"), row["mt"])}
    return row


#: characters past which a title is no headline (a first paragraph taken for one) and is cut to
#: four lines in the index, with a tooltip; the longest headlines run to about 120
LONG_TITLE = 160


def _cells(row: dict[str, Any]) -> str:
    """One table row as HTML. Built here, not in the template: 10,000 rows render in well under a second."""
    e = escape
    types = " ".join(t for t, n in row["counts"].items() if n)
    # 'rewriting' for an axis that is not clean, 'rewriting:flagged' too when it is flagged: the
    # axis filter's two options per axis
    verdicts = " ".join(f"{name} {name}:flagged" if a["label"] == "flagged" else name
                        for name, a in row["axes"].items() if a["label"] != "clean")
    out = [f'<tr data-label="{e(row["label"])}" data-types="{e(types)}" data-axes="{e(verdicts)}"'
           f'{" class=failed" if row["failed"] else ""}>']
    title = row["title"] or row["id"] or "(untitled)"
    if row["failed"]:
        where = f" (line {e(row['line'])})" if row["line"] else ""
        out.append(
            f'<td class="c-title"><span class="err"><code>{e(row["code"])}</code> {e(row["message"])}{where}</span></td>'
        )
    else:
        url = f'<span class="c-url">{e(row["url"])}</span>' if row["url"] else ""
        # a page whose first paragraph became its title is cut to four lines here (in full on
        # hover, in the search and on its own page), so one such row does not fill a screen
        clip = f' class="t-clip" title="{e(title)}"' if len(title) > LONG_TITLE else ""
        shown = f'<a href="{e(row["href"])}"{clip}>{e(title)}</a>' if row["href"] else f"<span{clip}>{e(title)}</span>"
        out.append(f'<td class="c-title">{shown}{url}</td>')
    out.append(f'<td class="c-id"><code>{e(row["id"])}</code></td>')
    out.append(f'<td class="c-src">{e(row["source"])}</td>')
    if row["score"] is None:
        out.append('<td class="num" data-v="-1">–</td>')
    else:
        s = row["score"]
        out.append(f'<td class="num c-score" data-v="{s:.4f}"><span class="sbar sc{h.score_bucket(s)}">{s:.2f}</span></td>')
    out.append(f'<td><span class="label lb-{row["label_cls"]}">{e(row["label"])}</span></td>')
    for name in h.AXIS_NAMES:
        a = row["axes"].get(name)
        if a is None:
            out.append('<td class="num" data-v="-1">–</td>')
        else:
            flag = f' class="ax-{a["label"]}" title="{e(a["label"])}"' if a["label"] != "clean" else ""
            out.append(f'<td class="num" data-v="{a["score"]:.4f}"><span{flag}>{a["score"]:.2f}</span></td>')
    out.append(f'<td class="num" data-v="{row["total"] if not row["failed"] else -1}">{row["total"] if not row["failed"] else "–"}</td>')
    chips = [
        f'<span class="cnt {h.type_class(t)}"><span class="tag">{e(h.type_tag(t))}</span>{n}</span>'
        for t, n in sorted(row["counts"].items(), key=lambda kv: h.type_sort_key(kv[0]))
        if n
    ]
    out.append(f'<td class="c-types">{" ".join(chips)}</td>')
    out.append("</tr>")
    return "".join(out)


def _axis_options(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The axis filter's choices with their counts: each axis not clean, and flagged."""
    out = []
    for name in h.AXIS_NAMES:
        labels = [r["axes"][name]["label"] for r in rows if name in r["axes"]]
        shown = h.AXIS_FILTER_NAMES[name]
        out.append({"value": name, "text": f"{shown}: suspect or flagged",
                    "n": sum(1 for lab in labels if lab != "clean")})
        out.append({"value": f"{name}:flagged", "text": f"{shown}: flagged", "n": labels.count("flagged")})
    return out


def index_context(rows: list[dict], *, generated_at: datetime) -> dict[str, Any]:
    # worst first: the highest score at the top; records that failed come last, in input order
    norm = sorted((_row(r) for r in rows), key=lambda r: (r["failed"], -(r["score"] or 0.0)))
    type_set: set[str] = set()
    for r in norm:
        type_set.update(t for t, n in r["counts"].items() if n)
    types = sorted(type_set, key=h.type_sort_key)
    totals = []
    for t in types:
        n = sum(r["counts"].get(t, 0) for r in norm)
        arts = sum(1 for r in norm if r["counts"].get(t, 0))
        totals.append({"type": t, "cls": h.type_class(t), "tag": h.type_tag(t), "name": h.type_name(t), "n": n, "articles": arts})
    by_label: dict[str, int] = {}
    for r in norm:
        by_label[r["label"]] = by_label.get(r["label"], 0) + 1
    order = {"clean": 0, "suspect": 1, "artifacted": 2, "failed": 4}
    labels = sorted(by_label.items(), key=lambda kv: (order.get(kv[0], 3), kv[0]))
    scores = [r["score"] for r in norm if r["score"] is not None]
    models = sorted({r.get("model") for r in norm if r.get("model")})
    iso, human = h.format_time(generated_at)
    css, js, policy = h.page_assets("index")
    return {
        "css": css,
        "js": js,
        "csp": policy,
        "n": len(norm),
        "n_ok": len(scores),
        "n_failed": sum(1 for r in norm if r["failed"]),
        "mean": f"{sum(scores) / len(scores):.2f}" if scores else "–",
        "labels": [{"label": k, "cls": h.label_class(k) if k != "failed" else "failed", "n": v} for k, v in labels],
        "types": [{"type": t, "cls": h.type_class(t), "tag": h.type_tag(t), "name": h.type_name(t)} for t in types],
        "axis_options": _axis_options(norm),
        "totals": totals,
        "hist": _histogram(scores),
        "rows_html": Markup("\n".join(_cells(r) for r in norm)),
        "models": models,
        "mt_scored": sum(1 for r in norm if r.get("mt") is not None),
        "mt_flagged": sum(1 for r in norm if r.get("mt") is not None and r["mt"]["flagged"]),
        "generated_iso": iso,
        "generated": human,
    }
