"""Find labels that are probably wrong: out-of-fold predictions against the labels.

    detector review-labels --data labels.jsonl [--model MODEL_DIR] [--top 20] [--format jsonl]

Every labelled sentence gets a probability from a model that did not train on its article
group: the data is cut into 5 folds by article group (a generated variant stays with its
source article) and each fold is scored by the model's estimator recipe
(``training.train.make_estimator``) fitted on the other four. Sentences are ranked by
``|label - p|``: an "artifact" the others call clean, or a "clean" sentence they call an
artifact, comes first.

The jsonl output is the labels format, one line per article with the doubtful sentences as
labels (current label; the note gives p and the file and line the label came from). Fix a
label in that source file: a file that gives one sentence two different labels is refused,
so a corrected line replaces the original rather than being added beside it.
"""

from __future__ import annotations

import numpy as np

from detector.classifier import positive_proba

from . import train as _train
from .labels import LabelledArticle
from .train import FIT_THREADS, TrainingDataError, fit_threads

FOLDS = 5


def out_of_fold(ds, seed: int = 13, folds: int = FOLDS, threads: int | None = FIT_THREADS) -> np.ndarray:
    """P(artifact) for every row from a model fitted without that row's article group."""
    from sklearn.model_selection import GroupKFold

    groups = np.array(ds.groups)
    n_groups = len(set(ds.groups))
    k = min(folds, n_groups)
    if k < 2:
        raise TrainingDataError("cross-validation needs labelled articles from at least 2 article groups")
    p = np.zeros(len(ds.y))
    for tr, te in GroupKFold(n_splits=k).split(ds.X, ds.y, groups):
        y_tr = ds.y[tr]
        if len(set(y_tr.tolist())) < 2:
            p[te] = float(y_tr.mean())  # nothing to learn from: predict the base rate
            continue
        est = _train.make_estimator(seed)
        try:
            with fit_threads(threads):
                est.fit(ds.X[tr], y_tr)
                p[te] = positive_proba(est, ds.X[te])
        except ValueError as exc:  # e.g. too few artifact sentences for the 5-fold calibration
            raise TrainingDataError(f"cannot fit a fold ({exc}); label more artifact and clean sentences") from exc
    return p


def rank(ds, p: np.ndarray, top: int | None = 20, p_model: np.ndarray | None = None) -> list[dict]:
    """The labelled sentences whose label most disagrees with ``p``, most doubtful first."""
    gap = np.abs(ds.y.astype(float) - p)
    order = sorted(range(len(gap)), key=lambda i: (-gap[i], ds.sources[i], ds.sentence_index[i]))
    rows = []
    for r, i in enumerate(order[: top if top is not None else len(order)], start=1):
        row = {
            "rank": r, "article_id": ds.article_ids[i], "source": ds.sources[i], "group": ds.groups[i],
            "sentence": ds.sentence_index[i], "start": ds.spans[i][0], "end": ds.spans[i][1],
            "text": ds.texts[i], "label": "artifact" if ds.y[i] else "clean", "type": ds.types[i],
            "p": round(float(p[i]), 4), "disagreement": round(float(gap[i]), 4),
        }
        if p_model is not None:
            row["p_model"] = round(float(p_model[i]), 4)
        rows.append(row)
    return rows


def review(articles: list[LabelledArticle], embedder, *, seed: int = 13, folds: int = FOLDS,
           top: int | None = 20, model=None, threads: int | None = FIT_THREADS) -> list[dict]:
    """Build features, predict out of fold and rank. ``model`` (optional) adds its own p."""
    ds = _train.build_dataset(articles, embedder)
    if len(set(ds.y.tolist())) < 2:
        raise TrainingDataError("the labelled data needs both 'artifact' and 'clean' sentences")
    p = out_of_fold(ds, seed, folds, threads)
    p_model = positive_proba(model.estimator, ds.X) if model is not None else None
    return rank(ds, p, top, p_model)


def as_label_records(rows: list[dict], articles: list[LabelledArticle]) -> list[dict]:
    """The ranked sentences as labels-format records, one per article, in ranking order."""
    by_source = {a.source: a for a in articles}
    records: dict[str, dict] = {}
    for row in rows:
        art = by_source[row["source"]]
        rec = records.get(art.source)
        if rec is None:
            rec = records[art.source] = {"id": art.id, "title": art.title, "text": art.text, "unlabelled": "ignore",
                                         "labels": [], "origin": {"article": art.group or art.id}}
        s, e = row["start"], row["end"]
        rec["labels"].append({"start": s, "end": e, "text": art.text[s:e], "label": row["label"],
                              "type": row["type"],
                              "note": f"review: out-of-fold p={row['p']:.3f}, rank {row['rank']}; "
                                      f"labelled in {row['source']}"})
    return list(records.values())


def format_table(rows: list[dict], width: int = 90) -> str:
    lines = [f"{'#':>4} {'p':>6}  {'label':<9}{'type':<19}{'article':<24}sentence"]
    for r in rows:
        text = r["text"].replace("\n", " ")
        text = text if len(text) <= width else text[: width - 1] + "…"
        lines.append(f"{r['rank']:>4} {r['p']:>6.3f}  {r['label']:<9}{(r['type'] or '-'):<19}"
                     f"{r['article_id'][:23]:<24}{text}")
    return "\n".join(lines) + "\n"
