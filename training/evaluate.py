"""Evaluate a model on labelled articles: sentence, per-type and article metrics, calibration.

    detector evaluate --model MODEL_DIR --data labels.jsonl [--format table|json]

The data is either labels files (see training.labels) or evaluation files with expected
findings (data/eval/articles.jsonl): there every expected anchor's sentence is an artifact
of that type and every other sentence is clean.

Sentence level: precision, recall and F1 at p >= 0.5, ROC-AUC, average precision, the
confusion matrix, calibration (reliability table, expected calibration error) and the
threshold that keeps false positives on clean sentences at 1%. Per finding type: that
type's artifact sentences against all clean sentences (other artifact types left out), so
the precision of a type shares its false positives with every other type. Article level:
an article is positive when any of its sentences is labelled artifact; its score is the
runtime article score (detector.verdict: its findings weighed by their sentences' probabilities;
no translation model here).
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import numpy as np

from detector.data import FINDING_TYPES

from .labels import LabelError, LabelledArticle, Span, load_labelled
from .train import FIT_THREADS

#: Sentence threshold for precision/recall/F1 and the confusion matrix (the one the model
#: card reports; a probability, so 0.5 is "more likely artifact than not").
THRESHOLD = 0.5
#: False-positive rate on clean sentences the operating-point threshold is chosen for.
TARGET_FPR = 0.01


def is_expected_format(path: str | os.PathLike) -> bool:
    """True for an evaluation file with ``expected`` findings rather than ``labels``."""
    from detector.fileio import first_json_record

    p = Path(path)
    if p.suffix.lower() == ".csv" or not p.is_file():
        return False
    obj = first_json_record(p)
    return obj is not None and "expected" in obj and "labels" not in obj


def read_expected_file(path: str | os.PathLike) -> list[LabelledArticle]:
    """Articles of an evaluation file, as labelled articles: each expected anchor marks its
    sentence(s) as an artifact of that type, all other sentences are clean."""
    from .eval_findings import anchor_span
    from .labels import text_records

    source = str(path)
    out: list[LabelledArticle] = []
    for line_no, rec, text in text_records(path):
        expected = rec.get("expected", [])
        if not isinstance(expected, list):
            raise LabelError(source, line_no, "'expected' must be a list")
        spans = []
        for e in expected:
            typ = e.get("type") if isinstance(e, dict) else None
            if typ not in FINDING_TYPES:
                raise LabelError(source, line_no, f"unknown finding type {typ!r}")
            try:
                start, end = anchor_span(text, str(e.get("anchor") or ""), int(e.get("occurrence", 0)))
            except ValueError as exc:
                raise LabelError(source, line_no, str(exc)) from exc
            if start == end:
                raise LabelError(source, line_no, "an expected item has an empty anchor")
            spans.append(Span(start, end, "artifact", typ, str(e.get("note") or "")))
        rid = str(rec.get("id") or f"{Path(source).name}:{line_no}")
        out.append(LabelledArticle(id=rid, text=text, title=str(rec.get("title") or ""), unlabelled="clean",
                                   spans=spans, group=rid, source=f"{source}:{line_no}"))
    if not out:
        raise LabelError(source, None, "the file has no articles")
    return out


def load_evaluation_articles(paths: list[str | os.PathLike]) -> list[LabelledArticle]:
    """Labelled articles from labels files and/or evaluation files (merged like labels files)."""
    labels_files = [p for p in paths if not is_expected_format(p)]
    articles = load_labelled(labels_files) if labels_files else []
    seen = {a.key for a in articles}
    for p in paths:
        if is_expected_format(p):
            for a in read_expected_file(p):
                if a.key not in seen:
                    seen.add(a.key)
                    articles.append(a)
    return articles


def _sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _ranking(y: np.ndarray, p: np.ndarray) -> dict:
    from sklearn.metrics import average_precision_score, roc_auc_score

    if 0 < y.sum() < len(y):
        return {"roc_auc": round(float(roc_auc_score(y, p)), 4),
                "average_precision": round(float(average_precision_score(y, p)), 4)}
    return {"roc_auc": None, "average_precision": None}


def _prf(y: np.ndarray, p: np.ndarray, threshold: float) -> dict:
    pred = p >= threshold
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)}


def threshold_at_fpr(y: np.ndarray, p: np.ndarray, target: float = TARGET_FPR) -> dict:
    """The lowest threshold at which at most ``target`` of the clean sentences score at or
    above it, and what it gives: the false-positive rate reached, recall and precision."""
    clean = np.sort(p[y == 0])[::-1]
    if not len(clean):
        return {"target_fpr": target, "threshold": None, "fpr": None, "recall": None, "precision": None}
    k = math.floor(target * len(clean))  # clean sentences allowed at or above the threshold
    # just above the (k+1)-th highest clean score, rounded up so the reported number is the one used
    t = min(1.0, math.floor(float(clean[k]) * 1e6 + 1) / 1e6)
    out = {"target_fpr": target, "threshold": t, "fpr": round(float((clean >= t).mean()), 4)}
    return out | _prf(y, p, t)


def sentence_report(y: np.ndarray, p: np.ndarray, threshold: float = THRESHOLD) -> dict:
    return {"n": int(len(y)), "n_artifact": int(y.sum()), "n_clean": int((y == 0).sum()),
            "threshold": threshold} | _prf(y, p, threshold) | _ranking(y, p)


def per_type_report(y: np.ndarray, p: np.ndarray, types: list[str | None], threshold: float = THRESHOLD) -> dict:
    ta = np.array([t or "untyped" for t in types])
    out = {}
    for t in [*FINDING_TYPES, "untyped"]:
        pos = (y == 1) & (ta == t)
        if not pos.any():
            continue
        m = pos | (y == 0)
        out[t] = sentence_report(y[m], p[m], threshold)
        out[t]["n"] = int(pos.sum())
        del out[t]["n_artifact"], out[t]["n_clean"], out[t]["threshold"]
    return out


def confusion(y: np.ndarray, p: np.ndarray, threshold: float = THRESHOLD) -> dict:
    pred = p >= threshold
    tn, fp = int((~pred & (y == 0)).sum()), int((pred & (y == 0)).sum())
    fn, tp = int((~pred & (y == 1)).sum()), int((pred & (y == 1)).sum())
    return {"threshold": threshold, "tn": tn, "fp": fp, "fn": fn, "tp": tp,
            "matrix": [[tn, fp], [fn, tp]], "rows": "true clean, true artifact",
            "columns": "predicted clean, predicted artifact"}


def article_report(rows, estimator, thresholds: dict, axis_thresholds: dict | None = None) -> dict:
    """Article-level ranking and labels; ``rows`` are the dataset's ArticleRows."""
    from detector.classifier import positive_proba
    from detector.verdict import decide

    # one call for every sentence of every article, then cut per article
    p_all = positive_proba(estimator, np.vstack([a.X for a in rows])) if rows else np.zeros(0)
    bounds = np.cumsum([0] + [len(a.X) for a in rows])
    verdicts = [decide(a.findings, p_all[lo:hi].tolist(), None, thresholds, axis_thresholds)
                for a, lo, hi in zip(rows, bounds[:-1], bounds[1:], strict=True)]
    scores = np.array([v.score for v in verdicts])
    truth = np.array([int(a.positive) for a in rows], dtype=np.int8)
    labels: dict[str, dict[str, int]] = {"artifact": {}, "clean": {}}
    for v, t in zip(verdicts, truth, strict=True):
        lab = v.label
        bucket = labels["artifact" if t else "clean"]
        bucket[lab] = bucket.get(lab, 0) + 1
    return {"n": int(len(rows)), "n_artifact": int(truth.sum()), **_ranking(truth, scores),
            "labels_by_truth": labels, "scores": [round(float(s), 4) for s in scores],
            "ids": [a.id for a in rows]}


def evaluate_dataset(ds, estimator, thresholds: dict, axis_thresholds: dict | None = None) -> dict:
    """Every metric of a built dataset (``build_dataset(..., keep_articles=True)``) under one estimator."""
    from detector.classifier import positive_proba

    from .train import expected_calibration_error

    p = positive_proba(estimator, ds.X)
    y = ds.y.astype(int)
    ece, table = expected_calibration_error(y, p)
    art = article_report(ds.articles, estimator, thresholds, axis_thresholds)
    del art["scores"], art["ids"]
    return {
        "sentence": sentence_report(y, p),
        "per_type": per_type_report(y, p, ds.types),
        "article": art,
        "calibration": {"ece": round(ece, 4), "bins": 10, "reliability": table},
        "confusion_matrix": confusion(y, p),
        "fpr_1pct": threshold_at_fpr(y, p),
    }


def evaluate(model, paths: list[str | os.PathLike], embedder, threads: int | None = FIT_THREADS) -> dict:
    """Evaluate a loaded model on labels/evaluation files. Raises LabelError on bad data and
    ModelError when the model's features are not this version's."""
    from detector.errors import Errors, ModelError
    from detector.features import feature_names

    from .train import build_dataset, fit_threads

    if model.feature_names and model.feature_names != feature_names(embedder.dim):
        raise ModelError(Errors.E025, detail="the model's feature list differs from this version's; retrain it",
                         source=str(model.path))
    articles = load_evaluation_articles(paths)
    ds = build_dataset(articles, embedder, keep_articles=True)
    if not len(ds.y):
        raise LabelError(", ".join(str(p) for p in paths), None, "no labelled sentences to evaluate on")
    report = {
        "model": {"name": model.name, "version": model.version, "path": str(model.path)},
        "data": {"files": [{"path": str(p), "sha256": _sha256(p),
                            "format": "expected" if is_expected_format(p) else "labels"} for p in paths],
                 "articles": len(ds.articles), "sentences": int(len(ds.y))},
    }
    with fit_threads(threads):
        return report | evaluate_dataset(ds, model.estimator, model.thresholds, model.axis_thresholds)


def _v(x, width: int = 8) -> str:
    return f"{'–':>{width}}" if x is None else f"{x:>{width}.4f}" if isinstance(x, float) else f"{x:>{width}}"


def format_table(r: dict) -> str:
    s, a, c, f = r["sentence"], r["article"], r["confusion_matrix"], r["fpr_1pct"]
    lines = [
        f"model {r['model']['name']} {r['model']['version']}  ({r['model']['path']})",
        f"data  {', '.join(d['path'] for d in r['data']['files'])}",
        f"      {r['data']['articles']} articles, {s['n']} labelled sentences ({s['n_artifact']} artifact)", "",
        f"{'sentences':<22}{'n':>8}{'prec':>8}{'recall':>8}{'F1':>8}{'ROC-AUC':>8}{'AP':>8}",
        f"{'all':<22}{s['n']:>8}{_v(s['precision'])}{_v(s['recall'])}{_v(s['f1'])}{_v(s['roc_auc'])}"
        f"{_v(s['average_precision'])}",
    ]
    for t, m in r["per_type"].items():
        lines.append(f"  {t:<20}{m['n']:>8}{_v(m['precision'])}{_v(m['recall'])}{_v(m['f1'])}{_v(m['roc_auc'])}"
                     f"{_v(m['average_precision'])}")
    lines += [
        f"(at p >= {s['threshold']}; per type: that type's artifacts against all clean sentences)", "",
        f"articles: {a['n']} ({a['n_artifact']} with an artifact)  ROC-AUC {_v(a['roc_auc'], 0)}  "
        f"AP {_v(a['average_precision'], 0)}",
    ]
    for truth, labs in a["labels_by_truth"].items():
        lines.append(f"  labelled {truth:<9} -> " + ", ".join(f"{k} {v}" for k, v in sorted(labs.items())))
    lines += [
        "", f"confusion matrix at p >= {c['threshold']}:  predicted clean  predicted artifact",
        f"  true clean     {c['tn']:>16}  {c['fp']:>18}",
        f"  true artifact  {c['fn']:>16}  {c['tp']:>18}", "",
        f"1% false positives on clean sentences: threshold {_v(f['threshold'], 0)}",
        f"  (FPR {_v(f['fpr'], 0)}, recall {_v(f['recall'], 0)}, precision {_v(f['precision'], 0)})", "",
        f"calibration: ECE {r['calibration']['ece']:.4f}",
        f"  {'bin':<10}{'n':>7}{'mean p':>9}{'observed':>10}",
    ]
    for b in r["calibration"]["reliability"]:
        lines.append(f"  {b['bin']:<10}{b['n']:>7}{b['mean_p']:>9.4f}{b['observed']:>10.4f}")
    return "\n".join(lines) + "\n"
