"""Train the machine-translation head (see detector/mt_style.py).

Data: JSONL (optionally gzipped), one article per line, in machine and in human translation,
ideally of the same source documents so the head learns how they differ rather than what
they are about:

    {"id": str, "text": str, "label": "mt" | "human", "doc": str (optional), "title": str (optional),
     "pair": "ru-en" (optional), "year": int (optional), "system": str (optional)}

``doc`` groups the versions of one source document (default: the id); with ``pair`` and
``year`` it names the group, so one story never sits on both sides of a split. ``pair`` (the
source language) is read from a WMT-style id ("wmt21-ruen-...") when the field is missing.
The WMT news test sets (source documents with human references and system outputs) have
this shape.

Originals: articles written in English (any JSONL with ``id`` and ``text``, e.g. the
project's data/corpus/), added as human text, each its own group. Without them the head knows
human prose only as human *translation*, and English wire copy lands near its threshold.

Balance: every source language weighs the same, and inside it the human translations weigh
as much as the machine ones (the WMT sets have 10-16 systems per document against one or two
references); the originals together weigh half a language's human side.

Fitting: out-of-fold logits, leave-one-pair-out when the data has two source languages or
more (each article scored by a head that never saw its source language: the honest figure for
a new language), else ``FOLDS`` folds by document. From them come the figures the model card
records (per pair: ROC-AUC, paired accuracy of machine against human translation of the same
document, flag rates; calibration), the Platt curve that turns logits into probabilities, and
the threshold, set by the measured risk of the worst source rather than on average: for every
risk group (a pair and year of human translations, ``risk_groups``) the out-of-fold probability
that ``HUMAN_FLAG_RATE`` of its human translations reach, and the highest of them (a pooled 5%
let one pair reach 21-26% while others stayed near 0). That line holds only the groups it was
set on, and a new source language is not one of them, so it is raised by a margin measured on
held-out languages (``held_out_threshold``): each source language in turn is left out of the
rule, and the margin is the most any left-out language needed above the line the others set to
keep its own groups at that share (in logits; a new language with Ukrainian's offset was
flagged at 15.7% without it). Then the head is refitted on everything and given that curve and
threshold.
"""

from __future__ import annotations

import re
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detector.model_store import sha256_file
from detector.mt_style import HEAD_FORMAT, NGRAM_MAX, STAT_NAMES, ArticleFeatures, Head, featurize

from .labels import LabelError, text_records
from .paths import recorded_path

FOLDS = 5
#: an n-gram enters the vocabulary only if it occurs in this many source documents (groups):
#: habits recur across stories, the shape of one story's sentences does not
MIN_DOCUMENTS = 3
#: the share of human translations the head may flag in the worst risk group (chosen on
#: out-of-fold probabilities)
HUMAN_FLAG_RATE = 0.05
#: a risk group of fewer human translations than this joins its pair's other years: a share of
#: a handful of records says little (WMT pairs and years hold 33-223)
MIN_RISK_GROUP = 20
#: the most frequent English words (wordfreq) the mask keeps as they are
FUNCTION_WORDS = 300
#: inverse regularisation of the logistic regression: 3.0 over 1.0 raised every leave-one-year-out
#: AUC and the mean leave-one-pair-out AUC on WMT21-22 news into English, no pair losing more
#: than 0.002 (benchmarks/mt_regimes.py; 10 and 30 gain a little more but cost Chinese more)
C = 3.0
#: the article statistics' scale beside the n-gram block (the block has unit L2 norm, the
#: statistics are standardised): at C=3, 0.1 over 0.3 raised every held-out language but
#: Chinese (-0.007) and three of four held-out years, and flagged fewer of a new language's human
#: translations (benchmarks/mt_stack.py); 0 costs Chinese 0.09, 0.3 was best at C=1
STAT_WEIGHT = 0.1
#: the originals' total weight, as a share of one source language's human translations
ORIGINALS_WEIGHT = 0.5
ESTIMATOR = (f"masked 1-{NGRAM_MAX}-grams (the {FUNCTION_WORDS} most frequent English words kept, other words "
             f"as shapes) and word 1-2-grams, in >= {MIN_DOCUMENTS} source documents, sublinear TF-IDF; "
             f"+ {len(STAT_NAMES)} article "
             f"statistics -> LogisticRegression(C={C}, balanced by source language and label) -> Platt "
             "curve on out-of-fold logits")

_WMT_ID = re.compile(r"^wmt(\d\d)-([a-z]{2})-?([a-z]{2})-")


@dataclass
class MTRecord:
    id: str
    text: str
    mt: bool
    group: str
    system: str = ""
    #: an English original rather than a translation
    original: bool = False
    #: the language pair ("ru-en"); "" when unknown
    pair: str = ""
    #: the year of the test set (2021), when known
    year: int | None = None


def read_mt_file(path: str | Path, originals: bool = False) -> list[MTRecord]:
    """Read one MT/human JSONL file (``originals``: a file of English originals, every record
    human, no label needed); raises LabelError naming the file and line."""
    src = str(path)
    out: list[MTRecord] = []
    for n, rec, text in text_records(path):
        label = "human" if originals else rec.get("label")
        if label not in ("mt", "human"):
            raise LabelError(src, n, f"label must be 'mt' or 'human', not {label!r}")
        rid = str(rec.get("id") or f"{Path(path).name}:{n}")
        pair = "" if originals else str(rec.get("pair") or "")
        year = rec.get("year") or ""
        if not originals and (m := _WMT_ID.match(rid)):
            pair, year = pair or f"{m.group(2)}-{m.group(3)}", year or 2000 + int(m.group(1))
        doc = str(rec.get("doc") or rid)
        group = (f"original:{rid}" if originals else f"{pair}:{year}:{doc}" if pair else doc)
        out.append(MTRecord(rid, text, label == "mt", group, str(rec.get("system") or ""), originals, pair,
                            int(year) if str(year).isdigit() else None))
    if not out:
        raise LabelError(src, None, "no records (the file is empty)")
    return out


def fold_of(group: str, folds: int = FOLDS) -> int:
    return zlib.crc32(group.encode("utf-8")) % folds


def function_words(n: int = FUNCTION_WORDS) -> list[str]:
    """The ``n`` most frequent English words (wordfreq), letters and apostrophes only."""
    from wordfreq import top_n_list

    return [w for w in top_n_list("en", n + 100) if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w)][:n]


def record_features(records: list[MTRecord], words: list[str]) -> list[ArticleFeatures]:
    """Each record as the head reads it, sentences cut as the scorer cuts them."""
    from detector.segment import segment

    fw = frozenset(words)
    return [featurize([s.text for s in segment(r.text)[1]], fw) for r in records]


def balance_weights(records: list[MTRecord]) -> np.ndarray:
    """Per record: every source language weighs the same, human and machine translations
    inside it too; the originals together weigh ORIGINALS_WEIGHT of one language's human side.
    Mean 1."""
    count = Counter((r.pair, r.mt) for r in records if not r.original)
    n_orig = sum(r.original for r in records)
    w = np.array([ORIGINALS_WEIGHT / n_orig if r.original else 1.0 / count[(r.pair, r.mt)] for r in records])
    return w * (len(w) / w.sum())


@dataclass
class CountMatrix:
    """The n-gram counts of a set of records, built once and shared by every fold's fit."""

    #: sorted n-grams found in MIN_DOCUMENTS groups or more (over all records)
    names: np.ndarray
    #: records x names
    counts: object
    #: each record's group, as a row index of ``presence``
    group_row: np.ndarray
    #: groups x names: 1 where the n-gram occurs in one of the group's records
    presence: object


def count_matrix(feats: list[ArticleFeatures], records: list[MTRecord]) -> CountMatrix:
    """Counts of every n-gram that can enter a vocabulary fitted on any subset of ``records``
    (one found in fewer than MIN_DOCUMENTS groups of all of them is in fewer in any part)."""
    import scipy.sparse as sp

    in_groups: dict[str, set[str]] = defaultdict(set)
    for f, r in zip(feats, records, strict=True):
        for g in f.counts:
            in_groups[g].add(r.group)
    n_groups = len({r.group for r in records})
    names = sorted(g for g, gs in in_groups.items() if len(gs) >= min(MIN_DOCUMENTS, n_groups))
    index = {g: i for i, g in enumerate(names)}
    rows, cols, vals = [], [], []
    for i, f in enumerate(feats):
        for g, c in f.counts.items():
            if (j := index.get(g)) is not None:
                rows.append(i)
                cols.append(j)
                vals.append(c)
    counts = sp.csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(len(feats), len(names)))
    group_ids = {g: k for k, g in enumerate(sorted({r.group for r in records}))}
    group_row = np.array([group_ids[r.group] for r in records], dtype=np.int64)
    member = sp.csr_matrix((np.ones(len(records)), (group_row, np.arange(len(records)))),
                           shape=(len(group_ids), len(records)))
    return CountMatrix(np.array(names, dtype=object), counts, group_row, member)


def fit_params(feats: list[ArticleFeatures], records: list[MTRecord], words: list[str], weights: np.ndarray,
               seed: int = 13, matrix: CountMatrix | None = None, rows: np.ndarray | None = None) -> dict:
    """The head's parameters (detector.mt_style.Head) fitted on ``feats``; calibration left
    as the identity (``fit_head`` sets it from out-of-fold logits). ``matrix`` and ``rows``:
    the counts of a larger set of records, of which ``feats``/``records`` are rows ``rows``
    (the same parameters, without counting again)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    y = np.array([r.mt for r in records], dtype=int)
    if len(set(y.tolist())) < 2:
        raise ValueError("the training part needs both machine and human translations; add more documents")
    if matrix is None:
        matrix, rows = count_matrix(feats, records), np.arange(len(records))
    # the vocabulary: n-grams seen in MIN_DOCUMENTS groups (of these records) or more
    part = matrix.counts[rows]
    seen = (matrix.presence[:, rows] @ (part > 0).astype(np.float64)) > 0
    in_groups = np.asarray(seen.sum(axis=0)).ravel()
    keep = np.flatnonzero(in_groups >= min(MIN_DOCUMENTS, len({r.group for r in records})))
    if not len(keep):
        raise ValueError(f"no n-gram occurs in {MIN_DOCUMENTS} or more source documents; add more documents")
    counts = part[:, keep]
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
    stats = np.vstack([f.stats for f in feats])
    mean, scale = stats.mean(axis=0), stats.std(axis=0)
    scale[scale < 1e-9] = 1.0
    X = sp.hstack([tfidf.transform(counts), sp.csr_matrix((stats - mean) / scale * STAT_WEIGHT)]).tocsr()
    clf = LogisticRegression(C=C, max_iter=5000, random_state=seed).fit(X, y, sample_weight=weights)
    sign = 1.0 if list(clf.classes_).index(1) == 1 else -1.0
    coef = sign * clf.coef_[0]
    names = matrix.names[keep]
    return {
        "format": HEAD_FORMAT, "function_words": list(words), "ngrams": [str(g) for g in names],
        "idf": tfidf.idf_.astype(np.float64), "ngram_coef": coef[: len(names)].astype(np.float64),
        "stat_names": list(STAT_NAMES), "stat_mean": mean, "stat_scale": scale,
        "stat_coef": (coef[len(names):] * STAT_WEIGHT).astype(np.float64),
        "intercept": float(sign * clf.intercept_[0]), "calibration": [1.0, 0.0],
    }


def logits(params: dict, feats: list[ArticleFeatures]) -> np.ndarray:
    head = Head(params, 0.5, 0.5)
    return np.array([head.logit(f)[0] for f in feats])


def fit_one(records: list[MTRecord], seed: int = 13) -> Head:
    """A head fitted on ``records`` (uncalibrated: its probability is the logistic of its logit)."""
    words = function_words()
    params = fit_params(record_features(records, words), records, words, balance_weights(records), seed)
    return Head(params, 0.5, 0.5)


def pair_counts(p, y, groups) -> tuple[int, int, int, list[float]]:
    """Over all (machine, human) pairs of the same group: how many the machine translation
    scores higher in, how many tie, how many pairs there are; and per group that has pairs,
    its share of wins."""
    by: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for pi, yi, g in zip(p, y, groups, strict=True):
        by[g][int(yi)].append(float(pi))
    wins = ties = pairs = 0
    per_group = []
    for human, mt in by.values():
        w = sum(m > h for m in mt for h in human)
        t = sum(m == h for m in mt for h in human)
        n = len(mt) * len(human)
        if n:
            per_group.append(w / n)
            wins, ties, pairs = wins + w, ties + t, pairs + n
    return wins, ties, pairs, per_group


def paired_accuracy(p: np.ndarray, y: np.ndarray, groups: list[str]) -> tuple[float | None, int]:
    """Over all (machine, human) pairs of the same group: the share where the machine
    translation scores higher, ties counted as half; and the number of pairs."""
    wins, ties, pairs, _ = pair_counts(p, y, groups)
    return (round((wins + ties / 2) / pairs, 4) if pairs else None), pairs


def separation_metrics(p: np.ndarray, y: np.ndarray, groups: list[str], threshold: float) -> dict:
    from sklearn.metrics import roc_auc_score

    paired, pairs = paired_accuracy(p, y, groups)
    both = 0 < y.sum() < len(y)
    return {
        "roc_auc": round(float(roc_auc_score(y, p)), 4) if both else None,
        "paired_accuracy": paired, "pairs": pairs,
        "human_flagged": round(float((p[y == 0] >= threshold).mean()), 4) if (y == 0).any() else None,
        "mt_flagged": round(float((p[y == 1] >= threshold).mean()), 4) if (y == 1).any() else None,
    }


def folds_of(records: list[MTRecord], folds: int = FOLDS) -> tuple[np.ndarray, str]:
    """Each record's fold and the rule: one fold per language pair when there are two or
    more (originals spread over them by crc32 of their group), else crc32(group) % folds."""
    pairs = sorted({r.pair for r in records if not r.original})
    if len(pairs) >= 2 and "" not in pairs:
        k = {p: i for i, p in enumerate(pairs)}
        return (np.array([fold_of(r.group, len(pairs)) if r.original else k[r.pair] for r in records]),
                f"leave one language pair out ({', '.join(pairs)}); originals by crc32(id) % {len(pairs)}")
    return np.array([fold_of(r.group, folds) for r in records]), f"crc32(doc) % {folds}"


def out_of_fold(records: list[MTRecord], seed: int = 13, folds: int = FOLDS,
                feats: list[ArticleFeatures] | None = None) -> tuple[np.ndarray, str]:
    """Each record's logit from a head fitted without its fold (see ``folds_of``), and the rule."""
    words = function_words()
    feats = feats if feats is not None else record_features(records, words)
    fold, rule = folds_of(records, folds)
    matrix = count_matrix(feats, records)
    z = np.full(len(records), np.nan)
    for k in sorted(set(fold.tolist())):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        train = [records[i] for i in tr]
        params = fit_params([feats[i] for i in tr], train, words, balance_weights(train), seed, matrix, tr)
        z[te] = logits(params, [feats[i] for i in te])
    return z, rule


def platt(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """(a, b) with P(mt) = 1 / (1 + exp(-(a z + b))), fitted on weighted logits."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1.0, max_iter=1000).fit(z.reshape(-1, 1), y, sample_weight=w)
    sign = 1.0 if list(lr.classes_).index(1) == 1 else -1.0
    return float(sign * lr.coef_[0][0]), float(sign * lr.intercept_[0])


def calibrated(z: np.ndarray, ab: tuple[float, float]) -> np.ndarray:
    t = np.clip(ab[0] * z + ab[1], -50, 50)
    return 1.0 / (1.0 + np.exp(-t))


def risk_groups(records: list[MTRecord]) -> list[str]:
    """Each record's risk group: ``pair:year`` ("ru-en:2022"), or the pair alone when that
    year has fewer than MIN_RISK_GROUP human translations (or no year is known); "" for the
    English originals. A later year of a pair is what a new test set looks like, so each year
    is held to the flag rate on its own."""
    humans = Counter((r.pair, r.year) for r in records if not r.original and not r.mt)
    return ["" if r.original else f"{r.pair}:{r.year}" if r.year and humans[(r.pair, r.year)] >= MIN_RISK_GROUP
            else r.pair for r in records]


def group_threshold(p: np.ndarray, rate: float) -> float:
    """The lowest threshold (midway between two probabilities) that flags at most ``rate`` of
    ``p`` (flagged: ``p >= threshold``)."""
    top = np.sort(p)[::-1]
    k = int(np.floor(rate * len(top) + 1e-9))
    if k >= len(top):
        return float(top[-1])
    above = top[k - 1] if k > 0 else min(top[0] + 1e-3, 1.0)
    return float((top[k] + above) / 2) if above > top[k] else float(np.nextafter(top[k], np.inf))


def minimax_threshold(p: np.ndarray, groups: list[str], rate: float = HUMAN_FLAG_RATE) -> tuple[float, dict]:
    """The threshold under which no group of human translations has more than ``rate`` of them
    flagged (the highest of the groups' own thresholds), and each group's flagged share at it.
    ``p``: the human translations' out-of-fold probabilities, ``groups`` their risk groups."""
    keys = sorted(set(groups))
    g = np.array(groups)
    threshold = max(group_threshold(p[g == k], rate) for k in keys)
    return threshold, {k: round(float((p[g == k] >= threshold).mean()), 4) for k in keys}


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(p / (1 - p)))


def held_out_threshold(p: np.ndarray, groups: list[str], units: list[str],
                       rate: float = HUMAN_FLAG_RATE) -> tuple[float, dict]:
    """The minimax threshold of ``p`` (the human translations' out-of-fold probabilities, their
    risk ``groups``), raised by the margin a held-out source language needed: for each unit
    (``units``: each record's source language) left out in turn, the logit gap between the
    lowest threshold that keeps its own groups at ``rate`` and the minimax threshold of the other
    units. The margin is the largest gap (0 when every left-out unit stayed at ``rate``, or with
    fewer than two units), so the threshold keeps every unit at ``rate`` even had it been the
    new one. Returns the threshold and {"base": minimax threshold, "margin": logits, "needed":
    each unit's gap, "flagged": each group's share at the threshold}."""
    g, u = np.array(groups), np.array(units)
    base, _ = minimax_threshold(p, groups, rate)
    needed = {}
    if len(set(units)) >= 2:
        for k in sorted(set(units)):
            rest = u != k
            own = max(group_threshold(p[g == grp], rate) for grp in sorted(set(g[~rest])))
            needed[k] = round(_logit(own) - _logit(minimax_threshold(p[rest], list(g[rest]), rate)[0]), 4)
    margin = max(0.0, *needed.values()) if needed else 0.0
    threshold = base if margin <= 0 else float(1.0 / (1.0 + np.exp(-(_logit(base) + margin))))
    flagged = {k: round(float((p[g == k] >= threshold).mean()), 4) for k in sorted(set(groups))}
    return threshold, {"base": round(base, 6), "margin": round(margin, 4), "needed": needed, "flagged": flagged}


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order]) / w.sum()
    return float(x[order][min(int(np.searchsorted(cw, q)), len(x) - 1)])


def calibration_error(p: np.ndarray, y: np.ndarray, w: np.ndarray, bins: int = 10) -> dict:
    """Weighted expected calibration error (equal-width bins) and Brier score."""
    b = np.minimum((p * bins).astype(int), bins - 1)
    ece = sum(abs(np.average(y[b == i], weights=w[b == i]) - np.average(p[b == i], weights=w[b == i]))
              * w[b == i].sum() for i in range(bins) if (b == i).any()) / w.sum()
    return {"ece": round(float(ece), 4), "brier": round(float(np.average((p - y) ** 2, weights=w)), 4)}


@dataclass
class FittedHead:
    """A head fitted on records, with its out-of-fold figures."""

    params: dict
    threshold: float
    typical: float
    #: per record: label, balance weight, out-of-fold logit and calibrated probability
    y: np.ndarray
    weights: np.ndarray
    z: np.ndarray
    p: np.ndarray
    rule: str
    #: per risk group (``risk_groups``): its human translations' out-of-fold flagged share
    human_flagged_by_group: dict | None = None
    #: the threshold before the held-out margin, the margin and what each language needed
    #: (``held_out_threshold``)
    margin: dict | None = None


def fit_records(records: list[MTRecord], seed: int = 13, feats: list[ArticleFeatures] | None = None) -> FittedHead:
    """Out-of-fold logits, the Platt curve and threshold they give, and the head refitted on
    all of ``records`` (``feats``: their features, when already computed)."""
    y = np.array([r.mt for r in records], dtype=int)
    if y.sum() == 0 or y.sum() == len(y):
        raise ValueError("the MT data needs both 'mt' and 'human' records")
    words = function_words()
    feats = feats if feats is not None else record_features(records, words)
    w = balance_weights(records)
    z, rule = out_of_fold(records, seed, feats=feats)
    ab = platt(z, y, w)
    p = calibrated(z, ab)
    translated = np.array([not r.original for r in records])
    # the flag rate is set on human translations (each pair weighing the same) when there are any
    ref = (y == 0) & translated if ((y == 0) & translated).any() else (y == 0)
    params = fit_params(feats, records, words, w, seed)
    params["calibration"] = list(ab)
    risk = risk_groups(records)
    idx = np.flatnonzero(ref)
    threshold, info = held_out_threshold(p[ref], [risk[i] for i in idx], [records[i].pair for i in idx])
    margin = {k: info[k] for k in ("base", "margin", "needed")}
    return FittedHead(params, threshold, weighted_quantile(p[ref], w[ref], 0.5), y, w, z, p, rule,
                      info["flagged"], margin)


def fit_head(paths: list[str | Path], seed: int = 13, originals: list[str | Path] = ()) -> tuple[dict, dict]:
    """Fit the head on MT/human files (and English ``originals``); returns (parameters for
    detector.mt_style.Head, the metadata section for metadata.json)."""
    t0 = time.perf_counter()
    records: list[MTRecord] = []
    files = []
    seen: set[str] = set()
    for path, orig in [*((p, False) for p in paths), *((p, True) for p in originals)]:
        recs = read_mt_file(path, originals=orig)
        fresh = [r for r in recs if (r.text, r.mt) not in seen]
        seen.update((r.text, r.mt) for r in fresh)
        records.extend(fresh)
        files.append({"path": recorded_path(path), "sha256": sha256_file(Path(path)), "records": len(recs),
                      "role": "English originals (human)" if orig else "machine and human translations",
                      "mt": sum(r.mt for r in recs), "human": sum(not r.mt for r in recs),
                      "documents": len({r.group for r in recs}),
                      **({} if orig else {"pairs": dict(sorted(Counter(r.pair or "?" for r in recs).items()))})})
    fitted = fit_records(records, seed)
    y, w, p, threshold, params = fitted.y, fitted.weights, fitted.p, fitted.threshold, fitted.params
    groups = [r.group for r in records]
    translated = np.array([not r.original for r in records])
    per_pair = {}
    for pair in sorted({r.pair for r in records if not r.original}):
        m = np.array([r.pair == pair and not r.original for r in records])
        per_pair[pair or "?"] = {"documents": len({g for g, k in zip(groups, m, strict=True) if k}),
                                 **separation_metrics(p[m], y[m], [g for g, k in zip(groups, m, strict=True) if k],
                                                      threshold)}
    per_system = defaultdict(list)
    for r, pi in zip(records, p, strict=True):
        per_system["English originals" if r.original else r.system or ("mt" if r.mt else "human")].append(
            pi >= threshold)
    section = {
        "estimator": ESTIMATOR,
        "format": HEAD_FORMAT,
        "threshold": round(threshold, 6),
        "typical": round(fitted.typical, 6),
        "typical_rule": "median out-of-fold probability of the human translations (each pair weighing the same)",
        "threshold_rule": f"the lowest out-of-fold probability that flags at most {HUMAN_FLAG_RATE:.0%} of the "
                          "human translations of every pair and year (the worst group sets it), raised by the "
                          "largest logit margin a source language left out of that rule needed to stay at "
                          f"{HUMAN_FLAG_RATE:.0%}",
        "threshold_margin": fitted.margin,
        "calibration": {"method": "Platt curve on out-of-fold logits",
                        "a": round(params["calibration"][0], 6), "b": round(params["calibration"][1], 6),
                        "balanced": "each pair weighs the same, human and machine translations inside it too",
                        **calibration_error(p[translated], y[translated], w[translated])},
        "training_data": files,
        "rows": {"mt": int(y.sum()), "human": int((y == 0).sum()), "originals": int((~translated).sum()),
                 "groups": len(set(groups)), "features": len(params["ngrams"]) + len(STAT_NAMES)},
        "cross_validation": {"split": fitted.rule,
                             **separation_metrics(p[translated], y[translated],
                                                  [g for g, t in zip(groups, translated, strict=True) if t],
                                                  threshold),
                             "originals_flagged": (round(float((p[~translated] >= threshold).mean()), 4)
                                                   if (~translated).any() else None),
                             "per_pair": per_pair,
                             "human_flagged_by_group": fitted.human_flagged_by_group,
                             "flagged_by_system": {k: round(float(np.mean(v)), 4)
                                                   for k, v in sorted(per_system.items())}},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    return params, section
