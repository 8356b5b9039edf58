"""Sentence embeddings cached by content hash, so retraining re-encodes only new sentences."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from detector.fileio import atomic_write


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()[:12]


class EmbeddingCache:
    """A key -> vector store in one .npz file per embedding model.

    Args:
        path: the cache file; None disables caching.
    """

    def __init__(self, path: str | os.PathLike | None, embedder):
        self.path = Path(path) if path else None
        self.embedder = embedder
        self._vecs: dict[bytes, np.ndarray] = {}
        self.hits = self.misses = 0
        #: called as progress(done, total) while new sentences are encoded (the slow part of training)
        self.progress = None
        if self.path and self.path.is_file():
            try:  # numpy arrays only (allow_pickle stays False): a cache file cannot run code
                with np.load(self.path, allow_pickle=False) as data:
                    keys, vecs = data["keys"], data["vecs"]
                    if vecs.ndim == 2 and vecs.shape[1] == embedder.dim and keys.shape[0] == vecs.shape[0]:
                        self._vecs = {bytes(k): v for k, v in zip(keys, vecs, strict=True)}
            except Exception as exc:  # a damaged cache is only a slower run: start afresh
                import warnings

                warnings.warn(f"the embedding cache {self.path} cannot be read ({type(exc).__name__}); "
                              "it will be rebuilt", stacklevel=2)
                self._vecs = {}

    #: sentences encoded between two progress reports
    CHUNK = 256

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vecs}.items())
        self.misses += len(missing)
        self.hits += len(texts) - len(missing)
        if missing:
            step = self.CHUNK if self.progress else len(missing)
            for i in range(0, len(missing), step):
                part = missing[i : i + step]
                vecs = self.embedder.encode([t for _, t in part])
                for (k, _), v in zip(part, vecs, strict=True):
                    self._vecs[k] = v
                if self.progress:
                    self.progress(i + len(part), len(missing))
            self._save()
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.vstack([self._vecs[k] for k in keys]).astype(np.float32)

    def _save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array([np.frombuffer(k, dtype=np.uint8) for k in self._vecs])
        vecs = np.vstack(list(self._vecs.values()))
        with atomic_write(self.path, "wb") as fh:
            np.savez(fh, keys=keys, vecs=vecs)
