"""Non-linear learners over the MT-style head's own features, and document vectors of the
static encoder stacked with it (benchmarks/README.md, "What was tried and left out").

The head (training/mt_style.py) is linear; its 15 article statistics carry Chinese and hurt
the other languages when they enter linearly. Each variant here keeps the recipe's head and
puts a second-stage model on top of its logit:

* trees over the head's logit and the statistics (gradient boosting, shallow), so a statistic
  can matter only where it separates;
* boosting from the head's logit as a fixed offset (shallow trees over the statistics fit the
  head's residual);
* a logistic regression over the logit, the statistics and their products with the logit;
* trees over the logit, the statistics and the head's strongest n-gram columns;
* the static encoder's word-piece vectors pooled per article (the mean of the sentence vectors,
  the mean of each sentence's element-wise maximum), alone and stacked with the head's logit.

Protocol as in mt_regimes.py and wmt_separation.py, with every second-stage fit nested: for a
held-out language H, the second stage is trained on the other languages' out-of-fold head
logits (each from a head trained without H and without that record's own language), and
applied to H's records with the head trained on every language but H. The held-out language's
Platt curve and threshold come from the other languages' scores (each from the stack that did
not see that language), by the recipe's rule with its held-out margin. Leave one year out: the
second stage is trained on the training year's own leave-one-pair-out head logits and applied
with the head refitted on the whole training year; only ROC-AUC is reported there.

    nice -n 10 .venv/bin/python benchmarks/mt_stack.py --cache /tmp/mt_feats.pkl --heads /tmp/mt_heads.pkl \\
        --out /tmp/stack.json head hgb_z_stats_d2 offset_boost_d1 interact lin_stats hgb_top300
    # the n-gram head (statistics left out of it), then the statistics in the second stage
    nice -n 10 .venv/bin/python benchmarks/mt_stack.py --cache /tmp/mt_feats.pkl --heads /tmp/mt_heads0.pkl \\
        --stat-weight 0 --out /tmp/stack.json head lin_stats
    # the static encoder's pooled vectors (computed once, kept in --vectors)
    nice -n 10 .venv/bin/python benchmarks/mt_stack.py --cache /tmp/mt_feats.pkl --heads /tmp/mt_heads.pkl \\
        --vectors /tmp/mt_vecs.pkl --out /tmp/stack.json vec_mean head+vec_mean offset_vec_mean

--cache is mt_regimes.py's. The head's fits (31: 6 + 15 nested on both years, 4 + 6 on one
year; seconds each) are kept in --heads, one file per --stat-weight. Results and what they
say: benchmarks/README.md ("Second stages over the head").
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from mt_regimes import held_out_languages, load  # noqa: E402
from wmt_separation import source_language  # noqa: E402

import training.mt_style as ms  # noqa: E402


# -- the head's fits, once --------------------------------------------------------------------
class Heads:
    """The recipe's head fitted on subsets of the records, each applied to every record."""

    def __init__(self, every, feats, path: Path | None, stat_weight: float = ms.STAT_WEIGHT):
        self.every, self.feats, self.path = every, feats, path
        #: the statistics' weight inside the head (0: a head of n-grams alone, the statistics
        #: left to the second stage)
        self.stat_weight = stat_weight
        self.words = ms.function_words()
        self.matrix = None
        self.cache: dict[str, dict] = {}
        if path and path.is_file():
            with path.open("rb") as fh:
                self.cache = pickle.load(fh)
        self.stats = np.vstack([f.stats for f in feats])

    def _matrix(self):
        if self.matrix is None:
            self.matrix = ms.count_matrix(self.feats, self.every)
        return self.matrix

    def fit(self, key: str, rows: np.ndarray) -> dict:
        """The head fitted on ``rows``: its logit for every record, and its n-gram columns."""
        if self.stat_weight != ms.STAT_WEIGHT:
            key = f"sw{self.stat_weight}:{key}"
        if key in self.cache:
            return self.cache[key]
        t0 = time.perf_counter()
        m = self._matrix()
        train = [self.every[i] for i in rows]
        saved, ms.STAT_WEIGHT = ms.STAT_WEIGHT, self.stat_weight
        try:
            params = ms.fit_params([self.feats[i] for i in rows], train, self.words, ms.balance_weights(train),
                                   13, m, rows)
        finally:
            ms.STAT_WEIGHT = saved
        cols = np.searchsorted(m.names, np.array(params["ngrams"], dtype=object))
        entry = {"cols": cols.astype(np.int64), "idf": params["idf"], "coef": params["ngram_coef"],
                 "stat_mean": params["stat_mean"], "stat_scale": params["stat_scale"],
                 "stat_coef": params["stat_coef"], "intercept": params["intercept"]}
        X = self.tfidf(entry)
        entry["z"] = (X @ entry["coef"] + ((self.stats - entry["stat_mean"]) / entry["stat_scale"]) @ entry["stat_coef"]
                      + entry["intercept"])
        self.cache[key] = entry
        if self.path:
            with self.path.open("wb") as fh:
                pickle.dump(self.cache, fh)
        print(f"  head {key}: {len(rows)} records, {len(cols)} n-grams ({time.perf_counter() - t0:.0f} s)",
              file=sys.stderr, flush=True)
        return entry

    def tfidf(self, entry: dict):
        """Every record's sublinear TF-IDF row over the fit's vocabulary, L2-normalised."""
        import scipy.sparse as sp

        X = self._matrix().counts[:, entry["cols"]].tocsr().astype(np.float64)
        X.data = 1.0 + np.log(X.data)
        X = X @ sp.diags(entry["idf"])
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.diags(1.0 / norms) @ X


def fold_index(records) -> np.ndarray:
    return ms.folds_of(records)[0]


# -- second stages ---------------------------------------------------------------------------
def _standard(tr: np.ndarray, te: np.ndarray):
    mean, scale = tr.mean(axis=0), tr.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return (tr - mean) / scale, (te - mean) / scale


def stage_head(ztr, Str, y, w, zte, Ste, extra):
    return zte


def _hgb(depth: int, iters: int, lr: float = 0.05, leaf: int = 100, monotone: bool = True):
    def stage(ztr, Str, y, w, zte, Ste, extra):
        from sklearn.ensemble import HistGradientBoostingClassifier

        Xtr, Xte = np.column_stack([ztr, Str]), np.column_stack([zte, Ste])
        cst = [1] + [0] * Str.shape[1] if monotone else None
        clf = HistGradientBoostingClassifier(max_depth=depth, max_iter=iters, learning_rate=lr,
                                             min_samples_leaf=leaf, l2_regularization=1.0, monotonic_cst=cst,
                                             early_stopping=False, random_state=13)
        clf.fit(Xtr, y, sample_weight=w)
        return clf.decision_function(Xte)
    return stage


def _offset_boost(depth: int, rounds: int, lr: float = 0.1, leaf: int = 100):
    """Newton boosting of shallow trees over the statistics from the head's Platt-scaled logit
    as a fixed offset: the trees fit only what the logit leaves."""
    def stage(ztr, Str, y, w, zte, Ste, extra):
        from sklearn.tree import DecisionTreeRegressor

        a, b = ms.platt(ztr, y, w)
        ftr, fte = a * ztr + b, a * zte + b
        for _ in range(rounds):
            p = 1.0 / (1.0 + np.exp(-ftr))
            g, h = y - p, np.maximum(p * (1 - p), 1e-6)
            t = DecisionTreeRegressor(max_depth=depth, min_samples_leaf=leaf, random_state=13)
            t.fit(Str, g / h, sample_weight=w * h)
            ftr = ftr + lr * t.predict(Str)
            fte = fte + lr * t.predict(Ste)
        return fte
    return stage


def stage_interact(ztr, Str, y, w, zte, Ste, extra):
    from sklearn.linear_model import LogisticRegression

    a, b = _standard(Str, Ste)
    zs = ztr.std() or 1.0
    Xtr = np.column_stack([ztr / zs, a, a * (ztr / zs)[:, None]])
    Xte = np.column_stack([zte / zs, b, b * (zte / zs)[:, None]])
    clf = LogisticRegression(C=extra.get("C", 0.3), max_iter=5000).fit(Xtr, y, sample_weight=w)
    return clf.decision_function(Xte)


def _linear_stats(C: float = 1.0):
    """A logistic regression over the head's logit and the standardised statistics."""
    def stage(ztr, Str, y, w, zte, Ste, extra):
        from sklearn.linear_model import LogisticRegression

        a, b = _standard(Str, Ste)
        clf = LogisticRegression(C=C, max_iter=5000).fit(np.column_stack([ztr, a]), y, sample_weight=w)
        return clf.decision_function(np.column_stack([zte, b]))
    return stage


def _hgb_top(k: int, depth: int = 3, iters: int = 200):
    def stage(ztr, Str, y, w, zte, Ste, extra):
        from sklearn.ensemble import HistGradientBoostingClassifier

        Ttr, Tte = extra["top"]
        Xtr, Xte = np.column_stack([ztr, Str, Ttr[:, :k]]), np.column_stack([zte, Ste, Tte[:, :k]])
        cst = [1] + [0] * (Xtr.shape[1] - 1)
        clf = HistGradientBoostingClassifier(max_depth=depth, max_iter=iters, learning_rate=0.05,
                                             min_samples_leaf=100, l2_regularization=1.0, monotonic_cst=cst,
                                             early_stopping=False, random_state=13)
        clf.fit(Xtr, y, sample_weight=w)
        return clf.decision_function(Xte)
    return stage


def _vectors(kind: str, with_head: bool, C: float = 0.1):
    """A logistic regression over a pooled document vector (standardised), with the head's
    logit as one more column, or alone."""
    def stage(ztr, Str, y, w, zte, Ste, extra):
        from sklearn.linear_model import LogisticRegression

        Vtr, Vte = _standard(*extra["vec"][kind])
        if with_head:
            zs = ztr.std() or 1.0
            Vtr, Vte = np.column_stack([ztr / zs * 10, Vtr]), np.column_stack([zte / zs * 10, Vte])
        clf = LogisticRegression(C=C, max_iter=5000).fit(Vtr, y, sample_weight=w)
        return clf.decision_function(Vte)
    return stage


def _offset(source: str, mode: str = "lr", alpha: float = 30.0):
    """The document's offset removed: a ridge regression predicts, from what the article is
    about (its pooled static vector, or its statistics), the mean head logit of its document's
    versions (human and machine sides weighing the same), fitted on the training languages'
    out-of-fold logits; the score is the logit minus that prediction (``diff``), or a logistic
    regression over the logit and the prediction (``lr``)."""
    def stage(ztr, Str, y, w, zte, Ste, extra):
        from sklearn.linear_model import LogisticRegression, Ridge

        if source == "stats":
            Ftr, Fte = _standard(Str, Ste)
        else:
            Ftr, Fte = _standard(*extra["vec"][source])
        groups = extra["groups"]
        target = np.empty(len(ztr))
        for g in set(groups):
            m = groups == g
            sides = [ztr[m & (y == k)].mean() for k in (0, 1) if (m & (y == k)).any()]
            target[m] = np.mean(sides)
        reg = Ridge(alpha=alpha).fit(Ftr, target, sample_weight=w)
        ptr, pte = reg.predict(Ftr), reg.predict(Fte)
        if mode == "diff":
            return zte - pte
        clf = LogisticRegression(C=1.0, max_iter=5000).fit(np.column_stack([ztr, ptr]), y, sample_weight=w)
        return clf.decision_function(np.column_stack([zte, pte]))
    return stage


STAGES = {
    "head": stage_head,
    "hgb_z_stats_d2": _hgb(2, 100),
    "hgb_z_stats_d3": _hgb(3, 200),
    "hgb_z_stats_d3_free": _hgb(3, 200, monotone=False),
    "offset_boost_d1": _offset_boost(1, 30, lr=0.05, leaf=200),
    "offset_boost_d2": _offset_boost(2, 50),
    "offset_boost_d3": _offset_boost(3, 100, lr=0.05),
    "interact": stage_interact,
    "lin_stats": _linear_stats(),
    "lin_stats_C0.03": _linear_stats(0.03),
    "lin_stats_C0.1": _linear_stats(0.1),
    "lin_stats_C0.3": _linear_stats(0.3),
    "lin_stats_C3": _linear_stats(3.0),
    "lin_stats_C10": _linear_stats(10.0),
    "hgb_top100": _hgb_top(100),
    "hgb_top300": _hgb_top(300),
    "vec_mean": _vectors("mean", False),
    "vec_max": _vectors("max", False),
    "head+vec_mean": _vectors("mean", True),
    "head+vec_max": _vectors("max", True),
    "head+vec_both": _vectors("both", True),
    "offset_stats": _offset("stats"),
    "offset_stats_diff": _offset("stats", "diff"),
    "offset_vec_mean": _offset("mean"),
    "offset_vec_mean_diff": _offset("mean", "diff"),
    "offset_vec_max": _offset("max"),
    "offset_vec_both_diff": _offset("both", "diff"),
}


# -- pooled static vectors -------------------------------------------------------------------
def pooled_vectors(every, path: Path | None) -> dict[str, np.ndarray]:
    """Per article: the mean of its sentences' static vectors (as the encoder gives them,
    normalised), and the mean over sentences of each sentence's element-wise maximum over its
    word pieces."""
    if path and path.is_file():
        with path.open("rb") as fh:
            return pickle.load(fh)
    from detector.embed import StaticEmbedder
    from detector.segment import segment

    enc = StaticEmbedder()
    enc._load()
    mean, mx = [], []
    for r in every:
        sents = [s.text for s in segment(r.text)[1]]
        mean.append(enc.encode(sents).mean(axis=0) if sents else np.zeros(enc.dim, np.float32))
        encs = enc._tokenizer.encode_batch([s[:2000] for s in sents], add_special_tokens=False)
        maxes = [enc._vectors[e.ids].max(axis=0) for e in encs if e.ids]
        mx.append(np.mean(maxes, axis=0) if maxes else np.zeros(enc.dim, np.float32))
    out = {"mean": np.vstack(mean).astype(np.float64), "max": np.vstack(mx).astype(np.float64)}
    out["both"] = np.hstack([out["mean"], out["max"]])
    if path:
        with path.open("wb") as fh:
            pickle.dump(out, fh)
    return out


# -- evaluation ------------------------------------------------------------------------------
def top_columns(heads: Heads, entry: dict, k: int = 300) -> np.ndarray:
    """Every record's TF-IDF values of the fit's ``k`` n-grams of largest |weight|."""
    order = np.argsort(-np.abs(entry["coef"]), kind="stable")[:k]
    return np.asarray(heads.tfidf(entry)[:, order].todense())


def run_stage(stage, heads: Heads, vecs, zin, tr, zte_full, te, full_entry, need_top):
    every = heads.every
    y = np.array([r.mt for r in every], dtype=int)
    train = [every[i] for i in tr]
    w = ms.balance_weights(train)
    extra = {"groups": np.array([every[i].group for i in tr])}
    if need_top:
        T = top_columns(heads, full_entry)
        extra["top"] = (T[tr], T[te])
    if vecs is not None:
        extra["vec"] = {k: (v[tr], v[te]) for k, v in vecs.items()}
    return stage(zin, heads.stats[tr], y[tr], w, zte_full[te], heads.stats[te], extra)


def evaluate(name: str, heads: Heads, vecs) -> dict:
    from sklearn.metrics import roc_auc_score

    every = heads.every
    stage = STAGES[name]
    need_top = name.startswith("hgb_top")
    y = np.array([r.mt for r in every], dtype=int)
    lang = np.array([source_language(r.pair) if not r.original else "" for r in every])
    fold = fold_index(every)
    ks = sorted(set(fold.tolist()))
    # leave one language out: each outer fold's stack, applied to that fold
    s = np.full(len(every), np.nan)
    for h in ks:
        outer = heads.fit(f"all-{h}", np.flatnonzero(fold != h))
        tr, te = np.flatnonzero(fold != h), np.flatnonzero(fold == h)
        zin = np.empty(len(tr))
        for q in ks:
            if q == h:
                continue
            a, b = sorted((h, q))
            inner = heads.fit(f"all-{a}-{b}", np.flatnonzero((fold != h) & (fold != q)))
            m = fold[tr] == q
            zin[m] = inner["z"][tr[m]]
        s[te] = run_stage(stage, heads, vecs, zin, tr, outer["z"], te, outer, need_top)
    w = ms.balance_weights(every)
    risk = ms.risk_groups(every)
    lopo, flagged = held_out_languages(s, y, lang, w, risk)
    # leave one year out
    loyo = {}
    years = sorted({r.year for r in every if not r.original and r.year})
    for train_year in years:
        tr = np.flatnonzero([r.original or r.year == train_year for r in every])
        recs = [every[i] for i in tr]
        f_in = fold_index(recs)
        full = heads.fit(f"y{train_year}", tr)
        zin = np.empty(len(tr))
        for q in sorted(set(f_in.tolist())):
            inner = heads.fit(f"y{train_year}-{q}", tr[f_in != q])
            zin[f_in == q] = inner["z"][tr[f_in == q]]
        for test_year in years:
            if test_year == train_year:
                continue
            te = np.flatnonzero([not r.original and r.year == test_year for r in every])
            st = run_stage(stage, heads, vecs, zin, tr, full["z"], te, full, need_top)
            seen = {r.pair for r in recs if not r.original}
            for pair in sorted({every[i].pair for i in te} & seen):
                m = np.array([every[i].pair == pair for i in te])
                loyo[f"{source_language(pair)} {train_year % 100}->{test_year % 100}"] = round(
                    float(roc_auc_score(y[te][m], st[m])), 4)
    worst = max(flagged, key=flagged.get)
    return {"lopo": lopo, "lopo_mean": round(float(np.mean(list(lopo.values()))), 4),
            "held_out_human_flagged": flagged, "worst": [worst, flagged[worst]],
            "loyo": loyo, "loyo_mean": round(float(np.mean(list(loyo.values()))), 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stages", nargs="*", default=list(STAGES))
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the records and their features")
    ap.add_argument("--heads", type=Path, default=None, help="pickle of the head's fits")
    ap.add_argument("--vectors", type=Path, default=None, help="pickle of the pooled static vectors")
    ap.add_argument("--stat-weight", type=float, default=ms.STAT_WEIGHT,
                    help="the statistics' weight inside the head (0: n-grams alone)")
    ap.add_argument("--out", type=Path, required=True, help="JSON of the results (merged into an existing one)")
    args = ap.parse_args(argv)
    every, feats = load(args.cache)
    heads = Heads(every, feats, args.heads, args.stat_weight)
    vecs = pooled_vectors(every, args.vectors) if any("vec" in s for s in args.stages) else None
    out = json.loads(args.out.read_text()) if args.out.is_file() else {}
    for name in args.stages:
        t0 = time.perf_counter()
        res = evaluate(name, heads, vecs)
        res["seconds"] = round(time.perf_counter() - t0, 1)
        out[name if args.stat_weight == ms.STAT_WEIGHT else f"{name} (head sw {args.stat_weight})"] = res
        args.out.write_text(json.dumps(out, indent=1))
        lo = " ".join(f"{k} {v:.3f}" for k, v in res["lopo"].items())
        ly = " ".join(f"{k} {v:.3f}" for k, v in res["loyo"].items())
        print(f"{name:20s} LOPO {lo} mean {res['lopo_mean']:.3f} | worst {res['worst'][0]} "
              f"{res['worst'][1]:.1%} | LOYO {ly} mean {res['loyo_mean']:.3f} ({res['seconds']:.0f} s)",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
