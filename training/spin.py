"""Spun copies of articles, with the true sentence alignment: test data for ``detector trace``.

A spinner takes a story and republishes it: words swapped for synonyms, clauses turned
around (the training-data generator's ``reword``), sentences dropped, a sentence or two of its
own added, neighbouring sentences or paragraphs swapped, page furniture (share rows, ads,
related links) around it. :func:`spin` does that to one article and says, for every sentence
of the copy as ``detector.segment`` cuts it, which sentence of the original it renders.

:func:`synthetic_corpus` makes a corpus of any size from a few articles, reproducibly from a
seed: new stories stitched from the sentences of different source articles with their names
and figures changed (so that they are different stories), and spun copies of some of them.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from detector.segment import segment

from .generate import _fill, _region_and_section, _weighted, resources, reword


@dataclass
class SpunCopy:
    text: str
    #: for each sentence of ``text`` (detector.segment), the original sentence it renders, or None
    source_of: list[int | None]


def _original_units(text: str) -> list[list[tuple[int, str]]]:
    """The original's sentences grouped by paragraph: [[(sentence index, text), ...], ...]."""
    paragraphs, sentences = segment(text)
    return [[(k, sentences[k].text) for k in p.sentences] for p in paragraphs]


def _furniture(rng: random.Random, text: str) -> list[str]:
    res = resources()
    blocks = res.boilerplate["blocks"]
    block = _weighted(rng, blocks, [b["weight"] for b in blocks])
    region, section = _region_and_section(text, res)
    return [_fill(t, rng, res, region, section) for t in rng.choice(block["lines"])]


def spin(text: str, rng: random.Random, *, reword_share: float = 0.7, drop_share: float = 0.12,
         added: tuple[int, int] = (0, 2), swap_share: float = 0.1, furniture: tuple[int, int] = (1, 3),
         extra_sentences: list[str] | None = None, units: list[list[tuple[int, str]]] | None = None,
         truth: bool = True, passes: int = 1) -> SpunCopy:
    """A spun copy of ``text`` and its true alignment to the original.

    Args:
        reword_share: share of sentences reworded (1-3 rewrites each, where one fits).
        drop_share: share of body sentences left out (never the headline).
        added: how many foreign sentences to add (taken from ``extra_sentences``).
        swap_share: chance for each paragraph to trade places with the next one.
        furniture: how many blocks of page furniture to put around and between paragraphs.
        units: the original's sentences by paragraph, when already known (else segmented).
        truth: False skips segmenting the copy (``source_of`` is then empty): for bulk data.
        passes: times a reworded sentence goes through the rewriter (each pass 1-3 rewrites).
    """
    res = resources()
    paras = units if units is not None else _original_units(text)
    out: list[list[tuple[str, int | None]]] = []
    for p_no, para in enumerate(paras):
        sents: list[tuple[str, int | None]] = []
        for k, s in para:
            if k > 0 and rng.random() < drop_share:
                continue
            new = s
            if rng.random() < reword_share:
                for _ in range(passes):
                    new = reword(new, rng, res)[0]
            sents.append((new, k))
        if sents:
            out.append(sents)
        if p_no > 0 and rng.random() < swap_share and len(out) >= 3:
            out[-1], out[-2] = out[-2], out[-1]
    for _ in range(rng.randint(*added) if extra_sentences else 0):
        at = rng.randint(1, len(out)) if len(out) > 1 else len(out)
        out.insert(at, [(rng.choice(extra_sentences), None)])
    for _ in range(rng.randint(*furniture)):
        at = rng.choice([0, len(out), rng.randint(1, max(1, len(out)))])
        out.insert(at, [(line, None) for line in _furniture(rng, text)])
    # lay it out one paragraph a line, remembering where each piece went
    pieces: list[tuple[int, int, int | None]] = []
    lines: list[str] = []
    pos = 0
    for para in out:
        parts = []
        for sent, src in para:
            start = pos + sum(len(x) + 1 for x in parts)
            pieces.append((start, start + len(sent), src))
            parts.append(sent)
        line = " ".join(parts)
        lines.append(line)
        pos += len(line) + 1
    copy = "\n".join(lines)
    if not truth:
        return SpunCopy(copy, [])
    _, sentences = segment(copy)
    source_of: list[int | None] = []
    for s in sentences:
        hit = next((src for a, b, src in pieces if a <= s.start < b), None)
        source_of.append(hit)
    return SpunCopy(copy, source_of)


# -- a corpus of any size ------------------------------------------------------------------------------
_CAP_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
_FIGURE = re.compile(r"\b\d+(?:[.,]\d+)?\b")


def load_articles(corpus: str | Path) -> list[dict]:
    paths = sorted(Path(corpus).glob("*.jsonl")) if Path(corpus).is_dir() else [Path(corpus)]
    return [json.loads(line) for p in paths for line in p.open(encoding="utf-8") if line.strip()]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _story(rng: random.Random, pool: list[str], names: list[str], n_paragraphs: int) -> list[list[str]]:
    """A new story: paragraphs from different source articles, names and figures changed;
    its sentences by paragraph."""
    renames: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        w = m.group()
        if w not in renames:
            renames[w] = rng.choice(names) if rng.random() < 0.6 else w
        return renames[w]

    def refigure(m: re.Match) -> str:
        return str(rng.randint(2, 9999))

    paras = []
    for _ in range(n_paragraphs):
        para = _FIGURE.sub(refigure, _CAP_WORD.sub(rename, rng.choice(pool)))
        paras.append(_SENTENCE_END.split(para))
    return paras


def synthetic_corpus(articles: list[dict], n: int, seed: int = 0, *, copy_share: float = 0.3,
                     max_copies: int = 4) -> Iterator[dict]:
    """``n`` records ``{"id", "text", "story", "date"}``: stories stitched from ``articles``'
    paragraphs, and spun copies of some of them (about ``copy_share`` of the records are
    copies, 1 to ``max_copies`` per story). Records of one story share ``story``; the same seed
    gives the same corpus."""
    rng = random.Random(seed)
    pool = [p for a in articles for p in a["text"].split("\n") if len(p.split()) >= 12]
    names = sorted({w for a in articles for w in _CAP_WORD.findall(a["text"])})
    extra = [s for p in pool for s in _SENTENCE_END.split(p) if len(s.split()) >= 8]
    mean_copies = (1 + max_copies) / 2
    p_copied = copy_share / ((1 - copy_share) * mean_copies)
    made = story_no = 0
    while made < n:
        paras = [[rng.choice(articles)["title"]]] + _story(rng, pool, names, rng.randint(10, 20))
        text = "\n".join(" ".join(p) for p in paras)
        units, k = [], 0
        for p in paras:
            units.append([(k + m, sent) for m, sent in enumerate(p)])
            k += len(p)
        story = f"s{story_no}"
        day = 1 + story_no % 28
        story_no += 1
        yield {"id": f"{story}-0", "text": text, "story": story, "date": f"2024-03-{day:02d}T08:00:00"}
        made += 1
        copies = rng.randint(1, max_copies) if rng.random() < p_copied else 0
        for c in range(1, copies + 1):
            if made >= n:
                break
            spun = spin(text, rng, extra_sentences=extra, units=units, truth=False)
            yield {"id": f"{story}-{c}", "text": spun.text, "story": story,
                   "date": f"2024-03-{day:02d}T{8 + c:02d}:00:00"}
            made += 1


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Write a synthetic corpus of stories and spun copies (JSONL).")
    ap.add_argument("--corpus", default="data/corpus")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    with open(args.out, "w", encoding="utf-8") as fh:
        for rec in synthetic_corpus(load_articles(args.corpus), args.n, args.seed):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
