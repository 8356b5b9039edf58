"""Copy tracing: which articles of a batch (or of a reference corpus) tell the same text.

For every article: the other articles it copies or is copied from, each with a similarity,
a copy ratio (share of its sentences aligned to the other), the sentence alignment with the
changed words, and what was added or dropped; and the copy families (connected groups of
linked articles) with their most likely original.

The work runs in three stages, each over bounded chunks on a :mod:`detector.parallel`
executor (one process, local processes or a Dask cluster), so it is near-linear in the
number of articles and its memory does not grow with the texts:

1. **Profiles** (per article, chunked): sentences (the same segmentation ``score`` uses, so
   sentence indices match its output), sentence embeddings, a MinHash signature of the word
   3-shingles cut into LSH band keys, and the mean sentence embedding. Texts and sentence
   embeddings are spilled to a temporary directory; only the band keys and the article
   vectors (about 1.2 KB an article) stay in memory.
2. **Candidates**, without comparing every pair: articles sharing a MinHash band (copies that
   keep runs of words) plus the nearest neighbours of each article vector inside k-means
   cells (translations and heavy rewrites, which share few exact words but say the same).
3. **Alignment** (per candidate pair, chunked): sentence by sentence with embeddings. Topic
   similarity never links two articles; the alignment does: enough sentences that say the
   same thing, in an order that agrees. Same-topic stories share words and a mean vector but
   not aligned sentences.

Families are the connected components of the links. Their original is the member with the
earliest ``date`` (or ``warc_date``) when records carry one, else the member the others align
to best; every other member names the member it most likely copied (``copy_of``), along a
tree of the strongest links from the original.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from .data import Article, ErrorRecord
from .timelimit import RECORD_MEMORY_LIMIT_MB, RECORD_TIME_LIMIT, RecordTimeout, cpu_limit, memory_limit

# -- tunables (where the numbers come from: benchmarks/README.md, "Copy tracing") --------------
#: Word n-grams for MinHash. 3 survives a synonym swap every few words better than 5.
SHINGLE_WORDS = 3
#: MinHash permutations, cut into LSH bands of ``BAND_ROWS`` rows: with 42 bands of 3 rows a
#: pair with Jaccard 0.3 becomes a candidate with probability 0.68, 0.4 with 0.94, 0.05 with
#: 0.005 (P = 1 - (1 - J^3)^42).
NUM_PERM = 126
BAND_ROWS = 3
#: A MinHash bucket with more members than this is not expanded into all its pairs: each
#: member is paired with the next ``BUCKET_WINDOW`` ones (the family stays connected).
BUCKET_ALL_PAIRS = 24
BUCKET_WINDOW = 8
#: Nearest neighbours of an article vector kept as candidates, and the centred cosine below
#: which a neighbour is not one (far under the versions of one story: see benchmarks). A
#: text in 17 versions (WMT21 ja-en) has 16 others to find: with 12 kept, a third of the
#: version pairs missed as candidates were the 13th to 15th nearest; 24 leaves room for them.
NEIGHBOURS = 24
NEIGHBOUR_COSINE = 0.35
#: Articles per k-means cell of the neighbour search, and how many cells each article is
#: searched in (its nearest ``PROBES`` centroids).
CELL_SIZE = 1000
PROBES = 2
KMEANS_SAMPLE = 20_000
KMEANS_ITERATIONS = 12
#: A sentence with fewer words is not aligned nor counted (datelines, "Advertisement").
MIN_WORDS = 4
#: Sentence cosines (static encoder): a pair is aligned when mutual best from ``ALIGN_COSINE``,
#: or from ``ALIGN_COSINE_ORDERED`` when it sits in order between two aligned neighbours.
ALIGN_COSINE = 0.78
ALIGN_COSINE_ORDERED = 0.62
#: A link needs this many aligned sentences (fewer when an article has fewer sentences),
#: MIN_SHARE of the shorter article's sentences aligned, MIN_EVIDENCE of them once each pair
#: is weighted by its cosine (below), and MIN_ORDER of the aligned pairs in one common order.
#: On WMT21 ru-en (versions of one document against different documents on the same events)
#: different documents reach at most 0.44 evidence; 99% of the version pairs reach 0.5.
MIN_ALIGNED = 3
MIN_SHARE = 0.6
MIN_EVIDENCE = 0.5
MIN_ORDER = 0.6
#: When the aligned sentences are under MIN_SHARE of the longer article (the shorter one
#: matches a part of it), at least this share of the pairs must be said nearly the same
#: (STRONG_COSINE): a part copied keeps sentences close to their wording, while a short
#: report of an event matches a longer report of it loosely, sentence after sentence (WMT21
#: ru-en: a six-sentence agency report against a twelve-sentence one, five aligned, one
#: strong; of 231 partial copies among the WMT versions, 13 have fewer strong pairs).
PARTIAL_STRONG = 1 / 3
#: An aligned pair counts towards a link in full from this cosine, and less the nearer it
#: lies to ALIGN_COSINE_ORDERED: two reports of one event share a sentence or two said
#: alike, two versions of one text share most of their sentences said nearly the same.
STRONG_COSINE = 0.85
#: A second way to link, for two versions of one whole text (two translations, sentence by
#: sentence) whose sentences are said too differently for the mutual best matches: the
#: best path through the two in their common order (each sentence paired at most once,
#: pairs from PATH_LOW count a little) must meet a counterpart of PATH_COSINE or more for
#: PATH_SHARE of the shorter article's sentences, with PATH_EVIDENCE of them once weighted as
#: above, and the two must be of nearly one length (WHOLE_LENGTH: the shorter has that share
#: of the longer's sentences) and of WHOLE_MIN_SENTENCES or more. On the WMT files, different
#: documents of seven sentences or more and of one length reach a path share of 0.875 (two
#: agency items written on one template) but an evidence of 0.12; 95% of the version pairs
#: with that share reach 0.57. Among shorter ones, two reports of one event put five of six
#: sentences on the path with evidence 0.39, so those need the mutual matches.
PATH_LOW = 0.45
PATH_COSINE = 0.55
PATH_SHARE = 0.7
PATH_EVIDENCE = 0.3
WHOLE_LENGTH = 0.8
WHOLE_MIN_SENTENCES = 7
#: Words changed per aligned pair in the output (as near_duplicate explanations name them).
MAX_CHANGES = 4

_WORD = re.compile(r"[^\W_]+")
_NUM = re.compile(r"(\d[\d,.]*\d|\d)(?:\s*(thousand|million|mln|billion|bn|trillion)\b)?", re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class TraceSpec:
    """What a worker needs: the encoder name and the CPU-seconds a record may take. Small and picklable."""

    encoder: str | None = None
    time_limit: float | None = RECORD_TIME_LIMIT
    memory_limit_mb: float | None = RECORD_MEMORY_LIMIT_MB

    def embedder(self):
        emb = _EMBEDDERS.get(self.encoder)
        if emb is None:
            from .embed import get_embedder

            emb = _EMBEDDERS[self.encoder] = get_embedder(self.encoder)
        return emb


_EMBEDDERS: dict[str | None, Any] = {}


# -- stage 1: profiles ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", 100))


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the word 3-shingles of ``text`` (lower case), leaving out shingles made
    of the 100 most frequent English words only ("one of the"), which every article shares."""
    words = _WORD.findall(text.lower())
    stop = _stop_words()
    out = set()
    for k in range(len(words) - SHINGLE_WORDS + 1):
        gram = words[k : k + SHINGLE_WORDS]
        if all(w in stop for w in gram):
            continue
        out.add(zlib.crc32(" ".join(gram).encode("utf-8")))
    return np.fromiter(sorted(out), dtype=np.uint32, count=len(out))


def band_keys(hashes: np.ndarray) -> np.ndarray | None:
    """LSH band keys (uint64, one per band) of the MinHash signature of ``hashes``; None for
    a text too short to have a signature."""
    if hashes.size == 0:
        return None
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, scheme="affine32", permutations=_permutations(), hashfunc=int)
    m.update_batch(hashes.tolist())
    sig = m.hashvalues.astype(np.uint64).reshape(-1, BAND_ROWS)
    # one 64-bit key per band: the rows' values mixed (the band number too, so bands never meet)
    key = np.arange(sig.shape[0], dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for r in range(BAND_ROWS):
        key = (key ^ sig[:, r]) * np.uint64(0xBF58476D1CE4E5B9)
        key ^= key >> np.uint64(31)
    return key


@dataclass(slots=True)
class Profile:
    """Stage-1 output for one article (sentence embeddings travel back to be spilled)."""

    spans: np.ndarray  # (n, 2) int32 sentence offsets
    alignable: np.ndarray  # (n,) bool: sentences with MIN_WORDS words or more
    embeddings: np.ndarray  # (n, d) float16
    keys: np.ndarray | None  # (bands,) uint64
    vector: np.ndarray  # (d,) float32, mean of the alignable sentences, normalised


class _TooManySentences(Exception):
    def __init__(self, n: int):
        super().__init__(n)
        self.n = n


def profile(article: Article, embedder) -> Profile:
    from .scoring import MAX_ARTICLE_SENTENCES
    from .segment import segment

    _, sents = segment(article.text)
    if len(sents) > MAX_ARTICLE_SENTENCES:
        raise _TooManySentences(len(sents))
    spans = np.array([[s.start, s.end] for s in sents], dtype=np.int32).reshape(-1, 2)
    alignable = np.array([len(_WORD.findall(s.text)) >= MIN_WORDS for s in sents], dtype=bool)
    emb = embedder.encode([s.text for s in sents])
    dim = emb.shape[1] if emb.ndim == 2 and emb.shape[0] else embedder.dim
    vec = emb[alignable].sum(axis=0) if alignable.any() else np.zeros(dim, dtype=np.float32)
    norm = float(np.linalg.norm(vec))
    vec = (vec / norm if norm else vec).astype(np.float32)
    return Profile(spans, alignable, emb.astype(np.float16).reshape(-1, dim), band_keys(shingle_hashes(article.text)),
                   vec)


def profile_chunk(spec: TraceSpec, chunk: list) -> list[Profile | dict]:
    """The profile of every article of ``chunk`` (an error record's dict in its place)."""
    emb = spec.embedder()
    return [rec.to_dict() if isinstance(rec, ErrorRecord) else _profile_or_error(rec, emb, spec.time_limit,
                                                                                       spec.memory_limit_mb)
            for rec in chunk]


def _profile_or_error(article: Article, embedder, time_limit: float | None = None,
                      memory_limit_mb: float | None = None) -> Profile | dict:
    """The article's profile, or its error record's dict, as ``detector score`` gives it: an
    article that splits into more sentences than the scorer takes is E007 (two such pages would
    be aligned sentence by sentence), one that segmentation or the encoder fails on is E099,
    one that takes more than ``time_limit`` CPU-seconds E016. One record's trouble costs that
    record, not the trace of the others."""
    from .scoring import internal_error, over_memory_limit, over_time_limit, too_many_sentences

    try:
        with cpu_limit(time_limit), memory_limit(memory_limit_mb):
            return profile(article, embedder)
    except RecordTimeout:
        return over_time_limit(article, time_limit, "segmenting and encoding it for the trace").to_dict()
    except MemoryError:
        return over_memory_limit(article, memory_limit_mb, "segmenting and encoding it for the trace").to_dict()
    except _TooManySentences as exc:
        return too_many_sentences(article, exc.n).to_dict()
    except Exception as exc:  # noqa: BLE001 - a bug or a text the encoder cannot take: this record's error
        return internal_error(article, exc).to_dict()


# -- spill: texts and sentence embeddings on disk -----------------------------------------------------
class _Spill:
    """Append-only store of article records and sentence embeddings in a temporary directory,
    read back by article number."""

    def __init__(self, dim: int | None = None, directory: str | None = None):
        self._dir = tempfile.TemporaryDirectory(prefix="detector-trace-", dir=directory)
        root = Path(self._dir.name)
        self._texts = open(root / "articles.jsonl", "w+b")  # noqa: SIM115 (closed in close())
        self._emb = open(root / "embeddings.f16", "w+b")  # noqa: SIM115
        self._details = open(root / "pairs.jsonl", "w+b")  # noqa: SIM115
        self.text_at: list[int] = []
        self.emb_at: list[int] = [0]  # row offsets, one more than articles with embeddings
        self.spans: list[np.ndarray] = []
        self.alignable: list[np.ndarray] = []
        self.dim = dim

    def add_record(self, rec: dict) -> None:
        self._texts.seek(0, os.SEEK_END)
        self.text_at.append(self._texts.tell())
        self._texts.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")

    def add_profile(self, p: Profile) -> None:
        self.dim = p.embeddings.shape[1]
        self._emb.seek(0, os.SEEK_END)
        self._emb.write(np.ascontiguousarray(p.embeddings, dtype=np.float16).tobytes())
        self.emb_at.append(self.emb_at[-1] + p.embeddings.shape[0])
        self.spans.append(p.spans)
        self.alignable.append(p.alignable)

    def record(self, k: int) -> dict:
        self._texts.seek(self.text_at[k])
        return json.loads(self._texts.readline())

    def embeddings(self, k: int) -> np.ndarray:
        a, b = self.emb_at[k], self.emb_at[k + 1]
        self._emb.seek(a * self.dim * 2)
        return np.frombuffer(self._emb.read((b - a) * self.dim * 2), dtype=np.float16).reshape(b - a, self.dim)

    def add_detail(self, detail: dict) -> int:
        self._details.seek(0, os.SEEK_END)
        at = self._details.tell()
        self._details.write(json.dumps(detail, ensure_ascii=False).encode("utf-8") + b"\n")
        return at

    def detail(self, at: int) -> dict:
        self._details.seek(at)
        return json.loads(self._details.readline())

    def close(self) -> None:
        self._texts.close()
        self._emb.close()
        self._details.close()
        self._dir.cleanup()


# -- stage 2: candidates ------------------------------------------------------------------------------
def _pair_codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    return lo[keep].astype(np.int64) * n + hi[keep].astype(np.int64)


def minhash_candidates(keys: np.ndarray, has_keys: np.ndarray) -> np.ndarray:
    """Pair codes (i * n + j, i < j) of articles that share at least one LSH band key."""
    n = len(keys)
    rows = np.flatnonzero(has_keys)
    found: list[np.ndarray] = []
    for band in range(keys.shape[1] if keys.ndim == 2 else 0):
        col = keys[rows, band]
        order = np.argsort(col, kind="stable")
        sk, members = col[order], rows[order]
        starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        sizes = np.diff(np.r_[starts, len(sk)])
        for s, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            grp = members[s : s + size]
            if size <= BUCKET_ALL_PAIRS:
                ii, jj = np.triu_indices(size, k=1)
            else:
                ii = np.repeat(np.arange(size), BUCKET_WINDOW)
                jj = ii + np.tile(np.arange(1, BUCKET_WINDOW + 1), size)
                ok = jj < size
                ii, jj = ii[ok], jj[ok]
            found.append(_pair_codes(grp[ii], grp[jj], n))
        if len(found) > 64:
            found = [np.unique(np.concatenate(found))]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _kmeans(x: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Centroids of ``k`` spherical k-means cells over a deterministic sample of ``x``."""
    rng = np.random.default_rng(seed)
    sample = x[rng.choice(len(x), size=min(len(x), KMEANS_SAMPLE), replace=False)] if len(x) > KMEANS_SAMPLE else x
    cent = sample[rng.choice(len(sample), size=k, replace=False)].copy()
    for _ in range(KMEANS_ITERATIONS):
        assign = np.argmax(sample @ cent.T, axis=1)
        for c in range(k):
            members = sample[assign == c]
            if len(members):
                v = members.sum(axis=0)
                cent[c] = v / (np.linalg.norm(v) or 1.0)
    return cent


def neighbour_cell(cell: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Candidate pair codes in one k-means cell: each home member's nearest neighbours among
    all members (home and visiting) with a centred cosine of at least NEIGHBOUR_COSINE.
    ``cell`` is (home article numbers, all article numbers, their vectors: home first) and n."""
    home, everyone, vecs, n = cell
    if len(everyone) < 2:
        return np.zeros(0, dtype=np.int64)
    sims = vecs[: len(home)] @ vecs.T
    sims[np.arange(len(home)), np.arange(len(home))] = -1.0
    k = min(NEIGHBOURS, len(everyone) - 1)
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(sims, top, axis=1)
    ok = vals >= NEIGHBOUR_COSINE
    ii = np.repeat(home, k).reshape(len(home), k)[ok]
    jj = everyone[top[ok]]
    return _pair_codes(ii, jj, n)


def neighbour_chunk(cells: list) -> list[np.ndarray]:
    return [neighbour_cell(c) for c in cells]


def neighbour_candidates(vectors: np.ndarray, executor=None) -> np.ndarray:
    """Pair codes of articles whose centred mean vectors are near neighbours, searched inside
    k-means cells of about CELL_SIZE articles (each article in its PROBES nearest cells)."""
    from .parallel import serial

    n = len(vectors)
    if n < 2:
        return np.zeros(0, dtype=np.int64)
    x = vectors - vectors.mean(axis=0)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    x = x.astype(np.float32)
    k = max(1, int(round(n / CELL_SIZE)))
    if k == 1:
        cells_home = [np.arange(n)]
        cells_all = [np.arange(n)]
    else:
        cent = _kmeans(x, k)
        probes = min(PROBES, k)
        near = np.empty((n, probes), dtype=np.int64)
        for a in range(0, n, 8192):
            s = x[a : a + 8192] @ cent.T
            near[a : a + 8192] = np.argsort(-s, axis=1, kind="stable")[:, :probes]
        home = near[:, 0]
        cells_home = [np.flatnonzero(home == c) for c in range(k)]
        cells_all = [np.flatnonzero((near == c).any(axis=1)) for c in range(k)]

    def tasks() -> Iterator[list]:
        # made as the executor asks for them: a cell's vectors exist only while it is searched
        batch = []
        for h, a in zip(cells_home, cells_all, strict=True):
            if len(h) == 0:
                continue
            everyone = np.concatenate([h, np.setdiff1d(a, h, assume_unique=True)])
            batch.append((h, everyone, x[everyone], n))
            if len(batch) == 4:
                yield batch
                batch = []
        if batch:
            yield batch

    ex = executor or serial()
    found = [codes for result in ex.map(neighbour_chunk, tasks()) for codes in result]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


# -- stage 3: alignment -------------------------------------------------------------------------------
@dataclass(slots=True)
class Side:
    """One article as the aligner sees it."""

    sentences: list[str]
    alignable: np.ndarray
    embeddings: np.ndarray  # float32, normalised


def _numbers(text: str) -> set[float]:
    """The figures of a sentence as values: "1,500", "1.5 thousand" and "1500" are one figure
    (two translations write a number differently; two reports of a daily tally differ in it)."""
    out = set()
    for digits, scale in _NUM.findall(text):
        try:
            value = float(digits.replace(",", "").rstrip("."))
        except ValueError:
            continue
        value *= _SCALE.get(scale.lower(), 1.0) if scale else 1.0
        out.add(float(f"{value:.3g}"))
    return out


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _increasing(js: list[int]) -> list[int]:
    """Positions (into ``js``) of one longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_at: list[int] = []
    prev = [-1] * len(js)
    for k, j in enumerate(js):
        p = bisect.bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tails_at.append(k)
        else:
            tails[p] = j
            tails_at[p] = k
        prev[k] = tails_at[p - 1] if p else -1
    out, k = [], tails_at[-1] if tails_at else -1
    while k >= 0:
        out.append(k)
        k = prev[k]
    return out[::-1]


@dataclass(slots=True)
class Alignment:
    pairs: list[tuple[int, int]]
    cosines: list[float]
    n_a: int  # alignable sentences of each side
    n_b: int
    in_order: int  # aligned pairs in one common order
    #: set when the pairs are the in-order path of two versions of one whole text (see
    #: ``PATH_SHARE``), which links them although the mutual matches fell short
    whole: bool = False

    @property
    def ratio_a(self) -> float:
        return len(self.pairs) / self.n_a if self.n_a else 0.0

    @property
    def ratio_b(self) -> float:
        return len(self.pairs) / self.n_b if self.n_b else 0.0

    @property
    def evidence(self) -> float:
        """Aligned pairs weighted by how surely they say the same (0..1 each)."""
        w = (np.asarray(self.cosines) - ALIGN_COSINE_ORDERED) / (STRONG_COSINE - ALIGN_COSINE_ORDERED)
        return float(np.clip(w, 0.0, 1.0).sum())

    @property
    def order(self) -> float:
        return self.in_order / len(self.pairs) if self.pairs else 0.0

    @property
    def similarity(self) -> float:
        """Aligned cosine mass over the mean length: 1 for two identical articles."""
        mean_len = (self.n_a + self.n_b) / 2
        return float(sum(self.cosines) / mean_len) if mean_len else 0.0


def align(a: Side, b: Side) -> Alignment:
    """Sentence alignment of two articles.

    Pairs are mutual best matches of the sentence embeddings from ALIGN_COSINE (an exact
    repeat always), then, between two aligned pairs that agree in order, mutual best matches
    inside the gap from ALIGN_COSINE_ORDERED (a heavier rewording keeps its place). A pair
    whose sentences both carry figures and share none is never aligned: same template,
    different facts (daily tallies, results).
    """
    ia, ib = np.flatnonzero(a.alignable), np.flatnonzero(b.alignable)
    n_a, n_b = len(ia), len(ib)
    if not n_a or not n_b:
        return Alignment([], [], n_a, n_b, 0)
    sims = a.embeddings[ia] @ b.embeddings[ib].T
    norm_a = [_norm(a.sentences[i]) for i in ia]
    norm_b = [_norm(b.sentences[j]) for j in ib]
    exact_b: dict[str, int] = {}
    for y, t in enumerate(norm_b):
        exact_b.setdefault(t, y)
    for x, t in enumerate(norm_a):
        y = exact_b.get(t)
        if y is not None:
            sims[x, y] = max(sims[x, y], 1.0)
    nums_a = [_numbers(a.sentences[i]) for i in ia]
    nums_b = [_numbers(b.sentences[j]) for j in ib]
    for x, y in zip(*np.nonzero(sims >= min(ALIGN_COSINE_ORDERED, PATH_LOW)), strict=True):
        if nums_a[x] and nums_b[y] and not (nums_a[x] & nums_b[y]):
            sims[x, y] = 0.0

    best_b = np.argmax(sims, axis=1)
    best_a = np.argmax(sims, axis=0)
    pairs = {int(x): int(best_b[x]) for x in range(n_a)
             if best_a[best_b[x]] == x and sims[x, best_b[x]] >= ALIGN_COSINE}
    # fill the gaps between pairs that agree in order
    xs = sorted(pairs)
    chain = [xs[k] for k in _increasing([pairs[x] for x in xs])]
    bounds = [(-1, -1)] + [(x, pairs[x]) for x in chain] + [(n_a, n_b)]
    for (x0, y0), (x1, y1) in zip(bounds, bounds[1:], strict=False):
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        gx = [x for x in range(x0 + 1, x1) if x not in pairs]
        taken = set(pairs.values())
        gy = [y for y in range(y0 + 1, y1) if y not in taken]
        if not gx or not gy:
            continue
        sub = sims[np.ix_(gx, gy)]
        bx, by = np.argmax(sub, axis=1), np.argmax(sub, axis=0)
        for k, x in enumerate(gx):
            if by[bx[k]] == k and sub[k, bx[k]] >= ALIGN_COSINE_ORDERED:
                pairs[x] = gy[int(bx[k])]
    xs = sorted(pairs)
    in_order = len(_increasing([pairs[x] for x in xs]))
    al = Alignment([(int(ia[x]), int(ib[pairs[x]])) for x in xs],
                   [float(min(1.0, sims[x, pairs[x]])) for x in xs], n_a, n_b, in_order)
    if not linked(al) and _whole_length(n_a, n_b):
        path = _path(sims)
        whole = Alignment([(int(ia[x]), int(ib[y])) for x, y in path],
                          [float(min(1.0, sims[x, y])) for x, y in path], n_a, n_b, len(path), whole=True)
        if linked(whole):
            return whole
    return al


def _whole_length(n_a: int, n_b: int) -> bool:
    """Whether two articles are long enough and near enough in length to be linked as two
    versions of one whole text."""
    return min(n_a, n_b) >= WHOLE_MIN_SENTENCES and min(n_a, n_b) >= WHOLE_LENGTH * max(n_a, n_b)


def _path(sims: np.ndarray) -> list[tuple[int, int]]:
    """The pairs with a cosine of PATH_COSINE or more on the best in-order path through
    ``sims`` (each row and column used at most once, a pair weighing by how far its cosine
    lies over PATH_LOW): the alignment of two versions that keep the text's order."""
    w = np.clip((sims - PATH_LOW) / (STRONG_COSINE - PATH_LOW), 0.0, 1.0)
    n_a, n_b = w.shape
    best = np.zeros((n_a + 1, n_b + 1))
    for x in range(n_a):
        row = np.empty(n_b + 1)
        row[0] = 0.0
        row[1:] = np.maximum(best[x, :-1] + w[x], best[x, 1:])
        best[x + 1] = np.maximum.accumulate(row)
    out = []
    x, y = n_a, n_b
    while x > 0 and y > 0:
        if best[x, y] == best[x - 1, y]:
            x -= 1
        elif best[x, y] == best[x, y - 1]:
            y -= 1
        else:
            if sims[x - 1, y - 1] >= PATH_COSINE:
                out.append((x - 1, y - 1))
            x -= 1
            y -= 1
    return out[::-1]


def linked(al: Alignment) -> bool:
    """Whether an alignment makes the two articles copies of one text."""
    shorter = min(al.n_a, al.n_b)
    if al.whole:  # two versions of one whole text, on their in-order path
        return (_whole_length(al.n_a, al.n_b) and len(al.pairs) >= PATH_SHARE * shorter
                and al.evidence >= PATH_EVIDENCE * shorter)
    need = min(MIN_ALIGNED, al.n_a, al.n_b)
    if not (need >= 1 and len(al.pairs) >= need and len(al.pairs) / shorter >= MIN_SHARE
            and al.evidence / shorter >= MIN_EVIDENCE and al.order >= MIN_ORDER):
        return False
    if len(al.pairs) < MIN_SHARE * max(al.n_a, al.n_b):
        return sum(c >= STRONG_COSINE for c in al.cosines) >= PARTIAL_STRONG * len(al.pairs)
    return True


def pair_detail(al: Alignment, a: Side, b: Side) -> dict[str, Any]:
    """What the output says about a linked pair, from ``a``'s side (``b`` is the other)."""
    from .detectors.duplicates import word_changes

    changes = []  # per aligned pair: [the other's words, this article's words], what became what
    for i, j in al.pairs:
        ta, tb = a.sentences[i], b.sentences[j]
        changes.append([] if ta == tb else [list(c) for c in word_changes(tb, ta, limit=MAX_CHANGES)])
    got_a = {i for i, _ in al.pairs}
    got_b = {j for _, j in al.pairs}
    return {
        "similarity": round(al.similarity, 4),
        "ratio_a": round(al.ratio_a, 4),
        "ratio_b": round(al.ratio_b, 4),
        "order": round(al.order, 4),
        "aligned": [[i, j] for i, j in al.pairs],
        "cosines": [round(c, 4) for c in al.cosines],
        "changes": changes,
        "added": [int(i) for i in np.flatnonzero(a.alignable) if i not in got_a],
        "dropped": [int(j) for j in np.flatnonzero(b.alignable) if j not in got_b],
    }


def _side(payload: tuple) -> Side:
    text, spans, alignable, emb = payload
    e = emb.astype(np.float32)
    e /= np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-9)
    return Side([text[s:t] for s, t in spans.tolist()], alignable, e)


def align_chunk(chunk: tuple[list[tuple[int, int]], dict[int, tuple]]) -> list[tuple[int, int, dict] | None]:
    """Align every candidate pair of ``chunk`` (pairs, and the payload of every article they
    name); a linked pair's detail from the first article's side, None for the others."""
    pairs, payloads = chunk
    sides = {k: _side(p) for k, p in payloads.items()}
    out: list[tuple[int, int, dict] | None] = []
    for i, j in pairs:
        al = align(sides[i], sides[j])
        out.append((i, j, pair_detail(al, sides[i], sides[j])) if linked(al) else None)
    return out


# -- families -----------------------------------------------------------------------------------------
def _date_key(value: Any) -> str | None:
    """A sortable form of a record's date (ISO 8601 text, or a number as a Unix time)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        from datetime import UTC, datetime

        try:
            return datetime.fromtimestamp(float(value), tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    from datetime import UTC, datetime

    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text if re.match(r"^\d{4}-\d{2}", text) else None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(slots=True)
class Link:
    i: int
    j: int
    similarity: float
    ratio_i: float  # share of i's sentences aligned to j
    ratio_j: float
    at: int  # offset of its detail in the spill


@dataclass
class Families:
    """Connected components of the links, each with its original and a copy_of tree."""

    root: np.ndarray  # family representative (the original) per article
    size: np.ndarray
    parent: np.ndarray  # copy_of per article, -1 for an original or an article alone


def families(n: int, links: list[Link], dates: list[str | None], order_key: list[int]) -> Families:
    comp = np.arange(n)

    def find(x: int) -> int:
        while comp[x] != x:
            comp[x] = comp[comp[x]]
            x = int(comp[x])
        return x

    adj: dict[int, list[Link]] = {}
    for link in links:
        a, b = find(link.i), find(link.j)
        if a != b:
            comp[max(a, b)] = min(a, b)
        adj.setdefault(link.i, []).append(link)
        adj.setdefault(link.j, []).append(link)
    members: dict[int, list[int]] = {}
    for k in adj:
        members.setdefault(find(k), []).append(k)
    root = np.arange(n)
    size = np.ones(n, dtype=np.int64)
    parent = np.full(n, -1, dtype=np.int64)
    import heapq

    for group in members.values():
        # the original: the earliest date, else the member the others align to best
        cover = {m: sum(lk.ratio_j if lk.i == m else lk.ratio_i for lk in adj[m]) for m in group}
        first = min(group, key=lambda m: (dates[m] is None, dates[m] or "", -cover[m], order_key[m]))
        for m in group:
            root[m], size[m] = first, len(group)
        # copy_of: a tree of the strongest links grown from the original (Prim); with dates,
        # a member is not given a parent dated after it while an earlier one links to it
        seen = {first}
        heap = [(-lk.similarity, order_key[lk.j if lk.i == first else lk.i], first, lk.j if lk.i == first else lk.i)
                for lk in adj[first]]
        heapq.heapify(heap)
        while heap:
            _, _, src, dst = heapq.heappop(heap)
            if dst in seen:
                continue
            seen.add(dst)
            parent[dst] = src
            for lk in adj[dst]:
                other = lk.j if lk.i == dst else lk.i
                if other not in seen:
                    heapq.heappush(heap, (-lk.similarity, order_key[other], dst, other))
        if any(dates[m] for m in group):
            for m in group:
                if m == first or dates[m] is None:
                    continue
                earlier = [(lk, lk.j if lk.i == m else lk.i) for lk in adj[m]]
                earlier = [(lk, o) for lk, o in earlier if dates[o] is not None and dates[o] <= dates[m]]
                p = int(parent[m])
                if earlier and not (dates[p] is not None and dates[p] <= dates[m]):
                    parent[m] = max(earlier, key=lambda e: (e[0].similarity, -order_key[e[1]]))[1]
    return Families(root, size, parent)


# -- the whole run ------------------------------------------------------------------------------------
@dataclass
class TraceStats:
    articles: int = 0
    references: int = 0
    errors: int = 0
    minhash_pairs: int = 0
    neighbour_pairs: int = 0
    candidate_pairs: int = 0
    linked_pairs: int = 0
    families: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


#: Candidate pairs per alignment chunk.
ALIGN_CHUNK_PAIRS = 256


def trace_records(records: Iterable, against: Iterable = (), *, executor=None, encoder: str | None = None,
                  stats: TraceStats | None = None, tmp_dir: str | None = None,
                  other_sentences: bool = False, time_limit: float | None = RECORD_TIME_LIMIT,
                  memory_limit_mb: float | None = RECORD_MEMORY_LIMIT_MB) -> Iterator[dict]:
    """Trace copies among ``records`` (Articles and ErrorRecords, e.g. from ``read_inputs``) and
    between them and the ``against`` reference records. Yields one dict per record of
    ``records``, in input order (an error record's dict in its place); reference articles
    appear only as the other side of a copy. ``other_sentences`` adds the other article's
    sentences to each copy (``"sentences"``), so a page can show the two side by side.
    ``time_limit``: CPU-seconds one record's profile may take (None: no limit; E016 past it);
    ``memory_limit_mb``: megabytes it may take beyond what the process holds (E017 past it).
    """
    import time

    from .parallel import chunked, serial

    ex = executor or serial()
    spec = TraceSpec(encoder, time_limit, memory_limit_mb)
    stats = stats if stats is not None else TraceStats()
    spill = _Spill(directory=tmp_dir)
    try:
        t0 = time.perf_counter()
        # article number -> input slot; errors keep their place in the output
        slots: list[dict | int] = []
        is_ref: list[bool] = []
        keys: list[np.ndarray | None] = []
        vecs: list[np.ndarray] = []
        dates: list[str | None] = []

        # the records sent and not yet back (the chunks in flight): an article's text is kept
        # once its profile is back, so that article numbers count profiled articles only (an
        # article the profile failed on comes back as its error record)
        sent: deque = deque()

        def tagged(source: Iterable) -> Iterator:
            for rec in source:
                sent.append(rec)
                yield rec

        func = partial(profile_chunk, spec)
        for ref, source in ((False, records), (True, against)):
            for results in ex.map(func, chunked(tagged(source))):
                for res in results:
                    rec = sent.popleft()
                    if isinstance(res, dict):
                        if not ref:
                            slots.append(res)
                            stats.errors += 1
                        continue
                    spill.add_record({"id": rec.id, "source": rec.source, "title": rec.title, "text": rec.text,
                                      "url": _meta_text(rec.meta, "url"),
                                      "date": _date_key(rec.meta.get("date", rec.meta.get("warc_date")))})
                    is_ref.append(ref)
                    k = len(vecs)
                    spill.add_profile(res)
                    keys.append(res.keys)
                    vecs.append(res.vector)
                    if not ref:
                        slots.append(k)
        n = len(vecs)
        stats.articles = sum(1 for r in is_ref if not r)
        stats.references = n - stats.articles
        for k in range(n):
            dates.append(spill.record(k)["date"])
        stats.seconds["profiles"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        ref_mask = np.array(is_ref, dtype=bool)
        has = np.array([k is not None for k in keys], dtype=bool)
        bands = NUM_PERM // BAND_ROWS
        key_mat = np.zeros((n, bands), dtype=np.uint64)
        for k, kk in enumerate(keys):
            if kk is not None:
                key_mat[k] = kk
        del keys
        mh = minhash_candidates(key_mat, has)
        del key_mat
        vec_mat = np.vstack(vecs) if vecs else np.zeros((0, 1), dtype=np.float32)
        del vecs
        nb = neighbour_candidates(vec_mat, ex)
        cand = np.union1d(mh, nb)
        if n:
            ii, jj = cand // n, cand % n
            keep = ~(ref_mask[ii] & ref_mask[jj])  # references are not traced among themselves
            ii, jj = ii[keep], jj[keep]
        else:
            ii = jj = np.zeros(0, dtype=np.int64)
        stats.minhash_pairs, stats.neighbour_pairs, stats.candidate_pairs = len(mh), len(nb), len(ii)
        stats.seconds["candidates"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        links = _align_all(ii, jj, vec_mat, spill, ex)
        del vec_mat
        stats.linked_pairs = len(links)
        order_key = list(range(n))
        fam = families(n, links, dates, order_key)
        stats.families = int(sum(1 for k in range(n) if fam.root[k] == k and fam.size[k] > 1))
        stats.seconds["alignment"] = time.perf_counter() - t0

        by_article: dict[int, list[Link]] = {}
        for lk in links:
            by_article.setdefault(lk.i, []).append(lk)
            by_article.setdefault(lk.j, []).append(lk)
        for slot in slots:
            if isinstance(slot, dict):
                yield slot
                continue
            yield _article_record(slot, spill, fam, by_article.get(slot, []), ref_mask, other_sentences)
    finally:
        spill.close()


def _meta_text(meta: dict, key: str) -> str | None:
    v = meta.get(key) if isinstance(meta, dict) else None
    return v if isinstance(v, str) and v.strip() else None


def _align_all(ii: np.ndarray, jj: np.ndarray, vectors: np.ndarray, spill: _Spill, ex) -> list[Link]:
    """Align the candidate pairs in chunks; pairs of nearby articles share a chunk, so an
    article's text and embeddings travel to few chunks."""
    if not len(ii):
        return []
    # nearby articles first: order the pairs along the first principal direction of the vectors
    # of their first article, then by article number (deterministic)
    direction = _principal(vectors)
    pos = vectors @ direction
    order = np.lexsort((jj, ii, np.round(pos[ii], 3)))
    ii, jj = ii[order], jj[order]

    def chunks() -> Iterator[tuple]:
        for a in range(0, len(ii), ALIGN_CHUNK_PAIRS):
            pairs = list(zip(ii[a : a + ALIGN_CHUNK_PAIRS].tolist(), jj[a : a + ALIGN_CHUNK_PAIRS].tolist(),
                             strict=True))
            need = sorted({k for p in pairs for k in p})
            payloads = {}
            for k in need:
                rec = spill.record(k)
                payloads[k] = (rec["text"], spill.spans[k], spill.alignable[k], spill.embeddings(k))
            yield pairs, payloads

    links: list[Link] = []
    for results in ex.map(align_chunk, chunks()):
        for res in results:
            if res is None:
                continue
            i, j, d = res
            links.append(Link(i, j, d["similarity"], d["ratio_a"], d["ratio_b"], spill.add_detail(d)))
    links.sort(key=lambda lk: (lk.i, lk.j))
    return links


def _principal(x: np.ndarray) -> np.ndarray:
    if len(x) < 2:
        return np.ones(x.shape[1], dtype=np.float32) if x.ndim == 2 else np.ones(1, dtype=np.float32)
    rng = np.random.default_rng(0)
    v = rng.standard_normal(x.shape[1]).astype(np.float32)
    xc = x - x.mean(axis=0)
    for _ in range(8):  # power iteration on the covariance
        v = xc.T @ (xc @ v)
        v /= np.linalg.norm(v) or 1.0
    return v


def _flip(detail: dict) -> dict:
    """A pair detail seen from the other article's side."""
    return {
        "similarity": detail["similarity"], "ratio_a": detail["ratio_b"], "ratio_b": detail["ratio_a"],
        "order": detail["order"],
        "aligned": [[j, i] for i, j in detail["aligned"]], "cosines": detail["cosines"],
        "changes": [[[new, old] for old, new in ch] for ch in detail["changes"]],
        "added": detail["dropped"], "dropped": detail["added"],
    }


def _article_record(k: int, spill: _Spill, fam: Families, links: list[Link], ref_mask: np.ndarray,
                    other_sentences: bool = False) -> dict:
    rec = spill.record(k)
    root = int(fam.root[k])
    parent = int(fam.parent[k])
    copies = []
    for lk in links:
        other = lk.j if lk.i == k else lk.i
        d = spill.detail(lk.at)
        d = d if lk.i == k else _flip(d)
        o = spill.record(other)
        relation = "source" if other == parent else "copy" if int(fam.parent[other]) == k else "related"
        entry: dict[str, Any] = {"id": o["id"], "source": o["source"]}
        if o.get("url"):
            entry["url"] = o["url"]
        if o.get("title"):
            entry["title"] = o["title"]
        entry.update({
            "relation": relation,
            "reference": bool(ref_mask[other]),
            "similarity": d["similarity"],
            "copy_ratio": d["ratio_a"],
            "other_ratio": d["ratio_b"],
            "aligned": d["aligned"],
            "cosines": d["cosines"],
            "changes": d["changes"],
            "added": d["added"],
            "dropped": d["dropped"],
        })
        if other_sentences:
            entry["sentences"] = [o["text"][s:t] for s, t in spill.spans[other].tolist()]
        copies.append(entry)
    copies.sort(key=lambda c: (c["relation"] != "source", -c["similarity"], c["id"]))
    root_rec = rec if root == k else spill.record(root)
    out: dict[str, Any] = {
        "id": rec["id"],
        "source": rec["source"],
        "title": rec["title"],
        "family": root_rec["id"],
        "family_size": int(fam.size[k]),
        "role": "alone" if fam.size[k] == 1 else "original" if root == k else "copy",
        "copy_of": spill.record(parent)["id"] if parent >= 0 else None,
        "n_sentences": int(len(spill.spans[k])),
        "sentences": [rec["text"][s:t] for s, t in spill.spans[k].tolist()],
        "copies": copies,
    }
    if rec.get("url"):
        out["url"] = rec["url"]
    if rec.get("date"):
        out["date"] = rec["date"]
    return out


def trace_articles(articles: Iterable[Article | dict | str], against: Iterable[Article | dict | str] = (), *,
                   executor=None, encoder: str | None = None) -> list[dict]:
    """Trace copies among ``articles`` (Articles, dicts with ``id``/``text``/``title``/``date``
    or plain strings) and against the ``against`` references; one dict per article, in order."""
    return list(trace_records(_as_articles(articles), _as_articles(against, prefix="ref"), executor=executor,
                              encoder=encoder))


def _as_articles(items: Iterable, prefix: str = "article") -> Iterator[Article]:
    for n, item in enumerate(items):
        if isinstance(item, Article):
            yield item
        elif isinstance(item, str):
            yield Article(id=f"{prefix}-{n}", text=item)
        else:
            meta = {k: v for k, v in item.items() if k not in ("id", "text", "title")}
            yield Article(id=str(item.get("id", f"{prefix}-{n}")), text=item["text"], title=item.get("title") or "",
                          meta=meta)
