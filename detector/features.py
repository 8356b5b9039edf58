"""Per-sentence features for the classifier: detector evidence, sentence statistics, embeddings.

The feature list is recorded in every saved model; a model refuses to score with a
different list (see model_store).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .data import FINDING_TYPES, Finding, Sentence
from .embed import cosine_blocks

_WORD = re.compile(r"[^\W\d_][\w'’-]*")

STAT_FEATURES: tuple[str, ...] = (
    "any_finding",
    "n_findings",
    "log_words",
    "standalone",
    "first_sentence",
    "position",
    "mean_zipf",
    "rare_word_share",
    "capitalised_share",
    "max_neighbour_cosine",
    "centroid_cosine",
)


def feature_names(embedding_dim: int) -> list[str]:
    return (
        [f"finding:{t}" for t in FINDING_TYPES]
        + list(STAT_FEATURES)
        + [f"emb:{i}" for i in range(embedding_dim)]
    )


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def sentence_features(
    sentences: list[Sentence], findings: list[Finding], embeddings: np.ndarray
) -> np.ndarray:
    """(n_sentences, n_features) float32 matrix for one article."""
    n = len(sentences)
    dim = embeddings.shape[1] if embeddings.ndim == 2 else 0
    n_types = len(FINDING_TYPES)
    type_index = {t: k for k, t in enumerate(FINDING_TYPES)}
    X = np.zeros((n, n_types + len(STAT_FEATURES) + dim), dtype=np.float32)
    if n == 0:
        return X
    for f in findings:
        k = type_index.get(f.type)
        if k is not None and 0 <= f.sentence < n:
            X[f.sentence, k] = max(X[f.sentence, k], f.confidence)
            X[f.sentence, n_types + 1] += 1.0
    X[:, n_types] = X[:, :n_types].max(axis=1)

    if dim and n > 1:
        max_nb = np.empty(n, dtype=np.result_type(embeddings.dtype, np.float32))
        for first, sim in cosine_blocks(embeddings):  # rows of the n x n cosines, bounded memory
            rows = np.arange(len(sim))
            sim[rows, first + rows] = -1.0
            max_nb[first:first + len(sim)] = sim.max(axis=1)
        centroid = embeddings.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        cent = embeddings @ centroid
    else:
        max_nb = np.zeros(n, dtype=np.float32)
        cent = np.ones(n, dtype=np.float32)

    base = n_types + 2
    for i, s in enumerate(sentences):
        words = _WORD.findall(s.text)
        nw = len(words)
        zipfs = [_zipf(w.lower()) for w in words[:200]]
        X[i, base + 0] = np.log1p(nw)
        X[i, base + 1] = float(s.standalone)
        X[i, base + 2] = float(i == 0)
        X[i, base + 3] = i / max(1, n - 1)
        X[i, base + 4] = float(np.mean(zipfs)) if zipfs else 0.0
        X[i, base + 5] = float(np.mean([z < 2.0 for z in zipfs])) if zipfs else 0.0
        X[i, base + 6] = sum(w[0].isupper() for w in words[1:]) / max(1, nw - 1)
        X[i, base + 7] = max_nb[i]
        X[i, base + 8] = cent[i]
    if dim:
        X[:, base + len(STAT_FEATURES) - 2 :] = embeddings
    return X
