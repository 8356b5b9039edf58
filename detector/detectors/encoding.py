"""mojibake: text decoded with the wrong character set ("donâ€™t", "cafÃ©").

Copy passed between systems that disagree on encodings keeps these scars. ftfy's
badness heuristics recognise the byte patterns; the span is the damaged sequence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector

# characters that only appear in text when UTF-8 was decoded as cp1252/latin-1
_CANDIDATE = re.compile(r"[ÂÃâÅÐÑØÙ][\x80-\xbf\u0152-\u2122]|â€|Ã.|Â\s|ï»¿|\ufffd")


@lru_cache(maxsize=1)
def _badness_re():
    from ftfy.badness import BADNESS_RE

    return BADNESS_RE


class MojibakeDetector(Detector):
    """Flags sequences that are UTF-8 bytes read in the wrong encoding, or replacement characters."""

    name = "mojibake"
    description = "Encoding damage: UTF-8 text decoded with the wrong character set."
    types = (FindingType(
        "mojibake", description,
        tag="mojibake", heading="Mojibake (broken encoding)", colour="#26282c", tint="#e2e2e2", underline="wavy",
        axis="residue", weight=1.0),)

    def __init__(self, confidence: float = 0.9):
        self.confidence = confidence

    def detect(self, ctx: Context) -> list[Finding]:
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
