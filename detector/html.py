"""HTML page -> (title, article text), with trafilatura.

The text keeps one paragraph per line and keeps what the detectors need to see: the
headline as the first line, and residue inside the article body (ad markers, share
prompts) that trafilatura leaves in place.
"""

from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\f\v]+")


def extract(html: str) -> tuple[str, str]:
    """Return (title, text). The text starts with the title line when the page has one."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_recall=True,
        with_metadata=True,
    )
    title, body = "", ""
    if doc is not None:
        title = (getattr(doc, "title", None) or "").strip()
        body = getattr(doc, "text", None) or ""
    if not body.strip():
        body = _fallback_text(html)
    lines = [_WS.sub(" ", ln).strip() for ln in body.split("\n")]
    lines = [ln for ln in lines if ln]
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return title, "\n".join(lines)


def _fallback_text(html: str) -> str:
    """Block-level text of the body, for pages trafilatura finds no article in."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = []
    for el in root.iter("p", "h1", "h2", "h3", "li", "blockquote"):
        t = el.text_content().strip()
        if t:
            blocks.append(t)
    return "\n".join(blocks)
