"""mojibake: text decoded with the wrong character set ("donâ€™t", "cafÃ©").

Copy passed between systems that disagree on encodings keeps these scars. ftfy's
badness heuristics recognise the byte patterns; the span is the damaged sequence.

Lossy conversions leave scars ftfy cannot undo, found here by their shape:

* a character the target encoding lacked, written as "?": "don?t", "the mayor said.? Then", "?Stop";
* a grave accent typed or converted for an apostrophe: "Monday`s", "we`re";
* a dash lost in conversion, leaving a stray closing quote between two words ("is safe ” or
  that"), or an empty pair of quotes ("real “” or that").

HTML character references that were never decoded are the same damage one layer up: "union&#039;s",
"&quot;we will&quot;", "Q&amp;A", and what is left when a cleaner strips the "&#" but not the rest
("union039;s", "#8217;s").
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from functools import lru_cache

from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector

# characters that only appear in text when UTF-8 was decoded as cp1252/latin-1; "Ä" leads the
# letters of Latin Extended-A ("Ä°stanbul" for İstanbul, "wiÄ™cej", "Ä±"), which a German "Ä"
# is never followed by
_CANDIDATE = re.compile(r"[ÂÃâÄÅÐÑØÙ][\x80-\xbf\u0152-\u2122]|â€|Ã[^A-Za-z]|Â\s|ï»¿|\ufffd")


@lru_cache(maxsize=1)
def _badness_re():
    from ftfy.badness import BADNESS_RE

    return BADNESS_RE


# lossy conversions (module docstring): (pattern, what it probably was)
_LOST_CHARACTER = (
    # an apostrophe lost between a word and its ending: "don?t", "Tuesday?s", "we?ll"
    (re.compile(r"(?<=[A-Za-z])\?(?=(?:s|t|d|m|ll|re|ve)\b)"), "an apostrophe (’)"),
    # a character lost right after a sentence's punctuation: "the mayor said.? Then", "said,? and"; not
    # after "!", since "What!?" and "Snow in May!?" are written that way on purpose
    (re.compile(r"(?<=[A-Za-z][.,;:])\?(?=\s)"), "a character such as a quotation mark or a non-breaking space"),
    # an opening quotation mark lost before a word: "?Stop the cuts"
    (re.compile(r"(?:(?<=\s)|^)\?(?=[A-Za-z][a-z])", re.MULTILINE), "a quotation mark"),
    # a grave accent for an apostrophe: "Monday`s", "we`re"
    (re.compile(r"(?<=[A-Za-z])`(?=(?:s|t|d|m|ll|re|ve)\b)"), "an apostrophe (’)"),
    # an empty pair of quotation marks between two words: a dash lost
    (re.compile(r"(?<=\w)\s+“”\s+(?=\w)"), "a dash (—)"),
)
# a closing quotation mark standing between two words: a dash lost, when the paragraph has one
# closing mark more than it opens
_STRAY_CLOSE = re.compile(r"(?<=[a-z,])\s+”\s+(?=[a-z])")


# HTML character references left in the text (module docstring): "&#039;", "&#x27;", "&quot;", and
# their remains once "&" or "&#" was stripped: "039;s", "#8217;s", "quot;". A number written with a
# leading zero and a semicolon ("039;") or a reference name with its semicolon is never prose.
# Names alone ("quot;") only where no English word is spelled that way ("the euro;" is prose).
_REFERENCE_NAMES = "quot|amp|apos|nbsp|rsquo|lsquo|rdquo|ldquo|mdash|ndash|hellip|laquo|raquo"
_HTML_REFERENCE = re.compile(
    rf"&#(?:\d{{2,7}}|[xX][0-9a-fA-F]{{2,6}});?|&(?:{_REFERENCE_NAMES}|lt|gt|eacute|euro|pound|copy|reg|trade|rarr|larr|bull|middot|deg|times|sect|cent);"
    rf"|(?<![&#])#(?:\d{{2,7}}|x[0-9a-fA-F]{{2,6}});|(?<![\d&#.,])0\d{{2,4}};|(?<![\w&])(?:{_REFERENCE_NAMES});"
)


class MojibakeDetector(Detector):
    """Flags sequences that are UTF-8 bytes read in the wrong encoding, or replacement characters."""

    name = "mojibake"
    description = "Encoding damage: UTF-8 text decoded with the wrong character set."
    types = (FindingType(
        "mojibake", description,
        tag="mojibake", heading="Mojibake (broken encoding)", colour="#26282c", tint="#e2e2e2", underline="wavy",
        axis="residue", weight=1.0),)

    def __init__(self, confidence: float = 0.9, lossy_confidence: float = 0.75):
        self.confidence = confidence
        # a "?" or a backtick in place of a character is a lossy conversion, but also a typing slip
        self.lossy_confidence = lossy_confidence

    def detect(self, ctx: Context) -> list[Finding]:
        out = self._byte_damage(ctx)
        lossy = self._lossy(ctx) + self._references(ctx)
        if lossy:
            taken = {f.sentence for f in out}
            out.extend(f for f in lossy if f.sentence not in taken)
            out.sort(key=lambda f: f.start)
        return out

    def _lossy(self, ctx: Context) -> list[Finding]:
        """Scars of lossy conversions (module docstring)."""
        from .lexical import is_protected, protected_spans

        text = ctx.text
        if "?" not in text and "`" not in text and "”" not in text:
            return []
        spans = protected_spans(ctx)
        hits: list[tuple[int, int, str]] = []
        for rx, what in _LOST_CHARACTER:
            for m in rx.finditer(text):
                if not is_protected(spans, m.start(), m.end()):
                    hits.append((m.start(), m.end(), what))
        for p in ctx.paragraphs:
            para = text[p.start : p.end]
            if para.count("”") > para.count("“"):
                for m in _STRAY_CLOSE.finditer(para):
                    hits.append((p.start + m.start(), p.start + m.end(), "a dash (—)"))
        out: list[Finding] = []
        seen: set[int] = set()
        for a, b, what in sorted(hits):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            k = ctx.sentence_at(a)
            sent = ctx.sentences[k]
            if k in seen or not (sent.start <= a and b <= sent.end):
                continue
            seen.add(k)
            # widen to the damaged word(s) for display, inside the sentence
            while a > sent.start and not text[a - 1].isspace():
                a -= 1
            while b < sent.end and not text[b].isspace():
                b += 1
            shown = text[a:b]
            out.append(ctx.finding(
                "mojibake", a, b, self.lossy_confidence,
                f"Encoding damage: '{shown}' holds a character put in place of {what}, which a conversion "
                "between character sets could not carry over.", sentence=k,
            ))
        return out

    def _references(self, ctx: Context) -> list[Finding]:
        """HTML character references never decoded, whole or stripped (module docstring)."""
        text = ctx.text
        if ";" not in text:
            return []
        from .lexical import protected_spans

        starts, ends = protected_spans(ctx)
        out: list[Finding] = []
        seen: set[int] = set()
        for m in _HTML_REFERENCE.finditer(text):
            a, b = m.start(), m.end()
            i = bisect.bisect_left(starts, b) - 1
            if i >= 0 and ends[i] > a and text[starts[i]] != "#":
                continue  # "?a=1&amp;b=2" in a link is the link's own spelling ("#039" is no hashtag)
            k = ctx.sentence_at(a)
            sent = ctx.sentences[k]
            if k in seen or not (sent.start <= a and b <= sent.end):
                continue
            seen.add(k)
            ref = m.group(0)
            whole = ref.startswith("&")
            lost = "" if whole else "&#" if ref[0].isdigit() else "&"
            ref = lost + ref  # the stripped remains, with what was stripped put back
            char = html.unescape(ref if ref.endswith(";") else ref + ";")
            while a > sent.start and not text[a - 1].isspace():
                a -= 1
            while b < sent.end and not text[b].isspace():
                b += 1
            what = unicodedata.name(char, "").lower() if len(char) == 1 else ""
            out.append(ctx.finding(
                "mojibake", a, b, self.confidence if whole else self.lossy_confidence,
                f"Encoding damage: '{text[a:b]}' holds the HTML character reference '{ref}'"
                + (f" ({'an' if what[:1] in 'aeiou' else 'a'} {what})" if what else "") + ", never decoded"
                + ("." if whole else f", and cut: its '{lost}' is gone."),
                sentence=k,
            ))
        return out

    def _byte_damage(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        if not _CANDIDATE.search(text):
            return []
        out = []
        bad = _badness_re()
        for s in ctx.sentences:
            seg = s.text
            if not _CANDIDATE.search(seg):
                continue
            spans = [(m.start(), m.end()) for m in bad.finditer(seg)]
            spans += [(m.start(), m.end()) for m in _CANDIDATE.finditer(seg)]
            for a, b in _merge(spans):
                # widen to the whole damaged word, so "donâ€™t" is shown, not "â€"
                while a > 0 and not seg[a - 1].isspace():
                    a -= 1
                while b < len(seg) and not seg[b].isspace():
                    b += 1
                if out and out[-1].end >= s.start + b:
                    continue
                fixed = _fix(seg[a:b])
                hint = f" (probably '{fixed}')" if fixed != seg[a:b] else ""
                out.append(
                    ctx.finding(
                        "mojibake", s.start + a, s.start + b, self.confidence,
                        f"Encoding damage: '{seg[a:b]}'{hint}; the text was decoded with the wrong "
                        "character set somewhere on its way.",
                        sentence=s.index,
                    )
                )
        return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _fix(s: str) -> str:
    import ftfy

    return ftfy.fix_text(s)
