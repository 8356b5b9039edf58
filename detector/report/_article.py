"""The article page: highlighted text, evidence, findings list, overview strip, review data.

The text body is assembled here rather than in the template: findings may overlap, so a
sentence is cut at every finding boundary and each piece is wrapped in the marks that
cover it. Every piece of article data goes through ``html.escape`` on the way out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

from markupsafe import Markup

from ..findings import registry
from ..textdiff import opcodes
from . import _html as h

#: Sentences longer than this are shortened when quoted as evidence in the findings list.
EVIDENCE_MAX_CHARS = 400
#: At most this many related sentences are shown per finding.
MAX_RELATED = 3
#: Types whose ``related`` sentences get a link next to the highlight, with its visible text.
_EVIDENCE_LINK = {"gender_mismatch": "antecedent", "near_duplicate": "duplicate of", "name_variant": "other spelling"}


def _esc(s: str) -> str:
    return escape(s, quote=True)


@dataclass(slots=True)
class Sent:
    index: int
    start: int
    end: int
    text: str
    score: float
    paragraph: Any
    findings: list[Find] = field(default_factory=list)
    # offsets into the reconstructed text: code points (what Python and the labels file use)
    # and UTF-16 code units (what JavaScript string slicing uses)
    cs: int = 0
    ce: int = 0
    us: int = 0
    ue: int = 0


@dataclass(slots=True)
class Find:
    fid: int
    type: str
    sentence: int
    start: int
    end: int
    text: str
    confidence: float
    explanation: str
    related: list[int]
    seam: int | None = None  # absolute offset of a splice seam, when it can be located
    placed: bool = False


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _sentences(result: dict) -> list[Sent]:
    out = []
    for i, raw in enumerate(result.get("sentences") or []):
        if not isinstance(raw, dict):
            continue
        text = h.as_text(raw.get("text"))
        start = _int(raw.get("start"))
        out.append(
            Sent(
                index=_int(raw.get("index"), i),
                start=start,
                end=_int(raw.get("end"), start + len(text)),
                text=text,
                score=h.as_score(raw.get("score")),
                paragraph=raw.get("paragraph", i) if isinstance(raw.get("paragraph", i), int | str) else i,
            )
        )
    out.sort(key=lambda s: s.index)
    return out


def _findings(result: dict) -> list[Find]:
    out = []
    for fid, raw in enumerate(result.get("findings") or []):
        if not isinstance(raw, dict):
            continue
        related = raw.get("related") or []
        seam = raw.get("seam")
        out.append(
            Find(
                fid=fid,
                type=h.as_text(raw.get("type")) or "unknown",
                sentence=_int(raw.get("sentence"), -1),
                start=_int(raw.get("start"), -1),
                end=_int(raw.get("end"), -1),
                text=h.as_text(raw.get("text")),
                confidence=h.as_score(raw.get("confidence")),
                explanation=h.as_text(raw.get("explanation")),
                related=[_int(r, -1) for r in related if isinstance(r, int | str)] if isinstance(related, list) else [],
                seam=seam if isinstance(seam, int) and not isinstance(seam, bool) else None,
            )
        )
    return out


def reconstruct(sentences: list[Sent]) -> str:
    """The labels-file text: a paragraph's sentences joined by a space, paragraphs by a newline.

    Sets each sentence's offsets into that text (code points and UTF-16 units).
    """
    parts: list[str] = []
    pos = upos = 0
    prev_para: Any = object()
    for k, s in enumerate(sentences):
        if k:
            sep = " " if s.paragraph == prev_para else "\n"
            parts.append(sep)
            pos += 1
            upos += 1
        prev_para = s.paragraph
        n16 = len(s.text.encode("utf-16-le", "surrogatepass")) // 2
        s.cs, s.ce, s.us, s.ue = pos, pos + len(s.text), upos, upos + n16
        parts.append(s.text)
        pos += len(s.text)
        upos += n16
    return "".join(parts)


# --- splice seams -------------------------------------------------------------------------

_STARTERS = (
    "The|A|An|It|He|She|They|We|I|You|This|That|These|Those|There|His|Her|Its|Their|Our|"
    "In|On|At|As|By|For|From|After|Before|When|While|But|And|However|Meanwhile|According|Officials|Residents"
)
#: Function words that, run into a neighbouring word without a space, mark a seam
#: ("Kharkivwhile", "saidthe", "thebattle").
_GLUE_TAILS = (
    "while|which|where|whose|when|that|with|from|after|before|said|says|were|would|could|should|"
    "will|this|these|those|their|they|there|the|and|but|who|was|has|had|for"
)
_GLUE_HEADS = "the|and|for|with|from|that|said|was|but|while|this|has|will|who|of|to"
_SEAM_PATTERNS = (
    # sentence-final punctuation followed by a lowercase word: "... said. the council ..."
    re.compile(r"(?<=[.!?])[\"'”’)]?(\s+)(?=[a-z])"),
    # a lowercase word run straight into a capitalised sentence opener: "... in March The ..."
    re.compile(r"(?<=[a-z0-9,;])(\s+)(?=(?:" + _STARTERS + r")\b)"),
    # a run of two or more spaces inside the fragment
    re.compile(r"\S(\s{2,})(?=\S)"),
    # a sentence end with no space after it: "Kyiv.The army"
    re.compile(r"(?<=[a-z0-9][.!?])()(?=[A-Z])"),
    # a case seam inside a word: "offensiveThe", "HomeNews"
    re.compile(r"(?<=[a-z])()(?=[A-Z])"),
    # a function word glued to the end or the start of a word: "Kharkivwhile", "thebattle"
    re.compile(r"(?<=[A-Za-z]{3})()(?=(?:" + _GLUE_TAILS + r")$)", re.I),
    re.compile(r"^(?:" + _GLUE_HEADS + r")()(?=[a-z]{3})", re.I),
    # any lowercase word followed by a capitalised one: a sentence cut off mid-way
    re.compile(r"(?<=[a-z,;])(\s+)(?=[A-Z])"),
)


def find_seam(text: str) -> int | None:
    """Where two glued pieces meet inside a spliced fragment's text (an offset into it), or None.

    Whitespace seams give the start of the gap; seams inside a word give the position
    between the two pieces. Tried in order, most specific first.
    """
    single_word = not any(c.isspace() for c in text.strip())
    for k, pattern in enumerate(_SEAM_PATTERNS):
        if k in (5, 6) and not single_word:
            continue
        m = pattern.search(text.strip() if k in (5, 6) else text)
        if m:
            pos = m.start(1) + (len(text) - len(text.lstrip()) if k in (5, 6) else 0)
            if 0 < pos < len(text):
                return pos
    return None


# --- word diff ----------------------------------------------------------------------------

_WORD = re.compile(r"\S+\s*")


def word_diff(a: str, b: str) -> tuple[Markup, Markup]:
    """Both sentences as HTML with the words that differ marked: ``<del>`` in a, ``<ins>`` in b."""
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    lead_a = a[: len(a) - len(a.lstrip())]
    lead_b = b[: len(b) - len(b.lstrip())]
    out_a, out_b = [_esc(lead_a)], [_esc(lead_b)]

    def wrap(words: list[str], tag: str, out: list[str]) -> None:
        if not words:
            return
        joined = "".join(words)
        core = joined.rstrip()
        out.append(f"<{tag}>{_esc(core)}</{tag}>{_esc(joined[len(core):])}")

    for op, i1, i2, j1, j2 in opcodes([w.rstrip() for w in wa], [w.rstrip() for w in wb]):
        if op == "equal":
            out_a.append(_esc("".join(wa[i1:i2])))
            out_b.append(_esc("".join(wb[j1:j2])))
        else:
            wrap(wa[i1:i2], "del", out_a)
            wrap(wb[j1:j2], "ins", out_b)
    return Markup("".join(out_a)), Markup("".join(out_b))


# --- the text body ------------------------------------------------------------------------


def _tip(f: Find) -> str:
    return f"{h.type_name(f.type)} ({f.confidence:.0%}): {f.explanation}".strip()


def _sentence_html(s: Sent, by_index: dict[int, Sent]) -> str:
    text, n = s.text, len(s.text)
    placed: list[tuple[int, int, Find, int | None]] = []
    cuts = {0, n}
    for f in s.findings:
        ls, le = f.start - s.start, f.end - s.start
        if not (0 <= ls < le <= n):
            continue
        f.placed = True
        seam = None
        if f.type == "spliced_fragment":
            seam = f.seam - s.start if f.seam is not None else None
            if seam is None:
                local = find_seam(text[ls:le])
                seam = ls + local if local is not None else None
            if seam is not None and ls < seam < le:
                cuts.add(seam)
                f.seam = s.start + seam
            else:
                seam = None
        placed.append((ls, le, f, seam))
        cuts.update((ls, le))
    if not placed:
        return _esc(text)
    placed.sort(key=lambda p: (p[0], -p[1], p[2].fid))
    bounds = sorted(cuts)
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        cover = [p for p in placed if p[0] <= a and p[1] >= b]
        for ls, _le, f, seam in cover:
            rel = " ".join(str(r) for r in f.related if r in by_index)
            out.append(
                f'<mark class="hl {h.type_class(f.type)}" data-f="{f.fid}" data-tip="{_esc(_tip(f))}"'
                + (f' data-rel="{rel}"' if rel else "")
                + ">"
            )
            if ls == a:
                out.append(
                    f'<a class="tag" id="f-{f.fid}" href="#fl-{f.fid}" aria-describedby="fx-{f.fid}">'
                    f"{_esc(h.type_tag(f.type))}</a>"
                )
            if seam == a:
                out.append('<span class="seam" title="seam"><span class="vh">[seam]</span></span>')
        out.append(_esc(text[a:b]))
        out.append("</mark>" * len(cover))
        for _ls, le, f, _seam in cover:
            if le == b and f.type in _EVIDENCE_LINK:
                for r in f.related[:MAX_RELATED]:
                    if r in by_index:
                        what = _EVIDENCE_LINK[f.type]
                        out.append(
                            f'<a class="ev" href="#s-{r}" data-rel="{r}" aria-label="{what}: sentence {r + 1}">'
                            f"→&#8239;s{r + 1}</a>"
                        )
    return "".join(out)


def _body(sentences: list[Sent], by_index: dict[int, Sent], literal: frozenset[int] = frozenset()) -> Markup:
    """The article text, sentence by sentence; ``literal``: the sentences a flagging translation
    verdict rests on most, underlined in the text so the verdict can be checked where it lies."""
    out: list[str] = []
    prev_para: Any = object()
    pno = 0
    for k, s in enumerate(sentences):
        if s.paragraph != prev_para:
            if k:
                out.append("</p>\n")
            out.append(f'<p id="p-{pno}">')
            pno += 1
            prev_para = s.paragraph
        else:
            out.append(" ")
        flagged = " flagged" if s.findings else ""
        lit = (' mt-lit" title="One of the sentences that read most like machine translation'
               if s.index in literal else "")
        out.append(
            f'<span class="s sc{h.score_bucket(s.score)}{flagged}{lit}" id="s-{s.index}" data-i="{s.index}" '
            f'data-n="{s.index + 1}">{_sentence_html(s, by_index)}</span>'
        )
    if sentences:
        out.append("</p>\n")
    return Markup("".join(out))


# --- overview strip -----------------------------------------------------------------------


def _strip(sentences: list[Sent]) -> Markup:
    """One cell per sentence (width by length, colour by score), flags above cells with findings."""
    if not sentences:
        return Markup("")
    avg = max(1.0, sum(len(s.text) for s in sentences) / len(sentences))
    pad = avg * 0.35  # keeps short sentences (headlines, datelines) visible
    gap = avg * 0.25  # between paragraphs
    x = 0.0
    cells: list[str] = []
    flags: list[str] = []
    prev_para: Any = object()
    for k, s in enumerate(sentences):
        if k and s.paragraph != prev_para:
            x += gap
        prev_para = s.paragraph
        w = len(s.text) + pad
        types = sorted({f.type for f in s.findings}, key=h.type_sort_key)
        label = f"Sentence {s.index + 1}, score {s.score:.2f}"
        if types:
            label += ": " + ", ".join(h.type_tag(t) for t in types)
        cells.append(
            f'<a href="#s-{s.index}" tabindex="-1"><title>{_esc(label)}</title>'
            f'<rect class="sc{h.score_bucket(s.score)}" x="{x:.1f}" y="7" width="{w - pad * 0.2:.1f}" height="17"/></a>'
        )
        if types:
            fh = 6 / len(types)
            for j, t in enumerate(types[:3]):
                flags.append(
                    f'<rect class="fl {h.type_class(t)}" x="{x:.1f}" y="{j * fh:.2f}" '
                    f'width="{max(w - pad * 0.2, avg * 0.6):.1f}" height="{fh:.2f}"/>'
                )
        x += w
    return Markup(
        f'<svg class="strip" viewBox="0 0 {x:.1f} 24" preserveAspectRatio="none" role="img" '
        f'aria-label="Overview: {len(sentences)} sentences coloured by score; marks above show findings">'
        + "".join(cells)
        + "".join(flags)
        + "</svg>"
    )


# --- findings list ------------------------------------------------------------------------


def _clip(text: str, limit: int = EVIDENCE_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _seam_html(f: Find) -> Markup:
    local = (f.seam - f.start) if f.seam is not None else None
    if local is None or not (0 < local < len(f.text)):
        return Markup(_esc(f.text))
    return Markup(
        f"{_esc(f.text[:local])}"
        '<span class="seam" title="seam"><span class="vh">[seam]</span></span>'
        f"{_esc(f.text[local:])}"
    )


def _finding_item(f: Find, by_index: dict[int, Sent]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "fid": f.fid,
        "type": f.type,
        "text": _clip(f.text, 200),
        "seam_html": _seam_html(f) if f.type == "spliced_fragment" and f.seam is not None else None,
        "confidence": f"{f.confidence:.2f}",
        "explanation": f.explanation,
        "sentence_no": f.sentence + 1,
        "placed": f.placed,
        "pairs": [],
        "related": [],
    }
    this = by_index.get(f.sentence)
    for r in f.related[:MAX_RELATED]:
        other = by_index.get(r)
        if other is None:
            continue
        if f.type == "near_duplicate" and this is not None:
            # earlier sentence on the left, so the diff reads in article order
            first, second = (other, this) if other.index < this.index else (this, other)
            left, right = word_diff(_clip(first.text), _clip(second.text))
            item["pairs"].append(
                {"left_no": first.index + 1, "right_no": second.index + 1, "left": left, "right": right,
                 "left_id": first.index, "right_id": second.index}
            )
        else:
            item["related"].append({"no": other.index + 1, "id": other.index, "text": _clip(other.text)})
    return item


def _groups(findings: list[Find], by_index: dict[int, Sent]) -> list[dict[str, Any]]:
    by_type: dict[str, list[Find]] = {}
    for f in findings:
        by_type.setdefault(f.type, []).append(f)
    groups = []
    for t in sorted(by_type, key=h.type_sort_key):
        items = sorted(by_type[t], key=lambda f: (f.sentence, f.start, f.fid))
        groups.append(
            {
                "type": t,
                "cls": h.type_class(t),
                "tag": h.type_tag(t),
                "name": h.type_name(t),
                "entries": [_finding_item(f, by_index) for f in items],
            }
        )
    return groups


# --- page ---------------------------------------------------------------------------------


def _mt_box(result: dict) -> dict[str, Any] | None:
    """The translation verdict as the page shows it: phrases an editor can read, and "most
    literal" sentences that are the article's prose (never a comment-form or share line)."""
    from ..mt_style import literal_sentences, readable_phrase

    mt = h.mt_style(result.get("mt_style"))
    if mt is None:
        return None
    mt["phrases"] = [p for p in mt["phrases"] if readable_phrase(p)][:6]
    mt["counter"] = [p for p in mt["counter"] if readable_phrase(p)][:3]
    mt["sentences"] = literal_sentences(result)
    return mt


def _page_url(meta: Any) -> str | None:
    """The record's web address (its ``url`` field), shown under the title as text: a report
    links to nothing outside itself."""
    url = meta.get("url") if isinstance(meta, dict) else None
    return _clip(url.strip(), 300) if isinstance(url, str) and url.strip() else None


def _meta_items(meta: Any) -> list[tuple[str, str]]:
    import json

    if not isinstance(meta, dict):
        return []
    items = []
    for k, v in list(meta.items())[:50]:
        if k == "url" and _page_url(meta):  # shown under the title already
            continue
        value = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
        items.append((_clip(h.as_text(k), 100), _clip(value, 300)))
    return items


def _warnings(raw: Any) -> list[tuple[str, str]]:
    if not isinstance(raw, list):
        return []
    out = []
    for w in raw[:50]:
        if isinstance(w, dict):
            out.append((h.as_text(w.get("code")), h.as_text(w.get("message"))))
        else:
            out.append(("", h.as_text(w)))
    return out


def article_context(
    result: dict, *, generated_at: datetime, index_href: str | None = None, file_stem: str | None = None
) -> dict[str, Any]:
    if not isinstance(result, dict):
        raise TypeError("a scored-article result must be a dict")
    sentences = _sentences(result)
    findings = _findings(result)
    by_index = {s.index: s for s in sentences}
    for f in findings:
        s = by_index.get(f.sentence)
        if s is not None:
            s.findings.append(f)
    text = reconstruct(sentences)
    mt_box = _mt_box(result)
    literal = frozenset(mt_box["sentences"]) if mt_box and mt_box.get("flagged") else frozenset()
    body = _body(sentences, by_index, literal)  # also marks which findings could be placed

    counts: dict[str, int] = {}
    raw_counts = result.get("counts")
    if isinstance(raw_counts, dict) and raw_counts:
        for k, v in raw_counts.items():
            counts[h.as_text(k)] = _int(v)
    else:
        for f in findings:
            counts[f.type] = counts.get(f.type, 0) + 1

    score = h.as_score(result.get("score"))
    label = h.as_text(result.get("label")) or "unknown"
    model = result.get("model") if isinstance(result.get("model"), dict) else {}
    iso, human = h.format_time(generated_at)
    ident = h.as_text(result.get("id"))
    title = h.as_text(result.get("title"))

    sent_types: dict[int, list[str]] = {}
    for s in sentences:
        if s.findings:
            # the most confident finding's type first: it is the type a "correct" mark records
            ordered = sorted(s.findings, key=lambda f: (-f.confidence, f.start, f.fid))
            seen: list[str] = []
            for f in ordered:
                if f.type not in seen:
                    seen.append(f.type)
            sent_types[s.index] = seen
    island = {
        "id": ident,
        "title": title,
        "file": file_stem or "article",
        "text": text,
        "sents": [
            [s.index, s.cs, s.ce, s.us, s.ue, round(s.score, 4), sent_types.get(s.index, [])] for s in sentences
        ],
        "types": {t: h.type_name(t) for t in registry()},
    }
    css, js, policy = h.page_assets("article")
    return {
        "css": css,
        "js": js,
        "csp": policy,
        "id": ident,
        "title": title,
        "source": h.as_text(result.get("source")),
        "score": f"{score:.2f}",
        "score_bucket": h.score_bucket(score),
        "label": label,
        "label_cls": h.label_class(label),
        "counts": [
            {"type": t, "cls": h.type_class(t), "tag": h.type_tag(t), "name": h.type_name(t), "n": n}
            for t, n in sorted(counts.items(), key=lambda kv: h.type_sort_key(kv[0]))
        ],
        "n_findings": len(findings),
        "n_sentences": len(sentences),
        "n_flagged": len(sent_types),
        "model_name": h.as_text(model.get("name")),
        "model_version": h.as_text(model.get("version")),
        "generated_iso": iso,
        "generated": human,
        "warnings": _warnings(result.get("warnings")),
        "mt": mt_box,
        "literal": bool(literal),
        "axes": h.axes(result.get("axes"), h.mt_style(result.get("mt_style"))),
        "meta": _meta_items(result.get("meta")),
        "url": _page_url(result.get("meta")),
        "body": body,
        "strip": _strip(sentences),
        "groups": _groups(findings, by_index),
        "unplaced": sum(1 for f in findings if not f.placed),
        "island": h.json_island(island),
        "index_href": index_href,
        "types": [
            {"type": t, "cls": h.type_class(t), "tag": ft.tag, "name": ft.heading} for t, ft in registry().items()
        ],
    }
