"""Retrain a model on its own training data plus new labels; compare; promote if not worse.

    detector retrain --base MODEL_DIR --data new_labels.jsonl [--eval labels.jsonl] [--force]

Training data is the base model's recorded training files (metadata ``training_data``)
united with the new labels files; an article present in several files is merged, not
counted twice. The new and the base model are compared on the same rows: the held-out
split of the united data (article groups with ``crc32(group) % 5 == 0``, which neither
model trained on, since the split is a function of the group alone) and every ``--eval``
file. Both estimators score identical feature rows.

The decision uses one number, average precision (AP) of the sentence probabilities on
the held-out split. AP summarises the whole precision-recall curve, so it does not depend
on a threshold or on how the calibration moved between the two models, and it is driven
by the rare artifact class rather than by the many easy clean sentences (ROC-AUC, dominated
by those, moves little when a model gets worse on the artifacts that matter). The new model is promoted
when its AP is at least the base model's minus ``TOLERANCE``; ``force`` promotes it anyway.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from detector.classifier import positive_proba

from .paths import resolve_recorded_path
from .train import (
    FIT_THREADS,
    HELD_OUT_MOD,
    TrainedModel,
    TrainingDataError,
    add_mt_head,
    build_dataset,
    fit_model,
    fit_threads,
    held_out,
    load_training_articles,
    sentence_metrics,
    write_model,
)

PRIMARY_METRIC = "average_precision"
#: AP may drop by this much and still count as "not worse": it keeps an equivalent retrain
#: from being refused over a rounding-size change. It is small next to the sampling noise of
#: AP itself (a bootstrap over article groups of the shipped model's held-out split, 165
#: artifact sentences, gives a standard deviation of 0.023), which is why both models are
#: scored on the very same rows: the noise of the split is then shared, not compared.
TOLERANCE = 0.005
#: Metrics shown side by side for each data set.
COMPARED = ("average_precision", "roc_auc", "f1", "precision", "recall", "ece")
COMPARISON_FILE = "comparison.json"


@dataclass
class RetrainResult:
    path: Path
    promoted: bool
    comparison: dict
    message: str


def base_training_paths(base) -> tuple[list[Path], list[str]]:
    """The base model's training files, found again; and warnings for files that changed.

    Raises:
        TrainingDataError: no files are recorded, or some cannot be found (all are named).
    """
    entries = base.metadata.get("training_data") or []
    if not entries:
        raise TrainingDataError(f"the base model {base.path} records no training data files, so it cannot be "
                                "retrained; train a new model with `detector train`")
    found, missing, warnings = [], [], []
    for e in entries:
        p = resolve_recorded_path(str(e.get("path", "")))
        if p is None:
            missing.append(str(e.get("path")))
            continue
        found.append(p)
        if e.get("sha256"):
            from detector.model_store import sha256_file

            if sha256_file(p) != e["sha256"]:
                warnings.append(f"{p} has changed since {base.name} {base.version} was trained on it "
                                f"(sha256 {e['sha256'][:12]}… recorded); the current file is used")
    if missing:
        raise TrainingDataError(
            f"the base model's training data is missing: {', '.join(missing)} (recorded in "
            f"{Path(base.path) / 'metadata.json'}); run from the directory it was trained in, or restore the files")
    return found, warnings


def _unique(paths) -> list[Path]:
    out, seen = [], set()
    for p in paths:
        key = Path(p).resolve()
        if key not in seen:
            seen.add(key)
            out.append(Path(p))
    return out


def _compatible(base, embedder) -> str | None:
    """Why the base model cannot score this version's feature rows, or None."""
    from detector.features import feature_names

    if base.metadata.get("embedding_model") and base.metadata["embedding_model"] != embedder.name:
        return f"the base model uses {base.metadata['embedding_model']} embeddings"
    if base.feature_names and base.feature_names != feature_names(embedder.dim):
        return "the base model's feature list differs from this version's"
    return None


def _pick(m: dict) -> dict:
    return {k: m.get(k) for k in ("n", "n_artifact", *COMPARED)}


def new_labels_line(path: str | os.PathLike, articles: list) -> str:
    """What a new labels file adds: its articles, those trained on and those held out to compare
    the two models (a newcomer's few articles are otherwise lost among the base model's)."""
    mine = [a for a in articles if a.source.startswith(str(Path(path)) + ":")]
    if not mine:
        return f"{path}: every article is already in the training data (its labels are used there)"
    n_held = sum(held_out(a.group) for a in mine)
    n_labels = sum(len(a.spans) for a in mine)
    return (f"{path}: {len(mine):,} new article{'s' if len(mine) != 1 else ''}, {n_labels:,} labels; "
            f"{len(mine) - n_held:,} trained on, {n_held:,} held out to compare the two models")


def decide(old_ap: float | None, new_ap: float | None, *, tolerance: float = TOLERANCE, why_not: str | None = None,
           force: bool = False) -> tuple[str, bool]:
    """The promotion decision in words, and whether the new model is promoted."""
    if why_not is not None:
        verdict, ok = f"not comparable: {why_not}", False
    elif old_ap is None or new_ap is None:
        verdict, ok = "not comparable: the held-out split needs both artifact and clean sentences", False
    elif new_ap >= old_ap:
        verdict, ok = f"new AP {new_ap:.4f} >= old AP {old_ap:.4f}", True
    elif new_ap >= old_ap - tolerance:
        # "0.8004 >= 0.8005 (tolerance 0.005)" read as false arithmetic
        verdict, ok = f"new AP {new_ap:.4f} is within {tolerance} of old AP {old_ap:.4f}", True
    else:
        verdict, ok = f"new AP {new_ap:.4f} < old AP {old_ap:.4f} by more than {tolerance}", False
    if ok:
        return f"promoted: {verdict}", True
    if force:
        return f"promoted (--force): {verdict}", True
    return f"not promoted: {verdict}", False


def compare(base, trained: TrainedModel, evals: list[tuple[str, object]], embedder, *, out: Path,
            force: bool = False, tolerance: float = TOLERANCE) -> dict:
    """Old and new metrics on the held-out split and on each eval data set, and the decision."""
    ds, test = trained.dataset, trained.test
    why_not = _compatible(base, embedder)
    y_test = ds.y[test]
    test_types = [t for t, m in zip(ds.types, test, strict=True) if m]
    new_held = sentence_metrics(y_test, trained.p_test, test_types)
    old_held = None
    if why_not is None and test.any():
        old_held = sentence_metrics(y_test, positive_proba(base.estimator, ds.X[test]), test_types)
    sets = [{"data": "held-out split", "split": f"crc32(group) % {HELD_OUT_MOD} == 0",
             "old": _pick(old_held) if old_held else None, "new": _pick(new_held)}]
    for path, eds in evals:
        y = eds.y
        new_m = sentence_metrics(y, positive_proba(trained.estimator, eds.X), eds.types) if len(y) else {}
        old_m = (sentence_metrics(y, positive_proba(base.estimator, eds.X), eds.types)
                 if len(y) and why_not is None else None)
        sets.append({"data": str(path), "old": _pick(old_m) if old_m else None, "new": _pick(new_m)})
    old_ap = old_held.get(PRIMARY_METRIC) if old_held else None
    new_ap = new_held.get(PRIMARY_METRIC)
    ok = decide(old_ap, new_ap, tolerance=tolerance, why_not=why_not)[1]
    decision, promoted = decide(old_ap, new_ap, tolerance=tolerance, why_not=why_not, force=force)
    rows = []
    for s in sets:
        for k in COMPARED:
            rows.append({"data": s["data"], "metric": k, "old": (s["old"] or {}).get(k), "new": s["new"].get(k)})
    return {
        "primary_metric": f"{PRIMARY_METRIC} on the held-out split",
        "tolerance": tolerance,
        "base": {"name": base.name, "version": base.version, "path": str(base.path)},
        "new": {"name": trained.metadata["name"], "version": trained.metadata["version"], "path": str(out)},
        "sets": sets,
        "rows": rows,
        "old_ap": old_ap,
        "new_ap": new_ap,
        "improved_or_equal": ok,
        "forced": bool(force and not ok),
        "promoted": promoted,
        "decision": decision,
    }


def _mt_comparison(base, trained: TrainedModel) -> dict | None:
    """What happened to the MT-style head, with both heads' out-of-fold figures. Not part of
    the promotion decision: a refitted head is measured on its own data, which may differ."""
    old = (base.metadata.get("mt_style") or {}).get("cross_validation")
    section = trained.metadata.get("mt_style") or {}
    if not old and not section:
        return None
    if section.get("inherited_from"):
        return {"status": f"kept from {section['inherited_from']}", "base": old, "new": old}
    new = section.get("cross_validation")
    status = "refitted with --mt-data" if old else "added with --mt-data"
    return {"status": status if new else "none", "base": old, "new": new}


def format_comparison(c: dict) -> str:
    def v(x):
        return f"{'–':>10}" if x is None else f"{x:>10.4f}" if isinstance(x, float) else f"{x:>10}"

    base, new = c["base"], c["new"]
    lines = [f"base: {base['name']} {base['version']} ({base['path']})",
             f"new:  {new['name']} {new['version']} ({new['path']})",
             f"{'':<24}{'base':>10}{'new':>10}"]
    for s in c["sets"]:
        old, nw = s["old"] or {}, s["new"]
        lines.append(f"{s['data']} ({nw.get('n')} sentences, {nw.get('n_artifact')} artifact)")
        for k in COMPARED:
            mark = " *" if (k == PRIMARY_METRIC and s["data"] == "held-out split") else ""
            lines.append(f"  {k + mark:<22}{v(old.get(k))}{v(nw.get(k))}")
    lines.append(f"* primary metric (tolerance {c['tolerance']})")
    mt = c.get("mt_style")
    if mt:
        lines.append(f"MT-style head: {mt['status']}")
        if mt.get("base") or mt.get("new"):
            lines.append("  out of fold, each on its own data:")
            for k in ("roc_auc", "paired_accuracy", "human_flagged", "mt_flagged"):
                lines.append(f"  {k:<22}{v((mt.get('base') or {}).get(k))}{v((mt.get('new') or {}).get(k))}")
    lines.append(c["decision"])
    return "\n".join(lines) + "\n"


def require_labels(path: str | os.PathLike) -> None:
    """Raise LabelError [E013] when the labels file ``path`` labels nothing: no span marked artifact
    or clean and no article whose unmarked sentences are declared clean."""
    from detector.errors import Errors

    from .labels import LabelError, read_labels_file

    articles = read_labels_file(path)
    if not any(a.spans or a.unlabelled == "clean" for a in articles):
        raise LabelError(str(path), None,
                         f"none of its {len(articles)} article(s) has a label: mark sentences 'artifact' or "
                         "'clean' (the HTML report's review mode writes such files), or set "
                         "\"unlabelled\": \"clean\" for an article whose unmarked sentences are clean",
                         code=Errors.E013)


def retrain(base_dir: str | os.PathLike | None, new_data: list[str | os.PathLike], out: str | os.PathLike, *,
            eval_paths: list[str | os.PathLike] = (), force: bool = False, cache: str | os.PathLike | None = None,
            name: str | None = None, version: str | None = None, seed: int | None = None,
            threads: int | None = FIT_THREADS, log=None, mt_data: list[str] | None = None,
            mt_originals: list[str] | None = None, embed_progress=None, activate: bool = True) -> RetrainResult:
    """Retrain, compare, save (with comparison.json) and promote when not worse (or forced).

    The base model's MT-style head is carried over as it is, unless ``mt_data`` fits a new one.
    A ``new_data`` file without a single label is refused: a retrain on it would change nothing
    but could still be promoted. ``embed_progress(done, total)`` hears how the encoding of new
    sentences goes; ``activate`` False never promotes.

    Raises:
        ModelError: the base model cannot be loaded.
        LabelError: a labels file is invalid (names file and line) [E012] or has no labels [E013].
        TrainingDataError: the base model's training files are missing (names them).
    """
    from detector.model_store import load_model
    from detector.registry import set_active

    from .evaluate import load_evaluation_articles
    from .train import cached_embedder

    def say(msg: str) -> None:
        if log:
            log(msg)

    t0 = time.perf_counter()
    base = load_model(base_dir)
    base_paths, warnings = base_training_paths(base)
    for w in warnings:
        say(f"Warning: {w}")
    for p in new_data:
        require_labels(p)
    paths = _unique([*base_paths, *new_data])
    articles = load_training_articles(paths)
    eval_articles = [(p, load_evaluation_articles([p])) for p in eval_paths]
    from detector.embed import encoder_key

    embedder = cached_embedder(cache, encoder_key(base.metadata.get("embedding_model")))
    embedder.progress = embed_progress
    files = f"{len(paths)} file" + ("" if len(paths) == 1 else "s")
    say(f"Retraining {base.name} {base.version} on {len(articles)} articles from {files}")
    for p in new_data:
        say("  " + new_labels_line(p, articles))
    # the fit and the comparison take tens of seconds with no other line: say what is going on
    say("Fitting the new model ...")
    trained = fit_model(articles, paths, embedder, name=name or base.name, version=version,
                        seed=seed if seed is not None else int(base.metadata.get("seed", 13)), started=t0,
                        threads=threads)
    if mt_data:
        add_mt_head(trained, mt_data, trained.metadata["seed"], mt_originals)
    elif base.mt_style is not None:
        section = dict(base.metadata["mt_style"])
        section["inherited_from"] = f"{base.name} {base.version}"
        trained.add_mt_style(base.mt_style.params, section)
    mt_cmp = _mt_comparison(base, trained)
    evals = [(p, build_dataset(arts, embedder)) for p, arts in eval_articles]
    out = Path(out)
    say("Scoring both models on the held-out articles ...")
    with fit_threads(threads):
        comparison = compare(base, trained, evals, embedder, out=out, force=force)
    if mt_cmp:
        comparison["mt_style"] = mt_cmp
    trained.metadata["base_model"] = comparison["base"]
    trained.metadata["comparison"] = {k: comparison[k] for k in
                                      ("primary_metric", "tolerance", "base", "sets", "rows", "old_ap", "new_ap",
                                       "promoted", "forced", "decision")}
    path = write_model(trained, out, {COMPARISON_FILE: json.dumps(comparison, indent=2, sort_keys=True) + "\n"})
    if comparison["promoted"] and activate:
        set_active(path)
    return RetrainResult(path, comparison["promoted"], comparison, comparison["decision"])

