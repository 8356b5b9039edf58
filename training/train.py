"""Train a sentence classifier from labelled articles and save it as a model directory.

    detector train --data data/train/generated.jsonl --out detector/models/default

Features come from the runtime library (segmentation, detectors, embeddings), so the model
sees exactly what it will see when scoring. Articles are split into training and held-out
sets by group (a generated variant stays with its source article), never by sentence.

Building blocks, used by ``detector train | retrain | evaluate | review-labels``:
``load_training_articles`` -> ``cached_embedder`` -> ``build_dataset`` -> ``fit_model`` ->
``write_model``; ``train`` runs them in that order.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detector import __version__
from detector.classifier import positive_proba
from detector.detectors import Context, all_detectors
from detector.errors import DetectorError, Errors
from detector.features import feature_names, sentence_features
from detector.model_store import save_model, sha256_file
from detector.scoring import MAX_ARTICLE_SENTENCES, run_detectors
from detector.segment import segment
from detector.timelimit import (
    RECORD_MEMORY_LIMIT_MB,
    RECORD_TIME_LIMIT,
    RecordTimeout,
    cpu_limit,
    memory_limit,
)

from .labels import LabelError, LabelledArticle, load_labelled, read_labels_file, sentence_labels
from .paths import project_root, recorded_path

DEFAULT_DATA = ["data/train/generated.jsonl", "data/train/handwritten.jsonl"]
#: The embedding cache when run from a checkout of the project; elsewhere see ``default_cache_path``.
DEFAULT_CACHE = ".cache/embeddings.npz"
#: Share of article groups held out for metrics and model comparison (1 in 5, by crc32 of the group).
HELD_OUT_MOD = 5


class TrainingDataError(DetectorError, ValueError):
    """Training data that cannot be used (missing files, one class only); the message names the input."""

    def __init__(self, message: str, *, source: str = ""):
        super().__init__(Errors.E014, message, source=source)


def _in_checkout(cwd: Path | None = None) -> bool:
    cwd = Path.cwd() if cwd is None else cwd
    return (cwd / "training" / "train.py").is_file() and (cwd / "detector" / "cli.py").is_file()


def default_data_paths() -> list[Path]:
    """The project's own labelled data: ``DEFAULT_DATA`` files that exist, in the working
    directory or else in the checkout this module belongs to."""
    for base in (Path("."), project_root()):
        found = [base / p for p in DEFAULT_DATA if (base / p).is_file()]
        if found:
            return [Path(os.path.normpath(p)) for p in found]
    raise TrainingDataError(f"no training data given and none of {', '.join(DEFAULT_DATA)} exists here "
                            f"or in {project_root()}; pass --data")


def default_cache_path() -> Path:
    """``.cache/embeddings.npz`` in a checkout of the project, else
    ``$DETECTOR_HOME/cache/embeddings-<embedding model>.npz`` (one file per embedding model,
    since a vector from one model means nothing to another). Only the transformer encoder
    (minilm) is cached: the static one encodes faster than the cache reads."""
    if _in_checkout():
        return Path(DEFAULT_CACHE)
    from detector.embed import EMBEDDING_MODEL
    from detector.registry import home

    return home() / "cache" / f"embeddings-{EMBEDDING_MODEL.rsplit('/', 1)[-1]}.npz"


@dataclass
class ArticleRows:
    """Every sentence of one labelled article (for article-level metrics)."""

    id: str
    group: str
    X: np.ndarray
    positive: bool
    #: the detectors' findings (the article verdict weighs them)
    findings: list = field(default_factory=list)


@dataclass
class Dataset:
    """One row per labelled sentence.

    ``sentence_index``/``spans`` locate each row in its article; ``sources`` is the labels
    file and line the article came from; ``articles`` (only with ``keep_articles=True``)
    holds every sentence of each labelled article, labelled or not.
    """

    X: np.ndarray
    y: np.ndarray
    types: list[str | None]
    groups: list[str]
    article_ids: list[str]
    texts: list[str]
    sentence_index: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    articles: list[ArticleRows] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def held_out(group: str) -> bool:
    return zlib.crc32(group.encode("utf-8")) % HELD_OUT_MOD == 0


def _refused(art: LabelledArticle, detail: str, code) -> LabelError:
    """The error that refuses a labels file for one of its articles, with its file and line."""
    file, _, line = art.source.rpartition(":")
    return LabelError(file if line.isdigit() else art.source, int(line) if line.isdigit() else None, detail, code)


@contextmanager
def _within_limits(art: LabelledArticle, step: str):
    """The article's step within scoring's limits for one record: one that runs past them stops
    the training with its file and line (E016, E017), as an article over the length limits does,
    where it would have held the training up or ended it without a word."""
    try:
        with cpu_limit(RECORD_TIME_LIMIT), memory_limit(RECORD_MEMORY_LIMIT_MB):
            yield
    except RecordTimeout:
        raise _refused(art, f"{step} the article took more than {RECORD_TIME_LIMIT:g} CPU-seconds, the limit for "
                            "one record, as for scoring: split it into articles or leave it out", Errors.E016) from None
    except MemoryError:
        raise _refused(art, f"{step} the article needed more than {RECORD_MEMORY_LIMIT_MB:g} MB of memory, the "
                            "limit for one record, as for scoring: split it into articles or leave it out",
                       Errors.E017) from None


def build_dataset(articles: list[LabelledArticle], embedder, detectors=None, progress=None,
                  keep_articles: bool = False) -> Dataset:
    detectors = detectors if detectors is not None else all_detectors(getattr(embedder, "key", None))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    segs = []
    for art in articles:
        with _within_limits(art, "segmenting"):
            segs.append(segment(art.text))
    for art, (_, sents) in zip(articles, segs, strict=True):
        if len(sents) > MAX_ARTICLE_SENTENCES:
            # as for scoring: the detectors' pair searches on such a page would hold the training up
            raise _refused(art, f"the article splits into {len(sents):,} sentences; the limit is "
                                f"{MAX_ARTICLE_SENTENCES:,}, as for scoring: split it into articles", Errors.E007)
    texts = [s.text for _, sents in segs for s in sents]
    timings["segment"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    emb_all = embedder.encode(texts)
    timings["embed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows, ys, types, groups, ids, stexts, sidx, spans, sources = [], [], [], [], [], [], [], [], []
    kept: list[ArticleRows] = []
    off = 0
    for art, (paras, sents) in zip(articles, segs, strict=True):
        emb = emb_all[off : off + len(sents)]
        off += len(sents)
        labels = sentence_labels(art, sents)
        if not labels:
            continue
        ctx = Context(text=art.text, paragraphs=paras, sentences=sents, embeddings=emb)
        with _within_limits(art, "searching"):
            findings = run_detectors(detectors, ctx)
            X = sentence_features(sents, findings, emb)
        for idx, y, typ in labels:
            rows.append(X[idx])
            ys.append(y)
            types.append(typ)
            groups.append(art.group or art.id)
            ids.append(art.id)
            stexts.append(sents[idx].text)
            sidx.append(idx)
            spans.append((sents[idx].start, sents[idx].end))
            sources.append(art.source)
        if keep_articles:
            kept.append(ArticleRows(art.id, art.group or art.id, X, any(y for _, y, _ in labels), findings))
        if progress:
            progress(1)
    timings["features"] = time.perf_counter() - t0
    X = np.vstack(rows) if rows else np.zeros((0, len(feature_names(embedder.dim))), dtype=np.float32)
    return Dataset(X, np.array(ys, dtype=np.int8), types, groups, ids, stexts, sidx, spans, sources, kept,
                   timings)


#: PCA components kept of the sentence embedding: enough for style and topic signals,
#: few enough that the detector evidence is not drowned out (held-out F1 0.81 vs 0.74 for
#: a logistic regression on all 384 dimensions, measured on the generated training set).
EMBEDDING_COMPONENTS = 32
#: The least training the recipe can fit: five calibration folds, each fitting the PCA on
#: four fifths of the training sentences, so 5 sentences of each kind and EMBEDDING_COMPONENTS
#: in four fifths (a smaller set failed inside scikit-learn, naming n_components and svd_solver).
MIN_PER_CLASS = 5
MIN_TRAIN_SENTENCES = -(-EMBEDDING_COMPONENTS * 5 // 4)  # 40
#: One description of the recipe, recorded in every model's metadata.
ESTIMATOR_RECIPE = (f"[evidence, PCA({EMBEDDING_COMPONENTS}) of embedding] -> StandardScaler -> "
                    "LogisticRegression(balanced) -> CalibratedClassifierCV(sigmoid, cv=5)")


def make_estimator(seed: int = 13, n_detector_features: int | None = None, max_iter: int = 2000):
    """Detector evidence + PCA(embedding), standardised -> logistic regression -> sigmoid
    calibration (5-fold).

    Every step is a smooth function of the features, so a probability never jumps on float
    noise (tests/test_stability.py): trees with an isotonic staircase on top moved one
    sentence from 0.03 to 0.68 when batching changed a feature by 2e-7. Measured on the
    generated training set's held-out articles (static encoder): average precision 0.800 vs
    0.804 for the boosted trees, ROC-AUC 0.902 vs 0.881, calibration error 0.004 vs 0.010, the
    largest change for a 1e-5 nudge of one feature 9e-6 vs 0.14; a spline expansion before the
    regression scored lower (AP 0.765).

    ``max_iter``: the solver's iteration cap (the tests lower it for quick, rougher models).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    # the embedding is every column after the evidence, whatever the encoder's dimension
    nd = n_detector_features if n_detector_features is not None else len(feature_names(0))
    columns = ColumnTransformer([
        ("evidence", "passthrough", slice(0, nd)),
        ("embedding", PCA(EMBEDDING_COMPONENTS, random_state=seed), slice(nd, None)),
    ])
    logit = LogisticRegression(C=1.0, max_iter=max_iter, class_weight="balanced", random_state=seed)
    return Pipeline([
        ("features", columns),
        ("scale", StandardScaler()),
        ("clf", CalibratedClassifierCV(logit, method="sigmoid", cv=5)),
    ])


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> tuple[float, list[dict]]:
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if not m.any():
            continue
        conf, acc = float(p[m].mean()), float(y[m].mean())
        ece += m.mean() * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()), "mean_p": round(conf, 4),
                      "observed": round(acc, 4)})
    return float(ece), table


def sentence_metrics(y: np.ndarray, p: np.ndarray, types: list[str | None], threshold: float = 0.5) -> dict:
    from sklearn.metrics import (
        average_precision_score,
        confusion_matrix,
        precision_recall_fscore_support,
        roc_auc_score,
    )

    pred = (p >= threshold).astype(int)
    prec, rec, f1, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    out = {
        "n": int(len(y)), "n_artifact": int(y.sum()),
        "precision": round(float(prec), 4), "recall": round(float(rec), 4), "f1": round(float(f1), 4),
        "threshold": threshold,
    }
    if 0 < y.sum() < len(y):
        out["roc_auc"] = round(float(roc_auc_score(y, p)), 4)
        out["average_precision"] = round(float(average_precision_score(y, p)), 4)
    ece, table = expected_calibration_error(y, p)
    out["ece"] = round(ece, 4)
    out["reliability"] = table
    out["confusion_matrix"] = confusion_matrix(y, pred, labels=[0, 1]).tolist()
    clean = p[y == 0]
    if len(clean):
        out["threshold_at_1pct_fpr"] = round(float(np.quantile(clean, 0.99)), 4)
    per_type = {}
    ta = np.array([t or "" for t in types])
    for t in sorted(set(ta[y == 1]) - {""}):
        m = (ta == t) & (y == 1)
        per_type[t] = {"n": int(m.sum()), "recall": round(float((p[m] >= threshold).mean()), 4)}
    out["per_type"] = per_type
    return out


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
                              check=False).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def dependency_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("scikit-learn", "numpy", "sentence-transformers", "torch", "skops", "wordfreq", "pysbd"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out


#: OpenMP/BLAS threads for fitting (0: the libraries' default, every core). One thread, because
#: the parallel regions are short at this data size and threads waiting on each other on a
#: busy machine cost more than they give (measured with the earlier boosted-tree recipe: 14 s on
#: one thread, 76-297 s on two with other processes running); the fitted model is the same.
FIT_THREADS = 1


@contextmanager
def fit_threads(threads: int | None = FIT_THREADS):
    """Limit the OpenMP and BLAS threads of scikit-learn fits (``threads`` 0 or None: no limit)."""
    if not threads:
        yield
        return
    import sklearn.ensemble  # noqa: F401  (loads OpenMP now: threadpool_limits only sees loaded libraries)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads):
        yield


def fit(ds: Dataset, seed: int = 13, threads: int | None = FIT_THREADS):
    test = np.array([held_out(g) for g in ds.groups], dtype=bool)
    est = make_estimator(seed)
    with fit_threads(threads):
        est.fit(ds.X[~test], ds.y[~test])
        p_test = positive_proba(est, ds.X[test]) if test.any() else np.zeros(0)
    return est, test, p_test


def choose_thresholds(y_test: np.ndarray, p_test: np.ndarray) -> dict[str, float]:
    """The article score's label bands (detector.verdict.BANDS); the axes' evidence thresholds
    are the verdict's defaults unless a model records its own ``axis_thresholds``."""
    from detector.verdict import BANDS

    return dict(BANDS)


def load_training_articles(paths: Iterable[str | os.PathLike]) -> list[LabelledArticle]:
    """Read and merge labels files (see training.labels); raises LabelError naming file and line."""
    return load_labelled([str(p) for p in paths])


def cached_embedder(cache: str | os.PathLike | None, encoder: str | None = None):
    """The sentence embedder ``encoder`` (None: the default), behind the content-hash cache
    when it is the transformer (``cache`` None: no cache)."""
    from detector.embed import get_embedder

    from .embed_cache import EmbeddingCache

    inner = get_embedder(encoder)
    if inner.key != "minilm" or not cache:
        return inner
    embedder = EmbeddingCache(cache, inner)
    embedder.name, embedder.dim, embedder.key = inner.name, inner.dim, inner.key
    return embedder


@dataclass
class TrainedModel:
    """A fitted, not yet saved model: the estimator, its metadata and card, and the data it saw."""

    estimator: object
    metadata: dict
    dataset: Dataset
    test: np.ndarray
    p_test: np.ndarray
    #: more objects for the model directory (file name -> object): the MT-style head
    objects: dict = field(default_factory=dict)

    def add_mt_style(self, head, section: dict) -> None:
        """Give the model an MT-style head (its parameters and metadata section)."""
        from detector.mt_style import HEAD_FILE

        self.objects[HEAD_FILE] = head
        self.metadata["mt_style"] = section

    @property
    def card(self) -> str:
        return model_card(self.metadata)


def check_enough(ds: Dataset) -> None:
    """TrainingDataError, saying what to do, when the training split is too small to fit."""
    train = ~np.array([held_out(g) for g in ds.groups], dtype=bool)
    n_train, n_artifact = int(train.sum()), int(ds.y[train].sum())
    if n_train >= MIN_TRAIN_SENTENCES and min(n_artifact, n_train - n_artifact) >= MIN_PER_CLASS:
        return
    n_all = len(ds.y)
    raise TrainingDataError(
        f"too few labelled sentences to train a model: {n_all:,} ({int(ds.y.sum()):,} artifact), of which "
        f"{n_train:,} in the articles it trains on ({n_artifact:,} artifact, {n_train - n_artifact:,} clean; the "
        f"others are held out to measure it); it needs at least {MIN_TRAIN_SENTENCES} there, {MIN_PER_CLASS} of "
        "each kind. Label more articles, or add these labels to a model's own training data with "
        "`detector retrain --data FILE`")


def fit_model(articles: list[LabelledArticle], paths: list[str | os.PathLike], embedder, *,
              name: str = "default", version: str | None = None, seed: int = 13,
              started: float | None = None, threads: int | None = FIT_THREADS) -> TrainedModel:
    """Build features for ``articles`` (read from ``paths``), fit on the training groups and
    measure on the held-out ones. Raises TrainingDataError when a class is missing."""
    t0 = started if started is not None else time.perf_counter()
    ds = build_dataset(articles, embedder)
    if len(set(ds.y.tolist())) < 2:
        raise TrainingDataError("the labelled data needs both 'artifact' and 'clean' sentences")
    check_enough(ds)
    t_fit = time.perf_counter()
    try:
        est, test, p_test = fit(ds, seed, threads)
    except ValueError as exc:  # e.g. fewer artifact sentences than calibration folds
        raise TrainingDataError(f"cannot fit the classifier on this data ({exc}); label more sentences, "
                                "both artifact and clean, in more articles") from exc
    ds.timings["fit"] = time.perf_counter() - t_fit
    y_test = ds.y[test]
    metrics = sentence_metrics(y_test, p_test, [t for t, m in zip(ds.types, test, strict=True) if m])
    thresholds = choose_thresholds(y_test, p_test)
    elapsed = time.perf_counter() - t0
    now = _dt.datetime.now(_dt.UTC)
    meta = {
        "name": name,
        "version": version or now.strftime("%Y.%m.%d.%H%M%S"),
        "created": now.isoformat(timespec="seconds"),
        "package_version": __version__,
        "git_commit": git_commit(),
        "dependencies": dependency_versions(),
        "embedding_model": embedder.name,
        "features": feature_names(embedder.dim),
        "estimator": ESTIMATOR_RECIPE,
        "seed": seed,
        "training_data": [
            {"path": recorded_path(p), "sha256": sha256_file(Path(p)), "articles": len(read_labels_file(p)),
             # an article in several files is used once, counted in the first file that has it
             "new_articles": sum(1 for a in articles if a.source.startswith(str(Path(p)) + ":"))}
            for p in paths
        ],
        "rows": {"train": int((~test).sum()), "held_out": int(test.sum()),
                 "artifact": int(ds.y.sum()), "clean": int((ds.y == 0).sum())},
        "held_out_split": f"crc32(group) % {HELD_OUT_MOD} == 0",
        "thresholds": thresholds,
        "metrics": {"held_out": metrics},
        "training_seconds": round(elapsed, 1),
        "timings": {k: round(v, 2) for k, v in ds.timings.items()},
    }
    return TrainedModel(est, meta, ds, test, p_test)


def write_model(trained: TrainedModel, out: str | os.PathLike, files: dict[str, str] | None = None) -> Path:
    """Save ``trained`` as a new model directory, with ``files`` (name -> text) inside it; the
    directory is assembled under a temporary name and renamed into place (never overwritten)."""
    return save_model(trained.estimator, trained.metadata, out, trained.card, trained.objects, files)


def train(data: list[str], out: str, *, name: str = "default", version: str | None = None, seed: int = 13,
          cache: str | None = DEFAULT_CACHE, quiet: bool = False, extra_metadata: dict | None = None,
          files: dict[str, str] | None = None, on_trained: Callable[[TrainedModel], None] | None = None,
          embedder=None, threads: int | None = FIT_THREADS, mt_data: list[str] | None = None,
          mt_originals: list[str] | None = None) -> Path:
    """Train on labelled files and save the model directory at ``out``; returns its path.

    ``mt_data``: machine/human translation files (training/mt_style.py) for the MT-style head,
    with ``mt_originals`` (None: the project's data/corpus/) as English originals; without
    ``mt_data`` the model has no head.

    ``extra_metadata`` is merged into metadata.json (and so into the model card);
    ``files`` are written into the directory before it is renamed into place;
    ``on_trained`` sees the fitted model before it is saved (and may add to its metadata);
    ``embedder`` replaces the cached embedder built from ``cache``; ``threads``: see FIT_THREADS.
    """
    t0 = time.perf_counter()
    paths = [str(p) for p in default_data_paths()] if list(data) == DEFAULT_DATA else list(data)
    articles = load_training_articles(paths)
    embedder = embedder if embedder is not None else cached_embedder(cache)
    trained = fit_model(articles, paths, embedder, name=name, version=version, seed=seed, started=t0,
                        threads=threads)
    if mt_data:
        add_mt_head(trained, mt_data, seed, mt_originals)
    if extra_metadata:
        trained.metadata.update(extra_metadata)
    if on_trained:
        on_trained(trained)
    path = write_model(trained, out, files)
    if not quiet:
        meta, metrics = trained.metadata, trained.metadata["metrics"]["held_out"]
        print(f"Trained on {meta['rows']['train']} sentences, held out {meta['rows']['held_out']}: "
              f"F1 {metrics['f1']:.3f}, ROC-AUC {metrics.get('roc_auc', float('nan')):.3f}, "
              f"ECE {metrics['ece']:.3f} ({meta['training_seconds']:.0f} s). Saved {path}", file=sys.stderr)
    return path


def default_originals() -> list[Path]:
    """English originals for the MT-style head: the project's data/corpus/*.jsonl, in the working
    directory or else in the checkout; none when neither has them."""
    for base in (Path("."), project_root()):
        found = sorted((base / "data" / "corpus").glob("*.jsonl"))
        if found:
            return [Path(os.path.normpath(p)) for p in found]
    return []


def add_mt_head(trained: TrainedModel, mt_data: list[str], seed: int = 13,
                originals: list[str] | None = None) -> None:
    """Fit the MT-style head on ``mt_data`` plus English ``originals`` (None: the project's
    data/corpus/) and add it to ``trained``."""
    from .mt_style import fit_head

    if originals is None:
        originals = [str(p) for p in default_originals()]
    try:
        head, section = fit_head(mt_data, seed, originals)
    except DetectorError:
        raise
    except ValueError as exc:
        raise TrainingDataError(f"cannot fit the MT-style head: {exc}") from exc
    trained.add_mt_style(head, section)


def mt_style_card_lines(section: dict | None) -> list[str]:
    if not section:
        return ["## Machine-translation style", "- No MT-style head: articles are scored by their findings alone.", ""]
    cv = section.get("cross_validation", {})
    lines = ["## Machine-translation style",
             f"- Head: {section.get('estimator')}",
             f"- Threshold {section.get('threshold')} ({section.get('threshold_rule')})"]
    margin = section.get("threshold_margin") or {}
    if margin.get("needed"):
        lines.append(f"- Held-out margin: {margin['margin']} logits over the rule's {margin['base']} (what each source "
                     "language left out of the rule needed: "
                     + ", ".join(f"{k} {v:+.3f}" for k, v in margin["needed"].items()) + ")")
    lines.append("- Training data:")
    for d in section.get("training_data", []):
        lines.append(f"  - `{d['path']}`, {d.get('role', 'machine and human translations')}: {d['records']} "
                     f"records ({d['mt']} mt, {d['human']} human, {d['documents']} documents), "
                     f"sha256 `{d['sha256'][:16]}…`")
    originals = cv.get("originals_flagged")
    cal = section.get("calibration") or {}
    lines += [f"- Out-of-fold ({cv.get('split') or str(cv.get('folds')) + ' folds by document'}): ROC-AUC "
              f"{cv.get('roc_auc')}, paired accuracy {cv.get('paired_accuracy')} over {cv.get('pairs')} machine/human "
              f"pairs; flags {cv.get('human_flagged')} of human and {cv.get('mt_flagged')} of machine translations"
              + (f", {originals} of English originals" if originals is not None else "")]
    if cal:
        lines.append(f"- Probabilities: {cal.get('method')} ({cal.get('balanced')}); out-of-fold expected "
                     f"calibration error {cal.get('ece')}, Brier score {cal.get('brier')}")
    per_pair = cv.get("per_pair") or {}
    if len(per_pair) > 1:
        lines += ["", "| held-out pair | documents | ROC-AUC | paired accuracy | human flagged | mt flagged |",
                  "|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {k} | {m.get('documents')} | {m.get('roc_auc')} | {m.get('paired_accuracy')} | "
                  f"{m.get('human_flagged')} | {m.get('mt_flagged')} |" for k, m in per_pair.items()]
        lines += ["", "- Each pair's row is measured by a head that never saw that source language; a language "
                  "in the training data reads better than these figures, a new one about as well."]
    else:
        lines.append("- It knows the phrasing of translation from the language of its training pairs best; for "
                     "another language pair, fit it on your own pairs (`--mt-data`).")
    lines.append("")
    if section.get("inherited_from"):
        lines.insert(1, f"- Kept from the base model {section['inherited_from']}")
    return lines


def model_card(meta: dict) -> str:
    m = meta["metrics"]["held_out"]
    lines = [
        f"# Model card: {meta['name']} {meta['version']}", "",
        "Scores each sentence of a news article for artifacts of machine translation, automated",
        "rewriting and scraping (probability, calibrated on held-out articles).", "",
        "## Inputs", f"- Sentence embeddings: {meta['embedding_model']}",
        "- Detector evidence (one confidence per finding type) and sentence statistics", "",
        "## Training data",
    ]
    for d in meta["training_data"]:
        dup = d["articles"] - d.get("new_articles", d["articles"])
        also = f" ({dup} also in an earlier file)" if dup > 0 else ""
        lines.append(f"- `{d['path']}`: {d['articles']} articles{also}, sha256 `{d['sha256'][:16]}…`")
    lines += [
        f"- {meta['rows']['train']} training sentences, {meta['rows']['held_out']} held out "
        f"({meta['held_out_split']})", "",
        "## Held-out metrics",
        f"- precision {m['precision']}, recall {m['recall']}, F1 {m['f1']} at p ≥ {m['threshold']}",
        f"- ROC-AUC {m.get('roc_auc')}, average precision {m.get('average_precision')}, ECE {m['ece']}", "",
        "## Thresholds", f"- {json.dumps(meta['thresholds'])}", "",
    ]
    lines += mt_style_card_lines(meta.get("mt_style"))
    comparison = meta.get("comparison")
    if comparison:
        lines += comparison_card_lines(comparison)
    lines += [
        "## Limits",
        "- English news prose only. Trained on hand-written articles with injected artifacts;",
        "  real content-farm text differs, so retrain on labelled examples from your own sources.",
    ]
    return "\n".join(lines) + "\n"


def comparison_card_lines(c: dict) -> list[str]:
    """The model card's section on a retrain: base model, decision, metrics side by side."""
    base = c.get("base", {})
    lines = [
        "## Comparison with the base model",
        f"- Base: {base.get('name')} {base.get('version')} (`{base.get('path')}`)",
        f"- Decision: {c.get('decision')}", "",
        "| data | metric | base | new |", "|---|---|---|---|",
    ]
    for row in c.get("rows", []):
        lines.append(f"| {row['data']} | {row['metric']} | {_fmt(row.get('old'))} | {_fmt(row.get('new'))} |")
    return lines + [""]


def _fmt(v) -> str:
    return "–" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v))
