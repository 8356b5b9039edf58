"""New signals for the MT-style head, each measured as one row of mt_regimes.py's protocol
(benchmarks/README.md, "What was tried and left out"):

* frequency classes: the head's masked token stream with each content word's shape replaced by
  (``zipf``), or joined with (``zipf_shape``), its wordfreq Zipf class (``<z4>``: 10^4 per
  billion words), or those n-grams beside the shapes' (``zipf_beside``). Machine translation
  picks the more frequent, literal word; a frequency class says so in the word's position
  without saying which word a source language produced;
* Naive-Bayes log-count ratios scaling the n-gram columns (mt_regimes.py ``nb``);
* encoder dynamics (``dynamics``): from the run-time static encoder's sentence vectors (the
  pipeline computes them for every sentence anyway), the mean and spread of the cosine between
  neighbouring sentences and of each sentence's cosine to the article's centroid, added to the
  head's article statistics;
* the personal register (``personal``): the share of first- and second-person words, added to
  the statistics.

    nice -n 10 .venv/bin/python benchmarks/mt_signals.py --cache /tmp/mt_feats.pkl \\
        --vectors /tmp/mt_sentvecs.pkl --out /tmp/signals.json recipe zipf zipf_shape zipf_beside nb dynamics personal

--cache is mt_regimes.py's; --vectors keeps every sentence's static vector (about 90,000).
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from mt_regimes import REGIMES, evaluate, load, record  # noqa: E402

from detector.mt_style import ArticleFeatures, ngrams, word_ngrams  # noqa: E402


# -- frequency classes -------------------------------------------------------------------------
def zipf_classes() -> dict[str, int]:
    """Every word wordfreq knows in English -> its Zipf class (floor of log10 of its frequency per
    billion words, 1-7), read once: one dict look-up per word at run time."""
    from wordfreq import get_frequency_dict

    return {w: max(1, min(7, int(math.floor(math.log10(f * 1e9))))) for w, f in get_frequency_dict("en").items()
            if f > 0}


def zipf_mask(toks: list[str], masked: list[str], classes: dict[str, int], with_shape: bool) -> list[str]:
    out = []
    for t, m in zip(toks, masked, strict=True):
        if m == "<w>" or m.startswith("<-"):
            z = f"z{classes.get(t.lower(), 0)}"
            out.append(f"{m[:-1]}:{z}>" if with_shape else f"<{z}>")
        else:
            out.append(m)
    return out


def zipf_features(feats, kind: str, classes: dict[str, int]) -> list[ArticleFeatures]:
    """Each article's features with the frequency-class n-grams (see the module docstring)."""
    out = []
    for f in feats:
        per = []
        for toks, m, sc in zip(f.tokens, f.masked, f.sentence_counts, strict=True):
            if not m:
                per.append(Counter())
                continue
            zm = zipf_mask(toks, m, classes, kind == "zipf_shape")
            if kind == "zipf_beside":
                c = Counter(sc)
                c.update("z:" + g for g in ngrams(zm) if "<z" in g)
            else:
                c = Counter(ngrams(zm) + word_ngrams(toks))
            per.append(c)
        counts: Counter = Counter()
        for c in per:
            counts.update(c)
        out.append(ArticleFeatures(f.tokens, f.masked, per, counts, f.stats))
    return out


# -- encoder dynamics --------------------------------------------------------------------------
DYNAMICS = ("neighbour cosine", "spread of neighbour cosine", "cosine to centroid", "spread of cosine to centroid")


def sentence_vectors(every, path: Path | None) -> list[np.ndarray]:
    """Each article's sentence vectors from the static encoder (normalised, as the pipeline has them)."""
    if path and path.is_file():
        with path.open("rb") as fh:
            return pickle.load(fh)
    from detector.embed import StaticEmbedder
    from detector.segment import segment

    enc = StaticEmbedder()
    out = [enc.encode([s.text for s in segment(r.text)[1]]).astype(np.float32) for r in every]
    if path:
        with path.open("wb") as fh:
            pickle.dump(out, fh)
    return out


def dynamics(v: np.ndarray) -> np.ndarray:
    """The four DYNAMICS of one article's sentence vectors (zeros under three sentences)."""
    if len(v) < 3:
        return np.zeros(len(DYNAMICS))
    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    adj = (v[1:] * v[:-1]).sum(axis=1)
    c = v.mean(axis=0)
    c /= max(float(np.linalg.norm(c)), 1e-9)
    cen = v @ c
    return np.array([adj.mean(), adj.std(), cen.mean(), cen.std()])


def with_dynamics(feats, vectors) -> list[ArticleFeatures]:
    return [ArticleFeatures(f.tokens, f.masked, f.sentence_counts, f.counts, np.concatenate([f.stats, dynamics(v)]))
            for f, v in zip(feats, vectors, strict=True)]


def with_personal(feats) -> list[ArticleFeatures]:
    """The statistics with the share of first- and second-person words (mt_length.PERSONAL): the
    register that sets Ukrainian's offset (benchmarks/README.md, "Document length and register")."""
    from mt_length import personal_rate

    return [ArticleFeatures(f.tokens, f.masked, f.sentence_counts, f.counts,
                            np.concatenate([f.stats, [personal_rate(f)]])) for f in feats]


VARIANTS = ("recipe", "zipf", "zipf_shape", "zipf_beside", "nb", "dynamics", "personal")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("variants", nargs="*", default=list(VARIANTS))
    ap.add_argument("--cache", type=Path, default=None, help="mt_regimes.py's pickle of the records and features")
    ap.add_argument("--vectors", type=Path, default=None, help="pickle of every sentence's static vector")
    ap.add_argument("--out", type=Path, required=True, help="JSON of the results (merged into an existing one)")
    args = ap.parse_args(argv)
    every, feats = load(args.cache)
    out = json.loads(args.out.read_text()) if args.out.is_file() else {}
    classes = None
    for name in args.variants:
        t0 = time.perf_counter()
        if name.startswith("zipf"):
            classes = classes or zipf_classes()
            res = evaluate(every, zipf_features(feats, "zipf_beside" if name == "zipf_beside" else
                                                "zipf_shape" if name == "zipf_shape" else "zipf", classes), {})
        elif name == "personal":
            res = evaluate(every, with_personal(feats), {})
        elif name == "dynamics":
            res = evaluate(every, with_dynamics(feats, sentence_vectors(every, args.vectors)), {})
        else:
            res = evaluate(every, feats, REGIMES[name])
        record(name, res, time.perf_counter() - t0, out, args.out, width=12)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
