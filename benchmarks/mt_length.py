"""Does the translation verdict hold when documents are shorter or longer than WMT21-22's?

A later test set differs in document length and register. This cuts every WMT document to its
first k sentences (as the scorer cuts sentences) and splits long ones into chunks scored
separately, then measures, per source language, per ``domain`` and per register (``registers``:
personal messages against news): ROC-AUC of the translation
probability and the share of human (and machine) translations at or above the threshold, with
and without the minimum-prose rule (``detector.mt_style.MIN_JUDGED_WORDS``: fewer words of prose
and the phrasing is not judged, so never flagged).

Three heads are measured on the same cut documents:

* ``shipped``: the active model's head as it is (in-sample: it was trained on these documents);
* ``held out``: the recipe's leave-one-language-out heads (``training/mt_style.out_of_fold``):
  each document scored by the head that never saw its source language, with the Platt curve
  and the threshold the recipe's rule sets on the full-length out-of-fold logits of all six
  (what the shipped threshold is), and with those the rule sets on the other five languages
  only (``mt_regimes.held_out_languages``: a new language);
* ``new year``: the recipe fitted on one year (``fit_records``), measured on the other year's
  documents of the languages both years share (Japanese, Russian).

    nice -n 10 .venv/bin/python benchmarks/mt_length.py --cache /tmp/mt_feats.pkl --out /tmp/mt_length.json

The features are mt_regimes.py's cache (computed once); results: benchmarks/README.md
("Document length and register").
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from mt_regimes import load  # noqa: E402
from wmt_separation import DEFAULT_DATA, source_language  # noqa: E402

import training.mt_style as ms  # noqa: E402
from detector.mt_style import MIN_JUDGED_WORDS, ArticleFeatures, Head, article_stats  # noqa: E402

#: first- and second-person words: a document whose human translation has this share of them or
#: more reads as a personal message (the WMT22 Ukrainian set's requests and chats), not as news
#: (3-15% of the other languages' human translations reach it, 70% of the Ukrainian ones)
PERSONAL = frozenset("i me my we us our you your".split())
CONVERSATIONAL = 0.03
#: first-k-sentence cuts
CUTS = (5, 10, 15, 20)
#: documents of this many sentences or more are split into chunks of about CHUNK sentences
CHUNK, MIN_SPLIT = 12, 18


def part(f: ArticleFeatures, lo: int, hi: int, words: frozenset[str]) -> ArticleFeatures:
    """Sentences ``lo:hi`` of an article's features, as the head would read them alone."""
    counts: Counter = Counter()
    for c in f.sentence_counts[lo:hi]:
        counts.update(c)
    toks = f.tokens[lo:hi]
    return ArticleFeatures(toks, f.masked[lo:hi], f.sentence_counts[lo:hi], counts, article_stats(toks, words))


def chunk_bounds(n: int, size: int = CHUNK, min_split: int = MIN_SPLIT) -> list[tuple[int, int]]:
    """Equal chunks of about ``size`` sentences for a document of ``n`` (whole below ``min_split``)."""
    if n < min_split:
        return [(0, n)]
    k = max(2, round(n / size))
    edges = np.linspace(0, n, k + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)]


def prose_word_counts(every) -> list[list[int]]:
    """Each record's words per sentence, as the scorer counts prose words (whitespace words)."""
    from detector.segment import segment

    return [[len(s.text.split()) for s in segment(r.text)[1]] for r in every]


def views(feats, words_per_sentence, fw) -> dict[str, list[tuple[int, ArticleFeatures, int]]]:
    """Per view: (record index, features, words of prose) for every scored unit."""
    out: dict[str, list] = {"full": [(i, f, sum(w)) for i, (f, w) in enumerate(zip(feats, words_per_sentence,
                                                                                       strict=True))]}
    for k in CUTS:
        out[f"first {k}"] = [(i, part(f, 0, k, fw) if len(f.tokens) > k else f, sum(w[:k]))
                             for i, (f, w) in enumerate(zip(feats, words_per_sentence, strict=True))]
    out["chunks"] = [(i, part(f, a, b, fw) if (a, b) != (0, len(f.tokens)) else f, sum(w[a:b]))
                     for i, (f, w) in enumerate(zip(feats, words_per_sentence, strict=True))
                     for a, b in chunk_bounds(len(f.tokens))]
    out["chunks of split documents"] = [u for u in out["chunks"] if len(feats[u[0]].tokens) >= MIN_SPLIT]
    return out


def personal_rate(f: ArticleFeatures) -> float:
    words = [t.lower() for s in f.tokens for t in s if t[0].isalnum()]
    return sum(w in PERSONAL for w in words) / max(len(words), 1)


def registers(every, feats) -> dict[str, str]:
    """Each translated document's register, read from its human translations (``CONVERSATIONAL``)."""
    rate: dict[str, list[float]] = {}
    for r, f in zip(every, feats, strict=True):
        if not r.original and not r.mt:
            rate.setdefault(r.group, []).append(personal_rate(f))
    return {g: "conversational" if np.mean(v) >= CONVERSATIONAL else "news-like" for g, v in rate.items()}


def rates(p, y, words, threshold) -> dict:
    from sklearn.metrics import roc_auc_score

    judged = words >= MIN_JUDGED_WORDS
    h, m = y == 0, y == 1
    threshold = np.broadcast_to(threshold, p.shape)
    out = {"n": int(len(y)), "human": int(h.sum()),
           "auc": round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else None,
           "human_flagged": round(float((p[h] >= threshold[h]).mean()), 4) if h.any() else None,
           "human_flagged_judged": round(float(((p >= threshold) & judged)[h].mean()), 4) if h.any() else None,
           "mt_flagged_judged": round(float(((p >= threshold) & judged)[m].mean()), 4) if m.any() else None,
           "unjudged": round(float((~judged).mean()), 4), "median_words": int(np.median(words))}
    return out


def table(units, p, every, threshold, keys) -> dict:
    """Per key (a pair, a domain) the rates of the units whose record has that key."""
    y = np.array([every[i].mt for i, _, _ in units], dtype=int)
    words = np.array([w for _, _, w in units])
    out = {}
    for name, key in keys.items():
        k = np.array([key(every[i]) for i, _, _ in units])
        for v in sorted(set(k) - {None}):
            m = k == v
            out[f"{name} {v}"] = rates(p[m], y[m], words[m], np.broadcast_to(threshold, p.shape)[m])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=None, help="mt_regimes.py's pickle of the records and features")
    ap.add_argument("--model", default=None, help="model directory whose head is 'shipped' (default: active)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    from detector.model_store import load_model
    from training.mt_style import calibrated, fit_records, logits

    t0 = time.perf_counter()
    every, feats = load(args.cache)
    fw = frozenset(ms.function_words())
    wps = prose_word_counts(every)
    vs = views(feats, wps, fw)
    domains = {}
    for path in DEFAULT_DATA:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                domains[rec["id"]] = rec.get("domain", "news")
    register = registers(every, feats)
    keys = {"pair": lambda r: None if r.original else source_language(r.pair),
            "domain": lambda r: "original" if r.original else domains.get(r.id, "news"),
            "register": lambda r: None if r.original else register.get(r.group),
            "pair and register": lambda r: None if r.original else f"{source_language(r.pair)} {register.get(r.group)}",
            "all": lambda r: "translations" if not r.original else None}
    y = np.array([r.mt for r in every], dtype=int)
    w = ms.balance_weights(every)
    lang = np.array([source_language(r.pair) if not r.original else "" for r in every])
    result: dict = {"views": {k: len(v) for k, v in vs.items()}}

    # the shipped head as it is
    head = load_model(args.model).mt_style
    result["shipped"] = {"threshold": head.threshold, "views": {
        name: table(units, np.array([head.probability(head.logit(f)[0]) for _, f, _ in units]), every,
                    head.threshold, keys) for name, units in vs.items()}}
    print(f"shipped done ({time.perf_counter() - t0:.0f} s)", flush=True)

    # leave one language out: each record by the head that never saw its language
    fold, _ = ms.folds_of(every)
    matrix = ms.count_matrix(feats, every)
    words = ms.function_words()
    params = {}
    z_full = np.full(len(every), np.nan)
    for k in sorted(set(fold.tolist())):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        train = [every[i] for i in tr]
        params[k] = ms.fit_params([feats[i] for i in tr], train, words, ms.balance_weights(train), 13, matrix, tr)
        z_full[te] = logits(params[k], [feats[i] for i in te])
    ab = ms.platt(z_full, y, w)
    p_full = calibrated(z_full, ab)
    translated = np.array([not r.original for r in every])
    ref = (y == 0) & translated
    risk = ms.risk_groups(every)
    idx = np.flatnonzero(ref)
    threshold, info = ms.held_out_threshold(p_full[ref], [risk[i] for i in idx], [every[i].pair for i in idx])
    # the rule held out twice: each language's curve and threshold from the other five
    nested = {}
    for held in sorted(set(lang) - {""}):
        other = np.flatnonzero((lang != held) & (lang != ""))
        ab_o = ms.platt(z_full[other], y[other], w[other])
        p_o = calibrated(z_full[other], ab_o)
        hum = y[other] == 0
        thr_o, _ = ms.held_out_threshold(p_o[hum], [risk[i] for i in other[hum]], [lang[i] for i in other[hum]])
        nested[held] = (ab_o, thr_o)
    held_out: dict = {"threshold": round(threshold, 4), "margin": info["margin"],
                      "nested_thresholds": {k: round(v[1], 4) for k, v in nested.items()}, "views": {},
                      "nested": {}}
    heads = {k: Head(v, 0.5, 0.5) for k, v in params.items()}
    for name, units in vs.items():
        z = np.array([heads[fold[i]].logit(f)[0] for i, f, _ in units])
        held_out["views"][name] = table(units, calibrated(z, ab), every, threshold, keys)
        lg = np.array([lang[i] for i, _, _ in units])
        pn = np.array([calibrated(np.array([zz]), nested[g][0])[0] if g else np.nan for zz, g in zip(z, lg, strict=True)])
        tn = np.array([nested[g][1] if g else 1.0 for g in lg])
        held_out["nested"][name] = table(units, pn, every, tn, {k: keys[k] for k in ("pair", "register",
                                                                                     "pair and register")})
        print(f"held out: {name} ({time.perf_counter() - t0:.0f} s)", flush=True)
    result["held_out"] = held_out

    # leave one year out, the languages both years have
    years = sorted({r.year for r in every if not r.original and r.year})
    result["new_year"] = {}
    for train_year in years:
        tr = np.flatnonzero([r.original or r.year == train_year for r in every])
        fitted = fit_records([every[i] for i in tr], feats=[feats[i] for i in tr])
        seen = {every[i].pair for i in tr if not every[i].original}
        for test_year in years:
            if test_year == train_year:
                continue
            test = {i for i, r in enumerate(every) if not r.original and r.year == test_year and r.pair in seen}
            out = {}
            for name, units in vs.items():
                us = [u for u in units if u[0] in test]
                z = logits(fitted.params, [f for _, f, _ in us])
                out[name] = table(us, calibrated(z, tuple(fitted.params["calibration"])), every, fitted.threshold,
                                  {"pair": keys["pair"]})
            result["new_year"][f"{train_year}->{test_year}"] = {"threshold": round(fitted.threshold, 4),
                                                                 "views": out}
        print(f"new year from {train_year} ({time.perf_counter() - t0:.0f} s)", flush=True)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    args.out.write_text(json.dumps(result, indent=1))
    for name, rows in result["held_out"]["views"].items():
        print(f"  {name:28s}", " ".join(f"{k.split()[-1]} {v['auc']:.3f}/{v['human_flagged']:.1%}"
                                       for k, v in rows.items() if k.startswith("pair ") and v["auc"] is not None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
