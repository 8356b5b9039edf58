"""Text -> paragraphs and sentences, all with character offsets into the text.

Lines are segmented before sentences: a short line such as "- Advertisement -", a
headline or a dateline stays its own unit instead of being merged into the next
sentence, which is what a sentence splitter run over raw text would do.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .data import Paragraph, Sentence

#: A unit longer than this is cut at whitespace: no real sentence is this long, and
#: detectors and the encoder should not see 200,000-character "sentences".
MAX_SENTENCE_CHARS = 1000
#: A line with at most this many words and no sentence-final punctuation is a standalone unit
#: (headline, dateline, ad marker, breadcrumb).
STANDALONE_MAX_WORDS = 20
#: A line with fewer words than this is never the first half of a hard-wrapped sentence
#: (the same bound under which ``_is_standalone`` treats any line as its own unit).
_WRAP_MIN_WORDS = 4
#: ... nor is a line with fewer lower-case words than this: a wrapped line of prose carries
#: function words ("said on Monday that the"), a time stamp or a menu ("03/11/2025 | 09:14am CET") does
#: not, and the lower-case line after it ("share with twitter") is a widget of its own.
_WRAP_MIN_LOWER_WORDS = 2
_ENDS_WITH_TIME = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*$", re.IGNORECASE)
_FIELD_START = re.compile(r"^[a-z]+:?\s+\d")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][a-z'’-]*(?![\w])")
#: pysbd gets slow on very long paragraphs; longer ones are pre-cut at whitespace first.
_PYSBD_MAX_CHARS = 20_000

#: Characters replaced by a space (same length: offsets stay exact) before pysbd sees a chunk:
#: line breaks, and the ASCII separators \x1c-\x1f that wire feeds carry, which pysbd's list
#: handling passes to int() ("1. ...\x1f2. ..." raised ValueError).
_PYSBD_SPACES = str.maketrans(dict.fromkeys("\r\n\x1c\x1d\x1e\x1f", " "))

_LINE_RE = re.compile(r"[^\n]*(?:\n|$)")
# A "?" that no sentence ends at: inside a word ("don?t", where a lossy conversion dropped an
# apostrophe) or opening a word ("?Stop"). pysbd would cut there; it sees a same-length stand-in.
_MASKED_QUESTION = (
    (re.compile(r"(?<=[A-Za-z])\?(?=[A-Za-z])"), "'"),
    (re.compile(r"(?:(?<=\s)|^)\?(?=[A-Za-z])"), '"'),
)
_END_PUNCT = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_WRAP_END = re.compile(r"[.!?:;\"'”’)\]]\s*$")


class _CompiledPatterns:
    """The ``re`` module as pysbd's modules see it, with a cache that holds all their patterns.

    pysbd builds regular expressions as it goes, one or more per abbreviation found in the text
    ("(?:^|\\s|\\r|\\n)mr", a look-behind for each): several hundred distinct patterns, more
    than the re module's own cache keeps (512, shared with every other module). They evicted each
    other and the detectors' patterns, and were compiled again and again: a third of
    segmentation's time. Same patterns, same matches; only the compiling is done once.
    """

    #: far above what pysbd's rules and abbreviation list produce; a bound all the same
    MAX_PATTERNS = 5_000

    def __init__(self):
        self._compiled: dict[tuple, re.Pattern] = {}

    def compile(self, pattern, flags=0) -> re.Pattern:
        key = (pattern, flags)
        found = self._compiled.get(key)
        if found is None:
            if len(self._compiled) >= self.MAX_PATTERNS:
                self._compiled.clear()
            found = self._compiled[key] = re.compile(pattern, flags)
        return found

    def search(self, pattern, string, flags=0):
        return self.compile(pattern, flags).search(string)

    def match(self, pattern, string, flags=0):
        return self.compile(pattern, flags).match(string)

    def fullmatch(self, pattern, string, flags=0):
        return self.compile(pattern, flags).fullmatch(string)

    def findall(self, pattern, string, flags=0):
        return self.compile(pattern, flags).findall(string)

    def finditer(self, pattern, string, flags=0):
        return self.compile(pattern, flags).finditer(string)

    def split(self, pattern, string, maxsplit=0, flags=0):
        return self.compile(pattern, flags).split(string, maxsplit)

    def sub(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).subn(repl, string, count)

    def __getattr__(self, name):  # escape, IGNORECASE, Pattern...
        return getattr(re, name)


def _find_spans(sentences: list[str], text: str) -> list[str]:
    """pysbd's ``Segmenter.sentences_with_char_spans`` without a regular expression per sentence.

    pysbd finds each sentence in the text with ``re.finditer(re.escape(sent) + r"\\s*", text)`` and
    keeps the first match that ends after the previous sentence: a pattern compiled for every
    sentence, scanning from the start of the text each time. ``str.find`` finds the same
    non-overlapping matches (a literal, then as much whitespace as ``\\s*`` takes: ``str.isspace``
    is the same class), so the sentences, with their trailing whitespace, are the same.
    """
    out: list[str] = []
    prior_end = 0
    n = len(text)
    for sent in sentences:
        if not sent:  # an empty pattern matches everywhere; pysbd's own loop decides
            for m in re.finditer(r"\s*", text):
                if m.end() > prior_end:
                    out.append(m.group())
                    prior_end = m.end()
                    break
            continue
        pos = 0
        while True:
            start = text.find(sent, pos)
            if start < 0:
                break
            end = start + len(sent)
            while end < n and text[end].isspace():
                end += 1
            if end > prior_end:
                out.append(text[start:end])
                prior_end = end
                break
            pos = end
    return out


@lru_cache(maxsize=1)
def _segmenter():
    import sys

    import pysbd

    patterns = _CompiledPatterns()
    for name, module in list(sys.modules.items()):
        if (name == "pysbd" or name.startswith("pysbd.")) and getattr(module, "re", None) is re:
            module.re = patterns

    from pysbd.lang.english import English

    English.AbbreviationReplacer = _once_per_abbreviation(English.AbbreviationReplacer)

    class Segmenter(pysbd.Segmenter):
        def segment(self, text):
            if not text:
                return []
            return _find_spans(self.processor(text).process(), text)

    return Segmenter(language="en", clean=False)


def _once_per_abbreviation(replacer: type) -> type:
    """pysbd's abbreviation replacer, which rewrites the line once per abbreviation, not once per
    occurrence of it.

    For every occurrence of an abbreviation's letters after a space ("no", "pl", "st" open
    countless words: "north", "plan", "street"), pysbd runs a substitution over the whole line
    that marks the periods after that abbreviation; a 20,000-character paragraph with a thousand
    such words took a thousand passes over it, quadratic in the paragraph's length. The
    substitution for one spelling of an abbreviation is the same pattern each time, and it marks
    every period it can in one pass; marking only ever removes matches (a period becomes "∯",
    which none of these patterns' other parts match: the abbreviations are letters, digits and
    periods), so running it again, even after other abbreviations' passes, changes nothing. It
    runs once per spelling, the first time pysbd would run it; the result is the same string.
    """
    class OncePerAbbreviation(replacer):
        def search_for_abbreviations_in_string(self, text):
            self._applied: set[str] = set()
            return super().search_for_abbreviations_in_string(text)

        def scan_for_replacements(self, txt, am, ind, char_array):
            key = am.strip()
            if key in self._applied:
                return txt
            char = char_array[ind] if ind < len(char_array) else ""
            # the condition under which pysbd substitutes (scan_for_replacements)
            if not str(char).isupper() or key.lower() in self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS:
                self._applied.add(key)
            return super().scan_for_replacements(txt, am, ind, char_array)

    return OncePerAbbreviation


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without the newline and trailing whitespace."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        # trim surrounding whitespace (including \r) but keep offsets exact
        s = start
        while s < end and text[s].isspace():
            s += 1
        e = end
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def is_wrappable(line: str) -> bool:
    """True when ``line`` can be the first half of a hard-wrapped sentence (by its words alone:
    the caller checks that it does not end a sentence and that the next line starts in lower case).
    A line that ends with a clock time is a headline or a listing with its time stamp."""
    return (len(line.split()) >= _WRAP_MIN_WORDS and len(_LOWER_WORD.findall(line)) >= _WRAP_MIN_LOWER_WORDS
            and not _ENDS_WITH_TIME.search(line))


def is_continuation(line: str) -> bool:
    """True when ``line`` can be the second half of a hard-wrapped sentence: a few words, or the
    sentence's end. A short line without an end ("share with friends") is a widget, and a
    lower-case label before a number ("date 2024-03-14 ...", "updated 12 May") a page's field."""
    if _FIELD_START.match(line):
        return False
    return len(line.split()) >= _WRAP_MIN_WORDS or _WRAP_END.search(line) is not None


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Group lines into paragraphs.

    A blank line ends a paragraph. Inside a block, a line is joined to the previous one
    only when the text was evidently hard-wrapped (previous line has a few words and does not
    end a sentence, and this one starts in lowercase); otherwise every line is its own
    paragraph, which is how crawled text and most news feeds lay out paragraphs.
    """
    spans: list[tuple[int, int]] = []
    prev_blank = True
    prev_line = ""
    for s, e in _lines(text):
        if s == e:
            prev_blank = True
            continue
        if spans and not prev_blank:
            ps, pe = spans[-1]
            first = text[s]
            # a line of a few words ("- Advertisement -", "ADVERTISEMENT") is a unit of its
            # own, not the first half of a wrapped sentence, even when the next line is lowercase
            wrapped = is_wrappable(prev_line) and is_continuation(text[s:e])
            if first.islower() and wrapped and not _WRAP_END.search(text[ps:pe]):
                spans[-1] = (ps, e)
                prev_blank = False
                prev_line = text[s:e]
                continue
        spans.append((s, e))
        prev_blank = False
        prev_line = text[s:e]
    return spans


def _cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most ``limit`` chars, at whitespace where possible."""
    pieces = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _is_standalone(chunk: str) -> bool:
    words = chunk.split()
    if len(words) > STANDALONE_MAX_WORDS:
        return False
    # any sentence-final punctuation inside means it is prose to split normally
    return not re.search(r"[.!?…][\"'”’)\]]*(\s|$)", chunk) or len(words) <= 3


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for cs, ce in _cut_long(text, start, end, _PYSBD_MAX_CHARS):
        # newlines inside a paragraph are hard wraps: pysbd would split at them
        chunk = text[cs:ce].translate(_PYSBD_SPACES)
        if "?" in chunk:
            for rx, stand_in in _MASKED_QUESTION:
                chunk = rx.sub(stand_in, chunk)
        pos = 0
        for sent in _segmenter().segment(chunk):
            stripped = sent.strip()
            if not stripped:
                continue
            i = chunk.find(stripped, pos)
            if i < 0:  # pysbd altered the text; fall back to the remainder
                i = pos
                stripped = chunk[pos:].strip()
            spans.append((cs + i, cs + i + len(stripped)))
            pos = i + len(stripped)
        if pos < len(chunk) and chunk[pos:].strip():
            rest = chunk[pos:]
            off = len(rest) - len(rest.lstrip())
            spans.append((cs + pos + off, cs + pos + len(rest.rstrip())))
    return spans


@lru_cache(maxsize=1)
def _credits() -> frozenset[str]:
    """News and photo agencies as credits name them (resources/lexicon/credits.tsv)."""
    return frozenset(lexicon.words("credits"))


def _glue_trailing_credit(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A bare agency credit after the last sentence of a paragraph ('... we stuck to it." AFP') is no
    sentence of its own: it was glued onto that sentence (a gallery caption's credit, a photo's credit
    run into the text), and it stays with it, so the seam lies inside the sentence it damages."""
    if len(spans) >= 2 and text[spans[-1][0] : spans[-1][1]].strip(" .") in _credits():
        return [*spans[:-2], (spans[-2][0], spans[-1][1])]
    return spans


_MARKS_ONLY = re.compile(r"[\"'“”‘’«»„‟‹›)\]\s]+")


def _glue_lone_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A span of bare closing marks is no sentence: the splitter leaves a closing quotation mark that
    follows a full stop on its own when the paragraph never opened that quotation ('... without
    delay."'), and it belongs to the sentence it closes. A lone '?' is left alone: it is more
    often a character lost in conversion than punctuation."""
    glued: list[tuple[int, int]] = []
    for ss, se in spans:
        if glued and _MARKS_ONLY.fullmatch(text[ss:se]):
            glued[-1] = (glued[-1][0], se)
        else:
            glued.append((ss, se))
    return glued


def segment(text: str) -> tuple[list[Paragraph], list[Sentence]]:
    """Split ``text`` into paragraphs and sentences with character offsets.

    Returns:
        (paragraphs, sentences); every sentence's ``text`` equals ``text[start:end]``.
    """
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p_index, (ps, pe) in enumerate(_paragraph_spans(text)):
        chunk = text[ps:pe]
        standalone = _is_standalone(chunk)
        raw = (
            [(ps, pe)]
            if standalone
            else _glue_trailing_credit(text, _glue_lone_marks(text, _sentence_spans(text, ps, pe)))
        )
        indices = []
        for ss, se in raw:
            for a, b in _cut_long(text, ss, se, MAX_SENTENCE_CHARS):
                indices.append(len(sentences))
                sentences.append(Sentence(len(sentences), a, b, text[a:b], p_index, standalone))
        paragraphs.append(Paragraph(p_index, ps, pe, indices))
    return paragraphs, sentences
