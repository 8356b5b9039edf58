"""Training regimes for the MT-style head aimed at new source languages and new years, on the
head's own features (benchmarks/README.md, "What was tried and left out").

Each regime changes only how the recipe (training/mt_style.py) fits the logistic regression:
which features it may use, how records are weighted, how strongly it is regularised. The
protocol is wmt_separation.py's: leave one source language out (its Platt curve and threshold
from the other languages' out-of-fold logits, by the recipe's rule with its held-out margin) and
leave one year out (the recipe's fit_records on one year, measured on the other). Every choice a
regime makes (which features agree in sign, which pair has the highest loss) is made inside the
fold, on the training pairs only.

    nice -n 10 .venv/bin/python benchmarks/mt_regimes.py --cache /tmp/mt_feats.pkl --out /tmp/regimes.json \
        recipe sign_all sign_all_but_one pair_year dro3 C3 no_stats ...

Results and what they say: benchmarks/README.md ("Training regimes on the head's own features").

The features are computed once and kept in --cache (about 6,000 articles).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from wmt_separation import DEFAULT_DATA, read_records, source_language  # noqa: E402

import training.mt_style as ms  # noqa: E402

_ORIGINAL_FIT = ms.fit_params
_ORIGINAL_BALANCE = ms.balance_weights


def is_function_gram(g: str) -> bool:
    """A masked n-gram of function words, punctuation and sentence boundaries only."""
    if g.startswith("w:"):
        return False
    return all(not t.startswith("<") or t in ("<s>", "</s>") for t in g.split(" "))


def group_of(g: str) -> str:
    if g.startswith("w:"):
        return "word"
    return "function" if is_function_gram(g) else "shape"


def pair_year_balance(records):
    """Every pair and year weighs the same, human and machine translations inside it too."""
    count = Counter((r.pair, r.year, r.mt) for r in records if not r.original)
    n_py = len({(r.pair, r.year) for r in records if not r.original})
    n_pairs = len({r.pair for r in records if not r.original})
    n_orig = sum(r.original for r in records)
    # the originals keep their weight relative to one pair's human side
    w = np.array([ms.ORIGINALS_WEIGHT * n_py / n_pairs / n_orig if r.original
                  else 1.0 / count[(r.pair, r.year, r.mt)] for r in records])
    return w * (len(w) / w.sum())


def design(feats, records, matrix, rows, cfg):
    """The recipe's design matrix (TF-IDF n-grams, standardised statistics at STAT_WEIGHT) and
    its column names."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    if matrix is None:
        matrix, rows = ms.count_matrix(feats, records), np.arange(len(records))
    part = matrix.counts[rows]
    seen = (matrix.presence[:, rows] @ (part > 0).astype(np.float64)) > 0
    in_groups = np.asarray(seen.sum(axis=0)).ravel()
    keep = np.flatnonzero(in_groups >= min(ms.MIN_DOCUMENTS, len({r.group for r in records})))
    counts = part[:, keep]
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
    stats = np.vstack([f.stats for f in feats])
    mean, scale = stats.mean(axis=0), stats.std(axis=0)
    scale[scale < 1e-9] = 1.0
    ng = tfidf.transform(counts)
    sw = cfg.get("stat_weight", ms.STAT_WEIGHT)
    X = sp.hstack([ng, sp.csr_matrix((stats - mean) / scale * sw)]).tocsr()
    names = matrix.names[keep]
    return X, names, tfidf, mean, scale, sw


def column_mask(X, names, records, y, cfg) -> np.ndarray:
    n_ng = len(names)
    ok = np.ones(X.shape[1], dtype=bool)
    groups = cfg.get("groups")
    if groups is not None:
        kinds = np.array([group_of(str(g)) for g in names] + ["stats"] * (X.shape[1] - n_ng))
        ok &= np.isin(kinds, groups)
    if "sign" in cfg:
        # per training pair: the sign of the mean difference (machine minus human) of each column
        pairs = sorted({r.pair for r in records if not r.original})
        pr = np.array([r.pair if not r.original else "" for r in records])
        pos = np.zeros(X.shape[1])
        neg = np.zeros(X.shape[1])
        for p in pairs:
            m1, m0 = (pr == p) & (y == 1), (pr == p) & (y == 0)
            d = np.asarray(X[m1].mean(axis=0)).ravel() - np.asarray(X[m0].mean(axis=0)).ravel()
            pos += d > 0
            neg += d < 0
        allowed = cfg["sign"]  # how many training pairs may disagree
        ok &= (np.minimum(pos, neg) <= allowed) & (np.maximum(pos, neg) >= len(pairs) - allowed)
    return ok


def nb_ratios(ng, y, w, alpha: float = 1.0) -> np.ndarray:
    """Naive-Bayes log-count ratios of the n-gram columns (Wang & Manning 2012), from the
    training rows only: r = log((p / |p|1) / (q / |q|1)), p and q the weighted counts of records
    holding each n-gram among the machine and the human translations, plus ``alpha``. (Scaling a
    column by |r| instead fits the same model: an L2 penalty does not see a column's sign.)"""
    b = (ng > 0).astype(np.float64)
    w = np.asarray(w, dtype=float)
    p = alpha + np.asarray(b.T @ (w * (y == 1))).ravel()
    q = alpha + np.asarray(b.T @ (w * (y == 0))).ravel()
    return np.log(p / p.sum()) - np.log(q / q.sum())


def fit_lr(X, y, w, C, seed):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=5000, random_state=seed).fit(X, y, sample_weight=w)
    sign = 1.0 if list(clf.classes_).index(1) == 1 else -1.0
    return sign * clf.coef_[0], float(sign * clf.intercept_[0])


def make_fit(cfg):
    def fit_params(feats, records, words, weights, seed=13, matrix=None, rows=None):
        y = np.array([r.mt for r in records], dtype=int)
        X, names, tfidf, mean, scale, sw = design(feats, records, matrix, rows, cfg)
        nb = nb_ratios(X[:, : len(names)], y, weights) if cfg.get("nb") else None
        if nb is not None:
            import scipy.sparse as sp

            X = sp.hstack([X[:, : len(names)] @ sp.diags(nb), X[:, len(names):]]).tocsr()
        ok = column_mask(X, names, records, y, cfg)
        cols = np.flatnonzero(ok)
        Xk = X[:, cols]
        C = cfg.get("C", ms.C)
        pr = np.array([r.pair if not r.original else "" for r in records])
        pairs = sorted({p for p in pr if p})
        w = np.asarray(weights, dtype=float).copy()
        if cfg.get("average"):
            # one model per training pair (with the originals), their weights averaged
            cs, bs = [], []
            for p in pairs:
                m = (pr == p) | (pr == "")
                c, b = fit_lr(Xk[m], y[m], w[m] / w[m].mean(), C, seed)
                cs.append(c)
                bs.append(b)
            coef_k, b = np.mean(cs, axis=0), float(np.mean(bs))
        else:
            coef_k, b = fit_lr(Xk, y, w, C, seed)
            for _ in range(cfg.get("dro", 0)):
                # group DRO: the pair with the highest weighted log loss gains weight
                z = Xk @ coef_k + b
                p = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
                loss = -(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
                scale_pair = {}
                for q in pairs:
                    m = pr == q
                    scale_pair[q] = float(np.average(loss[m], weights=w[m]))
                mean_loss = np.mean(list(scale_pair.values()))
                for q in pairs:
                    w[pr == q] *= np.exp(cfg.get("eta", 2.0) * (scale_pair[q] - mean_loss))
                w *= len(w) / w.sum()
                coef_k, b = fit_lr(Xk, y, w, C, seed)
        coef = np.zeros(X.shape[1])
        coef[cols] = coef_k
        n = len(names)
        if nb is not None:
            # the scaling is linear in the (already normalised) TF-IDF row: it folds into the weights
            coef[:n] *= nb
        return {
            "format": ms.HEAD_FORMAT, "function_words": list(words), "ngrams": [str(g) for g in names],
            "idf": tfidf.idf_.astype(np.float64), "ngram_coef": coef[:n].astype(np.float64),
            "stat_names": list(ms.STAT_NAMES), "stat_mean": mean, "stat_scale": scale,
            "stat_coef": (coef[n:] * sw).astype(np.float64), "intercept": b, "calibration": [1.0, 0.0],
            "n_used": int(len(cols)), "n_columns": int(X.shape[1]),
        }
    return fit_params


REGIMES: dict[str, dict] = {
    "recipe": {},
    # (a) sign-consistent feature selection
    "sign_all": {"sign": 0},
    "sign_all_but_one": {"sign": 1},
    # (b) worst-group / pair-balanced objectives
    "pair_year": {"balance": "pair_year"},
    "dro3": {"dro": 3, "eta": 2.0},
    "average": {"average": True},
    # (c) regularisation and feature groups
    "C0.3": {"C": 0.3},
    "C0.1": {"C": 0.1},
    "C3": {"C": 3.0},
    "C10": {"C": 10.0},
    "C30": {"C": 30.0},
    "stats_only": {"groups": ["stats"], "stat_weight": 1.0},
    "function_only": {"groups": ["function"]},
    "function+stats": {"groups": ["function", "stats"]},
    "no_word": {"groups": ["function", "shape", "stats"]},
    "no_shape": {"groups": ["function", "word", "stats"]},
    "no_function": {"groups": ["shape", "word", "stats"]},
    "no_stats": {"groups": ["function", "shape", "word"]},
    "stats0.15": {"stat_weight": 0.15},
    "stats0.1": {"stat_weight": 0.1},
    # Naive-Bayes log-count ratios scaling the n-gram columns, inside each fold (mt_signals.py)
    "nb": {"nb": True},
}


def install(cfg):
    ms.fit_params = make_fit(cfg)
    ms.balance_weights = pair_year_balance if cfg.get("balance") == "pair_year" else _ORIGINAL_BALANCE


def held_out_languages(z, y, lang, w, risk) -> tuple[dict, dict]:
    """Leave-one-language-out rows for out-of-fold scores ``z``: per held-out language its
    ROC-AUC, and the share of its human translations flagged at the threshold the recipe's rule
    (line + held-out margin) sets on the other languages, each with its Platt curve from them."""
    from sklearn.metrics import roc_auc_score

    lopo, flagged = {}, {}
    for held in sorted(set(lang) - {""}):
        test = np.flatnonzero(lang == held)
        other = np.flatnonzero((lang != held) & (lang != ""))
        ab = ms.platt(z[other], y[other], w[other])
        p_other = ms.calibrated(z[other], ab)
        human = y[other] == 0
        threshold, _ = ms.held_out_threshold(p_other[human], [risk[i] for i in other[human]],
                                             [lang[i] for i in other[human]], ms.HUMAN_FLAG_RATE)
        p = ms.calibrated(z[test], ab)
        lopo[held] = round(float(roc_auc_score(y[test], p)), 4)
        flagged[held] = round(float((p[y[test] == 0] >= threshold).mean()), 4)
    return lopo, flagged


def evaluate(every, feats, cfg) -> dict:
    from sklearn.metrics import roc_auc_score

    install(cfg)
    y = np.array([r.mt for r in every], dtype=int)
    w = ms.balance_weights(every)
    lang = np.array([source_language(r.pair) if not r.original else "" for r in every])
    risk = ms.risk_groups(every)
    z, _ = ms.out_of_fold(every, feats=feats)
    lopo, flagged = held_out_languages(z, y, lang, w, risk)
    loyo = {}
    years = sorted({r.year for r in every if not r.original and r.year})
    for train_year in years:
        tr = np.flatnonzero([r.original or r.year == train_year for r in every])
        fitted = ms.fit_records([every[i] for i in tr], feats=[feats[i] for i in tr])
        ab = tuple(fitted.params["calibration"])
        for test_year in years:
            if test_year == train_year:
                continue
            te = np.flatnonzero([not r.original and r.year == test_year for r in every])
            p = ms.calibrated(ms.logits(fitted.params, [feats[i] for i in te]), ab)
            seen = {every[i].pair for i in tr if not every[i].original}
            for pair in sorted({every[i].pair for i in te} & seen):
                m = np.array([every[i].pair == pair for i in te])
                yy = y[te][m]
                loyo[f"{source_language(pair)} {train_year % 100}->{test_year % 100}"] = {
                    "auc": round(float(roc_auc_score(yy, p[m])), 4),
                    "human_flagged": round(float((p[m][yy == 0] >= fitted.threshold).mean()), 4)}
    worst = max(flagged, key=flagged.get)
    return {"lopo": lopo, "lopo_mean": round(float(np.mean(list(lopo.values()))), 4),
            "held_out_human_flagged": flagged, "worst": [worst, flagged[worst]],
            "loyo": loyo, "loyo_mean": round(float(np.mean([v["auc"] for v in loyo.values()])), 4)}


def load(cache: Path | None):
    if cache and cache.is_file():
        with cache.open("rb") as fh:
            return pickle.load(fh)
    from training.train import default_originals

    records = read_records(DEFAULT_DATA)
    originals = [o for p in default_originals() for o in ms.read_mt_file(p, originals=True)]
    every = records + originals
    feats = ms.record_features(every, ms.function_words())
    if cache:
        with cache.open("wb") as fh:
            pickle.dump((every, feats), fh)
    return every, feats


def record(name: str, res: dict, seconds: float, out: dict, path: Path, width: int = 16) -> None:
    """Add one variant's results to ``out``, rewrite ``path`` with them (a long run keeps what it
    has measured) and print its line: leave-one-pair-out and leave-one-year-out ROC-AUC."""
    res["seconds"] = round(seconds, 1)
    out[name] = res
    path.write_text(json.dumps(out, indent=1))
    lo = " ".join(f"{k} {v:.3f}" for k, v in res["lopo"].items())
    ly = " ".join(f"{k} {v['auc']:.3f}" for k, v in res["loyo"].items())
    print(f"{name:{width}s} LOPO {lo} mean {res['lopo_mean']:.3f} | worst {res['worst'][0]} "
          f"{res['worst'][1]:.1%} | LOYO {ly} mean {res['loyo_mean']:.3f} ({res['seconds']:.0f} s)",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("regimes", nargs="*", default=list(REGIMES))
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the records and their features")
    ap.add_argument("--out", type=Path, required=True, help="JSON of the results (merged into an existing one)")
    args = ap.parse_args(argv)
    every, feats = load(args.cache)
    out = json.loads(args.out.read_text()) if args.out.is_file() else {}
    for name in args.regimes:
        t0 = time.perf_counter()
        res = evaluate(every, feats, REGIMES[name])
        record(name, res, time.perf_counter() - t0, out, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
