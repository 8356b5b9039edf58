"""Score articles: segment, embed (batched across articles), detect, classify.

``score_article`` is pure: no I/O, no printing. ``Scorer.score_stream`` batches sentences
across articles so the encoder runs on full batches, and yields results in input order.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .classifier import positive_proba
from .data import Article, ArticleResult, ErrorRecord, Finding
from .detectors import Context, Detector, all_detectors
from .features import sentence_features
from .model_store import Model, load_model
from .mt_style import prose_words
from .segment import segment
from .timelimit import RECORD_MEMORY_LIMIT_MB, RECORD_TIME_LIMIT, RecordTimeout, cpu_limit, memory_limit
from .verdict import decide

#: Sentences collected before one encoder call; large enough for full batches, small
#: enough that memory stays flat while streaming (measured in benchmarks/).
BATCH_SENTENCES = 512
#: An article that splits into more sentences than this is refused (E007) before any detector
#: runs: the near-duplicate search and the sentence features compare every sentence with every
#: other, so memory grows with the square of the count (50,000 sentences of a few characters each,
#: under the character limit, asked for 10 GB and crashed the process). A long live blog has a
#: few thousand sentences.
MAX_ARTICLE_SENTENCES = 10_000


@dataclass
class Stats:
    """Time spent per stage, for --verbose and the benchmark."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    articles: int = 0
    sentences: int = 0
    errors: int = 0


def run_detectors(detectors: list[Detector], ctx: Context, seconds: dict[str, float] | None = None) -> list[Finding]:
    """All detectors' findings for one article, in text order.

    A detector may declare ``suppresses``: finding codes it overrides in the sentences it
    flags (a repeated "Share this:" line is boilerplate, not a near duplicate), or in those
    of them its ``suppressing`` names.
    """
    findings: list[Finding] = []
    suppress: dict[str, set[int]] = defaultdict(set)
    for det in detectors:
        if det.needs_embeddings and ctx.embeddings is None:
            continue
        t0 = time.perf_counter()
        found = det.detect(ctx)
        if seconds is not None:
            seconds[f"detector:{det.name}"] += time.perf_counter() - t0
        findings.extend(found)
        if found and getattr(det, "suppresses", ()):
            taken = det.suppressing(ctx, found)
            for code in det.suppresses:
                suppress[code].update(taken)
    if suppress:
        findings = [f for f in findings if f.sentence not in suppress.get(f.type, ())]
    findings.sort(key=lambda f: (f.start, f.end, f.type))
    return findings


class Scorer:
    """Scores articles with one model, one embedder and the registered detectors (loaded once)."""

    def __init__(self, model: Model | None = None, detectors: list[Detector] | None = None,
                 embedder=None, batch_sentences: int = BATCH_SENTENCES, encoder: str | None = None,
                 finding_types: frozenset[str] | None = None, time_limit: float | None = RECORD_TIME_LIMIT,
                 memory_limit_mb: float | None = RECORD_MEMORY_LIMIT_MB):
        #: CPU-seconds one article may take to be segmented, searched and given its features
        #: before it is stopped and becomes its error record (E016; None: no limit)
        self.time_limit = time_limit
        #: megabytes one article may take above what the process holds, for the same steps, before
        #: it becomes its error record (E017; None: no limit; set only from the main thread)
        self.memory_limit_mb = memory_limit_mb
        #: the finding types looked for (None: all); the others are dropped before scoring, as if
        #: their detector had not run (`detector score --select/--ignore`)
        self.finding_types = finding_types
        self.model = model if model is not None else load_model()
        if embedder is None:
            # the encoder the model was trained on, unless one is asked for (checked below)
            from .embed import encoder_key, get_embedder

            embedder = get_embedder(encoder or encoder_key(self.model.metadata.get("embedding_model")))
        self.embedder = embedder
        self.detectors = (detectors if detectors is not None
                          else all_detectors(getattr(embedder, "key", None)))
        if finding_types is not None:  # a detector none of whose types is wanted is not run
            self.detectors = [d for d in self.detectors if set(d.codes) & finding_types]
        self.batch_sentences = batch_sentences
        self.stats = Stats()
        self._check_model()

    def _check_model(self) -> None:
        from .errors import Errors, ModelError
        from .features import feature_names

        meta = self.model.metadata
        if meta.get("embedding_model") and meta["embedding_model"] != self.embedder.name:
            raise ModelError(Errors.E025, detail=f"the model was trained on {meta['embedding_model']} embeddings, "
                             f"not {self.embedder.name}", source=str(self.model.path))
        if self.model.feature_names and self.model.feature_names != feature_names(self.embedder.dim):
            raise ModelError(Errors.E025, detail="the model's feature list differs from this version's; retrain it",
                             source=str(self.model.path))

    # -- one article, given its embeddings ------------------------------------------------
    def detect(self, ctx: Context) -> list[Finding]:
        findings = run_detectors(self.detectors, ctx, self.stats.seconds)
        if self.finding_types is not None:
            findings = [f for f in findings if f.type in self.finding_types]
        return findings

    def _evidence(self, article: Article, paragraphs, sentences, emb: np.ndarray):
        """Findings and the feature matrix of one article."""
        ctx = Context(text=article.text, paragraphs=paragraphs, sentences=sentences, embeddings=emb)
        findings = self.detect(ctx)
        t0 = time.perf_counter()
        X = sentence_features(sentences, findings, emb)
        self.stats.seconds["features"] += time.perf_counter() - t0
        return findings, X

    def _predict(self, X: np.ndarray) -> np.ndarray:
        """Sentence probabilities for the rows of X.

        The classifier's cost is mostly per call, not per row (five calibrated models, each a
        small matrix product); on a busy machine threads wait on each other, and one thread is
        as fast at these sizes. Rows are predicted independently and the model is a smooth
        function of them, so batching noise in the last float bits does not move a probability.
        """
        from . import linear

        estimator = self.model.estimator
        if isinstance(estimator, linear.LinearPipeline | linear.SigmoidEnsemble | linear.LinearClassifier):
            return positive_proba(estimator, X)  # numpy only: no OpenMP team to hold back
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="openmp"):
            return positive_proba(estimator, X)

    def _predict_split(self, matrices: list[np.ndarray]) -> list[np.ndarray]:
        """One classifier call for several articles' rows, split back per article."""
        nonempty = [X for X in matrices if len(X)]
        flat = self._predict(np.concatenate(nonempty)) if nonempty else np.zeros(0)
        return _split(flat, [len(X) for X in matrices])

    def _classify(self, matrices: list[np.ndarray]) -> list[np.ndarray | Exception]:
        """Sentence probabilities of several articles from one classifier call (see _jointly)."""
        t0 = time.perf_counter()
        out = _jointly(self._predict_split, matrices)
        self.stats.seconds["classifier"] += time.perf_counter() - t0
        return out

    def _mt_style(self, items: list[tuple]) -> list:
        """The MT-style verdicts of (article, sentences, ...) items, from one head call (see
        _jointly); Nones without a head."""
        head = self.model.mt_style
        if head is None or not items:
            return [None] * len(items)
        t0 = time.perf_counter()
        out = _jointly(lambda its: head.assess([it[0].text for it in its], [[s.text for s in it[1]] for it in its]),
                       items)
        self.stats.seconds["mt_style"] += time.perf_counter() - t0
        return out

    def _result(self, article: Article, sentences, findings: list[Finding], scores: np.ndarray,
                mt=None) -> ArticleResult:
        sentence_scores = [float(x) for x in scores]
        if mt is not None:
            mt.words = prose_words(sentences, findings)
        v = decide(findings, sentence_scores, mt, self.model.thresholds, self.model.axis_thresholds)
        shares = mt.shares if mt is not None and mt.judged and mt.shares is not None else None
        return ArticleResult(
            article=article, sentences=sentences, sentence_scores=sentence_scores,
            findings=findings, score=v.score, label=v.label,
            model_name=self.model.name, model_version=self.model.version, mt_style=mt,
            axes=v.axes, sentence_translation=shares,
        )

    # -- streaming --------------------------------------------------------------------------
    def score_stream(self, records: Iterable[Article | ErrorRecord]) -> Iterator[ArticleResult | ErrorRecord]:
        """Score a stream of records, yielding one result or error per record, in input order."""
        pending: list[tuple] = []
        n_pending = 0
        for rec in records:
            if isinstance(rec, ErrorRecord):
                pending.append((rec,))
                continue
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                with cpu_limit(self.time_limit), memory_limit(self.memory_limit_mb):
                    paragraphs, sentences = segment(rec.text)
            except RecordTimeout:
                pending.append((over_time_limit(rec, self.time_limit, "segmenting it"),))
                continue
            except MemoryError:
                pending.append((over_memory_limit(rec, self.memory_limit_mb, "segmenting it"),))
                continue
            except Exception as exc:  # a bug must not lose the rest of the batch
                pending.append((internal_error(rec, exc),))
                continue
            self.stats.seconds["segment"] += time.perf_counter() - t0
            if len(sentences) > MAX_ARTICLE_SENTENCES:
                pending.append((too_many_sentences(rec, len(sentences)),))
                continue
            # what is left of the record's time for its detectors and features
            pending.append((rec, paragraphs, sentences, time.thread_time() - c0))
            n_pending += len(sentences)
            if n_pending >= self.batch_sentences:
                yield from self._flush(pending)
                pending, n_pending = [], 0
        if pending:
            yield from self._flush(pending)

    def _flush(self, pending: list[tuple]) -> Iterator[ArticleResult | ErrorRecord]:
        articles = [item for item in pending if len(item) > 1]
        t0 = time.perf_counter()
        # one encoder call for the batch; if it fails, one per article, so an article the encoder
        # cannot take costs only itself
        embedded = iter(_jointly(lambda items: _split(self.embedder.encode([s.text for it in items for s in it[2]]),
                                                      [len(it[2]) for it in items]), articles))
        self.stats.seconds["embed"] += time.perf_counter() - t0
        # detectors and features per article, then one classifier call for the whole batch
        ready: list[ErrorRecord | tuple] = []
        for item in pending:
            if len(item) == 1:
                ready.append(item[0])
                continue
            article, paragraphs, sentences, spent = item
            emb = next(embedded)
            if isinstance(emb, Exception):
                ready.append(internal_error(article, emb))
                continue
            limit = self.time_limit and max(self.time_limit - spent, 1e-3)
            try:
                with cpu_limit(limit), memory_limit(self.memory_limit_mb):
                    findings, X = self._evidence(article, paragraphs, sentences, emb)
            except RecordTimeout:
                ready.append(over_time_limit(article, self.time_limit))
                continue
            except MemoryError:
                ready.append(over_memory_limit(article, self.memory_limit_mb))
                continue
            except Exception as exc:
                ready.append(internal_error(article, exc))
                continue
            ready.append((article, sentences, findings, X))
        ok = [r for r in ready if isinstance(r, tuple)]
        scores = iter(self._classify([r[3] for r in ok]))
        styles = iter(self._mt_style(ok))
        for r in ready:
            if not isinstance(r, tuple):
                self.stats.errors += 1
                yield r
                continue
            article, sentences, findings, _ = r
            try:
                s, mt = next(scores), next(styles)
                for part in (s, mt):
                    if isinstance(part, Exception):
                        raise part
                result = self._result(article, sentences, findings, s, mt)
            except Exception as exc:
                self.stats.errors += 1
                yield internal_error(article, exc)
                continue
            self.stats.articles += 1
            self.stats.sentences += len(sentences)
            yield result


def _jointly(call, items: list) -> list:
    """``call(items)``, which returns one result per item, in one go; if that fails, each item
    alone, and an item that still fails gets its exception in place of its result (one bad
    article must not cost the others their scores)."""
    try:
        return call(items)
    except Exception:
        out = []
        for it in items:
            try:
                out.extend(call([it]))
            except Exception as exc:
                out.append(exc)
        return out


def _split(matrix: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
    """The rows of ``matrix`` cut into consecutive blocks of ``lengths``."""
    bounds = np.cumsum([0, *lengths])
    return [matrix[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _article_error(article: Article, code, **fields) -> ErrorRecord:
    """The error record of one article that could not be scored, with its code's message."""
    return ErrorRecord(article.id, article.source, code, code.message(**fields), article.line)


def too_many_sentences(article: Article, n: int) -> ErrorRecord:
    """The E007 record of an article that splits into ``n`` sentences, over the limit (trace too)."""
    from .errors import Errors

    return _article_error(article, Errors.E007, detail=f"the article splits into {n:,} sentences; the limit is "
                          f"{MAX_ARTICLE_SENTENCES:,}, far beyond any news article (a list, a table or a log "
                          "pasted as one article?): split it into articles")


def over_time_limit(article: Article, limit: float, where: str = "") -> ErrorRecord:
    """The E016 record of an article stopped after ``limit`` CPU-seconds (``where``: at what step)."""
    from .errors import Errors

    return _article_error(article, Errors.E016, limit=limit, where=f" ({where})" if where else "")


def over_memory_limit(article: Article, limit_mb: float | None, where: str = "") -> ErrorRecord:
    """The E017 record of an article whose memory ran past ``limit_mb`` (``where``: at what step).
    Without a limit, Python's own MemoryError: the machine's memory ran out."""
    from .errors import Errors

    return _article_error(article, Errors.E017, limit=limit_mb or 0, where=f" ({where})" if where else "")


def internal_error(article: Article, exc: Exception) -> ErrorRecord:
    """The E099 record of an article that a bug failed on: it costs that article alone."""
    from .errors import Errors

    return _article_error(article, Errors.E099, detail=f"{type(exc).__name__}: {exc}")


_default_scorer: Scorer | None = None


def _scorer(model: Scorer | Model | str | None) -> Scorer:
    global _default_scorer
    if isinstance(model, Scorer):
        return model
    if model is None:
        if _default_scorer is None:
            _default_scorer = Scorer()
        return _default_scorer
    return Scorer(model if isinstance(model, Model) else load_model(model))


def score_article(article: Article, model: Model | str | None = None) -> ArticleResult | ErrorRecord:
    """Score one article (the default model and embedder load once per process)."""
    return next(_scorer(model).score_stream([article]))


def score_text(text: str, *, id: str = "text", title: str = "", model: Model | str | None = None):
    """Score a string; returns an ArticleResult (or an ErrorRecord for unusable text)."""
    from .ingest import check_article, split_title

    article = Article(id=id, text=text, title=title or split_title(text), source="<string>")
    return check_article(article) or score_article(article, model)


def score_articles(articles: Iterable[Article | dict | str], model: Model | str | None = None):
    """Score many articles, batched; yields results (or errors) in input order.

    Items may be Article objects, dicts with ``id``/``text``/``title``, or strings.
    """
    from .ingest import check_article, record_to_article

    def records():
        for i, a in enumerate(articles):
            if isinstance(a, str):
                a = {"id": str(i), "text": a}
            if isinstance(a, dict):
                yield record_to_article(a, "<python>", i)
            elif isinstance(a, Article):
                yield check_article(a) or a
            else:  # one bad item costs its own record, as a bad line of a file does
                from .errors import Errors

                yield ErrorRecord(str(i), "<python>", Errors.E012, f"item {i} is {type(a).__name__}, not an Article, a "
                                  "dict or a str" + (" (decode bytes first)" if isinstance(a, bytes) else ""), i)

    yield from _scorer(model).score_stream(records())
