"""Train the machine-translation style head (see detector/mt_style.py).

Data: JSONL, one article per line, in machine and in human translation, ideally of the
same source documents so the head learns how they differ rather than what they are about:

    {"id": str, "text": str, "label": "mt" | "human", "doc": str (optional), "title": str (optional)}

``doc`` groups the versions of one source document (default: the id); cross-validation
folds are drawn by group, so one story never sits on both sides of a split. The WMT news
test sets (source documents with human references and system outputs) have this shape.

Originals: articles written in English (any JSONL with ``id`` and ``text``, e.g. the
project's data/corpus/), added as human text. Without them the head knows human prose only
as human *translation*, and English wire copy, which reads unlike either, lands near its
threshold; with them it does not (measured in benchmarks/README.md). Each is its own group.

Fitting: out-of-fold probabilities over ``FOLDS`` folds give the honest figures the model
card records (ROC-AUC, paired accuracy of machine against human translation of the same
document, flag rates) and the threshold: the out-of-fold probability that ``HUMAN_FLAG_RATE``
of the human translations reach (originals excluded, so the rate holds for translations).
Then the head is refitted on everything.
"""

from __future__ import annotations

import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detector.classifier import positive_proba
from detector.model_store import sha256_file
from detector.mt_style import make_vectorizer

from .labels import LabelError, text_records
from .paths import recorded_path

FOLDS = 5
#: an n-gram enters the vocabulary only if it occurs in this many source documents (groups):
#: phrasing habits recur across stories, names and topic words of one story do not
MIN_DOCUMENTS = 3
#: the share of human translations the head may flag (chosen on out-of-fold probabilities)
HUMAN_FLAG_RATE = 0.05
ESTIMATOR = (f"TF-IDF(word 1-2-grams in >= {MIN_DOCUMENTS} source documents, typography folded, "
             "sublinear tf) -> LogisticRegression(C=1, balanced)")


@dataclass
class MTRecord:
    id: str
    text: str
    mt: bool
    group: str
    system: str = ""
    #: an English original rather than a translation
    original: bool = False


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
        group = f"original:{rid}" if originals else str(rec.get("doc") or rid)
        out.append(MTRecord(rid, text, label == "mt", group, str(rec.get("system") or ""), originals))
    if not out:
        raise LabelError(src, None, "no records (the file is empty)")
    return out


def fold_of(group: str, folds: int = FOLDS) -> int:
    return zlib.crc32(group.encode("utf-8")) % folds


def document_vocabulary(records: list[MTRecord], min_documents: int = MIN_DOCUMENTS) -> list[str]:
    """The n-grams that occur in at least ``min_documents`` groups of ``records``."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    from detector.mt_style import TOKEN_PATTERN, normalize

    cv = CountVectorizer(preprocessor=normalize, token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), binary=True,
                         min_df=min(min_documents, len(records)))
    X = cv.fit_transform([r.text for r in records])
    ids = {g: i for i, g in enumerate(sorted({r.group for r in records}))}
    rows = np.array([ids[r.group] for r in records])
    G = sp.csr_matrix((np.ones(len(records)), (rows, np.arange(len(records)))), shape=(len(ids), len(records)))
    in_docs = np.asarray(((G @ X) > 0).sum(axis=0)).ravel()
    return [str(n) for n, c in zip(cv.get_feature_names_out(), in_docs, strict=True) if c >= min_documents]


def fit_one(records: list[MTRecord], seed: int = 13):
    """A head fitted on ``records`` (its vocabulary drawn from them too)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    vocab = document_vocabulary(records)
    if not vocab:
        raise ValueError(f"no phrase occurs in {MIN_DOCUMENTS} or more source documents; add more documents")
    head = Pipeline([("tfidf", make_vectorizer(vocab)),
                     ("clf", LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced", random_state=seed))])
    return head.fit([r.text for r in records], np.array([r.mt for r in records], dtype=int))


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


def out_of_fold(records: list[MTRecord], seed: int = 13, folds: int = FOLDS) -> np.ndarray:
    """Each record's probability from a head fitted without its group."""
    texts = [r.text for r in records]
    y = np.array([r.mt for r in records], dtype=int)
    fold = np.array([fold_of(r.group, folds) for r in records])
    p = np.full(len(records), np.nan)
    for k in range(folds):
        tr, te = fold != k, fold == k
        if not te.any():
            continue
        if len(set(y[tr].tolist())) < 2:
            raise ValueError("every fold's training part needs both machine and human translations; "
                             "add more documents")
        head = fit_one([records[i] for i in np.flatnonzero(tr)], seed)
        p[te] = positive_proba(head, [texts[i] for i in np.flatnonzero(te)])
    return p


def fit_head(paths: list[str | Path], seed: int = 13, originals: list[str | Path] = ()) -> tuple[object, dict]:
    """Fit the head on MT/human files (and English ``originals``); returns (pipeline, metadata
    section for metadata.json)."""
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
                      "documents": len({r.group for r in recs})})
    y = np.array([r.mt for r in records], dtype=int)
    if y.sum() == 0 or y.sum() == len(y):
        raise ValueError("the MT-style data needs both 'mt' and 'human' records")
    groups = [r.group for r in records]
    p = out_of_fold(records, seed)
    translated = np.array([not r.original for r in records])
    # the flag rate is set on human translations when there are any, else on all human text
    ref = (y == 0) & translated if ((y == 0) & translated).any() else (y == 0)
    threshold = float(np.quantile(p[ref], 1.0 - HUMAN_FLAG_RATE))
    head = fit_one(records, seed)
    per_system = defaultdict(list)
    for r, pi in zip(records, p, strict=True):
        per_system["English originals" if r.original else r.system or ("mt" if r.mt else "human")].append(
            pi >= threshold)
    meta = {
        "estimator": ESTIMATOR,
        "threshold": round(threshold, 6),
        "typical": round(float(np.median(p[ref])), 6),
        "typical_rule": "median out-of-fold probability of the human translations",
        "threshold_rule": f"out-of-fold probability reached by {HUMAN_FLAG_RATE:.0%} of human translations",
        "training_data": files,
        "rows": {"mt": int(y.sum()), "human": int((y == 0).sum()), "originals": int((~translated).sum()),
                 "groups": len(set(groups)),
                 "features": len(head.steps[0][1].vocabulary_)},
        "cross_validation": {"folds": FOLDS, "split": f"crc32(doc) % {FOLDS}",
                             **separation_metrics(p[translated], y[translated],
                                                  [g for g, t in zip(groups, translated, strict=True) if t],
                                                  threshold),
                             "originals_flagged": (round(float((p[~translated] >= threshold).mean()), 4)
                                                   if (~translated).any() else None),
                             "flagged_by_system": {k: round(float(np.mean(v)), 4)
                                                   for k, v in sorted(per_system.items())}},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    return head, meta
