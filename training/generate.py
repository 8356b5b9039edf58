"""Training-data generator: clean articles in, labelled articles with injected artifacts out.

Each clean article yields its untouched original plus ``variants_per_article`` variants.
A variant receives 1-4 artifacts of different kinds, made the way machine translation,
article spinners and scrapers make them. Every injected artifact is a label in the labels
format (the one users write by hand and the HTML report exports)::

    {"id", "title", "text", "unlabelled": "clean",
     "labels": [{"start", "end", "text", "label": "artifact", "type", "note"}],
     "origin": {"article", "seed", "injections"}}

``text[start:end] == label["text"]`` holds for every label; ``"unlabelled": "clean"``
says every sentence that overlaps no label is clean, which is true because the inputs
are clean hand-written articles.

Injections work on an immutable ``Doc``: an edit returns a new Doc with every label
shifted to its new offsets, and refuses (``Conflict``) an edit that would touch a label
or a guarded span (the evidence an earlier artifact relies on, such as the original
of a near-duplicate). Output depends only on the seed and the input: every random choice
comes from a ``random.Random`` seeded from the run seed, a CRC-32 of the article id and
the variant number.

Command line::

    python -m training.generate --corpus data/corpus --out data/train/generated.jsonl --seed 13 --variants 4
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from detector import lexicon
from detector.data import FINDING_TYPES
from detector.detectors.lexical import zipf
from detector.fileio import read_jsonl, write_jsonl

RESOURCES = Path(__file__).resolve().parent / "resources"
DETECTOR_NAMES = Path(__file__).resolve().parent.parent / "detector" / "resources" / "first_names.tsv"

#: The finding codes this generator injects: every public code of the detector.
KINDS: tuple[str, ...] = FINDING_TYPES

#: Relative weight of each kind when a variant's artifacts are drawn. Scraping residue and
#: duplicated passages are the most common artifacts in scraped and spun news, so they
#: are drawn more often than the rest.
DEFAULT_RATES: dict[str, float] = {kind: 1.0 for kind in KINDS} | {"boilerplate": 1.5, "near_duplicate": 1.5}

#: How many artifacts a variant gets (1-4) and how likely each count is.
ARTIFACT_COUNTS = (1, 2, 3, 4)
ARTIFACT_COUNT_WEIGHTS = (0.3, 0.35, 0.22, 0.13)


class Conflict(Exception):
    """An edit would change text that a label or a guarded span covers."""


# ======================================================================== the document


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Doc:
    """An article under construction: its text, its labels and its guarded spans.

    ``guards`` are spans later edits must leave alone: the original sentence of a
    near-duplicate, the antecedent of a flipped pronoun and the text up to it, the first
    spelling of a respelled name. ``headline`` is the span of the headline line.
    """

    text: str
    labels: tuple[Span, ...] = ()
    guards: tuple[Span, ...] = ()
    headline: tuple[int, int] = (0, 0)

    @classmethod
    def from_text(cls, text: str) -> Doc:
        first = text.split("\n", 1)[0]
        lead = len(first) - len(first.lstrip())
        return cls(text=text, headline=(lead, len(first.rstrip())))

    def free(self, start: int, end: int) -> bool:
        """True when [start, end) touches no label or guard (for start == end: lies inside none)."""
        for s in self.labels + self.guards:
            if start == end:
                if s.start < start < s.end:
                    return False
            elif s.start < end and start < s.end:
                return False
        return True

    def edit(self, start: int, end: int, new: str) -> Doc:
        """Replace text[start:end] with ``new``; labels and guards after it move with the text."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"edit {start}..{end} outside text of length {len(self.text)}")
        if not self.free(start, end):
            raise Conflict(f"edit {start}..{end} touches a label or guard")
        delta = len(new) - (end - start)

        def move(s: Span) -> Span:
            if s.end <= start:
                return s
            return dc_replace(s, start=s.start + delta, end=s.end + delta)

        hs, he = self.headline
        if he <= hs:  # no headline line (glued into the text): none grows out of an edit
            headline = (hs + delta, hs + delta) if start < hs and end <= hs else (hs, hs)
        elif he <= start:
            headline = (hs, he)
        elif hs >= end:
            headline = (hs + delta, he + delta)
        else:  # the edit lies inside the headline
            headline = (hs, he + delta)
        return Doc(
            text=self.text[:start] + new + self.text[end:],
            labels=tuple(move(s) for s in self.labels),
            guards=tuple(move(s) for s in self.guards),
            headline=headline,
        )

    def label(self, start: int, end: int, type: str, note: str) -> Doc:
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"label {start}..{end} outside text")
        for s in self.labels:
            if s.start < end and start < s.end:
                raise Conflict(f"label {start}..{end} overlaps label {s.start}..{s.end}")
        return dc_replace(self, labels=self.labels + (Span(start, end, type, note),))

    def guard(self, start: int, end: int) -> Doc:
        return dc_replace(self, guards=self.guards + (Span(start, end),))

    def label_dicts(self) -> list[dict[str, Any]]:
        return [
            {
                "start": s.start,
                "end": s.end,
                "text": self.text[s.start : s.end],
                "label": "artifact",
                "type": s.type,
                "note": s.note,
            }
            for s in sorted(self.labels, key=lambda s: (s.start, s.end))
        ]


# ======================================================================== segmentation


@dataclass(frozen=True, slots=True)
class Para:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sent:
    index: int
    start: int
    end: int
    text: str
    para: int


@lru_cache(maxsize=32768)
def _split_paragraph(par: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one paragraph, relative to it, from the project's own segmenter."""
    from detector.segment import segment

    _, sents = segment(par)
    return tuple((s.start, s.end) for s in sents)


@lru_cache(maxsize=256)
def paragraphs(text: str) -> tuple[Para, ...]:
    """Non-empty lines with their offsets (whitespace trimmed): one paragraph each."""
    out: list[Para] = []
    pos = 0
    for raw in text.split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(Para(len(out), s, e, text[s:e]))
    return tuple(out)


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[Sent, ...]:
    out: list[Sent] = []
    for p in paragraphs(text):
        for a, b in _split_paragraph(p.text):
            out.append(Sent(len(out), p.start + a, p.start + b, p.text[a:b], p.index))
    return tuple(out)


def _sentence_at(sents: tuple[Sent, ...], pos: int) -> int:
    starts = [s.start for s in sents]
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _separator(text: str) -> str:
    """The paragraph separator the article uses."""
    return "\n\n" if "\n\n" in text.strip() else "\n"


_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_TOKEN = re.compile(r"\S+")
#: "MUSCAT (Reuters) - ", "ALEPPO, Syria (AFP) — ", "WASHINGTON - "
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40})?\s*(?:\([^)]{1,40}\)\s*)?[-—–]{1,2}\s+"
)


def _nwords(s: str) -> int:
    return len(_TOKEN.findall(s))


def _strip_dateline(s: str) -> tuple[int, str]:
    m = _DATELINE.match(s)
    if m and sum(c.isupper() for c in m.group()) >= 2:
        return m.end(), s[m.end() :]
    return 0, s


def _in_headline(doc: Doc, start: int, end: int) -> bool:
    hs, he = doc.headline
    return start < he and hs < end


def _inserted_line(doc: Doc, p: Para) -> bool:
    """True for a line that an earlier injection added whole (a boilerplate line)."""
    return any(s.start <= p.start and s.end >= p.end for s in doc.labels)


def _is_prose(doc: Doc, p: Para) -> bool:
    return (
        not _in_headline(doc, p.start, p.end)
        and not _inserted_line(doc, p)
        and _nwords(p.text) >= 6
        and bool(_SENT_END.search(p.text))
    )


def _body_sentences(doc: Doc) -> list[Sent]:
    """Sentences of prose paragraphs (not the headline, not inserted lines)."""
    paras = paragraphs(doc.text)
    prose = {p.index for p in paras if _is_prose(doc, p)}
    return [s for s in sentences(doc.text) if s.para in prose]


# ======================================================================== quotations

_OPEN_MARKS = "“„«"
_CLOSE_MARKS = "”»"
_QUOTE_MARKS = '"' + _OPEN_MARKS + _CLOSE_MARKS


def quote_pairs(s: str) -> tuple[list[tuple[int, int]], bool]:
    """Matched double-quotation pairs in ``s`` and whether every mark found its partner.

    Curly marks say their side; straight marks alternate open, close.
    """
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    ok = True
    for i, ch in enumerate(s):
        if ch not in _QUOTE_MARKS:
            continue
        if ch in _OPEN_MARKS:
            role = "open"
        elif ch in _CLOSE_MARKS:
            role = "close"
        else:
            role = "close" if open_at is not None else "open"
        if role == "open":
            if open_at is not None:
                ok = False
            open_at = i
        elif open_at is None:
            ok = False
        else:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        ok = False
    return pairs, ok


def balanced(s: str) -> bool:
    return quote_pairs(s)[1]


def _inside_quote(pairs: list[tuple[int, int]], pos: int) -> bool:
    return any(a < pos < b for a, b in pairs)


# ======================================================================== resources


@dataclass(frozen=True)
class Resources:
    first_names: dict[str, str]
    rewrites: dict[str, Any]
    boilerplate: dict[str, Any]
    bilingual: list[dict[str, str]]
    variant_of: dict[str, tuple[str, ...]]


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _load_first_names() -> dict[str, str]:
    path = DETECTOR_NAMES if DETECTOR_NAMES.is_file() else RESOURCES / "first_names.tsv"
    names: dict[str, str] = {}
    for row in _read_tsv(path):
        if len(row) < 2 or row[0] == "name":
            continue
        gender = row[1].strip().lower()
        if gender in ("m", "f"):
            names[row[0].strip()] = gender
    return names


@lru_cache(maxsize=1)
def resources() -> Resources:
    rows = _read_tsv(RESOURCES / "bilingual.tsv")
    header, body = rows[0], rows[1:]
    bilingual = [{k: v.strip() for k, v in zip(header, row, strict=False) if v.strip()} for row in body]
    groups = json.loads((RESOURCES / "name_variants.json").read_text(encoding="utf-8"))["groups"]
    variant_of: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for name in group:
            variant_of[name] = tuple(g for g in group if g != name)
    return Resources(
        first_names=_load_first_names(),
        rewrites=json.loads((RESOURCES / "rewrites.json").read_text(encoding="utf-8")),
        boilerplate=json.loads((RESOURCES / "boilerplate.json").read_text(encoding="utf-8")),
        bilingual=bilingual,
        variant_of=variant_of,
    )


# ======================================================================== small helpers


def _match_case(template: str, word: str) -> str:
    """``word`` with the capitalisation of ``template`` (first letter / all caps)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


_LOWERABLE_START = frozenset(
    "The A An This These That Those It Its There Some Many Most Several Such Each Every Both Other".split()
)


def _decap(s: str) -> str:
    """Lower-case the first word when it is a determiner (never a proper noun)."""
    first = s.split(" ", 1)[0]
    if first in _LOWERABLE_START:
        return s[:1].lower() + s[1:]
    return s


def _weighted(rng: random.Random, items: list[Any], weights: list[float]) -> Any:
    return rng.choices(items, weights=weights, k=1)[0]


_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


# ======================================================================== rewording


@lru_cache(maxsize=64)
def _alternation(keys: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive whole-word pattern for ``keys``, longest first."""
    ordered = sorted(keys, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in ordered) + r")\b", re.IGNORECASE)


def _op_synonym(s: str, rng: random.Random, res: Resources) -> str | None:
    table: dict[str, list[str]] = res.rewrites["synonyms"]
    pattern = _alternation(tuple(table))
    hits = [m for m in pattern.finditer(s) if m.group() in (m.group().lower(), _cap(m.group().lower()))]
    if not hits:
        return None
    chosen = sorted(
        rng.sample(hits, k=min(len(hits), rng.randint(1, 3))), key=lambda m: m.start(), reverse=True
    )
    for m in chosen:
        new = rng.choice(table[m.group().lower()])
        s = s[: m.start()] + _match_case(m.group(), new) + s[m.end() :]
    return s


_SAID_RE = re.compile(
    r"^(?P<subj>[A-Z][^,;:\"“”]{1,70}?) (?:said|says)(?: (?:late |early )?on (?:"
    + _WEEKDAYS
    + r"))?(?: that)? "
    r"(?P<rest>[^\"“”]{12,}?)(?P<end>[.!?])$"
)
#: A reported clause cannot start with these ("said in a statement that ...", "said late ...").
_NOT_CLAUSE_START = frozenset(
    "in on at for during after before to of late early last this earlier later by with from that told".split()
)
_ACCORDING_TAIL_RE = re.compile(
    r"^(?P<main>[^\"“”]{12,}?), according to (?P<src>[^,\"“”]{3,80})(?P<end>[.!?])$"
)
_ACCORDING_HEAD_RE = re.compile(
    r"^According to (?P<src>[^,\"“”]{3,80}), (?P<rest>[^\"“”]{12,}?)(?P<end>[.!?])$"
)
_OBJECT_PRONOUN = {"He": "him", "She": "her", "They": "them", "It": "it", "We": "us", "I": "me"}


def _op_according(s: str, rng: random.Random, res: Resources) -> str | None:
    """ "X said Y" <-> "According to X, Y" <-> "Y, according to X"."""
    m = _ACCORDING_HEAD_RE.match(s)
    if m:
        return f"{_cap(m['rest'])}, {m['src']} said{m['end']}"
    m = _ACCORDING_TAIL_RE.match(s)
    if m and m["main"].split(" ", 1)[0] in _LOWERABLE_START:
        return f"{_cap(m['src'])} said {_decap(m['main'])}{m['end']}"
    m = _SAID_RE.match(s)
    if m and len(m["subj"].split()) <= 8 and m["rest"].split(" ", 1)[0] not in _NOT_CLAUSE_START:
        subj = m["subj"]
        words = subj.split()
        if subj in _OBJECT_PRONOUN:
            subj = _OBJECT_PRONOUN[subj]
        elif words[0] in _NOT_SUBJECT_START:
            return None
        elif words[0] in ("The", "A", "An"):
            subj = _decap(subj)
        elif _common_plural_start(words):
            subj = subj[:1].lower() + subj[1:]
        return f"According to {subj}, {m['rest']}{m['end']}"
    return None


def _common_plural_start(words: list[str]) -> bool:
    """True for a sentence-initial plural common noun ("Analysts", "Police officers")."""
    first = words[0]
    if first in _COUNTRIES or first.isupper() or first in resources().first_names:
        return False
    if len(words) > 1 and words[1][:1].isupper():
        return False
    return first in ("Police", "People") or (first.endswith("s") and not first.endswith(("ss", "us", "is")))


def _op_voice(s: str, rng: random.Random, res: Resources) -> str | None:
    """Simple passive <-> active flips: "The law was approved by parliament" <-> "Parliament approved the law"."""
    rw = res.rewrites
    participles: dict[str, str] = rw["passive_participles"]
    past_of = {v: k for k, v in participles.items()}
    present: dict[str, str] = rw["present_from_participle"]
    np = r"(?:The|A|An) [\w’'-]+(?: [\w’'-]+){0,3}?"
    m = re.match(
        rf"^(?P<obj>{np}) (?P<aux>was|were|is|are) (?P<verb>[a-z]+) by (?P<agent>[^,;\"“”]{{2,60}}?)"
        rf"(?P<tail>[,;.!?]| (?:on (?:{_WEEKDAYS})|last|this|in \d{{4}}|after|before|since)\b)",
        s,
    )
    if m:
        verb, aux = m["verb"], m["aux"]
        if aux in ("is", "are"):
            active = present.get(verb)
            if active is None:
                return None
            if " and " in m["agent"] or _is_plural_np(m["agent"]):
                active = active[:-1]
        elif verb.endswith("ed"):
            active = verb
        elif verb in past_of:
            active = past_of[verb]
        else:
            return None
        new = f"{_cap(m['agent'])} {active} {_decap(m['obj'])}"
        return new + s[m.start("tail") :]
    verbs = "|".join(rw["active_verbs"])
    m = re.match(
        rf"^(?P<subj>{np}) (?P<verb>{verbs}) (?P<obj>(?:the|a|an|its|their|his|her) [^,;\"“”]{{2,60}}?)"
        rf"(?P<tail>[,;.!?]| (?:on (?:{_WEEKDAYS})|last|this|in \d{{4}}|after|before|since)\b)",
        s,
    )
    if m:
        verb = m["verb"]
        participle = participles.get(verb, verb)
        aux = "were" if _is_plural_np(m["obj"]) else "was"
        return f"{_cap(m['obj'])} {aux} {participle} by {_decap(m['subj'])}" + s[m.start("tail") :]
    return None


def _is_plural_np(np: str) -> bool:
    words = np.split()
    for i, w in enumerate(words):
        if w in _HEAD_CUT and i > 0:
            words = words[:i]
            break
    head = words[-1].lower().strip(".,") if words else ""
    return head.endswith("s") and not head.endswith(("ss", "us", "is", "news"))


def _op_numbers(s: str, rng: random.Random, res: Resources) -> str | None:
    words: dict[str, str] = res.rewrites["number_words"]
    digits = {v: k for k, v in words.items()}
    options: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\b(" + "|".join(words) + r")\b(?![-’'])", s, re.IGNORECASE):
        if m.start() == 0 or re.search(r"(?:no|any|some|every)\s*$", s[: m.start()], re.I):
            continue
        if m.group() != m.group().lower() or s[m.end() :].startswith(" of"):
            continue
        options.append((m.start(), m.end(), words[m.group()]))
    for m in re.finditer(r"(?<![\w.,$£€-])([2-9]|10)(?![\w.,%-])", s):
        if m.start() > 0:
            options.append((m.start(), m.end(), digits[m.group()]))
    for m in re.finditer(r"(\d+(?:\.\d+)?)%", s):
        options.append((m.start(), m.end(), m.group(1) + rng.choice([" percent", " per cent"])))
    for m in re.finditer(r"(\d+(?:\.\d+)?) (?:percent|per cent)\b", s):
        options.append((m.start(), m.end(), m.group(1) + "%"))
    if not options:
        return None
    a, b, new = rng.choice(options)
    return s[:a] + new + s[b:]


def _op_drop_adverb(s: str, rng: random.Random, res: Resources) -> str | None:
    adverbs: list[str] = res.rewrites["droppable_adverbs"]
    options: list[tuple[int, int, bool]] = []
    for m in re.finditer(r"\b(" + "|".join(adverbs) + r") ", s):
        if m.group(1) in ("about", "nearly", "roughly", "only") and not re.match(r"[$£€\d]", s[m.end() :]):
            continue
        if m.start() == 0:
            continue
        options.append((m.start(), m.end(), False))
    m = re.match(r"^(However|Meanwhile|Still|Separately|In addition|Also), ", s)
    if m:
        options.append((0, m.end(), True))
    for m in re.finditer(r", however,", s):
        options.append((m.start(), m.end(), False))
    if not options:
        return None
    a, b, recap = rng.choice(options)
    out = s[:a] + s[b:]
    return _cap(out) if recap else out


def _op_weekday(s: str, rng: random.Random, res: Resources) -> str | None:
    options: list[tuple[int, int, str]] = []
    for m in re.finditer(rf"\b(?:(late|early) )?on ({_WEEKDAYS})\b", s):
        day = m.group(2)
        alternatives = [day, f"on the {day}"] if not m.group(1) else [f"{m.group(1)} {day}"]
        options.append((m.start(), m.end(), rng.choice(alternatives)))
    for m in re.finditer(rf"\b(said|announced|met|arrived|began|ended|told reporters) ({_WEEKDAYS})\b", s):
        options.append((m.start(), m.end(), f"{m.group(1)} on {m.group(2)}"))
    if not options:
        return None
    a, b, new = rng.choice(options)
    return s[:a] + new + s[b:]


_REWORD_OPS: dict[str, Callable[[str, random.Random, Resources], str | None]] = {
    "synonyms": _op_synonym,
    "according-to": _op_according,
    "voice": _op_voice,
    "numbers": _op_numbers,
    "dropped adverb": _op_drop_adverb,
    "weekday": _op_weekday,
}


def reword(sentence: str, rng: random.Random, res: Resources | None = None) -> tuple[str, list[str]]:
    """Reword a sentence the way a spinner or a second translation would.

    Returns the new sentence and the names of the rewrites applied (empty when none fits).
    """
    res = res or resources()
    names = list(_REWORD_OPS)
    rng.shuffle(names)
    wanted = rng.randint(1, 3)
    applied: list[str] = []
    out = sentence
    for name in names:
        if len(applied) >= wanted:
            break
        new = _REWORD_OPS[name](out, rng, res)
        if new and new != out:
            out, applied = new, applied + [name]
    return out, applied


# ======================================================================== 1. near_duplicate


def inject_near_duplicate(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Copy a sentence or a paragraph 1-6 paragraphs later, exact or reworded; label the copy."""
    paras = paragraphs(doc.text)
    body = _body_sentences(doc)
    sent_cands = [
        s
        for s in body
        if _nwords(_strip_dateline(s.text)[1]) >= 8 and balanced(s.text) and doc.free(s.start, s.end)
    ]
    para_cands = []
    for p in paras:
        inside = [s for s in body if s.para == p.index]
        if (
            _is_prose(doc, p)
            and 1 <= len(inside) <= 4
            and _nwords(p.text) >= 8
            and balanced(p.text)
            and doc.free(p.start, p.end)
        ):
            para_cands.append((p, inside))
    modes = ["paragraph", "sentence"] if rng.random() < 0.35 else ["sentence", "paragraph"]
    mode = next((m for m in modes if (sent_cands if m == "sentence" else para_cands)), None)
    if mode is None:
        return None
    if mode == "sentence":
        src = rng.choice(sent_cands)
        src_para, src_start, src_end = src.para, src.start, src.end
        pieces = [_strip_dateline(src.text)[1]]
    else:
        p, inside = rng.choice(para_cands)
        src_para, src_start, src_end = p.index, p.start, p.end
        pieces = [_strip_dateline(s.text)[1] if i == 0 else s.text for i, s in enumerate(inside)]

    # where the copy goes: a new paragraph, or the end or start of a later paragraph
    options: list[tuple[str, Para]] = []
    for t in paras:
        if src_para <= t.index <= src_para + 5 and (t.index == src_para or _is_prose(doc, t)):
            if balanced(t.text) and doc.free(t.end, t.end):
                options.append(("after", t))
        if (
            mode == "sentence"
            and src_para < t.index <= src_para + 6
            and _is_prose(doc, t)
            and balanced(t.text)
        ):
            if doc.free(t.end, t.end):
                options.append(("append", t))
            if doc.free(t.start, t.start):
                options.append(("prepend", t))
    if not options:
        return None
    weight = {"after": 5.0, "append": 3.0, "prepend": 2.0}
    how, target = _weighted(rng, options, [weight[h] for h, _ in options])

    reworded = rng.random() < 0.55
    ops: list[str] = []
    if reworded:
        new_pieces = []
        for i, piece in enumerate(pieces):
            if len(pieces) > 1 and i > 0 and rng.random() < 0.3:
                new_pieces.append(piece)
                continue
            text, applied = reword(piece, rng, res)
            new_pieces.append(text)
            ops += [a for a in applied if a not in ops]
        pieces = new_pieces
    chunk = " ".join(pieces)
    offsets = []
    pos = 0
    for piece in pieces:
        offsets.append((pos, pos + len(piece)))
        pos += len(piece) + 1

    sep = _separator(doc.text)
    if how == "after":
        at, new, lead = target.end, sep + chunk, len(sep)
    elif how == "append":
        at, new, lead = target.end, " " + chunk, 1
    else:
        at, new, lead = target.start, chunk + " ", 0
    distance = max(target.index - src_para + (1 if how == "after" else 0), 1)
    unit = "sentence" if mode == "sentence" else "paragraph"
    style = f"reworded ({', '.join(ops)})" if ops else "exact"
    note = f"{style} copy of a {unit} {distance} paragraph{'s' if distance > 1 else ''} earlier"
    doc = doc.edit(at, at, new)
    for a, b in offsets:
        doc = doc.label(at + lead + a, at + lead + b, "near_duplicate", note)
    # the original now sits before the insertion point, so its offsets are unchanged
    doc = doc.guard(src_start, src_end)
    return doc, note


# ======================================================================== 2. gender_mismatch

_PARTICLES = frozenset(
    "al el bin ben ibn abu de da do dos das del della di du van von der den la le ter".split()
)
_NAME_WORD = re.compile(r"[^\W\d_][\w’'-]*")
#: Titles that tell a person's gender ("Mrs", "Queen", "Sheikh"), from the detector's list:
#: title as written before a name -> "m" or "f". Titles that say "person" only (President) are left out.
_TITLE_GENDER = {
    r["title"].capitalize(): r["gender"] for r in lexicon.load("gender_titles").records() if r["gender"] in ("m", "f")
}
_TITLE_NAME = re.compile(
    r"\b(?P<title>" + "|".join(sorted(map(re.escape, _TITLE_GENDER), key=len, reverse=True)) + r")\.?\s+(?P<last>[A-Z][\w’'-]*)"
)
_PRONOUN_RE = re.compile(r"\b(he|she|his|her|hers|him|himself|herself)\b", re.IGNORECASE)
_PRONOUN_GENDER = {
    "he": "m", "his": "m", "him": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip


def _gendered_nouns() -> re.Pattern[str]:
    """Nouns and titles that tell a person's gender, from the detector's lists, as one pattern with
    a group per gender: ``m`` ("spokesman", "Mr") and ``f`` ("mother", "Mrs")."""
    words: dict[str, set[str]] = {"m": set(), "f": set()}
    for r in lexicon.load("gender_nouns").records():
        if r["gender"] in words:
            words[r["gender"]].add(r["noun"])
    for title, gender in _TITLE_GENDER.items():
        words[gender].add(title)
    alt = {g: "|".join(sorted(map(re.escape, ws), key=len, reverse=True)) for g, ws in words.items()}
    return re.compile(rf"\b(?P<m>{alt['m']})\b|\b(?P<f>{alt['f']})\b")


_GENDERED_NOUNS = _gendered_nouns()
#: Words after "her" that show it is an object ("told her that"), not a possessive ("her team").
_AFTER_OBJECT_HER = frozenset(
    """to and or that the a an in on at for with by from of about as when if after before into over
    than but because while so since until during this these those up down out back again""".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    gender: str  # "m", "f" or "?" (a surname two people of different gender share)
    key: str  # the surname (or given name) that identifies the person


def _is_name_word(w: str) -> bool:
    """A capitalised word, or a particle-prefixed one ("al-Suwaidi", "bin-Salman")."""
    head, _, tail = w.partition("-")
    if head.lower() in _PARTICLES and tail:
        w = tail
    return bool(w) and w[0].isupper() and any(c.islower() for c in w)


def _strip_possessive(w: str) -> str:
    return re.sub(r"[’']s?$", "", w)


def full_names(text: str, res: Resources) -> list[tuple[int, int, str, list[str]]]:
    """Names that start with a known given name: (start, end, gender, [given, other name words]).

    A given name followed by no other name word is returned alone ("Fatima said").
    """
    names = res.first_names
    words = list(_NAME_WORD.finditer(text))
    out = []
    last_end = -1
    for i, w in enumerate(words):
        first = _strip_possessive(w.group())
        gender = names.get(first)
        if gender is None or not first[:1].isupper() or w.start() < last_end:
            continue
        parts = [first]
        end = w.start() + len(first)
        j = i + 1
        extend = w.group() == first  # "Fatima's" ends the name at once
        while extend and j < len(words) and len(parts) < 4:
            if text[words[j - 1].end() : words[j].start()] not in (" ", "\u00a0"):
                break
            token = words[j].group()
            if token.lower() in _PARTICLES:
                j += 1
                continue
            if not _is_name_word(token):
                break
            parts.append(_strip_possessive(token))
            end = words[j].start() + len(parts[-1])
            extend = token == parts[-1]
            j += 1
        out.append((w.start(), end, gender, parts))
        last_end = end
    return out


def person_mentions(text: str, res: Resources) -> list[Mention]:
    """People the text names, with the gender of their given name or title.

    A full name's key is its last word (the surname); later mentions by that surname alone
    are mentions of the same person. A surname shared by a man and a woman gets gender "?".
    """
    found: list[Mention] = []
    keys: dict[str, set[str]] = {}
    for start, end, gender, parts in full_names(text, res):
        key = parts[-1]
        found.append(Mention(start, end, gender, key))
        keys.setdefault(key, set()).add(gender)
    for m in _TITLE_NAME.finditer(text):
        gender = _TITLE_GENDER[m["title"]]
        last = _strip_possessive(m["last"])
        found.append(Mention(m.start(), m.start("last") + len(last), gender, last))
        keys.setdefault(last, set()).add(gender)
    covered = [(f.start, f.end) for f in found]
    for key, genders in keys.items():
        gender = next(iter(genders)) if len(genders) == 1 else "?"
        for m in re.finditer(rf"(?<![\w-]){re.escape(key)}\b", text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            found.append(Mention(m.start(), m.end(), gender, key))
    return sorted(found, key=lambda f: f.start)


def _flip_pronoun(word: str, text: str, end: int) -> str:
    low = word.lower()
    if low == "he":
        new = "she"
    elif low == "him":
        new = "her"
    elif low == "himself":
        new = "herself"
    elif low == "his":
        nxt = re.match(r"\s*([\w’']+)?", text[end:])
        new = "her" if nxt and nxt.group(1) else "hers"
    elif low == "she":
        new = "he"
    elif low == "herself":
        new = "himself"
    elif low == "hers":
        new = "his"
    else:  # her: object or possessive?
        nxt = re.match(r"(\s*)([\w’']+)?", text[end:])
        following = nxt.group(2) if nxt else None
        new = "him" if not following or not nxt.group(1) or following.lower() in _AFTER_OBJECT_HER else "his"
    return _match_case(word, new)


def inject_gender_mismatch(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Flip a pronoun whose only possible antecedent is a named person met within two sentences."""
    text = doc.text
    sents = sentences(text)
    if not sents:
        return None
    mentions = person_mentions(text, res)
    if not mentions:
        return None
    paras = paragraphs(text)
    candidates = []
    for m in _PRONOUN_RE.finditer(text):
        if _in_headline(doc, m.start(), m.end()) or not doc.free(m.start(), m.end()):
            continue
        gender = _PRONOUN_GENDER[m.group().lower()]
        other = "f" if gender == "m" else "m"
        si = _sentence_at(sents, m.start())
        para = next(p for p in paras if p.index == sents[si].para)
        pairs, _ = quote_pairs(para.text)
        if _inside_quote(pairs, m.start() - para.start):
            continue
        window_start = sents[max(si - 2, 0)].start
        prior = [x for x in mentions if window_start <= x.start and x.end <= m.start()]
        same = [x for x in prior if x.gender == gender]
        if not same:
            continue
        ante = same[-1]
        if any(x.gender in (other, "?") for x in prior):
            continue  # a person of the other gender nearby: the flipped pronoun could refer to them
        if any(x.key != ante.key and x.gender == gender for x in prior):
            continue  # two people of the pronoun's gender: the referent is unclear
        between = text[window_start : m.start()]
        if any(_PRONOUN_GENDER[p.group().lower()] == other for p in _PRONOUN_RE.finditer(between)):
            continue
        apposition = re.match(r",\s+(?:a|an|the)\s[^,]{1,80},", text[ante.end :])
        app_start, app_end = (ante.end, ante.end + apposition.end()) if apposition else (0, 0)
        named = [(x.start, x.end) for x in prior] + [(app_start, app_end)]
        if any(
            not any(a <= window_start + g.start() < b for a, b in named) for g in _GENDERED_NOUNS.finditer(between)
        ):
            continue  # "his wife", "the man": another person the pronoun could mean (a title is the person's own)
        if doc.free(ante.start, m.end()):
            candidates.append((m, ante))
    if not candidates:
        return None
    m, ante = rng.choice(candidates)
    new = _flip_pronoun(m.group(), text, m.end())
    name = text[ante.start : ante.end]
    note = f"{m.group()} -> {new}; the antecedent is {name}"
    doc = doc.edit(m.start(), m.end(), new)
    doc = doc.label(m.start(), m.start() + len(new), "gender_mismatch", note)
    doc = doc.guard(ante.start, m.start())
    return doc, note


# ======================================================================== 3. spliced_fragment

#: Words that start a clause or phrase; the space before them is a typical seam where
#: inline markup (a link, an emphasis, a line of a table) ended.
_SEAM_WORDS = (
    "while|and|but|which|who|after|as|when|where|since|amid|because|although|though|before|with|from|"
    "in|on|at|to|the|said|says|for|during|despite|following"
)
_CUT_AFTER = frozenset(
    "in of the to for and at with that on by from a an would will was were is as into".split()
)


def _token_around(text: str, pos: int) -> tuple[int, int]:
    """Start of the non-space run ending at ``pos`` and end of the one starting there."""
    a = pos
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = pos
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b


def _splice_glued_words(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    text = doc.text
    body = _body_sentences(doc)
    options: list[tuple[int, int]] = []  # (start, end) of the whitespace to delete
    for s in body:
        for m in re.finditer(rf"(?<=[\w,;])( )(?=(?:{_SEAM_WORDS})\b)", s.text):
            if s.text[m.start() - 1] in ",;" and rng.random() < 0.7:
                continue
            options.append((s.start + m.start(), s.start + m.end()))
    sents = sentences(text)
    body_paras = {s.para for s in body}
    for a, b in zip(sents, sents[1:], strict=False):
        if a.para == b.para and a.para in body_paras and _SENT_END.search(a.text):
            if b.text[:1].isupper() or b.text[:1] in '"“':
                for _ in range(2):  # sentence seams are as common as word seams
                    options.append((a.end, b.start))
    rng.shuffle(options)
    for ws, we in options:
        ls, _ = _token_around(text, ws)
        _, le = _token_around(text, we)
        if not doc.free(ls, le):
            continue
        doc2 = doc.edit(ws, we, "")
        end = le - (we - ws)
        glued = doc2.text[ls:end]
        note = f"space lost at a seam: {glued}"
        return doc2.label(ls, end, "spliced_fragment", note), note
    return None


def _region_and_section(text: str, res: Resources) -> tuple[str, str]:
    bp = res.boilerplate
    words = Counter(re.findall(r"[\w.]+", text))

    def best(table: dict[str, list[str]], default: str) -> str:
        scored = [(sum(words[k] for k in keys), name) for name, keys in table.items()]
        score, name = max(scored, key=lambda x: x[0])
        return name if score > 0 else default

    return best(bp["regions"], "World"), best(bp["sections"], "News")


def _splice_breadcrumb(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    hs, he = doc.headline
    if he <= hs or not doc.free(hs, he):
        return None
    region, section = _region_and_section(doc.text, res)
    trail = rng.choice(res.boilerplate["breadcrumb_trails"])
    crumbs = [c.format(region=region, section=section) for c in trail]
    crumbs = [c for i, c in enumerate(crumbs) if i == 0 or c != crumbs[i - 1]]
    glue = "".join(crumbs)
    first_word_end = _token_around(doc.text, hs)[1]
    doc = doc.edit(hs, hs, glue)
    end = first_word_end + len(glue)
    note = f"navigation {' > '.join(crumbs)} glued to the headline"
    return doc.label(hs, end, "spliced_fragment", note), note


def _splice_cut_sentence(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    text = doc.text
    body = _body_sentences(doc)
    body_paras = {s.para for s in body}
    sents = sentences(text)
    paras = paragraphs(text)
    options = []
    for a, b in zip(sents, sents[1:], strict=False):
        if a.para not in body_paras or b.para not in body_paras:
            continue
        if b.para != a.para and (b.para != a.para + 1 or rng.random() < 0.5):
            continue
        if any(c in a.text for c in _QUOTE_MARKS) or not doc.free(a.start, b.end):
            continue
        if not (balanced(paras[a.para].text) and balanced(paras[b.para].text)):
            continue
        words = list(_TOKEN.finditer(a.text))
        if len(words) < 7:
            continue
        offset = _strip_dateline(a.text)[0]
        cuts = [w for w in words[3:-3] if w.start() >= offset and re.fullmatch(r"[\w’'-]+", w.group())]
        for w in cuts:
            options.append((a, b, w, 3.0 if w.group().lower() in _CUT_AFTER else 1.0))
    if not options:
        return None
    a, b, w, _ = _weighted(rng, options, [o[3] for o in options])
    cut = a.start + w.end()
    first_end = _token_around(text, b.start)[1]
    doc = doc.edit(cut, b.start, " ")
    seam_start = a.start + w.start()
    seam_end = first_end - (b.start - cut) + 1
    dropped = text[cut : a.end].strip()
    note = f"sentence cut after '{w.group()}' ('{dropped}' lost) and joined to the next"
    return doc.label(seam_start, seam_end, "spliced_fragment", note), note


def _splice_joined_paragraphs(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    text = doc.text
    paras = paragraphs(text)
    options = []
    for p, q in zip(paras, paras[1:], strict=False):
        if not (_is_prose(doc, p) and _is_prose(doc, q) and balanced(p.text) and balanced(q.text)):
            continue
        if not (q.text[:1].isupper() or q.text[:1] in '"“'):
            continue
        ls = _token_around(text, p.end)[0]
        le = _token_around(text, q.start)[1]
        if doc.free(ls, le):
            options.append((p, q, ls, le))
    if not options:
        return None
    p, q, ls, le = rng.choice(options)
    doc = doc.edit(p.end, q.start, "")
    end = le - (q.start - p.end)
    note = "two paragraphs joined without a space"
    return doc.label(ls, end, "spliced_fragment", note), note


def _splice_headline_glued(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """The headline, in Title Case, run into the first sentence: "... Long StrikeDock workers"."""
    hs, he = doc.headline
    paras = paragraphs(doc.text)
    if he <= hs or len(paras) < 2 or not doc.free(hs, paras[1].end):
        return None
    nxt = paras[1]
    if not nxt.text[:1].isupper() or _nwords(doc.text[hs:he]) < 4:
        return None
    title = " ".join(w[:1].upper() + w[1:] for w in doc.text[hs:he].split(" "))
    first_end = _token_around(doc.text, nxt.start)[1]
    last_start = _token_around(doc.text, he)[0]
    doc = doc.edit(hs, nxt.start, title)
    seam_start = hs + (last_start - hs)
    seam_end = hs + len(title) + (first_end - nxt.start)
    if not re.fullmatch(r"\S+", doc.text[seam_start:seam_end]):
        return None
    note = "headline glued to the first sentence"
    # no headline line is left for later injections to put residue after
    doc = dc_replace(doc, headline=(hs, hs))
    return doc.label(seam_start, seam_end, "spliced_fragment", note), note


def _splice_glued_time(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """A listing's time run into a teaser headline at the end of the page: "07:42pCopper slides"."""
    paras = paragraphs(doc.text)
    if not paras or not doc.free(paras[-1].end, paras[-1].end):
        return None
    headline = rng.choice(res.boilerplate["pools"]["headline"])
    stamp = f"{rng.randint(0, 11):02d}:{rng.randint(0, 59):02d}{rng.choice(['p', 'a', 'pm', ''])}"
    sep = _separator(doc.text)
    at = paras[-1].end
    line = stamp + headline
    doc = doc.edit(at, at, sep + line)
    start = at + len(sep)
    end = start + len(stamp) + len(headline.split(" ")[0])
    note = "a listing's time stamp glued to a teaser headline"
    return doc.label(start, end, "spliced_fragment", note), note


def _splice_trailing_credit(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """An agency credit glued after the last sentence of a paragraph: '... again." AFP'."""
    options = [p for p in paragraphs(doc.text) if _is_prose(doc, p) and re.search(r"[.!?][\"”]?$", p.text)
               and doc.free(p.end, p.end)]
    if not options:
        return None
    p = rng.choice(options)
    credit = rng.choice([c for c in _page_words("agencies") if " " not in c] or ["AFP"])
    doc = doc.edit(p.end, p.end, " " + credit)
    note = "an agency credit glued after the paragraph's last sentence"
    return doc.label(p.end + 1, p.end + 1 + len(credit), "spliced_fragment", note), note


def _splice_caption_credit(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """A photo caption and its credit glued in front of a paragraph's first sentence: "A crane lifts a
    container. Photo by Jane Roe/Getty Images Officials said ...", "REUTERS/Jane Roe The ...",
    "(Photo: AFP)Officials said ..."."""
    options = []
    for p in paragraphs(doc.text):
        words = p.text.split()
        if (_is_prose(doc, p) and len(words) >= 6 and re.fullmatch(r"[A-Z][a-z]+", words[0])
                and zipf(words[0].lower()) >= 3.0 and len(p.text.split(".")[0].split()) >= 3  # a common word starts it
                and re.fullmatch(r"[a-z]+", words[1]) and words[1] not in ("and", "or", "of", "for", "in", "at", "on",
                                                                             "with", "from", "to", "by", "the", "as")
                and doc.free(p.start, p.start + len(words[0]))):
            options.append((p, words[0]))
    if not options:
        return None
    p, first = rng.choice(options)
    pools = res.boilerplate["pools"]
    agency = rng.choice([c for c in _page_words("agencies") if " " not in c] or ["AFP"])
    person = rng.choice(pools["person"])
    credit = rng.choice([f"Photo by {person}/{agency}", f"{agency.upper()}/{person}", f"Image: {agency}",
                         f"(Photo: {agency})"])
    caption = rng.choice(pools["caption"]) + ". "
    glue = "" if credit.endswith(")") else " "
    doc = doc.edit(p.start, p.start, caption + credit + glue)
    at = p.start + len(caption) + len(credit) + len(glue)  # where the sentence starts now
    seam_start = at - len(glue) - len(credit.split()[-1].split("/")[-1])  # the credit's last word
    note = "a caption's credit run into the next sentence"
    return doc.label(seam_start, at + len(first), "spliced_fragment", note), note


def _splice_stray_stop(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """A full stop left inside a sentence ("would reopen. after engineers"), or a doubled stop
    ("... in March.;") where pieces of text were joined."""
    options: list[tuple[int, str]] = []
    for s in _body_sentences(doc):
        if rng.random() < 0.5 and s.text.endswith(".") and not s.text.endswith(("..", "p.m.", "a.m.")):
            if doc.free(s.end - 1, s.end):
                options.append((s.end, rng.choice([";", ","])))
            continue
        lead = _strip_dateline(s.text)[0]
        for m in re.finditer(r"(?<=[a-z]{3}) (?=[a-z]{3,} )", s.text):
            if m.start() > lead + 10 and doc.free(s.start + m.start() - 1, s.start + m.end()):
                options.append((s.start + m.start(), "."))
    if not options:
        return None
    at, mark = rng.choice(options)
    ls = _token_around(doc.text, at)[0]
    doc = doc.edit(at, at, mark)
    end = at + 1
    note = "a stray full stop inside a sentence" if mark == "." else f"a full stop doubled with '{mark}'"
    return doc.label(ls, end, "spliced_fragment", note), note


def _splice_quote_glued(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """The space after a closing quotation mark lost before the next sentence: 'again."The'."""
    options = []
    for m in re.finditer(r'(?<=[.!?,])([”"]) (?=[A-Z][a-z])', doc.text):
        a, b = _token_around(doc.text, m.start())[0], _token_around(doc.text, m.end())[1]
        if doc.free(a, b):
            options.append((m.end(1), a, b))
    if not options:
        return None
    at, a, b = rng.choice(options)
    doc = doc.edit(at, at + 1, "")
    note = "a closing quotation mark run into the next sentence"
    return doc.label(a, b - 1, "spliced_fragment", note), note


def _splice_broken_paragraph(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """A sentence broken across a paragraph break, as a page's layout leaves it."""
    options = []
    sep = _separator(doc.text)
    for s in _body_sentences(doc):
        words = list(re.finditer(r"(?<=[a-z]) (?=[a-z]{2,})", s.text))
        for m in words[3:-3]:
            at = s.start + m.start()
            ls = _token_around(doc.text, at)[0]
            if doc.free(ls, at + 1):
                options.append((at, ls))
    if not options:
        return None
    at, ls = rng.choice(options)
    doc = doc.edit(at, at + 1, sep)
    note = "a sentence broken across a paragraph break"
    return doc.label(ls, at, "spliced_fragment", note), note


_SPLICES = {
    "glued words": (_splice_glued_words, 0.25),
    "breadcrumb": (_splice_breadcrumb, 0.1),
    "cut sentence": (_splice_cut_sentence, 0.15),
    "joined paragraphs": (_splice_joined_paragraphs, 0.15),
    # seams of scraped pages (shapes measured on real pages: benchmarks/real_pages.py)
    "headline glued": (_splice_headline_glued, 0.05),
    "glued time": (_splice_glued_time, 0.05),
    "trailing credit": (_splice_trailing_credit, 0.05),
    "caption credit": (_splice_caption_credit, 0.04),
    "stray stop": (_splice_stray_stop, 0.08),
    "quote glued": (_splice_quote_glued, 0.07),
    "broken paragraph": (_splice_broken_paragraph, 0.05),
}


def inject_spliced_fragment(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """A seam where fragments were glued: lost space, breadcrumb + headline, cut sentence, joined
    paragraphs, a headline run into the text, a time or a credit glued on, a stray or doubled full
    stop, a quotation mark run into the next sentence, a sentence broken across paragraphs."""
    names = list(_SPLICES)
    while names:
        name = _weighted(rng, names, [_SPLICES[n][1] for n in names])
        names.remove(name)
        out = _SPLICES[name][0](doc, rng, res)
        if out is not None:
            return out
    return None


# ======================================================================== 4. resumptive_pronoun

_RESUMPTIVE_VERBS = frozenset(
    """said says told added warned announced confirmed denied reported stated noted insisted argued urged
    called has have had is are was were will would could can plans planned expects expected agreed rejected
    launched accused estimated declined welcomed described remains remained wants wanted hopes believes
    spent arrived restored pushed opened closed won lost rose fell raised signed approved met began started
    ended proposes proposed stops oversees faces faced""".split()
)
_PERSON_NOUNS = frozenset(
    """minister president mayor official officer spokesperson leader director chief head analyst adviser
    advisor economist engineer maker owner contractor resident farmer worker driver teacher doctor nurse
    lawyer judge prosecutor reporter journalist editor governor senator lawmaker candidate premier chancellor
    secretary ambassador envoy diplomat commander general colonel soldier officer fellow researcher scientist
    professor student coach player manager executive founder investor trader broker witness survivor
    victim suspect activist designer artist singer winemaker""".split()
)
_ORG_WORDS = frozenset(
    """Ministry Council Department Army Police Government Company Bank Fund Union Commission Agency Office
    Court Parliament Committee Trust Programme Program Organization Organisation Institute Authority Board
    Service Group Corporation Corp Inc Ltd Association Federation Party Assembly Senate Congress Cabinet
    Kremlin Pentagon Navy Guard Forces Commission University Center Centre Bureau Administration""".split()
)
_COUNTRIES = frozenset(
    """Iran Iraq Syria Israel Egypt Oman Qatar Kuwait Bahrain Lebanon Jordan Yemen Turkey Russia Ukraine China
    Japan India Pakistan Brazil Argentina Mexico Colombia Chile Peru Germany France Britain Italy Spain Poland
    Canada Australia Nigeria Kenya Ethiopia Tehran Moscow Kyiv Beijing Washington Brussels London Paris
    Berlin Tokyo Seoul Delhi Cairo Riyadh Ankara""".split()
)
_NOT_SUBJECT_START = frozenset(
    """He She It They We I You This That These Those There Here What Who Which When While If As After Before
    In On At For From With By During Despite Since Under Over Across Among Although Because Once Until
    Without Unlike Like According Asked Speaking Earlier Later Meanwhile However But And Yet So Still
    Not No Only Even Now Then Last Next Since Instead Also""".split()
)


#: Adverbs that sit between a subject and its verb ("The ministry also said").
_PRE_VERB_ADVERBS = frozenset(
    "also still already now later then previously recently repeatedly initially".split()
)
#: Words that show the sentence does not open with a plain subject before the verb.
_SUBJECT_STOP = frozenset(
    "that which who whom whose when if while because and or but yet so nor then".split()
)


#: Words after which a noun phrase's head noun has been seen ("Users across the country").
_HEAD_CUT = frozenset(
    """of for in at on from with crossing near to by across around inside outside under over throughout
    among along within between behind beyond into against without who which that whose""".split()
)


def _subject_pronoun(subject: str, apposition: str, res: Resources, surnames: dict[str, str]) -> str | None:
    """The pronoun a resumptive copy of ``subject`` takes, or None when it is unclear."""
    names = res.first_names
    words = re.findall(r"[\w’'.-]+", subject + " " + apposition)
    genders = {names[w] for w in words if w in names}
    genders |= {_TITLE_GENDER[w.rstrip(".")] for w in words if w.rstrip(".") in _TITLE_GENDER}
    for g in _GENDERED_NOUNS.finditer(subject + " " + apposition):
        genders.add("m" if g.group("m") else "f")
    if len(genders) == 1:
        return "he" if genders == {"m"} else "she"
    if genders:
        return None
    sw = subject.split()
    head_words = sw
    for i, w in enumerate(sw):
        if i > 0 and w in _HEAD_CUT:
            head_words = sw[:i]
            break
    head = head_words[-1].strip(".,")
    if head[:1].isupper():
        if head in _ORG_WORDS or any(w in _ORG_WORDS for w in head_words[1:]):
            return "it"
        if len(sw) == 1 and head in surnames:
            return "he" if surnames[head] == "m" else "she"
        if len(sw) == 1 and _common_plural_start(sw):
            return "they"
        if len(sw) <= 2 and head in _COUNTRIES:
            return "it"
        if sw[0] in ("The", "A", "An") and _is_plural_np(" ".join(head_words)):
            return "they"
        return None
    low = head.lower()
    if low in ("people", "police", "staff", "children", "women", "men"):
        return "they"
    if _is_plural_np(" ".join(head_words)):
        return "they"
    if low in _PERSON_NOUNS or (low.endswith(("er", "or", "ist", "ian")) and not low.endswith("ment")):
        return None
    return "it"


def inject_resumptive_pronoun(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Insert a pronoun after a sentence-initial subject: "The ministry it said"."""
    surnames = {m.key: m.gender for m in person_mentions(doc.text, res) if m.gender != "?"}
    options = []
    for s in _body_sentences(doc):
        lead, rest = _strip_dateline(s.text)
        if not rest[:1].isupper() or rest.split(" ", 1)[0] in _NOT_SUBJECT_START:
            continue
        subj_end = verb_at = None
        apposition = ""
        m = re.match(r"^(?P<subj>[^,;:\"“”()]{2,80}), (?P<app>[^,;:\"“”()]{2,100}), (?P<verb>[a-z]+)\b", rest)
        if m and m["verb"] in _RESUMPTIVE_VERBS and _nwords(m["subj"]) <= 8:
            subj_end, verb_at, apposition = m.end("subj"), m.start("verb"), m["app"]
            subject = m["subj"]
            if any(w in _RESUMPTIVE_VERBS for w in subject.split()):
                continue
        else:
            words = list(re.finditer(r"[^\s,;:\"“”()]+", rest))
            for i, w in enumerate(words[:10]):
                token = w.group()
                if i > 0 and rest[words[i - 1].end() : w.start()] != " ":
                    break
                if i == 0:
                    continue
                following = words[i + 1].group() if i + 1 < len(words) else ""
                if token in _RESUMPTIVE_VERBS or (
                    (token in _PRE_VERB_ADVERBS or token.endswith("ly")) and following in _RESUMPTIVE_VERBS
                ):
                    subj_end, verb_at = words[i - 1].end(), w.start()
                    break
                if token.lower() in _SUBJECT_STOP or (token.islower() and token.endswith("ed")):
                    break
            if subj_end is None or rest[subj_end:verb_at] != " ":
                continue
            subject = rest[:subj_end]
        pronoun = _subject_pronoun(subject, apposition, res, surnames)
        if pronoun is None:
            continue
        start = s.start + lead
        at = start + verb_at
        if doc.free(start, at):
            weight = 2.0 if pronoun in ("he", "she") else 1.0
            options.append((start, at, pronoun, weight))
    if not options:
        return None
    start, at, pronoun, _ = _weighted(rng, options, [o[3] for o in options])
    doc = doc.edit(at, at, pronoun + " ")
    end = at + len(pronoun)
    note = f"'{pronoun}' repeats the subject"
    return doc.label(start, end, "resumptive_pronoun", note), note


# ======================================================================== 5. unbalanced_quote


def inject_unbalanced_quote(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Delete the opening or the closing mark of a quotation."""
    sents = sentences(doc.text)
    options = []
    for p in paragraphs(doc.text):
        if not _is_prose(doc, p):
            continue
        pairs, ok = quote_pairs(p.text)
        if not ok:
            continue
        for a, b in pairs:
            A, B = p.start + a, p.start + b
            if B - A < 4:
                continue
            sa = sents[_sentence_at(sents, A)]
            sb = sents[_sentence_at(sents, B)]
            # lost closing: from the orphan opening mark to the end of the sentence where the
            # quotation should have closed; lost opening: from the start of the sentence where
            # it should have opened to the orphan closing mark
            if doc.free(A, max(sb.end, B + 1)):
                options.append(("closing", A, B, max(sb.end, B + 1)))
            if doc.free(sa.start, B + 1):
                options.append(("opening", A, B, sa.start))
    if not options:
        return None
    lost, A, B, edge = rng.choice(options)
    if lost == "closing":
        mark = doc.text[B]
        doc = doc.edit(B, B + 1, "")
        start, end = A, edge - 1
    else:
        mark = doc.text[A]
        doc = doc.edit(A, A + 1, "")
        start, end = edge, B
    note = f"{lost} quotation mark {mark} lost"
    return doc.label(start, end, "unbalanced_quote", note), note


# ======================================================================== 6. boilerplate

_MONTHS = "January February March April May June July August September October November December".split()


#: Words a keyword line leaves out: it lists the article's content words only.
_KEYWORD_STOP = frozenset(
    """that this with from have has had were was will would could should their there they them said says
    about after before over under into than then when while which what also been being more most such
    some other only very just like many much""".split()
)


def _keywords(text: str, rng: random.Random) -> str:
    """A keyword line from ``text``'s own content words: 5-9 of them, no punctuation, the first in
    lower case ("harbour strike Gdansk dock workers pay"), as SEO plug-ins print them."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", text) if w.lower() not in _KEYWORD_STOP]
    lower = sorted({w for w in words if w.islower()})
    if len(set(words)) < 6 or not lower:
        return "news world politics economy latest update"
    picked = [rng.choice(lower)]
    for w in rng.sample(sorted(set(words)), min(len(set(words)), rng.randint(4, 8))):
        if w not in picked:
            picked.append(w)
    return " ".join(picked)


def _fill(template: str, rng: random.Random, res: Resources, region: str, section: str, text: str = "") -> str:
    pools = res.boilerplate["pools"]

    def date() -> str:
        y, mo, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        style = rng.randrange(5)
        if style == 0:
            return f"{_MONTHS[mo - 1]} {d}, {y}"
        if style == 1:
            return f"{d} {_MONTHS[mo - 1][:3]} {y}"
        if style == 2:
            return f"{y}-{mo:02d}-{d:02d}"
        if style == 3:
            return f"{d:02d}/{mo:02d}/{y}"
        return f"{_MONTHS[mo - 1][:3]} {d}, {y}"

    def time_() -> str:
        h, mi = rng.randint(0, 23), rng.randint(0, 59)
        return (
            f"{h:02d}:{mi:02d}"
            if rng.random() < 0.5
            else f"{(h % 12) or 12}:{mi:02d} {'AM' if h < 12 else 'PM'}"
        )

    fillers: dict[str, Callable[[], str]] = {
        "date": date,
        "time": time_,
        "user": lambda: rng.choice(pools["user"]),
        "site": lambda: rng.choice(pools["site"]),
        "credit": lambda: rng.choice(pools["credit"]),
        "tag": lambda: rng.choice(pools["tag"] + [region, section]),
        "headline": lambda: rng.choice(pools["headline"]),
        "n": lambda: str(rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 9999)])),
        "year": lambda: str(rng.randint(2019, 2025)),
        "region": lambda: region,
        "section": lambda: section,
        # shared with the detectors: detector/resources/lexicon
        "network": lambda: rng.choice(_page_words("networks")),
        "account": lambda: _title(rng.choice(_page_words("account"))),
        "label": lambda: _title(rng.choice(_page_words("toolbar"))),
        "nav": lambda: rng.choice(_page_words("navigation")),
        "agency": lambda: rng.choice(_page_words("agencies")),
        "AGENCY": lambda: rng.choice(_page_words("agencies")).upper(),
        "iso": lambda: f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "k": lambda: f"{rng.randint(1, 99)}.{rng.randint(0, 9)}K",
        "teaser": lambda: _cut_teaser(rng.choice(pools["teaser"]), rng),
        "caption": lambda: rng.choice(pools["caption"]),
        "person": lambda: rng.choice(pools["person"]),
        "keywords": lambda: _keywords(text, rng),
        "clickbait": lambda: rng.choice(pools["clickbait"]),
    }
    return re.sub(r"\{(\w+)\}", lambda m: fillers[m.group(1)](), template)


@lru_cache(maxsize=8)
def _page_words(name: str) -> tuple[str, ...]:
    """Words of page residue from the detector's lexicon, so both sides share one vocabulary."""
    if name == "account":
        return lexicon.column("ui_labels", kind="account widget")
    if name == "toolbar":
        # one-word labels: a toolbar's buttons ("Print Email Share")
        return tuple(w for k in ("share block", "toolbar", "media widget") for w in lexicon.column("ui_labels", kind=k)
                     if w.isascii() and " " not in w and len(w) > 3)
    if name == "agencies":
        # the agencies a caption credits by name (not "File", "Handout")
        return tuple(c for c in lexicon.column("credits") if c[:1].isupper() and c not in ("File", "File Photo", "Handout"))
    if name == "navigation":
        return tuple(w for w in lexicon.column("navigation") if len(w) > 2)
    return lexicon.column(name)


def _title(label: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in label.split())


def _cut_teaser(sentence: str, rng: random.Random) -> str:
    """A listing page's teaser: the sentence cut after a word, with its ellipsis."""
    words = sentence.split()
    cut = rng.randint(max(4, len(words) * 2 // 5), max(5, len(words) * 4 // 5))
    head = " ".join(words[:cut]).rstrip(",;")
    return head + rng.choice(["...", "…", " [...]", " […]", "... Read more"])


#: Share of boilerplate injections that glue a date stamp in front of the first sentence
#: ("date 2024-03-14 The minister said ...") instead of inserting lines.
STAMP_PREFIX_SHARE = 0.08


def _boilerplate_stamp_prefix(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """A CMS date field glued in front of the first body sentence, on its line."""
    body = _body_sentences(doc)
    if not body:
        return None
    first = body[0]
    if not doc.free(first.start, first.start):
        return None
    stamp = rng.choice(["date {iso}", "Published: {date}", "Updated {iso}", "{date} |", "PRESS RELEASE {date}",
                        "Press release:", "Updated {time} GMT"])
    stamp = _fill(stamp, rng, res, "World", "News")
    doc = doc.edit(first.start, first.start, stamp + " ")
    note = "date stamp glued in front of the first sentence"
    return doc.label(first.start, first.start + len(stamp), "boilerplate", note), note


def inject_boilerplate(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Insert 1-4 lines of page residue (ads, share rows, related links, bylines, widgets,
    counters, captions, teasers ...), or glue a date stamp in front of the first sentence."""
    if rng.random() < STAMP_PREFIX_SHARE:
        out = _boilerplate_stamp_prefix(doc, rng, res)
        if out is not None:
            return out
    blocks = res.boilerplate["blocks"]
    block = _weighted(rng, blocks, [b["weight"] for b in blocks])
    region, section = _region_and_section(doc.text, res)
    lines = [_fill(t, rng, res, region, section, doc.text) for t in rng.choice(block["lines"])]
    paras = paragraphs(doc.text)
    sep = _separator(doc.text)
    spots: list[tuple[int, bool]] = []  # (offset, block goes before the offset's paragraph)
    for where in block["where"]:
        if where == "start" and paras:
            spots.append((paras[0].start, True))
        elif where == "after_headline" and doc.headline[1] > doc.headline[0]:
            spots.append((doc.headline[1], False))
        elif where == "between":
            body = [p for p in paras[:-1] if _is_prose(doc, p) and balanced(p.text)]
            spots += [(p.end, False) for p in body]
        elif where == "end" and paras:
            spots.append((paras[-1].end, False))
    spots = [s for s in spots if doc.free(s[0], s[0])]
    if not spots:
        return None
    at, before = rng.choice(spots)
    joined = sep.join(lines)
    new = joined + sep if before else sep + joined
    doc = doc.edit(at, at, new)
    pos = at if before else at + len(sep)
    note = f"{block['kind']} ({len(lines)} line{'s' if len(lines) > 1 else ''})"
    for line in lines:
        doc = doc.label(pos, pos + len(line), "boilerplate", f"{block['kind']} line")
        pos += len(line) + len(sep)
    return doc, note


# ======================================================================== 7. doubled_word

_DOUBLE_FAVOURITES = frozenset(
    "the a an to of in on for and is was said with at by from it has are be".split()
)
_DOUBLE_LEGIT = frozenset("had that".split())


def inject_doubled_word(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Write a word twice: "the the", "in in", "said said"."""
    options = []
    for s in _body_sentences(doc):
        lead = _strip_dateline(s.text)[0]
        for m in re.finditer(r"(?<![\w’'-])[A-Za-z]+(?![\w’'-])", s.text):
            w = m.group()
            if w.lower() in _DOUBLE_LEGIT or m.start() < lead:
                continue
            a, b = s.start + m.start(), s.start + m.end()
            nxt = doc.text[b : b + 1]
            if not doc.free(a, b + 1):
                continue
            weight = 4.0 if w.lower() in _DOUBLE_FAVOURITES else 1.0
            if nxt != " ":
                weight *= 0.3
            options.append((a, b, weight, m.start() == lead))
    if not options:
        return None
    a, b, _, initial = _weighted(rng, options, [o[2] for o in options])
    word = doc.text[a:b]
    copy = word.lower() if initial and word[1:].islower() and rng.random() < 0.4 else word
    doc = doc.edit(b, b, " " + copy)
    note = f"'{word}' written twice"
    return doc.label(a, b + 1 + len(copy), "doubled_word", note), note


# ======================================================================== 8. name_variant

_ENDING_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("skyy", ("sky", "skiy")),
    ("sky", ("skyy", "skiy", "ski")),
    ("skiy", ("sky", "skyy")),
    ("iy", ("ii", "y")),
    ("ii", ("iy",)),
    ("ya", ("ia",)),
    ("ia", ("iya", "ya")),
    ("yev", ("iev", "ev")),
    ("iev", ("yev",)),
    ("ey", ("ei",)),
    ("ei", ("ey",)),
    ("ov", ("off", "ow")),
)


_FOLD = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ə": "a"}
)


def strip_diacritics(word: str) -> str:
    """ "Bogotá" -> "Bogota", "Yıldırım" -> "Yildirim": how a feed without accents spells a name."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rule_variants(word: str) -> list[str]:
    out: list[str] = []
    for ending, alternatives in _ENDING_RULES:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            out += [word[: -len(ending)] + alt for alt in alternatives]
            break
    if word.startswith("Ye") and len(word) > 4:
        out.append("E" + word[2:])
    if "ou" in word[1:]:
        out.append(word[0] + word[1:].replace("ou", "u", 1))
    if word.startswith(("al-", "Al-")):
        out += ["el-" + word[3:], "Al " + word[3:]]
    return [v for v in out if v != word]


#: (start, end, the replacements to choose from, the note with "{new}" for the one chosen, the span
#: of the name's first form, kept as it is, or None)
_NameOption = tuple[int, int, list[str], str, "tuple[int, int] | None"]


def _respell_options(doc: Doc, res: Resources) -> list[_NameOption]:
    """A later occurrence of a name, respelled the way another transliteration would."""
    text = doc.text
    person_words: set[str] = set()
    for _, _, _, parts in full_names(text, res):
        person_words.update(parts)
    options: list[_NameOption] = []
    seen: set[str] = set()
    for m in re.finditer(r"(?<![\w’'-])(?:al-|el-)?[^\W\d_]\w*", text):
        word = m.group()
        if word in seen or not _is_name_word(word):
            continue
        seen.add(word)
        variants = list(res.variant_of.get(word, ()))
        if word in person_words:
            variants += [v for v in _rule_variants(word) if v not in variants]
        plain = strip_diacritics(word)
        if plain != word and plain not in variants:
            variants.append(plain)
        if not variants:
            continue
        occ = [o for o in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w-])", text)]
        if len(occ) < 2:
            continue
        first = occ[0]
        for o in occ[1:]:
            if (
                not _in_headline(doc, o.start(), o.end())
                and doc.free(o.start(), o.end())
                and doc.free(first.start(), first.end())
            ):
                note = f"{word} respelled {{new}} (first spelled {word})"
                options.append((o.start(), o.end(), variants, note, (first.start(), first.end())))
    return options


def _later_surnames(doc: Doc, res: Resources) -> list[tuple[re.Match, str, str, tuple[int, int]]]:
    """Later bare mentions of a person's surname inside a sentence, not in the headline, beside
    no other capitalised word and after no title: (the surname's match, the given name, the
    surname, the span of the full name first)."""
    text = doc.text
    out = []
    seen: set[str] = set()
    for start, end, _, parts in full_names(text, res):
        if len(parts) != 2 or parts[1] in seen or _in_headline(doc, start, end):
            continue
        given, surname = parts
        seen.add(surname)
        if len(surname) < 4 or not surname[1:].islower() or zipf(surname.lower()) >= 3.0:
            continue  # the detector's lower-case and swap rules leave common words alone
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(surname)}(?![\w-])", text):
            if m.start() <= end or _in_headline(doc, m.start(), m.end()) or not doc.free(m.start(), m.end()):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            prev = re.search(r"([^\W\d_][\w.]*)\s$", before)
            after_quote = before.rstrip().endswith((',"', ",”"))  # '..., " Terekhov told reporters'
            if not after_quote and (prev is None or prev.group(1)[0].isupper() or prev.group(1).endswith(".")):
                continue  # opens a sentence, or stands after a name word or a title ("Mr.")
            if re.match(r"\s[A-Z]", text[m.end() : m.end() + 2]):
                continue  # part of a longer run of capitalised words
            out.append((m, given, surname, (start, end)))
    return out


def _swap_options(doc: Doc, res: Resources) -> list[_NameOption]:
    """A later mention turned into the full name the other way round ("Terekhov Ihor said"):
    name orders differ between languages, and a translation keeps the source's."""
    return [
        (m.start(), m.end(), [f"{surname} {given}"], f"{surname} written {{new}} (first {given} {surname})", first)
        for m, given, surname, first in _later_surnames(doc, res)
        if zipf(given.lower()) < 4.0  # "Sarah Lindqvist": a common word either way round may be two people
    ]


def _lower_options(doc: Doc, res: Resources) -> list[_NameOption]:
    """A later mention of a surname written in lower case, as an engine writes a name it did not
    recognise ("said terekhov")."""
    return [
        (m.start(), m.end(), [surname.lower()], f"{surname} written {{new}} (first {given} {surname})", first)
        for m, given, surname, first in _later_surnames(doc, res)
    ]


def _figure_options(doc: Doc, res: Resources) -> list[_NameOption]:
    """A person the news names often (the detector's list) with the given name translated into
    its English equivalent ("Peter Sanchez") or the surname translated as the word it is
    ("Mario Dragons"), where the text names one of them in full."""
    from detector.detectors.figures import english_given_names, fold, gazetteer

    translations = english_given_names()
    text = doc.text
    options: list[_NameOption] = []
    for fig in gazetteer().figures:
        if len(fig.given) != 1 or len(fig.surname) != 1:
            continue
        given, surname = fig.given[0], fig.surname[0]
        forms = [f"{english} {surname}" for english in translations.get(fold(given), ())]
        forms += [f"{given} {m.capitalize()}" for m in fig.meanings if " " not in m]
        if not forms:
            continue
        for name in {f"{given} {surname}", f"{strip_diacritics(given)} {strip_diacritics(surname)}"}:
            for m in re.finditer(rf"(?<![\w’'-]){re.escape(name)}(?![\w-])", text):
                if not _in_headline(doc, m.start(), m.end()) and doc.free(m.start(), m.end()):
                    options.append((m.start(), m.end(), forms, f"{name} written {{new}}", None))
    return options


#: how often each kind is drawn, where the article offers it: respelling (mixed
#: transliterations) is the common case on stitched pages, the others follow translation
_NAME_KINDS: tuple[tuple[str, Callable[[Doc, Resources], list[_NameOption]], float], ...] = (
    ("respell", _respell_options, 0.55),
    ("swap", _swap_options, 0.15),
    ("lower", _lower_options, 0.15),
    ("figure", _figure_options, 0.15),
)


def inject_name_variant(
    doc: Doc, rng: random.Random, res: Resources, kinds: Iterable[str] | None = None
) -> tuple[Doc, str] | None:
    """Mangle a name the ways stitching and translation do: a later occurrence respelled the way
    another transliteration would, a later mention turned round ("Terekhov Ihor") or written in
    lower case, or a person the news names often with a name translated. ``kinds`` limits the
    choice (names of ``_NAME_KINDS``)."""
    wanted = set(kinds) if kinds is not None else None
    available = [
        (opts, weight)
        for name, find, weight in _NAME_KINDS
        if (wanted is None or name in wanted) and (opts := find(doc, res))
    ]
    if not available:
        return None
    options = _weighted(rng, [a[0] for a in available], [a[1] for a in available])
    start, end, news, note, first = rng.choice(options)
    new = rng.choice(news)
    note = note.format(new=new)
    doc = doc.edit(start, end, new)
    doc = doc.label(start, start + len(new), "name_variant", note)
    return (doc.guard(*first) if first is not None else doc), note


# ======================================================================== 9. untranslated

_LANGUAGE_CUES = {
    "ru": ("Russia", "Russian", "Moscow", "Kremlin", "Belarus", "Kazakhstan"),
    "uk": ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv", "Odesa", "Lviv", "Donbas"),
    "es": (
        "Mexico",
        "Argentina",
        "Colombia",
        "Spain",
        "Chile",
        "Peru",
        "Venezuela",
        "Madrid",
        "Bogota",
        "Bogotá",
        "Cuba",
        "Bolivia",
        "Ecuador",
    ),
    "fr": (
        "France",
        "French",
        "Paris",
        "Senegal",
        "Mali",
        "Morocco",
        "Algeria",
        "Tunisia",
        "Congo",
        "Belgium",
        "Quebec",
        "Haiti",
        "Lebanon",
    ),
    "de": ("Germany", "German", "Berlin", "Austria", "Vienna", "Switzerland", "Munich", "Frankfurt"),
}
_LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian", "es": "Spanish", "fr": "French", "de": "German"}


def inject_untranslated(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Leave a word or short phrase in the source language (Cyrillic, Spanish, French, German)."""
    text = doc.text
    scores = {lang: sum(text.count(c) for c in cues) for lang, cues in _LANGUAGE_CUES.items()}
    cued = [lang for lang, n in scores.items() if n > 0]
    if cued and rng.random() < 0.8:
        lang = _weighted(rng, cued, [scores[c] for c in cued])
    else:
        lang = rng.choice(list(_LANGUAGE_NAMES))
    entries = [e for e in res.bilingual if e.get(lang) and e[lang].lower() != e["en"].lower()]
    table = {e["en"]: e[lang] for e in entries}
    if not table:
        return None
    pattern = _alternation(tuple(table))
    options = []
    for s in _body_sentences(doc):
        for m in pattern.finditer(s.text):
            word = m.group()
            key = next(k for k in table if k.lower() == word.lower())
            sentence_start = m.start() == _strip_dateline(s.text)[0]
            if word != key and not (sentence_start and word == _cap(key)):
                continue  # a capitalised match mid-sentence is part of a name ("Security Council")
            a, b = s.start + m.start(), s.start + m.end()
            if doc.free(a, b):
                options.append((a, b, key, 2.0 if " " in key else 1.0 if len(key) > 4 else 0.3))
    if not options:
        return None
    a, b, key, _ = _weighted(rng, options, [o[3] for o in options])
    foreign = table[key]
    original = text[a:b]
    if original[:1].isupper():
        foreign = _cap(foreign)
    doc = doc.edit(a, b, foreign)
    note = f"'{original}' left in {_LANGUAGE_NAMES[lang]}: {foreign}"
    return doc.label(a, a + len(foreign), "untranslated", note), note


# ======================================================================== 10. mojibake

_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def _as_cp1252(data: bytes, undefined: str) -> str:
    """Bytes read as Windows-1252; the five bytes it leaves undefined become ``undefined``."""
    return "".join(undefined if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in data)


def _smarten(s: str) -> str:
    """Typographic quotes, apostrophes and dashes, as a CMS produces them."""
    out = []
    open_next = True
    for i, ch in enumerate(s):
        if ch == '"':
            out.append("“" if open_next else "”")
            open_next = not open_next
        elif ch == "'" and 0 < i < len(s) - 1 and s[i - 1].isalnum():
            out.append("’")
        elif ch == "'" and (i == 0 or s[i - 1].isspace()):
            out.append("‘")
        elif ch == "'":
            out.append("’")
        else:
            out.append(ch)
    return re.sub(r" -{1,2} ", " — ", "".join(out))


#: Share of mojibake injections that are a lossy conversion ("don?t", "Monday`s") rather than
#: UTF-8 read as Windows-1252.
LOSSY_SHARE = 0.25


def _apostrophe_sites(doc: Doc, after: str) -> list[tuple[int, int, int]]:
    """(offset, token start, token end) of each apostrophe after a letter and before ``after``
    in the body's sentences, in a token no other injection has touched."""
    options = []
    for s in _body_sentences(doc):
        for m in re.finditer(r"(?<=[A-Za-z])['’]" + after, s.text):
            a, b = _token_around(doc.text, s.start + m.start())
            if doc.free(a, b):
                options.append((s.start + m.start(), a, b))
    return options


def _lossy_conversion(doc: Doc, rng: random.Random) -> tuple[Doc, str] | None:
    """A character the target encoding lacked written as "?", or an apostrophe typed as "`"."""
    options = _apostrophe_sites(doc, r"(?=(?:s|t|d|m|ll|re|ve)\b)")
    if not options:
        return None
    at, a, b = rng.choice(options)
    mark = rng.choice(["?", "?", "`"])
    doc = doc.edit(at, at + 1, mark)
    while b > a and not doc.text[b - 1].isalnum():
        b -= 1
    note = f"an apostrophe lost in a lossy conversion ('{mark}')"
    return doc.label(a, b, "mojibake", note), note


#: Share of mojibake injections that leave an HTML character reference undecoded ("union&#039;s",
#: "&quot;", or its remains "union039;s" once a cleaner stripped the "&#").
REFERENCE_SHARE = 0.15
_REFERENCES = {"'": ["&#039;", "&#39;", "&#8217;", "039;", "#039;", "&apos;"], "’": ["&#8217;", "&rsquo;", "#8217;"]}


def _html_reference(doc: Doc, rng: random.Random) -> tuple[Doc, str] | None:
    """An apostrophe written as an HTML character reference nobody decoded ("union&#039;s"). (A
    quotation mark is left alone: its pair would be left as an orphan, another finding.)"""
    options = _apostrophe_sites(doc, r"(?=[a-z])")
    if not options:
        return None
    at, a, b = rng.choice(options)
    ref = rng.choice(_REFERENCES[doc.text[at]])
    doc = doc.edit(at, at + 1, ref)
    b += len(ref) - 1
    while b > a and not (doc.text[b - 1].isalnum() or doc.text[b - 1] == ";"):
        b -= 1
    note = f"an HTML character reference never decoded ('{ref}')"
    return doc.label(a, b, "mojibake", note), note


def inject_mojibake(doc: Doc, rng: random.Random, res: Resources) -> tuple[Doc, str] | None:
    """Re-encode one sentence's non-ASCII characters as UTF-8 bytes read as Windows-1252, or
    (``LOSSY_SHARE`` of the time) lose an apostrophe in a lossy conversion, or
    (``REFERENCE_SHARE``) leave a character as an HTML reference."""
    roll = rng.random()
    if roll < LOSSY_SHARE:
        out = _lossy_conversion(doc, rng)
        if out is not None:
            return out
    elif roll < LOSSY_SHARE + REFERENCE_SHARE:
        out = _html_reference(doc, rng)
        if out is not None:
            return out
    paras = paragraphs(doc.text)
    options: list[tuple[int, int, str, float]] = []
    for s in _body_sentences(doc):
        if any(ord(c) > 127 for c in s.text):
            region = (s.start, s.end, s.text)
            weight = 3.0
        elif re.search(r"[\"']| -{1,2} ", s.text):
            # typographic quotes come in pairs: a quotation that runs past the sentence is
            # damaged whole, or the other half would be left as an orphan straight quote
            p = paras[s.para]
            region = (s.start, s.end, s.text) if balanced(s.text) else (p.start, p.end, p.text)
            weight = 1.0
            if not balanced(region[2]):
                continue
        else:
            continue
        if doc.free(region[0], region[1]):
            options.append((*region, weight))
    if not options:
        return None
    start, end, original, _ = _weighted(rng, options, [o[3] for o in options])
    source = original if any(ord(c) > 127 for c in original) else _smarten(original)
    undefined = rng.choice(["", "\ufffd", "\ufffd", "?"])
    twice = rng.random() < 0.12
    pieces: list[str] = []
    damaged: list[tuple[int, int]] = []
    pos = 0
    for ch in source:
        if ord(ch) > 127:
            bad = _as_cp1252(ch.encode("utf-8"), undefined)
            if twice:
                bad = _as_cp1252(bad.encode("utf-8"), undefined)
            damaged.append((pos, pos + len(bad)))
            pieces.append(bad)
            pos += len(bad)
        else:
            pieces.append(ch)
            pos += 1
    if not damaged:
        return None
    new = "".join(pieces)
    # label whole words around each damaged sequence, merging neighbours
    spans: list[list[int]] = []
    for a, b in damaged:
        while a > 0 and not new[a - 1].isspace():
            a -= 1
        while b < len(new) and not new[b].isspace():
            b += 1
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    doc = doc.edit(start, end, new)
    note = "UTF-8 read as Windows-1252" + (" twice" if twice else "")
    for a, b in spans:
        doc = doc.label(start + a, start + b, "mojibake", note)
    return doc, note


# ======================================================================== generation

INJECTORS: dict[str, Callable[[Doc, random.Random, Resources], tuple[Doc, str] | None]] = {
    "near_duplicate": inject_near_duplicate,
    "gender_mismatch": inject_gender_mismatch,
    "spliced_fragment": inject_spliced_fragment,
    "resumptive_pronoun": inject_resumptive_pronoun,
    "unbalanced_quote": inject_unbalanced_quote,
    "boilerplate": inject_boilerplate,
    "doubled_word": inject_doubled_word,
    "name_variant": inject_name_variant,
    "untranslated": inject_untranslated,
    "mojibake": inject_mojibake,
}


def _rates(rates: dict[str, float] | None) -> dict[str, float]:
    merged = dict(DEFAULT_RATES)
    for kind, rate in (rates or {}).items():
        if kind not in INJECTORS:
            raise ValueError(f"unknown artifact kind {kind!r}; known: {', '.join(KINDS)}")
        if not isinstance(rate, int | float) or rate < 0:
            raise ValueError(f"rate for {kind} must be a number >= 0, got {rate!r}")
        merged[kind] = float(rate)
    if not any(merged.values()):
        raise ValueError("every rate is 0: nothing to inject")
    return merged


def variant_seed(seed: int, article_id: str, variant: int) -> int:
    """The seed of one variant: the run seed, a CRC-32 of the article id and the variant number."""
    return (
        seed * 1_000_003 + zlib.crc32(article_id.encode("utf-8")) * 1009 + variant
    ) & 0xFFFF_FFFF_FFFF_FFFF


def check(doc: Doc) -> None:
    """Raise AssertionError when a label is out of bounds or overlaps another."""
    spans = sorted(doc.labels, key=lambda s: s.start)
    for s in spans:
        assert 0 <= s.start < s.end <= len(doc.text), s
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start, (a, b)


def make_variant(
    text: str, rng: random.Random, rates: dict[str, float] | None = None
) -> tuple[Doc, list[dict]]:
    """Inject 1-4 artifacts of different kinds into ``text``.

    Returns the finished Doc and one record per injection (type, note, number of labels).
    A kind with no suitable spot in the article is skipped and another is drawn.
    """
    res = resources()
    weights = _rates(rates)
    wanted = _weighted(rng, list(ARTIFACT_COUNTS), list(ARTIFACT_COUNT_WEIGHTS))
    pool = [k for k in KINDS if weights[k] > 0]
    doc = Doc.from_text(text)
    records: list[dict] = []
    while pool and len(records) < wanted:
        kind = _weighted(rng, pool, [weights[k] for k in pool])
        pool.remove(kind)
        before = len(doc.labels)
        try:
            out = INJECTORS[kind](doc, rng, res)
        except Conflict:
            out = None
        if out is None:
            continue
        doc, note = out
        records.append({"type": kind, "note": note, "labels": len(doc.labels) - before})
    check(doc)
    return doc, records


def _record(article_id: str, title: str, text: str, labels: list[dict], origin: dict) -> dict:
    return {
        "id": article_id,
        "title": title,
        "text": text,
        "unlabelled": "clean",
        "labels": labels,
        "origin": origin,
    }


def generate(
    articles: Iterable[dict],
    *,
    seed: int,
    variants_per_article: int = 4,
    rates: dict[str, float] | None = None,
) -> Iterator[dict]:
    """Yield, for each clean article, its original and then its artifacted variants.

    Args:
        articles: records with at least ``id`` and ``text`` (``title`` optional); the text is
            the headline line and then one paragraph per line.
        seed: run seed; the same seed and input give the same output.
        variants_per_article: artifacted variants per article (a variant that received
            no artifact, because the article offers no spot, is left out).
        rates: relative weight per finding code, merged over ``DEFAULT_RATES``; 0 disables a kind.
    """
    if variants_per_article < 0:
        raise ValueError("variants_per_article must be >= 0")
    _rates(rates)
    for article in articles:
        aid = str(article["id"])
        text = article["text"]
        title = article.get("title") or ""
        yield _record(aid, title, text, [], {"article": aid, "seed": seed, "injections": []})
        for k in range(1, variants_per_article + 1):
            rng = random.Random(variant_seed(seed, aid, k))
            doc, records = make_variant(text, rng, rates)
            if not records:
                continue
            yield _record(
                f"{aid}~v{k}",
                title,
                doc.text,
                doc.label_dicts(),
                {"article": aid, "seed": seed, "injections": records},
            )


# ======================================================================== files and CLI


def read_corpus(path: str | os.PathLike) -> list[dict]:
    """Articles from a JSONL file, or from every ``*.jsonl`` in a folder (sorted by name)."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    articles = []
    for f in files:
        for rec in read_jsonl(f):
            value = rec.value
            if rec.error or not isinstance(value, dict) or "id" not in value or not isinstance(value.get("text"), str):
                raise ValueError(f"{f}:{rec.line}: an article needs an 'id' and a 'text'")
            articles.append(value)
    return articles


def _parse_rate(value: str) -> tuple[str, float]:
    kind, _, rate = value.partition("=")
    try:
        return kind.strip(), float(rate)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected KIND=WEIGHT, got {value!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.generate",
        description="Make labelled training articles by injecting artifacts into clean ones.",
    )
    parser.add_argument(
        "--corpus", default="data/corpus", help="JSONL file or folder of *.jsonl (default: data/corpus)"
    )
    parser.add_argument("--out", default="data/train/generated.jsonl", help="output JSONL (labels format)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--variants", type=int, default=4, help="artifacted variants per article")
    parser.add_argument(
        "--rate", type=_parse_rate, action="append", default=[], metavar="KIND=WEIGHT",
        help="relative weight of a finding code (repeatable); 0 disables it",
    )  # fmt: skip
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        rates = dict(args.rate)
        _rates(rates)
        articles = read_corpus(args.corpus)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()

    def counted() -> Iterator[dict]:
        for rec in generate(articles, seed=args.seed, variants_per_article=args.variants, rates=rates):
            counts.update(label["type"] for label in rec["labels"])
            counts["records"] += 1
            yield rec

    written = write_jsonl(counted(), args.out)
    elapsed = time.perf_counter() - started
    per_type = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "records")
    print(
        f"{len(articles)} articles -> {written} records in {args.out} ({elapsed:.1f}s); labels: {per_type}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
