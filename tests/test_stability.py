"""A result never depends on float noise or on what else is in the batch.

The sentence classifier is a smooth function of its features: nudging any feature by 1e-5
moves no probability by more than 0.01 (a step function, such as trees with an isotonic
staircase on top, can jump from 0.03 to 0.68 there). And scoring an article alone, in a
batch, or in another order gives the same findings, probabilities, score and label.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from detector.data import Article, ArticleResult
from detector.model_store import load_model, positive_proba
from detector.scoring import Scorer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "data" / "corpus").glob("*.jsonl"))


def corpus_articles(n: int) -> list[Article]:
    recs = [json.loads(line) for p in CORPUS for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Article(id=r["id"], text=r["text"], title=r.get("title", ""), source="corpus") for r in recs[:n]]


@pytest.fixture(scope="module")
def scorer():
    return Scorer(load_model())


@pytest.fixture(scope="module")
def feature_rows(scorer):
    """Real feature rows of real articles, as the classifier sees them."""
    from detector.detectors import Context
    from detector.features import sentence_features
    from detector.scoring import run_detectors
    from detector.segment import segment

    rows = []
    for a in corpus_articles(12):
        paras, sents = segment(a.text)
        emb = scorer.embedder.encode([s.text for s in sents])
        ctx = Context(text=a.text, paragraphs=paras, sentences=sents, embeddings=emb)
        rows.append(sentence_features(sents, run_detectors(scorer.detectors, ctx), emb))
    return np.vstack(rows).astype(np.float64)


def _largest_jump(est, row: np.ndarray, j: int, lo: float, hi: float, width: float = 1e-5) -> float:
    """The largest change of the probability across an interval of ``width`` along feature ``j``
    between ``lo`` and ``hi``, found by refinement: a grid over the range, then the interval
    with the largest change halved until it is ``width`` wide, keeping the half that changes
    more. A smooth function's change shrinks with the interval; a step's does not."""

    def p(values: np.ndarray) -> np.ndarray:
        rows = np.repeat(row, len(values), axis=0)
        rows[:, j] = values
        return positive_proba(est, rows)

    xs = np.linspace(lo, hi, 65)
    ps = p(xs)
    k = int(np.argmax(np.abs(np.diff(ps))))
    a, b, pa, pb = xs[k], xs[k + 1], ps[k], ps[k + 1]
    while b - a > width:
        m = (a + b) / 2
        (pm,) = p(np.array([m]))
        if abs(pm - pa) >= abs(pb - pm):
            b, pb = m, pm
        else:
            a, pa = m, pm
    return float(abs(pb - pa))


def test_a_tiny_change_of_any_feature_moves_no_probability_by_more_than_a_hundredth(scorer, feature_rows):
    """Every evidence and statistics feature, and a sample of the embedding's, of a sample of
    real sentences: along the feature's observed range, no step of 1e-5 changes the
    probability by more than 0.01."""
    from detector.features import feature_names

    rng = np.random.default_rng(11)
    n_evidence = len(feature_names(0))
    features = list(range(n_evidence)) + sorted(rng.choice(np.arange(n_evidence, feature_rows.shape[1]), 12,
                                                           replace=False).tolist())
    rows = rng.choice(len(feature_rows), 3, replace=False)
    est = scorer.model.estimator
    worst = (0.0, None, None)
    for j in features:
        lo, hi = float(feature_rows[:, j].min()), float(feature_rows[:, j].max())
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        for i in rows:
            jump = _largest_jump(est, feature_rows[i : i + 1].copy(), j, lo, hi)
            worst = max(worst, (jump, int(i), j), key=lambda w: w[0])
    assert worst[0] <= 0.01, f"row {worst[1]}, feature {worst[2]}: a 1e-5 step moves p by {worst[0]:.3f}"


def test_every_feature_nudged_at_once_moves_probabilities_little(scorer, feature_rows):
    rng = np.random.default_rng(7)
    noise = rng.choice([-1e-5, 1e-5], size=feature_rows.shape)
    p = positive_proba(scorer.model.estimator, feature_rows)
    q = positive_proba(scorer.model.estimator, feature_rows + noise)
    assert float(np.abs(p - q).max()) <= 0.01


def _key(r: ArticleResult) -> tuple:
    return (r.label, [(f.type, f.start, f.end) for f in r.findings])


def test_an_article_scores_the_same_alone_in_a_batch_and_in_any_order(scorer):
    articles = corpus_articles(40)
    batch = {r.article.id: r for r in scorer.score_stream(articles)}
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    again = {r.article.id: r for r in scorer.score_stream(shuffled)}
    for a in articles[::4]:
        (alone,) = scorer.score_stream([a])
        for other in (batch[a.id], again[a.id]):
            assert _key(other) == _key(alone), a.id
            assert other.score == pytest.approx(alone.score, abs=1e-4), a.id
            assert np.allclose(other.sentence_scores, alone.sentence_scores, atol=1e-4), a.id
    for a in articles:
        assert _key(batch[a.id]) == _key(again[a.id]), a.id
        assert batch[a.id].score == pytest.approx(again[a.id].score, abs=1e-4), a.id


def test_distinct_articles_get_distinct_scores(scorer):
    results = list(scorer.score_stream(corpus_articles(60)))
    scores = [round(r.score, 4) for r in results]
    assert len(set(scores)) >= 0.9 * len(scores)


class _PickyEncoder:
    """The shipped encoder, except that it fails on any batch holding a marked sentence."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.key = getattr(inner, "key", None)

    def encode(self, texts):
        if any("QX-UNENCODABLE" in t for t in texts):
            raise RuntimeError("the encoder cannot take this text")
        return self.inner.encode(texts)


def test_an_article_the_encoder_cannot_take_costs_only_itself(scorer):
    picky = Scorer(scorer.model, embedder=_PickyEncoder(scorer.embedder))
    articles = corpus_articles(5)
    bad = Article(id="bad", text="The council met on Monday. QX-UNENCODABLE is the code it used.", source="x")
    out = list(picky.score_stream([*articles[:2], bad, *articles[2:]]))
    assert [getattr(r, "id", None) or r.article.id for r in out] == [a.id for a in articles[:2]] + ["bad"] + [
        a.id for a in articles[2:]]
    assert out[2].code == "E099" and "encoder cannot take" in out[2].message
    assert all(isinstance(r, ArticleResult) for i, r in enumerate(out) if i != 2)


def test_each_sentences_closest_neighbour_is_found_without_the_matrix_of_all_cosines(monkeypatch):
    # the features' closest-neighbour cosine built the n x n matrix: 400 MB at 10,000
    # sentences, the most an article may have; in blocks of rows it is the same value
    import tracemalloc

    import detector.embed as embed
    from detector.data import Sentence
    from detector.features import STAT_FEATURES, sentence_features

    rng = np.random.default_rng(1)
    emb = rng.standard_normal((10_000, 256)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    emb[7_000] = emb[3]  # a sentence repeated far below its first place
    sentences = [Sentence(index=i, start=0, end=2, text="It", paragraph=0) for i in range(10_000)]
    tracemalloc.start()
    try:
        X = sentence_features(sentences, [], emb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100e6, f"{peak / 1e6:.0f} MB"
    col = X.shape[1] - emb.shape[1] - len(STAT_FEATURES) + STAT_FEATURES.index("max_neighbour_cosine")
    assert X[3, col] == pytest.approx(1.0) and X[7_000, col] == pytest.approx(1.0)
    # a page of the usual size reads the one matrix, whose rows the blocks reproduce
    small = emb[:300]
    whole = sentence_features(sentences[:300], [], small)[:, col]
    monkeypatch.setattr(embed, "FULL_COSINE_ROWS", 0)
    monkeypatch.setattr(embed, "COSINE_BLOCK_ROWS", 32)
    blocked = sentence_features(sentences[:300], [], small)[:, col]
    assert np.allclose(blocked, whole, rtol=0, atol=1e-6) and (blocked != 0).all()
