"""One text layer per article: tokens, quotation marks and spans, capitalised runs and
protected spans, computed once and read by every detector (spaCy's ``Doc`` idea).

``Context.layer`` builds it on first use; detectors read it instead of running their own
tokeniser regex, so a word, a quotation or a URL means the same thing to all of them.

* ``tokens``: the words of the article in order. A word is a run of letters with inner
  hyphens or apostrophes ("Jean-Pierre", "O'Brien", "d'état"), or a number joined to a word
  by a hyphen ("45-year-old"). A possessive "'s" is kept outside ``word`` (``end`` stops
  before it, ``raw_end`` after it), so "Kovalenko's" is the name "Kovalenko".
* ``quote_marks``: offsets of the double quotation marks " “ ” „ « ».
* ``quote_spans``: the stretches inside double quotation marks, paragraph by paragraph (a
  quotation left open at the end of a paragraph is closed there).
* ``cap_runs``: runs of capitalised words separated by single spaces inside one sentence
  (the shape of a full name: "Minister Olena Kovalenko").
* ``protected``: URLs, e-mail addresses, @handles, #hashtags and bare domains, which no
  word-level detector should look inside.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..data import Paragraph, Sentence

TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|(?<!\d)\d+(?:-[^\W\d_]+)+")
QUOTE_MARK_RE = re.compile(r"[\"“”„«»]")
PROTECTED_RE = re.compile(
    r"""
      (?:https?://|www\.)[^\s<>"'()]+                    # URLs
    | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+           # e-mail addresses
    | (?<![\w@#])[@#][^\W_][\w]*                         # @handles and #hashtags
    | (?<![\w.])[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,6}|рф|укр|срб|бел|мкд|中国|中國|香港)\b(?:/[^\s<>"'()]*)?
                                            # bare domains: KP.ru, bbc.co.uk, стопкоронавирус.рф
    """,
    re.X,
)
#: PROTECTED_RE as a scan, with one more alternative whose matches are not spans (``skip``):
#: once no span starts at a place in a run of letters, digits and hyphens where a bare domain
#: may start (its start, or just after a hyphen), none starts before the run's last five
#: characters: a bare domain from any such place takes the run to its end and needs the same
#: ending after it, and the only other span that starts inside a run is a URL at its end
#: ("...-https://", "...-www."). ``skip`` steps over that stretch at once, where the scan
#: tried a bare domain again after every hyphen, each try reading to the run's end: a run of
#: 50,000 hyphens cost 30 CPU-seconds. The spans found are the same.
_PROTECTED_SCAN = re.compile(PROTECTED_RE.pattern + r"| (?<![\w.])(?P<skip>[\w-]+)(?=[\w-]{5})", re.X)


@dataclass(slots=True, frozen=True)
class Token:
    """One word: ``text[start:end] == word``; ``raw_end`` includes a possessive 's."""

    start: int
    end: int
    raw_end: int
    word: str
    lower: str

    @property
    def is_cap(self) -> bool:
        return self.word[0].isupper()

    @property
    def possessive(self) -> bool:
        return self.raw_end != self.end


class TextLayer:
    """Tokens, quotations, capitalised runs and protected spans of one article."""

    def __init__(self, text: str, paragraphs: list[Paragraph], sentences: list[Sentence]) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.tokens: list[Token] = []
        for m in TOKEN_RE.finditer(text):
            w, e = m.group(), m.end()
            if len(w) > 2 and w.endswith(("'s", "’s")):
                w, e = w[:-2], e - 2
            self.tokens.append(Token(m.start(), e, m.end(), w, w.lower()))
        self._starts = [t.start for t in self.tokens]
        self.quote_marks: list[int] = [m.start() for m in QUOTE_MARK_RE.finditer(text)]
        self.quote_spans: list[tuple[int, int]] = self._quote_spans()
        self._qstarts = [a for a, _ in self.quote_spans]
        prot = [(m.start(), m.end()) for m in _PROTECTED_SCAN.finditer(text) if m.lastgroup != "skip"]
        self.protected: tuple[list[int], list[int]] = ([a for a, _ in prot], [b for _, b in prot])
        self._by_sentence: dict[int, list[Token]] = {}
        self._cap_runs: list[list[Token]] | None = None

    # -- tokens ------------------------------------------------------------------------
    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens that lie wholly inside [start, end)."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        out = self.tokens[i:j]
        while out and out[-1].raw_end > end:
            t = out.pop()
            if t.end <= end:  # a possessive cut off by the span: keep the word
                out.append(Token(t.start, t.end, t.end, t.word, t.lower))
                break
        return out

    def sentence_tokens(self, index: int) -> list[Token]:
        toks = self._by_sentence.get(index)
        if toks is None:
            s = self.sentences[index]
            toks = self._by_sentence[index] = self.tokens_in(s.start, s.end)
        return toks

    # -- quotations ----------------------------------------------------------------------
    def quote_marks_in(self, start: int, end: int) -> list[int]:
        i = bisect.bisect_left(self.quote_marks, start)
        j = bisect.bisect_left(self.quote_marks, end)
        return self.quote_marks[i:j]

    def _quote_spans(self) -> list[tuple[int, int]]:
        text = self.text
        spans: list[tuple[int, int]] = []
        for p in self.paragraphs:
            open_at = -1
            for pos in self.quote_marks_in(p.start, p.end):
                c = text[pos]
                if c in "«»„":
                    continue  # guillemets and low quotes pair among themselves; not used here
                if open_at < 0:
                    if c == "”":
                        # a closing curly quote with nothing open: an opening one only if a word follows
                        if pos + 1 < p.end and text[pos + 1].isalnum():
                            open_at = pos
                        continue
                    open_at = pos
                elif c == "“":
                    open_at = pos  # doubled opening: restart
                else:
                    spans.append((open_at, pos + 1))
                    open_at = -1
            if open_at >= 0:
                spans.append((open_at, p.end))
        return spans

    def quote_at(self, pos: int) -> tuple[int, int] | None:
        """The quotation (opening mark to closing mark) that holds offset ``pos``, or None."""
        i = bisect.bisect_right(self._qstarts, pos) - 1
        if i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]:
            return self.quote_spans[i]
        return None

    def in_quote(self, pos: int) -> bool:
        """True when offset ``pos`` lies inside double quotation marks."""
        return self.quote_at(pos) is not None

    # -- capitalised runs ------------------------------------------------------------------
    @property
    def cap_runs(self) -> list[list[Token]]:
        """Runs of capitalised words joined by single spaces, each inside one sentence."""
        if self._cap_runs is None:
            runs: list[list[Token]] = []
            for si in range(len(self.sentences)):
                prev: Token | None = None
                for t in self.sentence_tokens(si):
                    if not t.is_cap:
                        prev = None
                        continue
                    if prev is not None and self.text[prev.raw_end : t.start] == " ":
                        runs[-1].append(t)
                    else:
                        runs.append([t])
                    prev = t
            self._cap_runs = runs
        return self._cap_runs

    # -- protected spans -------------------------------------------------------------------
    def is_protected(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a URL, e-mail address, handle, hashtag or domain."""
        starts, ends = self.protected
        if not starts:
            return False
        i = bisect.bisect_left(starts, end) - 1
        return i >= 0 and ends[i] > start
