"""boilerplate: scraping residue that is not article prose.

Ad markers, comment-form prompts, share/subscribe/related blocks, cookie notices, CMS
bylines and navigation that a scraper kept in the text. Matched per line (a line is a
paragraph): a residue line is short and starts with its marker, so prose that merely
mentions a newsletter or cookies is left alone.
"""

from __future__ import annotations

import re

from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector

_D = r"[\s\-–—|:•·*#>»›]*"  # decoration around a marker

# (kind, pattern matched at the start of the line, case-insensitive)
_LINE_PATTERNS: list[tuple[str, str]] = [
    ("ad marker", rf"{_D}(advertisement|advertising|advert|sponsored( content| post)?|promoted( content)?|paid (content|post)|ad){_D}$"),
    ("ad marker", r"(story|article) continues (below|after)( the)?( advertisement| ad)?"),
    ("ad marker", r"(scroll|continue reading) (down )?(to|below)( continue)?( reading)?"),
    ("comment form", r"leave a (reply|comment)|post (a )?comment|add (a )?comment|cancel reply|\d+\s+comments?$|comments?\s*\(\d+\)|no comments( yet)?"),
    ("comment form", r"your email address will not be published|required fields are marked|save my name,? email"),
    ("comment form", r"notify me of (follow-up|new)|you must be logged in to (post|comment)|log ?in to (comment|reply)|be the first to comment"),
    ("share block", r"share (this|on|via|the article|the story)\b|click to (share|email|print)|copy link|share:$|shares?$"),
    ("share block", r"(print|email|e-mail|save) this (page|article|story|post)$"),
    ("share block", r"(facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|print)([\s,|/•·]+(facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|print))+\s*$"),
    ("subscribe prompt", r"(subscribe|sign up|signup|register) (to|for|now|today)\b|join (us on|our) (telegram|whatsapp|newsletter|channel)|follow us (on|for)\b|get (the|our) (latest|daily|free)\b.*(newsletter|updates|inbox)|download (our|the) app"),
    ("subscribe prompt", r"(our |the )?(daily |weekly |free )?newsletter$|stay connected$|stay informed$|follow us$"),
    ("related block", r"(related|latest|recent|popular|trending|recommended|top|more|other|similar) (articles|posts|news|stories|reads|content)\b"),
    ("related block", r"(related|recommended|trending( now)?|most (read|popular|viewed)|see also|don't miss|do not miss|editor's picks)\s*:?$"),
    ("related block", r"(read|see|watch) (more|also|next|too)\b\s*[:»>]?|also read\s*:|you (may|might) (also )?(like|be interested)|more from\b|recommended for you"),
    ("cookie notice", r"(we|this (site|website)) uses? cookies|by (continuing|using) (to (use|browse) )?(this|our) (site|website)|accept (all )?cookies|cookie (policy|settings|preferences)|manage (cookies|consent)"),
    ("navigation", r"skip to (main )?content|toggle navigation|(main )?menu$|search for:|search$|home$|back to top|previous (article|post|story)|next (article|post|story)"),
    ("navigation", r"(tags?|categor(y|ies)|filed under|topics?)\s*:"),
    ("byline", r"(posted|written|published|updated|last updated|submitted) (by|on)\b|(posted|published|updated)\s*:"),
    ("byline", r"by\s+(admin|editor|staff|news desk|web desk|newsroom|the editorial team)\b"),
    ("byline", r"(author|source|photo|image|credit|photo credit|image source|file photo|file image)s?\s*:\s*\S"),
    ("copyright", r"(©|\(c\)|copyright\b)|all rights reserved"),
]
_COMPILED = [(kind, re.compile(r"^\W{0,3}(?:" + pat + ")", re.IGNORECASE)) for kind, pat in _LINE_PATTERNS]

# breadcrumbs: "Home » World » Europe", "News > Politics > Ukraine"; » and › are not
# used in prose, so one is enough ("Home » News"); > | / need two
_BREADCRUMB = re.compile(
    r"^\s*[\w'’. -]{1,25}(?:(\s*[»›]\s*[\w'’. -]{1,25})+|(\s*[>|/]\s*[\w'’. -]{1,25}){2,})\s*[»›]?\s*$"
)
# a plain "By Jane Doe" line (possibly with an agency or date): page metadata, not prose
_BYLINE = re.compile(
    r"^[Bb][Yy]\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Then|Now|Far|Law|Order)\b)[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}(\s*(,|\||-|–|—|and)\s*[\w .,'’-]{0,60})?$"
)
# ad markers that a scraper glued into a paragraph of prose
_INLINE_AD = re.compile(r"[-–—]\s*(?:advertisement|ADVERTISEMENT|Advertisement)\s*[-–—]|\bADVERTISEMENT\b")

# a line that is only a date or time stamp: CMS metadata
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"^\W*((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?("
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf")([\sT,|at-]+\d{{1,2}}:\d{{2}}(:\d{{2}})?\s*([ap]\.?m\.?)?\s*([A-Z]{{2,4}}|GMT[+-]?\d*)?)?\W*$",
    re.IGNORECASE,
)
# the link headlines listed under "Related Articles" are short lines without a full stop
_LINK_HEADLINE_MAX_WORDS = 16

#: A residue line is short: longer lines are prose that happens to start like one.
MAX_LINE_WORDS = 40


class BoilerplateDetector(Detector):
    """Flags lines of scraping residue (ads, share and comment blocks, cookie notices, bylines, navigation)."""

    name = "boilerplate"
    description = "Scraping residue: ad markers, share/comment/subscribe blocks, cookie notices, navigation, bylines."
    types = (FindingType(
        "boilerplate", description,
        tag="boilerplate", heading="Boilerplate", colour="#4d535c", tint="#e5e7ea", underline="dashed",
        axis="residue", weight=1.0),)
    #: A repeated residue line ("Share this:" after every section) is boilerplate, not a duplicate.
    suppresses = ("near_duplicate",)

    def __init__(self, max_line_words: int = MAX_LINE_WORDS, confidence: float = 0.9, byline_confidence: float = 0.7):
        self.max_line_words = max_line_words
        self.confidence = confidence
        self.byline_confidence = byline_confidence

    def classify_line(self, line: str) -> tuple[str, float] | None:
        """The kind of residue ``line`` is, with a confidence, or None for prose."""
        stripped = line.strip()
        if not stripped or len(stripped.split()) > self.max_line_words:
            return None
        for kind, rx in _COMPILED:
            if rx.match(stripped):
                conf = self.byline_confidence if kind == "byline" else self.confidence
                return kind, conf
        if _BREADCRUMB.match(stripped) and not re.search(r"\d\s*/\s*\d", stripped):
            return "navigation", self.confidence
        if _BYLINE.match(stripped):
            return "byline", self.byline_confidence
        if _DATE_LINE.match(stripped):
            return "date stamp", self.byline_confidence
        return None

    def detect(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        text = ctx.text
        in_related_block = False
        for p in ctx.paragraphs:
            line = text[p.start : p.end]
            hit = self.classify_line(line)
            if hit is None and in_related_block and _is_link_headline(line):
                hit = ("related link", self.confidence * 0.9)
            in_related_block = hit is not None and hit[0] in ("related block", "related link")
            if hit:
                kind, conf = hit
                for k in p.sentences:
                    s = ctx.sentences[k]
                    out.append(
                        ctx.finding(
                            "boilerplate", s.start, s.end, conf,
                            f"Looks like {_article(kind)} {kind} left by the scraper, not article prose.",
                            sentence=k,
                        )
                    )
                continue
            for m in _INLINE_AD.finditer(text, p.start, p.end):
                out.append(
                    ctx.finding(
                        "boilerplate", m.start(), m.end(), self.confidence,
                        "An advertisement marker inside the text: residue of the page the text was scraped from.",
                    )
                )
        return out


def _is_link_headline(line: str) -> bool:
    """A headline listed as a link: short, no sentence-final full stop, no quotation."""
    words = line.split()
    return 0 < len(words) <= _LINK_HEADLINE_MAX_WORDS and not line.rstrip().endswith((".", '"', "”")) \
        and line[:1].isupper()


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
